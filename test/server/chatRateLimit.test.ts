import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADDRESS_CEILING_PER_MINUTE } from "../../src/server/routes/chat.ts";
import { createWorld, type World } from "./factories.ts";

/*
 * The customer chat is counted per chat, not per address: customers behind one office or
 * mobile-carrier address each poll their chat about 40 times a minute, and three of them used to
 * exhaust the address's 120, so the next customer's chat answered 429 (their widget said
 * "Reconnecting…" and their messages failed).
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("the customer chat's rate limit", () => {
  it("counts each chat by itself, so one customer's polling does not block another's on the same address", async () => {
    const { teams } = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "admin" })).json() as {
      teams: { id: string; chatKey: string }[];
    };
    const chatKey = teams.find((t) => t.id === world.teams.a)?.chatKey;
    const start = async (text: string) =>
      (
        await world.app.app.inject({
          method: "POST",
          url: "/api/v1/chat/conversations",
          payload: { chatKey, text },
        })
      ).json().token as string;
    const busy = await start("Hello, where is my parcel?");
    const other = await start("Hi, I was charged twice.");
    const read = (token: string) =>
      world.app.app.inject({ method: "GET", url: `/api/v1/chat/${token}/messages?after=-1` });
    const codes: number[] = [];
    for (let i = 0; i < 121; i++) codes.push((await read(busy)).statusCode);
    // The chat itself is still limited…
    expect(codes.slice(0, 120).every((c) => c === 200)).toBe(true);
    expect(codes[120]).toBe(429);
    // …but another customer's chat from the same address is not.
    const answer = await read(other);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().messages.map((m: { text: string }) => m.text)).toEqual(["Hi, I was charged twice."]);
    const sent = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/chat/${other}/messages`,
      payload: { text: "Are you there?", clientMessageId: "c-1" },
    });
    expect(sent.statusCode).toBe(201);
  });

  it("still has a ceiling per address, so made-up tokens (each its own count) cannot be tried without end", async () => {
    let refused = -1;
    // Within two windows' worth: the minute may turn once while this runs, and starts the count anew.
    for (let i = 0; i <= 2 * ADDRESS_CEILING_PER_MINUTE && refused < 0; i++) {
      const r = await world.app.app.inject({
        method: "GET",
        url: `/api/v1/chat/made-up-token-${String(i).padStart(8, "0")}-xyz/messages`,
      });
      if (r.statusCode === 429) refused = i;
      else expect(r.statusCode).toBe(404);
    }
    expect(refused).toBeGreaterThanOrEqual(ADDRESS_CEILING_PER_MINUTE - 130);
  }, 120_000);
});
