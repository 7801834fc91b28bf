import type { Principal } from "../auth/principal.ts";
import { forbidden, notFound } from "../errors.ts";
import { canFilterByTeam, canReadTeam, isAdmin, isLeadOf } from "../policies.ts";

/*
 * Who may read what in loop 2 (docs/LOOP2.md, "Privacy"). As everywhere in the server, a thing the
 * caller may not see answers NOT_FOUND, so ids cannot be probed; "lead of a team" includes admins,
 * as in src/server/policies.ts, except where a rule says otherwise.
 *
 * - debrief card: the conversation's debrief participants (agent and helpers) and the team's leads;
 *   only its owner edits it.
 * - feedback: its writer and its receiver only: not their lead, not an admin (enforced in the store).
 * - journal: its author only, whatever anyone's role (enforced in the store).
 * - scorecard: the conversation's agent and the team's leads; leads review.
 * - insight: drafts to their author and the team's leads; published ones to the team; leads review.
 * - knowledge gaps: the team's leads (the KB owners) and admins.
 * - exports: leads (their teams, redacted) and admins (unredacted on request, audited).
 * - follow-ups (commitments): read by the agent and the leads of a team the agent is in; marked done
 *   or cancelled by the person who owes it, a lead of its conversation's team, or an admin.
 */

export function canReadDebrief(
  p: Principal,
  card: { teamId: string; orgId: string },
  participants: readonly string[],
): boolean {
  return card.orgId === p.orgId && (participants.includes(p.personId) || isLeadOf(p, card.teamId));
}

export function canReadScorecard(p: Principal, card: { teamId: string; agentId: string | null }): boolean {
  return isLeadOf(p, card.teamId) || (card.agentId !== null && card.agentId === p.personId);
}

export function canReadInsight(
  p: Principal,
  insight: { teamId: string; status: string; createdBy: string | null },
): boolean {
  if (!canReadTeam(p, insight.teamId)) return false;
  return insight.status === "published" || isLeadOf(p, insight.teamId) || insight.createdBy === p.personId;
}

/** The teams whose knowledge gaps, calibration and exports the caller may see (undefined = all, admins). */
export function ledTeams(p: Principal, teamId: string | undefined): string[] | undefined {
  if (teamId !== undefined) {
    if (!canFilterByTeam(p, teamId)) throw notFound("team");
    if (!isLeadOf(p, teamId)) throw forbidden("Only a lead of this team may see this");
    return [teamId];
  }
  if (isAdmin(p)) return undefined;
  if (p.role !== "lead") throw forbidden("Only leads and admins may see this");
  return p.teamIds;
}

/** May mark a promise to a customer done or cancel it: whoever owes it, a lead of its conversation's team, an admin. */
export function canCloseCommitment(
  p: Principal,
  commitment: { orgId: string; personId: string | null },
  conversationTeamId: string,
): boolean {
  return (
    commitment.orgId === p.orgId &&
    ((commitment.personId !== null && commitment.personId === p.personId) || isLeadOf(p, conversationTeamId))
  );
}
