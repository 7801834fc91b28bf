-- Where a conversation came from, so a teammate's reply can be sent back the way the customer
-- wrote in: 'chat' (tagteam's own chat widget; the customer reads replies there), 'chatwoot' (the
-- Chatwoot webhook; replies are posted back to Chatwoot), 'api' (a helpdesk or script posting to
-- POST /messages or the generic webhook; replies go out only through the reply webhook) and
-- 'import' (a transcript imported in bulk: there is no customer waiting to read a reply).
-- Existing rows are told apart by what each origin already left: the built-in chat's customer
-- token, Chatwoot's external id, and an import's first message id (`import:<id>:0`).
ALTER TABLE conversations
  ADD COLUMN origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('chat', 'api', 'chatwoot', 'import'));
UPDATE conversations SET origin = 'chat' WHERE customer_token_hash IS NOT NULL;
UPDATE conversations SET origin = 'chatwoot'
  WHERE customer_token_hash IS NULL AND external_id LIKE 'chatwoot:%';
UPDATE conversations c SET origin = 'import'
  WHERE c.customer_token_hash IS NULL AND c.external_id IS NOT NULL AND c.external_id NOT LIKE 'chatwoot:%'
    AND EXISTS (SELECT 1 FROM messages m WHERE m.org_id = c.org_id AND m.external_id = 'import:' || c.external_id || ':0');

-- A reply typed in tagteam to a conversation that came from Chatwoot or a helpdesk, and whether it
-- reached the customer's side: 'waiting' until the delivery loop has posted it, 'sent' once the
-- receiver took it, 'failed' when it became a dead letter (error says why). via: 'chatwoot' or
-- 'webhook'. Built-in chat replies have no row: the widget reads them from the transcript.
CREATE TABLE reply_deliveries (
  message_id uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  via text NOT NULL CHECK (via IN ('chatwoot', 'webhook')),
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sent', 'failed')),
  error text,
  -- The receiver's id for the posted message (Chatwoot's `chatwoot:<account>:<message id>`): its
  -- webhook echoes our reply back as an outgoing message, which ingest then leaves alone.
  external_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
CREATE INDEX reply_deliveries_conversation ON reply_deliveries (org_id, conversation_id);
CREATE UNIQUE INDEX reply_deliveries_external ON reply_deliveries (org_id, external_id) WHERE external_id IS NOT NULL;
