import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updatePerson } from "../../src/store/index.ts";
import { createWorld, message, TROUBLED_LINES, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Posts the troubled lines until an alert is raised; its id. */
async function raiseAlert(): Promise<string> {
  const token = await world.token("agentA", ["ingest"]);
  let alertId: string | null = null;
  for (const [i, line] of TROUBLED_LINES.entries()) {
    const response = await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId: "names-1", senderMessageId: `nm-${i}`, ...line }),
    );
    expect(response.statusCode).toBe(200);
    alertId = response.json().results[0].alertId ?? alertId;
  }
  expect(alertId).not.toBeNull();
  return alertId as string;
}

describe("people's names in responses", () => {
  it("are reused for a few seconds, and a rename through the admin API shows at once", async () => {
    const alertId = await raiseAlert();
    const read = async () =>
      (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })).json().alert;
    const before = await read();
    const helperId: string = before.helperId;
    expect(before.helperName).toBe(Object.values(world.people).find((p) => p.id === helperId)?.displayName);

    // Renamed behind the server's back (another instance): the names read a moment ago are reused.
    await updatePerson(world.store, {
      orgId: world.orgId,
      personId: helperId,
      displayName: "Elsewhere Renamed",
    });
    expect((await read()).helperName).toBe(before.helperName);

    // Renamed through this instance's admin API: the next response has the new name.
    const renamed = await world.inject({
      method: "PATCH",
      url: `/api/v1/people/${helperId}`,
      as: "admin",
      payload: { name: "Renamed Helper" },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await read()).helperName).toBe("Renamed Helper");
  });
});
