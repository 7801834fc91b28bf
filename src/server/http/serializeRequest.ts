import type { FastifyRequest } from "fastify";

/** Query parameters that carry credentials (API tokens for the WebSocket and the Chatwoot webhook). */
const SECRET_QUERY_PARAMETERS = new Set(["token"]);

const REDACTED = "[redacted]";

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
};

/**
 * The URL with the value of every credential-carrying query parameter replaced, matched the way
 * the query parser reads names (decoded, so `?tok%65n=` is caught too), case-insensitively.
 *
 * @example redactUrl("/api/v1/webhooks/chatwoot?team=t1&token=tt_abc") // "…?team=t1&token=[redacted]"
 */
export function redactUrl(url: string): string {
  const start = url.indexOf("?");
  if (start === -1) return url;
  const hash = url.indexOf("#", start);
  const end = hash === -1 ? url.length : hash;
  const query = url
    .slice(start + 1, end)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = decode(eq === -1 ? pair : pair.slice(0, eq));
      return SECRET_QUERY_PARAMETERS.has(name.toLowerCase())
        ? `${pair.slice(0, eq === -1 ? pair.length : eq)}=${REDACTED}`
        : pair;
    })
    .join("&");
  return `${url.slice(0, start + 1)}${query}${url.slice(end)}`;
}

/**
 * Fastify's request log line (the same fields as its default serialiser) with credentials in the
 * query string redacted: an API token in a URL must never reach the logs.
 */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: request.headers["accept-version"],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
