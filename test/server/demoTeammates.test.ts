import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROTOCOL_VERSION,
  type Alert,
  type Commitment,
  type Debrief,
  type Feedback,
  type Intervention,
  type Person,
} from "../../src/protocol/index.ts";
import { startDemoTeammates } from "../../src/cli/demoTeammates.ts";
import { startSimulation } from "../../src/cli/simulator.ts";
import { createDemoCredentials, DEMO_PASSWORD } from "../../src/server/index.ts";
import type { RunningServer } from "../../src/server/main.ts";
import { DEMO_LEAD as LEE, startDemoServer } from "./demoWorkspace.ts";
import { getJson, signIn } from "./spawnServer.ts";
import { isType, openSocket, type TestSocket } from "./wsClient.ts";

/*
 * The live demo's teammates: the demo server (its workspace, the replay through the ingest API)
 * with the demo agents and lead acting on the alerts routed to them, pauses cut to milliseconds. A
 * visitor signed in as Ben and one as Lee (connected pages) are left to handle their alerts,
 * offers and escalations themselves.
 */
const BEN = "ben.agent@demo.tagteam.local";
let running: RunningServer;
let stop: (() => Promise<void>) | undefined;
const visitors: TestSocket[] = [];

beforeAll(async () => {
  // Once the first start has scored the demo's history: the replay's closes (milliseconds apart
  // here, seconds in the real demo) would queue behind it.
  ({ running, stop } = await startDemoServer("demo-teammates"));
}, 300_000);
afterAll(async () => {
  for (const v of visitors) v.close();
  await stop?.();
});

