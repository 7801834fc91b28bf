import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAlertById } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * How useful a team's alerts have been (GET /alerts/outcomes): what helpers did with each alert,
 * counted in all and by the engine's reason, so a lead can see what to tune.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

const STRUGGLE = [
  { role: "customer", text: "My refund never came and I already told you twice!" },
  { role: "agent", text: "Sorry, sorry, it's not my fault." },
  { role: "customer", text: "You are useless. I want to speak to a manager right now." },
];

/** A conversation going wrong in team A; returns its alert. */
async function alertIn(conversationId: string) {
  const token = await world.token("leadA", ["ingest"]);
  let alertId: string | null = null;
  for (const [i, line] of STRUGGLE.entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId,
        senderMessageId: `${conversationId}-${i}`,
        ...line,
        ...(line.role === "agent" ? { author: world.people.agentA.email } : {}),
      }),
    );
    alertId = r.json().results[0].alertId ?? alertId;
  }
  const alert = alertId === null ? null : await findAlertById(world.store, world.orgId, alertId);
  if (alert === null) throw new Error("no alert was raised");
  return alert;
}

const outcomes = (as: "leadA" | "agentA" | "leadB" | "admin", query = "") =>
  world.inject({ method: "GET", url: `/api/v1/alerts/outcomes${query}`, as });

describe("how useful alerts have been", () => {
  it("counts what became of each alert, in all and by reason, most marked not useful first", async () => {
    const notUseful = await alertIn("outcomes-1");
    const handled = await alertIn("outcomes-2");
    const open = await alertIn("outcomes-3");
    for (const [alert, reason] of [
      [notUseful, "not_useful"],
      [handled, "handled"],
    ] as const) {
      const helper = Object.entries(world.people).find(([, p]) => p.id === alert.helperPersonId)?.[0] as
        keyof World["people"] | undefined;
      if (helper === undefined) throw new Error("the alert's helper is not one of the world's people");
      const r = await world.inject({
        method: "POST",
        url: `/api/v1/alerts/${alert.id}/dismiss`,
        as: helper,
        payload: { reason },
      });
      expect(r.statusCode).toBe(200);
    }
    const r = await outcomes("leadA");
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.teamIds).toEqual([world.teams.a]);
    expect(body.total).toEqual({ raised: 3, actedOn: 1, notUseful: 1, expired: 0, open: 1 });
    // Every reason of the not-useful alert counts it; the list starts with the most often not useful.
    for (const reason of notUseful.reasons) {
      expect(body.byReason.find((x: { reason: string }) => x.reason === reason)?.notUseful).toBe(1);
    }
    const rates = body.byReason.map((x: { notUseful: number; raised: number }) => x.notUseful / x.raised);
    expect(rates).toEqual([...rates].sort((a: number, b: number) => b - a));
    expect(open.state).toBe("raised");
    // One team asked by id; an admin sees every team.
    expect((await outcomes("leadA", `?teamId=${world.teams.a}&days=7`)).json().total.raised).toBe(3);
    expect((await outcomes("admin")).json().teamIds.sort()).toEqual([world.teams.a, world.teams.b].sort());
  });

  it("is for leads of the team and admins; bad parameters are named", async () => {
    expect((await outcomes("agentA")).statusCode).toBe(403);
    expect((await outcomes("leadB", `?teamId=${world.teams.a}`)).statusCode).toBe(404);
    const bad = await outcomes("leadA", "?days=0&extra=1");
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.issues.map((i: { path: string[] }) => i.path.join("."))
        .sort(),
    ).toEqual(["query", "query.days"]);
  });
});
