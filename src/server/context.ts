import type { FastifyBaseLogger } from "fastify";
import type { Queryable, Store } from "../store/index.ts";
import type { Authenticator } from "./auth/authenticate.ts";
import type { ServerConfig } from "./config.ts";
import type { OutletResolver } from "./integrations/outlets.ts";
import type { Deliveries } from "./integrations/deliveries.ts";
import type { IngestPipeline } from "./ingest/pipeline.ts";
import type { PeopleDirectory } from "./ingest/peopleDirectory.ts";
import type { IncidentDetector } from "./live/incidentDetector.ts";
import type { LiveEngine } from "./live/liveEngine.ts";
import type { LlmClient } from "./llm/client.ts";
import type { Metrics } from "./metrics.ts";
import type { EventBus } from "./realtime/eventBus.ts";
import type { RealtimeHub } from "./realtime/hub.ts";

/** Everything a route or command needs, built once by the composition root (no module singletons). */
export interface ServerContext {
  config: ServerConfig;
  store: Store;
  now: () => number;
  log: FastifyBaseLogger;
  metrics: Metrics;
  auth: Authenticator;
  hub: RealtimeHub;
  bus: EventBus;
  /** The outbound integrations' delivery loops (cursors over the event log, retries, dead letters). */
  deliveries: Deliveries;
  /** Each organisation's Chatwoot and reply webhook: its own (Admin → Integrations), else the server's. */
  outlets: OutletResolver;
  /** Starts the delivery loops of an outlet an organisation has just set up, here and on every other instance. */
  enableOutlet: (kind: "chatwoot" | "replyWebhook" | "alertWebhook") => Promise<void>;
  /**
   * An organisation removed its own outlet (in `db`, the removal's transaction): the last one of its
   * kind, on a server without its own, marks that kind's cursors to be forgotten, even across a restart.
   */
  outletRemoved: (db: Queryable, kind: "chatwoot" | "replyWebhook" | "alertWebhook") => Promise<void>;
  /**
   * The hashes of the API tokens the live demo's replay posts with: conversations they start are
   * the demo's (origin `demo`), whose simulated customers read replies in the transcript.
   */
  demoReplayTokens: Set<string>;
  engine: LiveEngine;
  ingest: IngestPipeline;
  /** The organisations' people, cached briefly (ingest authors, names in responses). */
  people: PeopleDirectory;
  /** Records customers' malfunction reports and opens incidents (after each ingest group). */
  incidents: IncidentDetector;
  /** The optional OpenAI-compatible language model (TAGTEAM_LLM_URL); null when off. */
  llm: LlmClient | null;
}
