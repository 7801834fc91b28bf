-- What a person needs to recognise a session on the Account page ("Where you're signed in"): the
-- browser's user agent (cut to 512 characters) and the client address at sign-in. Both are null
-- for sessions made before this migration, and for a client that sent no user agent.
ALTER TABLE sessions ADD COLUMN user_agent text;
ALTER TABLE sessions ADD COLUMN ip text;
