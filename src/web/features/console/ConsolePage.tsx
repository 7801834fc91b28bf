import { useEffect, useMemo, useState } from "react";
import { Link } from "wouter";
import type { Me } from "../../../protocol/resources.ts";
import { apiClient } from "../../lib/api.ts";
import {
  loadFailed,
  queryKeys,
  useAction,
  useCommitments,
  useConversation,
  useConversations,
  useInterventions,
  usePeople,
  useTeams,
} from "../../lib/queries.ts";
import { longWaitsOf } from "../floor/floorModel.ts";
import { useNow } from "../../lib/useNow.ts";
import { settleToasts } from "../../app/Toasts.tsx";
import { useRealtimeRoom } from "../../realtime/RealtimeProvider.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";
import { describeError, performStepIn } from "../conversation/ConversationPage.tsx";
import { StepInActions, type StepInAction } from "../conversation/StepInActions.tsx";
import { CloseConversationButton } from "../conversation/CloseConversation.tsx";
import { ReplyBox, ReplyNotSent } from "../conversation/ReplyBox.tsx";
import { Transcript } from "../conversation/Transcript.tsx";
import { useCloseCommitment, useCommitmentsOverview } from "../commitments/api.ts";
import { CommitmentsList, isOverdue, owedCommitments } from "./CommitmentsList.tsx";
import { EscalationNote, escalationOnConsole } from "./EscalationNote.tsx";
import { HandoverNote, latestHandover } from "./HandoverNote.tsx";
import { HabitNudges } from "./HabitNudges.tsx";
import { ConsentPrompt } from "./ConsentPrompt.tsx";
import { MyConversations } from "./MyConversations.tsx";
import { inboxItems, PrivateInbox } from "./PrivateInbox.tsx";

/**
 * Brings the panel titled by `titleId` into view and its first button into focus, for the link
 * above the conversation where the columns stack.
 */
function jumpToPanel(titleId: string): void {
  const panel = document.getElementById(titleId)?.closest("section");
  if (panel === null || panel === undefined) return;
  panel.scrollIntoView({ block: "start" });
  panel.querySelector<HTMLElement>("button:not([disabled])")?.focus({ preventScroll: true });
}

/**
 * The agent's console: my conversations, the chat I reply in, help arriving privately (signals,
 * whispers, takeover offers to accept or decline), raising a hand, handing the conversation over
 * (a warm transfer with a summary) or escalating it, and my commitments.
 */
