import { randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  alertWebhookTestResponseSchema,
  integrationSettingsResponseSchema,
  replyWebhookSecretResponseSchema,
  replyWebhookTestResponseSchema,
  setAlertWebhookBodySchema,
  setChatwootBodySchema,
  setReplyWebhookBodySchema,
  type IntegrationSettings,
} from "../../protocol/index.ts";
import {
  appendAuditEntries,
  findOrganisationIntegrations,
  setOrganisationAlertWebhook,
  setOrganisationChatwoot,
  setOrganisationReplyWebhook,
  type OrganisationIntegrations,
  type Queryable,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import type { ServerContext } from "../context.ts";
import { invalidState, validationFailed } from "../errors.ts";
import {
  ALERT_WEBHOOK_TEST_TEXT,
  ALERT_WEBHOOK_TIMEOUT_MS,
  postToAlertWebhook,
} from "../integrations/alertWebhook.ts";
import { REPLY_SIGNATURE_HEADER, REPLY_TIMEOUT_MS, signReplyWebhook } from "../integrations/replies.ts";
import { assertAdmin } from "../policies.ts";

/** A new reply webhook signing secret: 32 random bytes, prefixed so it is recognisable in a config. */
const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString("base64url")}`;

const last4 = (secret: string): string => secret.slice(-4);

type OutletKind = "chatwoot" | "replyWebhook" | "alertWebhook";

/** What an outlet's PUT stores: its address and its token or secret (the alert webhook's address is its secret). */
type StoredOutlet<K extends OutletKind> = {
  chatwoot: { url: string; apiToken: string };
  replyWebhook: { url: string; secret: string };
  alertWebhook: { url: string };
}[K];

/** An address that is a secret, as it may be shown: its host, and its last four characters. */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
};
const maskedUrl = (url: string): string =>
  `${url.slice(0, url.indexOf(hostOf(url)) + hostOf(url).length)}/…${last4(url)}`;

/**
 * Admin → Integrations, the organisation's own outlets: its Chatwoot, its reply webhook and its
 * alert webhook (whose address is its secret). Admins
 * only, and only their organisation's. Secrets go in and never come back out; every change is
 * audited (`integration.updated`, with what changed and the address, never the secret).
 */
export function registerIntegrationSettingsRoutes(register: Register, ctx: ServerContext): void {
  const keys = ctx.config.secretKeys;
  const present = async (db: Queryable, orgId: string): Promise<IntegrationSettings> => {
    const own = await findOrganisationIntegrations(db, orgId, keys);
    const names = await ctx.people.names(orgId);
    const by = (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? "Someone removed" });
    return {
      chatwoot: {
        own:
          own.chatwoot === null
            ? null
            : {
                url: own.chatwoot.url,
                apiTokenLast4: own.chatwoot.apiToken === null ? "" : last4(own.chatwoot.apiToken),
                readable: own.chatwoot.apiToken !== null,
                updatedAt: new Date(own.chatwoot.updatedAt).toISOString(),
                updatedBy: by(own.chatwoot.updatedBy),
              },
        server: ctx.config.chatwoot !== null,
      },
      replyWebhook: {
        own:
          own.replyWebhook === null
            ? null
            : {
                url: own.replyWebhook.url,
                secretLast4: own.replyWebhook.secret === null ? "" : last4(own.replyWebhook.secret),
                readable: own.replyWebhook.secret !== null,
                updatedAt: new Date(own.replyWebhook.updatedAt).toISOString(),
                updatedBy: by(own.replyWebhook.updatedBy),
              },
        server: ctx.config.replyWebhook !== null,
      },
      alertWebhook: {
        own:
          own.alertWebhook === null
            ? null
            : {
                host: own.alertWebhook.url === null ? "" : hostOf(own.alertWebhook.url),
                urlLast4: own.alertWebhook.url === null ? "" : last4(own.alertWebhook.url),
                readable: own.alertWebhook.url !== null,
                updatedAt: new Date(own.alertWebhook.updatedAt).toISOString(),
                updatedBy: by(own.alertWebhook.updatedBy),
              },
        server: ctx.config.alertWebhookUrl !== undefined,
      },
      secrets: { encrypted: keys.current !== null },
    };
  };
  const audited = (
    principal: Principal,
    requestId: string,
    details: { integration: "chatwoot" | "reply_webhook" | "alert_webhook"; change: string; url?: string },
  ) => auditEntry(principal, "integration.updated", "organisation", principal.orgId, requestId, details);

  register({
    method: "GET",
    url: "/admin/integrations/settings",
    summary:
      "The organisation's own Chatwoot, reply webhook and alert webhook (admin): addresses, the last four characters of the token and secret (never themselves; for the alert webhook, whose address is the secret, its host and last four characters), when and by whom each was changed, and whether the server's settings serve it instead",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: integrationSettingsResponseSchema,
    handler: async ({ principal }) => {
      assertAdmin(principal);
      return { settings: await present(ctx.store, principal.orgId) };
    },
  });

  /**
   * One outlet's PUT (set, or change its address) and DELETE (remove: the server's serves again),
   * the same for both outlets but for how the body becomes what is stored (`prepare`), the store's
   * setter, and what a set answers besides the settings (`respond`).
   */
  const outletRoutes = <
    K extends OutletKind,
    B extends z.ZodType<{ url: string }>,
    R extends z.ZodType,
  >(outlet: {
    kind: K;
    path: string;
    integration: "chatwoot" | "reply_webhook" | "alert_webhook";
    /** The address as the audit log keeps it (default: as given; the alert webhook's is masked). */
    audit?: (url: string) => string;
    /** How a removal refused for want of one names it: "Chatwoot", "reply webhook". */
    noun: string;
    summaries: { put: string; delete: string };
    body: B;
    response: R;
    set: (tx: Queryable, orgId: string, byPersonId: string, value: StoredOutlet<K> | null) => Promise<void>;
    /**
     * What the body stores, given the organisation's current one (a 4xx when it cannot): whether
     * that sets a new secret or only changes the address, and the secret made now (null: none).
     */
    prepare: (
      body: z.infer<B>,
      own: OrganisationIntegrations[K],
    ) => { value: StoredOutlet<K>; change: "set" | "address_changed"; madeSecret: string | null };
    respond: (settings: IntegrationSettings, madeSecret: string | null) => z.input<R>;
  }): void => {
    register({
      method: "PUT",
      url: `/admin/integrations/${outlet.path}`,
      summary: outlet.summaries.put,
      tag: "admin",
      auth: "person",
      schemas: { body: outlet.body },
      response: outlet.response,
      handler: async ({ principal, body, request }) => {
        assertAdmin(principal);
        // Read back after the commit: `present` reads names through the store, which a PGlite
        // transaction would wait on forever (it holds the one connection).
        const madeSecret = await ctx.store.transaction(async (tx) => {
          const own = await findOrganisationIntegrations(tx, principal.orgId, keys);
          const { value, change, madeSecret: made } = outlet.prepare(body as z.infer<B>, own[outlet.kind]);
          await outlet.set(tx, principal.orgId, principal.personId, value);
          await appendAuditEntries(tx, [
            audited(principal, request.id, {
              integration: outlet.integration,
              change,
              url: outlet.audit ? outlet.audit(value.url) : value.url,
            }),
          ]);
          return made;
        });
        await ctx.enableOutlet(outlet.kind);
        return outlet.respond(await present(ctx.store, principal.orgId), madeSecret);
      },
    });

    register({
      method: "DELETE",
      url: `/admin/integrations/${outlet.path}`,
      summary: outlet.summaries.delete,
      tag: "admin",
      auth: "person",
      schemas: {},
      response: integrationSettingsResponseSchema,
      handler: async ({ principal, request }) => {
        assertAdmin(principal);
        await ctx.store.transaction(async (tx) => {
          const own = await findOrganisationIntegrations(tx, principal.orgId, keys);
          if (own[outlet.kind] === null)
            throw invalidState(`This organisation has no ${outlet.noun} of its own to remove`);
          await outlet.set(tx, principal.orgId, principal.personId, null);
          await ctx.outletRemoved(tx, outlet.kind);
          await appendAuditEntries(tx, [
            audited(principal, request.id, { integration: outlet.integration, change: "removed" }),
          ]);
        });
        return { settings: await present(ctx.store, principal.orgId) };
      },
    });
  };

  outletRoutes({
    kind: "chatwoot",
    path: "chatwoot",
    integration: "chatwoot",
    noun: "Chatwoot",
    summaries: {
      put: "Set the organisation's Chatwoot (admin): its address and the access token of the Chatwoot user tagteam posts as (whispers as private notes, replies as outgoing messages). The token may be left out to keep the stored one. Audited; the token is never returned",
      delete:
        "Remove the organisation's own Chatwoot (admin): the server's, if it has one, serves it again; else whispers stay in tagteam and replies on Chatwoot's conversations are refused. Audited",
    },
    body: setChatwootBodySchema,
    response: integrationSettingsResponseSchema,
    set: (tx, orgId, byPersonId, chatwoot) =>
      setOrganisationChatwoot(tx, { orgId, byPersonId, chatwoot }, keys),
    prepare: (body, own) => {
      const apiToken = body.apiToken ?? own?.apiToken ?? null;
      if (apiToken === null)
        throw validationFailed([
          {
            path: ["body", "apiToken"],
            message:
              own === null
                ? "is required: this organisation has no Chatwoot token yet"
                : "is required: the stored token was encrypted with a key the server no longer has",
            code: "custom",
          },
        ]);
      return {
        value: { url: body.url, apiToken },
        change: body.apiToken !== undefined ? "set" : "address_changed",
        madeSecret: null,
      };
    },
    respond: (settings) => ({ settings }),
  });

  outletRoutes({
    kind: "replyWebhook",
    path: "reply-webhook",
    integration: "reply_webhook",
    noun: "reply webhook",
    summaries: {
      put: "Set the address of the organisation's reply webhook (admin), where teammates' replies on a helpdesk's conversations are posted, signed. The first time, the server makes the signing secret and returns it in `secret`, this once; later changes keep it (`secret` null). Audited",
      delete:
        "Remove the organisation's own reply webhook (admin): the server's, if it has one, serves it again; else replies on a helpdesk's conversations are refused. Audited",
    },
    body: setReplyWebhookBodySchema,
    response: replyWebhookSecretResponseSchema,
    set: (tx, orgId, byPersonId, replyWebhook) =>
      setOrganisationReplyWebhook(tx, { orgId, byPersonId, replyWebhook }, keys),
    prepare: (body, own) => {
      // A stored secret the server cannot read (its key is gone) is replaced, and shown this once.
      if (own !== null && own.secret !== null)
        return { value: { url: body.url, secret: own.secret }, change: "address_changed", madeSecret: null };
      const secret = newWebhookSecret();
      return { value: { url: body.url, secret }, change: "set", madeSecret: secret };
    },
    respond: (settings, secret) => ({ settings, secret }),
  });

  outletRoutes({
    kind: "alertWebhook",
    path: "alert-webhook",
    integration: "alert_webhook",
    audit: maskedUrl,
    noun: "alert webhook",
    summaries: {
      put: 'Set the organisation\'s alert webhook (admin): a Slack or Mattermost incoming-webhook address, where its alerts raised, escalations and possible incidents are posted as `{"text": …}`. The address is a secret: it is stored encrypted and never returned (only its host and last four characters). Audited',
      delete:
        "Remove the organisation's own alert webhook (admin): the server's (TAGTEAM_ALERT_WEBHOOK_URL), if it has one, serves it again; else its alerts are not posted anywhere. Audited",
    },
    body: setAlertWebhookBodySchema,
    response: integrationSettingsResponseSchema,
    set: (tx, orgId, byPersonId, alertWebhook) =>
      setOrganisationAlertWebhook(tx, { orgId, byPersonId, alertWebhook }, keys),
    prepare: (body) => ({ value: { url: body.url }, change: "set", madeSecret: null }),
    respond: (settings) => ({ settings }),
  });

  register({
    method: "POST",
    url: "/admin/integrations/alert-webhook/test",
    summary:
      'Post a test message (`{"text": …}`) to the alert webhook the organisation\'s alerts go to (admin), and say what it answered (its status and the start of its answer). Nothing is stored',
    tag: "admin",
    auth: "person",
    schemas: {},
    response: alertWebhookTestResponseSchema,
    handler: async ({ principal }) => {
      assertAdmin(principal);
      const { alertWebhook } = await ctx.outlets(principal.orgId);
      if (alertWebhook === null)
        throw invalidState("There is no alert webhook to test: set its address first");
      if (alertWebhook.unreadable !== null)
        return {
          ok: false,
          status: null,
          answer: null,
          message: `The test was not sent. ${alertWebhook.unreadable}.`,
          source: alertWebhook.source,
        };
      try {
        const answer = await postToAlertWebhook(alertWebhook.url, ALERT_WEBHOOK_TEST_TEXT);
        return {
          ok: answer.ok,
          status: answer.status,
          answer: answer.body === "" ? null : answer.body,
          message: answer.ok
            ? `Your webhook answered ${answer.status}: alerts will reach it.`
            : `Your webhook answered ${answer.status}: it did not take the test, so alerts would not reach it either.`,
          source: alertWebhook.source,
        };
      } catch (error) {
        const why =
          error instanceof Error && error.name === "TimeoutError"
            ? `it did not answer within ${ALERT_WEBHOOK_TIMEOUT_MS / 1000} s`
            : `it could not be reached (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`;
        return {
          ok: false,
          status: null,
          answer: null,
          message: `The test was not delivered: ${why}.`,
          source: alertWebhook.source,
        };
      }
    },
  });

  register({
    method: "POST",
    url: "/admin/integrations/reply-webhook/secret",
    summary:
      "Make a new signing secret for the organisation's reply webhook (admin), returned in `secret` this once; posts are signed with it from now on, and the old one stops working at once. Audited",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: replyWebhookSecretResponseSchema,
    handler: async ({ principal, request }) => {
      assertAdmin(principal);
      const secret = await ctx.store.transaction(async (tx) => {
        const own = await findOrganisationIntegrations(tx, principal.orgId, keys);
        if (own.replyWebhook === null)
          throw invalidState("This organisation has no reply webhook of its own: set its address first");
        const secret = newWebhookSecret();
        await setOrganisationReplyWebhook(
          tx,
          {
            orgId: principal.orgId,
            byPersonId: principal.personId,
            replyWebhook: { url: own.replyWebhook.url, secret },
          },
          keys,
        );
        await appendAuditEntries(tx, [
          audited(principal, request.id, { integration: "reply_webhook", change: "secret_rotated" }),
        ]);
        return secret;
      });
      return { settings: await present(ctx.store, principal.orgId), secret };
    },
  });

  register({
    method: "POST",
    url: "/admin/integrations/reply-webhook/test",
    summary:
      'Post a signed test event (`{"type":"test",…}`, signed as replies are) to the reply webhook the organisation\'s replies go to (admin), and say what it answered. Nothing is stored',
    tag: "admin",
    auth: "person",
    schemas: {},
    response: replyWebhookTestResponseSchema,
    handler: async ({ principal }) => {
      assertAdmin(principal);
      const { replyWebhook } = await ctx.outlets(principal.orgId);
      if (replyWebhook === null)
        throw invalidState("There is no reply webhook to test: set its address first");
      if (replyWebhook.unreadable !== null)
        return {
          ok: false,
          status: null,
          message: `The test was not sent. ${replyWebhook.unreadable}.`,
          source: replyWebhook.source,
        };
      const body = JSON.stringify({
        type: "test",
        organisationId: principal.orgId,
        sentAt: new Date(ctx.now()).toISOString(),
        text: "A test from tagteam: your reply webhook is reachable and can check our signature.",
      });
      try {
        const response = await fetch(replyWebhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [REPLY_SIGNATURE_HEADER]: signReplyWebhook(
              replyWebhook.secret,
              body,
              Math.floor(ctx.now() / 1000),
            ),
          },
          body,
          signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
          redirect: "manual",
        });
        await response.arrayBuffer().catch(() => undefined);
        return {
          ok: response.ok,
          status: response.status,
          message: response.ok
            ? `Your webhook answered ${response.status}: replies will reach it.`
            : `Your webhook answered ${response.status}: it did not take the test, so replies would not reach it either.`,
          source: replyWebhook.source,
        };
      } catch (error) {
        const why =
          error instanceof Error && error.name === "TimeoutError"
            ? `it did not answer within ${REPLY_TIMEOUT_MS / 1000} s`
            : `it could not be reached (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`;
        return {
          ok: false,
          status: null,
          message: `The test was not delivered: ${why}.`,
          source: replyWebhook.source,
        };
      }
    },
  });
}
