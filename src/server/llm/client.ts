import type { FastifyBaseLogger } from "fastify";
import type { LlmConfig } from "../config.ts";
import { redactForModel } from "../loop2/redaction.ts";
import type { Metrics } from "../metrics.ts";

/*
 * The optional adapter to an OpenAI-compatible chat-completions endpoint (TAGTEAM_LLM_URL).
 * Plain `fetch` with a timeout: one POST, one JSON answer. Nothing that reaches it is on the ingest
 * path or inside a database transaction, and every caller has a fallback (docs/ARCHITECTURE.md,
 * "Optional language model").
 */

/** What a request is for: a metrics label, and a field of the warn line when it fails. */
export type LlmPurpose = "whisper_draft" | "transfer_summary";
export type LlmFailure = "timeout" | "http_error" | "network_error" | "bad_response";

export interface LlmPrompt {
  /** The instructions: a constant written in src/server/llm/prompts.ts, sent as it is. */
  system: string;
  /**
   * The request's data, in order. Headings and labels are ours; every line's text comes from the
   * conversation and is redacted, line by line, before it is sent.
   */
  parts: readonly PromptPart[];
  /**
   * Names the server knows (the customer's, the agents'), redacted wherever they appear, in any
   * case: a name that is also an everyday word too ("will" of Will Grant; `redactForModel`).
   */
  knownNames: readonly string[];
  maxTokens: number;
  /** The answer is cut (at a sentence end when there is one) to this many characters. */
  maxChars: number;
}

export interface PromptPart {
  heading?: string;
  lines: readonly { label?: string; text: string }[];
}

/** The user message as sent: each part's heading, then its lines with their text redacted. */
export function renderPrompt(prompt: Pick<LlmPrompt, "parts" | "knownNames">): string {
  return prompt.parts
    .map((part) =>
      [
        ...(part.heading !== undefined ? [part.heading] : []),
        ...part.lines.map((line) => {
          const text = redactForModel(line.text, prompt.knownNames);
          return line.label !== undefined ? `${line.label}: ${text}` : text;
        }),
      ].join("\n"),
    )
    .join("\n\n");
}

export type LlmResult = { ok: true; text: string } | { ok: false; failure: LlmFailure; reason: string };

export interface LlmClient {
  complete(purpose: LlmPurpose, prompt: LlmPrompt): Promise<LlmResult>;
}

/** An answer bigger than this is not a sentence or four: refused unread. */
const MAX_RESPONSE_BYTES = 1_000_000;

export function createLlmClient(
  config: LlmConfig,
  deps: { metrics: Metrics; log: FastifyBaseLogger; fetch?: typeof fetch; now?: () => number },
): LlmClient {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? (() => performance.now());
  const endpoint = `${config.url}/chat/completions`;
  return {
    async complete(purpose, prompt) {
      const started = now();
      const result = await request(doFetch, endpoint, config, prompt);
      const seconds = (now() - started) / 1000;
      deps.metrics.llmDuration.observe({ purpose }, seconds);
      deps.metrics.llmRequests.inc({ purpose, outcome: result.ok ? "ok" : result.failure });
      if (!result.ok) {
        // The reason only: never the prompt, the answer or the key.
        deps.log.warn(
          { purpose, outcome: result.failure, reason: result.reason, durationMs: Math.round(seconds * 1000) },
          "language model request failed; falling back to tagteam's own text",
        );
      }
      return result;
    },
  };
}

async function request(
  doFetch: typeof fetch,
  endpoint: string,
  config: LlmConfig,
  prompt: LlmPrompt,
): Promise<LlmResult> {
  const body = JSON.stringify({
    model: config.model,
    messages: [
      { role: "system", content: prompt.system },
      { role: "user", content: renderPrompt(prompt) },
    ],
    max_tokens: prompt.maxTokens,
    temperature: 0.3,
    stream: false,
  });
  let text: string;
  try {
    const response = await doFetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(config.apiKey !== null ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body,
      // The key goes to the configured endpoint only, never to wherever a redirect points.
      redirect: "error",
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, failure: "http_error", reason: `the endpoint answered ${response.status}` };
    }
    const length = Number(response.headers.get("content-length") ?? "0");
    if (length > MAX_RESPONSE_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, failure: "bad_response", reason: `the answer is too large (${length} bytes)` };
    }
    text = await response.text();
  } catch (error) {
    return describeFetchError(error, config.timeoutMs);
  }
  if (text.length > MAX_RESPONSE_BYTES)
    return { ok: false, failure: "bad_response", reason: "the answer is too large" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, failure: "bad_response", reason: "the answer is not JSON" };
  }
  const content = readContent(json);
  if (content === null)
    return { ok: false, failure: "bad_response", reason: "the answer has no choices[0].message.content" };
  const cleaned = cleanAnswer(content, prompt.maxChars);
  if (cleaned === "") return { ok: false, failure: "bad_response", reason: "the answer is empty" };
  return { ok: true, text: cleaned };
}

function describeFetchError(error: unknown, timeoutMs: number): LlmResult {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError")
    return { ok: false, failure: "timeout", reason: `no answer within ${timeoutMs} ms` };
  // undici's "fetch failed" carries the socket's error code (ECONNREFUSED, ENOTFOUND…) as its cause.
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const reason =
    typeof cause?.code === "string"
      ? cause.code
      : typeof cause?.message === "string"
        ? cause.message
        : error instanceof Error
          ? error.message
          : "the request failed";
  return { ok: false, failure: "network_error", reason };
}

/**
 * The text of the first choice: `message.content` as a string or as text parts (both shapes are
 * served by OpenAI-compatible servers), or a legacy `text`. Null when there is none.
 */
export function readContent(json: unknown): string | null {
  if (typeof json !== "object" || json === null) return null;
  const choices = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) return null;
  const first: unknown = choices[0];
  if (typeof first !== "object" || first === null) return null;
  const message = (first as { message?: unknown }).message;
  const content =
    typeof message === "object" && message !== null ? (message as { content?: unknown }).content : undefined;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content.flatMap((part: unknown) =>
      typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string"
        ? [(part as { text: string }).text]
        : [],
    );
    return parts.length > 0 ? parts.join("") : null;
  }
  const legacy = (first as { text?: unknown }).text;
  return typeof legacy === "string" ? legacy : null;
}

/**
 * One paragraph of plain text: a reasoning model's `<think>` block, a "Whisper:"-style label,
 * markdown emphasis and wrapping quotes removed, whitespace collapsed, cut to `maxChars`.
 */
export function cleanAnswer(raw: string, maxChars: number): string {
  let text = raw
    .replace(/<think>[\s\S]*?<\/think>/gi, "")
    .replace(/<\/?think>/gi, "")
    .replace(/\*\*|__|`/g, "")
    .replace(/\s+/g, " ")
    .trim();
  text = text.replace(/^(?:whisper|draft|handover(?: note)?|note|summary)\s*:\s*/i, "");
  const quoted = /^["“'](.*)["”']$/.exec(text);
  if (quoted?.[1] !== undefined) text = quoted[1].trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("! "), cut.lastIndexOf("? "));
  return end > maxChars / 3 ? cut.slice(0, end + 1) : `${cut.slice(0, maxChars - 1).trimEnd()}…`;
}
