import { describe, expect, it } from "vitest";
import type { EscalationConfig } from "../live/escalation.ts";
import { planSweep, type PendingEscalation } from "./planSweep.ts";

const MINUTE_MS = 60_000;
const protocol: EscalationConfig = {
  autoEscalate: true,
  levels: [
    { target: "lead", personId: null, acknowledgeWithinMs: 5 * MINUTE_MS },
    { target: "person", personId: "p-duty", acknowledgeWithinMs: 10 * MINUTE_MS },
    { target: "admin", personId: null, acknowledgeWithinMs: 10 * MINUTE_MS },
  ],
};
const protocols = new Map([["team-a", protocol]]);
const escalation = (over: Partial<PendingEscalation> = {}): PendingEscalation => ({
  id: "e1",
  orgId: "o1",
  teamId: "team-a",
  level: 0,
  levelStartedAt: 0,
  toPersonId: "p-lead",
  ...over,
});
const plan = (escalations: PendingEscalation[], now: number) =>
  planSweep({ escalations, protocols, alerts: [], now, alertExpiryMs: 15 * MINUTE_MS });

describe("planSweep: escalation follow-up", () => {
  it("leaves an escalation alone while its level still has time", () => {
    expect(plan([escalation()], 5 * MINUTE_MS - 1)).toEqual([]);
  });

  it("moves an unacknowledged escalation to the next level once the level's time is up", () => {
    expect(plan([escalation()], 5 * MINUTE_MS)).toEqual([
      {
        kind: "advance_escalation",
        escalationId: "e1",
        orgId: "o1",
        teamId: "team-a",
        fromLevel: 0,
        toLevel: 1,
        next: protocol.levels[1],
      },
    ]);
  });

  it("counts each level's time from when that level was asked, one level per sweep", () => {
    const atLevel1 = escalation({ level: 1, levelStartedAt: 5 * MINUTE_MS });
    expect(plan([atLevel1], 14 * MINUTE_MS)).toEqual([]);
    expect(plan([atLevel1], 15 * MINUTE_MS)).toMatchObject([
      { fromLevel: 1, toLevel: 2, next: { target: "admin" } },
    ]);
  });

  it("moves on at once from a level that found nobody to ask (a team with no lead)", () => {
    expect(plan([escalation({ toPersonId: null })], 1)).toMatchObject([
      { fromLevel: 0, toLevel: 1, next: { target: "person" } },
    ]);
    // Nobody at the last level either: it stays there (the escalation queue still lists it).
    expect(plan([escalation({ level: 2, toPersonId: null })], 1)).toEqual([]);
  });

  it("stops at the last level", () => {
    expect(plan([escalation({ level: 2, levelStartedAt: 0 })], 1000 * MINUTE_MS)).toEqual([]);
  });

  it("uses the default protocol (leads, then admins) for a team without one", () => {
    const actions = plan([escalation({ teamId: "team-b" })], 5 * MINUTE_MS);
    expect(actions).toMatchObject([{ toLevel: 1, next: { target: "admin" } }]);
  });
});

describe("planSweep: alert expiry", () => {
  it("expires alerts nobody acknowledged within the expiry time, and no others", () => {
    const actions = planSweep({
      escalations: [],
      protocols,
      alerts: [
        { id: "old", orgId: "o1", raisedAt: 0 },
        { id: "young", orgId: "o1", raisedAt: 1 },
      ],
      now: 15 * MINUTE_MS,
      alertExpiryMs: 15 * MINUTE_MS,
    });
    expect(actions).toEqual([{ kind: "expire_alert", alertId: "old", orgId: "o1" }]);
  });
});
