-- One-time sign-in links: an admin adds someone without choosing their password (or someone forgot
-- theirs) and sends them a link; whoever opens it chooses their own password and is signed in. Only
-- the token's SHA-256 is stored, as for sessions. A link is good once, until it expires; a newer
-- link for the same person replaces the older ones (they are deleted when it is made).
CREATE TABLE sign_in_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  -- 'invite': a new account without a password yet; 'reset': a new password for an existing one.
  purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX sign_in_links_person ON sign_in_links (org_id, person_id);
