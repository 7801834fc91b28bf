import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "../auth/principal.ts";
import { AppError } from "../errors.ts";
import { validateRequest } from "../validate.ts";

/** Who may call a route: nobody signed in, any signed-in person (or `api` token), or an ingest token. */
export type RouteAuth = "public" | "person" | "ingest";

type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Out<S, K extends keyof Schemas> = S extends { [P in K]: infer T }
  ? T extends z.ZodType
    ? z.output<T>
    : undefined
  : undefined;

export interface RouteInput<S extends Schemas, A extends RouteAuth> {
  principal: A extends "public" ? Principal | null : Principal;
  params: Out<S, "params">;
  query: Out<S, "query">;
  body: Out<S, "body">;
  /** The body's bytes as sent, for routes with `rawBody: true` (signature checks); else undefined. */
  rawBody: Buffer | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<S extends Schemas, A extends RouteAuth, R extends z.ZodType> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  auth: A;
  schemas: S;
  response: R;
  status?: number;
  /** The body schema shown in the OpenAPI document when it differs from the one validated here. */
  documentedBody?: z.ZodType;
  /** The query schema shown in the OpenAPI document when the handler validates it itself. */
  documentedQuery?: z.ZodType;
  /**
   * The API token may also come as `?token=`, for senders that cannot set a header (Chatwoot's
   * webhooks). Only routes that say so accept it; request logs redact it (`serializeRequest`).
   */
  tokenInQuery?: boolean;
  /** Per-route rate limit (requests per minute), overriding the global one. */
  rateLimitPerMinute?: number;
  /**
   * Whom that limit counts, when not the caller's credential or address (the global rule): the
   * customer chat counts each chat by its token, since many customers may share one address.
   */
  rateLimitKey?: (request: FastifyRequest) => string;
  /** Keep the body's bytes as sent (`rawBody` in the handler's input), for a sender's signature. */
  rawBody?: boolean;
  handler(input: RouteInput<S, A>): Promise<z.input<R>>;
}

/** What the OpenAPI document is generated from: every route registered through `defineRoute`. */
export interface RouteRecord {
  method: string;
  url: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  tokenInQuery: boolean;
  status: number;
  schemas: Schemas;
  response: z.ZodType;
}

/**
 * Resolves the caller from the request (bearer token, `queryToken` when the route takes one, session
 * cookie); null when anonymous.
 */
export type Authenticate = (
  request: FastifyRequest,
  options?: { queryToken?: string | undefined },
) => Promise<Principal | null>;

/**
 * Registers a thin route: authenticate → validate (every problem listed) → handler (authorize,
 * command, presenter) → status. The route is also recorded for the OpenAPI document.
 */
export function defineRoute<S extends Schemas, A extends RouteAuth, R extends z.ZodType>(
  app: FastifyInstance,
  registry: RouteRecord[],
  authenticate: Authenticate,
  spec: RouteSpec<S, A, R>,
): void {
  const status = spec.status ?? 200;
  const checked = withUndeclaredRefused(spec);
  registry.push({
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    tag: spec.tag,
    auth: spec.auth,
    tokenInQuery: spec.tokenInQuery === true,
    status,
    schemas: {
      ...spec.schemas,
      ...(spec.documentedBody !== undefined ? { body: spec.documentedBody } : {}),
      ...(spec.documentedQuery !== undefined ? { query: spec.documentedQuery } : {}),
    },
    response: spec.response,
  });
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.rateLimitPerMinute !== undefined
      ? {
          config: {
            rateLimit: {
              max: spec.rateLimitPerMinute,
              timeWindow: 60_000,
              ...(spec.rateLimitKey !== undefined ? { keyGenerator: spec.rateLimitKey } : {}),
            },
          },
        }
      : {}),
    ...(spec.rawBody === true ? { preParsing: keepRawBody } : {}),
    handler: async (request, reply) => {
      const principal = await authenticate(
        request,
        spec.tokenInQuery === true ? { queryToken: tokenFromQuery(request.query) } : undefined,
      );
      if (spec.auth !== "public") {
        if (principal === null) throw new AppError("UNAUTHENTICATED", unauthenticatedMessage(request, spec));
        const scope = spec.auth === "ingest" ? "ingest" : "api";
        if (!principal.scopes.includes(scope) && !principal.scopes.includes("api")) {
          throw new AppError("FORBIDDEN", `This token lacks the "${scope}" scope`);
        }
      }
      const parsed = validateRequest(request, checked) as Record<string, unknown>;
      const result = await spec.handler({
        principal,
        params: parsed.params,
        query: parsed.query,
        body: parsed.body,
        rawBody: rawBodies.get(request),
        request,
        reply,
      } as RouteInput<S, A>);
      reply.code(status);
      return result;
    },
  });
}

