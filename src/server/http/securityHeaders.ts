import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/**
 * The pages and script other sites embed: the customer chat runs in an iframe on a team's own site
 * (`widget.html`), put there by `embed.js`. They may be framed and loaded from anywhere; the staff
 * app may not be framed at all (clickjacking).
 */
export const EMBEDDABLE_PATHS: readonly string[] = ["/widget.html", "/embed.js"];

const COMMON_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // React and uPlot set styles through the CSSOM, which CSP allows; inline <style> is not used,
  // but some browsers' devtools and autofill inject it, so styles stay permissive.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'", "data:"],
  // The realtime WebSocket is same-origin ('self' covers ws: and wss: on the page's host).
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

const STAFF_APP: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { ...COMMON_CSP, frameAncestors: ["'none'"] } },
  // Same-origin for the staff app; the embeddable paths are loosened below.
  crossOriginResourcePolicy: { policy: "same-origin" },
  referrerPolicy: { policy: "same-origin" },
  xFrameOptions: { action: "deny" },
};

const EMBEDDABLE: HelmetOptions = {
  ...STAFF_APP,
  contentSecurityPolicy: { useDefaults: false, directives: { ...COMMON_CSP, frameAncestors: ["*"] } },
  crossOriginResourcePolicy: { policy: "cross-origin" },
  xFrameOptions: false,
};

/**
 * The headers `helmet` sets for a policy, read once: its middleware only ever sets (and removes)
 * fixed headers, so running it against a recording response gives the whole set.
 */
export function headersOf(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown = null;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => (failed = error ?? null),
  );
  if (failed !== null) throw failed instanceof Error ? failed : new Error(String(failed));
  return Object.freeze(headers);
}

/**
 * Security headers on every response (the `helmet` library's policies): a Content-Security-Policy
 * that lets pages load only this server's scripts and talk only to it, no framing of the staff
 * app, no MIME sniffing, no referrer beyond this origin. The embeddable paths get a policy that
 * lets any site frame the widget and load `embed.js`.
 *
 * The two header sets are computed once at start-up and copied onto each reply. `@fastify/helmet`,
 * used before, built helmet's middleware anew for every request (parsing and checking the policy
 * each time): ~5 % of the server's busy main thread under ingest load (a CPU profile of
 * `bench:live`; docs/ARCHITECTURE.md, "Where the ingest time goes").
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const staff = headersOf(STAFF_APP);
  const embeddable = headersOf(EMBEDDABLE);
  app.addHook("onRequest", (request, reply, done) => {
    const url = request.url;
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    void reply.headers(EMBEDDABLE_PATHS.includes(path) ? embeddable : staff);
    done();
  });
}