export function ConsolePage({ me, selectedId }: { me: Me; selectedId?: string }) {
  const nowMs = useNow(1000);
  const list = useConversations({ status: "open", limit: 500 });
  // A wait is marked long by its team's own thresholds (Admin → Thresholds).
  const teams = useTeams();
  const longWaits = useMemo(() => longWaitsOf(teams.data), [teams.data]);
  const mine = (list.data ?? [])
    .filter((c) => c.assigneeId === me.id)
    .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
  const waiting = (list.data ?? []).filter((c) => c.assigneeId === null && c.channel === "chat");
  // With none chosen, the conversation shown is the latest one when the console opened, and it
  // stays while it is mine: jumping to whichever customer wrote last moved the agent, mid-reply, to
  // another customer's conversation.
  const [shown, setShown] = useState<string | undefined>(undefined);
  const currentId =
    selectedId ?? (shown !== undefined && mine.some((x) => x.id === shown) ? shown : mine[0]?.id);
  useEffect(() => {
    if (selectedId === undefined && currentId !== shown) setShown(currentId);
  }, [selectedId, currentId, shown]);
  useRealtimeRoom(currentId !== undefined ? { kind: "conversation", id: currentId } : null);
  const detail = useConversation(currentId);
  // Help about my conversations still open, and about the one shown if it has ended: every
  // whisper and signal of eight weeks came with each visit (160 KB for an agent of a team of 40).
  const openHelp = useInterventions("mine", undefined, "all", true, { conversations: "open" });
  const shownEnded =
    currentId !== undefined && list.data !== undefined && !list.data.some((x) => x.id === currentId);
  const endedHelp = useInterventions("mine", undefined, "all", shownEnded, {
    conversationId: currentId ?? "",
  });
  const privateHelp = {
    data:
      openHelp.data === undefined
        ? undefined
        : [
            ...new Map(
              [...openHelp.data, ...(shownEnded ? (endedHelp.data ?? []) : [])].map((i) => [i.id, i]),
            ).values(),
          ],
  };
  const commitments = useCommitments();
  // Promises made in conversations since closed are named too: the open list alone left them as
  // "conversation", so the agent could not tell whom each was made to.
  const overview = useCommitmentsOverview();
  const customerNames = new Map<string, string | null>([
    ...(overview.data ?? []).flatMap((a) =>
      a.commitments.map((x) => [x.conversationId, x.customerName] as const),
    ),
    ...(list.data ?? []).map((x) => [x.id, x.customerName] as const),
  ]);
  const closeCommitment = useCloseCommitment();
  const [error, setError] = useState<string | null>(null);
  const refresh = [
    queryKeys.interventions,
    queryKeys.conversations,
    ...(currentId ? [queryKeys.conversation(currentId)] : []),
  ];
  const reply = useAction((id: string, text: string) => apiClient.reply(id, text), refresh);
  const answer = useAction(
    (offerId: string, accept: boolean) =>
      accept ? apiClient.acceptOffer(offerId) : apiClient.declineOffer(offerId),
    refresh,
  );
  const raiseHand = useAction((id: string) => apiClient.raiseHand(id), refresh);
  const close = useAction((id: string) => apiClient.closeConversation(id), refresh);
  // Handing over or escalating, from where the agent works: a customer asking for "someone who
  // can" had the agent leave the console for the conversation's own page to find them.
  const people = usePeople();
  const handOver = useAction((id: string, action: StepInAction) => performStepIn(id, action, null), refresh);
  const [handOverError, setHandOverError] = useState<string | null>(null);
  const toMe = (privateHelp.data ?? []).filter((i) => i.toId === me.id);
  const offers = toMe.filter(
    (i) => i.kind === "takeover_offer" && i.status === "offered" && i.conversationId === currentId,
  );
  const inbox = inboxItems(toMe, me.id, currentId, new Set((list.data ?? []).map((x) => x.id)));
  // My hand stays raised (after a reload too) until help reaches me in this conversation.
  const lastRaise = (privateHelp.data ?? [])
    .filter((i) => i.kind === "raise_hand" && i.fromId === me.id && i.conversationId === currentId)
    .reduce<string | null>((last, i) => (last === null || i.createdAt > last ? i.createdAt : last), null);
  const handRaised =
    lastRaise !== null &&
    !toMe.some((i) => i.conversationId === currentId && i.kind !== "raise_hand" && i.createdAt > lastRaise);
  const c = detail.data;
  // Promises to customers past their due time: named at the top of the console, not only in the
  // list at the foot of its side column.
  const myCommitments = (commitments.data ?? []).filter((x) => x.agentId === me.id || x.agentId === null);
  const overdue = owedCommitments(myCommitments).filter((x) => isOverdue(x, nowMs)).length;
  const handover = latestHandover(privateHelp.data ?? [], me.id, currentId);
  const escalated =
    c !== undefined && c.agentId === me.id ? escalationOnConsole(c.interventions, me.id) : null;
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.catch((e: unknown) => setError(describeError(e)));
  };
  return (
    <>
      <PageHeader
        title="My console"
        sub="Your conversations, and help from your team that only you can see."
        actions={
          overdue > 0 ? (
            <Link href="/follow-ups" className="badge bad">
              {overdue === 1 ? "1 promise overdue" : `${overdue} promises overdue`}
            </Link>
          ) : undefined
        }
      />
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="console">
        <Panel title="My conversations" labelledBy="mine-title" flush>
          {/* A refresh that failed (the server restarting) leaves the list as it was, to move
              between chats meanwhile; the offline banner says why it is not updating. */}
          {loadFailed(list) ? (
            <ErrorNotice error={list.error} />
          ) : (
            <MyConversations
              rows={mine}
              waiting={waiting}
              selectedId={currentId}
              nowMs={nowMs}
              longWaits={longWaits}
            />
          )}
        </Panel>
        <div className="stack">
          {offers.map((o) => (
            <ConsentPrompt
              key={o.id}
              offer={o}
              busy={answer.isPending}
              onAnswer={(accept) =>
                run(
                  answer.mutateAsync([o.id, accept]).then((answered) => {
                    // Its toast ("… offers to take over") asks about nothing any more.
                    settleToasts(o.id);
                    return answered;
                  }),
                )
              }
            />
          ))}
          {handover !== null && c !== undefined && c.agentId === me.id ? (
            <HandoverNote handover={handover} />
          ) : null}
          {escalated !== null ? <EscalationNote escalation={escalated} meId={me.id} /> : null}
          {c !== undefined && c.agentId === me.id && c.status === "open" ? (
            // Shown only where the columns stack (a tablet, a phone, a window zoomed to 200 %): the
            // hand-over panel comes after the whole transcript and the reply box there (theme.css).
            <a
              className="btn jump-to-act"
              href="#handover-actions-title"
              onClick={(e) => {
                e.preventDefault();
                jumpToPanel("handover-actions-title");
              }}
            >
              Hand over or escalate <span aria-hidden="true">↓</span>
            </a>
          ) : null}
          {c === undefined ? (
            <Panel title="Conversation">
              <div className="empty">
                {currentId !== undefined || list.isPending
                  ? "Loading…"
                  : list.isSuccess && mine.length === 0
                    ? // "Pick a conversation." beside an empty list asked for what was not there.
                      "No conversation to open. When one is assigned to you, it opens here to read and answer."
                    : "Pick one of your conversations to read and answer it here."}
              </div>
            </Panel>
          ) : (
            <Panel
              title={
                <div>
                  <h2 id="chat-title">{c.customerName ?? "Customer"}</h2>
                  <div className="small muted">
                    {c.topic ?? c.channel}
                    {c.agentId === null
                      ? c.status === "open"
                        ? " · waiting for an agent: your reply takes it"
                        : ""
                      : c.agentId !== me.id
                        ? ` · now with ${c.agentName ?? "a teammate"}`
                        : ""}
                  </div>
                </div>
              }
              labelledBy="chat-title"
              actions={
                <>
                  <RiskMeter risk={c.risk} showWord />
                  {handRaised ? (
                    <Badge tone="info">Hand raised — help is on the way</Badge>
                  ) : (
                    <button
                      type="button"
                      className="btn"
                      disabled={raiseHand.isPending || c.agentId !== me.id}
                      onClick={() => run(raiseHand.mutateAsync([c.id]))}
                    >
                      Raise a hand
                    </button>
                  )}
                  {c.agentId === me.id && c.status === "open" ? (
                    <CloseConversationButton
                      busy={close.isPending}
                      onClose={() =>
                        close.mutateAsync([c.id]).then(
                          () => true,
                          (e: unknown) => {
                            setError(describeError(e));
                            return false;
                          },
                        )
                      }
                    />
                  ) : null}
                </>
              }
              flush
            >
              <Transcript messages={c.messages} />
              {(c.agentId === me.id || c.agentId === null) &&
              c.status === "open" &&
              c.replies.via === null ? (
                <ReplyNotSent explanation={c.replies.explanation} />
              ) : (c.agentId === me.id || c.agentId === null) && c.status === "open" ? (
                <ReplyBox
                  key={c.id}
                  draftKey={`${me.id}:${c.id}`}
                  busy={reply.isPending}
                  note={c.replies.via !== "chat" ? c.replies.explanation : undefined}
                  onSend={(text) =>
                    reply.mutateAsync([c.id, text]).then(
                      () => true,
                      (e: unknown) => {
                        setError(describeError(e));
                        return false;
                      },
                    )
                  }
                />
              ) : (
                <div className="composer muted small">
                  {c.status === "closed"
                    ? "This conversation is closed."
                    : `${c.agentName ?? "A teammate"} has taken over this conversation.`}
                </div>
              )}
            </Panel>
          )}
          {c !== undefined && c.agentId === me.id && c.status === "open" ? (
            <Panel title="Hand over or escalate" labelledBy="handover-actions-title">
              <StepInActions
                key={c.id}
                mode="owner"
                suggestedWhisper={null}
                teammates={(people.data ?? []).filter(
                  (p) => p.active && p.id !== me.id && p.teamIds.includes(c.teamId),
                )}
                busy={handOver.isPending}
                error={handOverError}
                onAct={async (action) => {
                  setHandOverError(null);
                  try {
                    await handOver.mutateAsync([c.id, action]);
                    return true;
                  } catch (e) {
                    setHandOverError(describeError(e));
                    return false;
                  }
                }}
              />
            </Panel>
          ) : null}
        </div>
        <div className="stack console-side">
          <Panel
            title="Whispers and signals"
            labelledBy="inbox-title"
            flush
            actions={<Badge tone="private">private</Badge>}
          >
            <PrivateInbox items={inbox} />
          </Panel>
          {c !== undefined && c.agentId === me.id ? (
            <Panel
              title="Habits"
              labelledBy="habits-title"
              flush
              actions={<Badge tone="private">private</Badge>}
            >
              <HabitNudges messages={c.messages} />
            </Panel>
          ) : null}
          <Panel
            title="My commitments"
            labelledBy="commitments-title"
            flush
            actions={overdue > 0 ? <Badge tone="bad">{overdue} overdue</Badge> : undefined}
          >
            <CommitmentsList
              commitments={myCommitments}
              nowMs={nowMs}
              customerNames={customerNames}
              closingId={closeCommitment.isPending ? closeCommitment.variables.id : null}
              onDone={(id) => run(closeCommitment.mutateAsync({ id, status: "done" }))}
            />
          </Panel>
        </div>
      </div>
    </>
  );
}
