-- Live pair drills (loop 3, role-play drills): a teammate plays the customer, seeing the persona
-- and the real customer's lines as prompts, while the trainee plays the agent; the next drill swaps
-- them. Part of 0030 (the drills' number); a separate file because 0030_practice was already applied
-- where it ran, and an applied migration is never edited.
ALTER TABLE practice_sessions ADD COLUMN mode text NOT NULL DEFAULT 'solo' CHECK (mode IN ('solo', 'pair'));
ALTER TABLE practice_sessions ADD COLUMN customer_player_id uuid;
ALTER TABLE practice_sessions ADD CONSTRAINT practice_sessions_pair_players
  CHECK ((mode = 'pair') = (customer_player_id IS NOT NULL) AND customer_player_id IS DISTINCT FROM trainee_id);
ALTER TABLE practice_sessions ADD CONSTRAINT practice_sessions_customer_player
  FOREIGN KEY (org_id, customer_player_id) REFERENCES people (org_id, id) ON DELETE CASCADE;
CREATE INDEX practice_sessions_customer_player ON practice_sessions (org_id, customer_player_id, created_at DESC)
  WHERE customer_player_id IS NOT NULL;
