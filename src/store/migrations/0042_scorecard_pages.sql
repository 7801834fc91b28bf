-- The QA page's list of scorecards, a page at a time (GET /scorecards?limit&after): newest first,
-- then by conversation, role and agent (a card without an agent as the nil uuid), the order
-- listScorecards reads. A team's page (a lead's list), the organisation's (an admin's) and a
-- person's (an agent's own cards) are read in that order from an index and stop at the page's end;
-- without one, each page read and sorted all of the team's or the organisation's cards (33,000 for
-- a team of 40 over 30 days). scorecards_team (org_id, team_id, created_at DESC) is the team
-- index's prefix.
CREATE INDEX scorecards_team_page ON scorecards
  (org_id, team_id, created_at DESC, conversation_id, role,
   (COALESCE(agent_id, '00000000-0000-0000-0000-000000000000'::uuid)));
CREATE INDEX scorecards_org_page ON scorecards
  (org_id, created_at DESC, conversation_id, role,
   (COALESCE(agent_id, '00000000-0000-0000-0000-000000000000'::uuid)));
CREATE INDEX scorecards_agent_page ON scorecards (org_id, agent_id, created_at DESC, conversation_id, role);
DROP INDEX scorecards_team;
