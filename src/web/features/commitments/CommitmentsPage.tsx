import { useQueryClient } from "@tanstack/react-query";
import { Link } from "wouter";
import type { CommitmentsOverview, Me } from "../../../protocol/index.ts";
import { formatDue, formatWhen } from "../../lib/format.ts";
import { useNow } from "../../lib/useNow.ts";
import { useRealtimeEvents } from "../../realtime/RealtimeProvider.tsx";
import { Badge, type Tone } from "../../ui/Badge.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { commitmentKeys, useCloseCommitment, useCommitmentsOverview, type CloseStatus } from "./api.ts";
import { CommitmentActions } from "./CommitmentActions.tsx";
import { loadFailed } from "../../lib/queries.ts";

type Item = CommitmentsOverview["agents"][number]["commitments"][number];
const TONE: Record<Item["state"], Tone> = {
  overdue: "bad",
  due_soon: "warn",
  upcoming: "info",
  no_date: "neutral",
};

/**
 * The promises past their due time (missed, still owed) over everyone shown, for the page's head:
 * a lead sees their teams' total before reading agent by agent. Null when none is overdue.
 */
export function overdueSummary(agents: CommitmentsOverview["agents"], role: Me["role"]): string | null {
  const overdue = agents.reduce((n, a) => n + a.overdue, 0);
  if (overdue === 0) return null;
  return `${overdue} overdue${role === "agent" ? "" : role === "lead" ? " in your teams" : " in all teams"}`;
}

/**
 * What an empty list says: where follow-ups come from, so nobody waits for a form to fill in. An
 * agent reads it of themself, a lead of their teams' agents.
 */
export function noFollowUpsText(role: Me["role"]): string {
  return role === "agent"
    ? "No open follow-ups. When you promise a customer something with a time (“I'll call you back on Tuesday”), tagteam lists it here with its due date and reminds you before it is due."
    : "No open follow-ups. When an agent promises a customer something with a time (“I'll call you back on Tuesday”), tagteam lists it here with its due date, overdue ones first.";
}

/** Follow-ups promised to customers, per agent: overdue first, then due within a day. */
export function CommitmentsPage({ me }: { me: Me }) {
  const client = useQueryClient();
  const overview = useCommitmentsOverview();
  const close = useCloseCommitment();
  const closing = close.isPending ? close.variables.id : null;
  const nowMs = useNow(60_000);
  useRealtimeEvents((e) => {
    if (e.type.startsWith("commitment."))
      void client.invalidateQueries({ queryKey: commitmentKeys.overview });
  });
  const overdue = overdueSummary(overview.data ?? [], me.role);
  return (
    <>
      <PageHeader
        title="Follow-ups"
        sub={
          me.role === "agent"
            ? "What you promised customers, and when."
            : "What each agent promised customers, and when."
        }
        actions={overdue !== null ? <Badge tone="bad">{overdue}</Badge> : undefined}
      />
      {close.isError ? <ErrorNotice error={close.error} /> : null}
      {loadFailed(overview) ? (
        <ErrorNotice error={overview.error} />
      ) : overview.isPending ? (
        <div className="empty">Loading…</div>
      ) : overview.data.length === 0 ? (
        <EmptyState>{noFollowUpsText(me.role)}</EmptyState>
      ) : (
        overview.data.map((a) => (
          <AgentFollowUps
            key={a.personId}
            agent={a}
            empty={a.personId === me.id ? noFollowUpsText("agent") : "No open follow-ups."}
            nowMs={nowMs}
            closingId={closing}
            onClose={(id, status) => close.mutate({ id, status })}
          />
        ))
      )}
    </>
  );
}

/**
 * One agent's open follow-ups: each names its customer and when it was promised (an agent's many
 * "I'll email you the tracking link now." read apart), with Done and Cancel for whoever may close it.
 */
export function AgentFollowUps({
  agent: a,
  empty = "No open follow-ups.",
  nowMs,
  closingId,
  onClose,
}: {
  agent: CommitmentsOverview["agents"][number];
  /** What the panel says when the agent has none. */
  empty?: string;
  nowMs: number;
  closingId: string | null;
  onClose: (id: string, status: CloseStatus) => void;
}) {
  return (
    <Panel
      title={a.name}
      actions={
        <>
          {a.overdue > 0 ? <Badge tone="bad">{a.overdue} overdue</Badge> : null}
          {a.dueSoon > 0 ? <Badge tone="warn">{a.dueSoon} due today</Badge> : null}
        </>
      }
    >
      {a.commitments.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <ul className="timeline" aria-label={`Follow-ups of ${a.name}`}>
          {a.commitments.map((c) => (
            <li key={c.id}>
              <div className="grow">
                <div>“{c.text}”</div>
                <div className="row small" style={{ marginTop: 2 }}>
                  <Badge tone={TONE[c.state]}>
                    {c.dueAt === null ? "no date" : formatDue(c.dueAt, nowMs)}
                  </Badge>
                  <Link href={`/conversations/${c.conversationId}`}>{c.customerName ?? "conversation"}</Link>
                  <span className="muted">promised {formatWhen(c.promisedAt, nowMs)}</span>
                </div>
              </div>
              {c.closable ? (
                <CommitmentActions
                  what={`“${c.text}” to ${c.customerName ?? "the customer"}`}
                  busy={closingId === c.id}
                  onClose={(status) => onClose(c.id, status)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