async function until<T>(what: string, check: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the demo's simulated teammates", () => {
  it("step in on replayed conversations through the API, debriefs follow the close, and a present visitor's work is left alone", async () => {
    const url = running.url;
    // The demo workspace comes with weeks of history (its step-ins are dated in the past).
    const startedAt = Date.now();
    const credentials = await createDemoCredentials(running);
    const lead = await signIn(url, LEE, DEMO_PASSWORD);
    const peopleOf = async () =>
      (await getJson<{ people: Person[] }>(`${url}/api/v1/people?teamId=${credentials.teamId}`, lead)).people;
    const people = await peopleOf();
    const idOf = (email: string): string => people.find((p) => p.email === email)?.id ?? "";
    const ben = idOf(BEN);
    const lee = idOf(LEE);
    const demoAgents = people.filter((p) => p.role === "agent").map((p) => p.id);
    const teamInterventions = async () =>
      (
        await getJson<{ interventions: Intervention[] }>(
          `${url}/api/v1/interventions?scope=team&status=all&teamId=${credentials.teamId}`,
          lead,
        )
      ).interventions;
    const teamAlerts = async () =>
      (
        await getJson<{ alerts: Alert[] }>(
          `${url}/api/v1/alerts?scope=team&status=all&teamId=${credentials.teamId}&limit=500`,
          lead,
        )
      ).alerts;
    const errors: unknown[] = [];
    const teammates = startDemoTeammates({
      url,
      teamId: credentials.teamId,
      agents: credentials.agents,
      lead: credentials.lead,
      password: DEMO_PASSWORD,
      pauseMs: [5, 30],
      pollMs: 40,
      onError: (error) => errors.push(error),
    });
    const replay = (total: number) =>
      startSimulation({
        url,
        ...credentials,
        concurrency: 4,
        lineDelayMs: 120,
        total,
        closeAfterMs: 1500,
        handoverOf: teammates.handoverOf,
        onError: (error) => errors.push(error),
      }).done;

    // Nobody has tagteam open: the demo agents and lead are asked, and act.
    await replay(12);
    const stepIns = (await teamInterventions()).filter((i) =>
      ["signal", "whisper", "takeover_offer"].includes(i.kind),
    );
    expect(stepIns.length).toBeGreaterThan(0);
    for (const i of stepIns) {
      expect([...demoAgents, lee]).toContain(i.fromId);
      expect(i.alertId).not.toBeNull();
    }
    // What only a lead can answer (a customer who needs authority) no longer all expires: half the
    // live demo's alerts did, the lead's every one, with nobody signed in as the lead.
    await until("the lead to act on an alert or take an escalation", async () => {
      const acted = (await teamAlerts()).filter(
        (a) =>
          a.helperId === lee &&
          Date.parse(a.raisedAt) >= startedAt &&
          (a.status === "acted_on" || a.status === "dismissed_not_useful"),
      );
      return acted.length > 0 || teammates.counts.escalationsTaken > 0 ? true : null;
    });
    const actedOn = (await teamAlerts()).filter((a) => a.status === "acted_on").map((a) => a.id);
    expect(stepIns.filter((i) => i.alertId !== null && actedOn.includes(i.alertId)).length).toBeGreaterThan(
      0,
    );
    // Closed, the conversations they stepped into get debrief cards (the lead sees the team's).
    await until("a debrief card of a conversation a demo agent stepped into", async () => {
      const { debriefs } = await getJson<{ debriefs: Debrief[] }>(`${url}/api/v1/debriefs`, lead);
      return debriefs.some((d) => stepIns.some((i) => i.conversationId === d.conversationId)) ? true : null;
    });
    // The promises the demo agents made customers: most ticked done (or cancelled) a little later.
    await until("a demo agent to close a promise they made", async () =>
      teammates.counts.commitmentsClosed > 0 ? true : null,
    );
    // Offers made to demo agents were answered (an accepted one makes the helper the agent).
    for (const offer of stepIns.filter((i) => i.kind === "takeover_offer"))
      expect(["accepted", "declined", "withdrawn"]).toContain(offer.status);

    // Visitors sign in as Ben and as Lee and keep their pages open: they are present, so routing
    // asks them first, and the demo does nothing in their names.
    for (const email of [BEN, LEE]) {
      const visitor = await openSocket(`${url.replace("http", "ws")}/api/v1/ws`, {
        cookie: await signIn(url, email, DEMO_PASSWORD),
      });
      visitors.push(visitor);
      visitor.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
      await visitor.next(isType("welcome"));
    }
    await until("Ben and Lee to be present", async () =>
      (await peopleOf()).filter((p) => (p.id === ben || p.id === lee) && p.present).length === 2
        ? true
        : null,
    );
    const bensPromises = async () =>
      (
        await getJson<{ commitments: Commitment[] }>(
          `${url}/api/v1/commitments`,
          await signIn(url, BEN, DEMO_PASSWORD),
        )
      ).commitments;
    // (A close already on its way when Ben arrived lands within a few of the shortened pauses.)
    await new Promise((r) => setTimeout(r, 300));
    const bensOpen = (await bensPromises()).map((c) => c.id);
    const before = new Set((await teamAlerts()).map((a) => a.id));
    const beforeSteps = new Set((await teamInterventions()).map((i) => i.id));
    await replay(8);
    await new Promise((r) => setTimeout(r, 500));
    const bens = (await teamAlerts()).filter((a) => !before.has(a.id) && a.helperId === ben);
    expect(bens.length).toBeGreaterThan(0);
    expect(bens.map((a) => a.status).filter((s) => s !== "raised" && s !== "expired")).toEqual([]);
    const later = (await teamInterventions()).filter((i) => !beforeSteps.has(i.id));
    expect(later.filter((i) => i.fromId === ben || i.fromId === lee)).toEqual([]);
    // Escalations sent to Lee meanwhile wait for the visitor.
    for (const escalation of later.filter((i) => i.kind === "escalation" && i.toId === lee))
      expect(["offered", "withdrawn"]).toContain(escalation.status);
    for (const offer of later.filter((i) => i.kind === "takeover_offer" && i.toId === ben))
      expect(["offered", "withdrawn"]).toContain(offer.status);
    // Ben's promises are his to close while he is here.
    expect((await bensPromises()).map((c) => c.id)).toEqual(expect.arrayContaining(bensOpen));

    await teammates.stop();
    expect(errors).toEqual([]);
    // Every step-in of the demo came from a demo teammate.
    const all = (await teamInterventions()).filter(
      (i) => ["signal", "whisper", "takeover_offer"].includes(i.kind) && Date.parse(i.createdAt) >= startedAt,
    );
    expect(teammates.counts.stepIns).toBe(all.length);
    const bensFeedback = await getJson<{ feedback: Feedback[] }>(
      `${url}/api/v1/feedback?box=sent`,
      await signIn(url, BEN, DEMO_PASSWORD),
    );
    expect(
      bensFeedback.feedback.filter((f) => later.some((i) => i.conversationId === f.conversationId)),
    ).toEqual([]);
  }, 120_000);
});
