import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseSecretKey, secretKeys, type SecretKeys } from "../store/secretBox.ts";

const bool = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const positiveInt = z.coerce.number().int().positive();
const MAX_AGE_LIMIT_MS = 30 * 24 * 3_600_000;
/** How long an outbound event stays worth delivering: 1 s to 30 days, in milliseconds. */
const maxAgeMs = z.coerce
  .number({ error: "must be a number of milliseconds" })
  .int("must be a whole number of milliseconds")
  .min(1_000, "must be at least 1000 (one second)")
  .max(MAX_AGE_LIMIT_MS, `must be at most ${MAX_AGE_LIMIT_MS} (30 days)`);

/**
 * Every environment variable the server reads, with its default. `.env.example` lists the same
 * keys (a test keeps them in step). Parsed once at start-up; every problem is reported together.
 */
export const configSchema = z
  .object({
    TAGTEAM_HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    /** PostgreSQL server; when unset, the embedded PGlite in TAGTEAM_DATA_DIR is used. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    /**
     * PostgreSQL only: named prepared statements (each connection parses and plans a statement
     * once). "off" behind a pooler in transaction mode that does not track them (PgBouncer < 1.21).
     */
    TAGTEAM_PG_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
    TAGTEAM_DATA_DIR: z.string().min(1).default("./data"),
    /** PGlite only: run the database on a worker thread (default) or on the server's main thread. */
    TAGTEAM_PGLITE_THREAD: z.enum(["worker", "main"]).default("worker"),
    TAGTEAM_ADMIN_EMAIL: z.email().optional(),
    TAGTEAM_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    /** off: nothing; workspace: create the demo team once; live: also replay demo conversations. */
    TAGTEAM_DEMO: z.enum(["off", "workspace", "live"]).default("off"),
    /**
     * Unset: info, except with the live demo, where warn keeps each replayed request's access line
     * from scrolling the first admin's one-time password off the terminal.
     */
    TAGTEAM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    /** auto: Secure cookies when the request arrived over HTTPS (behind a proxy: set TRUST_PROXY). */
    TAGTEAM_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    /**
     * A session ends after this many hours without use (each use extends it, up to 30 days after
     * sign-in).
     */
    TAGTEAM_SESSION_TTL_HOURS: positiveInt.default(12),
    TAGTEAM_TRUST_PROXY: bool.default(false),
    /** Requests per minute per caller on ordinary routes. */
    TAGTEAM_RATE_LIMIT_PER_MINUTE: positiveInt.default(1200),
    /** Requests per minute per API token or session on the ingest routes. */
    TAGTEAM_INGEST_RATE_LIMIT_PER_MINUTE: positiveInt.default(600_000),
    /** Sign-in attempts per minute per address. */
    TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt.default(20),
    TAGTEAM_WEB_DIR: z.string().min(1).default("dist/web"),
    TAGTEAM_HEARTBEAT_MS: positiveInt.default(15_000),
    /** Most messages committed in one ingest transaction. */
    TAGTEAM_INGEST_MAX_BATCH: positiveInt.max(5000).default(1000),
    /** A conversation's engine state is checkpointed after this many analysed messages… */
    TAGTEAM_ENGINE_CHECKPOINT_EVERY_MESSAGES: positiveInt.max(10_000).default(50),
    /** …or on its first message this long after the last checkpoint (restart replays the rest). */
    TAGTEAM_ENGINE_CHECKPOINT_INTERVAL_MS: positiveInt.default(60_000),
    TAGTEAM_INSTANCE_ID: z.string().min(1).max(64).optional(),
    /** Alerts out: a Slack-style incoming webhook that gets every alert and escalation. */
    TAGTEAM_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The address people open tagteam at: posts out link to the conversation there. */
    TAGTEAM_PUBLIC_URL: z
      .url({
        protocol: /^https?$/,
        error: "must be an http:// or https:// URL, the address people open tagteam at",
      })
      .optional(),
    /** Whispers out: Chatwoot's base URL; whispers on its conversations are posted as private notes. */
    TAGTEAM_CHATWOOT_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The access token of the Chatwoot user (or agent bot) the private notes are posted as. */
    TAGTEAM_CHATWOOT_API_TOKEN: z.string().min(1).max(500).optional(),
    /**
     * An alert, escalation or incident is worth posting for this long after it happened: a failing
     * webhook is retried until then, and one already older when its turn comes is not posted.
     */
    TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS: maxAgeMs.default(15 * 60_000),
    /** The same for a whisper posted to Chatwoot as a private note (it still belongs in the history). */
    TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS: maxAgeMs.default(24 * 3_600_000),
    /**
     * Replies out: a teammate's reply to a conversation that came from a helpdesk through the API
     * is posted here (signed JSON, see docs/API.md), for the helpdesk to send to the customer.
     */
    TAGTEAM_REPLY_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The secret the reply webhook's posts are signed with (`X-Tagteam-Signature`). */
    TAGTEAM_REPLY_WEBHOOK_SECRET: z.string().min(16).max(500).optional(),
    /**
     * A teammate's reply is worth posting (to Chatwoot or the reply webhook) for this long: a
     * failing receiver is retried until then; after it the reply is marked not sent.
     */
    TAGTEAM_REPLY_MAX_AGE_MS: maxAgeMs.default(60 * 60_000),
    /**
     * Encrypts organisations' Chatwoot tokens and reply webhook secrets at rest (AES-256-GCM): 32
     * random bytes as base64 or hex (`openssl rand -base64 32`). Unset: they are stored unencrypted.
     */
    TAGTEAM_SECRETS_KEY: z
      .string()
      .refine((v) => parseSecretKey(v) !== null, {
        error: "must be 32 random bytes written as base64 or hex: make one with `openssl rand -base64 32`",
      })
      .optional(),
    /**
     * After a new TAGTEAM_SECRETS_KEY: the previous keys, comma-separated, still read; at start the
     * server encrypts everything under them with the new key, after which they can be removed.
     */
    TAGTEAM_SECRETS_OLD_KEYS: z
      .string()
      .refine((v) => v.split(",").every((k) => parseSecretKey(k) !== null), {
        error: "must be keys written as TAGTEAM_SECRETS_KEY is (base64 or hex of 32 bytes), comma-separated",
      })
      .optional(),
    /** Messages in: the secret of the Chatwoot webhook; when set, only requests Chatwoot signed are read. */
    TAGTEAM_CHATWOOT_WEBHOOK_SECRET: z.string().min(8).max(500).optional(),
    /** Deliveries out (alert webhook, Chatwoot notes): the first retry waits this long, each next one twice as long… */
    TAGTEAM_DELIVERY_RETRY_BASE_MS: positiveInt.default(1_000),
    /** …up to this long between attempts. */
    TAGTEAM_DELIVERY_RETRY_MAX_MS: positiveInt.default(60_000),
    /** How often each delivery loop looks for events committed elsewhere (other instances, before a crash). */
    TAGTEAM_DELIVERY_POLL_MS: positiveInt.default(5_000),
    /**
     * How often each instance compares the organisations' outlets with the delivery loops it runs:
     * starts those another instance's announcement missed, stops those no outlet needs any more.
     */
    TAGTEAM_DELIVERY_RECONCILE_MS: positiveInt.default(30_000),
    /** An alert nobody acknowledged within this long expires (alert.expired). */
    TAGTEAM_ALERT_EXPIRY_MS: positiveInt.default(900_000),
    /**
     * A message said longer ago than this (its `at`) is analysed and stored but raises no live
     * alert: imported transcripts and a helpdesk's backlog are history. 0: any age alerts.
     */
    TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS: z.coerce.number().int().min(0).default(900_000),
    /**
     * A chat customer waiting this long for a reply (their first unanswered line) alerts the
     * best-placed teammate, once per wait; 0: never. Waits older than the max message age do not.
     */
    TAGTEAM_UNANSWERED_ALERT_MS: z.coerce.number().int().min(0).default(300_000),
    /** How often the sweeper moves unacknowledged escalations on and expires stale alerts. */
    TAGTEAM_SWEEP_INTERVAL_MS: positiveInt.default(10_000),
    /**
     * An open conversation with no message for this long is closed by the sweeper (it leaves the
     * floor and loop 2 debriefs it); 0 never closes one for being idle.
     */
    TAGTEAM_CONVERSATION_IDLE_CLOSE_MS: z.coerce.number().int().min(0).default(14_400_000),
    /**
     * Conversations closed more than this many days ago are erased with everything recorded about
     * them (transcript, analyses, alerts, scorecard…), a batch each sweep; 0 keeps them for ever.
     */
    TAGTEAM_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
    /**
     * Events (the realtime hints and the integrations' outbox) older than this many days are
     * deleted once every integration has delivered them; 0 keeps them for ever. The record of what
     * happened is the domain tables and the audit log, which this does not touch.
     */
    TAGTEAM_EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
    /** PGlite only: how often the hot tables are vacuumed and analysed (it runs no autovacuum). */
    TAGTEAM_MAINTENANCE_INTERVAL_MS: positiveInt.default(600_000),
    /** Incident surge: this many different conversations of a team reporting one malfunction… */
    TAGTEAM_INCIDENT_THRESHOLD: positiveInt.min(2).max(1000).default(5),
    /** …within this long open an incident (a team-wide banner and a knowledge stub). */
    TAGTEAM_INCIDENT_WINDOW_MS: positiveInt.default(900_000),
    /** An open incident with no new report for this long is resolved by the sweeper. */
    TAGTEAM_INCIDENT_QUIET_MS: positiveInt.default(3_600_000),
    /** A growing incident is announced to the team (incident.updated) at most this often. */
    TAGTEAM_INCIDENT_UPDATE_EVERY_MS: positiveInt.default(10_000),
    /**
     * Optional language model: the base URL of an OpenAI-compatible API (tagteam POSTs to
     * `{url}/chat/completions`). Unset: off, and everything works as without it.
     */
    TAGTEAM_LLM_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
    /** The model name the endpoint serves; required with TAGTEAM_LLM_URL. */
    TAGTEAM_LLM_MODEL: z.string().trim().min(1).max(200).optional(),
    /** Sent as `Authorization: Bearer …` when set; never logged. */
    TAGTEAM_LLM_API_KEY: z.string().min(1).max(1000).optional(),
    /** How long one request to the model may take before tagteam gives up and falls back. */
    TAGTEAM_LLM_TIMEOUT_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(100, "must be at least 100")
      .max(120_000, "must be at most 120000 (two minutes)")
      .default(5_000),
  })
  .superRefine((env, ctx) => {
    if ((env.TAGTEAM_ADMIN_EMAIL === undefined) !== (env.TAGTEAM_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["TAGTEAM_ADMIN_PASSWORD"],
        message: "TAGTEAM_ADMIN_EMAIL and TAGTEAM_ADMIN_PASSWORD go together: set both or neither",
      });
    }
    if (env.TAGTEAM_DELIVERY_RETRY_MAX_MS < env.TAGTEAM_DELIVERY_RETRY_BASE_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["TAGTEAM_DELIVERY_RETRY_MAX_MS"],
        message: "must be at least TAGTEAM_DELIVERY_RETRY_BASE_MS",
      });
    }
    if ((env.TAGTEAM_CHATWOOT_URL === undefined) !== (env.TAGTEAM_CHATWOOT_API_TOKEN === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [
          env.TAGTEAM_CHATWOOT_URL === undefined ? "TAGTEAM_CHATWOOT_URL" : "TAGTEAM_CHATWOOT_API_TOKEN",
        ],
        message:
          "TAGTEAM_CHATWOOT_URL and TAGTEAM_CHATWOOT_API_TOKEN go together: set both to post whispers to Chatwoot, or neither",
      });
    }
    if ((env.TAGTEAM_REPLY_WEBHOOK_URL === undefined) !== (env.TAGTEAM_REPLY_WEBHOOK_SECRET === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [
          env.TAGTEAM_REPLY_WEBHOOK_URL === undefined
            ? "TAGTEAM_REPLY_WEBHOOK_URL"
            : "TAGTEAM_REPLY_WEBHOOK_SECRET",
        ],
        message:
          "TAGTEAM_REPLY_WEBHOOK_URL and TAGTEAM_REPLY_WEBHOOK_SECRET go together: set both to send replies to your helpdesk, or neither",
      });
    }
    if (env.TAGTEAM_LLM_URL !== undefined && env.TAGTEAM_LLM_MODEL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["TAGTEAM_LLM_MODEL"],
        message: "is required when TAGTEAM_LLM_URL is set: the name of the model the endpoint serves",
      });
    }
    if (
      env.TAGTEAM_LLM_URL === undefined &&
      (env.TAGTEAM_LLM_MODEL !== undefined || env.TAGTEAM_LLM_API_KEY !== undefined)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["TAGTEAM_LLM_URL"],
        message: `is not set, but ${env.TAGTEAM_LLM_MODEL !== undefined ? "TAGTEAM_LLM_MODEL" : "TAGTEAM_LLM_API_KEY"} is: set the endpoint's base URL (e.g. http://127.0.0.1:8080/v1), or unset both`,
      });
    }
  });

