import { errorEnvelopeSchema, type ErrorCode } from "../../protocol/errors.ts";

/** A failed API call, carrying the server's error code so callers branch on it, not on text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NETWORK",
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Validation problems listed by the server, as "field: message" lines in plain words. */
  get issues(): string[] {
    const issues = this.details?.["issues"];
    if (!Array.isArray(issues)) return [];
    return issues.map((i: { path?: unknown[]; message?: string }) => {
      const path = Array.isArray(i.path) ? i.path.slice(1).join(".") : "";
      const message = plainIssue(i.message ?? "");
      return path ? `${path}: ${message}` : message;
    });
  }
}

/** What a query or path parameter is, in words ("teamId" → "the team"). */
const ADDRESS_FIELDS: Record<string, string> = {
  teamId: "the team",
  team: "the team",
  personId: "the person",
  person: "the person",
  agentId: "the agent",
  actorId: "who did it",
  id: "what was opened",
  conversationId: "the conversation",
  date: "the date",
  day: "the day",
  since: "the start date",
  from: "the start date",
  until: "the end date",
  to: "the end date",
  compare: "the before / after date",
  status: "the status",
  channel: "the channel",
  topic: "the topic",
  q: "the search",
  limit: "how many to show",
  before: "the page of older entries",
};

/**
 * A failed request in a sentence a person understands. Validation problems in what was typed
 * (the body) are listed as "Please check: …"; problems in what a page asked for on its own (its
 * address: query or path parameters) are not the reader's typing, so they are named in words with
 * what to do. Anything else keeps the server's message, which is written for people.
 */
export function describeProblem(e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const raw = e.details?.["issues"];
  if (!Array.isArray(raw) || raw.length === 0) return e.message;
  const issues = raw as { path?: unknown[]; message?: string }[];
  const inAddress = issues.filter(
    (i) => Array.isArray(i.path) && (i.path[0] === "query" || i.path[0] === "params"),
  );
  if (inAddress.length === 0) return `Please check: ${e.issues.join("; ")}.`;
  const what = [
    ...new Set(
      inAddress.map((i) => {
        const key = Array.isArray(i.path) ? String(i.path.at(-1) ?? "") : "";
        const name = ADDRESS_FIELDS[key] ?? `“${key}”`;
        const message = plainIssue(i.message ?? "");
        // An id that is not one is something tagteam does not know, whatever the validator says.
        return /\bid\b|UUID/i.test(message) ? `${name} is not one tagteam knows` : `${name} ${message}`;
      }),
    ),
  ];
  return `This page could not be shown as its address asks: ${what.join("; ")}. Choose again on the page, or open it afresh from the menu.`;
}

/**
 * The validator's wording in plain words ("Too big: expected string to have <=200 characters" →
 * "at most 200 characters"); a message written for people (a custom rule's) is kept as it is.
 */
export function plainIssue(message: string): string {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^Too small: expected string to have >=1 characters?$/, () => "must not be empty"],
    [
      /^Too (big|small): expected (string|array) to have ([<>]=?)(\d+) (\w+)$/,
      (m) => limit(m[3], m[4], m[5]),
    ],
    [
      /^Too (big|small): expected (number|int|bigint) to be ([<>]=?)(-?[\d.]+)$/,
      (m) => limit(m[3], m[4], ""),
    ],
    [/^Invalid input: expected \w+, received undefined$/, () => "is missing"],
    [/^Invalid input: expected (\w+), received \w+$/, (m) => `should be a ${m[1]}`],
    [/^Invalid email address$/, () => "is not a valid e-mail address"],
    [/^Invalid URL$/, () => "is not a valid URL"],
  ];
  for (const [pattern, say] of rules) {
    const m = message.match(pattern);
    if (m !== null) return say(m);
  }
  return message;
}

function limit(op: string | undefined, n: string | undefined, unit: string | undefined): string {
  const what = unit ? `${n} ${unit}` : `${n}`;
  switch (op) {
    case "<=":
      return `at most ${what}`;
    case "<":
      return `less than ${what}`;
    case ">=":
      return `at least ${what}`;
    default:
      return `more than ${what}`;
  }
}

/**
 * Calls the JSON API with the session cookie and returns the parsed body; a non-2xx answer
 * becomes an {@link ApiError} built from the error envelope.
 */
export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers:
        body === undefined
          ? { accept: "application/json" }
          : { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Cannot reach the server. Check your connection.");
  }
  const text = await response.text();
  const json: unknown = text ? safeParse(text) : undefined;
  if (!response.ok) {
    const parsed = errorEnvelopeSchema.safeParse(json);
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(response.status, e.code, e.message, e.details);
    }
    throw new ApiError(response.status, "INTERNAL", `The server answered ${response.status}.`);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const getJson = <T>(path: string) => requestJson<T>("GET", path);
export const postJson = <T>(path: string, body?: unknown) => requestJson<T>("POST", path, body ?? {});
export const patchJson = <T>(path: string, body: unknown) => requestJson<T>("PATCH", path, body);
export const putJson = <T>(path: string, body: unknown) => requestJson<T>("PUT", path, body);
export const deleteJson = <T>(path: string) => requestJson<T>("DELETE", path);
