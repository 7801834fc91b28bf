/**
 * What an export's rows say beyond the text: which team (an admin's export holds every team's, and
 * nothing told them apart), when the conversation closed, who reviewed a scorecard and when, when a
 * debrief card was drafted and last saved. The scorecard and debrief exports had no date at all, so
 * a lead could not put them on a timeline or match them to a week's numbers. Redacted as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedTakeover, type World } from "./factories.ts";
import { worldWithClosedScript } from "./closedScriptWorld.ts";

let world: World;
let conversationId = "";

beforeAll(async () => {
  ({ world, conversationId } = await worldWithClosedScript({
    conversation: { name: "columns-1", topic: "returns", customer: "Jordan Blake" },
    lines: [
      ["customer", "My order arrived broken and I'm really upset, this is the second time!"],
      ["agentA", "Two broken boxes in a row, not what you wanted. Let me look now."],
    ],
    beforeClose: (w, id) => acceptedTakeover(w, id, "peerA"),
    closedBy: "leadA",
  }));
  const review = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/scorecard/review`,
    as: "leadA",
    payload: { items: { accuracy: 3 }, note: "Jordan Blake got a replacement." },
  });
  expect(review.statusCode, review.body).toBe(200);
});
afterAll(async () => {
  await world?.close();
});

const exportOf = async (kind: string, format: "json" | "csv" = "json") => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/exports/${kind}?format=${format}`,
    as: "admin",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r;
};
const isoTime = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

describe("what an export's rows say", () => {
  it("conversations: the team", async () => {
    const rows = (await exportOf("conversations")).json().rows as Record<string, unknown>[];
    const mine = rows.filter((r) => r.conversationId === conversationId);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(r.team).toBe("Team A");
  });

  it("conversations: a conversation taken over is its first agent's, as My numbers count it; assignedTo names the receiver", async () => {
    // Aaron Agent wrote to the customer, Petra Peer took it over (acceptedTakeover) and has it
    // since: its scorecard scores Aaron as the agent. The agent column said "Petra Peer", the last
    // assignee, while My numbers and the huddle count it Aaron's.
    const rows = (await exportOf("conversations")).json().rows as Record<string, unknown>[];
    const mine = rows.filter((r) => r.conversationId === conversationId);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(r).toMatchObject({ agent: "Aaron Agent", assignedTo: "Petra Peer" });
    const card = ((await exportOf("scorecards")).json().rows as Record<string, unknown>[]).find(
      (r) => r.conversationId === conversationId && r.role === "agent",
    );
    expect(card?.agent).toBe("Aaron Agent");

    // In the CSV too: agent is the sixth column, assignedTo the last (after team).
    const lines = (await exportOf("conversations", "csv")).body
      .split("\r\n")
      .filter((l) => l.startsWith(`${conversationId},`));
    expect(lines.length).toBe(mine.length);
    for (const l of lines) {
      expect(l).toMatch(/^[^,]+,[^,]*,[^,]*,[^,]*,[^,]*,Aaron Agent,/);
      expect(l.endsWith(",Team A,Petra Peer")).toBe(true);
    }
  });

  it("scorecards: the team, when it closed, who reviewed it and when; the note still redacted", async () => {
    const rows = (await exportOf("scorecards")).json().rows as Record<string, unknown>[];
    const card = rows.find((r) => r.conversationId === conversationId && r.role === "agent");
    expect(card).toMatchObject({
      team: "Team A",
      closedAt: isoTime,
      reviewedBy: "Lena Lead",
      reviewedAt: isoTime,
      reviewNote: "[PERSON] got a replacement.",
    });
  });

  it("debrief cards: the team, when the conversation closed, when drafted and saved", async () => {
    const rows = (await exportOf("debriefs")).json().rows as Record<string, unknown>[];
    const cards = rows.filter((r) => r.conversationId === conversationId);
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards)
      expect(c).toMatchObject({ team: "Team A", closedAt: isoTime, createdAt: isoTime, updatedAt: isoTime });
  });

  it("the CSV headers name the new columns", async () => {
    const header = (kind: string) =>
      (async () => (await exportOf(kind, "csv")).body.replace(/^\uFEFF/, "").split("\r\n")[0] ?? "")();
    // New columns go last, so a sheet reading the old ones by position still works.
    expect(await header("conversations")).toMatch(/^conversationId,externalId,.*,sentAt,team,assignedTo$/);
    expect(await header("scorecards")).toMatch(
      /^conversationId,agent,.*,reviewNote,team,closedAt,reviewedBy,reviewedAt$/,
    );
    expect(await header("debriefs")).toBe(
      "id,conversationId,person,role,status,wentWell,tricky,tryNext,team,closedAt,createdAt,updatedAt",
    );
  });
});
