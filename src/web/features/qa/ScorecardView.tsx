import { useEffect, useState } from "react";
import type { QaItemName, ReviewScorecardBody, Scorecard } from "../../../protocol/index.ts";
import { humanize } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

const SCORES = [0, 1, 2, 3, 4] as const;

/**
 * An evidence chip's words. Quotes are redacted, so the customer's name (the evidence for "used the
 * customer's name") came out as a bare “[PERSON]”: a quote that is only redacted details says what
 * it was instead.
 */
export function evidenceLabel(e: { quote: string; cueKind: string }): string {
  if (!/^(\[[A-Z]+\][\s,]*)+$/.test(e.quote)) return `“${e.quote}”`;
  if (e.cueKind === "customer_name") return "used the customer’s name";
  return "(personal details, redacted)";
}

/**
 * Each item's score as the review form starts it: null ("n/a") for an item tagteam found nothing to
 * score and no lead scored, which does not count in the overall. It showed the engine's placeholder
 * score there (a 3 beside "n/a"), as if the item had been scored.
 */
const scoresOf = (card: Scorecard) =>
  Object.fromEntries(
    card.items.map((i) => [i.item, i.applicable || i.override !== null ? i.score : null]),
  ) as Record<QaItemName, number | null>;

/** " (12 messages)", when the scorecard says how many messages it scored. */
const messages = (card: Scorecard) =>
  card.scoredMessages === null
    ? ""
    : ` (${card.scoredMessages} message${card.scoredMessages === 1 ? "" : "s"})`;

const HOW: Record<NonNullable<NonNullable<Scorecard["scope"]>["handover"]>["kind"], string> = {
  takeover: "took over",
  transfer: "took the warm transfer",
  wrote: "wrote to the customer",
};

const lines = (n: number) => `${n} line${n === 1 ? "" : "s"}`;

/**
 * Whose lines the scores cover, when a teammate handled part of the conversation: said plainly, so a
 * lead does not read a helper's words as the agent's. Nothing when the agent handled it all.
 */
function ScopeNote({ card }: { card: Scorecard }) {
  const handover = card.scope?.handover ?? null;
  if (card.scope === null || handover === null) return null;
  const agent = card.agentName ?? "the agent";
  const teammate = handover.personName ?? "A teammate";
  const when = new Date(handover.at).toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
  if (card.role === "helper") {
    const helper = card.agentName ?? "The teammate";
    return (
      <div className="notice" role="note" aria-label="Whose lines are scored">
        The conversation left its agent at line {handover.index + 1} ({when}). This scorecard scores {helper}
        ’s part as a helper: {helper}’s {lines(card.scope.agentLines)} and the customer’s{" "}
        {lines(card.scope.customerLines)} while {helper} was handling it. The other{" "}
        {lines(card.scope.excludedLines)} are on the agent’s scorecard.
      </div>
    );
  }
  return (
    <div className="notice" role="note" aria-label="Whose lines are scored">
      {teammate} {HOW[handover.kind]} from line {handover.index + 1} of the conversation ({when}). This
      scorecard scores {agent}’s part only: {agent}’s {lines(card.scope.agentLines)} and the customer’s{" "}
      {lines(card.scope.customerLines)} while {agent} was handling it. The other{" "}
      {lines(card.scope.excludedLines)} ({teammate === "A teammate" ? "the teammate" : teammate}’s, and the
      customer’s to them) are not scored here.
    </div>
  );
}

