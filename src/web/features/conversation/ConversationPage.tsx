import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import type { Me } from "../../../protocol/resources.ts";
import { apiClient } from "../../lib/api.ts";
import { ApiError, describeProblem } from "../../lib/http.ts";
import {
  loadFailed,
  queryKeys,
  useAction,
  useConversation,
  useFacts,
  useLlmStatus,
  usePeople,
} from "../../lib/queries.ts";
import { useNow } from "../../lib/useNow.ts";
import { useRealtimeRoom } from "../../realtime/RealtimeProvider.tsx";
import { useOpenedFrom } from "../../app/openedFrom.ts";
import { navFor } from "../../app/Shell.tsx";
import { ErrorNotice, Panel } from "../../ui/Panel.tsx";
import { restoreFocus } from "../../ui/restoreFocus.ts";
import { ConversationHeader } from "./ConversationHeader.tsx";
import { CloseConversationButton, EraseConversationButton } from "./CloseConversation.tsx";
import { InterventionHistory } from "./InterventionHistory.tsx";
import { ReplyBox, ReplyNotSent } from "./ReplyBox.tsx";
import { StateChart } from "./StateChart.tsx";
import { offerWaitingFrom } from "./offerWaiting.ts";
import { StepInActions, type StepInAction } from "./StepInActions.tsx";
import { SuggestionCard, pickSuggestion } from "./SuggestionCard.tsx";
import { Transcript } from "./Transcript.tsx";
import { buildStateSeries, collectHighlights } from "./evidence.ts";

/** Says what went wrong with an action in words a person can act on. */
export function describeError(e: unknown): string {
  // The server's message repeats its issues in the validator's words: the issues alone, plainly.
  return describeProblem(e);
}

/** Runs a step-in action against the API. */
export function performStepIn(conversationId: string, action: StepInAction, alertId: string | null) {
  const alert = alertId !== null ? { alertId } : {};
  switch (action.kind) {
    case "signal":
      return apiClient.stepIn(conversationId, { kind: "signal", ...alert });
    case "whisper":
      return apiClient.stepIn(conversationId, { kind: "whisper", text: action.text, ...alert });
    case "takeover_offer":
      return apiClient.stepIn(conversationId, { kind: "takeover_offer", ...alert });
    case "warm_transfer":
      return apiClient.transfer(conversationId, action.toPersonId, action.note);
    case "escalate":
      return apiClient.escalate(conversationId, action.reason);
  }
}

/**
 * Brings the step-in (or hand-over) panel into view and its first button into focus, for the link
 * above the transcript where the columns stack.
 */
function jumpToActions(): void {
  const panel = document.getElementById("stepin-title")?.closest("section");
  if (panel === null || panel === undefined) return;
  panel.scrollIntoView({ block: "start" });
  panel.querySelector<HTMLElement>("button:not([disabled])")?.focus({ preventScroll: true });
}

/**
 * The breadcrumb's way back: the page the conversation was opened from (the alerts, with their
 * filter), named as in the navigation; else the list of conversations. It always said "Floor".
 */
export function backTo(me: Pick<Me, "role">, openedFrom: string | null): { href: string; label: string } {
  const items = navFor(me.role, { alerts: 0, escalations: 0 });
  const path = openedFrom?.split("?")[0];
  const item = items.find((i) => path === i.href || path?.startsWith(i.href + "/"));
  if (openedFrom !== null && item !== undefined) return { href: openedFrom, label: item.label };
  return { href: "/conversations", label: "Conversations" };
}