export type ConfigEnv = z.infer<typeof configSchema>;

export interface ServerConfig {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** PostgreSQL: named prepared statements. */
  pgPreparedStatements: boolean;
  dataDir: string;
  pgliteThread: "worker" | "main";
  admin: { email: string; password: string } | null;
  demo: "off" | "workspace" | "live";
  logLevel: NonNullable<ConfigEnv["TAGTEAM_LOG_LEVEL"]>;
  cookieSecure: "auto" | boolean;
  sessionTtlMs: number;
  trustProxy: boolean;
  rateLimitPerMinute: number;
  ingestRateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  webDir: string;
  heartbeatMs: number;
  ingestMaxBatch: number;
  engineCheckpointEveryMessages: number;
  engineCheckpointIntervalMs: number;
  instanceId: string;
  alertWebhookUrl: string | undefined;
  /** The address people open tagteam at, without a trailing slash (TAGTEAM_PUBLIC_URL). */
  publicUrl: string | undefined;
  /** Whispers out to Chatwoot as private notes; null when not configured. */
  chatwoot: { url: string; apiToken: string } | null;
  /** The Chatwoot webhook's secret: requests to /webhooks/chatwoot must carry its signature. */
  chatwootWebhookSecret: string | null;
  /** Replies out to a helpdesk (conversations of the ingest API); null when not configured. */
  replyWebhook: { url: string; secret: string } | null;
  /** Organisations' tokens and secrets at rest (TAGTEAM_SECRETS_KEY, _OLD_KEYS); no current key: unencrypted. */
  secretKeys: SecretKeys;
  /** Retries and polling of the outbound deliveries (integrations/deliveries.ts). */
  deliveries: {
    retryBaseMs: number;
    retryMaxMs: number;
    pollMs: number;
    /** How often the loops are checked against the stored outlets (integrations/outletLoops.ts). */
    reconcileMs: number;
    /** How long an event stays worth delivering, per processor (`TAGTEAM_*_MAX_AGE_MS`). */
    alertWebhookMaxAgeMs: number;
    chatwootNoteMaxAgeMs: number;
    replyMaxAgeMs: number;
  };
  alertExpiryMs: number;
  /** 0: messages of any age may raise alerts. */
  alertMaxMessageAgeMs: number;
  /** A chat customer waiting this long for a reply alerts a teammate; 0: never. */
  unansweredAlertMs: number;
  sweepIntervalMs: number;
  /** 0: never. */
  conversationIdleCloseMs: number;
  /** Closed conversations older than this many days are erased; 0 keeps them. */
  retentionDays: number;
  /** Delivered events older than this many days are deleted; 0 keeps them. */
  eventRetentionDays: number;
  maintenanceIntervalMs: number;
  incidents: { threshold: number; windowMs: number; quietMs: number; updateEveryMs: number };
  /** The optional OpenAI-compatible endpoint (server/llm/); null: off. */
  llm: LlmConfig | null;
}

