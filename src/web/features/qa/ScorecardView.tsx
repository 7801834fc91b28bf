import { useEffect, useRef, useState, type RefObject } from "react";
import {
  DISPUTE_NOTE_MAX,
  DISPUTE_REASON_MAX,
  type DisputeScorecardBody,
  type QaItemName,
  type ResolveDisputeBody,
  type ReviewScorecardBody,
  type Scorecard,
  type ScorecardDispute,
} from "../../../protocol/index.ts";
import { formatWhen, humanize } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

const SCORES = [0, 1, 2, 3, 4] as const;

/**
 * When a card's conversation happened, for a list of cards: its close ("closed 3 Dec, 10:04"). When
 * tagteam scored it is no guide (imported transcripts and a history scored at once all read the
 * same minute), so it is the fallback only, said as such.
 */
export function cardWhen(
  card: Pick<Scorecard, "closedAt" | "createdAt">,
  nowMs: number = Date.now(),
): string {
  return card.closedAt !== undefined && card.closedAt !== null
    ? `closed ${formatWhen(card.closedAt, nowMs)}`
    : `scored ${formatWhen(card.createdAt, nowMs)}`;
}

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

/**
 * Disputes on a card: the person it scores contests a score (`canDispute`), a lead of the team
 * resolves it (`canResolve`). Each callback resolves true once saved (the box then closes).
 */
export interface DisputeActions {
  canDispute: boolean;
  canResolve: boolean;
  busy: boolean;
  /** Why the last dispute or resolution was refused, shown by the disputes. */
  error: string | null;
  onDispute: (body: DisputeScorecardBody) => Promise<boolean>;
  onResolve: (disputeId: string, body: ResolveDisputeBody) => Promise<boolean>;
}

