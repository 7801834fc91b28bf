/**
 * Names that are also everyday words. Exports, debrief cards and scorecard quotes redact every
 * teammate's and the customer's name, each part of it in any case ("thx zed"), so a teammate called
 * Will Grant, or a customer called May Chen, turned every "will", "grant" and "may" of every line
 * into [PERSON]: "I [PERSON] send the label today and you [PERSON] get it". (The demo showed it: a
 * teammate named "Bob Agent" made every debrief card's "the agent" read "the [PERSON]".) Such a part
 * is now redacted where written with a capital, as the engine's own list of first names does; the
 * names themselves still never leave.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World } from "./factories.ts";
import { worldWithClosedScript } from "./closedScriptWorld.ts";

let world: World;
let conversationId = "";

beforeAll(async () => {
  ({ world, conversationId } = await worldWithClosedScript({
    beforeScript: async (w) => {
      const added = await w.inject({
        method: "POST",
        url: "/api/v1/people",
        as: "admin",
        payload: {
          email: "will.grant@example.com",
          name: "Will Grant",
          role: "agent",
          password: "correct horse battery staple",
          teamIds: [w.teams.a],
          topics: [],
        },
      });
      expect(added.statusCode, added.body).toBe(201);
    },
    conversation: { name: "everyday-1", topic: "shipping", customer: "May Chen" },
    lines: [
      ["customer", "Hi, May Chen here. Will Grant told me yesterday the label would come, and it never did."],
      ["agentA", "I will send the label today and you may get it by Friday; I grant it was late."],
      ["customer", "Thanks, will look out for it. May I ask for the tracking too?"],
    ],
    closedBy: "agentA",
  }));
});
afterAll(async () => {
  await world?.close();
});

describe("a name that is also an everyday word", () => {
  it("the export keeps the word and still hides the name", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/exports/conversations?format=json&teamId=${world.teams.a}`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    const texts = (r.json().rows as { conversationId: string; text: string }[])
      .filter((x) => x.conversationId === conversationId)
      .map((x) => x.text);
    expect(texts).toEqual([
      "Hi, [PERSON] here. [PERSON] told me yesterday the label would come, and it never did.",
      "I will send the label today and you may get it by Friday; I grant it was late.",
      // "May" opening a question is written as a name is: redacted, as the engine would.
      "Thanks, will look out for it. [PERSON] I ask for the tracking too?",
    ]);
    expect(r.body).not.toContain("Will Grant");
    expect(r.body).not.toContain("May Chen");
  });

  it("the CSV export too", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/exports/conversations?format=csv&teamId=${world.teams.a}`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).toContain(
      "I will send the label today and you may get it by Friday; I grant it was late.",
    );
    expect(r.body).not.toContain("Will Grant");
  });
});