export interface LlmConfig {
  /** Base URL without a trailing slash; requests go to `${url}/chat/completions`. */
  url: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

/** Keys of the schema, for the `.env.example` test and the docs. */
export const CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof ConfigEnv)[];

/**
 * Reads the server's configuration from an environment. Empty strings count as unset, so a copied
 * `.env.example` with blank values starts with the defaults.
 */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const relevant: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== "") relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(config)"}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      host: e.TAGTEAM_HOST,
      port: e.PORT,
      databaseUrl: e.DATABASE_URL,
      pgPreparedStatements: e.TAGTEAM_PG_PREPARED_STATEMENTS === "on",
      dataDir: e.TAGTEAM_DATA_DIR,
      pgliteThread: e.TAGTEAM_PGLITE_THREAD,
      admin:
        e.TAGTEAM_ADMIN_EMAIL !== undefined && e.TAGTEAM_ADMIN_PASSWORD !== undefined
          ? { email: e.TAGTEAM_ADMIN_EMAIL, password: e.TAGTEAM_ADMIN_PASSWORD }
          : null,
      demo: e.TAGTEAM_DEMO,
      logLevel: e.TAGTEAM_LOG_LEVEL ?? (e.TAGTEAM_DEMO === "live" ? "warn" : "info"),
      cookieSecure: e.TAGTEAM_COOKIE_SECURE === "auto" ? "auto" : e.TAGTEAM_COOKIE_SECURE === "true",
      sessionTtlMs: e.TAGTEAM_SESSION_TTL_HOURS * 3_600_000,
      trustProxy: e.TAGTEAM_TRUST_PROXY,
      rateLimitPerMinute: e.TAGTEAM_RATE_LIMIT_PER_MINUTE,
      ingestRateLimitPerMinute: e.TAGTEAM_INGEST_RATE_LIMIT_PER_MINUTE,
      loginRateLimitPerMinute: e.TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE,
      webDir: e.TAGTEAM_WEB_DIR,
      heartbeatMs: e.TAGTEAM_HEARTBEAT_MS,
      ingestMaxBatch: e.TAGTEAM_INGEST_MAX_BATCH,
      engineCheckpointEveryMessages: e.TAGTEAM_ENGINE_CHECKPOINT_EVERY_MESSAGES,
      engineCheckpointIntervalMs: e.TAGTEAM_ENGINE_CHECKPOINT_INTERVAL_MS,
      instanceId: e.TAGTEAM_INSTANCE_ID ?? randomUUID().slice(0, 8),
      alertWebhookUrl: e.TAGTEAM_ALERT_WEBHOOK_URL,
      publicUrl: e.TAGTEAM_PUBLIC_URL?.replace(/\/+$/, ""),
      chatwoot:
        e.TAGTEAM_CHATWOOT_URL !== undefined && e.TAGTEAM_CHATWOOT_API_TOKEN !== undefined
          ? { url: e.TAGTEAM_CHATWOOT_URL, apiToken: e.TAGTEAM_CHATWOOT_API_TOKEN }
          : null,
      chatwootWebhookSecret: e.TAGTEAM_CHATWOOT_WEBHOOK_SECRET ?? null,
      secretKeys: secretKeys(
        e.TAGTEAM_SECRETS_KEY === undefined ? null : parseSecretKey(e.TAGTEAM_SECRETS_KEY),
        (e.TAGTEAM_SECRETS_OLD_KEYS ?? "")
          .split(",")
          .filter((k) => k.trim() !== "")
          .map((k) => parseSecretKey(k))
          .filter((k): k is Buffer => k !== null),
      ),
      replyWebhook:
        e.TAGTEAM_REPLY_WEBHOOK_URL !== undefined && e.TAGTEAM_REPLY_WEBHOOK_SECRET !== undefined
          ? { url: e.TAGTEAM_REPLY_WEBHOOK_URL, secret: e.TAGTEAM_REPLY_WEBHOOK_SECRET }
          : null,
      deliveries: {
        retryBaseMs: e.TAGTEAM_DELIVERY_RETRY_BASE_MS,
        retryMaxMs: e.TAGTEAM_DELIVERY_RETRY_MAX_MS,
        pollMs: e.TAGTEAM_DELIVERY_POLL_MS,
        reconcileMs: e.TAGTEAM_DELIVERY_RECONCILE_MS,
        alertWebhookMaxAgeMs: e.TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS,
        chatwootNoteMaxAgeMs: e.TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS,
        replyMaxAgeMs: e.TAGTEAM_REPLY_MAX_AGE_MS,
      },
      alertExpiryMs: e.TAGTEAM_ALERT_EXPIRY_MS,
      alertMaxMessageAgeMs: e.TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS,
      unansweredAlertMs: e.TAGTEAM_UNANSWERED_ALERT_MS,
      sweepIntervalMs: e.TAGTEAM_SWEEP_INTERVAL_MS,
      conversationIdleCloseMs: e.TAGTEAM_CONVERSATION_IDLE_CLOSE_MS,
      retentionDays: e.TAGTEAM_RETENTION_DAYS,
      eventRetentionDays: e.TAGTEAM_EVENT_RETENTION_DAYS,
      maintenanceIntervalMs: e.TAGTEAM_MAINTENANCE_INTERVAL_MS,
      incidents: {
        threshold: e.TAGTEAM_INCIDENT_THRESHOLD,
        windowMs: e.TAGTEAM_INCIDENT_WINDOW_MS,
        quietMs: e.TAGTEAM_INCIDENT_QUIET_MS,
        updateEveryMs: e.TAGTEAM_INCIDENT_UPDATE_EVERY_MS,
      },
      llm:
        e.TAGTEAM_LLM_URL !== undefined && e.TAGTEAM_LLM_MODEL !== undefined
          ? {
              url: e.TAGTEAM_LLM_URL.replace(/\/+$/, ""),
              model: e.TAGTEAM_LLM_MODEL,
              apiKey: e.TAGTEAM_LLM_API_KEY ?? null,
              timeoutMs: e.TAGTEAM_LLM_TIMEOUT_MS,
            }
          : null,
    },
  };
}
