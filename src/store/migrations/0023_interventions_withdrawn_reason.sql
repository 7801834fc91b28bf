-- Why a step-in was withdrawn: its conversation ended (the only reason before this migration), or
-- the person it waited on (or who offered it) was deactivated. History and the audit log say which.
ALTER TABLE interventions ADD COLUMN withdrawn_reason text
  CHECK (withdrawn_reason IN ('conversation_closed', 'person_deactivated'));
UPDATE interventions SET withdrawn_reason = 'conversation_closed' WHERE state = 'withdrawn';
