import { useState } from "react";
import { ROLES, type Person, type Role, type Team } from "../../../protocol/resources.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

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

/**
 * One person's account, in the row's last cell: set a new password (they are signed out
 * everywhere), deactivate someone who left (asked first), or reactivate them.
 */
function AccountCell({
  person,
  isMe,
  busy,
  onSetPassword,
  onSetActive,
}: {
  person: Person;
  isMe: boolean;
  busy: boolean;
  onSetPassword: (id: string, password: string) => Promise<boolean>;
  onSetActive: (id: string, active: boolean) => Promise<boolean>;
}) {
  const [mode, setMode] = useState<"idle" | "password" | "deactivate">("idle");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState<string | null>(null);
  if (!person.active)
    return (
      <div className="row" style={{ gap: 6 }}>
        <Badge tone="bad">deactivated</Badge>
        <button
          type="button"
          className="btn small"
          disabled={busy}
          onClick={() => void onSetActive(person.id, true)}
        >
          Reactivate
        </button>
      </div>
    );
  if (isMe) return <span className="small muted">you (Account page)</span>;
  if (mode === "password")
    return (
      <form
        className="row"
        style={{ gap: 6 }}
        aria-label={`New password for ${person.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          void onSetPassword(person.id, password).then((ok) => {
            if (!ok) return;
            setMode("idle");
            setPassword("");
            setDone("Password set; they were signed out.");
          });
        }}
      >
        <input
          className="input"
          type="password"
          minLength={12}
          required
          autoComplete="new-password"
          aria-label={`New password for ${person.name} (12+ characters)`}
          placeholder="12+ characters"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="btn small primary" disabled={busy}>
          Set
        </button>
        <button type="button" className="btn small ghost" onClick={() => setMode("idle")}>
          Cancel
        </button>
      </form>
    );
  if (mode === "deactivate")
    return (
      <div className="stack" style={{ gap: 6 }} role="group" aria-label={`Deactivate ${person.name}?`}>
        <span className="small">
          {person.name} will be signed out, their API tokens stop working, and nobody is sent to them. Alerts
          and escalations waiting on them go to someone else, and their open conversations wait for the next
          agent.
        </span>
        <div className="row" style={{ gap: 6 }}>
          <button
            type="button"
            className="btn small danger"
            disabled={busy}
            onClick={() => void onSetActive(person.id, false).then(() => setMode("idle"))}
          >
            Deactivate {person.name}
          </button>
          <button type="button" className="btn small ghost" onClick={() => setMode("idle")}>
            Cancel
          </button>
        </div>
      </div>
    );
  return (
    <div className="stack" style={{ gap: 4 }}>
      <div className="row" style={{ gap: 6 }}>
        <button
          type="button"
          className="btn small"
          disabled={busy}
          onClick={() => {
            setDone(null);
            setMode("password");
          }}
        >
          Set password…
        </button>
        <button
          type="button"
          className="btn small ghost"
          disabled={busy}
          onClick={() => {
            setDone(null);
            setMode("deactivate");
          }}
        >
          Deactivate…
        </button>
      </div>
      {done !== null ? (
        <span className="small muted" role="status">
          {done}
        </span>
      ) : null}
    </div>
  );
}

/** People: their role, teams and topics, edited in place; their accounts; a form to add someone. */
export function PeopleAdmin({
  people,
  teams,
  onUpdate,
  onCreate,
  onSetPassword,
  onSetActive,
  meId,
  busy,
}: {
  people: readonly Person[];
  teams: readonly Team[];
  onUpdate: (id: string, patch: { role?: Role; teamIds?: string[]; topics?: string[] }) => void;
  onCreate: (p: NewPerson) => Promise<boolean>;
  onSetPassword: (id: string, password: string) => Promise<boolean>;
  onSetActive: (id: string, active: boolean) => Promise<boolean>;
  meId: string | null;
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
        <TableScroll label="People">
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
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id} className={p.active ? undefined : "inactive"}>
                  <td>
                    <strong>{p.name}</strong>
                    {p.present ? (
                      <span
                        className="presence-dot"
                        title="In tagteam now: a signed-in page is open, so alerts reach them"
                      >
                        <span className="visually-hidden">in tagteam now</span>
                      </span>
                    ) : null}
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
                  <td>
                    <AccountCell
                      person={p}
                      isMe={p.id === meId}
                      busy={busy}
                      onSetPassword={onSetPassword}
                      onSetActive={onSetActive}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
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
