import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAlertById } from "../../src/store/index.ts";
import { PROTOCOL_VERSION } from "../../src/protocol/index.ts";
import { createWorld, message, type World } from "./factories.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

/*
 * Presence: a teammate with tagteam open (a signed-in page connected) is present, and routing
 * prefers them over one whose "available" may be left over from yesterday. An integration's socket
 * (an API token) does not make its person present.
 */
let world: World;
let wsUrl: string;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_HEARTBEAT_MS: "500" } });
  wsUrl = await startListening(world.app);
});
afterAll(async () => {
  await world?.close();
});

const presentIds = async (): Promise<string[]> =>
  (await world.store.query("SELECT id FROM people WHERE present_until > now() ORDER BY id")).map((r) =>
    String(r.id),
  );
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not reached");
}
async function pageOf(headers: Record<string, string>, query = ""): Promise<TestSocket> {
  const socket = await openSocket(`${wsUrl}${query}`, headers);
  socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
  await socket.next(isType("welcome"));
  return socket;
}

/** A refunds conversation of agentA's going badly: the engine alerts a teammate. */
async function struggle(conversationId: string): Promise<{ helper: string | null; routing: string }> {
  const token = await world.token("admin", ["ingest"]);
  const lines = [
    { role: "customer", text: "My refund never arrived. I already told you twice, this is ridiculous!" },
    {
      role: "agent",
      text: "Sorry, sorry, it's not my fault, billing messed up.",
      author: world.people.agentA.email,
    },
    { role: "customer", text: "You are useless. Why can nobody here give me a straight answer?" },
  ];
  let alertId: string | null = null;
  for (const line of lines) {
    const r = await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId, topic: "refunds", ...line }),
    );
    expect(r.statusCode).toBe(200);
    // The first alert of the conversation: a later reason goes to the same helper as an update
    // ("was already asked to help", b3cfb43), whoever else has tagteam open by then.
    alertId = alertId ?? r.json().results[0].alertId ?? null;
  }
  if (alertId === null) throw new Error("no alert was raised");
  const alert = await findAlertById(world.store, world.orgId, alertId);
  return { helper: alert?.helperPersonId ?? null, routing: alert?.routing ?? "" };
}

describe("presence", () => {
  it("a signed-in page makes its person present until it closes; an API token's socket does not", async () => {
    expect(await presentIds()).toEqual([]);
    const integration = await pageOf({}, `?token=${await world.token("peer2A", ["api"])}`);
    const page = await pageOf({ cookie: await world.cookie("peer2A") });
    await until(async () => (await presentIds()).includes(world.people.peer2A.id));
    // Renewed each heartbeat while the page stays (it answers the pings): past the first mark's
    // three heartbeats, still present.
    for (let i = 0; i < 12; i++) {
      page.send({ type: "pong" });
      integration.send({ type: "pong" });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await presentIds()).toEqual([world.people.peer2A.id]);
    const people = await world.inject({ method: "GET", url: "/api/v1/people", as: "leadA" });
    const shown = people.json().people as { id: string; present: boolean }[];
    expect(shown.filter((p) => p.present).map((p) => p.id)).toEqual([world.people.peer2A.id]);
    page.close();
    await until(async () => (await presentIds()).length === 0);
    integration.close();
  });

  it("routing prefers a teammate who has tagteam open over a stronger one who does not", async () => {
    // Nobody present: the refunds expert (Petra) is best placed.
    const first = await struggle("presence-1");
    expect(first.helper).toBe(world.people.peerA.id);
    expect(first.routing).toMatch(/did not have tagteam open/);
    // Paul has tagteam open, Petra does not: Paul is asked.
    const page = await pageOf({ cookie: await world.cookie("peer2A") });
    await until(async () => (await presentIds()).includes(world.people.peer2A.id));
    const second = await struggle("presence-2");
    expect(second.helper).toBe(world.people.peer2A.id);
    expect(second.routing).toMatch(/^Paul Peer: .*had tagteam open/);
    page.close();
  });

  it("an escalation asks a lead who has tagteam open before one who does not", async () => {
    const created = await world.inject({
      method: "POST",
      url: "/api/v1/people",
      as: "admin",
      payload: {
        email: "zed.lead@example.com",
        name: "Zed Lead",
        role: "lead",
        password: "a long enough password",
        teamIds: [world.teams.a],
      },
    });
    expect(created.statusCode).toBe(201);
    const zed = created.json().person.id as string;
    const escalate = async (conversationId: string) => {
      const token = await world.token("admin", ["ingest"]);
      const r = await world.postMessages(
        token,
        message({ teamId: world.teams.a, conversationId, role: "agent", author: world.people.agentA.email }),
      );
      const id = r.json().results[0].conversationId as string;
      const escalated = await world.inject({
        method: "POST",
        url: `/api/v1/conversations/${id}/escalate`,
        as: "agentA",
        payload: { reason: "The customer asks for a manager" },
      });
      expect(escalated.statusCode).toBe(201);
      return escalated.json().intervention.toId as string;
    };
    // Neither present: Lena, as before.
    expect(await escalate("presence-esc-1")).toBe(world.people.leadA.id);
    const zedPage = await openSocket(wsUrl, {
      cookie: await (async () => {
        const r = await world.app.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: "zed.lead@example.com", password: "a long enough password" },
        });
        return `tagteam_session=${r.cookies.find((c) => c.name === "tagteam_session")?.value ?? ""}`;
      })(),
    });
    await until(async () => (await presentIds()).includes(zed));
    expect(await escalate("presence-esc-2")).toBe(zed);
    zedPage.close();
  });
});
