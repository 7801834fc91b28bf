-- The huddle reads a team's conversations of a day (src/store/huddles.ts, windowConversationsSql):
-- the open ones by the floor's index, and those closed since the day began by these, instead of
-- every conversation the team ever had; the check-in reads the reader's own the same way. Neither
-- holds last_message_at, which every ingest group rewrites (that update stays HOT, migration 0007):
-- a conversation is closed once, and closing it changes its status, which an index already holds.
CREATE INDEX conversations_team_closed ON conversations (org_id, team_id, closed_at) WHERE status = 'closed';
CREATE INDEX conversations_agent_closed ON conversations (org_id, assigned_person_id, closed_at)
  WHERE status = 'closed';
