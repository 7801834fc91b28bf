-- An agent contests a QA score: the person a scorecard scores disputes one item (item null: the
-- whole card) with a short reason, and a lead of the card's team resolves it, keeping the score
-- ('upheld') or changing it ('changed', the card's override then holds the new score). The scored
-- agent had no say when the engine missed their words ("no empathy" after "I'm so sorry, that is
-- a long wait"). One open dispute per item of a card (and one for the whole card).
CREATE TABLE scorecard_disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  -- The person the disputed card scores: its agent, or (card_role 'helper') the teammate.
  person_id uuid NOT NULL,
  card_role text NOT NULL CHECK (card_role IN ('agent', 'helper')),
  item text CHECK (item IN ('empathy', 'active_listening', 'accuracy', 'ownership', 'clear_next_steps', 'habits')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  -- The item's score (the card's overall for a whole-card dispute) when it was disputed.
  disputed_score real,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'changed')),
  resolution_note text CHECK (length(resolution_note) BETWEEN 1 AND 1000),
  -- { item: score } the lead set when the dispute changed the card.
  changed_scores jsonb,
  resolved_by uuid,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'open') = (resolved_at IS NULL)),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, resolved_by) REFERENCES people (org_id, id)
);
CREATE UNIQUE INDEX scorecard_disputes_open ON scorecard_disputes
  (conversation_id, person_id, COALESCE(item, '*')) WHERE status = 'open';
-- A lead's queue (a team's open disputes, oldest first) and a card's disputes.
CREATE INDEX scorecard_disputes_team ON scorecard_disputes (org_id, team_id, status, created_at);
CREATE INDEX scorecard_disputes_card ON scorecard_disputes (conversation_id, person_id);
