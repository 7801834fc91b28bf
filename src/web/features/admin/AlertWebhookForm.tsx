import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  API_BASE_PATH,
  type AlertWebhookTestResult,
  type IntegrationSettings,
} from "../../../protocol/index.ts";
import { deleteJson, postJson, putJson } from "../../lib/http.ts";
import { Badge } from "../../ui/Badge.tsx";
import { WebhookActions, isHttpUrl, webhookStatusText } from "./WebhookActions.tsx";

const BASE = `${API_BASE_PATH}/admin/integrations`;
const SETTINGS_KEY = ["admin-integration-settings"] as const;

type SettingsResponse = { settings: IntegrationSettings };

/**
 * Admin → Integrations, "Where alerts go": the organisation's own Slack or Mattermost incoming
 * webhook. Its address is a secret, so the field starts empty and the page shows only its host and
 * last four characters; "Send a test" shows what the channel answered.
 */
export function AlertWebhookForm({ settings }: { settings: IntegrationSettings }) {
  const client = useQueryClient();
  const own = settings.alertWebhook.own;
  const [url, setUrl] = useState("");
  const [touched, setTouched] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [test, setTest] = useState<AlertWebhookTestResult | null>(null);
  const save = useMutation({
    mutationFn: () => putJson<SettingsResponse>(`${BASE}/alert-webhook`, { url: url.trim() }),
    onSuccess: (r) => {
      client.setQueryData(SETTINGS_KEY, r.settings);
      setUrl("");
      setTouched(false);
      setTest(null);
      setDone("Saved. Your alerts, escalations and possible incidents now go to this webhook.");
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteJson<SettingsResponse>(`${BASE}/alert-webhook`),
    onSuccess: (r) => {
      client.setQueryData(SETTINGS_KEY, r.settings);
      setTest(null);
      setDone("Removed.");
    },
  });
  const sendTest = useMutation({
    mutationFn: () => postJson<AlertWebhookTestResult>(`${BASE}/alert-webhook/test`),
    onMutate: () => setTest(null),
    onSuccess: (r) => setTest(r),
  });
  const urlError =
    touched && !isHttpUrl(url)
      ? "Paste the incoming webhook’s address, starting with https:// (for Slack: https://hooks.slack.com/services/…)."
      : null;
  const state =
    own !== null && !own.readable
      ? {
          tone: "bad" as const,
          label: "Address unreadable",
          text: "Your alert webhook is set, but its address was encrypted with a key the server no longer has, so no alert can be posted. Paste the address again below, or ask whoever runs the server to give it back the old key (TAGTEAM_SECRETS_OLD_KEYS).",
        }
      : own !== null
        ? {
            tone: "ok" as const,
            label: "Your own",
            text: `Alerts, escalations and possible incidents are posted to your webhook at ${own.host}, address ending ${own.urlLast4} (changed ${new Date(own.updatedAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}${own.updatedBy !== null ? ` by ${own.updatedBy.name}` : ""}).`,
          }
        : settings.alertWebhook.server
          ? {
              tone: "ok" as const,
              label: "Server’s",
              text: "The server’s alert webhook serves your organisation: alerts are posted there. Set your own below to post them to your team’s channel instead.",
            }
          : {
              tone: "neutral" as const,
              label: "Not set up",
              text: "Alerts are shown in tagteam only. Set a webhook below to also post them to a Slack or Mattermost channel.",
            };
  return (
    <section aria-labelledby="alert-webhook-title" style={{ borderTop: "1px solid var(--line)" }}>
      <div className="panel-head">
        <h2 id="alert-webhook-title">Where alerts go</h2>
      </div>
      <form
        className="panel-body stack"
        style={{ gap: 6 }}
        aria-labelledby="alert-webhook-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          setDone(null);
          if (!isHttpUrl(url)) return;
          save.mutate();
        }}
      >
        <h3 style={{ margin: 0 }}>
          Alert webhook <Badge tone={state.tone}>{state.label}</Badge>
        </h3>
        <p className="small" style={{ margin: 0 }} data-testid="alert-webhook-state">
          {state.text}
        </p>
        <p className="muted small" style={{ margin: 0 }}>
          In Slack or Mattermost, add an incoming webhook to the channel and paste its address here. Anyone
          with the address can post to that channel, so tagteam keeps it like a password and shows only where
          it points and its last four characters.
        </p>
        <label className="field">
          <span>{own !== null ? "A new incoming webhook address" : "Incoming webhook address"}</span>
          <input
            className="input"
            type="url"
            autoComplete="off"
            value={url}
            aria-invalid={urlError !== null}
            aria-describedby={urlError !== null ? "alert-webhook-url-error" : undefined}
            onChange={(e) => setUrl(e.target.value)}
          />
          {urlError !== null ? (
            <span id="alert-webhook-url-error" className="field-error">
              {urlError}
            </span>
          ) : null}
        </label>
        <WebhookActions
          saveLabel="Save alert webhook"
          saving={save.isPending}
          test={
            own !== null || settings.alertWebhook.server
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
                  {
                    label: "Remove your own alert webhook",
                    busy: remove.isPending,
                    onClick: () => remove.mutate(),
                  },
                ]
              : []
          }
          status={webhookStatusText({ failure: [save, remove, sendTest].find((m) => m.isError), test, done })}
          statusTestId="alert-webhook-status"
        />
      </form>
    </section>
  );
}
