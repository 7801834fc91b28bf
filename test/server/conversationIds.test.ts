/**
 * GET /conversations?ids=: the conversations a page lists, by id. The escalation queue read the 500
 * riskiest of the teams' conversations to name each escalation's customer and agent, so one handled
 * weeks ago showed as "Conversation", with no agent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function conversationIn(team: "a" | "b", key: string): Promise<string> {
  const token = await world.token(team === "a" ? "agentA" : "agentB", ["ingest"]);
  const posted = await world.postMessages(
    token,
    message({ teamId: world.teams[team], conversationId: key, role: "customer", author: `Customer ${key}` }),
  );
  expect(posted.statusCode, posted.body).toBe(200);
  return posted.json().results[0].conversationId as string;
}

const list = (url: string, as: "leadA" | "admin" = "leadA") =>
  world.inject({ method: "GET", url: `/api/v1/conversations${url}`, as });

describe("GET /conversations?ids=", () => {
  it("lists exactly the conversations named that the reader may read, open or closed", async () => {
    const [one, two, three] = [
      await conversationIn("a", "ids-one"),
      await conversationIn("a", "ids-two"),
      await conversationIn("a", "ids-three"),
    ];
    const otherTeam = await conversationIn("b", "ids-other-team");
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${three}/close`,
      as: "leadA",
    });
    expect(closed.statusCode, closed.body).toBeLessThan(300);

    const named = await list(`?status=all&ids=${one},${three},${otherTeam}`);
    expect(named.statusCode, named.body).toBe(200);
    const got = (named.json().conversations as { id: string; customerName: string | null }[])
      .map((c) => [c.id, c.customerName])
      .sort();
    expect(got).toEqual(
      [
        [one, "Customer ids-one"],
        [three, "Customer ids-three"],
      ].sort(),
    );
    expect(got.map(([id]) => id)).not.toContain(two);
    // An admin reads every team's.
    const admin = await list(`?status=all&ids=${otherTeam},${two}`, "admin");
    expect((admin.json().conversations as { id: string }[]).map((c) => c.id).sort()).toEqual(
      [otherTeam, two].sort(),
    );
    // An id that is not a conversation's matches nothing.
    expect((await list(`?status=all&ids=not-an-id`)).json().conversations).toEqual([]);
  });

  it("refuses an empty list or more than 100 ids, naming the parameter", async () => {
    const empty = await list(`?ids=,,`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("ids");
    const many = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    const tooMany = await list(`?ids=${many.join(",")}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain("at most 100 ids");
  });
});
