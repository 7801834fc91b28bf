import { CHANNELS, type Team } from "../../../protocol/resources.ts";
import { CHANNEL_LABEL } from "../../lib/format.ts";
import { Segmented } from "../../ui/Segmented.tsx";
import type { FloorFilterState, RiskFilter } from "./floorModel.ts";

const RISK_OPTIONS: { value: RiskFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "watch", label: "Watch ≥30%" },
  { value: "high", label: "High ≥60%" },
];

/** Team, channel and risk filters for the floor. */
export function FloorFilters({
  teams,
  value,
  onChange,
}: {
  teams: readonly Team[];
  value: FloorFilterState;
  onChange: (next: FloorFilterState) => void;
}) {
  return (
    <div className="filters" role="search" aria-label="Filter the floor">
      <label className="field">
        <span>Team</span>
        <select
          className="select"
          value={value.teamId}
          onChange={(e) => onChange({ ...value, teamId: e.target.value })}
        >
          <option value="all">All my teams</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Channel</span>
        <select
          className="select"
          value={value.channel}
          onChange={(e) => onChange({ ...value, channel: e.target.value as FloorFilterState["channel"] })}
        >
          <option value="all">All channels</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABEL[c]}
            </option>
          ))}
        </select>
      </label>
      <Segmented
        label="Risk"
        value={value.risk}
        options={RISK_OPTIONS}
        onChange={(risk) => onChange({ ...value, risk })}
      />
    </div>
  );
}
