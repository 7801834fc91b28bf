import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";

/*
 * The first start names the organisation "tagteam": a new customer's people read "You were added
 * to tagteam" in their sign-in link and "tagteam" above the navigation, and nothing could change
 * it. An admin now renames it (PATCH /organisation), and both follow.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const rename = (as: "admin" | "leadA", payload: unknown) =>
  world.inject({
    method: "PATCH",
    url: "/api/v1/organisation",
    as,
    payload: payload as Record<string, unknown>,
  });

describe("PATCH /organisation", () => {
  it("an admin renames it; /me and a new sign-in link say the new name; audited with both names", async () => {
    const r = await rename("admin", { name: "  Acme Support  " });
    expect(r.statusCode).toBe(200);
    expect(r.json().organisation).toEqual({ id: world.orgId, name: "Acme Support" });

    const me = await world.inject({ method: "GET", url: "/api/v1/me", as: "agentA" });
    expect(me.json().me.orgName).toBe("Acme Support");

    const link = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.peer2A.id}/sign-in-link`,
      as: "admin",
    });
    const token = String(link.json().signInLink.path).split("/").pop();
    const info = await world.inject({ method: "GET", url: `/api/v1/sign-in-links/${token}` });
    expect(info.json().orgName).toBe("Acme Support");

    const entries = await listAuditEntries(world.store, {
      orgId: world.orgId,
      action: "organisation.renamed",
    });
    expect(entries.map((e) => [e.targetType, e.targetId, e.details])).toEqual([
      ["organisation", world.orgId, { from: "tagteam", to: "Acme Support" }],
    ]);
  });

  it("a blank name is 400 naming the field, and nothing changes", async () => {
    const r = await rename("admin", { name: "   " });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "body.name",
    ]);
    const me = await world.inject({ method: "GET", url: "/api/v1/me", as: "admin" });
    expect(me.json().me.orgName).toBe("Acme Support");
  });

  it("only admins: a lead is 403", async () => {
    const r = await rename("leadA", { name: "Lena's org" });
    expect(r.statusCode).toBe(403);
  });
});
