import { readBoolean, readNumber } from "./rows.ts";
import type { Queryable } from "./types.ts";

/**
 * How far an organisation has got in setting tagteam up, from what is stored: teams, people in
 * them, whether any conversation has arrived, published knowledge, and teams still on the default
 * escalation protocol. One statement of counts; each is bounded by an index on org_id.
 */
export interface SetupProgressRecord {
  teams: number;
  /** Active agents who belong to at least one team. */
  agentsInTeams: number;
  /** Active leads who belong to at least one team. */
  leadsInTeams: number;
  /** Whether any conversation has ever arrived (any channel). */
  hasConversations: boolean;
  /** API tokens not revoked (a helpdesk or script can post conversations with one). */
  activeTokens: number;
  /** Published knowledge facts (drafts are not checked against). */
  publishedFacts: number;
  /** Teams without a saved escalation protocol (they use the default). */
  teamsOnDefaultProtocol: number;
}

export async function getSetupProgress(db: Queryable, orgId: string): Promise<SetupProgressRecord> {
  const [row] = await db.query(
    `SELECT
       (SELECT count(*) FROM teams WHERE org_id = $1)::int AS teams,
       (SELECT count(*) FROM people p
         WHERE p.org_id = $1 AND p.role = 'agent' AND p.deactivated_at IS NULL
           AND EXISTS (SELECT 1 FROM team_memberships m WHERE m.org_id = p.org_id AND m.person_id = p.id))::int
         AS agents_in_teams,
       (SELECT count(*) FROM people p
         WHERE p.org_id = $1 AND p.role = 'lead' AND p.deactivated_at IS NULL
           AND EXISTS (SELECT 1 FROM team_memberships m WHERE m.org_id = p.org_id AND m.person_id = p.id))::int
         AS leads_in_teams,
       EXISTS (SELECT 1 FROM conversations WHERE org_id = $1) AS has_conversations,
       (SELECT count(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL)::int AS active_tokens,
       (SELECT count(*) FROM knowledge_facts WHERE org_id = $1 AND status = 'published')::int AS published_facts,
       (SELECT count(*) FROM teams t
         WHERE t.org_id = $1
           AND NOT EXISTS (SELECT 1 FROM escalation_protocols e WHERE e.org_id = t.org_id AND e.team_id = t.id))::int
         AS teams_on_default_protocol`,
    [orgId],
  );
  if (row === undefined) throw new Error("setup progress: the query returned no row");
  return {
    teams: readNumber(row, "teams"),
    agentsInTeams: readNumber(row, "agents_in_teams"),
    leadsInTeams: readNumber(row, "leads_in_teams"),
    hasConversations: readBoolean(row, "has_conversations"),
    activeTokens: readNumber(row, "active_tokens"),
    publishedFacts: readNumber(row, "published_facts"),
    teamsOnDefaultProtocol: readNumber(row, "teams_on_default_protocol"),
  };
}
