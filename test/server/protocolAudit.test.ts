import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/protocol/index.ts";
import { createWorld, type World } from "./factories.ts";

/*
 * A change to a team's escalation protocol is audited with what it was and what it is now, in words
 * ("the team's leads (5 min) → the admins (10 min)"): the entry said only that a protocol changed.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

describe("the escalation protocol in the audit log", () => {
  it("says who was asked and how soon, before and after", async () => {
    const put = await world.inject({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.a}/escalation-protocol`,
      as: "admin",
      payload: {
        levels: [
          { target: "person", personId: world.people.leadA.id, acknowledgeWithinMs: 120_000 },
          { target: "admin", personId: null, acknowledgeWithinMs: 900_000 },
        ],
        autoEscalate: false,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const r = await world.inject({
      method: "GET",
      url: "/api/v1/audit?action=escalation_protocol.updated",
      as: "admin",
    });
    const [entry] = r.json().entries as AuditEntry[];
    expect(entry?.target?.id).toBe(world.teams.a);
    expect(entry?.details).toEqual({
      from: "the team's leads (5 min) → the admins (10 min); automatic escalation on",
      to: `${world.people.leadA.displayName} (2 min) → the admins (15 min); automatic escalation off`,
    });
  });

  it("refuses a protocol with no level, naming it, and keeps the one stored", async () => {
    const put = await world.inject({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.b}/escalation-protocol`,
      as: "admin",
      payload: { levels: [], autoEscalate: true },
    });
    expect(put.statusCode).toBe(400);
    expect(put.json().error.message).toContain("levels: name at least one level: who is asked first");
    const [row] = await world.store.query(
      "SELECT count(*)::int AS n FROM escalation_protocols WHERE team_id = $1",
      [world.teams.b],
    );
    expect(row?.n).toBe(0);
  });
});
