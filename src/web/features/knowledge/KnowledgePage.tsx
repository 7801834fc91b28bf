import { useState } from "react";
import { Link } from "wouter";
import type { KNOWLEDGE_GAP_REASONS, Me, ReviewInsightBody } from "../../../protocol/index.ts";
import { loadFailed, useAction } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { useDebounced } from "../feedback/api.ts";
import {
  knowledgeApi,
  knowledgeKeys,
  useAnsweredGaps,
  useGaps,
  useInsights,
  useKnowledgeSearch,
} from "./api.ts";
import { askedInFull } from "./gaps.ts";
import { InsightReview } from "./InsightReview.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

/**
 * Why a question is listed, as a lead would say it: the engine's words ("Hedged", "Deferred without
 * follow up") were its own.
 */
const GAP_REASON_TEXT: Record<(typeof KNOWLEDGE_GAP_REASONS)[number], string> = {
  hedged: "The agent sounded unsure (“I think…”, “maybe”)",
  vague: "The answer was vague",
  deferred_without_follow_up: "Put off with no promise to come back",
  unanswered: "Never answered",
  asked_again: "The customer had to ask again",
};

/** Search the knowledge base; review captured insights (leads); questions agents could not answer (KB owners). */
export function KnowledgePage({ me }: { me: Me }) {
  const lead = me.role !== "agent";
  const [q, setQ] = useState("");
  const settled = useDebounced(q.trim(), 300);
  const search = useKnowledgeSearch(settled);
  const insights = useInsights();
  const gaps = useGaps(lead);
  const answered = useAnsweredGaps(lead);
  const openRows = (gaps.data?.pages ?? []).flatMap((p) => p.questions);
  const openTotal = gaps.data?.pages.at(-1)?.total ?? openRows.length;
  const answeredRows = (answered.data?.pages ?? []).flatMap((p) => p.questions);
  const answeredTotal = answered.data?.pages.at(-1)?.total ?? answeredRows.length;
  const [error, setError] = useState<string | null>(null);
  const review = useAction(
    (id: string, body: ReviewInsightBody) => knowledgeApi.review(id, body),
    // A published fact resolves the gaps it answers.
    [knowledgeKeys.insights, knowledgeKeys.search, knowledgeKeys.gaps],
  );
  // A question asked many times is one row: resolving it resolves every asking, in one request.
  const resolve = useAction((id: string) => knowledgeApi.resolveGapQuestion(id), [knowledgeKeys.gaps]);
  const drafts = (insights.data ?? []).filter((i) => i.status === "draft");
  const published = (insights.data ?? []).filter((i) => i.status === "published");
  return (
    <>
      <PageHeader title="Knowledge" sub="What the team has learned, reviewed by a lead before it counts." />
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <Panel title="Search the knowledge base">
        <input
          className="input"
          style={{ width: "100%" }}
          type="search"
          aria-label="Search the knowledge base"
          placeholder="restocking fee, refund days, warranty…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {settled === "" ? null : loadFailed(search) ? (
          <ErrorNotice error={search.error} />
        ) : (search.data ?? []).length === 0 && !search.isFetching ? (
          <EmptyState>Nothing matches “{settled}”.</EmptyState>
        ) : (
          <ul className="timeline" aria-label="Search results">
            {(search.data ?? []).map((h) => (
              <li key={`${h.kind}-${h.id}`}>
                <Badge tone={h.kind === "fact" ? "info" : "accent"}>{h.kind}</Badge>
                <span className="grow">{h.text}</span>
                {h.topic ? <span className="muted small">{h.topic}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <div className="two-col">
        <Panel
          title={`${lead ? "Drafts to review" : "My drafts"}${insights.isPending ? "" : ` (${drafts.length})`}`}
        >
          {loadFailed(insights) ? (
            <ErrorNotice error={insights.error} />
          ) : insights.isPending ? (
            <div className="empty">Loading…</div>
          ) : drafts.length === 0 ? (
            <EmptyState>
              {/* Insights are captured from a closed conversation's scorecard: the conversation page
                  itself has no such button, so "from a conversation" sent people looking there. */}
              No drafts. Capture one from a closed conversation’s scorecard:{" "}
              <Link href="/qa">Scorecards</Link>, then “Capture an insight” (“customers were confused by X; Y
              worked”).
            </EmptyState>
          ) : (
            <div className="stack">
              {drafts.map((i) => (
                <InsightReview
                  key={i.id}
                  insight={i}
                  canReview={lead}
                  busy={review.isPending}
                  onReview={(body) => {
                    setError(null);
                    review.mutateAsync([i.id, body]).catch((e: unknown) => setError(describeError(e)));
                  }}
                />
              ))}
            </div>
          )}
        </Panel>
        <Panel title={`Published insights${insights.isPending ? "" : ` (${published.length})`}`}>
          {insights.isPending ? (
            <div className="empty">Loading…</div>
          ) : published.length === 0 ? (
            <EmptyState>Nothing published yet.</EmptyState>
          ) : (
            <div className="stack">
              {published.map((i) => (
                <InsightReview
                  key={i.id}
                  insight={i}
                  canReview={false}
                  busy={false}
                  onReview={() => undefined}
                />
              ))}
            </div>
          )}
        </Panel>
      </div>
      {lead ? (
        <Panel title="Knowledge gaps: questions agents could not answer" flush>
          {loadFailed(gaps) ? (
            <ErrorNotice error={gaps.error} />
          ) : gaps.isPending ? (
            <div className="empty">Loading…</div>
          ) : openRows.length === 0 ? (
            <EmptyState>
              No open gaps. A customer’s question an agent hedged on, put off or left unanswered is listed
              here when its conversation closes, until a published fact answers it or you mark it resolved.
            </EmptyState>
          ) : (
            <TableScroll label="Knowledge gaps">
              <table className="table" aria-label="Knowledge gaps">
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Why it is here</th>
                    <th scope="col">Asked</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {openRows.map((g) => {
                    const asked = askedInFull(g.question, g.title);
                    return (
                      <tr key={g.id}>
                        <td>
                          <Link href={`/conversations/${g.conversationId}`}>{g.title}</Link>
                          {asked !== null ? <div className="muted small">Asked: “{asked}”</div> : null}
                        </td>
                        <td>{GAP_REASON_TEXT[g.reason]}</td>
                        <td>{g.asked === 1 ? "once" : `${g.asked.toLocaleString("en-US")} times`}</td>
                        <td>
                          <button
                            type="button"
                            className="btn small"
                            disabled={resolve.isPending}
                            // "Resolved" read as the question's state, not a button to press.
                            aria-label={`Mark resolved: ${g.title}`}
                            onClick={() =>
                              resolve.mutateAsync([g.id]).catch((e: unknown) => setError(describeError(e)))
                            }
                          >
                            Mark resolved
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
          {openRows.length > 0 ? (
            <MoreRows
              shown={openRows.length}
              total={openTotal}
              noun={["question", "questions"]}
              page={PAGE_OPEN}
              hasMore={gaps.hasNextPage}
              loading={gaps.isFetchingNextPage}
              failed={gaps.isFetchNextPageError}
              onMore={() => void gaps.fetchNextPage()}
            />
          ) : null}
        </Panel>
      ) : null}
      {lead && answeredRows.length > 0 ? (
        <Panel title="Answered gaps: questions a published fact now answers">
          <ul className="timeline" aria-label="Answered gaps">
            {answeredRows.map((g) => (
              <li key={`${g.teamId}-${g.factId}`}>
                <span className="grow">
                  <Link href={`/conversations/${g.conversationId}`}>{g.title}</Link>
                  <div className="muted small">
                    Answered by the fact{" "}
                    {me.role === "admin" ? (
                      // Where facts are kept and corrected.
                      <Link href="/admin/knowledge">“{g.statement}”</Link>
                    ) : (
                      <q>{g.statement}</q>
                    )}
                  </div>
                  {g.wordingCount > 1 ? (
                    // Each way customers put it, to open one of its conversations.
                    <details className="small">
                      <summary>Asked in {g.wordingCount.toLocaleString("en-US")} wordings</summary>
                      {g.wordings.map((w) => (
                        <div key={w.questionKey ?? w.conversationId}>
                          <Link href={`/conversations/${w.conversationId}`}>{w.title}</Link>{" "}
                          <span className="muted">· {askedTimes(w.asked)}</span>
                        </div>
                      ))}
                      {g.wordingCount > g.wordings.length ? (
                        <div className="muted">
                          and {(g.wordingCount - g.wordings.length).toLocaleString("en-US")} more, asked less
                          often
                        </div>
                      ) : null}
                    </details>
                  ) : null}
                </span>
                <span className="muted small">{askedTimes(g.asked)}</span>
              </li>
            ))}
          </ul>
          <MoreRows
            shown={answeredRows.length}
            total={answeredTotal}
            noun={["answered question", "answered questions"]}
            page={PAGE_ANSWERED}
            hasMore={answered.hasNextPage}
            loading={answered.isFetchingNextPage}
            failed={answered.isFetchNextPageError}
            onMore={() => void answered.fetchNextPage()}
          />
        </Panel>
      ) : null}
    </>
  );
}

/** Rows the server sends per page (its defaults). */
const PAGE_OPEN = 200;
const PAGE_ANSWERED = 20;

const count = (n: number) => n.toLocaleString("en-US");
const askedTimes = (n: number) => (n === 1 ? "asked once" : `asked ${count(n)} times`);

/**
 * Under a paged list: how many rows it shows of how many, and a button for the next page while
 * there are more ("Showing 200 of 1,234 questions." "Show 200 more").
 */
function MoreRows(props: {
  shown: number;
  total: number;
  noun: [one: string, many: string];
  page: number;
  hasMore: boolean;
  loading: boolean;
  failed: boolean;
  onMore: () => void;
}) {
  const { shown, noun, page, hasMore, loading, failed, onMore } = props;
  // The rows may have changed since the first page: never say fewer than are on screen.
  const total = Math.max(props.total, shown);
  const left = total - shown;
  const name = (n: number) => (n === 1 ? noun[0] : noun[1]);
  return (
    <div className="row" style={{ padding: "10px 14px" }}>
      <span className="muted small grow" role="status">
        {hasMore
          ? `Showing ${count(shown)} of ${count(total)} ${name(total)}: ${count(left)} more.`
          : shown === 1
            ? `1 ${noun[0]}.`
            : `All ${count(shown)} ${noun[1]}.`}
        {failed ? " The next ones didn’t load; try again." : ""}
      </span>
      {hasMore ? (
        <button type="button" className="btn small" disabled={loading} onClick={onMore}>
          {loading
            ? "Loading…"
            : left > 0 && left <= page
              ? `Show the last ${count(left)}`
              : `Show ${count(page)} more`}
        </button>
      ) : null}
    </div>
  );
}
