import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

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

/**
 * Security headers on every response (`@fastify/helmet`): a Content-Security-Policy that lets
 * pages load only this server's scripts and talk only to it, no framing of the staff app, no MIME
 * sniffing, no referrer beyond this origin. The embeddable paths get a policy that lets any site
 * frame the widget and load `embed.js`.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...COMMON_CSP, frameAncestors: ["'none'"] },
    },
    // Same-origin for the staff app; the embeddable paths are loosened below.
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });
  const embeddableCsp = Object.entries({ ...COMMON_CSP, frameAncestors: ["*"] })
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(" ")}`)
    .join("; ");
  app.addHook("onSend", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (!EMBEDDABLE_PATHS.includes(path)) return;
    void reply.header("content-security-policy", embeddableCsp);
    void reply.header("cross-origin-resource-policy", "cross-origin");
    reply.removeHeader("x-frame-options");
  });
}
