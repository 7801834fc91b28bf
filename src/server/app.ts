import { existsSync } from "node:fs";
import { relative as relativePath, resolve, isAbsolute } from "node:path";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import websocket from "@fastify/websocket";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import {
  anyOrganisationIntegrations,
  resealOrganisationSecrets,
  findLatestEventId,
  findUnreadableOrganisationSecrets,
  markPeoplePresent,
  markPersonAbsent,
  type Store,
} from "../store/index.ts";
import { canJoinRoom, findEventsForResume } from "./realtime/access.ts";
import { API_BASE_PATH, errorEnvelopeSchema, replyWebhookPayloadSchema } from "../protocol/index.ts";
import { Authenticator, SESSION_COOKIE } from "./auth/authenticate.ts";
import type { ServerConfig } from "./config.ts";
import type { ServerContext } from "./context.ts";
import { AppError } from "./errors.ts";
import { installErrorHandler, buildErrorEnvelope } from "./http/errorHandler.ts";
import {
  buildOpenApi,
  defineRoute,
  type Authenticate,
  type RouteAuth,
  type RouteRecord,
  type RouteSpec,
} from "./http/route.ts";
import { serializeRequest } from "./http/serializeRequest.ts";
import { registerSecurityHeaders } from "./http/securityHeaders.ts";
import { IngestPipeline } from "./ingest/pipeline.ts";
import { createAlertWebhookProcessor } from "./integrations/alertWebhook.ts";
import { createChatwootNoteProcessor } from "./integrations/chatwoot.ts";
import {
  createChatwootReplyProcessor,
  createReplyWebhookProcessor,
  REPLY_SIGNATURE_HEADER,
} from "./integrations/replies.ts";
import { Deliveries, type EventProcessor } from "./integrations/deliveries.ts";
import { OutletLoops } from "./integrations/outletLoops.ts";
import { describeUnreadableSecrets, outletResolver } from "./integrations/outlets.ts";
import { PeopleDirectory } from "./ingest/peopleDirectory.ts";
import { LiveEngine } from "./live/liveEngine.ts";
import { createMetrics } from "./metrics.ts";
import { createLlmClient } from "./llm/client.ts";
import { EventBus } from "./realtime/eventBus.ts";
import { RealtimeHub } from "./realtime/hub.ts";
import { registerRealtime } from "./realtime/socketRoute.ts";
import { registerAdminRoutes } from "./routes/admin.ts";
import { registerAuditRoutes } from "./routes/audit.ts";
import { registerRetentionRoutes } from "./routes/retention.ts";
import { registerSetupRoutes } from "./routes/setup.ts";
import { registerAuthRoutes } from "./routes/auth.ts";
import { registerSignInLinkRoutes } from "./routes/signInLinks.ts";
import { registerChatRoutes } from "./routes/chat.ts";
import { registerLoop2Routes } from "./loop2/index.ts";
import { registerHuddleRoutes } from "./huddles/routes.ts";
import { registerNumbersRoutes } from "./numbers/numbersRoutes.ts";
import { registerPulseRoutes } from "./pulses/index.ts";
import { registerPractice } from "./practice/index.ts";
import { registerSkillRoutes } from "./skills/index.ts";
import { registerConversationRoutes } from "./routes/conversations.ts";
import { registerEngineSettingsRoutes } from "./routes/engineSettings.ts";
import { registerIngestRoutes } from "./routes/ingest.ts";
import { registerLlmRoutes } from "./routes/llm.ts";
import { registerStepInRoutes } from "./routes/stepIn.ts";
import { registerWebhookRoutes } from "./routes/webhooks.ts";
import { StoreMaintenance } from "./sweeper/maintenance.ts";
import type { PeriodicJob } from "./sweeper/periodicJob.ts";
import { createSweeper } from "./sweeper/sweeper.ts";
import { IncidentDetector } from "./live/incidentDetector.ts";
import { registerIncidentRoutes } from "./routes/incidents.ts";
import { registerBackupRoutes } from "./routes/backup.ts";
import { registerDeliveryRoutes } from "./routes/deliveries.ts";
import { registerIntegrationSettingsRoutes } from "./routes/integrationSettings.ts";
import type { z } from "zod";
import { z as zod } from "zod";

