import type { FastifyInstance } from "fastify";
import { WS_PATH } from "../../protocol/index.ts";
import { SESSION_COOKIE } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";
import { buildErrorEnvelope } from "../http/errorHandler.ts";
import { CLOSE_UNAUTHENTICATED } from "./hub.ts";

/**
 * The WebSocket endpoint: authenticates the upgrade (session cookie, or `?token=` with an API
 * token for non-browser clients), then hands the socket to the hub through its minimal interface.
 */
export async function registerRealtime(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(WS_PATH, { websocket: true }, (socket, request) => {
    // Frames that arrive while we authenticate are kept and replayed in order.
    const early: string[] = [];
    let handlers: { onMessage(text: string): void; onClose(): void } | null = null;
    socket.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      if (handlers === null) early.push(text);
      else handlers.onMessage(text);
    });
    socket.on("close", () => handlers?.onClose());
    const token = (request.query as Record<string, unknown>).token;
    const cookie = request.cookies[SESSION_COOKIE];
    // An admin's access change while the credential resolves: the hub checks the socket again.
    const epoch = ctx.hub.accessEpoch;
    const resolving =
      typeof token === "string" && token !== ""
        ? ctx.auth.resolveToken(token)
        : typeof cookie === "string" && cookie !== ""
          ? ctx.auth.resolveSession(cookie)
          : Promise.resolve(null);
    resolving
      .then((principal) => {
        if (principal === null || !principal.scopes.includes("api")) {
          socket.send(
            JSON.stringify({
              type: "error",
              error: buildErrorEnvelope(
                "UNAUTHENTICATED",
                "Sign in (session cookie) or pass ?token=",
                request.id,
              ).error,
            }),
          );
          socket.close(CLOSE_UNAUTHENTICATED, "unauthenticated");
          return;
        }
        // The upgraded TCP socket, corked while the hub writes a burst of frames.
        const raw = request.raw.socket;
        handlers = ctx.hub.connect(
          {
            send: (text) => socket.send(text),
            // A frame published to a room: encoded once for all its connections, sent as text.
            sendEncoded: (bytes) => socket.send(bytes, { binary: false }),
            close: (code, reason) => socket.close(code, reason),
            cork: () => raw.cork(),
            uncork: () => raw.uncork(),
          },
          principal,
          // Checked again once a heartbeat (RealtimeHub.checkCredentials).
          typeof token === "string" && token !== ""
            ? `t:${token}`
            : `s:${typeof cookie === "string" ? cookie : ""}`,
          epoch,
        );
        for (const text of early.splice(0)) handlers.onMessage(text);
      })
      .catch((error: unknown) => {
        request.log.error({ err: error }, "websocket authentication failed");
        socket.close(1011, "internal error");
      });
  });
}
