import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";
import { describedRoutes, sendAs } from "./routeMatrix.ts";

/*
 * Bad input gets a clear error naming what is wrong, and changes nothing. A query parameter or a
 * body key a route does not know is refused (400 VALIDATION_FAILED naming it) rather than ignored:
 * a lead who types `?teamid=` for `?teamId=` must not be shown every team and believe it filtered.
 *
 * Every route the server registers is walked: those it describes in /openapi.json get an unknown
 * query parameter (every method) and, for POST/PUT/PATCH, an unknown top-level body key, sent as
 * an admin; the routes it does not describe must be on the list below, each saying why.
 */

/** Routes that take a body key they do not know, and why. */
const BODY_KEYS_TOLERATED: Record<string, string> = {
  // Chatwoot posts its own event objects, which carry many keys tagteam does not read and gain more
  // with Chatwoot's releases; only the keys tagteam reads are checked. Refusing the rest would drop
  // customers' messages. (The generic webhook's shape is tagteam's own, so it refuses unknown keys.)
  "POST /api/v1/webhooks/chatwoot": "Chatwoot's event, with keys tagteam does not read",
};

/** Routes that take a query parameter they do not know, and why. (None: every route refuses one.) */
const QUERY_PARAMETERS_TOLERATED: Record<string, string> = {};

/** Routes the server registers but does not describe in /openapi.json, and why each is left out. */
const UNDESCRIBED: Record<string, string> = {
  "GET /healthz": "the load balancer's probe: no input, and a probe's extra parameter must not fail it",
  "GET /metrics": "Prometheus's scrape: no input",
  "GET /openapi.json": "the description itself: no input",
  "GET /api/v1/ws": "the WebSocket upgrade; its frames are checked by the hub (test/server/realtime.test.ts)",
};

const UNKNOWN = "notAParameter";
/** A value for a path parameter that has the right shape for most routes (an id). */
const PARAM = "00000000-0000-4000-8000-000000000000";
/** For the customer chat's token and a sign-in link's token, which are long strings. */
const TOKEN_PARAM = "t".repeat(40);

let world: World;
/** The admin's API token: unlike a session, it outlives the walk's POST /auth/logout. */
let admin: { bearer: string };
beforeAll(async () => {
  world = await createWorld();
  admin = { bearer: await world.token("admin") };
});
afterAll(async () => {
  await world?.close();
});

function fill(route: string): string {
  return route.replace(/:(\w+)/g, (_all, name: string) => (name === "token" ? TOKEN_PARAM : PARAM));
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** The first part of each issue that names `key`, for the failure message; `why` when there is none. */
function namedIn(
  response: { statusCode: number; body: string },
  part: "query" | "body",
  key: string,
): string {
  if (response.statusCode !== 400) return `${response.statusCode} ${response.body.slice(0, 300)}`;
  const body = JSON.parse(response.body) as {
    error: { code: string; message: string; details?: { issues?: Issue[] } };
  };
  if (body.error.code !== "VALIDATION_FAILED") return `${body.error.code} ${body.error.message}`;
  const named = (body.error.details?.issues ?? []).some(
    (issue) => issue.path[0] === part && `${issue.path.join(".")} ${issue.message}`.includes(key),
  );
  return named ? "refused, naming it" : `400 without naming ${key}: ${body.error.message}`;
}

interface JsonSchema {
  additionalProperties?: unknown;
  properties?: Record<string, { const?: unknown; enum?: unknown[] }>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}
interface Operation {
  requestBody?: { content?: { "application/json"?: { schema?: JsonSchema } } };
}

/**
 * For a body that is one of several shapes told apart by a key (`kind: "signal" | …`), that key set
 * to the first shape's value: without it the body is refused for its missing kind alone, and the
 * unknown key beside it goes unchecked.
 */
function chosenVariant(operation: Operation | undefined): Record<string, unknown> {
  const schema = operation?.requestBody?.content?.["application/json"]?.schema;
  const first = schema?.oneOf?.[0] ?? schema?.anyOf?.[0];
  const chosen: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(first?.properties ?? {})) {
    if (prop.const !== undefined) chosen[key] = prop.const;
    else if (prop.enum?.length === 1) chosen[key] = prop.enum[0];
  }
  return chosen;
}

/** Where in a JSON schema an object with properties takes keys it does not list. */
function openObjects(schema: unknown, at: string): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const here =
    s.type === "object" && s.properties !== undefined && s.additionalProperties !== false ? [at] : [];
  return [
    ...here,
    ...Object.entries(s).flatMap(([key, value]) =>
      key === "properties" && typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([name, prop]) => openObjects(prop, `${at}.${name}`))
        : Array.isArray(value)
          ? value.flatMap((item, i) => openObjects(item, `${at}[${key} ${i}]`))
          : openObjects(value, `${at}/${key}`),
    ),
  ];
}

/** Every route fastify has, as "METHOD /path" (HEAD left out: fastify adds it beside each GET). */
function registeredRoutes(world: World): string[] {
  const tree = world.app.app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    // "└── " or "├── " after four columns per level ("│   " or "    ").
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const match = /^(\S+)(?: \(([^)]*)\))?/.exec(line.slice(at + 4));
    if (match === null) continue;
    const path = (prefixes[depth - 1] ?? "") + (match[1] ?? "");
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (match[2] ?? "").split(", ").filter((m) => m !== "" && m !== "HEAD"))
      routes.push(`${method} ${path}`);
  }
  return routes;
}

