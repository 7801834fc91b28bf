import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useSearchParams } from "wouter";
import type { Alert, ConversationDetail, Me } from "../../../protocol/resources.ts";
import { apiClient } from "../../lib/api.ts";
import { loadFailed, queryKeys, useAction, useAlertOutcomes, useAlerts } from "../../lib/queries.ts";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { Segmented } from "../../ui/Segmented.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { AlertCard, type AlertAction } from "./AlertCard.tsx";
import { AlertOutcomesTable } from "./AlertOutcomes.tsx";
import { openedFromHere } from "../../app/openedFrom.ts";

const OUTCOME_DAYS = 30;

/** Alerts still asking for attention; expired, dismissed and handled ones drop out of the queue. */
export function isOpenAlert(alert: { status: string }): boolean {
  return alert.status === "raised" || alert.status === "acknowledged";
}

/** What the helper just did from a card, said once the card has left the list. */
export interface AlertDone {
  text: string;
  /** The conversation to follow (after a signal or a whisper: the helper is on it now). */
  conversationId: string | null;
  customerName: string | null;
}

/**
 * The line that replaces a card once acted on: after a signal or a whisper the card left the list
 * with nothing said, and the helper, now helping, had no way to the conversation but the menu
 * (walking loop 1). Null for "open" (the conversation opens).
 */
export function doneNotice(
  alert: Pick<Alert, "conversationId" | "suggestion">,
  conversation: Pick<ConversationDetail, "agentName" | "customerName"> | undefined,
  action: AlertAction,
): AlertDone | null {
  const agent = conversation?.agentName ?? "the agent";
  const follow = { conversationId: alert.conversationId, customerName: conversation?.customerName ?? null };
  switch (action) {
    case "open":
      return null;
    case "signal":
      return { text: `You signalled support to ${agent}: they know you are there.`, ...follow };
    case "whisper":
      return { text: `You whispered the suggestion to ${agent}; only they see it.`, ...follow };
    case "reroute":
      return {
        text: "Passed on: the next best-placed teammate is asked.",
        conversationId: null,
        customerName: null,
      };
    case "not_useful":
      return {
        text: "Marked not useful: the team's leads see it when they tune the thresholds.",
        conversationId: null,
        customerName: null,
      };
  }
}

/** Alerts where I am the best-placed helper (leads can also see the whole team's). */
export function AlertsPage({ me }: { me: Me }) {
  // The choice lives in the address (/alerts?scope=team): Back returns to it, and it can be linked.
  const [params, setParams] = useSearchParams();
  const scope: "mine" | "team" = me.role !== "agent" && params.get("scope") === "team" ? "team" : "mine";
  const setScope = (value: "mine" | "team"): void =>
    setParams(value === "team" ? { scope: "team" } : {}, { replace: true });
  const alerts = useAlerts(scope);
  const outcomes = useAlertOutcomes(OUTCOME_DAYS, scope === "team");
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<AlertDone | null>(null);
  const list = (alerts.data ?? []).filter(isOpenAlert);
  const conversations = useQueries({
    queries: [...new Set(list.map((a) => a.conversationId))].map((id) => ({
      queryKey: queryKeys.conversation(id),
      queryFn: () => apiClient.conversation(id).then((r) => r.conversation),
    })),
  });
  const byId = new Map(conversations.flatMap((q) => (q.data ? [[q.data.id, q.data] as const] : [])));
  const act = useAction(
    async (alertId: string, action: AlertAction) => {
      const alert = list.find((a) => a.id === alertId);
      if (alert === undefined) return;
      switch (action) {
        case "open":
          if (alert.status === "raised") await apiClient.acknowledgeAlert(alertId);
          navigate(`/conversations/${alert.conversationId}`, { state: openedFromHere() });
          return;
        case "signal":
          await apiClient.stepIn(alert.conversationId, { kind: "signal", alertId });
          return;
        case "whisper":
          await apiClient.stepIn(alert.conversationId, {
            kind: "whisper",
            alertId,
            text: alert.suggestion ?? "",
          });
          return;
        case "not_useful":
          await apiClient.dismissAlert(alertId, "not_useful");
          return;
        case "reroute":
          await apiClient.rerouteAlert(alertId, false);
          return;
      }
    },
    [queryKeys.alerts, queryKeys.interventions, queryKeys.conversations],
  );
  return (
    <>
      <PageHeader
        title="Alerts for me"
        sub="When you are the best-placed teammate to help. Private: the agent sees only what you choose to send."
        actions={
          me.role !== "agent" ? (
            <Segmented
              label="Show"
              value={scope}
              options={[
                { value: "mine", label: "Mine" },
                { value: "team", label: "Whole team" },
              ]}
              onChange={setScope}
            />
          ) : undefined
        }
      />
      {loadFailed(alerts) ? <ErrorNotice error={alerts.error} /> : null}
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <div role="status">
        {done !== null ? (
          <div className="notice ok row" style={{ justifyContent: "space-between" }}>
            <span>{done.text}</span>
            {done.conversationId !== null ? (
              <Link href={`/conversations/${done.conversationId}`} state={openedFromHere()}>
                Follow {done.customerName !== null ? `${done.customerName}’s` : "the"} conversation
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      {alerts.isPending ? (
        <div className="empty">Loading alerts…</div>
      ) : list.length === 0 ? (
        <div className="panel">
          <EmptyState>
            {scope === "team"
              ? "No open alerts in your teams right now."
              : "Nothing needs you right now. You will be told here, and with a notification, when it does."}
          </EmptyState>
        </div>
      ) : (
        <div className="stack">
          {list.map((a) => (
            <AlertCard
              key={a.id}
              alert={a}
              conversation={byId.get(a.conversationId)}
              busy={act.isPending}
              meId={me.id}
              onAct={(action) => {
                setError(null);
                setDone(null);
                act
                  .mutateAsync([a.id, action])
                  .then(() => setDone(doneNotice(a, byId.get(a.conversationId), action)))
                  .catch((e: unknown) => setError(describeError(e)));
              }}
            />
          ))}
        </div>
      )}
      {scope === "team" ? (
        <div style={{ marginTop: 16 }}>
          <Panel
            title={`How useful the team's alerts have been (last ${OUTCOME_DAYS} days)`}
            labelledBy="outcomes-title"
            flush
            actions={
              <span className="small muted">
                A reason often marked not useful asks too early: raise its threshold (Admin → Thresholds).
              </span>
            }
          >
            {loadFailed(outcomes) ? (
              <ErrorNotice error={outcomes.error} />
            ) : outcomes.data === undefined ? (
              <div className="empty">Counting…</div>
            ) : (
              <AlertOutcomesTable outcomes={outcomes.data} canTune={me.role === "admin"} />
            )}
          </Panel>
        </div>
      ) : null}
    </>
  );
}
