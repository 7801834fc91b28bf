import type { IngestResult } from "../protocol/index.ts";
import { ApiRequestError, postJson } from "./apiClient.ts";
import { agentFor, castFor, DEMO_CONVERSATIONS, type DemoConversation } from "./demoConversations.ts";
import { demoSurveyTags } from "./demoSurvey.ts";

export interface SimulationOptions {
  /** The server's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** An API token with the ingest scope. */
  token: string;
  teamId: string;
  /**
   * Agent e-mails to hand conversations to: each script to the demo agent it was written for when
   * they are among them, else round robin; without them, messages carry no author.
   */
  agents: readonly string[];
  /** Conversations running at once. */
  concurrency: number;
  /** Pause between lines of one conversation. */
  lineDelayMs: number;
  /** Stop after this many conversations (Infinity: until stopped). */
  total: number;
  /**
   * Close each conversation this long after its last line (POST /conversations/close), as a
   * helpdesk would once the chat is over; undefined leaves them open.
   */
  closeAfterMs?: number;
  /**
   * After closing, post the customer's survey answer (POST /surveys), tags that fit how the
   * conversation went (`demoSurveyTags`), as a helpdesk running its own survey would.
   */
  answerSurveys?: boolean;
  /**
   * Who writes a conversation's agent lines from now on (by tagteam's conversation id), once its
   * agent handed it over: an e-mail; null stops its agent lines (a person took it over and writes
   * them); undefined keeps the scripted agent.
   */
  handoverOf?: (conversationId: string) => string | null | undefined;
  onPosted?: (result: IngestResult) => void;
  onError?: (error: unknown) => void;
}

export interface Simulation {
  stop(): Promise<void>;
  /** Resolves when `total` conversations have been replayed (or after stop). */
  done: Promise<{ conversations: number; messages: number; alerts: number; closed: number }>;
}

/** Posts one message over the public API; throws an ApiRequestError saying why on failure. */
export async function postMessage(url: string, token: string, body: unknown): Promise<IngestResult[]> {
  const json = await postJson<{ results?: IngestResult[] }>(url, token, "/messages", body);
  if (json.results === undefined) throw new ApiRequestError(200, "POST /messages: the answer has no results");
  return json.results;
}

/** Tells the server a conversation has ended (by the sender's id); throws an ApiRequestError on failure. */
export async function closeConversation(
  url: string,
  token: string,
  conversationId: string,
): Promise<boolean> {
  const json = await postJson<{ closed?: boolean }>(url, token, "/conversations/close", { conversationId });
  return json.closed === true;
}

/** Posts a customer's survey tags for a conversation (by the sender's id); throws an ApiRequestError on failure. */
export async function postSurvey(
  url: string,
  token: string,
  conversationId: string,
  tags: readonly string[],
): Promise<boolean> {
  const json = await postJson<{ recorded?: boolean }>(url, token, "/surveys", { conversationId, tags });
  return json.recorded === true;
}

/**
 * Replays the demo conversations into a running server through its public ingest API, several at
 * a time, each line after a pause, so the floor fills up as it would with a live team.
 */
export function startSimulation(options: SimulationOptions): Simulation {
  let stopped = false;
  let started = 0;
  const counts = { conversations: 0, messages: 0, alerts: 0, closed: 0 };
  const runId = Date.now().toString(36);
  // Pauses end early when the simulation stops, so stopping takes a request, not a pause.
  const pauses = new Set<() => void>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) return resolve();
      const end = (): void => {
        clearTimeout(timer);
        pauses.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      timer.unref();
      pauses.add(end);
    });
  const runOne = async (script: DemoConversation, n: number): Promise<void> => {
    const conversationId = `sim-${runId}-${n}`;
    const agent = agentFor(script, options.agents, n);
    let tagteamId: string | undefined;
    for (const [i, line] of script.lines.entries()) {
      if (stopped) return;
      const handover = tagteamId !== undefined ? options.handoverOf?.(tagteamId) : undefined;
      if (line.role === "agent" && handover === null) {
        await wait(options.lineDelayMs);
        continue;
      }
      const author = line.role === "agent" ? (handover ?? agent) : script.customer;
      const results = await postMessage(options.url, options.token, {
        senderMessageId: `${conversationId}-${i}`,
        conversationId,
        teamId: options.teamId,
        channel: script.channel,
        role: line.role,
        text: line.text,
        topic: script.topic,
        ...(author !== undefined ? { author } : {}),
      });
      counts.messages++;
      tagteamId ??= results[0]?.conversationId;
      for (const r of results) {
        if (r.alertId !== null) counts.alerts++;
        options.onPosted?.(r);
      }
      await wait(options.lineDelayMs);
    }
    counts.conversations++;
    if (options.closeAfterMs !== undefined && !stopped) {
      await wait(options.closeAfterMs);
      if (stopped) return;
      if (await closeConversation(options.url, options.token, conversationId)) counts.closed++;
      const tags = options.answerSurveys === true ? demoSurveyTags(script, n) : null;
      if (tags !== null && !stopped) await postSurvey(options.url, options.token, conversationId, tags);
    }
  };
  const worker = async (): Promise<void> => {
    while (!stopped && started < options.total) {
      const n = started++;
      const script = DEMO_CONVERSATIONS[n % DEMO_CONVERSATIONS.length];
      if (script === undefined) return;
      try {
        await runOne(castFor(script, n), n);
      } catch (error) {
        options.onError?.(error);
        await wait(1000);
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, () => worker())).then(() => counts);
  return {
    stop: async () => {
      stopped = true;
      for (const end of [...pauses]) end();
      await done;
    },
    done,
  };
}
