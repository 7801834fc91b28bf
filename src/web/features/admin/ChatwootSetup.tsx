import { useState } from "react";
import { teamLabel } from "../../lib/format.ts";
import type { Person, Team } from "../../../protocol/resources.ts";
import { Badge } from "../../ui/Badge.tsx";
import { TeamOptions } from "./TeamOptions.tsx";

/** Where the webhook's token goes in the URL until one is created here. */
export const TOKEN_PLACEHOLDER = "<ingest token>";

/**
 * The address Chatwoot's webhook posts to: the server's address as the admin reaches it, the team
 * the conversations go to, and an ingest token (Chatwoot cannot send a header, so it rides in the URL).
 */
export function chatwootWebhookUrl(
  origin: string,
  teamId: string,
  token: string | null,
  agents: ReadonlyMap<string, string> = new Map(),
): string {
  // Chatwoot user id → e-mail: its reassignments name the assignee by id only.
  const pairs = [...agents].map(([id, email]) => `${id}:${email}`).join(",");
  const query = `team=${encodeURIComponent(teamId)}${pairs === "" ? "" : `&agents=${encodeURIComponent(pairs)}`}&token=${token === null ? TOKEN_PLACEHOLDER : encodeURIComponent(token)}`;
  return `${origin.replace(/\/+$/, "")}/api/v1/webhooks/chatwoot?${query}`;
}

/** A Chatwoot user id as typed: digits only, else nothing. */
const CHATWOOT_USER_ID = /^\d{1,12}$/;

type TokenState =
  | { kind: "none" }
  | { kind: "creating" }
  | { kind: "created"; teamId: string; secret: string }
  | { kind: "failed"; message: string };

/**
 * Admin → Integrations, "Connect Chatwoot": what to paste where, in both directions. Messages in:
 * the webhook URL for the chosen team, with a token made for it here (shown once), and the events to
 * tick in Chatwoot. Out: whispers as private notes and teammates' replies as messages to the
 * customer, through the organisation's Chatwoot (set above) or the server's, and which serves now.
 */
