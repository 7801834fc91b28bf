-- The domain schema. Valid on PostgreSQL 15 and PGlite (PostgreSQL 18): no features newer than 15.
-- Every table carries org_id; repositories filter every read on it. Check constraints hold the
-- literal unions the TypeScript records use, so a bad value fails here as well as at the edge.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid GENERATED ALWAYS AS (id) STORED,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name),
  UNIQUE (org_id, id)
);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('agent', 'lead', 'admin')),
  password_hash text,
  availability text NOT NULL DEFAULT 'offline' CHECK (availability IN ('available', 'busy', 'away', 'offline')),
  current_load integer NOT NULL DEFAULT 0 CHECK (current_load >= 0),
  max_load integer NOT NULL DEFAULT 3 CHECK (max_load >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Login is by e-mail before the organisation is known, so an address is unique across orgs.
  UNIQUE (email),
  UNIQUE (org_id, id)
);

CREATE TABLE team_memberships (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  person_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, person_id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX team_memberships_person ON team_memberships (person_id);

-- What a person knows, learned from their history: strength grows with handled conversations.
CREATE TABLE person_topics (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL,
  topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  strength real NOT NULL DEFAULT 0 CHECK (strength >= 0),
  conversations integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, topic),
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX person_topics_org_topic ON person_topics (org_id, topic);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  -- The person the token acts as (its permissions are theirs, narrowed by scopes).
  person_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  scopes text[] NOT NULL CHECK (scopes <@ ARRAY['ingest', 'api']::text[] AND cardinality(scopes) > 0),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  external_id text,
  name text,
  email text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, external_id),
  UNIQUE (org_id, id)
);

CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  customer_id uuid,
  external_id text,
  channel text NOT NULL CHECK (channel IN ('chat', 'email', 'voice', 'social')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  subject text,
  assigned_person_id uuid,
  topic text,
  -- The engine's ConversationState (plain JSON), restored after a restart.
  engine_state jsonb,
  -- Denormalised from the latest analysis so the floor lists without reading engine state.
  risk real NOT NULL DEFAULT 0 CHECK (risk >= 0 AND risk <= 1),
  customer_emotion text,
  frustration real NOT NULL DEFAULT 0,
  active_cues text[] NOT NULL DEFAULT '{}',
  customer_token_hash text UNIQUE,
  message_count integer NOT NULL DEFAULT 0,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (org_id, external_id),
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  FOREIGN KEY (org_id, assigned_person_id) REFERENCES people (org_id, id)
);
CREATE INDEX conversations_floor ON conversations (org_id, team_id, status, risk DESC);
CREATE INDEX conversations_assigned ON conversations (assigned_person_id) WHERE status = 'open';

-- position is the message's place in its conversation from 0 (whispers and notes included),
-- assigned under the conversation's row lock by appendMessages.
CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  role text NOT NULL CHECK (role IN ('customer', 'agent', 'system')),
  kind text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'whisper', 'note', 'signal')),
  author_person_id uuid,
  author_name text,
  text text NOT NULL CHECK (length(text) <= 100000),
  external_id text,
  sent_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Idempotent ingest: the sender's message id, once per organisation.
  UNIQUE (org_id, external_id),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messages_conversation_position ON messages (conversation_id, position);

CREATE TABLE analyses (
  message_id uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  message_index integer NOT NULL CHECK (message_index >= 0),
  risk real NOT NULL CHECK (risk >= 0 AND risk <= 1),
  rung text NOT NULL CHECK (rung IN ('observe', 'signal', 'whisper', 'offer_takeover', 'escalate')),
  analysis jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
CREATE INDEX analyses_conversation ON analyses (conversation_id, message_index);

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  team_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  agent_person_id uuid,
  helper_person_id uuid,
  state text NOT NULL DEFAULT 'raised'
    CHECK (state IN ('raised', 'acknowledged', 'acted_on', 'dismissed_not_useful', 'expired')),
  reasons text[] NOT NULL DEFAULT '{}',
  rung text NOT NULL CHECK (rung IN ('observe', 'signal', 'whisper', 'offer_takeover', 'escalate')),
  escalate boolean NOT NULL DEFAULT false,
  needs_authority boolean NOT NULL DEFAULT false,
  risk real NOT NULL DEFAULT 0 CHECK (risk >= 0 AND risk <= 1),
  message_index integer,
  why text NOT NULL DEFAULT '',
  -- Why this helper was chosen (topic, free, load, authority), shown with the alert.
  routing text NOT NULL DEFAULT '',
  suggestion text,
  fact_id text,
  evidence jsonb NOT NULL DEFAULT '[]',
  raised_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, agent_person_id) REFERENCES people (org_id, id),
  FOREIGN KEY (org_id, helper_person_id) REFERENCES people (org_id, id)
);
CREATE INDEX alerts_conversation ON alerts (conversation_id, raised_at);
CREATE INDEX alerts_open ON alerts (org_id, team_id, state) WHERE state IN ('raised', 'acknowledged');

CREATE TABLE interventions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  team_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  alert_id uuid,
  kind text NOT NULL CHECK (kind IN ('signal', 'whisper', 'takeover_offer', 'warm_transfer', 'escalation', 'raise_hand')),
  state text NOT NULL DEFAULT 'offered' CHECK (state IN ('offered', 'accepted', 'declined', 'done')),
  from_person_id uuid,
  to_person_id uuid,
  text text,
  summary text,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, alert_id) REFERENCES alerts (org_id, id),
  FOREIGN KEY (org_id, from_person_id) REFERENCES people (org_id, id),
  FOREIGN KEY (org_id, to_person_id) REFERENCES people (org_id, id)
);
CREATE INDEX interventions_conversation ON interventions (conversation_id, created_at);

CREATE TABLE commitments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  person_id uuid,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  due_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'missed', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
);
CREATE INDEX commitments_due ON commitments (org_id, due_at) WHERE status = 'open';
CREATE INDEX commitments_conversation ON commitments (conversation_id);

-- The engine's knowledge base; team_id NULL = the whole organisation.
CREATE TABLE knowledge_facts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid,
  key text,
  value jsonb NOT NULL,
  unit text,
  topic text,
  statement text NOT NULL CHECK (length(statement) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  source_conversation_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, source_conversation_id) REFERENCES conversations (org_id, id) ON DELETE SET NULL (source_conversation_id)
);
CREATE INDEX knowledge_facts_org ON knowledge_facts (org_id, status);

CREATE TABLE escalation_protocols (
  team_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  config jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  actor_kind text NOT NULL CHECK (actor_kind IN ('person', 'api_token', 'customer', 'system')),
  actor_id uuid,
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 200),
  target_type text,
  target_id text,
  details jsonb NOT NULL DEFAULT '{}',
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_org ON audit_log (org_id, id);

-- The event log: commands append inside their transaction; id is the resume cursor.
-- Audience: person_id set → that person only; else team_id → the team; else conversation_id →
-- that conversation's watchers; else the whole organisation.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid,
  conversation_id uuid,
  person_id uuid,
  type text NOT NULL CHECK (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_org ON events (org_id, id);
