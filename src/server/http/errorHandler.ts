import type { FastifyError, FastifyInstance } from "fastify";
import { ERROR_STATUS, type ErrorCode, type ErrorEnvelope } from "../../protocol/index.ts";
import { StoreError, isStoreUnreachable } from "../../store/index.ts";
import { AppError } from "../errors.ts";

/** Maps every store error code to the wire's; `assertUnreachable`-style exhaustiveness by Record. */
const STORE_CODES: Record<StoreError["code"], ErrorCode> = {
  NOT_FOUND: "NOT_FOUND",
  INVALID_INPUT: "VALIDATION_FAILED",
  INVALID_TRANSITION: "INVALID_STATE",
  CONFLICT: "CONFLICT",
  MIGRATION_CHANGED: "INTERNAL",
  SCHEMA_NEWER: "INTERNAL",
  STORE_CLOSED: "UNAVAILABLE",
  DATA_DIR_IN_USE: "UNAVAILABLE",
  ALREADY_STORED: "CONFLICT",
};

function envelope(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
): ErrorEnvelope {
  return { error: { code, message, ...(details !== undefined ? { details } : {}), requestId } };
}

/** The one place where errors become the wire format. Unknown errors are logged and answered INTERNAL. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | StoreError | Error, request, reply) => {
    let code: ErrorCode;
    let message: string;
    let details: Record<string, unknown> | undefined;
    if (error instanceof AppError) {
      ({ code, message, details } = error);
    } else if (error instanceof StoreError && STORE_CODES[error.code] !== "INTERNAL") {
      code = STORE_CODES[error.code];
      message = error.message;
      details = error.details;
    } else if ("statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500) {
      // Fastify's own 4xx: malformed JSON, wrong content type, body too large, rate limit.
      const status = error.statusCode;
      code =
        status === 413
          ? "PAYLOAD_TOO_LARGE"
          : status === 429
            ? "RATE_LIMITED"
            : status === 404
              ? "NOT_FOUND"
              : status === 401
                ? "UNAUTHENTICATED"
                : "VALIDATION_FAILED";
      message =
        "code" in error && error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? // curl -d without -H sends a form; the message said only "Unsupported Media Type".
            `The body must be JSON, sent with the header Content-Type: application/json (this request's was ${
              request.headers["content-type"] ?? "missing"
            })`
          : error.message;
      details =
        code === "VALIDATION_FAILED"
          ? { issues: [{ path: ["body"], message, code: error.code ?? "invalid" }] }
          : undefined;
    } else if (isStoreUnreachable(error)) {
      // PostgreSQL restarting, failing over or out of the network's reach: a passing outage that a
      // sender retries (Retry-After), not a fault of the request or a bug to chase by its stack.
      request.log.warn({ requestId: request.id, reason: error.message }, "database unreachable");
      code = "UNAVAILABLE";
      message = "The database cannot be reached right now (it may be restarting); try again in a moment";
      void reply.header("retry-after", "5");
    } else {
      request.log.error({ err: error, requestId: request.id }, "unhandled error");
      code = "INTERNAL";
      message = "Something went wrong on our side; the request id identifies it in the logs";
    }
    if (code === "INTERNAL" && error instanceof StoreError) request.log.error({ err: error }, "store error");
    void reply.code(ERROR_STATUS[code]).send(envelope(code, message, request.id, details));
  });
}

export { envelope as buildErrorEnvelope };
