/**
 * Loop 2 over in-process HTTP against a real (PGlite) store: a conversation with a step-in closes,
 * and the debrief cards, scorecard, knowledge gaps, insights, feedback, journal, commitments and
 * exports behave as docs/LOOP2.md says. Privacy per role: loop2-privacy.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { processClosedConversation } from "../../src/server/loop2/processClosedConversation.ts";
import { closeConversation } from "../../src/store/index.ts";
import { createWorld, message, testConfig, type World } from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

const CUSTOMER_EMAIL = "maya.lopez@example.com";

type Line = { role: "customer" | "agent"; text: string };

/** The restocking-fee story: confusion, a hedged answer, a helper's whisper, a concrete fix. */
const STRUGGLE: Line[] = [
  {
    role: "customer",
    text: `Hi, I'm confused. What is this restocking fee on my invoice? I don't understand it. My email is ${CUSTOMER_EMAIL}.`,
  },
  { role: "agent", text: "Sorry, sorry, I'm not sure, maybe it's something from billing, let me check." },
  { role: "customer", text: "I still don't get it. Why was I charged a restocking fee? This is ridiculous." },
  {
    role: "agent",
    text: "I understand how confusing that is, Maya. The restocking fee is 10% of the price for opened items, and I'll refund it by Friday.",
  },
  { role: "customer", text: "Oh I see, that makes sense now. Thanks!" },
];

/** Posts a conversation as a helpdesk would, optionally has peerA whisper, closes it, and waits for loop 2. */
async function closedConversation(
  name: string,
  lines: Line[],
  options: { whisperAfter?: number; close?: boolean; at?: number } = {},
): Promise<string> {
  let conversationId = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${ingestToken}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        topic: "billing",
        role: line.role,
        text: line.text,
        author: line.role === "agent" ? world.people.agentA.email : "Maya Lopez",
        ...(options.at !== undefined ? { at: new Date(options.at + i * 5_000).toISOString() } : {}),
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId;
    if (options.whisperAfter === i) {
      const w = await world.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/step-in`,
        as: "peerA",
        payload: { kind: "whisper", text: "Explain the fee in one sentence and give the refund date." },
      });
      expect(w.statusCode, w.body).toBe(201);
    }
  }
  if (options.close !== false) {
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
  }
  return conversationId;
}

describe("debrief cards", () => {
  let conversationId: string;
  beforeAll(async () => {
    conversationId = await closedConversation("debrief-1", STRUGGLE, { whisperAfter: 2 });
  });

  it("gives the agent and the helper each a pre-filled card when a conversation with a step-in closes", async () => {
    const agent = (
      await world.inject({
        method: "GET",
        url: `/api/v1/debriefs?conversationId=${conversationId}`,
        as: "agentA",
      })
    ).json().debriefs;
    expect(agent.map((d: { role: string }) => d.role).sort()).toEqual(["agent", "helper"]);
    const mine = agent.find((d: { personId: string }) => d.personId === world.people.agentA.id);
    expect(mine).toMatchObject({ role: "agent", editable: true, status: "draft" });
    expect(mine.wentWell.length + mine.tricky.length).toBeGreaterThan(0);
    expect(mine.tryNext.length).toBeGreaterThan(0);
    expect(JSON.stringify(agent)).not.toContain("Maya");
    const helper = agent.find((d: { personId: string }) => d.personId === world.people.peerA.id);
    expect(helper).toMatchObject({ role: "helper", editable: false });
    expect(helper.wentWell.join(" ")).toMatch(/whisper|ladder|stepped in/i);
  });

  it("lets the owner edit their card and keeps the draft; nobody else may edit it", async () => {
    const [card] = (await world.inject({ method: "GET", url: "/api/v1/debriefs", as: "peerA" })).json()
      .debriefs;
    const edit = {
      wentWell: ["Whispered early"],
      tricky: ["I waited two messages"],
      tryNext: "Signal first.",
    };
    const byAgent = await world.inject({
      method: "PUT",
      url: `/api/v1/debriefs/${card.id}`,
      as: "agentA",
      payload: edit,
    });
    expect(byAgent.statusCode).toBe(403);
    const byLead = await world.inject({
      method: "PUT",
      url: `/api/v1/debriefs/${card.id}`,
      as: "leadA",
      payload: edit,
    });
    expect(byLead.statusCode).toBe(403);
    const saved = await world.inject({
      method: "PUT",
      url: `/api/v1/debriefs/${card.id}`,
      as: "peerA",
      payload: edit,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().debrief).toMatchObject({ ...edit, status: "saved", draft: card.draft });
  });

  it("answers a bad edit with 400 listing every problem, and changes nothing", async () => {
    const [card] = (await world.inject({ method: "GET", url: "/api/v1/debriefs", as: "agentA" })).json()
      .debriefs;
    const bad = await world.inject({
      method: "PUT",
      url: `/api/v1/debriefs/${card.id}`,
      as: "agentA",
      payload: { wentWell: ["", "ok"], tricky: "not a list", tryNext: "x".repeat(3000), extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.issues.map((i: { path: (string | number)[] }) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["body.wentWell.0", "body.tricky", "body.tryNext"]));
    expect(paths.length).toBeGreaterThanOrEqual(4);
    const after = (
      await world.inject({ method: "GET", url: `/api/v1/debriefs/${card.id}`, as: "agentA" })
    ).json();
    expect(after.debrief).toEqual(card);
  });

  it("gives no debrief to a conversation nobody stepped into, but still scores it", async () => {
    const quiet = await closedConversation("no-step-in", [
      { role: "customer", text: "Can you confirm my order shipped?" },
      { role: "agent", text: "Yes, it shipped today and arrives Thursday. Anything else I can help with?" },
    ]);
    const cards = await world.inject({
      method: "GET",
      url: `/api/v1/debriefs?conversationId=${quiet}`,
      as: "leadA",
    });
    expect(cards.json().debriefs).toEqual([]);
    const card = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${quiet}/scorecard`,
      as: "leadA",
    });
    expect(card.statusCode).toBe(200);
  });
});

