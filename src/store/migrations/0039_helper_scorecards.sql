-- A teammate who handled part of a conversation (they took it over, received it by warm transfer,
-- or wrote to the customer) gets a scorecard of their own for their part, beside the agent's. Their
-- lines counted for nobody's card: the agent's card leaves them out since it scores the agent's
-- part only. `role` tells the two apart: one 'agent' card per conversation (the one the processor
-- and its startup sweep read, as before), and at most one 'helper' card per teammate.
ALTER TABLE scorecards
  ADD COLUMN role text NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'helper'));
ALTER TABLE scorecards DROP CONSTRAINT scorecards_pkey;
CREATE UNIQUE INDEX scorecards_agent_card ON scorecards (conversation_id) WHERE role = 'agent';
CREATE UNIQUE INDEX scorecards_helper_card ON scorecards (conversation_id, agent_id) WHERE role = 'helper';
-- Every card of a conversation, for reads and for the foreign key's checks when it is erased.
CREATE INDEX scorecards_conversation ON scorecards (conversation_id);
