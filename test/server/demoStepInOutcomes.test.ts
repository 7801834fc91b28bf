import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Alert, Intervention, Message, NumbersResponse, Person } from "../../src/protocol/index.ts";
import { decideOnAlert, startDemoTeammates, type PauseRange } from "../../src/cli/demoTeammates.ts";
import { startSimulation } from "../../src/cli/simulator.ts";
import { createDemoCredentials, DEMO_PASSWORD } from "../../src/server/index.ts";
import type { RunningServer } from "../../src/server/main.ts";
import { DEMO_LEAD as LEE, startDemoServer } from "./demoWorkspace.ts";
import { getJson, signIn } from "./spawnServer.ts";

/*
 * The live demo's step-ins have an outcome: a replayed conversation that a demo agent stepped into
 * goes on (the agent acts on the whisper, or the helper takes over) and its customer answers, so
 * the team's Numbers say whether they recovered instead of "too early to tell" (the scripts used
 * to end on the line that raised the alert, before anyone could help).
 */
let running: RunningServer;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ running, stop } = await startDemoServer("demo-outcomes"));
}, 300_000);
afterAll(async () => {
  await stop?.();
});

describe("the live demo's step-ins", () => {
  it("are followed by the customer's answers, so the team's numbers tell whether they recovered", async () => {
    const url = running.url;
    const since = new Date().toISOString();
    const credentials = await createDemoCredentials(running);
    const lead = await signIn(url, LEE, DEMO_PASSWORD);
    const errors: unknown[] = [];
    const pauseMs: PauseRange = [5, 30];
    const teammates = startDemoTeammates({
      url,
      teamId: credentials.teamId,
      agents: credentials.agents,
      password: DEMO_PASSWORD,
      pauseMs,
      pollMs: 40,
      onError: (error) => errors.push(error),
    });
    const { people } = await getJson<{ people: Person[] }>(
      `${url}/api/v1/people?teamId=${credentials.teamId}`,
      lead,
    );
    const demoAgents = new Set(people.filter((p) => credentials.agents.includes(p.email)).map((p) => p.id));
    /**
     * Whether the teammates may still step into a conversation: an open alert there for a demo agent
     * who will act on it (any decision but leaving it), or a takeover offer not yet answered.
     */
    const stillDeciding = async (conversationId: string): Promise<boolean> => {
      const team = `scope=team&status=active&teamId=${credentials.teamId}`;
      const { alerts } = await getJson<{ alerts: Alert[] }>(`${url}/api/v1/alerts?${team}`, lead);
      const acting = alerts.some(
        (a) =>
          a.conversationId === conversationId &&
          a.helperId !== null &&
          demoAgents.has(a.helperId) &&
          decideOnAlert(a, pauseMs).action.kind !== "leave",
      );
      if (acting) return true;
      const { interventions } = await getJson<{ interventions: Intervention[] }>(
        `${url}/api/v1/interventions?${team}&kind=takeover_offer`,
        lead,
      );
      return interventions.some((i) => i.conversationId === conversationId && i.status === "offered");
    };
    /**
     * The replay asks whether someone stepped in before each agent line and once its lines are over.
     * It answers once the teammates have done what they will: on a loaded machine their reading and
     * acting takes seconds, and a replay that waited a fixed time found no step-in at all.
     */
    const stepInOf = async (conversationId: string, agent: string) => {
      const until = Date.now() + 60_000;
      while (Date.now() < until && (await stillDeciding(conversationId)))
        await new Promise((resolve) => setTimeout(resolve, 100));
      return teammates.stepInOf(conversationId, agent);
    };
    // One round of the demo's scripts.
    await startSimulation({
      url,
      ...credentials,
      concurrency: 8,
      lineDelayMs: 150,
      total: 16,
      closeAfterMs: 300,
      handoverOf: teammates.handoverOf,
      stepInOf,
      stepInWaitMs: 5_000,
      onError: (error) => errors.push(error),
    }).done;
    await teammates.stop();
    expect(errors).toEqual([]);

    const { interventions } = await getJson<{ interventions: Intervention[] }>(
      `${url}/api/v1/interventions?scope=team&status=all&teamId=${credentials.teamId}`,
      lead,
    );
    const firstStepIns = new Map<string, Intervention>();
    for (const i of interventions) {
      const counts =
        i.kind === "signal" ||
        i.kind === "whisper" ||
        (i.kind === "takeover_offer" && i.status === "accepted");
      if (counts && Date.parse(i.createdAt) >= Date.parse(since) && !firstStepIns.has(i.conversationId))
        firstStepIns.set(i.conversationId, i);
    }
    expect(firstStepIns.size).toBeGreaterThan(0);
    // Each conversation someone stepped into has customer lines after the step-in.
    for (const [conversationId, stepIn] of firstStepIns) {
      const { messages } = (
        await getJson<{ conversation: { messages: Message[] } }>(
          `${url}/api/v1/conversations/${conversationId}`,
          lead,
        )
      ).conversation;
      const after = messages.filter(
        (m) => m.role === "customer" && Date.parse(m.at) > Date.parse(stepIn.createdAt),
      );
      expect(after.length, `customer lines after the ${stepIn.kind} in ${conversationId}`).toBeGreaterThan(0);
    }
    const numbers = await getJson<NumbersResponse>(
      `${url}/api/v1/numbers?teamId=${credentials.teamId}&since=${encodeURIComponent(since)}`,
      lead,
    );
    expect(numbers.total.stepIns.total).toBe(firstStepIns.size);
    expect(numbers.total.stepIns.tooEarly).toBe(0);
    expect(numbers.total.stepIns.recovered).toBeGreaterThan(0);
  }, 240_000);

  it("are not left open when the demo stops: the replay closes the chats it was in the middle of (an unanswered e-mail waits in the inbox)", async () => {
    const url = running.url;
    const credentials = await createDemoCredentials(running);
    const lead = await signIn(url, LEE, DEMO_PASSWORD);
    const posted = new Set<string>();
    let allStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => (allStarted = resolve));
    const errors: unknown[] = [];
    const replay = startSimulation({
      url,
      ...credentials,
      concurrency: 3,
      // Each conversation posts its first line, then pauses far longer than the test.
      lineDelayMs: 600_000,
      total: Number.POSITIVE_INFINITY,
      closeAfterMs: 600_000,
      onPosted: (r) => {
        posted.add(r.conversationId);
        if (posted.size === 3) allStarted();
      },
      onError: (error) => errors.push(error),
    });
    await started;
    await replay.stop();
    expect(errors).toEqual([]);
    const channels: string[] = [];
    for (const id of posted) {
      const { conversation } = await getJson<{ conversation: { status: string; channel: string } }>(
        `${url}/api/v1/conversations/${id}`,
        lead,
      );
      channels.push(conversation.channel);
      // Each has its customer's first line only: a chat is over, an e-mail waits for its answer.
      expect(conversation.status, id).toBe(conversation.channel === "email" ? "open" : "closed");
    }
    expect(channels).toContain("chat");
  }, 60_000);
});
