-- The QA page's list of scorecards, a page at a time, is read by the close each card covers, newest
-- first (when not known, by when it was scored: COALESCE(scored_close_at, created_at), the order
-- listScorecards reads), then by conversation, role and agent (a card without an agent as the nil
-- uuid). By scoring time (migration 0042's indexes), a history imported or scored at once listed
-- its cards in whatever order they were scored, their close times out of order. These replace
-- 0042's page indexes, with the same leading columns for the queries that filter by team or agent.
CREATE INDEX scorecards_team_close_page ON scorecards
  (org_id, team_id, (COALESCE(scored_close_at, created_at)) DESC, conversation_id, role,
   (COALESCE(agent_id, '00000000-0000-0000-0000-000000000000'::uuid)));
CREATE INDEX scorecards_org_close_page ON scorecards
  (org_id, (COALESCE(scored_close_at, created_at)) DESC, conversation_id, role,
   (COALESCE(agent_id, '00000000-0000-0000-0000-000000000000'::uuid)));
CREATE INDEX scorecards_agent_close_page ON scorecards
  (org_id, agent_id, (COALESCE(scored_close_at, created_at)) DESC, conversation_id, role);
DROP INDEX scorecards_team_page;
DROP INDEX scorecards_org_page;
DROP INDEX scorecards_agent_page;
