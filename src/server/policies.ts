import { isUuid } from "../store/rows.ts";
import type { Principal } from "./auth/principal.ts";
import { forbidden, notFound } from "./errors.ts";

/*
 * Authorization, one function per question, used by every route before its command runs.
 * Teams are the scope: agents and leads see their own teams; admins see the whole organisation.
 * A resource in another team answers NOT_FOUND (not FORBIDDEN), so ids cannot be probed.
 */

export const isAdmin = (p: Principal): boolean => p.role === "admin";

/** May read the team's floor, conversations, alerts, people. */
export function canReadTeam(p: Principal, teamId: string): boolean {
  return isAdmin(p) || p.teamIds.includes(teamId);
}

/**
 * May read the team a list is filtered by (`?teamId=`). Every team id is a uuid: anything else
 * names no team, for an admin too (it reached the store and came back a 500, "invalid input
 * syntax for type uuid").
 */
export function canFilterByTeam(p: Principal, teamId: string): boolean {
  return isUuid(teamId) && canReadTeam(p, teamId);
}

/** Leads of the team (and admins) may run its escalation queue and see every alert in it. */
export function isLeadOf(p: Principal, teamId: string): boolean {
  return isAdmin(p) || (p.role === "lead" && p.teamIds.includes(teamId));
}

/** Throws NOT_FOUND unless the principal may read a resource of `teamId` in `orgId`. */
export function assertReadable(
  p: Principal,
  resource: { orgId: string; teamId: string },
  what: string,
): void {
  if (resource.orgId !== p.orgId || !canReadTeam(p, resource.teamId)) throw notFound(what);
}

/** Throws FORBIDDEN unless the principal is an admin (people, tokens, knowledge, protocols). */
export function assertAdmin(p: Principal): void {
  if (!isAdmin(p)) throw forbidden("Only an admin may do this");
}

/** Throws FORBIDDEN unless the principal leads the team (or is an admin). */
export function assertLead(p: Principal, teamId: string): void {
  if (!isLeadOf(p, teamId)) throw forbidden("Only a lead of this team may do this");
}

/** Ingest writes into a team: the caller must belong to it (or be an admin). */
export function assertCanIngest(p: Principal, teamId: string): void {
  if (!canReadTeam(p, teamId)) throw forbidden(`You may not post into team ${teamId}`);
}

/** The teams a list may cover: the requested one if allowed, else all the caller's teams (undefined = all). */
export function scopeTeams(p: Principal, teamId: string | undefined): string[] | undefined {
  if (teamId !== undefined) {
    if (!canFilterByTeam(p, teamId)) throw notFound("team");
    return [teamId];
  }
  return isAdmin(p) ? undefined : p.teamIds;
}
