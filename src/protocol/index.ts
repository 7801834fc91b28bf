/**
 * The wire contract shared by server, web and cli: zod schemas and the types inferred from them.
 * Imports only zod. See docs/API.md for the routes that use them.
 */
export * from "./errors.ts";
export * from "./resources.ts";
export * from "./http.ts";
export * from "./chat.ts";
export * from "./events.ts";
export * from "./ws.ts";
export * from "./loop2.ts";
export * from "./incidents.ts";
export * from "./engineSettings.ts";
export * from "./webhooks.ts";
export * from "./deliveries.ts";
export * from "./integrationSettings.ts";
export * from "./audit.ts";
export * from "./organisation.ts";
export * from "./retention.ts";
export * from "./setup.ts";
export * from "./huddles.ts";
export * from "./skills.ts";
export * from "./numbers.ts";
export * from "./agentNumbers.ts";
export * from "./pulses.ts";
