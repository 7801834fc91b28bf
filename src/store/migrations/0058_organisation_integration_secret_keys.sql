-- Organisations' Chatwoot tokens and reply webhook secrets encrypted at rest (AES-256-GCM under the
-- operator's TAGTEAM_SECRETS_KEY; src/store/secretBox.ts). Beside each, the id of the key that
-- encrypted it; NULL: stored unencrypted (every one saved before this migration, and every one
-- saved while no key is set). Nothing is rewritten here: the server encrypts the unencrypted ones
-- (and those under an old key) with its key when it starts with one.
ALTER TABLE organisation_integrations ADD COLUMN chatwoot_api_token_key_id text;
ALTER TABLE organisation_integrations ADD COLUMN reply_webhook_secret_key_id text;
