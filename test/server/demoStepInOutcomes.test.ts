import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Intervention, Message, NumbersResponse } from "../../src/protocol/index.ts";
import { startDemoTeammates } from "../../src/cli/demoTeammates.ts";
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
    const teammates = startDemoTeammates({
      url,
      teamId: credentials.teamId,
      agents: credentials.agents,
      password: DEMO_PASSWORD,
      pauseMs: [5, 30],
      pollMs: 40,
      onError: (error) => errors.push(error),
    });
    // One round of the demo's scripts.
    await startSimulation({
      url,
      ...credentials,
      concurrency: 8,
      lineDelayMs: 150,
      total: 16,
      closeAfterMs: 300,
      handoverOf: teammates.handoverOf,
      stepInOf: teammates.stepInOf,
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
  }, 120_000);

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
