import { useMemo, useState } from "react";
import { Link } from "wouter";
import type { Me } from "../../../protocol/resources.ts";
import { loadFailed, useConversations, useTeams } from "../../lib/queries.ts";
import { useRealtimeStatus } from "../../realtime/RealtimeProvider.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { useNow } from "../../lib/useNow.ts";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { useIncidentConversations } from "../incidents/api.ts";
import { FloorFilters } from "./FloorFilters.tsx";
import { FloorTable } from "./FloorTable.tsx";
import { SetupChecklist } from "./SetupChecklist.tsx";
import {
  DEFAULT_FLOOR_FILTERS,
  describeLongWait,
  longWaitsOf,
  minRiskOf,
  presentFloor,
  summarizeFloor,
  type FloorFilterState,
} from "./floorModel.ts";
import { TableScroll } from "../../ui/TableScroll.tsx";

const FLOOR_LIMIT = 500;

/** The floor: every live conversation in my teams, riskiest first, updating as events arrive. */
export function FloorPage({ me }: { me: Me }) {
  const [filters, setFilters] = useState<FloorFilterState>(DEFAULT_FLOOR_FILTERS);
  const teams = useTeams();
  const conversations = useConversations({
    teamId: filters.teamId === "all" ? undefined : filters.teamId,
    channel: filters.channel === "all" ? undefined : filters.channel,
    minRisk: filters.risk === "all" ? undefined : minRiskOf(filters.risk),
    limit: FLOOR_LIMIT,
  });
  // Running times are shown in minutes, so a 10 s tick is plenty.
  const nowMs = useNow(10_000);
  const status = useRealtimeStatus();
  const incidentConversations = useIncidentConversations();
  const rows = useMemo(() => presentFloor(conversations.data ?? [], filters), [conversations.data, filters]);
  // Each team's own "long wait" (Admin → Thresholds), as the engine reads a long gap.
  const longWaits = useMemo(() => longWaitsOf(teams.data), [teams.data]);
  const stats = useMemo(() => summarizeFloor(rows, nowMs, longWaits), [rows, nowMs, longWaits]);
  const filtered =
    filters.teamId !== DEFAULT_FLOOR_FILTERS.teamId ||
    filters.channel !== DEFAULT_FLOOR_FILTERS.channel ||
    filters.risk !== DEFAULT_FLOOR_FILTERS.risk;
  const myTeams = (teams.data ?? []).filter((t) => me.role === "admin" || me.teamIds.includes(t.id));
  return (
    <>
      <PageHeader
        title="The floor"
        sub="Live conversations in your teams, highest risk first."
        actions={<LiveIndicator status={status} />}
      />
      {me.role === "admin" ? <SetupChecklist personId={me.id} /> : null}
      <div className="stats">
        <Stat label="Live conversations" value={stats.open} />
        <Stat label="High risk" value={stats.high} />
        <Stat label="Open alerts" value={stats.alerts} />
        <Stat label="Frustrated or angry customers" value={stats.frustrated} />
        <Stat
          label={`Waiting long for a reply (${describeLongWait(
            myTeams.filter((t) => filters.teamId === "all" || t.id === filters.teamId).map((t) => t.longWait),
          )})`}
          value={stats.waiting}
        />
      </div>
      <Panel
        title={<FloorFilters teams={myTeams} value={filters} onChange={setFilters} />}
        actions={conversations.isFetching ? <span className="small muted">updating…</span> : undefined}
        flush
      >
        {loadFailed(conversations) ? <ErrorNotice error={conversations.error} /> : null}
        {conversations.isPending ? (
          <div className="empty">Loading the floor…</div>
        ) : (
          // On a phone the table scrolls sideways in its panel; the page itself does not.
          <TableScroll label="Live conversations by risk">
            <FloorTable
              rows={rows}
              nowMs={nowMs}
              longWaits={longWaits}
              incidents={incidentConversations}
              empty={
                filtered ? undefined : me.role === "admin" ? (
                  <>
                    No live conversations right now. They appear here as customers write: through a team’s
                    chat widget (<Link href="/admin/teams">Teams</Link>), a helpdesk posting with an API token
                    (<Link href="/admin/tokens">API tokens</Link>), or the simulator (
                    <code>npx tagteam simulate</code>).
                  </>
                ) : (
                  "No live conversations in your teams right now. They appear here as customers write."
                )
              }
            />
          </TableScroll>
        )}
      </Panel>
    </>
  );
}

/** Whether the floor is receiving live updates right now. */
function LiveIndicator({ status }: { status: "connecting" | "online" | "offline" }) {
  if (status === "online")
    return (
      <Badge tone="ok" title="Receiving live updates">
        ● live
      </Badge>
    );
  if (status === "offline") return <Badge tone="bad">● offline — reconnecting</Badge>;
  return <Badge>● connecting…</Badge>;
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="panel stat">
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}
