import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { CONVERSATION_IDS_MAX } from "../../../protocol/http.ts";
import { apiClient } from "../../lib/api.ts";
import { loadFailed, queryKeys, useAction, useInterventions } from "../../lib/queries.ts";
import { useNow } from "../../lib/useNow.ts";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { ShowOlder } from "../../ui/ShowOlder.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { EscalationQueue } from "./EscalationQueue.tsx";

/** How many handled escalations the queue lists at first, and more each "Show older". */
export const ESCALATIONS_PAGE = 50;
/** The most the queue lists; older handled ones are not shown. */
export const ESCALATIONS_MAX = 500;

/** The lead's escalation queue for their teams. */
export function EscalationsPage() {
  // Those waiting, however old, and the newest handled: it read the team's 500 newest (280 KB on a
  // team of 40) and named each one's conversation, a hundred a request, to show a screenful.
  const [limit, setLimit] = useState(ESCALATIONS_PAGE);
  const escalations = useInterventions("team", "escalation", "recent", true, { limit });
  // The conversations the queue lists, by id (a hundred a request). It read the 500 riskiest of the
  // teams' conversations, so an escalation handled weeks ago named no customer or agent.
  const ids = [...new Set((escalations.data ?? []).map((e) => e.conversationId))].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CONVERSATION_IDS_MAX)
    chunks.push(ids.slice(i, i + CONVERSATION_IDS_MAX));
  const conversations = useQueries({
    queries: chunks.map((chunk) => {
      const filters = { status: "all" as const, ids: chunk, limit: chunk.length };
      return {
        queryKey: [...queryKeys.conversations, filters],
        queryFn: () => apiClient.conversations(filters).then((r) => r.conversations),
        placeholderData: (
          prev: Awaited<ReturnType<typeof apiClient.conversations>>["conversations"] | undefined,
        ) => prev,
      };
    }),
  });
  const nowMs = useNow(1000);
  const [error, setError] = useState<string | null>(null);
  const ack = useAction((id: string) => apiClient.acknowledgeEscalation(id), [queryKeys.interventions]);
  const byId = new Map(conversations.flatMap((q) => (q.data ?? []).map((c) => [c.id, c] as const)));
  // Older ones shown ("Show older") join the queue once their conversations are named.
  const naming = conversations.some((q) => q.isPending || q.isPlaceholderData);
  const shown = (escalations.data ?? []).filter((e) => !naming || byId.has(e.conversationId));
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
        ) : escalations.isPending || (naming && shown.length === 0) ? (
          // Both at once: the queue names each conversation's customer, which used to show as
          // "Conversation" until the second list arrived.
          <div className="empty">Loading…</div>
        ) : (
          <EscalationQueue
            escalations={shown}
            conversations={byId}
            nowMs={nowMs}
            busy={ack.isPending}
            onAcknowledge={(id) => {
              setError(null);
              ack.mutateAsync([id]).catch((e: unknown) => setError(describeError(e)));
            }}
          />
        )}
        {/* How many are shown, as on Debriefs, QA and History; a full page may have older ones behind it. */}
        {escalations.data !== undefined && shown.length > 0 ? (
          <ShowOlder
            shown={shown.length}
            noun="escalation"
            atLimit={escalations.data.length >= ESCALATIONS_MAX}
            pages={{
              hasNextPage: escalations.data.length >= limit && limit < ESCALATIONS_MAX,
              isFetchingNextPage: escalations.isPlaceholderData || naming,
              fetchNextPage: () => setLimit((n) => Math.min(ESCALATIONS_MAX, n + ESCALATIONS_PAGE)),
            }}
          />
        ) : null}
      </Panel>
    </>
  );
}
