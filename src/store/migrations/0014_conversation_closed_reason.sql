-- Why a conversation was closed: a teammate in the app, the sender (a helpdesk or the API, e.g.
-- Chatwoot resolving it), or the idle sweep. Cleared when a customer's message reopens it. Before
-- this migration only a teammate could close a conversation, so those already closed say so.
ALTER TABLE conversations ADD COLUMN closed_reason text
  CHECK (closed_reason IN ('teammate', 'sender', 'idle'));
UPDATE conversations SET closed_reason = 'teammate' WHERE status = 'closed';
