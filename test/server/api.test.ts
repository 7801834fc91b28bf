import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const post = async (token: string, payload: Record<string, unknown>) =>
  world.app.app.inject({
    method: "POST",
    url: "/api/v1/messages",
    headers: { authorization: `Bearer ${token}` },
    payload,
  });

describe("ingest", () => {
  it("acknowledges a message after storing it, and a retry with the same sender id changes nothing", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const body = message({ teamId: world.teams.a, senderMessageId: "idem-1", conversationId: "idem-conv" });
    const first = await post(token, body);
    expect(first.statusCode).toBe(200);
    expect(first.json().results[0]).toMatchObject({ senderMessageId: "idem-1", created: true, index: 0 });
    const retries = await Promise.all([post(token, body), post(token, body), post(token, body)]);
    for (const retry of retries) {
      expect(retry.statusCode).toBe(200);
      expect(retry.json().results[0]).toMatchObject({
        created: false,
        messageId: first.json().results[0].messageId,
      });
    }
    const detail = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${first.json().results[0].conversationId}`,
      as: "agentA",
    });
    expect(detail.json().conversation.messages).toHaveLength(1);
  });

  it("keeps since when the customer has waited for a reply, on the floor and the conversation", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const asked = new Date(Date.now() - 4 * 60_000).toISOString();
    const say = async (role: string, at: string, text: string) => {
      const r = await world.postMessages(
        token,
        message({ teamId: world.teams.a, conversationId: "waiting-conv", role, at, text }),
      );
      expect(r.statusCode).toBe(200);
      return r.json().results[0].conversationId as string;
    };
    const id = await say("customer", asked, "Is anyone there? My order never arrived.");
    await say("customer", new Date(Date.now() - 60_000).toISOString(), "Hello??");
    const read = async () => {
      const one = await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" });
      const floor = await world.inject({ method: "GET", url: "/api/v1/conversations", as: "leadA" });
      const row = floor.json().conversations.find((c: { id: string }) => c.id === id);
      return [one.json().conversation.waitingSince, row?.waitingSince];
    };
    expect(await read()).toEqual([asked, asked]);
    await say("agent", new Date().toISOString(), "Sorry for the wait, I'm checking your order now.");
    expect(await read()).toEqual([null, null]);
  });

  it("answers bad input with 400 listing every problem, and writes nothing", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const before = await world.inject({
      method: "GET",
      url: "/api/v1/conversations?status=all",
      as: "leadA",
    });
    const response = await post(token, {
      messages: [
        message({ teamId: world.teams.a, conversationId: "bad-conv", senderMessageId: "ok-1" }),
        {
          senderMessageId: "",
          conversationId: "bad-conv",
          teamId: world.teams.a,
          role: "robot",
          text: "",
          surprise: 1,
        },
      ],
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.details.issues.map((i: { path: (string | number)[] }) => i.path.join("."))).toEqual([
      "body.messages.1.senderMessageId",
      "body.messages.1.role",
      "body.messages.1.text",
      "body.messages.1",
    ]);
    const after = await world.inject({ method: "GET", url: "/api/v1/conversations?status=all", as: "leadA" });
    expect(after.json().conversations).toHaveLength(before.json().conversations.length);
  });

  it("refuses a time in the future beyond clock skew, naming the message, and writes nothing", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const soon = new Date(Date.now() + 60_000).toISOString();
    const later = new Date(Date.now() + 60 * 60_000).toISOString();
    const response = await post(token, {
      messages: [
        message({ teamId: world.teams.a, conversationId: "future-conv", senderMessageId: "f-1", at: soon }),
        message({ teamId: world.teams.a, conversationId: "future-conv", senderMessageId: "f-2", at: later }),
      ],
    });
    expect(response.statusCode).toBe(400);
    const issues = response.json().error.details.issues as { path: (string | number)[]; message: string }[];
    expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["body.messages.1.at", "must not be in the future (clocks may differ by at most 5 minutes)"],
    ]);
    const listed = await world.inject({
      method: "GET",
      url: "/api/v1/conversations?status=all",
      as: "leadA",
    });
    expect(listed.json().conversations.map((c: { externalId?: string }) => c.externalId)).not.toContain(
      "future-conv",
    );
    // A minute ahead is a clock's difference, not a mistake.
    const ok = await post(
      token,
      message({ teamId: world.teams.a, conversationId: "future-conv", senderMessageId: "f-1", at: soon }),
    );
    expect(ok.statusCode).toBe(200);
  });

  it("refuses posting into another team's conversation space", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const response = await post(token, message({ teamId: world.teams.b, conversationId: "other-team" }));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("FORBIDDEN");
  });

  it("answers malformed JSON and unknown routes with the one envelope", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const bad = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "VALIDATION_FAILED", requestId: expect.any(String) });
    const missing = await world.app.app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("NOT_FOUND");
  });
});

describe("the step-in lifecycle", () => {
  let conversationId: string;
  let alertId: string;

  it("raises an alert for a struggling conversation and routes it to the best-placed teammate, never the agent", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const conv = "lifecycle-1";
    const lines = [
      {
        role: "customer",
        text: "Hi, I want to return a jacket that arrived three weeks ago.",
        author: "Maya",
      },
      {
        role: "agent",
        text: "Sorry, returns are only accepted within 14 days of delivery.",
        author: world.people.agentA.email,
      },
      { role: "customer", text: "Your website says 30 days. I already told you it arrived three weeks ago!" },
      { role: "agent", text: "Sorry, sorry, I'm not sure, maybe it's 14 days, it's not my fault." },
      { role: "customer", text: "You are useless. I want to speak to a manager right now." },
    ];
    let lastAlert: string | null = null;
    const raisedBefore = await alertsRaisedMetric();
    for (const [i, line] of lines.entries()) {
      const response = await post(
        token,
        message({
          teamId: world.teams.a,
          conversationId: conv,
          senderMessageId: `lc-${i}`,
          topic: "returns",
          ...line,
        }),
      );
      expect(response.statusCode).toBe(200);
      conversationId = response.json().results[0].conversationId;
      lastAlert = response.json().results[0].alertId ?? lastAlert;
    }
    expect(lastAlert).not.toBeNull();
    expect(await alertsRaisedMetric()).toBeGreaterThan(raisedBefore);
    alertId = lastAlert as string;
    const alert = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })
    ).json().alert;
    expect(alert.agentId).toBe(world.people.agentA.id);
    expect(alert.helperId).not.toBe(world.people.agentA.id);
    expect(alert.why.length).toBeGreaterThan(0);
    expect(alert.evidence.length).toBeGreaterThan(0);
    expect(alert.routing).toContain(alert.helperName);
    // The struggling agent does not see the alert about themself.
    expect(
      (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "agentA" })).statusCode,
    ).toBe(404);
  });

  it("lets the helper whisper privately: the agent sees it, the customer channel never does", async () => {
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text: "Our policy is 30 days: confirm it and offer the return label." },
    });
    expect(whisper.statusCode).toBe(201);
    expect(whisper.json().intervention).toMatchObject({
      kind: "whisper",
      status: "done",
      toId: world.people.agentA.id,
    });
    const asAgent = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "agentA" })
    ).json();
    expect(asAgent.conversation.messages.some((m: { kind: string }) => m.kind === "whisper")).toBe(true);
    const asOtherPeer = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "peer2A" })
    ).json();
    expect(asOtherPeer.conversation.messages.some((m: { kind: string }) => m.kind === "whisper")).toBe(false);
  });

  it("takes a takeover offer through decline and accept, with a summary for the helper", async () => {
    const offer = async () =>
      (
        await world.inject({
          method: "POST",
          url: `/api/v1/conversations/${conversationId}/step-in`,
          as: "peerA",
          payload: { kind: "takeover_offer", text: "Want me to take this one?" },
        })
      ).json().intervention;
    const first = await offer();
    expect(first.status).toBe("offered");
    // Only the agent may answer.
    expect(
      (
        await world.inject({
          method: "POST",
          url: `/api/v1/interventions/${first.id}/accept`,
          as: "peerA",
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    const declined = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${first.id}/decline`,
      as: "agentA",
      payload: {},
    });
    expect(declined.json().intervention.status).toBe("declined");
    expect(
      (
        await world.inject({
          method: "POST",
          url: `/api/v1/interventions/${first.id}/accept`,
          as: "agentA",
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
    const second = await offer();
    const accepted = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${second.id}/accept`,
      as: "agentA",
      payload: {},
    });
    expect(accepted.json().intervention.status).toBe("accepted");
    expect(accepted.json().intervention.summary).toContain("Maya");
    const detail = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "leadA" })
    ).json();
    expect(detail.conversation.agentId).toBe(world.people.peerA.id);
  });

  it("warm-transfers with a summary and escalates to the team's lead", async () => {
    const transfer = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/transfer`,
      as: "peerA",
      payload: { toPersonId: world.people.peer2A.id, note: "Customer wants a manager's word on the policy." },
    });
    expect(transfer.statusCode).toBe(201);
    expect(transfer.json().intervention.summary).toContain("manager's word");
    expect(transfer.json().intervention.summary).not.toContain("Our policy is 30 days: confirm it");
    const escalation = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      as: "peer2A",
      payload: { reason: "Still irate after help" },
    });
    expect(escalation.json().intervention).toMatchObject({
      kind: "escalation",
      toId: world.people.leadA.id,
      status: "offered",
    });
    const queue = await world.inject({
      method: "GET",
      url: "/api/v1/interventions?scope=team&kind=escalation",
      as: "leadA",
    });
    expect(queue.json().interventions.map((i: { id: string }) => i.id)).toContain(
      escalation.json().intervention.id,
    );
    const taken = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${escalation.json().intervention.id}/acknowledge`,
      as: "leadA",
    });
    expect(taken.json().intervention.status).toBe("accepted");
  });

  it("marks an alert not useful, and reroutes one the helper cannot resolve", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const raise = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/raise-hand`,
      as: "peer2A",
      payload: { note: "Need someone who knows refunds" },
    });
    expect(raise.statusCode).toBe(201);
    const handAlert = raise.json().intervention.alertId as string;
    const before = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${handAlert}`, as: "leadA" })
    ).json().alert;
    expect(before.helperId).not.toBe(world.people.peer2A.id);
    expect(before.reasons).toEqual(["raised_hand"]);
    const rerouted = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${handAlert}/reroute`,
      as: "leadA",
      payload: { note: "busy" },
    });
    expect(rerouted.statusCode).toBe(200);
    expect(rerouted.json().alert.helperId).not.toBe(before.helperId);
    const dismissed = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${handAlert}/dismiss`,
      as: "leadA",
      payload: { reason: "not_useful" },
    });
    expect(dismissed.json().alert.status).toBe("dismissed_not_useful");
    expect(token).toBeTruthy();
  });
});

describe("the built-in chat channel", () => {
  it("lets a customer talk through a token and never returns anything internal", async () => {
    const teams = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "agentA" })).json().teams;
    const chatKey = teams.find((t: { id: string }) => t.id === world.teams.a).chatKey;
    const start = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/chat/conversations",
      payload: {
        chatKey,
        name: "Rosa",
        text: "My parcel is late and nobody answers, this is so frustrating!",
      },
    });
    expect(start.statusCode).toBe(201);
    const { token, conversationId } = start.json();
    await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/messages`,
      as: "agentA",
      payload: { text: "Hi Rosa, let me check that parcel for you." },
    });
    await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text: "INTERNAL-WHISPER ask for the order number" },
    });
    const send = { text: "It's order 5521.", clientMessageId: "c-1" };
    expect(
      (await world.app.app.inject({ method: "POST", url: `/api/v1/chat/${token}/messages`, payload: send }))
        .statusCode,
    ).toBe(201);
    expect(
      (await world.app.app.inject({ method: "POST", url: `/api/v1/chat/${token}/messages`, payload: send }))
        .statusCode,
    ).toBe(201);
    const transcript = await world.app.app.inject({ method: "GET", url: `/api/v1/chat/${token}/messages` });
    const raw = transcript.body;
    expect(transcript.json().messages.map((m: { from: string }) => m.from)).toEqual([
      "customer",
      "agent",
      "customer",
    ]);
    expect(raw).not.toContain("INTERNAL-WHISPER");
    for (const internal of [
      "analysis",
      "risk",
      "alert",
      "authorId",
      world.people.agentA.id,
      world.teams.a,
      conversationId,
    ]) {
      expect(raw).not.toContain(internal);
    }
    expect(
      (
        await world.app.app.inject({
          method: "GET",
          url: "/api/v1/chat/not-a-real-token-but-long-enough/messages",
        })
      ).statusCode,
    ).toBe(404);
  });

  it("lets the customer end the chat: it closes with its reason, once, and takes no more messages", async () => {
    const teams = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "agentA" })).json().teams;
    const chatKey = teams.find((t: { id: string }) => t.id === world.teams.a).chatKey;
    const start = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/chat/conversations",
      payload: { chatKey, name: "Ivo", text: "Is my order on its way?" },
    });
    const { token, conversationId } = start.json();
    const end = () => world.app.app.inject({ method: "POST", url: `/api/v1/chat/${token}/end` });
    const first = await end();
    expect([first.statusCode, first.json()]).toEqual([200, { ended: true }]);
    expect((await end()).json()).toEqual({ ended: false });
    const transcript = await world.app.app.inject({ method: "GET", url: `/api/v1/chat/${token}/messages` });
    expect(transcript.json().status).toBe("closed");
    const late = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/chat/${token}/messages`,
      payload: { text: "One more thing", clientMessageId: "late-1" },
    });
    expect(late.statusCode).toBe(409);
    // The team sees who ended it; one event says so.
    const seen = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}`,
      as: "leadA",
    });
    expect(seen.json().conversation).toMatchObject({ status: "closed", closedReason: "customer" });
    const events = await world.store.query(
      "SELECT payload FROM events WHERE conversation_id = $1 AND type = 'conversation.closed'",
      [conversationId],
    );
    expect(events.map((e) => (e.payload as { reason: string }).reason)).toEqual(["customer"]);
    expect(
      (
        await world.app.app.inject({
          method: "POST",
          url: "/api/v1/chat/not-a-real-token-but-long-enough/end",
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe("operations", () => {
  it("while starting (before the first admin exists) answers every request 503 with Retry-After, /healthz too", async () => {
    world.app.setReady(false);
    try {
      for (const url of ["/healthz", "/api/v1/me", "/"]) {
        const r = await world.app.app.inject({ url });
        expect(r.statusCode, url).toBe(503);
        expect(r.headers["retry-after"], url).toBe("1");
        expect(r.json(), url).toMatchObject({ error: { code: "UNAVAILABLE" } });
      }
    } finally {
      world.app.setReady(true);
    }
    expect((await world.app.app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  it("serves /healthz, /metrics and an OpenAPI document listing the routes", async () => {
    expect((await world.app.app.inject({ url: "/healthz" })).json()).toMatchObject({
      status: "ok",
      store: "pglite",
    });
    expect((await world.app.app.inject({ url: "/metrics" })).body).toContain(
      "tagteam_messages_ingested_total",
    );
    const openapi = (await world.app.app.inject({ url: "/openapi.json" })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(["/api/v1/messages", "/api/v1/conversations/{id}/step-in"]),
    );
    // Where to send requests, so a tool importing it needs no base URL typed in.
    expect(openapi.servers).toEqual([{ url: "/", description: expect.any(String) }]);
  });

  it("rejects a wrong password with the envelope and sets an httpOnly SameSite cookie on success", async () => {
    const wrong = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "agent.a@example.com", password: "nope" },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "agent.a@example.com", password: "correct horse battery staple" },
    });
    const cookie = ok.cookies.find((c) => c.name === "tagteam_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });
});

/** `tagteam_alerts_raised_total` as /metrics reports it. */
async function alertsRaisedMetric(): Promise<number> {
  const body = (await world.app.app.inject({ url: "/metrics" })).body;
  const line = body.split("\n").find((l) => l.startsWith("tagteam_alerts_raised_total "));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}
