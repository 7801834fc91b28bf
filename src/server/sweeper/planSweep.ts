import { DEFAULT_ESCALATION_CONFIG, type EscalationConfig } from "../live/escalation.ts";

export type EscalationLevel = EscalationConfig["levels"][number];

/** An escalation still waiting for a supervisor, as the planner needs it. */
export interface PendingEscalation {
  id: string;
  orgId: string;
  teamId: string;
  /** Index into the team's protocol levels. */
  level: number;
  /** When the current level was asked (epoch ms). */
  levelStartedAt: number;
  /** Who the current level asked; null when it found nobody (a team with no lead, say). */
  toPersonId: string | null;
}

/** An alert nobody acknowledged yet. */
export interface PendingAlert {
  id: string;
  orgId: string;
  raisedAt: number;
}

export type SweepAction =
  | {
      kind: "advance_escalation";
      escalationId: string;
      orgId: string;
      teamId: string;
      fromLevel: number;
      toLevel: number;
      /** Who the next level asks (the protocol's words: leads, one person, admins). */
      next: EscalationLevel;
    }
  | { kind: "expire_alert"; alertId: string; orgId: string };

/**
 * What the sweeper must do at `now`: move each escalation whose current level's time to
 * acknowledge has run out to the protocol's next level (one level per sweep; the last level stays
 * put) — at once when its level found nobody to ask, since no one can acknowledge it there — and expire each alert nobody acknowledged within `alertExpiryMs`. Pure: the clock and the
 * store stay at the edge (runSweep).
 */
export function planSweep(input: {
  escalations: readonly PendingEscalation[];
  /** Team id → protocol; a team without one follows DEFAULT_ESCALATION_CONFIG. */
  protocols: ReadonlyMap<string, EscalationConfig>;
  alerts: readonly PendingAlert[];
  now: number;
  alertExpiryMs: number;
}): SweepAction[] {
  const actions: SweepAction[] = [];
  for (const e of input.escalations) {
    const levels = (input.protocols.get(e.teamId) ?? DEFAULT_ESCALATION_CONFIG).levels;
    const current = levels[Math.min(e.level, levels.length - 1)];
    const next = levels[e.level + 1];
    if (current === undefined || next === undefined) continue;
    if (e.toPersonId !== null && input.now - e.levelStartedAt < current.acknowledgeWithinMs) continue;
    actions.push({
      kind: "advance_escalation",
      escalationId: e.id,
      orgId: e.orgId,
      teamId: e.teamId,
      fromLevel: e.level,
      toLevel: e.level + 1,
      next,
    });
  }
  for (const a of input.alerts) {
    if (input.now - a.raisedAt >= input.alertExpiryMs) {
      actions.push({ kind: "expire_alert", alertId: a.id, orgId: a.orgId });
    }
  }
  return actions;
}
