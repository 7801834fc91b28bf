/** The part of a paged list (an infinite query) the footer needs: is there more, is it coming, get it. */
export interface OlderPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The foot of a list read a page at a time (Debriefs, QA, History, Escalations): how many are shown
 * and whether that is all, with "Show older" while there are more. `noun` is one item's name
 * ("card"); it takes an "s" for more than one. `atLimit`: the list stops here though older ones may
 * exist (the Escalations queue lists at most 500), so it does not claim that is all.
 *
 * @example
 * <ShowOlder shown={cards.length} noun="card" pages={list} />
 * // "100 cards shown  [Show older]", then "140 cards: that is all"
 */
export function ShowOlder({
  shown,
  noun,
  pages,
  atLimit = false,
}: {
  shown: number;
  noun: string;
  pages: OlderPages;
  atLimit?: boolean;
}) {
  return (
    <div className="row" style={{ padding: "10px 14px" }}>
      <span className="muted small grow">
        {shown} {noun}
        {shown === 1 ? "" : "s"}
        {pages.hasNextPage ? " shown" : atLimit ? " shown; older ones are not listed here" : ": that is all"}
      </span>
      {pages.hasNextPage ? (
        <button
          type="button"
          className="btn small"
          disabled={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          {pages.isFetchingNextPage ? `Loading older ${noun}s…` : "Show older"}
        </button>
      ) : null}
    </div>
  );
}
