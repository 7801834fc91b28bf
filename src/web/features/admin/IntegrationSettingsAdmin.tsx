import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  API_BASE_PATH,
  type IntegrationSettings,
  type ReplyWebhookTestResult,
} from "../../../protocol/index.ts";
import { deleteJson, describeProblem, getJson, postJson, putJson } from "../../lib/http.ts";
import { loadFailed } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { ErrorNotice } from "../../ui/Panel.tsx";
import { AlertWebhookForm } from "./AlertWebhookForm.tsx";
import { WebhookActions, isHttpUrl, webhookStatusText } from "./WebhookActions.tsx";

export const integrationSettingsKey = ["admin-integration-settings"] as const;
const BASE = `${API_BASE_PATH}/admin/integrations`;

type SettingsResponse = { settings: IntegrationSettings };
type SecretResponse = { settings: IntegrationSettings; secret: string | null };

/** The organisation's own Chatwoot and reply webhook (Admin → Integrations), read when `enabled`. */
export function useIntegrationSettings(enabled = true) {
  return useQuery({
    queryKey: integrationSettingsKey,
    queryFn: async () => (await getJson<SettingsResponse>(`${BASE}/settings`)).settings,
    enabled,
  });
}

/** Whose Chatwoot serves the organisation: its own, the server's, or none. */
export function chatwootOutletOf(s: IntegrationSettings | undefined): "organisation" | "server" | null {
  if (s === undefined) return null;
  return s.chatwoot.own !== null ? "organisation" : s.chatwoot.server ? "server" : null;
}

const changed = (own: { updatedAt: string; updatedBy: { name: string } | null }): string =>
  `changed ${new Date(own.updatedAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}${
    own.updatedBy !== null ? ` by ${own.updatedBy.name}` : ""
  }`;

/**
 * Admin → Integrations, "Where replies and whispers go": the organisation's own Chatwoot and reply
 * webhook, each with what happens now, a form to set it, and (the webhook) its secret shown once,
 * a new one on request, and a test post.
 */
export function IntegrationSettingsAdmin() {
  const current = useIntegrationSettings();
  if (loadFailed(current))
    return (
      <div className="panel-body">
        <ErrorNotice error={current.error} />
      </div>
    );
  if (current.data === undefined) return <div className="empty">Loading…</div>;
  return (
    <section aria-labelledby="outlets-title" style={{ borderTop: "1px solid var(--line)" }}>
      <div className="panel-head">
        <h2 id="outlets-title">Where replies and whispers go</h2>
      </div>
      <div className="panel-body stack">
        <p className="small" style={{ margin: 0 }}>
          These settings are your organisation’s own. Until you set one, the server’s settings (if whoever
          runs it has made any) are used instead. Tokens and secrets are kept on the server and never shown
          again: only their last four characters.
        </p>
        {!current.data.secrets.encrypted && (
          <p className="small" role="note" data-testid="secrets-unencrypted" style={{ margin: 0 }}>
            <Badge tone="warn">Not encrypted</Badge> Tokens and secrets saved here are stored unencrypted in
            tagteam’s database, so anyone who can read the database or its backups can read them. Whoever runs
            the server can encrypt them: set <code>TAGTEAM_SECRETS_KEY</code> to a random key (made with{" "}
            <code>openssl rand -base64 32</code>) and restart it. Those already saved are encrypted then.
          </p>
        )}
        <ChatwootForm settings={current.data} />
        <ReplyWebhookForm settings={current.data} />
      </div>
      <AlertWebhookForm settings={current.data} />
    </section>
  );
}

