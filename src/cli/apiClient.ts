/**
 * The CLI's calls to a running tagteam server (`import`, `simulate`): one JSON request, and a
 * failure that says in words what went wrong and where, whether the server answered with its error
 * envelope, could not be reached, or was not a tagteam server at all.
 */
import { API_BASE_PATH } from "../protocol/index.ts";

/** A request to the server that failed; `status` is 0 when no answer came. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's error code (`UNAUTHENTICATED`…), when it answered with its envelope. */
    readonly code: string | null = null,
    /** Every problem the server listed (`VALIDATION_FAILED`). */
    readonly issues: readonly { path: readonly (string | number)[]; message: string }[] = [],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  /**
   * Nothing later will succeed either: no server, not a tagteam server, or the token or team is
   * refused (401, 403, 404). Retrying the next conversation or batch would only repeat it.
   */
  get hopeless(): boolean {
    return this.status === 0 || this.code === null || [401, 403, 404].includes(this.status);
  }
}

/** A server's address as given to --url: no trailing slash, nor the API's own path. */
export function serverUrl(given: string): string {
  return given.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

/** What a failed connection says in words, from undici's cause (ECONNREFUSED, ENOTFOUND…). */
function unreachable(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused (is tagteam running there?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "no such host";
    case "ECONNRESET":
      return "the connection was reset";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "no answer (timed out)";
    default:
      return typeof cause?.code === "string"
        ? cause.code
        : error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
  }
}

/**
 * POSTs `body` to `<url>/api/v1<path>` with the token and returns the JSON answer of a 2xx.
 * Anything else throws an ApiRequestError naming the path, the status and the server's message.
 */
export async function postJson<T>(url: string, token: string, path: string, body: unknown): Promise<T> {
  const target = `${url}${API_BASE_PATH}${path}`;
  let response: Response;
  try {
    response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    if (error instanceof TypeError && /invalid url|failed to parse url/i.test(error.message))
      throw new ApiRequestError(0, `--url ${url} is not a URL: give one like http://127.0.0.1:3000`);
    throw new ApiRequestError(0, `cannot reach ${url}: ${unreachable(error)}`);
  }
  const text = await response.text();
  let json: { error?: { code?: unknown; message?: unknown; details?: { issues?: unknown } } } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = undefined;
  }
  if (typeof json !== "object" || json === null) {
    throw new ApiRequestError(
      response.status,
      `POST ${target} answered ${response.status} ${response.statusText || ""}`.trimEnd() +
        ` with ${response.headers.get("content-type") ?? "no content type"}, not tagteam's JSON: is --url ${url} the tagteam server (without /api/v1)?`,
    );
  }
  if (!response.ok) {
    const code = typeof json.error?.code === "string" ? json.error.code : null;
    const message = typeof json.error?.message === "string" ? json.error.message : "";
    const issues = Array.isArray(json.error?.details?.issues)
      ? (json.error.details.issues as { path: (string | number)[]; message: string }[])
      : [];
    throw new ApiRequestError(
      response.status,
      `POST ${API_BASE_PATH}${path} ${response.status}${code !== null ? ` ${code}` : ""}: ${message}`,
      code,
      issues,
    );
  }
  return json as T;
}
