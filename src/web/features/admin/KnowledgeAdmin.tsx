import { useState } from "react";
import { teamLabel } from "../../lib/format.ts";
import { factValueProblem } from "../../../engine/knowledge.ts";
import type { KnowledgeFact, Team } from "../../../protocol/resources.ts";
import { EmptyState } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";
import { TeamOptions } from "./TeamOptions.tsx";

export interface NewFact {
  teamId: string | null;
  topic: string | null;
  statement: string;
  key: string | null;
  value: number | boolean | string;
  unit: string | null;
}

/** "30" → 30, "yes"/"true" → true, "no"/"false" → false, anything else stays text. */
export function parseFactValue(text: string): number | boolean | string {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^(yes|true)$/i.test(t)) return true;
  if (/^(no|false)$/i.test(t)) return false;
  return t;
}

/**
 * What is wrong with a value as typed, so the admin is told at once, before saving: a value no
 * claim could be checked against (a number with its unit, text under a unit of days). Null when
 * nothing is typed yet, or it is fine.
 */
export function typedValueProblem(draft: { value: string; unit: string }): string | null {
  if (draft.value.trim() === "") return null;
  const problem = factValueProblem(parseFactValue(draft.value), draft.unit.trim() || null);
  return problem === null ? null : `Value: ${problem}.`;
}

export type FactChanges = Partial<Omit<NewFact, "teamId">>;

/** What an edit changed, field by field (blank optional fields become null); empty when nothing did. */
export function factChanges(
  before: KnowledgeFact,
  draft: { topic: string; statement: string; key: string; value: string; unit: string },
): FactChanges {
  const after = {
    topic: draft.topic.trim() || null,
    statement: draft.statement.trim(),
    key: draft.key.trim() || null,
    value: parseFactValue(draft.value),
    unit: draft.unit.trim() || null,
  };
  const changes: FactChanges = {};
  if (after.topic !== before.topic) changes.topic = after.topic;
  if (after.statement !== before.statement) changes.statement = after.statement;
  if (after.key !== before.key) changes.key = after.key;
  if (after.value !== before.value) changes.value = after.value;
  if (after.unit !== before.unit) changes.unit = after.unit;
  return changes;
}

