import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("knowledge facts: delete", () => {
  it("an admin deletes a fact; it is gone from the list, audited, and a second delete is 404", async () => {
    const created = await world.inject({
      method: "POST",
      url: "/api/v1/knowledge/facts",
      as: "admin",
      payload: { teamId: world.teams.a, statement: "Gift cards never expire.", value: false },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().fact.id as string;

    const refused = await world.inject({
      method: "DELETE",
      url: `/api/v1/knowledge/facts/${id}`,
      as: "leadA",
    });
    expect(refused.statusCode).toBe(403);

    const deleted = await world.inject({
      method: "DELETE",
      url: `/api/v1/knowledge/facts/${id}`,
      as: "admin",
    });
    expect(deleted.statusCode).toBe(200);
    const list = await world.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "admin" });
    expect(list.json().facts.map((f: { id: string }) => f.id)).not.toContain(id);
    expect(list.json().facts.length).toBeGreaterThan(0);

    const audit = await listAuditEntries(world.store, { orgId: world.orgId });
    expect(audit.find((e) => e.action === "knowledge.deleted")).toMatchObject({
      targetType: "knowledge_fact",
      targetId: id,
      actorId: world.people.admin.id,
    });

    const again = await world.inject({ method: "DELETE", url: `/api/v1/knowledge/facts/${id}`, as: "admin" });
    expect(again.statusCode).toBe(404);
    const bad = await world.inject({
      method: "DELETE",
      url: "/api/v1/knowledge/facts/not-a-uuid",
      as: "admin",
    });
    expect(bad.statusCode).toBe(404);
  });
});