/** Registers a route on the app (bound to its authenticator and the OpenAPI registry). */
export type Register = <
  S extends { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType },
  A extends RouteAuth,
  R extends z.ZodType,
>(
  spec: RouteSpec<S, A, R>,
) => void;

export interface App {
  app: FastifyInstance;
  ctx: ServerContext;
  people: PeopleDirectory;
  /** Escalation follow-up and alert expiry; runs on an interval once started. */
  sweeper: PeriodicJob;
  /** PGlite: vacuums and analyses the hot tables (it runs no autovacuum). */
  maintenance: StoreMaintenance;
  /** Starts background parts (cross-instance events, heartbeats, the sweeper). */
  start(): Promise<void>;
  /** False: every request answers 503 "starting" (the server listens before its first admin exists). */
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

const VERSION = "0.1.0";

/**
 * The composition root: builds every service once, wires the routes, and hands back the app.
 * Nothing here listens on a port; `listen` is the caller's choice (tests use inject or port 0).
 */
export async function buildApp(options: {
  config: ServerConfig;
  store: Store;
  now?: () => number;
  /** Where the log lines go (tests read them); standard output when unset. */
  logStream?: { write(line: string): void };
}): Promise<App> {
  const { config, store } = options;
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ["req.headers.authorization", "req.headers.cookie"],
      serializers: { req: serializeRequest },
      ...(options.logStream !== undefined ? { stream: options.logStream } : {}),
    },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // One access line per request, written when it completes (below), not one on arrival too.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const metrics = createMetrics();
  const auth = new Authenticator(store, now, config.sessionTtlMs, (error) =>
    app.log.error({ err: error }, "recording a credential's use failed"),
  );
  const engine = new LiveEngine(now);
  const hub = new RealtimeHub({
    canJoin: async (p, room) => canJoinRoom(ctx, p, room),
    findEventsAfter: async (p, afterId, rooms, limit) => findEventsForResume(ctx, p, afterId, rooms, limit),
    latestEventId: async () => String(await findLatestEventId(store)),
    liveCredentials: (keys) => auth.liveCredentials(keys),
    resolveCredential: (credential) => auth.reload(credential),
    markPresent: (personIds, untilMs) => markPeoplePresent(store, { personIds, until: untilMs }),
    markAbsent: (personId) => markPersonAbsent(store, personId),
    heartbeatMs: config.heartbeatMs,
    now,
    onError: (error, context) => app.log.error({ err: error }, context),
  });
  // Outbound integrations follow the event log, each with its cursor (integrations/deliveries.ts).
  const deliveries = new Deliveries({
    store,
    metrics,
    log: app.log,
    owner: config.instanceId,
    config: config.deliveries,
  });
  // Chatwoot (whispers as notes, replies), the reply webhook and the alert webhook, per organisation: its own settings
  // from Admin → Integrations, else the server's (integrations/outlets.ts). Their loops run when the
  // server has settings or any organisation has its own, and start when an admin first sets some,
  // on every instance (the event bus tells the others).
  const outlets = outletResolver(
    store,
    {
      chatwoot: config.chatwoot,
      replyWebhook: config.replyWebhook,
      alertWebhook: config.alertWebhookUrl !== undefined ? { url: config.alertWebhookUrl } : null,
    },
    config.secretKeys,
  );
  const outletProcessors = {
    chatwoot: (): EventProcessor[] => [
      createChatwootNoteProcessor({
        outlets,
        db: store,
        maxAgeMs: config.deliveries.chatwootNoteMaxAgeMs,
        onPosted: () => metrics.chatwootNotes.inc({ outcome: "posted" }),
        onFailed: () => metrics.chatwootNotes.inc({ outcome: "failed" }),
      }),
      // Teammates' replies on Chatwoot's conversations go back to it as outgoing messages.
      createChatwootReplyProcessor({ outlets, db: store, maxAgeMs: config.deliveries.replyMaxAgeMs }),
    ],
    replyWebhook: (): EventProcessor[] => [
      createReplyWebhookProcessor({ outlets, db: store, maxAgeMs: config.deliveries.replyMaxAgeMs, now }),
    ],
    // Alerts out: alerts raised, escalations and incidents, as Slack-style posts.
    alertWebhook: (): EventProcessor[] => [
      createAlertWebhookProcessor({
        outlets,
        publicUrl: config.publicUrl,
        db: store,
        maxAgeMs: config.deliveries.alertWebhookMaxAgeMs,
      }),
    ],
  };
  // Organisations' tokens and secrets not yet under the server's key (saved unencrypted before it
  // had one, or under a key since rotated) are encrypted with it now; none is lost on the way.
  const resealed = await store.transaction((tx) => resealOrganisationSecrets(tx, config.secretKeys));
  if (resealed.resealed > 0)
    app.log.info(resealed, "organisations' integration secrets encrypted with TAGTEAM_SECRETS_KEY");
  // Secrets whose key is gone (with or without a current key): one line per organisation.
  for (const org of await findUnreadableOrganisationSecrets(store, config.secretKeys))
    app.log.warn(
      { orgId: org.orgId, secrets: org.columns, keyIds: org.keyIds },
      describeUnreadableSecrets(org),
    );
  const ownOutlets = await anyOrganisationIntegrations(store);
  if (
    config.secretKeys.current === null &&
    (ownOutlets.chatwoot || ownOutlets.replyWebhook || ownOutlets.alertWebhook)
  )
    app.log.warn(
      "TAGTEAM_SECRETS_KEY is not set: organisations' Chatwoot tokens, reply webhook secrets and alert webhook addresses are stored unencrypted",
    );
  // Which loops run follows the stored outlets: read now, told by other instances, checked again
  // every TAGTEAM_DELIVERY_RECONCILE_MS (integrations/outletLoops.ts).
  const outletLoops = new OutletLoops({
    db: store,
    deliveries,
    processors: outletProcessors,
    server: {
      chatwoot: config.chatwoot !== null,
      replyWebhook: config.replyWebhook !== null,
      alertWebhook: config.alertWebhookUrl !== undefined,
    },
    reconcileMs: config.deliveries.reconcileMs,
    log: app.log,
  });
  await outletLoops.addWanted();
  // A processor enabled for the first time starts at the newest event: it replays no history.
  await deliveries.prepare();
  const bus = new EventBus(
    store,
    hub,
    metrics,
    config.instanceId,
    deliveries,
    (error) => app.log.error({ err: error }, "event bus"),
    (routed) => {
      // An admin corrected the knowledge base on another instance: this one's engine reads it again.
      if (
        routed.some((r) => r.event.type === "knowledge.updated" || r.event.type === "engine_settings.updated")
      )
        engine.invalidateKnowledge();
      // Another instance wrote to a conversation (a load balancer without sticky sessions): this
      // one's reading of it misses that message, so its next message here restores the state from
      // the store (checkpoint and replay) instead of continuing from memory.
      for (const r of routed) {
        if (r.event.type === "message.received" && r.event.conversationId !== null)
          engine.forgetState(r.event.conversationId);
      }
    },
    // An admin changed someone's role, teams or active state (here or on another instance): this
    // instance's requests read them afresh, and their open sockets are checked again at once.
    async (change) => {
      auth.forget();
      await hub.accessChanged(change);
    },
    // An admin set up their organisation's own Chatwoot, reply webhook or alert webhook (here or on another
    // instance): this instance runs its delivery loops too, and may be the one holding their lease.
    (kind) => outletLoops.enable(kind),
  );
  deliveries.publishWith((records) => bus.publish(records));
  const people = new PeopleDirectory(store, now);
  const ctx: ServerContext = {
    config,
    store,
    now,
    log: app.log,
    metrics,
    auth,
    hub,
    bus,
    deliveries,
    outlets,
    enableOutlet: (kind) => bus.announceOutletSetUp(kind),
    outletRemoved: (db, kind) => outletLoops.removed(db, kind),
    demoReplayTokens: new Set(),
    engine,
    ingest: undefined as never,
    people,
    incidents: undefined as never,
    llm: config.llm === null ? null : createLlmClient(config.llm, { metrics, log: app.log }),
  };
  ctx.incidents = new IncidentDetector(ctx);
  ctx.ingest = new IngestPipeline(ctx, people);
  const sweeper = createSweeper(ctx, config.sweepIntervalMs);
  const maintenance = new StoreMaintenance(ctx, config.maintenanceIntervalMs);

  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const header = request.headers.authorization;
      if (typeof header === "string") return `t:${header.slice(-16)}`;
      const session = request.cookies[SESSION_COOKIE];
      return typeof session === "string" ? `s:${session.slice(-16)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new AppError("RATE_LIMITED", `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`, {
        retryAfterS: Math.ceil(context.ttl / 1000),
      }),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerSecurityHeaders(app);
  installErrorHandler(app);

  // Until the start is complete (the first admin created: `main.ts`), every request, /healthz
  // included, is told to come back: a load balancer or a script sees "ready" only when it is.
  let ready = true;
  app.addHook("onRequest", async (_request, reply) => {
    if (ready) return;
    return reply
      .code(503)
      .header("retry-after", "1")
      .send({ error: { code: "UNAVAILABLE", message: "tagteam is starting; try again in a moment" } });
  });
  app.addHook("onSend", async (request, reply) => {
    void reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
  });

  const registry: RouteRecord[] = [];
  const authenticate: Authenticate = (request, options) => auth.authenticate(request, options);
  const register: Register = (spec) =>
    defineRoute(app, registry, authenticate, { ...spec, url: `${API_BASE_PATH}${spec.url}` });

  registerAuthRoutes(register, ctx);
  registerSignInLinkRoutes(register, ctx);
  registerAdminRoutes(register, ctx, people);
  registerEngineSettingsRoutes(register, ctx);
  registerConversationRoutes(register, ctx);
  registerIngestRoutes(register, ctx, people);
  registerWebhookRoutes(register, ctx, people);
  registerStepInRoutes(register, ctx);
  registerLlmRoutes(register, ctx);
  registerIncidentRoutes(register, ctx);
  registerDeliveryRoutes(register, ctx);
  registerIntegrationSettingsRoutes(register, ctx);
  registerBackupRoutes(register, ctx);
  registerRetentionRoutes(register, ctx);
  registerSetupRoutes(register, ctx);
  registerAuditRoutes(register, ctx);
  registerChatRoutes(register, ctx);
  registerLoop2Routes(register, ctx, app);
  registerHuddleRoutes(register, ctx);
  registerNumbersRoutes(register, ctx);
  registerPulseRoutes(register, ctx);
  registerPractice(register, ctx);
  registerSkillRoutes(register, ctx);
  await registerRealtime(app, ctx);

  app.get("/healthz", async (_request, reply) => {
    try {
      await findLatestEventId(store);
      return {
        status: "ok",
        store: store.kind,
        instanceId: config.instanceId,
        uptimeS: Math.round(process.uptime()),
      };
    } catch {
      return reply.code(503).send({
        status: "degraded",
        store: store.kind,
        instanceId: config.instanceId,
        uptimeS: Math.round(process.uptime()),
      });
    }
  });
  app.get("/metrics", async (request, reply) => {
    metrics.wsConnections.set(hub.connectionCount);
    await deliveries.refreshLag().catch((error: unknown) => request.log.warn({ err: error }, "delivery lag"));
    void reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  const openApi = (): Record<string, unknown> => ({
    ...buildOpenApi(registry, { version: VERSION }),
    // Where to send the requests, so an API tool importing the description needs no base URL typed
    // in: the public address when configured (TAGTEAM_PUBLIC_URL), else the server the document
    // was read from ("/", relative to it).
    servers: [
      config.publicUrl !== undefined
        ? { url: config.publicUrl, description: "tagteam (TAGTEAM_PUBLIC_URL)" }
        : { url: "/", description: "The tagteam server this description was read from" },
    ],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
        bearer: { type: "http", scheme: "bearer" },
        queryToken: { type: "apiKey", in: "query", name: "token" },
      },
      schemas: { ErrorEnvelope: zod.toJSONSchema(errorEnvelopeSchema, { target: "openapi-3.0" }) },
    },
    // What tagteam itself posts out (OpenAPI 3.1 webhooks): the reply webhook, for a helpdesk.
    webhooks: {
      replySent: {
        post: {
          summary:
            "A teammate's reply on a conversation that came through POST /messages, for the helpdesk to send to the customer (TAGTEAM_REPLY_WEBHOOK_URL). At least once: keep the first of a replyId. Answer 2xx when taken; 5xx, 408 and 429 are retried (for TAGTEAM_REPLY_MAX_AGE_MS), any other 4xx marks the reply not sent and tells its writer",
          parameters: [
            {
              name: REPLY_SIGNATURE_HEADER,
              in: "header",
              required: true,
              description:
                't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with TAGTEAM_REPLY_WEBHOOK_SECRET>; check it, and that t is recent',
              schema: { type: "string" },
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: zod.toJSONSchema(replyWebhookPayloadSchema, { target: "openapi-3.0" }),
              },
            },
          },
          responses: { "2XX": { description: "Taken: the helpdesk sends it to the customer" } },
        },
      },
    },
  });
  app.get("/openapi.json", async () => openApi());

  const webDir = resolve(config.webDir);
  const hasWeb = existsSync(resolve(webDir, "index.html"));
  /** Whether `file` lies under `dir` (not `dir` itself, not outside it). */
  const isInside = (dir: string, file: string): boolean => {
    const r = relativePath(dir, file);
    return r !== "" && !r.startsWith("..") && !isAbsolute(r);
  };
  // Vite names everything under assets/ by its content's hash, so a browser may keep those for a
  // year without asking again; index.html (which names the current ones), embed.js and the rest
  // are checked with the server on each use (ETag / Last-Modified), so an update shows at once.
  // The build writes Brotli and gzip copies beside the bigger files (vite.config.ts); a browser
  // that accepts one gets it.
  const assetsDir = resolve(webDir, "assets");
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: "/",
      wildcard: false,
      preCompressed: true,
      setHeaders: (reply, file) => {
        void reply.header(
          "cache-control",
          isInside(assetsDir, resolve(file)) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (hasWeb && request.method === "GET" && !path.startsWith("/api/") && !path.includes(".")) {
      return reply.sendFile("index.html");
    }
    // A file written after the start (the web app rebuilt, its bundles renamed): the static
    // plugin lists files once, at registration. `send` refuses paths that leave the root.
    if (hasWeb && (request.method === "GET" || request.method === "HEAD") && !path.startsWith("/api/")) {
      let relative: string | null = null;
      try {
        relative = decodeURIComponent(path).replace(/^\/+/, "");
      } catch {
        relative = null;
      }
      if (
        relative !== null &&
        relative !== "" &&
        isInside(webDir, resolve(webDir, relative)) &&
        existsSync(resolve(webDir, relative))
      )
        return reply.sendFile(relative);
    }
    return reply
      .code(404)
      .send(buildErrorEnvelope("NOT_FOUND", `No route ${request.method} ${path}`, request.id));
  });

  return {
    app,
    ctx,
    people,
    sweeper,
    maintenance,
    setReady: (value) => {
      ready = value;
    },
    start: async () => {
      hub.start();
      await bus.start();
      sweeper.start();
      maintenance.start();
      deliveries.start();
      outletLoops.start();
    },
    close: async () => {
      await sweeper.stop();
      await maintenance.stop();
      await ctx.ingest.idle();
      await ctx.incidents.close();
      // Deliveries (alert webhook, Chatwoot notes) finish the attempt in flight and stop before the
      // store closes; whatever is left waits in the event log for the next start.
      await outletLoops.stop();
      await deliveries.stop();
      hub.close();
      await bus.stop();
      await app.close();
    },
  };
}
