-- Escalation follow-up: which level of the team's protocol an open escalation has reached, and
-- since when (NULL: since it was created), so a sweeper can move it on when nobody acknowledges.
ALTER TABLE interventions ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;
ALTER TABLE interventions ADD COLUMN level_started_at timestamptz;
CREATE INDEX interventions_open_escalations ON interventions (created_at)
  WHERE kind = 'escalation' AND state = 'offered';
-- Time-based alert expiry reads raised (never acknowledged) alerts by age.
CREATE INDEX alerts_raised_age ON alerts (raised_at) WHERE state = 'raised';
