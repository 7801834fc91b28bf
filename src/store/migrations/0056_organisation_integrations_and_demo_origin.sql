-- Each organisation's own outlets for replies and whispers: its Chatwoot (base URL and a Chatwoot
-- user's access token) and its reply webhook (URL and the secret tagteam signs with, which tagteam
-- generated). Until an organisation sets one, the server-wide TAGTEAM_CHATWOOT_* and
-- TAGTEAM_REPLY_WEBHOOK_* settings serve it. The token and the secret are read only by the delivery
-- loops: no route returns them (only their last four characters, when changed and by whom).
CREATE TABLE organisation_integrations (
  org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  chatwoot_url text,
  chatwoot_api_token text,
  chatwoot_updated_at timestamptz,
  chatwoot_updated_by uuid,
  reply_webhook_url text,
  reply_webhook_secret text,
  reply_webhook_updated_at timestamptz,
  reply_webhook_updated_by uuid,
  CHECK ((chatwoot_url IS NULL) = (chatwoot_api_token IS NULL)),
  CHECK ((reply_webhook_url IS NULL) = (reply_webhook_secret IS NULL))
);

-- The live demo's replayed conversations get their own origin, 'demo', rather than being told
-- apart by their `sim-` ids. Existing ones are the API conversations with such an id.
ALTER TABLE conversations DROP CONSTRAINT conversations_origin_check;
ALTER TABLE conversations
  ADD CONSTRAINT conversations_origin_check CHECK (origin IN ('chat', 'api', 'chatwoot', 'import', 'demo'));
UPDATE conversations SET origin = 'demo' WHERE origin = 'api' AND external_id LIKE 'sim-%';