/** A route that declares no query takes none (but `?token=` where the route takes its token so). */
const NO_QUERY = z.strictObject({});
const TOKEN_QUERY_ONLY = z.strictObject({ token: z.string().optional() });
/** A POST, PUT or PATCH that declares no body takes none, or an empty JSON object. */
const NO_BODY = z.strictObject({}).optional();

/**
 * The schemas a request is checked against: the route's own, and for a part it does not declare, one
 * that refuses anything sent there. A parameter or key the route does not know is refused, naming
 * it, rather than ignored: `?teamid=` (for `teamId`) must not quietly answer for every team.
 */
function withUndeclaredRefused(spec: { method: string; schemas: Schemas; tokenInQuery?: boolean }): Schemas {
  const takesBody = spec.method === "POST" || spec.method === "PUT" || spec.method === "PATCH";
  return {
    ...spec.schemas,
    query: spec.schemas.query ?? (spec.tokenInQuery === true ? TOKEN_QUERY_ONLY : NO_QUERY),
    ...(takesBody && spec.schemas.body === undefined ? { body: NO_BODY } : {}),
  };
}

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * A `preParsing` hook: reads the body (up to the server's body limit, 413 beyond), keeps its bytes
 * for the handler and hands the same bytes on to the JSON parser.
 */
async function keepRawBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
): Promise<Readable> {
  const limit = request.routeOptions.bodyLimit;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${limit} bytes`);
    chunks.push(bytes);
  }
  const raw = Buffer.concat(chunks);
  rawBodies.set(request, raw);
  const copy = Readable.from([raw]);
  // Fastify compares what the parser receives with the request's content-length.
  (copy as Readable & { receivedEncodedLength?: number }).receivedEncodedLength = raw.length;
  return copy;
}

/**
 * Why a request without a principal is refused. An API token that admits nobody (mistyped, cut
 * short, revoked, or its person deactivated) is said to be that: an integrator who sent one and
 * read "send an API token" would look everywhere but at the token.
 */
function unauthenticatedMessage(request: FastifyRequest, spec: { tokenInQuery?: boolean }): string {
  const header = request.headers.authorization;
  const sentToken =
    (typeof header === "string" && header.startsWith("Bearer ")) ||
    (spec.tokenInQuery === true && tokenFromQuery(request.query) !== undefined);
  if (sentToken)
    return "This API token is not valid: it was revoked (or its person deactivated), or it is mistyped or cut short";
  // `-H "Authorization: tt_…"` (the token alone) or another scheme: a token was sent, but not read
  // as one, and "send an API token" sent the integrator looking at the token itself. (Only for a
  // tagteam token: a proxy's own `Basic …` is none of the caller's doing.)
  if (typeof header === "string" && /(^|\s)tt_/.test(header))
    return 'The Authorization header must read "Bearer <token>": the word Bearer, a space, then the API token (tt_…)';
  return "Sign in or send an API token";
}

/** `?token=…` when it is one non-empty string (a repeated parameter is not a token). */
function tokenFromQuery(query: unknown): string | undefined {
  const token =
    typeof query === "object" && query !== null ? (query as Record<string, unknown>).token : undefined;
  return typeof token === "string" && token !== "" ? token : undefined;
}

const AUTH_SECURITY: Record<RouteAuth, Record<string, string[]>[]> = {
  public: [],
  person: [{ session: [] }, { bearer: [] }],
  ingest: [{ bearer: [] }, { session: [] }],
};

/** What a client must know that the schemas alone do not say of query strings (bodies say it themselves). */
const STRICTNESS_NOTE =
  "Requests are strict: a query parameter or body field an operation does not list is refused with 400 VALIDATION_FAILED naming it, not ignored. An operation without a request body takes none, or {}.";

/** Builds the OpenAPI 3.1 document from the route registry and the protocol's zod schemas. */
export function buildOpenApi(
  registry: readonly RouteRecord[],
  info: { version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const json = (schema: z.ZodType, io: "input" | "output"): unknown =>
    z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" });
  for (const route of registry) {
    const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const part of ["params", "query"] as const) {
      const schema = route.schemas[part];
      if (schema === undefined) continue;
      const js = json(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: part === "params" ? "path" : "query",
          required: part === "params" || (js.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.tokenInQuery
        ? [...AUTH_SECURITY[route.auth], { queryToken: [] }]
        : AUTH_SECURITY[route.auth],
      parameters,
      ...(route.schemas.body !== undefined
        ? {
            requestBody: {
              // A body whose fields are all optional may be left out (validateRequest reads it as {}).
              required: !route.schemas.body.safeParse({}).success,
              content: { "application/json": { schema: json(route.schemas.body, "input") } },
            },
          }
        : {}),
      responses: {
        [String(route.status)]: {
          description: "OK",
          content: { "application/json": { schema: json(route.response, "output") } },
        },
        default: {
          description: "Error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "tagteam API", version: info.version, description: STRICTNESS_NOTE },
    paths,
  };
}
