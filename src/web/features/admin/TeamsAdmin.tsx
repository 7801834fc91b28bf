import { useState } from "react";
import { teamLabel } from "../../lib/format.ts";
import type { KnowledgeFact, Person, Team } from "../../../protocol/resources.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

/** The script tag a team adds to its site to get the customer chat button. */
export function embedSnippet(chatKey: string, origin: string): string {
  return `<script src="${origin}/embed.js" data-chat-key="${chatKey}" async></script>`;
}

/** Teams with their members and chat widget snippet, and a form to add one. */
export function TeamsAdmin({
  teams,
  people,
  onCreate,
  onRename,
  createError = null,
  busy,
}: {
  teams: readonly Team[];
  people: readonly Person[];
  /** Resolves true once added (false: refused, `createError` says why). */
  onCreate: (name: string) => Promise<boolean>;
  /** Why the last name was refused, shown in the form. */
  createError?: string | null;
  /** Resolves true once renamed (false: the error is shown above). */
  onRename: (id: string, name: string) => Promise<boolean>;
  busy: boolean;
}) {
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="stack">
      {teams.length === 0 ? (
        <EmptyState>No teams yet.</EmptyState>
      ) : (
        <TableScroll label="Teams">
          <table className="table" aria-label="Teams">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Leads</th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col">Team id (imports, webhooks, the API)</th>
                <th scope="col">Chat widget snippet (paste into your site)</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => {
                const members = people.filter((p) => p.teamIds.includes(t.id));
                return (
                  <tr key={t.id}>
                    <td>
                      {renaming?.id === t.id ? (
                        <form
                          className="row"
                          aria-label={`Rename ${teamLabel(t)}`}
                          onSubmit={(e) => {
                            e.preventDefault();
                            const next = renaming.name.trim();
                            if (next === "" || next === t.name) return setRenaming(null);
                            void onRename(t.id, next).then((ok) => ok && setRenaming(null));
                          }}
                        >
                          <input
                            className="input"
                            aria-label="New name"
                            required
                            maxLength={200}
                            value={renaming.name}
                            onChange={(e) => setRenaming({ id: t.id, name: e.target.value })}
                          />
                          <button type="submit" className="btn small primary" disabled={busy}>
                            Save
                          </button>
                          <button type="button" className="btn small" onClick={() => setRenaming(null)}>
                            Cancel
                          </button>
                        </form>
                      ) : (
                        <span className="row">
                          {/* A blank name (from before names were required) showed as an empty row. */}
                          {t.name.trim() === "" ? (
                            <em className="muted">{teamLabel(t)}</em>
                          ) : (
                            <strong>{t.name}</strong>
                          )}
                          <button
                            type="button"
                            className="btn small ghost"
                            aria-label={`Rename ${teamLabel(t)}`}
                            onClick={() => setRenaming({ id: t.id, name: t.name.trim() })}
                          >
                            Rename
                          </button>
                        </span>
                      )}
                    </td>
                    <td>
                      {members
                        .filter((p) => p.role === "lead")
                        .map((p) => p.name)
                        .join(", ") || <span className="muted">no lead</span>}
                    </td>
                    <td className="num">{members.length}</td>
                    <td>
                      {/* What `tagteam import --team`, a webhook's team and the API ask for. */}
                      <code className="mono" style={{ userSelect: "all", wordBreak: "break-all" }}>
                        {t.id}
                      </code>
                    </td>
                    <td>
                      <code className="mono" style={{ userSelect: "all", wordBreak: "break-all" }}>
                        {embedSnippet(t.chatKey, origin)}
                      </code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <form
        className="panel-body filters"
        style={{ borderTop: "1px solid var(--line)" }}
        aria-label="Add a team"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() === "") return;
          // A refused name stays in the box to be corrected.
          void onCreate(name.trim()).then((ok) => ok && setName(""));
        }}
      >
        <label className="field">
          <span>Team name</span>
          <input
            className="input"
            required
            value={name}
            aria-invalid={createError !== null}
            aria-describedby={createError !== null ? "new-team-error" : undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button className="btn primary" type="submit" disabled={busy}>
          Add team
        </button>
        {createError !== null ? (
          <div id="new-team-error" className="notice error" role="alert" style={{ flexBasis: "100%" }}>
            {createError}
          </div>
        ) : null}
      </form>
    </div>
  );
}

/** Topics as the router sees them: who knows each (declared or learned) and how many facts cover it. */
export function TopicsAdmin({
  people,
  facts,
}: {
  people: readonly Person[];
  facts: readonly KnowledgeFact[];
}) {
  const topics = new Map<string, { people: string[]; facts: number }>();
  const entry = (t: string) => {
    const e = topics.get(t) ?? { people: [], facts: 0 };
    topics.set(t, e);
    return e;
  };
  for (const p of people) for (const t of p.topics) entry(t).people.push(p.name);
  for (const f of facts) if (f.topic) entry(f.topic).facts += 1;
  const rows = [...topics.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  if (rows.length === 0)
    return <EmptyState>No topics yet: give people topics, or add facts with a topic.</EmptyState>;
  return (
    <TableScroll label="Topics">
      <table className="table" aria-label="Topics">
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Who knows it</th>
            <th scope="col" className="num">
              Facts
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([topic, e]) => (
            <tr key={topic}>
              <td>
                <Badge tone="accent">{topic}</Badge>
              </td>
              <td>{e.people.join(", ") || <span className="muted">nobody yet — a gap</span>}</td>
              <td className="num">{e.facts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
