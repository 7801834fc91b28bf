import { useState } from "react";
import { teamLabel } from "../../lib/format.ts";
import type { EscalationProtocol, Person } from "../../../protocol/resources.ts";

type Level = EscalationProtocol["levels"][number];
const MINUTE_MS = 60_000;

/** A team's escalation protocol: who is asked, in order, and how long each level has to answer. */
export function ProtocolAdmin({
  protocol,
  people,
  team,
  onSave,
  busy,
}: {
  protocol: EscalationProtocol;
  people: readonly Person[];
  /** The team whose protocol this is, and how many active leads it has: a "leads" level with none asks nobody. */
  team?: { name: string; leads: number };
  onSave: (next: Pick<EscalationProtocol, "levels" | "autoEscalate">) => void;
  busy: boolean;
}) {
  const [levels, setLevels] = useState<Level[]>(protocol.levels);
  // The minutes as typed, per level: a field being retyped may be empty for a moment (it used to
  // snap back to 1 at once, so clearing "5" to type "10" gave "110").
  const [minutes, setMinutes] = useState<string[]>(() =>
    protocol.levels.map((l) => String(Math.round(l.acknowledgeWithinMs / MINUTE_MS))),
  );
  const [autoEscalate, setAutoEscalate] = useState(protocol.autoEscalate);
  const set = (i: number, patch: Partial<Level>) =>
    setLevels(levels.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <form
      className="stack"
      aria-label="Escalation protocol"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ levels, autoEscalate });
      }}
    >
      <ol className="stack" style={{ margin: 0, paddingLeft: 18 }}>
        {levels.map((l, i) => (
          <li key={i}>
            <div className="filters">
              <label className="field">
                <span>Level {i + 1} asks</span>
                <select
                  className="select"
                  value={l.target}
                  onChange={(e) => set(i, { target: e.target.value as Level["target"], personId: null })}
                >
                  <option value="lead">the team’s leads</option>
                  <option value="person">one person</option>
                  <option value="admin">the admins</option>
                </select>
              </label>
              {l.target === "person" ? (
                <label className="field">
                  <span>Person</span>
                  <select
                    className="select"
                    value={l.personId ?? ""}
                    onChange={(e) => set(i, { personId: e.target.value || null })}
                    required
                  >
                    <option value="">Choose…</option>
                    {people.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name} ({p.role})
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <label className="field">
                <span>Minutes to acknowledge</span>
                <input
                  className="input"
                  type="number"
                  min={1}
                  max={240}
                  style={{ width: 110 }}
                  required
                  value={minutes[i] ?? ""}
                  onChange={(e) => {
                    const typed = e.target.value;
                    setMinutes(minutes.map((m, j) => (j === i ? typed : m)));
                    if (typed !== "" && Number(typed) >= 1)
                      set(i, { acknowledgeWithinMs: Math.round(Number(typed) * MINUTE_MS) });
                  }}
                />
              </label>
              <button
                type="button"
                className="btn small ghost"
                aria-label={`Remove level ${i + 1}`}
                onClick={() => {
                  setLevels(levels.filter((_, j) => j !== i));
                  setMinutes(minutes.filter((_, j) => j !== i));
                }}
              >
                Remove
              </button>
            </div>
            {l.target === "lead" && team !== undefined && team.leads === 0 ? (
              <p className="notice" role="note" style={{ margin: "6px 0 0" }}>
                {teamLabel(team)} has no lead: this level asks nobody, so an escalation goes on to the next
                level at once. Make someone its lead on Admin → People, or choose another target.
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="row">
        <button
          type="button"
          className="btn small"
          onClick={() => {
            setLevels([...levels, { target: "lead", personId: null, acknowledgeWithinMs: 5 * MINUTE_MS }]);
            setMinutes([...minutes, "5"]);
          }}
        >
          Add a level
        </button>
      </div>
      <label className="row">
        <input type="checkbox" checked={autoEscalate} onChange={(e) => setAutoEscalate(e.target.checked)} />
        <span>
          Escalate without waiting for a lead when a conversation clearly needs it: a safety risk, a request
          beyond the agent’s authority, or a customer still irate after help
        </span>
      </label>
      <div className="row">
        <button
          type="submit"
          className="btn primary"
          disabled={busy || levels.length === 0}
          aria-describedby={levels.length === 0 ? "protocol-no-level" : undefined}
        >
          Save protocol
        </button>
        {levels.length === 0 ? (
          // A disabled button says nothing of why: the reason, beside it.
          <span id="protocol-no-level" className="muted" role="status">
            No level is left: an escalation would have nobody to ask. Add a level to save.
          </span>
        ) : null}
      </div>
    </form>
  );
}