/** One conversation's QA scorecard: each item's score and evidence; a lead's review form; its disputes. */
export function ScorecardView({
  card,
  canReview,
  onReview,
  busy,
  disputes,
  focusDispute,
}: {
  card: Scorecard;
  canReview: boolean;
  onReview: (body: ReviewScorecardBody) => void;
  busy: boolean;
  disputes?: DisputeActions;
  /**
   * The dispute the reader came for (the lead's queue, a toast): its item's row is marked and
   * brought into view, and the focus is put on the dispute, its resolve form next.
   */
  focusDispute?: string | undefined;
}) {
  const focused = (card.disputes ?? []).find((d) => d.id === focusDispute);
  const focusedRow = useRef<HTMLTableRowElement>(null);
  const focusedEntry = useRef<HTMLLIElement>(null);
  const found = focused !== undefined;
  useEffect(() => {
    if (focusDispute === undefined) return;
    const row = focusedRow.current;
    const entry = focusedEntry.current;
    // The item's row, with its score and evidence, is what the lead reads first; a dispute of the
    // whole card has no row: its entry is brought into view.
    (row ?? entry)?.scrollIntoView?.({ block: "center" });
    entry?.focus({ preventScroll: row !== null });
  }, [focusDispute, found]);
  // Which dispute's reason box is open: an item's, or "card" for the whole card.
  const [disputing, setDisputing] = useState<QaItemName | "card" | null>(null);
  const openDispute = (item: QaItemName | null) =>
    (card.disputes ?? []).find((d) => d.status === "open" && d.item === item);
  const [scores, setScores] = useState(() => scoresOf(card));
  const [note, setNote] = useState(card.reviewNote ?? "");
  // Items whose every piece of evidence is shown (three each until asked for more).
  const [allEvidence, setAllEvidence] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    setScores(scoresOf(card));
    setNote(card.reviewNote ?? "");
  }, [card]);
  return (
    <div className="stack">
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
            {card.overall === null ? "—" : `${card.overall.toFixed(1)} of 4`}
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
                <tr
                  key={i.item}
                  ref={focused?.item === i.item ? focusedRow : undefined}
                  className={focused?.item === i.item ? "focus-target" : undefined}
                  aria-current={focused?.item === i.item ? "true" : undefined}
                >
                  <th scope="row">{qaItemTitle(i.item)}</th>
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
                    {openDispute(i.item) !== undefined ? (
                      <Badge
                        tone="warn"
                        title="The agent disputes this score: a lead has not resolved it yet"
                      >
                        disputed
                      </Badge>
                    ) : disputes?.canDispute === true ? (
                      <div>
                        <button
                          type="button"
                          className="btn ghost small"
                          aria-label={`Dispute the ${humanize(i.item).toLowerCase()} score`}
                          aria-expanded={disputing === i.item}
                          onClick={() => setDisputing(disputing === i.item ? null : i.item)}
                        >
                          Dispute
                        </button>
                      </div>
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
      {disputes !== undefined ? (
        <Disputes
          card={card}
          actions={disputes}
          disputing={disputing}
          onDisputing={setDisputing}
          wholeCardOpen={openDispute(null) !== undefined}
          focused={focused?.id}
          focusedEntry={focusedEntry}
        />
      ) : null}
    </div>
  );
}

/** An item's name as a row's title: "Active listening", as the skill map names it. */
export const qaItemTitle = (item: QaItemName): string => {
  const words = humanize(item);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const itemLabel = (item: QaItemName | null) => (item === null ? "The whole scorecard" : humanize(item));

/** A dispute's outcome in words: "Upheld", "Changed to 3", "Changed: empathy 3, ownership 4". */
function outcome(d: ScorecardDispute): string {
  if (d.status === "open") return "Waiting for a lead";
  if (d.status === "upheld") return "Score upheld";
  const changed = Object.entries(d.changedScores ?? {});
  if (d.item !== null && changed.length === 1) return `Changed to ${String(changed[0]?.[1])}`;
  return `Changed: ${changed.map(([item, score]) => `${humanize(item).toLowerCase()} ${String(score)}`).join(", ")}`;
}

/**
 * The card's disputes: the agent's reason box (an item's, or the whole card's), each dispute with
 * its reason, the lines tagteam quoted for the item and its outcome, and a lead's resolve form.
 */
function Disputes({
  card,
  actions,
  disputing,
  onDisputing,
  wholeCardOpen,
  focused,
  focusedEntry,
}: {
  card: Scorecard;
  actions: DisputeActions;
  disputing: QaItemName | "card" | null;
  onDisputing: (item: QaItemName | "card" | null) => void;
  wholeCardOpen: boolean;
  focused: string | undefined;
  focusedEntry: RefObject<HTMLLIElement | null>;
}) {
  const [reason, setReason] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    setReason("");
    if (disputing !== null) box.current?.focus();
  }, [disputing]);
  const list = card.disputes ?? [];
  if (list.length === 0 && !actions.canDispute) return null;
  const item = disputing === "card" ? null : disputing;
  return (
    <section className="stack" aria-label="Disputes">
      <div className="row" style={{ flexWrap: "wrap", gap: 8 }}>
        <strong className="grow">Disputes</strong>
        {actions.canDispute && !wholeCardOpen ? (
          <button
            type="button"
            className="btn small"
            aria-expanded={disputing === "card"}
            onClick={() => onDisputing(disputing === "card" ? null : "card")}
          >
            Dispute the whole scorecard
          </button>
        ) : null}
      </div>
      {actions.error !== null ? (
        <div className="notice error" role="alert">
          {actions.error}
        </div>
      ) : null}
      {actions.canDispute && disputing !== null ? (
        <form
          className="stack"
          aria-label={
            item === null
              ? "Dispute the whole scorecard"
              : `Dispute the ${humanize(item).toLowerCase()} score`
          }
          onSubmit={(e) => {
            e.preventDefault();
            void actions
              .onDispute({ ...(item !== null ? { item } : {}), reason: reason.trim() })
              .then((ok) => {
                if (ok) onDisputing(null);
              });
          }}
        >
          <label className="field">
            <span>
              {item === null
                ? "Why is the whole scorecard wrong?"
                : `Why is the ${humanize(item).toLowerCase()} score wrong?`}
            </span>
            <textarea
              ref={box}
              className="textarea"
              rows={3}
              maxLength={DISPUTE_REASON_MAX}
              value={reason}
              placeholder="Say what tagteam missed, e.g. the line where you acknowledged how the customer felt."
              aria-describedby="dispute-reason-count"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <div id="dispute-reason-count" className="small muted">
            {reason.length} / {DISPUTE_REASON_MAX} characters. Your lead reads it with the card and answers.
          </div>
          <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
            <button
              type="submit"
              className="btn primary small"
              disabled={actions.busy || reason.trim() === ""}
            >
              Send dispute
            </button>
            <button type="button" className="btn small" onClick={() => onDisputing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {list.length === 0 ? (
        <p className="small muted">
          Think a score is wrong? Dispute it with a reason: a lead of your team looks at it and answers.
        </p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {list.map((d) => (
            <DisputeEntry
              key={d.id}
              card={card}
              dispute={d}
              actions={actions}
              {...(d.id === focused ? { entryRef: focusedEntry } : {})}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function DisputeEntry({
  card,
  dispute: d,
  actions,
  entryRef,
}: {
  card: Scorecard;
  dispute: ScorecardDispute;
  actions: DisputeActions;
  /** Set on the dispute the reader came for. */
  entryRef?: RefObject<HTMLLIElement | null>;
}) {
  const evidence = d.item === null ? [] : (card.items.find((i) => i.item === d.item)?.evidence ?? []);
  // The item's evidence, the same words once, good and bad as on the table.
  const quotes = evidence.filter(
    (e, k, list) =>
      e.quote !== "" && list.findIndex((o) => o.quote === e.quote && o.polarity === e.polarity) === k,
  );
  return (
    <li
      ref={entryRef}
      className={entryRef !== undefined ? "notice focus-target" : "notice"}
      aria-label={`Dispute: ${itemLabel(d.item)}`}
      aria-current={entryRef !== undefined ? "true" : undefined}
      tabIndex={entryRef !== undefined ? -1 : undefined}
    >
      <div className="row" style={{ flexWrap: "wrap", gap: 8 }}>
        <strong className="grow">
          {itemLabel(d.item)}
          <span className="small muted" style={{ fontWeight: "normal" }}>
            {" "}
            · was{" "}
            {d.disputedScore === null
              ? "n/a"
              : d.item === null
                ? d.disputedScore.toFixed(2)
                : d.disputedScore}
          </span>
        </strong>
        <Badge tone={d.status === "open" ? "warn" : d.status === "changed" ? "ok" : "neutral"}>
          {outcome(d)}
        </Badge>
      </div>
      <p className="small" style={{ margin: "6px 0" }}>
        {d.personName ?? "The agent"}: “{d.reason}”
      </p>
      {quotes.length > 0 ? (
        <div className="small muted">
          Lines tagteam quoted for it:{" "}
          <span className="cues">
            {quotes.map((e, k) => (
              <Badge key={k} tone={e.polarity === "good" ? "ok" : "bad"} title={humanize(e.cueKind)}>
                {evidenceLabel(e)}
              </Badge>
            ))}
          </span>
        </div>
      ) : null}
      {d.status !== "open" ? (
        <p className="small" style={{ margin: "6px 0 0" }}>
          {d.resolvedByName ?? "A lead"}: {d.resolutionNote}
        </p>
      ) : actions.canResolve ? (
        <ResolveForm dispute={d} card={card} actions={actions} />
      ) : null}
    </li>
  );
}

/** A lead's answer to a dispute: uphold the score, or change it (an item's, or the card's items), with a note. */
function ResolveForm({
  dispute: d,
  card,
  actions,
}: {
  dispute: ScorecardDispute;
  card: Scorecard;
  actions: DisputeActions;
}) {
  const [decision, setDecision] = useState<"uphold" | "change">("uphold");
  const current = (item: QaItemName) => card.items.find((i) => i.item === item)?.score ?? null;
  const [score, setScore] = useState<number | null>(d.item === null ? null : current(d.item));
  const [items, setItems] = useState<Partial<Record<QaItemName, number>>>({});
  const [note, setNote] = useState("");
  const label = d.item === null ? "the whole scorecard" : humanize(d.item).toLowerCase();
  return (
    <form
      className="stack"
      aria-label={`Resolve the dispute of ${label}`}
      style={{ marginTop: 8 }}
      onSubmit={(e) => {
        e.preventDefault();
        const body: ResolveDisputeBody =
          decision === "uphold"
            ? { decision, note: note.trim() }
            : d.item !== null
              ? { decision, score: score ?? 0, note: note.trim() }
              : { decision, items, note: note.trim() };
        void actions.onResolve(d.id, body).then((ok) => {
          if (ok) setNote("");
        });
      }}
    >
      <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
        <label className="field">
          <span>Decision</span>
          <select
            className="select"
            value={decision}
            onChange={(e) => setDecision(e.target.value === "change" ? "change" : "uphold")}
          >
            <option value="uphold">Uphold the score</option>
            <option value="change">Change the score</option>
          </select>
        </label>
        {decision === "change" && d.item !== null ? (
          <label className="field">
            <span>New {humanize(d.item).toLowerCase()} score</span>
            <select className="select" value={score ?? ""} onChange={(e) => setScore(Number(e.target.value))}>
              {score === null ? <option value="">—</option> : null}
              {SCORES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {decision === "change" && d.item === null ? (
        <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
          {card.items.map((i) => (
            <label key={i.item} className="field">
              <span>{humanize(i.item)}</span>
              <select
                className="select"
                value={items[i.item] ?? ""}
                onChange={(e) => {
                  const next = { ...items };
                  if (e.target.value === "") delete next[i.item];
                  else next[i.item] = Number(e.target.value);
                  setItems(next);
                }}
              >
                <option value="">keep {i.applicable ? i.score : "n/a"}</option>
                {SCORES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}
      <label className="field">
        <span>Note to {d.personName ?? "the agent"}</span>
        <textarea
          className="textarea"
          rows={2}
          maxLength={DISPUTE_NOTE_MAX}
          value={note}
          placeholder={decision === "uphold" ? "Why the score stands" : "Why it changes"}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <div>
        <button type="submit" className="btn primary small" disabled={actions.busy || note.trim() === ""}>
          Resolve
        </button>
      </div>
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
