import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";
import { sendAs } from "./routeMatrix.ts";

/*
 * docs/API.md: "a POST that takes no body accepts none or {}". That holds for a body whose every
 * field is optional too: declining a takeover offer (`{ note? }`), raising a hand (`{ note? }`),
 * resolving an incident (`{ note? }`) may be sent with no body at all, as the doc's route tables
 * show them. Before, they answered 400 "body: expected object, received undefined".
 */

interface JsonSchema {
  type?: string;
  required?: string[];
  oneOf?: unknown[];
  anyOf?: unknown[];
}
interface Operation {
  requestBody?: { content?: { "application/json"?: { schema?: JsonSchema } } };
}

const PARAM = "00000000-0000-4000-8000-000000000000";
const TOKEN_PARAM = "t".repeat(40);

let world: World;
let admin: { bearer: string };
beforeAll(async () => {
  world = await createWorld();
  admin = { bearer: await world.token("admin") };
});
afterAll(async () => {
  await world?.close();
});

/** Every described POST/PUT/PATCH whose JSON body is an object with no required field. */
async function optionalBodyRoutes(): Promise<{ method: "POST" | "PUT" | "PATCH"; path: string }[]> {
  const paths = (await world.app.app.inject({ url: "/openapi.json" })).json().paths as Record<
    string,
    Record<string, Operation>
  >;
  const out: { method: "POST" | "PUT" | "PATCH"; path: string }[] = [];
  for (const [path, methods] of Object.entries(paths))
    for (const [method, op] of Object.entries(methods)) {
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      if (!["post", "put", "patch"].includes(method) || schema === undefined) continue;
      if (schema.type !== "object" || schema.oneOf !== undefined || schema.anyOf !== undefined) continue;
      if ((schema.required ?? []).length > 0) continue;
      out.push({
        method: method.toUpperCase() as "POST" | "PUT" | "PATCH",
        path: path.replace(/\{(\w+)\}/g, ":$1"),
      });
    }
  return out;
}

describe("a body whose every field is optional may be left out", () => {
  it("no such route refuses a request without a body", async () => {
    const routes = await optionalBodyRoutes();
    // The ones the doc shows without a body are among them.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/interventions/:id/decline",
        "POST /api/v1/conversations/:id/raise-hand",
      ]),
    );
    const refused: string[] = [];
    for (const r of routes) {
      const url = r.path.replace(/:(\w+)/g, (_all, name: string) => (name === "token" ? TOKEN_PARAM : PARAM));
      // A route that refuses `{}` itself ("at least one field") needs a body; the rest must not.
      const empty = await sendAs(world, admin, { method: r.method, url, payload: {} });
      if (empty.statusCode === 400) continue;
      const none = await sendAs(world, admin, { method: r.method, url });
      if (none.statusCode === 400) refused.push(`${r.method} ${r.path}: ${none.body.slice(0, 160)}`);
    }
    expect(refused).toEqual([]);
  });

  it("the OpenAPI description marks such a body as optional, and a body with a required field as required", async () => {
    const paths = (await world.app.app.inject({ url: "/openapi.json" })).json().paths as Record<
      string,
      Record<string, { requestBody?: { required?: boolean } }>
    >;
    expect(paths["/api/v1/interventions/{id}/decline"]?.post?.requestBody?.required).toBe(false);
    expect(paths["/api/v1/conversations/{id}/raise-hand"]?.post?.requestBody?.required).toBe(false);
    expect(paths["/api/v1/conversations/{id}/escalate"]?.post?.requestBody?.required).toBe(true);
    // "at least one field": {} is refused, so the body is required.
    expect(paths["/api/v1/knowledge/facts/{id}"]?.patch?.requestBody?.required).toBe(true);
  });

  it("a body with a required field still names what is missing", async () => {
    const res = await sendAs(world, admin, {
      method: "POST",
      url: `/api/v1/conversations/${PARAM}/escalate`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_FAILED");
  });
});