/** The conversation view: evidence in the transcript, the state chart, the diagnosis and the ladder. */
export function ConversationPage({ me, id }: { me: Me; id: string }) {
  useRealtimeRoom({ kind: "conversation", id });
  const conversation = useConversation(id);
  const people = usePeople();
  const facts = useFacts();
  const llm = useLlmStatus();
  const nowMs = useNow(1000);
  const back = backTo(me, useOpenedFrom());
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = [queryKeys.conversation(id), queryKeys.interventions, queryKeys.alerts];
  const stepIn = useAction(
    (action: StepInAction, alertId: string | null) => performStepIn(id, action, alertId),
    refresh,
  );
  const reply = useAction((text: string) => apiClient.reply(id, text), refresh);
  const close = useAction(() => apiClient.closeConversation(id), [...refresh, queryKeys.conversations]);
  const erase = useAction(() => apiClient.eraseConversation(id), [queryKeys.conversations]);
  const [, navigate] = useLocation();

  const detail = conversation.data;
  // The conversation became mine while I looked at it (the agent accepted my offer to take over):
  // the step-in panel gives way to handing over, the line saying my offer waited goes, and the
  // focus, if it went with it, goes to the reply box, where I carry on with the customer.
  const mine = detail === undefined ? null : detail.agentId === me.id;
  const wasMine = useRef(mine);
  useEffect(() => {
    const was = wasMine.current;
    wasMine.current = mine;
    if (was === false && mine === true)
      restoreFocus([document.querySelector("#main .composer textarea:not([disabled])")]);
  }, [mine]);
  const highlights = useMemo(() => (detail ? collectHighlights(detail) : new Map()), [detail]);
  const series = useMemo(() => buildStateSeries(detail?.messages ?? []), [detail?.messages]);
  // A refresh that failed (the server restarting, the network gone) keeps the page as it was, with a
  // whisper or a reply half-written in it, under the offline banner (loadFailed, as on every page).
  // The server's own answer (gone, or no longer mine to read) is shown instead of it.
  const refused =
    conversation.error instanceof ApiError &&
    conversation.error.status >= 400 &&
    conversation.error.status < 500;
  if (loadFailed(conversation) || refused) return <ErrorNotice error={conversation.error} />;
  if (detail === undefined) return <div className="empty">Loading the conversation…</div>;
  const suggestion = pickSuggestion(detail);
  const isMine = detail.agentId === me.id;
  const teammates = (people.data ?? []).filter(
    (p) => p.active && p.id !== detail.agentId && p.teamIds.includes(detail.teamId),
  );

  return (
    <>
      <nav className="small" aria-label="Breadcrumb">
        <Link href={back.href}>{back.label}</Link> / conversation
      </nav>
      <ConversationHeader c={detail} nowMs={nowMs} />
      {detail.status === "open" ? (
        // Shown only where the columns stack (a phone, a window zoomed to 200 %): the panel to act
        // in comes after the transcript and the diagnosis there, screens below (theme.css).
        <a
          className="btn jump-to-act"
          href="#stepin-title"
          onClick={(e) => {
            e.preventDefault();
            jumpToActions();
          }}
        >
          {isMine ? "Hand over or escalate" : "Step in"} <span aria-hidden="true">↓</span>
        </a>
      ) : null}
      <div className="two-col">
        <Panel
          title="Transcript"
          labelledBy="transcript-title"
          flush
          actions={
            <>
              <span className="small muted">marked: evidence the engine used</span>
              {detail.status === "open" &&
              (isMine ||
                me.role === "admin" ||
                (me.role === "lead" && me.teamIds.includes(detail.teamId))) ? (
                <CloseConversationButton
                  busy={close.isPending}
                  onClose={() =>
                    close.mutateAsync([]).then(
                      () => true,
                      (e: unknown) => {
                        setActionError(describeError(e));
                        return false;
                      },
                    )
                  }
                />
              ) : null}
            </>
          }
        >
          <Transcript messages={detail.messages} highlights={highlights} />
          {isMine && detail.status === "open" && detail.replies.via === null ? (
            <ReplyNotSent explanation={detail.replies.explanation} />
          ) : isMine && detail.status === "open" ? (
            <ReplyBox
              key={id}
              draftKey={`${me.id}:${id}`}
              busy={reply.isPending}
              note={detail.replies.via !== "chat" ? detail.replies.explanation : undefined}
              onSend={(text) =>
                reply.mutateAsync([text]).then(
                  () => true,
                  (e: unknown) => {
                    setActionError(describeError(e));
                    return false;
                  },
                )
              }
            />
          ) : null}
        </Panel>
        <div className="stack">
          <Panel title="Customer state and risk" labelledBy="chart-title" className="after-actions">
            <StateChart series={series} />
          </Panel>
          <Panel title="Diagnosis" labelledBy="diagnosis-title">
            <SuggestionCard
              suggestion={suggestion}
              rootCauses={detail.rootCauses}
              facts={facts.data ?? []}
              closed={detail.status === "closed"}
            />
          </Panel>
          {detail.status === "open" ? (
            <Panel title={isMine ? "Hand over or escalate" : "Step in"} labelledBy="stepin-title">
              <StepInActions
                mode={isMine ? "owner" : "helper"}
                offerWaiting={offerWaitingFrom(detail.interventions, me.id)}
                suggestedWhisper={suggestion?.sentence ?? null}
                teammates={teammates}
                busy={stepIn.isPending}
                error={actionError}
                {...(llm.data?.enabled === true && !isMine
                  ? {
                      onDraftWhisper: () =>
                        apiClient.draftWhisper(id).then(
                          (r) => r.draft,
                          (e: unknown) => {
                            throw new Error(describeError(e));
                          },
                        ),
                    }
                  : {})}
                onAct={async (action) => {
                  setActionError(null);
                  try {
                    await stepIn.mutateAsync([action, suggestion?.alertId ?? null]);
                    return true;
                  } catch (e) {
                    setActionError(describeError(e));
                    return false;
                  }
                }}
              />
            </Panel>
          ) : null}
          <Panel title="Interventions" labelledBy="interventions-title" flush>
            <InterventionHistory interventions={detail.interventions} agentId={detail.agentId} />
          </Panel>
          {me.role === "admin" ? (
            <Panel title="Erase" labelledBy="erase-title">
              <EraseConversationButton
                customer={detail.customerName ?? "this customer"}
                busy={erase.isPending}
                onErase={() =>
                  erase.mutateAsync([]).then(
                    () => {
                      navigate("/floor");
                      return true;
                    },
                    (e: unknown) => {
                      setActionError(describeError(e));
                      return false;
                    },
                  )
                }
              />
            </Panel>
          ) : null}
        </div>
      </div>
    </>
  );
}
