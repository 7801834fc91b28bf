-- An offer or escalation nobody answered before its conversation ended is withdrawn: it no longer
-- waits for an answer, and history says why rather than "offered" for ever. Those already left
-- waiting on closed conversations are withdrawn as of the close.
ALTER TABLE interventions DROP CONSTRAINT interventions_state_check;
ALTER TABLE interventions ADD CONSTRAINT interventions_state_check
  CHECK (state IN ('offered', 'accepted', 'declined', 'done', 'withdrawn'));
UPDATE interventions i
   SET state = 'withdrawn',
       decided_at = COALESCE(c.closed_at, now()),
       updated_at = COALESCE(c.closed_at, now())
  FROM conversations c
 WHERE c.org_id = i.org_id AND c.id = i.conversation_id
   AND c.status = 'closed' AND i.state = 'offered';
