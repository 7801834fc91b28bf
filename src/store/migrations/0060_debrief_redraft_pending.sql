-- Debrief cards stored before everyday words that are also someone's name ("will", "grant", "agent"
-- of a teammate called Will Grant or Aaron Agent) were redacted only where written with a capital:
-- their lines read "the [PERSON] can use" or "I [PERSON] send the label". A card still as tagteam
-- drafted it (never saved by its owner) holding a [PERSON] is marked, and loop 2 drafts it again
-- from its conversation at the next start (src/server/loop2/debriefRedraft.ts). A card its owner
-- saved is never marked: its words are theirs.
ALTER TABLE debriefs ADD COLUMN redraft_pending boolean NOT NULL DEFAULT false;
UPDATE debriefs SET redraft_pending = true
 WHERE status = 'draft'
   AND (try_next LIKE '%[PERSON]%' OR array_to_string(went_well || tricky, E'\n') LIKE '%[PERSON]%');
CREATE INDEX debriefs_redraft_pending ON debriefs (id) WHERE redraft_pending;