function ChatwootForm({ settings }: { settings: IntegrationSettings }) {
  const client = useQueryClient();
  const own = settings.chatwoot.own;
  const [url, setUrl] = useState(own?.url ?? "");
  const [token, setToken] = useState("");
  const [touched, setTouched] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      putJson<SettingsResponse>(`${BASE}/chatwoot`, {
        url: url.trim(),
        ...(token.trim() !== "" ? { apiToken: token.trim() } : {}),
      }),
    onSuccess: (r) => {
      client.setQueryData(integrationSettingsKey, r.settings);
      setToken("");
      setTouched(false);
      setDone("Saved. Whispers and replies on Chatwoot conversations now go to this Chatwoot.");
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteJson<SettingsResponse>(`${BASE}/chatwoot`),
    onSuccess: (r) => {
      client.setQueryData(integrationSettingsKey, r.settings);
      setUrl("");
      setDone("Removed.");
    },
  });
  const urlError =
    touched && !isHttpUrl(url) ? "Enter Chatwoot’s address, starting with https:// or http://." : null;
  const tokenError =
    touched && (own === null || !own.readable) && token.trim() === ""
      ? own === null
        ? "Paste the access token: this Chatwoot has none yet."
        : "Paste the access token: the one saved cannot be read any more."
      : null;
  const state =
    own !== null && !own.readable
      ? {
          tone: "bad" as const,
          label: "Token unreadable",
          text: `Your Chatwoot at ${own.url} is set, but its token was encrypted with a key the server no longer has, so nothing can be posted there. Paste the access token again below, or ask whoever runs the server to give it back the old key (TAGTEAM_SECRETS_OLD_KEYS).`,
        }
      : own !== null
        ? {
            tone: "ok" as const,
            label: "Your own",
            text: `Whispers on Chatwoot conversations are posted to ${own.url} as private notes, and teammates’ replies as messages to the customer. Token ending ${own.apiTokenLast4}, ${changed(own)}.`,
          }
        : settings.chatwoot.server
          ? {
              tone: "ok" as const,
              label: "Server’s",
              text: "The server’s Chatwoot serves your organisation: whispers and replies on Chatwoot conversations are posted there. Set your own below to use another.",
            }
          : {
              tone: "neutral" as const,
              label: "Not set up",
              text: "Whispers stay in tagteam, and replies on Chatwoot conversations are refused: teammates answer in Chatwoot.",
            };
  return (
    <form
      className="stack"
      style={{ gap: 6 }}
      aria-labelledby="chatwoot-outlet-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        setDone(null);
        if (!isHttpUrl(url) || ((own === null || !own.readable) && token.trim() === "")) return;
        save.mutate();
      }}
    >
      <h3 id="chatwoot-outlet-title" style={{ margin: 0 }}>
        Chatwoot <Badge tone={state.tone}>{state.label}</Badge>
      </h3>
      <p className="small" style={{ margin: 0 }} data-testid="chatwoot-outlet-state">
        {state.text}
      </p>
      <label className="field">
        <span>Chatwoot’s address (e.g. https://app.chatwoot.com, without /app)</span>
        <input
          className="input"
          type="url"
          value={url}
          aria-invalid={urlError !== null}
          aria-describedby={urlError !== null ? "chatwoot-url-error" : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        {urlError !== null ? (
          <span id="chatwoot-url-error" className="field-error">
            {urlError}
          </span>
        ) : null}
      </label>
      <label className="field">
        <span>
          Access token of the Chatwoot user tagteam posts as (Chatwoot: Profile settings → Access Token)
          {own !== null && own.readable ? `; leave empty to keep the one ending ${own.apiTokenLast4}` : ""}
        </span>
        <input
          className="input"
          type="password"
          autoComplete="off"
          value={token}
          aria-invalid={tokenError !== null}
          aria-describedby={tokenError !== null ? "chatwoot-token-error" : undefined}
          onChange={(e) => setToken(e.target.value)}
        />
        {tokenError !== null ? (
          <span id="chatwoot-token-error" className="field-error">
            {tokenError}
          </span>
        ) : null}
      </label>
      <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
        <button type="submit" className="btn" disabled={save.isPending}>
          Save Chatwoot
        </button>
        {own !== null ? (
          <button type="button" className="btn" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Remove your own Chatwoot
          </button>
        ) : null}
      </div>
      <span role="status" className="small">
        {save.isError
          ? `Not saved: ${describeProblem(save.error)}`
          : remove.isError
            ? `Not removed: ${describeProblem(remove.error)}`
            : (done ?? "")}
      </span>
    </form>
  );
}

