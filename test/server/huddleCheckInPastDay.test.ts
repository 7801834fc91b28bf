/**
 * The mid-shift check-in of a day that is over speaks of that day, not of a shift under way: an
 * agent reading yesterday's huddle got "2 conversations so far" and, with none, "No conversations
 * of yours yet this shift".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
const DAY = "2026-03-20";
const agendaUrl = (teamId: string, day: string) => {
  const since = `${day}T08:00:00.000Z`;
  const until = `${day}T18:00:00.000Z`;
  return `/api/v1/huddles/agenda?teamId=${teamId}&date=${day}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`;
};

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("agentA", ["ingest"]);
  for (const name of ["past-day-1", "past-day-2"]) {
    const lines = [
      { role: "customer", text: "My parcel never arrived and I need it for Friday." },
      { role: "agent", text: "I'll send a replacement today by express, arriving Thursday." },
    ];
    for (const [i, line] of lines.entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: name,
          senderMessageId: `${name}-${i}`,
          role: line.role,
          text: line.text,
          topic: "shipping",
          at: `${DAY}T1${name.endsWith("1") ? 0 : 4}:0${i}:00Z`,
          ...(line.role === "agent" ? { author: world.people.agentA.email } : { author: "Maya Lopez" }),
        }),
      );
      expect(r.statusCode, r.body).toBe(200);
    }
  }
});
afterAll(async () => {
  await world?.close();
});

describe("the check-in of a past day", () => {
  it("counts the reader's conversations that day, not 'so far'", async () => {
    const r = await world.inject({ method: "GET", url: agendaUrl(world.teams.a, DAY), as: "agentA" });
    expect(r.statusCode, r.body).toBe(200);
    const mine = r.json().checkIn.mine;
    expect(mine.conversations).toBe(2);
    expect(mine.observation).toMatch(/^2 conversations that day; /);
    expect(`${mine.observation} ${mine.tip}`).not.toMatch(/so far|today|this shift/);
  });

  it("with none of theirs, does not say 'yet this shift'", async () => {
    const r = await world.inject({ method: "GET", url: agendaUrl(world.teams.a, DAY), as: "peerA" });
    const mine = r.json().checkIn.mine;
    expect(mine.conversations).toBe(0);
    expect(mine.observation).toBe(
      "No conversations of yours that day: share one thing you noticed on the floor.",
    );
    expect(mine.tip).not.toMatch(/so far/);
  });
});
