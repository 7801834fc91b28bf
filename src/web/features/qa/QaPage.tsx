import { useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { useLayoutEffect, useRef, useState } from "react";
import { Link, useSearch } from "wouter";
import type {
  calibrationResponseSchema,
  DisputeScorecardBody,
  Me,
  ResolveDisputeBody,
  ReviewScorecardBody,
} from "../../../protocol/index.ts";
import { formatWhen, humanize } from "../../lib/format.ts";
import { loadFailed, useAction, usePeople } from "../../lib/queries.ts";
import { useRealtimeEvents } from "../../realtime/RealtimeProvider.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { ShowOlder } from "../../ui/ShowOlder.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { Segmented } from "../../ui/Segmented.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { knowledgeApi, knowledgeKeys } from "../knowledge/api.ts";
import { MakeScenarioButton } from "../practice/MakeScenarioButton.tsx";
import {
  cardHref,
  disputeHref,
  qaApi,
  qaKeys,
  useCalibration,
  useOpenDisputes,
  useScorecard,
  useScorecards,
  type CardRef,
  type ScorecardFilter,
} from "./api.ts";
import { ScorecardView, cardWhen, qaItemTitle } from "./ScorecardView.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

type ReviewState = "all" | "to_review" | "reviewed";

/** A part of tagteam's draft left for the writer: "[What worked? Add it before publishing.]". */
const BRACKETED = /\[[^\]]*\]/;
const REVIEW_STATES: readonly { value: ReviewState; label: string }[] = [
  { value: "all", label: "All" },
  { value: "to_review", label: "To review" },
  { value: "reviewed", label: "Reviewed" },
];

