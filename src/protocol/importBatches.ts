import type { z } from "zod";
import type { ImportAlreadyStored, ImportBody, importResponseSchema } from "./http.ts";
import { utf8Length, type CheckedConversation } from "./transcriptFile.ts";

/*
 * Sending checked conversations to POST /import in batches, one request after another. A batch
 * is bounded by count and by size: the route takes at most 1,000 conversations, and the server
 * reads at most 2 MiB of body (src/server/app.ts, `bodyLimit`). Shared by the web app's Import
 * panel (which plans every batch of a checked file up front) and `tagteam import` (which builds
 * them one at a time as it streams the file, so only one batch is ever held).
 */

/** The import route's limit on conversations per request (importBodySchema). */
export const MAX_CONVERSATIONS_PER_REQUEST = 1000;
/** The server's body limit, in bytes. */
export const SERVER_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** Room for the rest of the body (`{"teamId":…,"conversations":[…]}`) beside one conversation. */
const ENVELOPE_ALLOWANCE_BYTES = 1024;
/** The largest conversation that still fits in a request on its own. */
export const MAX_CONVERSATION_BYTES = SERVER_BODY_LIMIT_BYTES - ENVELOPE_ALLOWANCE_BYTES;

export interface BatchLimits {
  maxConversations: number;
  /** A batch's body stays within this, unless one conversation alone is larger (then it goes alone). */
  maxBytes: number;
}

/**
 * 100 conversations or 1 MiB, whichever comes first: each request is a few seconds at most, the
 * progress bar moves often, and a failure costs little to retry.
 */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxConversations: 100, maxBytes: 1024 * 1024 };

export interface Batch {
  /** Index (from 0) of its first conversation among all those sent. */
  first: number;
  items: CheckedConversation[];
  /** Its request body's size in bytes. */
  bytes: number;
}

/** The body of one import request. */
export const batchBody = (teamId: string, batch: Batch): ImportBody => ({
  teamId,
  conversations: batch.items.map((i) => i.conversation),
});

/**
 * Builds batches one conversation at a time, in order, within the limits (by count, then by body
 * size): `add` answers a batch when the conversation starts a new one, `end` the last.
 */
export class BatchBuilder {
  private readonly maxConversations: number;
  private readonly maxBytes: number;
  private readonly envelope: number;
  private current: Batch | null = null;
  private count = 0;

  constructor(teamId: string, limits: BatchLimits = DEFAULT_BATCH_LIMITS) {
    this.maxConversations = Math.max(1, Math.min(limits.maxConversations, MAX_CONVERSATIONS_PER_REQUEST));
    this.maxBytes = limits.maxBytes;
    this.envelope = utf8Length(JSON.stringify({ teamId, conversations: [] }));
  }

  /** Adds the next conversation; answers the batch it closed, if it did not fit in it. */
  add(item: CheckedConversation): Batch | null {
    const current = this.current;
    const index = this.count++;
    // Each conversation after the first costs its bytes and a comma.
    const grown = current === null ? 0 : current.bytes + 1 + item.bytes;
    if (current === null || current.items.length >= this.maxConversations || grown > this.maxBytes) {
      this.current = { first: index, items: [item], bytes: this.envelope + item.bytes };
      return current;
    }
    current.items.push(item);
    current.bytes = grown;
    return null;
  }

  /** The last batch, if any conversation was added since the last one answered. */
  end(): Batch | null {
    const last = this.current;
    this.current = null;
    return last;
  }
}

/** Splits conversations, in order, into batches within the limits (by count, then by body size). */
export function planBatches(
  items: readonly CheckedConversation[],
  teamId: string,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): Batch[] {
  const builder = new BatchBuilder(teamId, limits);
  const batches: Batch[] = [];
  for (const item of items) {
    const closed = builder.add(item);
    if (closed !== null) batches.push(closed);
  }
  const last = builder.end();
  if (last !== null) batches.push(last);
  return batches;
}

export type ImportResponse = z.infer<typeof importResponseSchema>;
export type SendBatch = (body: ImportBody) => Promise<ImportResponse>;

/** What the server said it did, summed over the batches sent. */
export interface ImportTotals {
  conversations: number;
  /** Messages in the conversations sent. */
  messages: number;
  /** Of those, newly stored (the rest were there from an earlier import). */
  created: number;
  alerts: number;
  /**
   * Conversations whose id already had lines stored that differ from this import's at the same
   * place: those lines of the import were not stored (the stored ones were kept).
   */
  conflicts: ImportAlreadyStored[];
}

export const NO_TOTALS: ImportTotals = {
  conversations: 0,
  messages: 0,
  created: 0,
  alerts: 0,
  conflicts: [],
};

export const addTotals = (a: ImportTotals, b: ImportResponse): ImportTotals => ({
  conversations: a.conversations + b.conversations,
  messages: a.messages + b.messages,
  created: a.created + b.created,
  alerts: a.alerts + b.alerts,
  conflicts: [...a.conflicts, ...b.alreadyStored.filter((c) => c.differing.length > 0)],
});

/** Lines not stored because a different line was stored at their place, over `conflicts`. */
export const conflictingLines = (conflicts: readonly ImportAlreadyStored[]): number =>
  conflicts.reduce((sum, c) => sum + c.differing.length, 0);

/** "messages 2, 3 and 5" of a conversation (its `differing` places, counted from 1 as people do). */
export function describeDiffering(differing: readonly number[], most = 10): string {
  const shown = differing.slice(0, most).map((i) => String(i + 1));
  const more = differing.length - shown.length;
  if (more > 0) return `messages ${shown.join(", ")} and ${more} more`;
  if (shown.length === 1) return `message ${shown[0]}`;
  return `messages ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

export type SendOutcome =
  | { kind: "done"; totals: ImportTotals }
  /** Stopped when asked, after a batch; `next` is the first batch not sent. */
  | { kind: "stopped"; next: number; totals: ImportTotals }
  /** Batch `failed` was refused or not answered; the batches before it were stored. */
  | { kind: "failed"; failed: number; error: unknown; totals: ImportTotals };

/**
 * Sends batches `from` onwards, one after another (each waits for the last: the server analyses
 * every message in order), adding the answers to `totals`. `shouldStop` is asked after each batch.
 */
export async function sendBatches(input: {
  batches: readonly Batch[];
  teamId: string;
  from: number;
  totals: ImportTotals;
  send: SendBatch;
  onBatch?: (done: number, totals: ImportTotals) => void;
  shouldStop?: () => boolean;
}): Promise<SendOutcome> {
  let totals = input.totals;
  for (let i = input.from; i < input.batches.length; i++) {
    const batch = input.batches[i] as Batch;
    try {
      totals = addTotals(totals, await input.send(batchBody(input.teamId, batch)));
    } catch (error) {
      return { kind: "failed", failed: i, error, totals };
    }
    input.onBatch?.(i + 1, totals);
    if (i + 1 < input.batches.length && input.shouldStop?.() === true)
      return { kind: "stopped", next: i + 1, totals };
  }
  return { kind: "done", totals };
}
