-- Each organisation's own alert webhook (Admin → Integrations, "Where alerts go"): a Slack or
-- Mattermost incoming-webhook address that alerts raised, escalations and incidents are posted to.
-- Such an address is itself a secret (whoever has it can post to the channel), so it is encrypted
-- at rest like the tokens (src/store/secretBox.ts) with the id of its key beside it (NULL: stored
-- unencrypted). Until an organisation sets one, the server's TAGTEAM_ALERT_WEBHOOK_URL serves it.
ALTER TABLE organisation_integrations ADD COLUMN alert_webhook_url text;
ALTER TABLE organisation_integrations ADD COLUMN alert_webhook_url_key_id text;
ALTER TABLE organisation_integrations ADD COLUMN alert_webhook_updated_at timestamptz;
ALTER TABLE organisation_integrations ADD COLUMN alert_webhook_updated_by uuid;
