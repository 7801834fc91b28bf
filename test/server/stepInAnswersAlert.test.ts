/**
 * Another teammate's step-in answers an alert only at the alert's rung or above. Walking loop 1:
 * Lee was asked to correct Ana's wrong refund time (a whisper); Ben, looking at the conversation,
 * signalled "I'm here" — the conversation page sends the open alert with it — and Lee's alert was
 * closed as acted on: it left his Alerts page and nobody corrected the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, wrongReturnWindow, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function wrongAnswer(key: string) {
  const { conversationId, alertId } = await wrongReturnWindow(world, key);
  const alert = (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })).json()
    .alert as { helperId: string; rung: string };
  expect(alert.rung).toBe("whisper");
  const other = (["peerA", "peer2A"] as const).find((k) => world.people[k].id !== alert.helperId)!;
  const helper = (Object.keys(world.people) as (keyof World["people"])[]).find(
    (k) => world.people[k].id === alert.helperId,
  )!;
  return { conversationId, alertId, other, helper };
}

const statusOf = async (alertId: string) =>
  (
    (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })).json().alert as {
      status: string;
    }
  ).status;

describe("a step-in sent with a conversation's open alert", () => {
  it("by another teammate, below the alert's rung, leaves it with its helper; at its rung, answers it", async () => {
    const { conversationId, alertId, other } = await wrongAnswer("answers-alert-other");
    const signal = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: other,
      payload: { kind: "signal", alertId },
    });
    expect(signal.statusCode, signal.body).toBe(201);
    expect(await statusOf(alertId)).toBe("raised");
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: other,
      payload: { kind: "whisper", alertId, text: "Returns are 30 days: correct it." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    expect(await statusOf(alertId)).toBe("acted_on");
  });

  it("by the helper asked, answers it whatever the rung they chose", async () => {
    const { conversationId, alertId, helper } = await wrongAnswer("answers-alert-helper");
    const signal = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: helper,
      payload: { kind: "signal", alertId },
    });
    expect(signal.statusCode, signal.body).toBe(201);
    expect(await statusOf(alertId)).toBe("acted_on");
  });
});
