import { useState } from "react";
import { teamLabel } from "../../lib/format.ts";
import type { SignInLink } from "../../../protocol/http.ts";
import { ROLES, type Person, type Role, type Team } from "../../../protocol/resources.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";
import { TeamOptions } from "./TeamOptions.tsx";

export interface NewPerson {
  email: string;
  name: string;
  role: Role;
  /** Left out: the person gets a one-time sign-in link to choose their own. */
  password?: string;
  teamIds: string[];
  topics: string[];
}

/**
 * A one-time sign-in link for the admin to send someone: the whole address, selected on focus,
 * with a button that copies it, and until when it works.
 */
export function SignInLinkBox({
  name,
  link,
  onDismiss,
}: {
  name: string;
  link: SignInLink;
  /** Hides it once sent: it stays until then, whatever else the admin does meanwhile. */
  onDismiss?: () => void;
}) {
  const url = `${window.location.origin}${link.path}`;
  const [copied, setCopied] = useState(false);
  const until = new Date(link.expiresAt).toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
  return (
    <div className="notice stack" role="status" style={{ gap: 6 }}>
      <span>
        {link.purpose === "invite"
          ? `Send ${name} this link: they choose their own password with it and are signed in.`
          : `Send ${name} this link: they choose a new password with it (their current one works until then).`}{" "}
        It works once, until {until}; a newer link replaces it.
      </span>
      <div className="row" style={{ gap: 6 }}>
        <input
          className="input mono"
          readOnly
          aria-label={`Sign-in link for ${name}`}
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          style={{ flex: "1 1 260px" }}
        />
        <button
          type="button"
          className="btn small"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(url)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {copied ? "Copied" : "Copy link"}
        </button>
        {onDismiss !== undefined ? (
          <button
            type="button"
            className="btn small ghost"
            aria-label={`Dismiss the sign-in link for ${name}`}
            onClick={onDismiss}
          >
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
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
  onSignInLink,
  onSetActive,
}: {
  person: Person;
  isMe: boolean;
  busy: boolean;
  onSetPassword: (id: string, password: string) => Promise<boolean>;
  onSignInLink: (id: string) => Promise<SignInLink | null>;
  onSetActive: (id: string, active: boolean) => Promise<boolean>;
}) {
  const [mode, setMode] = useState<"idle" | "password" | "deactivate">("idle");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [link, setLink] = useState<SignInLink | null>(null);
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
            setLink(null);
            void onSignInLink(person.id).then(setLink);
          }}
        >
          Sign-in link
        </button>
        <button
          type="button"
          className="btn small ghost"
          disabled={busy}
          onClick={() => {
            setDone(null);
            setLink(null);
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
      {link !== null ? (
        <SignInLinkBox name={person.name} link={link} onDismiss={() => setLink(null)} />
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
  onSignInLink,
  onSetActive,
  meId,
  createError = null,
  busy,
}: {
  people: readonly Person[];
  teams: readonly Team[];
  onUpdate: (id: string, patch: { role?: Role; teamIds?: string[]; topics?: string[] }) => void;
  /** False when it failed; else the sign-in link made for them, when no password was given. */
  onCreate: (p: NewPerson) => Promise<false | { signInLink?: SignInLink }>;
  /** Why the last person was refused (an e-mail in use, a field too long), shown in the form. */
  createError?: string | null;
  onSetPassword: (id: string, password: string) => Promise<boolean>;
  onSignInLink: (id: string) => Promise<SignInLink | null>;
  onSetActive: (id: string, active: boolean) => Promise<boolean>;
  meId: string | null;
  busy: boolean;
}) {
  const teamName = new Map(teams.map((t) => [t.id, teamLabel(t)]));
  const [draft, setDraft] = useState({
    email: "",
    name: "",
    role: "agent" as Role,
    password: "",
    teamId: "",
    topics: "",
  });
  // Every link made for someone added this session, newest first, each until dismissed: adding the
  // next person hid the last one's, and an admin who had not copied it had to make a new one.
  const [invited, setInvited] = useState<{ key: string; name: string; link: SignInLink }[]>([]);
  return (
    <div className="stack">
      {people.length === 0 ? (
        <EmptyState>No people yet.</EmptyState>
      ) : (
        <TableScroll label="People">
          {/* On a phone each person is a card (theme.css, phone-cards): the roles are spelled out,
              as a table shown as blocks loses its meaning in some browsers (Safari). */}
          <table role="table" className="table phone-cards" aria-label="People">
            <thead role="rowgroup">
              <tr role="row">
                <th role="columnheader" scope="col">
                  Name
                </th>
                <th role="columnheader" scope="col">
                  Role
                </th>
                <th role="columnheader" scope="col">
                  Teams
                </th>
                <th role="columnheader" scope="col">
                  Topics they know
                </th>
                <th role="columnheader" scope="col">
                  Availability
                </th>
                <th role="columnheader" scope="col" className="num">
                  Load
                </th>
                <th role="columnheader" scope="col">
                  Account
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {people.map((p) => (
                <tr role="row" key={p.id} className={p.active ? undefined : "inactive"}>
                  <td role="cell" className="card-wide">
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
                  <td role="cell" data-label="Role">
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
                  <td role="cell" data-label="Teams">
                    <TeamsCell
                      person={p}
                      teams={teams}
                      teamName={teamName}
                      busy={busy}
                      onSave={(teamIds) => onUpdate(p.id, { teamIds })}
                    />
                  </td>
                  <td role="cell" className="card-wide" data-label="Topics they know">
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
                  <td role="cell" data-label="Availability">
                    <Badge
                      tone={
                        p.availability === "available" ? "ok" : p.availability === "busy" ? "warn" : "neutral"
                      }
                    >
                      {p.availability}
                    </Badge>
                  </td>
                  <td role="cell" className="num" data-label="Load">
                    {p.load}
                  </td>
                  <td role="cell" className="card-wide" data-label="Account">
                    <AccountCell
                      person={p}
                      isMe={p.id === meId}
                      busy={busy}
                      onSetPassword={onSetPassword}
                      onSignInLink={onSignInLink}
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
          const name = draft.name.trim();
          void onCreate({
            email: draft.email.trim(),
            name,
            role: draft.role,
            ...(draft.password !== "" ? { password: draft.password } : {}),
            teamIds: draft.teamId ? [draft.teamId] : [],
            topics: parseTopics(draft.topics),
          }).then((created) => {
            if (created === false) return;
            setDraft({ email: "", name: "", role: "agent", password: "", teamId: "", topics: "" });
            const link = created.signInLink;
            if (link !== undefined)
              setInvited((list) => [
                { key: `${name} ${link.path}`, name, link },
                ...list.filter((i) => i.name !== name),
              ]);
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
            <TeamOptions teams={teams} />
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
          <span>Password (optional)</span>
          <input
            className="input"
            type="password"
            minLength={12}
            autoComplete="new-password"
            aria-describedby="new-person-password-hint"
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
          <small id="new-person-password-hint" className="muted">
            Leave empty to get a sign-in link to send them: they choose their own. Else 12+ characters.
          </small>
        </label>
        <button className="btn primary" type="submit" disabled={busy}>
          Add person
        </button>
        {createError !== null ? (
          <div className="notice error" role="alert" style={{ flexBasis: "100%" }}>
            {createError}
          </div>
        ) : null}
      </form>
      {invited.length > 0 ? (
        <div className="panel-body stack">
          {invited.map((i) => (
            <SignInLinkBox
              key={i.key}
              name={i.name}
              link={i.link}
              onDismiss={() => setInvited((list) => list.filter((x) => x.key !== i.key))}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A person's teams, and a way to change them: someone added with "No team" (the form's default) or
 * the wrong one, a lead of two teams. Without it only the API could, and a person in no team gets
 * no conversations and no alerts.
 */
function TeamsCell({
  person,
  teams,
  teamName,
  busy,
  onSave,
}: {
  person: Person;
  teams: readonly Team[];
  teamName: ReadonlyMap<string, string>;
  busy: boolean;
  onSave: (teamIds: string[]) => void;
}) {
  const [picked, setPicked] = useState<string[] | null>(null);
  if (picked === null)
    return (
      <div className="cues names">
        {person.teamIds.length === 0 ? <span className="muted small">no team</span> : null}
        {person.teamIds.map((t) => (
          <Badge key={t}>{teamName.get(t) ?? t}</Badge>
        ))}
        {person.active && teams.length > 0 ? (
          <button
            type="button"
            className="btn small ghost"
            aria-label={`Change teams of ${person.name}`}
            disabled={busy}
            onClick={() => setPicked([...person.teamIds])}
          >
            Change…
          </button>
        ) : null}
      </div>
    );
  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0, gap: 4 }}>
      <legend className="visually-hidden">Teams of {person.name}</legend>
      {teams.map((t) => (
        <label key={t.id} className="row small">
          <input
            type="checkbox"
            checked={picked.includes(t.id)}
            onChange={(e) =>
              setPicked(e.target.checked ? [...picked, t.id] : picked.filter((id) => id !== t.id))
            }
          />
          <span>{teamLabel(t)}</span>
        </label>
      ))}
      <div className="row">
        <button
          type="button"
          className="btn small primary"
          disabled={busy}
          onClick={() => {
            onSave(teams.map((t) => t.id).filter((id) => picked.includes(id)));
            setPicked(null);
          }}
        >
          Save teams
        </button>
        <button type="button" className="btn small ghost" onClick={() => setPicked(null)}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