function ReplyWebhookForm({ settings }: { settings: IntegrationSettings }) {
  const client = useQueryClient();
  const own = settings.replyWebhook.own;
  const [url, setUrl] = useState(own?.url ?? "");
  const [touched, setTouched] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [test, setTest] = useState<ReplyWebhookTestResult | null>(null);
  const onSecret = (r: SecretResponse) => {
    client.setQueryData(integrationSettingsKey, r.settings);
    setSecret(r.secret);
    setTouched(false);
  };
  const save = useMutation({
    mutationFn: () => putJson<SecretResponse>(`${BASE}/reply-webhook`, { url: url.trim() }),
    onSuccess: (r) => {
      onSecret(r);
      setDone("Saved. Replies on your helpdesk’s conversations now go to this address.");
    },
  });
  const rotate = useMutation({
    mutationFn: () => postJson<SecretResponse>(`${BASE}/reply-webhook/secret`),
    onSuccess: (r) => {
      onSecret(r);
      setDone("A new secret signs every post from now on; the old one no longer works.");
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteJson<SettingsResponse>(`${BASE}/reply-webhook`),
    onSuccess: (r) => {
      client.setQueryData(integrationSettingsKey, r.settings);
      setUrl("");
      setSecret(null);
      setDone("Removed.");
    },
  });
  const sendTest = useMutation({
    mutationFn: () => postJson<ReplyWebhookTestResult>(`${BASE}/reply-webhook/test`),
    onMutate: () => setTest(null),
    onSuccess: (r) => setTest(r),
  });
  const urlError =
    touched && !isHttpUrl(url) ? "Enter your helpdesk’s address, starting with https:// or http://." : null;
  const state =
    own !== null && !own.readable
      ? {
          tone: "bad" as const,
          label: "Secret unreadable",
          text: `Your reply webhook at ${own.url} is set, but its signing secret was encrypted with a key the server no longer has, so replies cannot be signed. Make a new secret below (and give it to your helpdesk), or ask whoever runs the server to give it back the old key (TAGTEAM_SECRETS_OLD_KEYS).`,
        }
      : own !== null
        ? {
            tone: "ok" as const,
            label: "Your own",
            text: `Replies on your helpdesk’s conversations are posted to ${own.url}, signed with the secret ending ${own.secretLast4} (${changed(own)}).`,
          }
        : settings.replyWebhook.server
          ? {
              tone: "ok" as const,
              label: "Server’s",
              text: "The server’s reply webhook serves your organisation: replies on your helpdesk’s conversations are posted there. Set your own below to use another.",
            }
          : {
              tone: "neutral" as const,
              label: "Not set up",
              text: "Replies on conversations your helpdesk sent through the API are refused: teammates answer in the helpdesk.",
            };
  return (
    <form
      className="stack"
      style={{ gap: 6 }}
      aria-labelledby="reply-webhook-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        setDone(null);
        if (!isHttpUrl(url)) return;
        save.mutate();
      }}
    >
      <h3 id="reply-webhook-title" style={{ margin: 0 }}>
        Reply webhook <Badge tone={state.tone}>{state.label}</Badge>
      </h3>
      <p className="small" style={{ margin: 0 }} data-testid="reply-webhook-state">
        {state.text}
      </p>
      <p className="muted small" style={{ margin: 0 }}>
        Each post carries the header <code>X-Tagteam-Signature: t=…,v1=…</code>: an HMAC-SHA256 of the time, a
        dot and the body, with your secret. Check it before sending anything to a customer.
      </p>
      <label className="field">
        <span>Your helpdesk’s address for replies</span>
        <input
          className="input"
          type="url"
          value={url}
          aria-invalid={urlError !== null}
          aria-describedby={urlError !== null ? "reply-webhook-url-error" : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        {urlError !== null ? (
          <span id="reply-webhook-url-error" className="field-error">
            {urlError}
          </span>
        ) : null}
      </label>
      {secret !== null ? (
        <label className="field">
          <span>Signing secret: copy it into your helpdesk now, it will not be shown again</span>
          <input
            className="input mono"
            readOnly
            value={secret}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="reply-webhook-secret"
          />
        </label>
      ) : null}
      <WebhookActions
        saveLabel="Save reply webhook"
        saving={save.isPending}
        test={
          own !== null || settings.replyWebhook.server
            ? {
                busy: sendTest.isPending,
                onClick: () => {
                  setDone(null);
                  sendTest.mutate();
                },
              }
            : null
        }
        more={
          own !== null
            ? [
                { label: "Make a new secret", busy: rotate.isPending, onClick: () => rotate.mutate() },
                {
                  label: "Remove your own reply webhook",
                  busy: remove.isPending,
                  onClick: () => remove.mutate(),
                },
              ]
            : []
        }
        status={webhookStatusText({
          failure: [save, rotate, remove, sendTest].find((m) => m.isError),
          test,
          done,
        })}
        statusTestId="reply-webhook-status"
      />
    </form>
  );
}