/** QA scorecards on every closed conversation; a lead reviews them; calibration shows where lead and engine disagree. */
export function QaPage({ me, conversationId }: { me: Me; conversationId?: string | undefined }) {
  const client = useQueryClient();
  // A helper's card (their part of the conversation) is addressed with ?person=<helper>.
  const search = new URLSearchParams(useSearch());
  const helperId = search.get("person") ?? undefined;
  // The dispute a lead opened from the queue or a toast: the card opens at its item.
  const focusDispute = search.get("dispute") ?? undefined;
  const lead = me.role !== "agent";
  const [reviewState, setReviewState] = useState<ReviewState>("all");
  const [agentId, setAgentId] = useState("");
  const filter: ScorecardFilter = {
    ...(agentId !== "" ? { agentId } : {}),
    ...(reviewState !== "all" ? { reviewed: reviewState === "reviewed" } : {}),
  };
  const list = useScorecards(filter);
  const people = usePeople();
  const agents = (people.data ?? [])
    .filter((p) => p.role === "agent")
    .sort((a, b) => a.name.localeCompare(b.name));
  // Created, re-scored (the customer wrote again) or reviewed elsewhere: refetch what is shown.
  useRealtimeEvents((e) => {
    if (e.type.startsWith("scorecard.")) void client.invalidateQueries({ queryKey: qaKeys.all });
  });
  // Without one in the address, the newest card is shown and kept while new ones close (it jumped to
  // each new card as it arrived, under a reader's eyes); a new filter shows its own newest.
  const filterKey = JSON.stringify(filter);
  const newestCard = list.data?.[0];
  const newest: CardRef | undefined =
    newestCard === undefined
      ? undefined
      : {
          conversationId: newestCard.conversationId,
          ...(newestCard.role === "helper" && newestCard.agentId !== null
            ? { helperId: newestCard.agentId }
            : {}),
        };
  const [pinned, setPinned] = useState<{ filterKey: string; ref: CardRef } | null>(null);
  if (newest !== undefined && pinned?.filterKey !== filterKey) setPinned({ filterKey, ref: newest });
  const selected: CardRef | undefined =
    conversationId !== undefined
      ? { conversationId, ...(helperId !== undefined ? { helperId } : {}) }
      : pinned?.filterKey === filterKey
        ? pinned.ref
        : newest;
  const selectedId = selected?.conversationId;
  const card = useScorecard(selected);
  const calibration = useCalibration(lead);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const review = useAction((id: string, body: ReviewScorecardBody) => qaApi.review(id, body), [qaKeys.all]);
  // A lead's queue; an agent's own open disputes (to mark their cards in the list).
  const openDisputes = useOpenDisputes(true);
  const disputedCards = new Set(
    (openDisputes.data?.disputes ?? []).map((d) => `${d.conversationId}:${d.personId}`),
  );
  const [disputeError, setDisputeError] = useState<string | null>(null);
  const dispute = useAction(
    (id: string, body: DisputeScorecardBody) => qaApi.dispute(id, body),
    [qaKeys.all],
  );
  const resolve = useAction((id: string, body: ResolveDisputeBody) => qaApi.resolve(id, body), [qaKeys.all]);
  const settled = (p: Promise<unknown>): Promise<boolean> => {
    setDisputeError(null);
    return p.then(
      () => true,
      (e: unknown) => {
        setDisputeError(describeError(e));
        return false;
      },
    );
  };
  const capture = useAction(
    (id: string, text?: string) => knowledgeApi.capture(id, text),
    [knowledgeKeys.insights],
  );
  // The insight form under the button: the writer's own words, or tagteam's draft put in the box
  // for them to complete (saved as it was, its "[What worked?]" was left for a lead to guess).
  const [capturing, setCapturing] = useState(false);
  const [insightText, setInsightText] = useState("");
  const [drafting, setDrafting] = useState(false);
  const insightBox = useRef<HTMLTextAreaElement>(null);
  // A draft just put in the box whose [bracketed] part is to be selected: done right after the
  // render that puts it there (a frame later, a slow render could still be pending and reset it).
  const [selectDraft, setSelectDraft] = useState<string | null>(null);
  useLayoutEffect(() => {
    const box = insightBox.current;
    if (selectDraft === null || box === null || box.value !== selectDraft) return;
    setSelectDraft(null);
    const gap = BRACKETED.exec(selectDraft);
    box.focus();
    if (gap !== null) box.setSelectionRange(gap.index, gap.index + gap[0].length);
  }, [selectDraft, insightText]);
  const unfilled = BRACKETED.exec(insightText);
  const captureInsight = (id: string, text: string) => {
    setError(null);
    setNote(null);
    capture
      .mutateAsync([id, text])
      .then(() => {
        setCapturing(false);
        setInsightText("");
        setNote("Insight saved as a draft: a lead reviews it under Knowledge.");
      })
      .catch((e: unknown) => setError(describeError(e)));
  };
  const draftInsight = (id: string) => {
    setError(null);
    setDrafting(true);
    knowledgeApi
      .draft(id)
      .then(({ draft }) => {
        // Whatever the writer had typed stays, the draft after it.
        const text = insightText.trim() === "" ? draft.text : `${insightText.trimEnd()}\n${draft.text}`;
        setInsightText(text);
        // The part to write is selected, ready to be typed over, once the box holds the draft.
        setSelectDraft(text);
      })
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setDrafting(false));
  };
  return (
    <>
      <PageHeader
        title="Scorecards"
        sub="Filled in by tagteam from the evidence on every closed conversation."
      />
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {lead ? (
        <Panel
          title={`Disputes to resolve${openDisputes.data !== undefined ? ` (${openDisputes.data.open})` : ""}`}
          flush
        >
          {loadFailed(openDisputes) ? (
            <ErrorNotice error={openDisputes.error} />
          ) : openDisputes.data === undefined ? (
            <div className="empty">Loading…</div>
          ) : openDisputes.data.disputes.length === 0 ? (
            <EmptyState>No open disputes: when an agent disputes a score, it waits here for you.</EmptyState>
          ) : (
            <ul className="timeline scroll-list" aria-label="Disputes to resolve">
              {openDisputes.data.disputes.map((d) => (
                <li key={d.id}>
                  <Link
                    href={disputeHref(d, d.cardRole === "helper")}
                    aria-current={d.id === focusDispute ? "true" : undefined}
                    className="list-button"
                    style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}
                  >
                    <span className="grow">
                      {d.personName ?? "Agent"} disputes{" "}
                      {d.item === null ? "the whole scorecard" : humanize(d.item).toLowerCase()}
                      {d.topic ? <span className="small muted"> · {d.topic}</span> : null}
                      <span className="small muted" style={{ display: "block" }}>
                        “{d.reason.length > 120 ? `${d.reason.slice(0, 119)}…` : d.reason}”
                      </span>
                    </span>
                    <span className="muted small">{formatWhen(d.createdAt)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      ) : null}
      <div className="two-col">
        <Panel
          title="Scorecard"
          actions={
            selectedId !== undefined ? (
              <>
                <Link href={`/conversations/${selectedId}`}>Conversation</Link>
                {card.data?.agentId != null && card.data.agentId !== me.id ? (
                  // Feedback about this card's conversation, to the person it scores, quoting their lines.
                  <Link
                    href={`/feedback?to=${encodeURIComponent(card.data.agentId)}&conversation=${encodeURIComponent(selectedId)}`}
                  >
                    Give feedback
                  </Link>
                ) : null}
                <button
                  type="button"
                  className="btn small"
                  aria-expanded={capturing}
                  onClick={() => {
                    setNote(null);
                    setCapturing((open) => !open);
                  }}
                >
                  Capture an insight
                </button>
                {lead ? <MakeScenarioButton key={selectedId} conversationId={selectedId} /> : null}
              </>
            ) : undefined
          }
        >
          {capturing && selectedId !== undefined ? (
            <form
              className="stack"
              aria-label="Capture an insight"
              style={{ marginBottom: 12 }}
              onSubmit={(e) => {
                e.preventDefault();
                captureInsight(selectedId, insightText.trim());
              }}
            >
              <label className="field">
                <span>What confused the customer, and what worked</span>
                <textarea
                  ref={insightBox}
                  className="textarea"
                  rows={3}
                  maxLength={4000}
                  aria-describedby={unfilled !== null ? "insight-unfilled" : undefined}
                  value={insightText}
                  placeholder="Customers were confused by…; what worked was…"
                  onChange={(e) => setInsightText(e.target.value)}
                />
              </label>
              {unfilled !== null ? (
                <div id="insight-unfilled" className="small muted">
                  Write your own words in place of {unfilled[0]} before saving.
                </div>
              ) : null}
              <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
                <button
                  type="submit"
                  className="btn primary small"
                  disabled={capture.isPending || insightText.trim() === "" || unfilled !== null}
                >
                  Save draft
                </button>
                <button
                  type="button"
                  className="btn small"
                  disabled={capture.isPending || drafting}
                  onClick={() => draftInsight(selectedId)}
                >
                  {drafting ? "Drafting…" : "Let tagteam draft it"}
                </button>
                <button type="button" className="btn small" onClick={() => setCapturing(false)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : null}
          {note !== null ? (
            <div className="notice ok" role="status">
              {note}
            </div>
          ) : null}
          {loadFailed(card) ? (
            <ErrorNotice error={card.error} />
          ) : card.data === undefined ? (
            <EmptyState>Choose a scorecard.</EmptyState>
          ) : (
            <ScorecardView
              key={`${card.data.conversationId}:${card.data.agentId ?? ""}`}
              card={card.data}
              focusDispute={focusDispute}
              canReview={lead}
              busy={review.isPending}
              disputes={{
                // Only the person the card scores disputes it; a lead of the team (not them) resolves it.
                canDispute: card.data.agentId === me.id,
                canResolve: lead && card.data.agentId !== me.id,
                busy: dispute.isPending || resolve.isPending,
                error: disputeError,
                onDispute: (body) => settled(dispute.mutateAsync([card.data.conversationId, body])),
                onResolve: (id, body) => settled(resolve.mutateAsync([id, body])),
              }}
              onReview={(body) => {
                setError(null);
                const personId =
                  card.data.role === "helper" && card.data.agentId !== null ? card.data.agentId : undefined;
                review
                  .mutateAsync([
                    card.data.conversationId,
                    { ...body, ...(personId !== undefined ? { personId } : {}) },
                  ])
                  .catch((e: unknown) => setError(describeError(e)));
              }}
            />
          )}
        </Panel>
        <Panel title="Scorecards" flush actions={<span className="small muted">Latest close first</span>}>
          {lead ? (
            <div
              className="filters"
              style={{ padding: "10px 14px" }}
              role="search"
              aria-label="Filter the scorecards"
            >
              <Segmented
                label="Review"
                value={reviewState}
                options={REVIEW_STATES}
                onChange={setReviewState}
              />
              <label className="field">
                <span>Agent</span>
                <select className="select" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
                  <option value="">All agents</option>
                  {agents.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          ) : null}
          {loadFailed(list) ? (
            <ErrorNotice error={list.error} />
          ) : list.isPending ? (
            <div className="empty">Loading…</div>
          ) : list.data.length === 0 ? (
            <EmptyState>
              {filter.agentId === undefined && filter.reviewed === undefined
                ? "No scorecards yet: they appear when conversations close."
                : "No scorecards match these filters."}
            </EmptyState>
          ) : (
            <ul className="timeline scroll-list" aria-label="Scorecards">
              {list.data.map((s) => (
                <li key={`${s.conversationId}:${s.role}:${s.agentId ?? ""}`}>
                  <Link
                    href={cardHref(s)}
                    className="list-button"
                    style={{ display: "flex", gap: 8, alignItems: "center" }}
                    aria-current={
                      s.conversationId === selectedId &&
                      (s.role === "helper"
                        ? s.agentId === selected?.helperId
                        : selected?.helperId === undefined)
                        ? "true"
                        : undefined
                    }
                  >
                    <span className="grow">
                      {s.agentName ?? "Agent"}
                      {s.topic ? <span className="small muted"> · {s.topic}</span> : null}
                      {s.role === "helper" ? (
                        <>
                          {" "}
                          <Badge tone="info" title="Their part of a conversation they took over or wrote in">
                            helper
                          </Badge>
                        </>
                      ) : null}
                    </span>
                    {/* Out of what, as the scorecard itself says it: a bare "2.8" left the scale to guess. */}
                    <span className="mono">{s.overall === null ? "—" : `${s.overall.toFixed(1)} of 4`}</span>
                    {s.rescoredAfterReview ? (
                      <Badge tone="warn" title="Re-scored after the lead's review">
                        re-scored
                      </Badge>
                    ) : null}
                    {s.agentId !== null && disputedCards.has(`${s.conversationId}:${s.agentId}`) ? (
                      <Badge tone="warn" title="A score on it is disputed: a lead has not resolved it yet">
                        disputed
                      </Badge>
                    ) : null}
                    {s.reviewed ? <Badge tone="ok">reviewed</Badge> : null}
                    <span className="muted small">{cardWhen(s)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {list.data !== undefined && list.data.length > 0 ? (
            <ShowOlder shown={list.data.length} noun="scorecard" pages={list} />
          ) : null}
        </Panel>
      </div>
      {lead ? (
        <Panel title="Calibration: where leads and tagteam disagree">
          {loadFailed(calibration) ? (
            <ErrorNotice error={calibration.error} />
          ) : calibration.data === undefined ? (
            <div className="empty">Loading…</div>
          ) : (
            <CalibrationBody data={calibration.data} />
          )}
        </Panel>
      ) : null}
    </>
  );
}

/**
 * Where leads' reviews and tagteam's scores differ, item by item. Before any review it says so and
 * what will show here: a table of zeros ("Mean 0") read as tagteam and the leads agreeing.
 */
export function CalibrationBody({ data }: { data: z.infer<typeof calibrationResponseSchema> }) {
  if (data.items.every((i) => i.reviewed === 0)) {
    return (
      <EmptyState>
        No reviewed scorecards yet. Once a lead saves a review of a scorecard, this compares their scores with
        tagteam’s, item by item: how often they differ, and by how much on average.
      </EmptyState>
    );
  }
  return (
    <div className="stack">
      <TableScroll label="Calibration per item">
        <table className="table" aria-label="Calibration per item">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Reviewed</th>
              <th scope="col">Disagreements</th>
              <th scope="col">Average difference (lead − tagteam)</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.item}>
                <th scope="row">{qaItemTitle(i.item)}</th>
                <td className="mono">{i.reviewed}</td>
                <td className="mono">{i.disagreements}</td>
                <td className="mono">
                  {i.reviewed === 0 ? "—" : i.meanDifference > 0 ? `+${i.meanDifference}` : i.meanDifference}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {data.disagreements.length === 0 ? (
        <EmptyState>No disagreements among reviewed scorecards.</EmptyState>
      ) : (
        <ul className="timeline" aria-label="Disagreements">
          {data.disagreements.slice(0, 50).map((d, k) => (
            <li key={k}>
              <Link href={`/qa/${d.conversationId}`} className="grow">
                {d.agentName ?? "Agent"} · {humanize(d.item)}
              </Link>
              <span className="mono">
                tagteam {d.auto} → {d.reviewedBy ?? "lead"} {d.lead}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
