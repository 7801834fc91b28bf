import type { FastifyInstance } from "fastify";
import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { Loop2Processor } from "./processor.ts";
import { registerCommitmentRoutes } from "./routes/commitments.ts";
import { registerDebriefRoutes } from "./routes/debriefs.ts";
import { registerExportRoutes } from "./routes/exports.ts";
import { registerFeedbackRoutes } from "./routes/feedback.ts";
import { registerJournalRoutes } from "./routes/journal.ts";
import { registerKnowledgeRoutes } from "./routes/knowledge.ts";
import { registerQaRoutes } from "./routes/qa.ts";
import { registerQaDisputeRoutes } from "./routes/qaDisputes.ts";

/** The OpenAPI tags of loop 2's routes: test/server/loop2-privacy.test.ts covers each of them. */
export const LOOP2_TAGS: readonly string[] = [
  "debriefs",
  "feedback",
  "journal",
  "knowledge-capture",
  "qa",
  "commitments",
  "exports",
];

const processors = new WeakMap<ServerContext, Loop2Processor>();

/** The loop-2 processor of an app (tests await `catchUp()` instead of sleeping). */
export function loop2ProcessorOf(ctx: ServerContext): Loop2Processor {
  const processor = processors.get(ctx);
  if (processor === undefined) throw new Error("loop 2 is not registered on this app");
  return processor;
}

/**
 * Loop 2, after the conversation: its routes, and the processor that turns closed conversations
 * into scorecards, knowledge gaps and debriefs and sends commitment reminders. The processor runs
 * while the app is up (Fastify's ready/close hooks), so the composition root needs one line.
 */
export function registerLoop2Routes(register: Register, ctx: ServerContext, app: FastifyInstance): void {
  registerDebriefRoutes(register, ctx);
  registerFeedbackRoutes(register, ctx);
  registerJournalRoutes(register, ctx);
  registerKnowledgeRoutes(register, ctx);
  registerQaRoutes(register, ctx);
  registerQaDisputeRoutes(register, ctx);
  registerCommitmentRoutes(register, ctx);
  registerExportRoutes(register, ctx);
  const processor = new Loop2Processor(ctx);
  processors.set(ctx, processor);
  app.addHook("onReady", async () => processor.start());
  app.addHook("onClose", async () => processor.stop());
}