/** The knowledge base the engine checks agents' claims against. */
export function KnowledgeAdmin({
  facts,
  teams,
  onCreate,
  onUpdate,
  onDelete,
  busy,
}: {
  facts: readonly KnowledgeFact[];
  teams: readonly Team[];
  onCreate: (f: NewFact) => Promise<boolean>;
  /** A policy changed: the fact is corrected in place (resolves true once saved). */
  onUpdate: (id: string, changes: FactChanges) => Promise<boolean>;
  onDelete: (id: string) => Promise<boolean>;
  busy: boolean;
}) {
  // Deleting is asked twice: the engine stops citing the fact at once, and there is no undo.
  const [confirming, setConfirming] = useState<string | null>(null);
  const [editing, setEditing] = useState<{
    id: string;
    topic: string;
    statement: string;
    key: string;
    value: string;
    unit: string;
  } | null>(null);
  const empty = { teamId: "", topic: "", statement: "", key: "", value: "", unit: "" };
  const [d, setD] = useState(empty);
  const teamName = new Map(teams.map((t) => [t.id, teamLabel(t)]));
  return (
    <div className="stack">
      {facts.length === 0 ? (
        <EmptyState>No facts yet. Add the numbers and policies agents get asked about.</EmptyState>
      ) : (
        <TableScroll label="Knowledge facts">
          <table className="table" aria-label="Knowledge facts">
            <thead>
              <tr>
                <th scope="col">Statement</th>
                <th scope="col">Topic</th>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">Team</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {facts.map((f) =>
                editing?.id === f.id ? (
                  <tr key={f.id}>
                    <td colSpan={6}>
                      <form
                        className="filters"
                        aria-label={`Edit fact: ${f.statement}`}
                        onSubmit={(e) => {
                          e.preventDefault();
                          if (typedValueProblem(editing) !== null) return;
                          const changes = factChanges(f, editing);
                          if (Object.keys(changes).length === 0) return setEditing(null);
                          void onUpdate(f.id, changes).then((ok) => ok && setEditing(null));
                        }}
                      >
                        <FactFields
                          draft={editing}
                          onChange={(patch) => setEditing({ ...editing, ...patch })}
                        />
                        <button type="submit" className="btn primary" disabled={busy}>
                          Save
                        </button>
                        <button type="button" className="btn" onClick={() => setEditing(null)}>
                          Cancel
                        </button>
                      </form>
                    </td>
                  </tr>
                ) : (
                  <tr key={f.id}>
                    <td>{f.statement}</td>
                    <td>{f.topic ?? "—"}</td>
                    <td className="mono">{f.key ?? "—"}</td>
                    <td className="mono">{factValueText(f.value, f.unit)}</td>
                    <td>{f.teamId ? (teamName.get(f.teamId) ?? f.teamId) : "All teams"}</td>
                    <td>
                      {confirming === f.id ? (
                        <span role="group" aria-label={`Confirm deleting: ${f.statement}`} className="row">
                          <span>Delete this fact?</span>
                          <button
                            type="button"
                            className="btn danger"
                            disabled={busy}
                            onClick={() => void onDelete(f.id).then(() => setConfirming(null))}
                          >
                            Yes, delete
                          </button>
                          <button type="button" className="btn" onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <span className="row">
                          <button
                            type="button"
                            className="btn"
                            disabled={busy}
                            aria-label={`Edit fact: ${f.statement}`}
                            onClick={() =>
                              setEditing({
                                id: f.id,
                                topic: f.topic ?? "",
                                statement: f.statement,
                                key: f.key ?? "",
                                value: String(f.value),
                                unit: f.unit ?? "",
                              })
                            }
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            className="btn"
                            disabled={busy}
                            aria-label={`Delete fact: ${f.statement}`}
                            onClick={() => setConfirming(f.id)}
                          >
                            Delete
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </TableScroll>
      )}
      <form
        className="panel-body filters"
        style={{ borderTop: "1px solid var(--line)" }}
        aria-label="Add a fact"
        onSubmit={(e) => {
          e.preventDefault();
          if (typedValueProblem(d) !== null) return;
          void onCreate({
            teamId: d.teamId || null,
            topic: d.topic.trim() || null,
            statement: d.statement.trim(),
            key: d.key.trim() || null,
            value: parseFactValue(d.value),
            unit: d.unit.trim() || null,
          }).then((ok) => ok && setD(empty));
        }}
      >
        <FactFields draft={d} onChange={(patch) => setD({ ...d, ...patch })} placeholders />
        {/* What the fields are for: without it, a key with spaces and a number written in words
            (which no claim can be checked against) looked as good as any. */}
        <p className="muted small" id="fact-fields-help" style={{ flexBasis: "100%", margin: 0 }}>
          Tagteam checks what agents tell customers against the value: a number with a unit (day, hour,
          percent, USD…) is compared with the numbers agents quote on the topic. Key: a short name for the
          fact, in words joined by underscores (return_window); optional.
        </p>
        <label className="field">
          <span>Team</span>
          <select
            className="select"
            value={d.teamId}
            onChange={(e) => setD({ ...d, teamId: e.target.value })}
          >
            <option value="">All teams</option>
            <TeamOptions teams={teams} />
          </select>
        </label>
        <button className="btn primary" type="submit" disabled={busy}>
          Add fact
        </button>
      </form>
    </div>
  );
}

/**
 * A fact's value as people write it: a currency sign before the number ("$50", as the statement
 * says it, where the table read "50 $"), any other unit after it ("30 days", "15 percent").
 */
export function factValueText(value: KnowledgeFact["value"], unit: string | null): string {
  const v = String(value);
  if (unit === null || unit.trim() === "") return v;
  return /^[$€£¥₹]$/.test(unit.trim()) ? `${unit.trim()}${v}` : `${v} ${unit}`;
}

type FactDraft = { topic: string; statement: string; key: string; value: string; unit: string };

/** A fact's fields, as the add form and the edit row both ask for them. */
function FactFields({
  draft,
  onChange,
  placeholders = false,
}: {
  draft: FactDraft;
  onChange: (patch: Partial<FactDraft>) => void;
  /** The add form shows an example in each field. */
  placeholders?: boolean;
}) {
  const problem = typedValueProblem(draft);
  const field = (name: keyof FactDraft, label: string, example: string, required = false, grow = false) => (
    <label className={grow ? "field grow" : "field"} style={grow ? { minWidth: 260 } : undefined}>
      <span>{label}</span>
      <input
        className="input"
        required={required}
        aria-invalid={name === "value" && problem !== null ? true : undefined}
        value={draft[name]}
        onChange={(e) => onChange({ [name]: e.target.value })}
        // "e.g." before it: a bare "30" or "returns" in grey read as a fact already filled in,
        // the same as the edit row's values above the form.
        placeholder={placeholders ? `e.g. ${example}` : undefined}
      />
    </label>
  );
  return (
    <>
      {field("statement", "Statement", "Items can be returned within 30 days of delivery.", true, true)}
      {field("topic", "Topic", "returns")}
      {field("key", "Key", "return_window")}
      {field("value", "Value", "30", true)}
      {field("unit", "Unit", "day")}
      {problem !== null ? (
        <p className="notice error" role="alert" style={{ flexBasis: "100%", margin: 0 }}>
          {problem}
        </p>
      ) : null}
    </>
  );
}
