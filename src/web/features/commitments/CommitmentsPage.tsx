import { useQueryClient } from "@tanstack/react-query";
import { Link } from "wouter";
import type { CommitmentsOverview, Me } from "../../../protocol/index.ts";
import { formatDue } from "../../lib/format.ts";
import { useNow } from "../../lib/useNow.ts";
import { useRealtimeEvents } from "../../realtime/RealtimeProvider.tsx";
import { Badge, type Tone } from "../../ui/Badge.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { commitmentKeys, useCommitmentsOverview } from "./api.ts";

type Item = CommitmentsOverview["agents"][number]["commitments"][number];
const TONE: Record<Item["state"], Tone> = {
  overdue: "bad",
  due_soon: "warn",
  upcoming: "info",
  no_date: "neutral",
};

/** Follow-ups promised to customers, per agent: overdue first, then due within a day. */
export function CommitmentsPage({ me }: { me: Me }) {
  const client = useQueryClient();
  const overview = useCommitmentsOverview();
  const nowMs = useNow(60_000);
  useRealtimeEvents((e) => {
    if (e.type.startsWith("commitment."))
      void client.invalidateQueries({ queryKey: commitmentKeys.overview });
  });
  return (
    <>
      <PageHeader
        title="Follow-ups"
        sub={
          me.role === "agent"
            ? "What you promised customers, and when."
            : "What each agent promised customers, and when."
        }
      />
      {overview.isError ? (
        <ErrorNotice error={overview.error} />
      ) : overview.isPending ? (
        <div className="empty">Loading…</div>
      ) : overview.data.length === 0 ? (
        <EmptyState>No open follow-ups.</EmptyState>
      ) : (
        overview.data.map((a) => (
          <Panel
            key={a.personId}
            title={a.name}
            actions={
              <>
                {a.overdue > 0 ? <Badge tone="bad">{a.overdue} overdue</Badge> : null}
                {a.dueSoon > 0 ? <Badge tone="warn">{a.dueSoon} due today</Badge> : null}
              </>
            }
          >
            {a.commitments.length === 0 ? (
              <EmptyState>No open follow-ups.</EmptyState>
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
                        <Link href={`/conversations/${c.conversationId}`}>conversation</Link>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        ))
      )}
    </>
  );
}