/** One conversation's QA scorecard: each item's score and evidence; a lead's review form. */
export function ScorecardView({
  card,
  canReview,
  onReview,
  busy,
}: {
  card: Scorecard;
  canReview: boolean;
  onReview: (body: ReviewScorecardBody) => void;
  busy: boolean;
}) {
  const [scores, setScores] = useState(() => scoresOf(card));
  const [note, setNote] = useState(card.reviewNote ?? "");
  // Items whose every piece of evidence is shown (three each until asked for more).
  const [allEvidence, setAllEvidence] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    setScores(scoresOf(card));
    setNote(card.reviewNote ?? "");
  }, [card]);
  return (
    <form
      className="stack"
      aria-label="Scorecard"
      onSubmit={(e) => {
        e.preventDefault();
        const items: ReviewScorecardBody["items"] = {};
        for (const i of card.items) {
          const score = scores[i.item];
          // A number picked for an n/a item scores it (it then counts in the overall).
          if (score !== null && (score !== i.auto || !i.applicable)) items[i.item] = score;
        }
        onReview({ items, ...(note.trim() ? { note: note.trim() } : {}) });
      }}
    >
      <div className="row">
        <strong className="grow">
          {card.agentName ?? "Agent"} · overall{" "}
          {card.overall === null ? "—" : `${card.overall.toFixed(2)} / 4`}
          {card.topic ? (
            <span className="small muted" style={{ fontWeight: "normal" }}>
              {" "}
              · {card.topic}
            </span>
          ) : null}
        </strong>
        {card.rescoredAfterReview ? (
          <Badge tone="warn" title="The customer wrote again after the review">
            Re-scored after review
          </Badge>
        ) : null}
        {card.reviewed ? <Badge tone="ok">Reviewed</Badge> : <Badge tone="info">Auto-scored</Badge>}
      </div>
      <ScopeNote card={card} />
      {card.rescoredAfterReview ? (
        <div className="notice" role="note">
          The customer wrote again after the review, and tagteam re-scored the whole conversation
          {messages(card)}. The lead’s scores and note are kept; the other scores are new.
          {canReview ? " Save the review again once you have looked." : ""}
        </div>
      ) : card.rescoredAt !== null ? (
        <p className="small muted">
          Re-scored after the customer wrote again, over the whole conversation{messages(card)}.
        </p>
      ) : null}
      <TableScroll label="Scorecard items">
        <table className="table" aria-label="Scorecard items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">tagteam</th>
              <th scope="col">Score</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {card.items.map((i) => (
              <tr key={i.item}>
                <th scope="row">{humanize(i.item)}</th>
                <td className="mono">{i.applicable ? i.auto : "n/a"}</td>
                <td>
                  {canReview ? (
                    <select
                      className="select"
                      aria-label={`${humanize(i.item)} score`}
                      value={scores[i.item] ?? ""}
                      onChange={(e) =>
                        setScores({
                          ...scores,
                          [i.item]: e.target.value === "" ? null : Number(e.target.value),
                        })
                      }
                    >
                      {scores[i.item] === null || (!i.applicable && i.override === null) ? (
                        <option value="">n/a</option>
                      ) : null}
                      {SCORES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="mono">{i.applicable || i.override !== null ? i.score : "n/a"}</span>
                  )}
                  {i.override !== null ? (
                    <Badge tone="accent" title="Changed by a lead">
                      lead
                    </Badge>
                  ) : null}
                </td>
                {/* Room for its words: on a phone the evidence was squeezed to a letter a line, each
                    row a screen tall (the table scrolls sideways in its panel instead). */}
                <td style={{ minWidth: 200 }}>
                  <div className="small">{i.note}</div>
                  <EvidenceChips
                    item={i.item}
                    evidence={i.evidence}
                    all={allEvidence.has(i.item)}
                    onAll={(all) =>
                      setAllEvidence((shown) => {
                        const next = new Set(shown);
                        if (all) next.add(i.item);
                        else next.delete(i.item);
                        return next;
                      })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {canReview ? (
        <>
          <label className="field">
            <span>Review note</span>
            <input className="input" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div>
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? "Saving…" : "Save review"}
            </button>
          </div>
        </>
      ) : card.reviewNote ? (
        <p className="small">Lead’s note: {card.reviewNote}</p>
      ) : null}
    </form>
  );
}

/** How many quotes an item shows before "N more". */
const EVIDENCE_SHOWN = 3;

/**
 * An item's evidence as quotes, the same words once; past the first three, a button shows the
 * rest (they were cut off without a word, so a lead could not see every line behind a score).
 */
function EvidenceChips({
  item,
  evidence,
  all,
  onAll,
}: {
  item: string;
  evidence: Scorecard["items"][number]["evidence"];
  all: boolean;
  onAll: (all: boolean) => void;
}) {
  // The same words twice (a claim that is both wrong and a commitment) show once.
  const distinct = evidence.filter(
    (e, k, list) =>
      e.quote !== "" && list.findIndex((o) => o.quote === e.quote && o.polarity === e.polarity) === k,
  );
  const hidden = distinct.length - EVIDENCE_SHOWN;
  const shown = all || hidden <= 0 ? distinct : distinct.slice(0, EVIDENCE_SHOWN);
  return (
    <div className="cues">
      {shown.map((e, k) => (
        <Badge key={k} tone={e.polarity === "good" ? "ok" : "bad"} title={humanize(e.cueKind)}>
          {evidenceLabel(e)}
        </Badge>
      ))}
      {hidden > 0 ? (
        <button
          type="button"
          className="btn ghost small"
          aria-expanded={all}
          aria-label={
            all ? `Show fewer ${humanize(item)} quotes` : `Show ${hidden} more ${humanize(item)} quotes`
          }
          onClick={() => onAll(!all)}
        >
          {all ? "fewer" : `${hidden} more`}
        </button>
      ) : null}
    </div>
  );
}
