import { useState } from "react";
import { ROLES, type Person, type Role, type Team } from "../../../protocol/resources.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";

export interface NewPerson {
  email: string;
  name: string;
  role: Role;
  password: string;
  teamIds: string[];
  topics: string[];
}

/** Splits "billing, returns" into trimmed, de-duplicated topics. */
export function parseTopics(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ""),
    ),
  ];
}

/** People: their role, teams and topics, edited in place; a form to add someone. */
export function PeopleAdmin({
  people,
  teams,
  onUpdate,
  onCreate,
  busy,
}: {
  people: readonly Person[];
  teams: readonly Team[];
  onUpdate: (id: string, patch: { role?: Role; teamIds?: string[]; topics?: string[] }) => void;
  onCreate: (p: NewPerson) => Promise<boolean>;
  busy: boolean;
}) {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const [draft, setDraft] = useState({
    email: "",
    name: "",
    role: "agent" as Role,
    password: "",
    teamId: "",
    topics: "",
  });
  return (
    <div className="stack">
      {people.length === 0 ? (
        <EmptyState>No people yet.</EmptyState>
      ) : (
        <table className="table" aria-label="People">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Teams</th>
              <th scope="col">Topics they know</th>
              <th scope="col">Availability</th>
              <th scope="col" className="num">
                Load
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>
                  <strong>{p.name}</strong>
                  <div className="small muted">{p.email}</div>
                </td>
                <td>
                  <select
                    className="select"
                    aria-label={`Role of ${p.name}`}
                    value={p.role}
                    disabled={busy}
                    onChange={(e) => onUpdate(p.id, { role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <div className="cues">
                    {p.teamIds.map((t) => (
                      <Badge key={t}>{teamName.get(t) ?? t}</Badge>
                    ))}
                  </div>
                </td>
                <td>
                  <input
                    className="input"
                    aria-label={`Topics ${p.name} knows`}
                    defaultValue={p.topics.join(", ")}
                    disabled={busy}
                    onBlur={(e) => {
                      const topics = parseTopics(e.target.value);
                      if (topics.join(",") !== p.topics.join(",")) onUpdate(p.id, { topics });
                    }}
                  />
                </td>
                <td>
                  <Badge
                    tone={
                      p.availability === "available" ? "ok" : p.availability === "busy" ? "warn" : "neutral"
                    }
                  >
                    {p.availability}
                  </Badge>
                </td>
                <td className="num">{p.load}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="panel-body filters"
        style={{ borderTop: "1px solid var(--line)" }}
        aria-label="Add a person"
        onSubmit={(e) => {
          e.preventDefault();
          void onCreate({
            email: draft.email.trim(),
            name: draft.name.trim(),
            role: draft.role,
            password: draft.password,
            teamIds: draft.teamId ? [draft.teamId] : [],
            topics: parseTopics(draft.topics),
          }).then((ok) => {
            if (ok) setDraft({ email: "", name: "", role: "agent", password: "", teamId: "", topics: "" });
          });
        }}
      >
        <label className="field">
          <span>Name</span>
          <input
            className="input"
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Email</span>
          <input
            className="input"
            type="email"
            required
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Role</span>
          <select
            className="select"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Team</span>
          <select
            className="select"
            value={draft.teamId}
            onChange={(e) => setDraft({ ...draft, teamId: e.target.value })}
          >
            <option value="">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Topics (comma-separated)</span>
          <input
            className="input"
            value={draft.topics}
            onChange={(e) => setDraft({ ...draft, topics: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Initial password (12+ characters)</span>
          <input
            className="input"
            type="password"
            minLength={12}
            required
            autoComplete="new-password"
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
        </label>
        <button className="btn primary" type="submit" disabled={busy}>
          Add person
        </button>
      </form>
    </div>
  );
}