describe("QA scorecards", () => {
  let conversationId: string;
  beforeAll(async () => {
    conversationId = await closedConversation("qa-1", STRUGGLE, { whisperAfter: 1 });
  });

  it("fills in six items with evidence for the agent and the lead; the evidence is redacted", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/scorecard`,
      as: "agentA",
    });
    expect(r.statusCode).toBe(200);
    const card = r.json().scorecard;
    expect(card.items.map((i: { item: string }) => i.item)).toEqual([
      "empathy",
      "active_listening",
      "accuracy",
      "ownership",
      "clear_next_steps",
      "habits",
    ]);
    expect(card.agentId).toBe(world.people.agentA.id);
    const quotes = card.items.flatMap((i: { evidence: { quote: string }[] }) =>
      i.evidence.map((e) => e.quote),
    );
    expect(quotes.filter((q: string) => q.length > 0).length).toBeGreaterThan(0);
    expect(JSON.stringify(card)).not.toContain("Maya");
    expect(card.reviewed).toBe(false);
  });

  it("lists each card with when its conversation closed, which a list tells cards apart by", async () => {
    const conversation = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}`,
      as: "leadA",
    });
    const closedAt = conversation.json().conversation.closedAt as string;
    expect(closedAt).toEqual(expect.any(String));
    const list = await world.inject({ method: "GET", url: "/api/v1/scorecards", as: "leadA" });
    expect(list.statusCode, list.body).toBe(200);
    const card = (list.json().scorecards as { conversationId: string; closedAt: string | null }[]).find(
      (c) => c.conversationId === conversationId,
    );
    expect(card?.closedAt).toBe(closedAt);
  });

  it("lets a lead override items; the calibration view lists where lead and engine disagree", async () => {
    const before = (
      await world.inject({
        method: "GET",
        url: `/api/v1/conversations/${conversationId}/scorecard`,
        as: "leadA",
      })
    ).json().scorecard;
    const empathy = before.items.find((i: { item: string }) => i.item === "empathy");
    const leadScore = empathy.auto === 4 ? 1 : 4;
    const byAgent = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/scorecard/review`,
      as: "agentA",
      payload: { items: { empathy: leadScore } },
    });
    expect(byAgent.statusCode).toBe(403);
    const bad = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/scorecard/review`,
      as: "leadA",
      payload: { items: { empathy: 9, kindness: 2 }, note: 5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.length).toBeGreaterThanOrEqual(3);
    const reviewed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/scorecard/review`,
      as: "leadA",
      payload: { items: { empathy: leadScore }, note: "Calibrating empathy" },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const card = reviewed.json().scorecard;
    expect(card.reviewed).toBe(true);
    expect(card.items.find((i: { item: string }) => i.item === "empathy")).toMatchObject({
      auto: empathy.auto,
      override: leadScore,
      score: leadScore,
    });
    const calibration = (
      await world.inject({
        method: "GET",
        url: `/api/v1/scorecards/calibration?teamId=${world.teams.a}`,
        as: "leadA",
      })
    ).json();
    expect(calibration.items.find((i: { item: string }) => i.item === "empathy")).toMatchObject({
      reviewed: 1,
      disagreements: 1,
      meanDifference: leadScore - empathy.auto,
    });
    expect(calibration.disagreements).toEqual([
      expect.objectContaining({ conversationId, item: "empathy", auto: empathy.auto, lead: leadScore }),
    ]);
    const reviewedList = (
      await world.inject({ method: "GET", url: "/api/v1/scorecards?reviewed=true", as: "agentA" })
    ).json().scorecards;
    expect(reviewedList.map((s: { conversationId: string }) => s.conversationId)).toEqual([conversationId]);
  });
});

describe("knowledge capture", () => {
  let conversationId: string;
  let insightId: string;
  beforeAll(async () => {
    conversationId = await closedConversation("knowledge-1", STRUGGLE);
  });

  it("lists the question the agent could not answer as a gap for the KB owner (redacted)", async () => {
    const gaps = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" })).json()
      .gaps;
    const mine = gaps.filter((g: { conversationId: string }) => g.conversationId === conversationId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ reason: expect.any(String), status: "open" });
    expect(mine[0].question).toContain("restocking fee");
    // A title the KB owner reads, next to the key words gaps are grouped by.
    expect(mine[0].title).toMatch(/^(?:What|Why) .*restocking fee.*\?$/);
    expect(mine[0].title).not.toBe(mine[0].topic);
    expect(
      (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "agentA" })).statusCode,
    ).toBe(403);
    const other = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadB" })).json()
      .gaps;
    expect(other.some((g: { conversationId: string }) => g.conversationId === conversationId)).toBe(false);
    const resolved = await world.inject({
      method: "POST",
      url: `/api/v1/knowledge/gaps/${mine[0].id}/resolve`,
      as: "leadA",
    });
    expect(resolved.json().gap.status).toBe("resolved");
  });

  it("drafts an insight from the conversation; only its author and the team's leads see the draft", async () => {
    const drafted = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/insights`,
      as: "agentA",
      payload: {},
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const insight = drafted.json().insight;
    insightId = insight.id;
    expect(insight).toMatchObject({ status: "draft", conversationId, teamId: world.teams.a });
    expect(insight.text).toMatch(/^Customers were confused by/);
    const seen = async (as: "agentA" | "peer2A" | "leadA" | "leadB") =>
      (await world.inject({ method: "GET", url: "/api/v1/insights", as }))
        .json()
        .insights.map((i: { id: string }) => i.id);
    expect(await seen("agentA")).toContain(insightId);
    expect(await seen("leadA")).toContain(insightId);
    expect(await seen("peer2A")).not.toContain(insightId);
    expect(await seen("leadB")).not.toContain(insightId);
  });

  it("answers a half-given fact with 400 naming the missing field, and writes nothing", async () => {
    const before = (await world.inject({ method: "GET", url: "/api/v1/insights", as: "leadA" })).json()
      .insights.length;
    const bad = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/insights`,
      as: "agentA",
      payload: { text: "Fee explained", key: "restocking_fee_percent" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "body.value",
    ]);
    const after = (await world.inject({ method: "GET", url: "/api/v1/insights", as: "leadA" })).json()
      .insights.length;
    expect(after).toBe(before);
  });

  it("publishes through a lead's review into a fact the engine's fact check then uses, and KB search finds it", async () => {
    const byAgent = await world.inject({
      method: "POST",
      url: `/api/v1/insights/${insightId}/review`,
      as: "agentA",
      payload: { decision: "publish" },
    });
    expect(byAgent.statusCode).toBe(403);
    const published = await world.inject({
      method: "POST",
      url: `/api/v1/insights/${insightId}/review`,
      as: "leadA",
      payload: {
        decision: "publish",
        text: "Customers are confused by the restocking fee: it is 10 percent of the price of opened items.",
        topic: "restocking fee",
        key: "restocking_fee",
        value: 10,
        unit: "percent",
      },
    });
    expect(published.statusCode, published.body).toBe(200);
    const insight = published.json().insight;
    expect(insight).toMatchObject({ status: "published", reviewedBy: world.people.leadA.id });
    expect(insight.factId).toEqual(expect.any(String));
    const again = await world.inject({
      method: "POST",
      url: `/api/v1/insights/${insightId}/review`,
      as: "leadA",
      payload: { decision: "reject" },
    });
    expect(again.statusCode).toBe(409);
    const facts = (
      await world.inject({
        method: "GET",
        url: `/api/v1/knowledge/facts?teamId=${world.teams.a}`,
        as: "agentA",
      })
    ).json().facts;
    expect(facts.map((f: { id: string }) => f.id)).toContain(insight.factId);

    const search = (
      await world.inject({ method: "GET", url: "/api/v1/knowledge/search?q=restocking%20fees", as: "peer2A" })
    ).json().hits;
    expect(search.map((h: { kind: string }) => h.kind)).toEqual(expect.arrayContaining(["fact", "insight"]));
    const elsewhere = (
      await world.inject({ method: "GET", url: "/api/v1/knowledge/search?q=restocking", as: "agentB" })
    ).json().hits;
    expect(elsewhere).toEqual([]);

    // The engine now checks agents' claims against the published fact.
    const token = ingestToken;
    await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: "fact-check-1",
        senderMessageId: "fc-0",
        role: "customer",
        text: "How much is the restocking fee for an opened blender?",
      }),
    });
    const reply = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: "fact-check-1",
        senderMessageId: "fc-1",
        role: "agent",
        author: world.people.agentA.email,
        text: "The restocking fee is 25 percent of the price for opened items.",
      }),
    });
    const id = reply.json().results[0].conversationId;
    const detail = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" })
    ).json();
    const checks = detail.conversation.messages.flatMap(
      (m: { analysis: { factChecks?: { factId: string; verdict: string }[] } | null }) =>
        m.analysis?.factChecks ?? [],
    );
    expect(checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ factId: insight.factId, verdict: "contradicts" })]),
    );
  });

  it("refuses to invent an insight from a conversation with no confusion", async () => {
    const calm = await closedConversation("calm-1", [
      { role: "customer", text: "Please cancel my newsletter subscription." },
      { role: "agent", text: "Done: you are unsubscribed as of today." },
    ]);
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${calm}/insights`,
      as: "agentA",
      payload: {},
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("INVALID_STATE");
  });
});

