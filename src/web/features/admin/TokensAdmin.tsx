import { useState } from "react";
import type { ApiToken, Person, Team } from "../../../protocol/resources.ts";
import { formatWhen } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

/**
 * A first request with a new token, to paste into a shell: one customer line into `team` (or a
 * placeholder for a team's id when there is none yet). Single-quoted for the shell, so the
 * JSON goes as it is.
 */
export function firstMessageCommand(
  origin: string,
  secret: string,
  team: Pick<Team, "id"> | undefined,
): string {
  const body = JSON.stringify({
    senderMessageId: "example-1",
    conversationId: "example-ticket-1",
    teamId: team?.id ?? "<team id: Admin → Teams>",
    role: "customer",
    author: "Nia Okafor",
    text: "Hello, my parcel has not arrived yet.",
  });
  return [
    `curl -X POST ${origin}/api/v1/messages \\`,
    `  -H "Authorization: Bearer ${secret}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join("\n");
}

/** API tokens for ingestion and integrations; a new token's secret is shown once. */
export function TokensAdmin({
  tokens,
  people = [],
  teams = [],
  newSecret,
  onCreate,
  onRevoke,
  busy,
}: {
  tokens: readonly ApiToken[];
  /** To say whom each token acts as: what it may post into and read is that person's. */
  people?: readonly Pick<Person, "id" | "name">[];
  /** For the first request shown with a new token (into the first team). */
  teams?: readonly Pick<Team, "id" | "name">[];
  newSecret: string | null;
  onCreate: (name: string, scopes: ("ingest" | "api")[]) => void;
  onRevoke: (id: string) => void;
  busy: boolean;
}) {
  const [name, setName] = useState("");
  const [api, setApi] = useState(false);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="stack">
      {newSecret !== null ? (
        <div className="notice" role="status">
          <strong>Copy this token now — it will not be shown again:</strong>
          <div
            className="mono"
            style={{ marginTop: 4, wordBreak: "break-all" }}
            data-testid="new-token-secret"
          >
            {newSecret}
          </div>
          <p style={{ margin: "10px 0 4px" }}>
            A first message with it
            {teams[0] !== undefined && teams[0].name.trim() !== "" ? ` (into ${teams[0].name})` : ""}, from a
            shell; your helpdesk or script sends the same (one message, or{" "}
            <code>{"{ messages: [...] }"}</code> with up to 500):
          </p>
          {/* A figure may carry a name (a bare pre may not), which the copy is found by. */}
          <figure aria-label="Example request" style={{ margin: 0 }}>
            <pre className="mono" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", margin: 0 }}>
              {firstMessageCommand(origin, newSecret, teams[0])}
            </pre>
          </figure>
          <p className="small" style={{ margin: "6px 0 0" }}>
            Every route and field: <a href="/openapi.json">the API description (OpenAPI)</a>. The conversation
            appears on the floor; close it with <code>POST /api/v1/conversations/close</code> when it ends.
          </p>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <EmptyState>No API tokens.</EmptyState>
      ) : (
        <TableScroll label="API tokens">
          <table className="table" aria-label="API tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Acts as</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{people.find((p) => p.id === t.personId)?.name ?? <span className="muted">—</span>}</td>
                  <td>
                    {/* A space between the badges: read aloud (or copied) they were "apiingest". */}
                    {t.scopes.map((s, i) => (
                      <span key={s}>
                        {i > 0 ? " " : null}
                        <Badge>{s}</Badge>
                      </span>
                    ))}
                  </td>
                  <td>{new Date(t.createdAt).toLocaleDateString()}</td>
                  <td>{t.lastUsedAt ? formatWhen(t.lastUsedAt) : "never"}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small danger"
                      disabled={busy}
                      onClick={() => onRevoke(t.id)}
                      aria-label={`Revoke token ${t.name}`}
                    >
                      Revoke
                    </button>
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
        aria-label="Create an API token"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() === "") return;
          onCreate(name.trim(), api ? ["ingest", "api"] : ["ingest"]);
          setName("");
        }}
      >
        <label className="field">
          <span>Token name</span>
          <input
            className="input"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Helpdesk webhook"
          />
        </label>
        <label className="row" style={{ alignSelf: "center" }}>
          <input type="checkbox" checked={api} onChange={(e) => setApi(e.target.checked)} />
          <span>Also full API access (not only ingestion)</span>
        </label>
        <button className="btn primary" type="submit" disabled={busy}>
          Create token
        </button>
      </form>
    </div>
  );
}
