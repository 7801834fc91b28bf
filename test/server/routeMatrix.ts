/**
 * What the authorization and privacy matrices share: the routes the server describes, by tag, and
 * a request sent as someone. Each matrix covers the routes of its tags; routeCoverage.test.ts
 * checks that every tag the server uses has a matrix.
 */
import { expect } from "vitest";
import type { App } from "../../src/server/app.ts";
import type { World } from "./factories.ts";

/** The live service's tags (test/server/authorization.test.ts). */
export const LIVE_SERVICE_TAGS: readonly string[] = [
  "auth",
  "admin",
  "knowledge",
  "conversations",
  "step-in",
  "incidents",
  "ingest",
  "chat",
];

/** Every route the server describes in its OpenAPI document, as "METHOD /api/v1/path/:param", with its tags. */
export async function describedRoutes(app: App): Promise<{ route: string; tags: string[] }[]> {
  const paths = (await app.app.inject({ url: "/openapi.json" })).json().paths as Record<
    string,
    Record<string, { tags?: string[] }>
  >;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`,
      tags: op.tags ?? [],
    })),
  );
}

/** The routes tagged with any of `tags`, sorted: what a matrix over those tags must cover. */
export async function routesTagged(app: App, tags: readonly string[]): Promise<string[]> {
  return (await describedRoutes(app))
    .filter((r) => r.tags.some((t) => tags.includes(t)))
    .map((r) => r.route)
    .sort();
}

export interface MatrixRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  payload?: unknown;
}

/**
 * A request as someone: nobody ("anon"), an API token (`bearer`), or one of the world's people by
 * their session cookie.
 */
export async function sendAs(
  world: World,
  who: "anon" | { bearer: string } | keyof World["people"],
  req: MatrixRequest,
) {
  const headers: Record<string, string> = {};
  if (typeof who === "object") headers.authorization = `Bearer ${who.bearer}`;
  else if (who !== "anon") headers.cookie = await world.cookie(who);
  return world.app.app.inject({
    method: req.method,
    url: req.url,
    headers,
    ...(req.payload !== undefined ? { payload: req.payload as Record<string, unknown> } : {}),
  });
}

/** What a matrix expects of one caller on one route: let through, or denied with this status. */
export type MatrixOutcome = "allowed" | 401 | 403 | 404;

/**
 * One route tried as each caller in turn: every caller must get exactly the expected outcome (a
 * denial is 401, 403 or 404), and what is let through must answer below `allowedBelow`.
 */
export async function expectEachCaller<W extends string>(
  callers: readonly W[],
  expected: (who: W) => MatrixOutcome | Promise<MatrixOutcome>,
  send: (who: W) => Promise<{ statusCode: number; body: string }>,
  allowedBelow = 500,
): Promise<void> {
  const got: Record<string, MatrixOutcome | number> = {};
  const want: Record<string, MatrixOutcome> = {};
  for (const who of callers) {
    want[who] = await expected(who);
    const response = await send(who);
    const denied = [401, 403, 404].includes(response.statusCode);
    got[who] = denied ? response.statusCode : "allowed";
    if (!denied) expect(response.statusCode, `${who}: ${response.body}`).toBeLessThan(allowedBelow);
  }
  expect(got).toEqual(want);
}
