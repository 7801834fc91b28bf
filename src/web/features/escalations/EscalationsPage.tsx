import { useState } from "react";
import { apiClient } from "../../lib/api.ts";
import { loadFailed, queryKeys, useAction, useConversations, useInterventions } from "../../lib/queries.ts";
import { useNow } from "../../lib/useNow.ts";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { EscalationQueue } from "./EscalationQueue.tsx";

/** The lead's escalation queue for their teams. */
export function EscalationsPage() {
  const escalations = useInterventions("team", "escalation", "all");
  const conversations = useConversations({ status: "all", limit: 500 });
  const nowMs = useNow(1000);
  const [error, setError] = useState<string | null>(null);
  const ack = useAction((id: string) => apiClient.acknowledgeEscalation(id), [queryKeys.interventions]);
  const byId = new Map((conversations.data ?? []).map((c) => [c.id, c]));
  return (
    <>
      <PageHeader
        title="Escalation queue"
        sub="Conversations your team's protocol sends to a lead: those waiting first, oldest first; then those already handled, newest first."
      />
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <Panel flush>
        {/* A refresh that failed (the server restarting) leaves the queue as it was. */}
        {loadFailed(escalations) ? (
          <ErrorNotice error={escalations.error} />
        ) : escalations.isPending || conversations.isPending ? (
          // Both at once: the queue names each conversation's customer, which used to show as
          // "Conversation" until the second list arrived.
          <div className="empty">Loading…</div>
        ) : (
          <EscalationQueue
            escalations={escalations.data}
            conversations={byId}
            nowMs={nowMs}
            busy={ack.isPending}
            onAcknowledge={(id) => {
              setError(null);
              ack.mutateAsync([id]).catch((e: unknown) => setError(describeError(e)));
            }}
          />
        )}
      </Panel>
    </>
  );
}