describe("the feedback composer", () => {
  it("flags a judgement of the person as the writer types and proposes a behaviour-specific rewrite", async () => {
    const r = await world.inject({
      method: "POST",
      url: "/api/v1/feedback/preview",
      as: "peerA",
      payload: { text: "You're lazy and you never listen to customers." },
    });
    expect(r.statusCode).toBe(200);
    const { check } = r.json();
    const kinds = check.issues.map((i: { kind: string }) => i.kind);
    expect(kinds).toContain("judgement_of_person");
    expect(check.rewrite).toEqual(expect.any(String));
    expect(check.rewrite).not.toMatch(/lazy/i);
    const good = await world.inject({
      method: "POST",
      url: "/api/v1/feedback/preview",
      as: "peerA",
      payload: {
        text: "When you paraphrased the customer's order number, she relaxed and gave you the details. Keep doing that.",
      },
    });
    expect(good.json().check.issues).toEqual([]);
  });

  it("sends privately with the flags attached; the receiver reads and replies; the writer sees the reply", async () => {
    const sent = await world.inject({
      method: "POST",
      url: "/api/v1/feedback",
      as: "peerA",
      payload: { receiverId: world.people.agentA.id, text: "You always interrupt customers." },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const feedback = sent.json().feedback;
    expect(feedback.check.issues.map((i: { kind: string }) => i.kind)).toContain("absolute_language");
    expect(feedback.readAt).toBeNull();
    const inbox = (await world.inject({ method: "GET", url: "/api/v1/feedback", as: "agentA" })).json()
      .feedback;
    expect(inbox.map((f: { id: string }) => f.id)).toContain(feedback.id);
    const opened = (
      await world.inject({ method: "GET", url: `/api/v1/feedback/${feedback.id}`, as: "agentA" })
    ).json();
    expect(opened.feedback.readAt).toEqual(expect.any(String));
    const reply = await world.inject({
      method: "POST",
      url: `/api/v1/feedback/${feedback.id}/replies`,
      as: "agentA",
      payload: { text: "Fair. Which conversation was it?" },
    });
    expect(reply.statusCode).toBe(201);
    const sentBox = (
      await world.inject({ method: "GET", url: "/api/v1/feedback?box=sent", as: "peerA" })
    ).json().feedback;
    expect(
      sentBox.find((f: { id: string }) => f.id === feedback.id).replies.map((x: { text: string }) => x.text),
    ).toEqual(["Fair. Which conversation was it?"]);
  });

  it("answers bad feedback with 400 listing every problem, refuses feedback to oneself, and sends nothing", async () => {
    const count = async () =>
      (await world.inject({ method: "GET", url: "/api/v1/feedback?box=sent", as: "peer2A" })).json().feedback
        .length;
    const before = await count();
    const bad = await world.inject({
      method: "POST",
      url: "/api/v1/feedback",
      as: "peer2A",
      payload: { text: "", mood: "angry" },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.issues.map((i: { path: string[] }) => i.path.join("."))
        .sort(),
    ).toEqual(["body", "body.receiverId", "body.text"]);
    const self = await world.inject({
      method: "POST",
      url: "/api/v1/feedback",
      as: "peer2A",
      payload: { receiverId: world.people.peer2A.id, text: "Nice pause before answering." },
    });
    expect(self.statusCode).toBe(400);
    const otherTeam = await world.inject({
      method: "POST",
      url: "/api/v1/feedback",
      as: "peer2A",
      payload: { receiverId: world.people.agentB.id, text: "Nice pause before answering." },
    });
    expect(otherTeam.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe("the journal", () => {
  it("keeps entries for their author, who can edit and delete them", async () => {
    const created = await world.inject({
      method: "POST",
      url: "/api/v1/journal",
      as: "peer2A",
      payload: { text: "I hesitated to step in; next time I'll signal support first." },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().entry.id;
    const edited = await world.inject({
      method: "PUT",
      url: `/api/v1/journal/${id}`,
      as: "peer2A",
      payload: { text: "Edited." },
    });
    expect(edited.json().entry.text).toBe("Edited.");
    expect(
      (await world.inject({ method: "GET", url: "/api/v1/journal", as: "peer2A" })).json().entries,
    ).toHaveLength(1);
    expect(
      (await world.inject({ method: "DELETE", url: `/api/v1/journal/${id}`, as: "peer2A" })).statusCode,
    ).toBe(200);
    expect(
      (await world.inject({ method: "GET", url: "/api/v1/journal", as: "peer2A" })).json().entries,
    ).toEqual([]);
    const bad = await world.inject({
      method: "POST",
      url: "/api/v1/journal",
      as: "peer2A",
      payload: { text: " " },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("answers an entry that is gone, or someone else's, with the same 404 for editing and deleting", async () => {
    const theirs = await world.inject({
      method: "POST",
      url: "/api/v1/journal",
      as: "peer2A",
      payload: { text: "Mine alone." },
    });
    const id = theirs.json().entry.id;
    const edit = await world.inject({
      method: "PUT",
      url: `/api/v1/journal/${id}`,
      as: "peerA",
      payload: { text: "Not mine." },
    });
    const remove = await world.inject({ method: "DELETE", url: `/api/v1/journal/${id}`, as: "peerA" });
    expect(edit.statusCode).toBe(404);
    expect(remove.statusCode).toBe(404);
    expect(edit.json().error.message).toBe("Journal entry not found");
    expect(remove.json().error.message).toBe("Journal entry not found");
    const nonsense = await world.inject({
      method: "PUT",
      url: "/api/v1/journal/not-an-id",
      as: "peer2A",
      payload: { text: "x" },
    });
    expect([400, 404]).toContain(nonsense.statusCode);
    if (nonsense.statusCode === 404) expect(nonsense.json().error.message).toBe("Journal entry not found");
  });
});

describe("commitments", () => {
  let conversationId: string;
  beforeAll(async () => {
    conversationId = await closedConversation(
      "commit-1",
      [
        { role: "customer", text: "My parcel never arrived and I need it this week." },
        { role: "agent", text: "I'll call you back tomorrow with the courier's answer." },
      ],
      // Said now: a promise already due when tagteam stored it (an import) is never reminded.
      { close: false, at: Date.now() },
    );
  });

  it("lists each agent's follow-ups with their state, for the agent and their lead", async () => {
    const mine = (
      await world.inject({ method: "GET", url: "/api/v1/commitments/overview", as: "agentA" })
    ).json();
    expect(mine.agents).toHaveLength(1);
    const item = mine.agents[0].commitments.find(
      (c: { conversationId: string }) => c.conversationId === conversationId,
    );
    expect(item).toMatchObject({ state: expect.stringMatching(/due_soon|upcoming|overdue|no_date/) });
    const lead = (
      await world.inject({ method: "GET", url: "/api/v1/commitments/overview", as: "leadA" })
    ).json();
    expect(lead.agents.map((a: { personId: string }) => a.personId)).toContain(world.people.agentA.id);
    const peer = await world.inject({
      method: "GET",
      url: `/api/v1/commitments/overview?personId=${world.people.agentA.id}`,
      as: "peerA",
    });
    expect(peer.statusCode).toBe(404);
  });

  it("marks a commitment missed once past due, telling its agent and the team's lead once", async () => {
    const processor = loop2ProcessorOf(world.app.ctx);
    const far = Date.now() + 30 * 24 * 3_600_000;
    const reminders = async () =>
      world.store.query<{ type: string; person_id: string }>(
        "SELECT type, person_id FROM events WHERE type IN ('commitment.due', 'commitment.overdue', 'commitment.missed') AND conversation_id = $1 ORDER BY id",
        [conversationId],
      );
    expect(await processor.sendReminders(far)).toBeGreaterThan(0);
    const first = await reminders();
    expect(first.map((e) => e.type)).toEqual(["commitment.missed", "commitment.missed"]);
    expect(first.map((e) => e.person_id).sort()).toEqual(
      [world.people.agentA.id, world.people.leadA.id].sort(),
    );
    await processor.sendReminders(far);
    expect(await reminders()).toHaveLength(2);
  });
});

describe("exports", () => {
  let conversationId: string;
  beforeAll(async () => {
    conversationId = await closedConversation("export-1", STRUGGLE, { whisperAfter: 2 });
  });

  it("exports conversations redacted by default, as JSON and CSV", async () => {
    const json = await world.inject({
      method: "GET",
      url: `/api/v1/exports/conversations?teamId=${world.teams.a}`,
      as: "leadA",
    });
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(body.redacted).toBe(true);
    const rows = body.rows.filter((r: { conversationId: string }) => r.conversationId === conversationId);
    expect(rows.length).toBe(STRUGGLE.length);
    expect(json.body).not.toContain(CUSTOMER_EMAIL);
    expect(json.body).not.toContain("Maya");
    expect(rows[0].text).toContain("[EMAIL]");
    expect(json.body).not.toContain("Explain the fee in one sentence");
    const csv = await world.inject({
      method: "GET",
      url: "/api/v1/exports/debriefs?format=csv",
      as: "leadA",
    });
    expect(csv.headers["content-type"]).toContain("text/csv");
    // With a BOM first, so that Excel reads it as UTF-8.
    expect(csv.body.split("\r\n")[0]).toBe(
      "\uFEFFid,conversationId,person,role,status,wentWell,tricky,tryNext,team,closedAt,createdAt,updatedAt",
    );
    expect(csv.body).toContain(conversationId);
    const scorecards = await world.inject({
      method: "GET",
      url: "/api/v1/exports/scorecards?format=csv",
      as: "leadA",
    });
    expect(scorecards.body.split("\r\n")[0]).toContain("empathy");
    expect(scorecards.body).toContain(conversationId);
  });

  it("exports unredacted only for an admin, and audits it", async () => {
    const lead = await world.inject({
      method: "GET",
      url: "/api/v1/exports/conversations?redact=false",
      as: "leadA",
    });
    expect(lead.statusCode).toBe(403);
    const agent = await world.inject({ method: "GET", url: "/api/v1/exports/conversations", as: "agentA" });
    expect(agent.statusCode).toBe(403);
    const admin = await world.inject({
      method: "GET",
      url: "/api/v1/exports/conversations?redact=false",
      as: "admin",
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain(CUSTOMER_EMAIL);
    const audit = await world.store.query<{ action: string; actor_id: string }>(
      "SELECT action, actor_id FROM audit_log WHERE action LIKE 'export.%' ORDER BY id",
    );
    expect(audit).toEqual(
      expect.arrayContaining([{ action: "export.unredacted_downloaded", actor_id: world.people.admin.id }]),
    );
    const badQuery = await world.inject({
      method: "GET",
      url: "/api/v1/exports/people?format=xml",
      as: "admin",
    });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details.issues).toHaveLength(2);
  });
});

/** A calm start: a question answered concretely, a helper's whisper, a thankful customer. */
const CALM_START: Line[] = [
  { role: "customer", text: "Hi, can I return the blender I bought last week?" },
  {
    role: "agent",
    text: "Yes, Maya, items can be returned within 30 days of delivery. I'll email you the return label today.",
  },
  { role: "customer", text: "Great, thanks!" },
];

/** The customer comes back: no label, a new question the agent cannot answer, blame, a wrong rule. */
const HARDER_FOLLOW_UP: Line[] = [
  {
    role: "customer",
    text: "The return label never arrived. This is the second time I'm asking! Can I get the refund on a different card?",
  },
  { role: "agent", text: "Sorry, sorry, I'm not sure, maybe, I think that's billing's fault, not mine." },
  { role: "customer", text: "That's ridiculous. I still don't have a label and I want my money back." },
  { role: "agent", text: "Items can only be returned within 14 days anyway." },
];

describe("a conversation reopened by the customer and closed again", () => {
  type Card = {
    conversationId: string;
    scoredMessages: number | null;
    autoOverall: number | null;
    overall: number | null;
    reviewed: boolean;
    reviewNote: string | null;
    reviewedAt: string | null;
    rescoredAt: string | null;
    rescoredAfterReview: boolean;
    items: { item: string; auto: number; override: number | null; score: number; applicable: boolean }[];
  };
  type Gap = { id: string; conversationId: string; question: string; status: string };
  type Card2 = { id: string; personId: string; role: string; status: string; tryNext: string };

  let sent = 0;
  /** Posts lines into the conversation `name` as the helpdesk would; a step-in by `whisper.as` after line `whisper.after`. */
  async function post(name: string, lines: Line[], whisper?: { after: number; as: "peerA" | "peer2A" }) {
    let conversationId = "";
    for (const [i, line] of lines.entries()) {
      const r = await world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${ingestToken}` },
        payload: message({
          teamId: world.teams.a,
          conversationId: name,
          senderMessageId: `${name}-${sent++}`,
          topic: "returns",
          role: line.role,
          text: line.text,
          author: line.role === "agent" ? world.people.agentA.email : "Maya Lopez",
        }),
      });
      expect(r.statusCode, r.body).toBe(200);
      conversationId = r.json().results[0].conversationId;
      if (whisper?.after === i) {
        const w = await world.inject({
          method: "POST",
          url: `/api/v1/conversations/${conversationId}/step-in`,
          as: whisper.as,
          payload: { kind: "whisper", text: "Say what happens to the refund, and send the label now." },
        });
        expect(w.statusCode, w.body).toBe(201);
      }
    }
    return conversationId;
  }
  const close = async (id: string) => {
    const r = await world.inject({ method: "POST", url: `/api/v1/conversations/${id}/close`, as: "agentA" });
    expect(r.statusCode, r.body).toBe(200);
  };
  const scorecard = async (id: string): Promise<Card> =>
    (await world.inject({ method: "GET", url: `/api/v1/conversations/${id}/scorecard`, as: "leadA" })).json()
      .scorecard;
  const gaps = async (id: string): Promise<Gap[]> =>
    (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" }))
      .json()
      .gaps.filter((g: Gap) => g.conversationId === id);
  const debriefs = async (id: string): Promise<Card2[]> =>
    (await world.inject({ method: "GET", url: `/api/v1/debriefs?conversationId=${id}`, as: "leadA" })).json()
      .debriefs;
  const events = async (id: string) =>
    world.store.query<{ type: string; person_id: string | null }>(
      "SELECT type, person_id FROM events WHERE conversation_id = $1 AND (type LIKE 'scorecard.%' OR type LIKE 'debrief.%') ORDER BY id",
      [id],
    );
  /** Everything loop 2 wrote about the conversation, to compare before and after a repeat. */
  const everything = async (id: string) => ({
    scorecard: await scorecard(id),
    gaps: await gaps(id),
    debriefs: await debriefs(id),
    events: await events(id),
  });

  let id: string;
  let first: Card;
  let firstGaps: Gap[];
  let agentCard: Card2;
  let review: Card;
  beforeAll(async () => {
    id = await post("reopened-1", CALM_START, { after: 0, as: "peerA" });
    await close(id);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    first = await scorecard(id);
    firstGaps = await gaps(id);
    // The agent fills in their card and a lead reviews the scorecard, before the customer comes back.
    const cards = await debriefs(id);
    const mine = cards.find((d) => d.personId === world.people.agentA.id);
    const saved = await world.inject({
      method: "PUT",
      url: `/api/v1/debriefs/${mine?.id}`,
      as: "agentA",
      payload: {
        wentWell: ["Gave the rule and the label date"],
        tricky: [],
        tryNext: "Send the label at once.",
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    agentCard = saved.json().debrief;
    const empathy = first.items.find((i) => i.item === "empathy");
    const reviewed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/scorecard/review`,
      as: "leadA",
      payload: { items: { empathy: empathy?.auto === 4 ? 3 : 4 }, note: "Warmer than tagteam says" },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    review = reviewed.json().scorecard;

    const again = await post("reopened-1", HARDER_FOLLOW_UP, { after: 1, as: "peer2A" });
    expect(again).toBe(id);
    await close(id);
    await loop2ProcessorOf(world.app.ctx).catchUp();
  });

  it("was scored on its first close, over the first part only", () => {
    expect(first).toMatchObject({ scoredMessages: CALM_START.length, rescoredAt: null, reviewed: false });
    expect(firstGaps).toEqual([]);
  });

  it("re-scores the scorecard over the whole conversation, keeping the lead's review and saying it came after it", async () => {
    const card = await scorecard(id);
    expect(card.scoredMessages).toBe(CALM_START.length + HARDER_FOLLOW_UP.length);
    expect(card.autoOverall).not.toBeNull();
    expect(card.autoOverall as number).toBeLessThan(first.autoOverall as number);
    // The lead's review stays: their score, note and time; the other items are the new scoring.
    expect(card).toMatchObject({
      reviewed: true,
      reviewNote: "Warmer than tagteam says",
      reviewedAt: review.reviewedAt,
      rescoredAfterReview: true,
    });
    expect(card.rescoredAt).toEqual(expect.any(String));
    const empathy = review.items.find((i) => i.item === "empathy");
    expect(card.items.find((i) => i.item === "empathy")).toMatchObject({ override: empathy?.override });
    const accuracy = card.items.find((i) => i.item === "accuracy");
    expect(accuracy?.auto).toBeLessThan(first.items.find((i) => i.item === "accuracy")?.auto as number);
    // The overall counts the lead's score with the new automatic ones.
    const scores = card.items.filter((i) => i.applicable).map((i) => i.score);
    expect(card.overall).toBe(Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100);
    expect(card.overall).not.toBe(card.autoOverall);
    expect(card.overall).not.toBe(review.overall);
    expect(await events(id)).toEqual(
      expect.arrayContaining([{ type: "scorecard.updated", person_id: null }]),
    );
  });

  it("adds the new part's knowledge gaps, once", async () => {
    const now = await gaps(id);
    expect(now.length).toBeGreaterThan(firstGaps.length);
    expect(now.map((g) => g.question).join(" ")).toContain("different card");
    expect(new Set(now.map((g) => g.question)).size).toBe(now.length);
  });

  it("gives a card to the helper who stepped in after the reopen, and leaves the cards that existed as they were", async () => {
    const cards = await debriefs(id);
    expect(cards.map((d) => [d.personId, d.role]).sort()).toEqual(
      [
        [world.people.agentA.id, "agent"],
        [world.people.peerA.id, "helper"],
        [world.people.peer2A.id, "helper"],
      ].sort(),
    );
    expect(cards.find((d) => d.personId === world.people.agentA.id)).toEqual(
      expect.objectContaining({ id: agentCard.id, status: "saved", tryNext: "Send the label at once." }),
    );
    const created = (await events(id)).filter((e) => e.type === "debrief.created").map((e) => e.person_id);
    expect(created.sort()).toEqual(
      [world.people.agentA.id, world.people.peerA.id, world.people.peer2A.id].sort(),
    );
  });

  it("changes nothing when the same close is processed again: a second instance, a retry, a restart's sweep", async () => {
    const before = await everything(id);
    expect(await processClosedConversation(world.app.ctx, world.orgId, id)).toBe(false);
    const restarted = await buildApp({ config: testConfig(), store: world.store });
    await restarted.app.ready();
    try {
      await loop2ProcessorOf(restarted.ctx).catchUp();
      expect(await processClosedConversation(restarted.ctx, world.orgId, id)).toBe(false);
    } finally {
      await restarted.close();
    }
    expect(await everything(id)).toEqual(before);
  });

  it("a lead's new review clears the re-scored flag", async () => {
    const reviewed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/scorecard/review`,
      as: "leadA",
      payload: { items: {}, note: "Seen the follow-up" },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().scorecard).toMatchObject({
      rescoredAfterReview: false,
      reviewNote: "Seen the follow-up",
    });
  });
});

describe("the loop-2 processor", () => {
  it("catches up on start with a conversation closed while no instance processed it, and does the work once", async () => {
    const id = await closedConversation("missed-1", STRUGGLE, { whisperAfter: 1, close: false });
    // Closed behind the processor's back: no event, as if the instance died before processing.
    await closeConversation(world.store, { orgId: world.orgId, conversationId: id });
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const before = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${id}/scorecard`,
      as: "leadA",
    });
    expect(before.statusCode).toBe(404);

    const restarted = await buildApp({ config: testConfig(), store: world.store });
    await restarted.app.ready();
    try {
      await loop2ProcessorOf(restarted.ctx).catchUp();
      const after = await world.inject({
        method: "GET",
        url: `/api/v1/conversations/${id}/scorecard`,
        as: "leadA",
      });
      expect(after.statusCode).toBe(200);
      const cards = await world.inject({
        method: "GET",
        url: `/api/v1/debriefs?conversationId=${id}`,
        as: "leadA",
      });
      expect(cards.json().debriefs).toHaveLength(2);
      // A second instance, or a retry, writes nothing more.
      expect(await processClosedConversation(restarted.ctx, world.orgId, id)).toBe(false);
      const again = await world.inject({
        method: "GET",
        url: `/api/v1/debriefs?conversationId=${id}`,
        as: "leadA",
      });
      expect(again.json().debriefs).toHaveLength(2);
    } finally {
      await restarted.close();
    }
  });

  it("catches up on start with a conversation closed again while no instance processed the second close", async () => {
    const id = await closedConversation("missed-again-1", STRUGGLE.slice(0, 2));
    const scored = async () =>
      (
        await world.inject({ method: "GET", url: `/api/v1/conversations/${id}/scorecard`, as: "leadA" })
      ).json().scorecard.scoredMessages;
    expect(await scored()).toBe(2);
    // The customer writes again; the second close happens behind the processor's back (no event).
    const reopen = await world.postMessages(
      ingestToken,
      message({
        teamId: world.teams.a,
        conversationId: "missed-again-1",
        senderMessageId: "missed-again-1-later",
        role: "customer",
        text: "Hello? Anyone there?",
      }),
    );
    expect(reopen.statusCode, reopen.body).toBe(200);
    await closeConversation(world.store, { orgId: world.orgId, conversationId: id, reason: "sender" });
    await loop2ProcessorOf(world.app.ctx).catchUp();
    expect(await scored()).toBe(2);

    const restarted = await buildApp({ config: testConfig(), store: world.store });
    await restarted.app.ready();
    try {
      await loop2ProcessorOf(restarted.ctx).catchUp();
      expect(await scored()).toBe(3);
    } finally {
      await restarted.close();
    }
  });
});