export function ChatwootSetup({
  teams,
  origin,
  outlet,
  onCreateToken,
  people = [],
}: {
  teams: readonly Team[];
  /** The organisation's people: the chosen team's active ones get a Chatwoot user id each. */
  people?: readonly Person[];
  /** The server's address as the admin's browser reaches it (`window.location.origin`). */
  origin: string;
  /** Whose Chatwoot whispers and replies go out through: the organisation's own, the server's, or none. */
  outlet: "organisation" | "server" | null;
  /** Creates an ingest token acting as the admin; resolves to its secret, or rejects with why not. */
  onCreateToken: (name: string) => Promise<string>;
}) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  const [token, setToken] = useState<TokenState>({ kind: "none" });
  const [copied, setCopied] = useState(false);
  /** Chatwoot user ids typed, by tagteam person id. */
  const [chatwootIds, setChatwootIds] = useState<Record<string, string>>({});
  const team = teams.find((t) => t.id === teamId) ?? teams[0];
  // A token made for another team's URL still works (it acts as the admin), so it is kept.
  const secret = token.kind === "created" ? token.secret : null;
  const members = people.filter((p) => p.active && team !== undefined && p.teamIds.includes(team.id));
  const agents = new Map<string, string>();
  for (const p of members) {
    const id = (chatwootIds[p.id] ?? "").trim();
    if (CHATWOOT_USER_ID.test(id)) agents.set(id, p.email);
  }
  const url = team === undefined ? null : chatwootWebhookUrl(origin, team.id, secret, agents);

  const create = async () => {
    if (team === undefined) return;
    setToken({ kind: "creating" });
    setCopied(false);
    try {
      setToken({
        kind: "created",
        teamId: team.id,
        secret: await onCreateToken(`Chatwoot webhook (${teamLabel(team)})`),
      });
    } catch (e) {
      setToken({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  };
  const copy = async () => {
    if (url === null) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section aria-labelledby="chatwoot-setup-title" style={{ borderTop: "1px solid var(--line)" }}>
      <div className="panel-head">
        <h2 id="chatwoot-setup-title">Connect Chatwoot</h2>
      </div>
      <div className="panel-body stack">
        <p className="small" style={{ margin: 0 }}>
          Connected both ways, Chatwoot’s conversations come into tagteam as they happen and are watched like
          any other; helpers’ whispers go back to the agent as private notes the customer never sees; and a
          teammate’s reply typed here goes to the customer as a message in the same Chatwoot conversation.
        </p>
        <div className="stack" style={{ gap: 6 }}>
          <h3 style={{ margin: 0 }}>1. Messages in: Chatwoot’s webhook</h3>
          {team === undefined ? (
            <p className="muted">
              Create a team first (Admin → Teams): the webhook’s conversations go to a team.
            </p>
          ) : (
            <>
              <div className="filters">
                {teams.length > 1 ? (
                  <label className="field">
                    <span>Conversations go to</span>
                    <select className="input" value={team.id} onChange={(e) => setTeamId(e.target.value)}>
                      <TeamOptions teams={teams} />
                    </select>
                  </label>
                ) : null}
                <button
                  type="button"
                  className="btn"
                  disabled={token.kind === "creating"}
                  onClick={() => void create()}
                >
                  {secret === null ? "Create a token for this webhook" : "Create another token"}
                </button>
              </div>
              <label className="field">
                <span>Webhook URL</span>
                <input
                  className="input mono"
                  readOnly
                  value={url ?? ""}
                  onFocus={(e) => e.currentTarget.select()}
                  data-testid="chatwoot-webhook-url"
                />
              </label>
              <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
                <button type="button" className="btn small" onClick={() => void copy()}>
                  Copy URL
                </button>
                <span role="status" className="muted small">
                  {token.kind === "failed"
                    ? `Could not create a token: ${token.message}`
                    : copied
                      ? "Copied."
                      : secret !== null
                        ? "The token is in the URL: copy it now, it will not be shown again. It is listed under API tokens, where you can revoke it."
                        : `Replace ${TOKEN_PLACEHOLDER} with an API token that has the ingest scope, or create one here.`}
                </span>
              </div>
              <ol className="small" style={{ margin: 0, paddingLeft: 20 }}>
                <li>
                  In Chatwoot, open <strong>Settings → Integrations → Webhooks</strong> and choose{" "}
                  <strong>Add new webhook</strong>.
                </li>
                <li>Paste the URL above as the webhook URL.</li>
                <li>
                  Tick the events <strong>Message created</strong> (messages in),{" "}
                  <strong>Conversation status changed</strong> (a resolved conversation closes here) and{" "}
                  <strong>Conversation updated</strong> (a reassignment there moves the conversation to its
                  new agent here); the others are not needed.
                </li>
                <li>
                  If Chatwoot shows the webhook a secret, set <code>TAGTEAM_CHATWOOT_WEBHOOK_SECRET</code> to
                  it and restart: then only requests Chatwoot signed are read.
                </li>
              </ol>
              <p className="small" style={{ margin: 0 }}>
                Agents are matched by e-mail: each Chatwoot agent needs a person under Admin → People with the
                e-mail they use in Chatwoot. Without one, their conversations have no agent here, and no
                teammate can be asked to help them (the server&apos;s log names each such agent once).
              </p>
              {members.length > 0 ? (
                <fieldset className="stack" style={{ gap: 6, border: 0, padding: 0, margin: 0 }}>
                  <legend className="small">
                    <strong>Chatwoot agents.</strong> Chatwoot names a conversation&apos;s new agent by their
                    Chatwoot user id only (no e-mail), so a reassignment there reaches tagteam only for the
                    people given their id here (Chatwoot: Settings → Agents, the number in an agent&apos;s
                    address). The ids go into the URL above: paste it again after a change.
                  </legend>
                  {members.map((p) => {
                    const typed = chatwootIds[p.id] ?? "";
                    const invalid = typed.trim() !== "" && !CHATWOOT_USER_ID.test(typed.trim());
                    return (
                      <label key={p.id} className="field">
                        <span>
                          {p.name} <span className="muted">({p.email})</span>: Chatwoot user id
                        </span>
                        <input
                          className="input"
                          style={{ maxWidth: "12em" }}
                          inputMode="numeric"
                          value={typed}
                          aria-invalid={invalid}
                          aria-describedby={invalid ? `chatwoot-id-error-${p.id}` : undefined}
                          onChange={(e) => setChatwootIds((ids) => ({ ...ids, [p.id]: e.target.value }))}
                        />
                        {invalid ? (
                          <span id={`chatwoot-id-error-${p.id}`} className="field-error">
                            A Chatwoot user id is a number: left out of the URL.
                          </span>
                        ) : null}
                      </label>
                    );
                  })}
                </fieldset>
              ) : null}
              <p className="muted small" style={{ margin: 0 }}>
                One webhook brings every inbox of the Chatwoot account. To send an inbox to another team, add{" "}
                <code>&amp;inboxTeams=&lt;inbox id&gt;:&lt;team id&gt;</code> (pairs separated by commas) to
                the URL; team ids are under Admin → Teams.
              </p>
            </>
          )}
        </div>

        <div className="stack" style={{ gap: 6 }}>
          <h3 style={{ margin: 0 }}>
            2. Whispers and replies out{" "}
            <Badge tone={outlet !== null ? "ok" : "neutral"}>{outlet !== null ? "On" : "Off"}</Badge>
          </h3>
          <p className="small" style={{ margin: 0 }}>
            {outlet === "organisation"
              ? "Your organisation’s Chatwoot (under “Where replies and whispers go” above) takes each whisper on a Chatwoot conversation as a private note, which the agent sees and the customer never does, and each teammate’s reply as a message to the customer. Deliveries are in the table above."
              : outlet === "server"
                ? "The server’s Chatwoot takes each whisper on a Chatwoot conversation as a private note and each teammate’s reply as a message to the customer. To use your own Chatwoot instead, set it under “Where replies and whispers go” above."
                : "Off: whispers stay in tagteam, and replies on Chatwoot conversations are refused (teammates answer in Chatwoot) until tagteam can post to your Chatwoot:"}
          </p>
          {outlet !== null ? null : (
            <ol className="small" style={{ margin: 0, paddingLeft: 20 }}>
              <li>
                In Chatwoot, open <strong>Profile settings</strong> of a user who is a member of the inboxes
                (an administrator, or a user made for tagteam) and copy their <strong>Access Token</strong>.
              </li>
              <li>
                Under <strong>Where replies and whispers go</strong> above, enter Chatwoot’s address (e.g.{" "}
                <code>https://app.chatwoot.com</code>, without <code>/app</code>) and that token, and save.
              </li>
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