describe("unknown input is refused, naming it", () => {
  it("every route the server registers is described in /openapi.json or listed as left out", async () => {
    const described = new Set((await describedRoutes(world.app)).map((r) => r.route));
    const registered = registeredRoutes(world);
    expect(registered.length).toBeGreaterThan(100);
    const isWebFile = (route: string): boolean => {
      const path = route.split(" ")[1] ?? "";
      return !path.startsWith("/api/") && (path === "/" || /\.[a-z0-9]+$/i.test(path));
    };
    const unlisted = registered.filter((r) => !described.has(r) && !(r in UNDESCRIBED) && !isWebFile(r));
    expect(unlisted).toEqual([]);
  });

  it("an unknown query parameter on any route", async () => {
    const outcomes: Record<string, string> = {};
    for (const { route } of await describedRoutes(world.app)) {
      if (route in QUERY_PARAMETERS_TOLERATED) continue;
      const [method, path] = route.split(" ") as ["GET" | "POST" | "PUT" | "PATCH" | "DELETE", string];
      const response = await sendAs(world, admin, {
        method,
        url: `${fill(path)}?${UNKNOWN}=1`,
        ...(method === "POST" || method === "PUT" || method === "PATCH" ? { payload: {} } : {}),
      });
      outcomes[route] = namedIn(response, "query", UNKNOWN);
    }
    const wrong = Object.entries(outcomes).filter(([, outcome]) => outcome !== "refused, naming it");
    expect(Object.fromEntries(wrong)).toEqual({});
    expect(Object.keys(outcomes).length).toBeGreaterThan(100);
  });

  it("an unknown top-level body key on any POST, PUT or PATCH", async () => {
    const outcomes: Record<string, string> = {};
    const paths = (await world.app.app.inject({ url: "/openapi.json" })).json().paths as Record<
      string,
      Record<string, Operation>
    >;
    for (const { route } of await describedRoutes(world.app)) {
      const [method, path] = route.split(" ") as ["POST" | "PUT" | "PATCH", string];
      if (!["POST", "PUT", "PATCH"].includes(method) || route in BODY_KEYS_TOLERATED) continue;
      const operation = paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
      const response = await sendAs(world, admin, {
        method,
        url: fill(path),
        payload: { ...chosenVariant(operation), [UNKNOWN]: 1 },
      });
      outcomes[route] = namedIn(response, "body", UNKNOWN);
    }
    const wrong = Object.entries(outcomes).filter(([, outcome]) => outcome !== "refused, naming it");
    expect(Object.fromEntries(wrong)).toEqual({});
    expect(Object.keys(outcomes).length).toBeGreaterThan(40);
  });

  it("the OpenAPI description says so: every object in a request body, nested ones too, refuses other keys (additionalProperties: false)", async () => {
    const paths = (await world.app.app.inject({ url: "/openapi.json" })).json().paths as Record<
      string,
      Record<string, Operation>
    >;
    const open: string[] = [];
    for (const [path, operations] of Object.entries(paths))
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`;
        const schema = operation.requestBody?.content?.["application/json"]?.schema;
        if (schema === undefined || route in BODY_KEYS_TOLERATED) continue;
        for (const at of openObjects(schema, "body")) open.push(`${route} ${at}`);
      }
    expect(open).toEqual([]);
    const info = (await world.app.app.inject({ url: "/openapi.json" })).json().info;
    expect(info.description).toContain(
      "a query parameter or body field an operation does not list is refused",
    );
  });

  it("a refused request changes nothing, and says which parameter in its message", async () => {
    const before = await world.inject({ method: "GET", url: "/api/v1/teams", as: "admin" });
    const response = await world.inject({
      method: "POST",
      url: "/api/v1/teams?dryrun=1",
      as: "admin",
      payload: { name: "Team C" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'Invalid request: query: "dryrun" is not a query parameter here; this route takes no query parameters',
    );
    const after = await world.inject({ method: "GET", url: "/api/v1/teams", as: "admin" });
    expect(after.json()).toEqual(before.json());

    const typo = await world.inject({
      method: "GET",
      url: `/api/v1/conversations?teamid=${world.teams.a}`,
      as: "leadA",
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(typo.json().error.message).toMatch(
      /^Invalid request: query: "teamid" is not a query parameter here; this route takes .*\bteamId\b/,
    );

    const body = await world.inject({
      method: "PATCH",
      url: `/api/v1/teams/${world.teams.a}`,
      as: "admin",
      payload: { name: "Team A", nmae: "Team Ä" },
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.message).toMatch(
      /^Invalid request: body: "nmae" is not a field here; this route takes .*\bname\b/,
    );

    const level = await world.inject({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.a}/escalation-protocol`,
      as: "admin",
      payload: {
        levels: [{ target: "lead", personId: null, acknowledgeWithinMs: 60_000, acknowledgeWithin: 1 }],
        autoEscalate: true,
      },
    });
    expect(level.statusCode).toBe(400);
    expect(level.json().error.details.issues).toEqual([
      expect.objectContaining({ path: ["body", "levels", 0], code: "unrecognized_keys" }),
    ]);
  });
});
