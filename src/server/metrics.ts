import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Prometheus metrics of one server instance (its own registry: no module-level singletons). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "tagteam_http_requests_total",
      help: "HTTP requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "tagteam_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    messagesIngested: new Counter({
      name: "tagteam_messages_ingested_total",
      help: "Messages durably stored by ingest (retries not counted)",
      registers: [registry],
    }),
    ingestGroupSize: new Histogram({
      name: "tagteam_ingest_group_size",
      help: "Messages committed per ingest transaction",
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
    ingestRetriedGroups: new Counter({
      name: "tagteam_ingest_retried_groups_total",
      help: "Ingest groups written again because a message in them was stored already (a client's retry)",
      registers: [registry],
    }),
    ingestStaleStates: new Counter({
      name: "tagteam_ingest_stale_engine_states_total",
      help: "Conversations whose engine state in memory had missed lines stored elsewhere (another instance): their group was written again from the store",
      registers: [registry],
    }),
    ingestEngineReadings: new Counter({
      name: "tagteam_ingest_engine_readings_total",
      help: "Messages read by the engine during ingest: 'ahead' when the reading made on arrival (while earlier groups were being written) was used, 'in_group' when it was made inside the group's transaction",
      labelNames: ["when"] as const,
      registers: [registry],
    }),
    ingestCommitSeconds: new Histogram({
      name: "tagteam_ingest_commit_seconds",
      help: "Time to analyse and commit one ingest group",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    alertsRaised: new Counter({
      name: "tagteam_alerts_raised_total",
      help: "Alerts raised",
      registers: [registry],
    }),
    conversationsClosed: new Counter({
      name: "tagteam_conversations_closed_total",
      help: "Conversations closed, by who closed them: teammate, sender (the helpdesk or the API), idle (the sweep) or customer (the built-in chat)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    conversationsReopened: new Counter({
      name: "tagteam_conversations_reopened_total",
      help: "Closed conversations reopened by a customer's message (as this instance saw them)",
      registers: [registry],
    }),
    conversationsErased: new Counter({
      name: "tagteam_conversations_erased_total",
      help: "Conversations erased with everything recorded about them: on request (an admin) or by the retention period",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    incidentReports: new Counter({
      name: "tagteam_incident_reports_total",
      help: "Customers' malfunction reports recorded (one per subject of a message)",
      registers: [registry],
    }),
    incidentReportsFailed: new Counter({
      name: "tagteam_incident_reports_failed_total",
      help: "Malfunction reports that could not be recorded (logged)",
      registers: [registry],
    }),
    incidentsOpened: new Counter({
      name: "tagteam_incidents_opened_total",
      help: "Incidents opened by a surge of reports",
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: "tagteam_events_published_total",
      help: "Events handed to the realtime hub",
      labelNames: ["origin"] as const,
      registers: [registry],
    }),
    wsConnections: new Gauge({
      name: "tagteam_ws_connections",
      help: "Open WebSocket connections",
      registers: [registry],
    }),
    chatwootWebhookEvents: new Counter({
      name: "tagteam_chatwoot_webhook_events_total",
      help: "Chatwoot webhook calls answered, by outcome: 'ingested'; 'closed' or 'already_closed' (a resolved conversation); or 'ignored_' and why (event, private_note, message_type, empty_content, status, unknown_conversation, other_team, no_account)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    chatwootNotes: new Counter({
      name: "tagteam_chatwoot_notes_total",
      help: "Whispers posted to Chatwoot as private notes, by outcome (posted; failed: one per failed attempt, logged and retried)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "tagteam_deliveries_total",
      help: "Outbound deliveries (alert webhook, Chatwoot notes) by processor and outcome: delivered, skipped (nothing to send for the event), retried (an attempt failed; it will be tried again), dead_lettered (refused by the receiver; listed by GET /api/v1/admin/deliveries), expired (not posted: older than the processor's max age, its receiver failing or the server down; listed too)",
      labelNames: ["processor", "outcome"] as const,
      registers: [registry],
    }),
    llmRequests: new Counter({
      name: "tagteam_llm_requests_total",
      help: "Requests to the optional language model (TAGTEAM_LLM_URL) by purpose (whisper_draft, transfer_summary) and outcome: ok, timeout, http_error, network_error, bad_response (unreadable or empty); every outcome but ok fell back to tagteam's own behaviour",
      labelNames: ["purpose", "outcome"] as const,
      registers: [registry],
    }),
    llmDuration: new Histogram({
      name: "tagteam_llm_request_duration_seconds",
      help: "Time of a request to the optional language model, whatever its outcome, by purpose",
      labelNames: ["purpose"] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
      registers: [registry],
    }),
    deliveryLag: new Gauge({
      name: "tagteam_delivery_lag_events",
      help: "Newest event id minus the processor's cursor, read at each scrape (an idle processor catches up to the head at every poll, TAGTEAM_DELIVERY_POLL_MS)",
      labelNames: ["processor"] as const,
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
