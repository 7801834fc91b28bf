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

describe("engine thresholds", () => {
  const url = () => `/api/v1/teams/${world.teams.a}/engine-settings`;

  it("reads the defaults for a team that changed nothing; leads of the team may read, others not", async () => {
    const r = await world.inject({ method: "GET", url: url(), as: "leadA" });
    expect(r.statusCode).toBe(200);
    const settings = r.json().settings;
    expect(settings).toMatchObject({ teamId: world.teams.a, overrides: {}, updatedAt: null });
    expect(settings.effective).toEqual(settings.defaults);
    expect(settings.effective.thresholds.frustrationHigh).toBe(0.6);
    expect((await world.inject({ method: "GET", url: url(), as: "agentA" })).statusCode).toBe(403);
    expect((await world.inject({ method: "GET", url: url(), as: "leadB" })).statusCode).toBe(404);
  });

  it("answers invalid overrides with 400 listing every problem, and saves nothing", async () => {
    const r = await world.inject({
      method: "PUT",
      url: url(),
      as: "admin",
      payload: {
        overrides: {
          endOfDayHour: 25,
          thresholds: { frustrationHigh: 1.4, longGapMs: -5 },
          cooldown: { turns: -1 },
        },
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe("VALIDATION_FAILED");
    const paths = r.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths.sort()).toEqual(
      [
        "body.overrides.cooldown.turns",
        "body.overrides.endOfDayHour",
        "body.overrides.thresholds.frustrationHigh",
        "body.overrides.thresholds.longGapMs",
      ].sort(),
    );
    const unknown = await world.inject({
      method: "PUT",
      url: url(),
      as: "admin",
      payload: { overrides: { thresholds: { madeUp: 1 } } },
    });
    expect(unknown.statusCode).toBe(400);
    const after = await world.inject({ method: "GET", url: url(), as: "admin" });
    expect(after.json().settings.overrides).toEqual({});
  });

  it("saves a team's overrides, audited, and the live engine runs that team's conversations with them", async () => {
    const leadTry = await world.inject({
      method: "PUT",
      url: url(),
      as: "leadA",
      payload: { overrides: { thresholds: { frustrationHigh: 0.5 } } },
    });
    expect(leadTry.statusCode).toBe(403);
    const r = await world.inject({
      method: "PUT",
      url: url(),
      as: "admin",
      payload: {
        overrides: { thresholds: { frustrationHigh: 0.5, longGapMs: 60_000 }, cooldown: { turns: 6 } },
      },
    });
    expect(r.statusCode).toBe(200);
    const settings = r.json().settings;
    expect(settings.overrides).toEqual({
      thresholds: { frustrationHigh: 0.5, longGapMs: 60_000 },
      cooldown: { turns: 6 },
    });
    expect(settings.effective.thresholds).toMatchObject({ frustrationHigh: 0.5, longGapMs: 60_000 });
    expect(settings.effective.thresholds.frustrationIrate).toBe(
      settings.defaults.thresholds.frustrationIrate,
    );
    expect(settings.updatedAt).toEqual(expect.any(String));

    const engine = world.app.ctx.engine;
    const teamA = await engine.contextFor(world.store, world.orgId, world.teams.a);
    expect(teamA.config.thresholds.frustrationHigh).toBe(0.5);
    expect(teamA.config.cooldown.turns).toBe(6);
    const teamB = await engine.contextFor(world.store, world.orgId, world.teams.b);
    expect(teamB.config.thresholds.frustrationHigh).toBe(0.6);

    const audit = await listAuditEntries(world.store, { orgId: world.orgId });
    expect(audit.find((e) => e.action === "engine_settings.updated")).toMatchObject({
      targetId: world.teams.a,
      actorId: world.people.admin.id,
    });

    const reset = await world.inject({ method: "PUT", url: url(), as: "admin", payload: { overrides: {} } });
    expect(reset.json().settings.effective).toEqual(reset.json().settings.defaults);
    const again = await engine.contextFor(world.store, world.orgId, world.teams.a);
    expect(again.config.thresholds.frustrationHigh).toBe(0.6);
  });

  it("takes a team time zone: its offset of the moment, summer time included; an unknown zone is a 400", async () => {
    const bad = await world.inject({
      method: "PUT",
      url: url(),
      as: "admin",
      payload: { overrides: { timeZone: "Mars/Olympus" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "body.overrides.timeZone",
    ]);
    const r = await world.inject({
      method: "PUT",
      url: url(),
      as: "admin",
      payload: { overrides: { timeZone: "Europe/Paris" } },
    });
    expect(r.statusCode).toBe(200);
    const settings = r.json().settings;
    expect(settings.overrides).toEqual({ timeZone: "Europe/Paris" });
    expect(settings.effective.timeZone).toBe("Europe/Paris");
    expect(settings.defaults.timeZone).toBeNull();
    // Paris is UTC+1 in winter and UTC+2 in summer; whichever it is today, the offset says it.
    const paris = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Paris", timeZoneName: "longOffset" })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName")?.value;
    expect(settings.effective.timezoneOffsetMinutes).toBe(paris === "GMT+02:00" ? 120 : 60);
    await world.inject({ method: "PUT", url: url(), as: "admin", payload: { overrides: {} } });
  });
});
