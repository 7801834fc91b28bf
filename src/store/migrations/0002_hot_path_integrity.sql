-- The ingest hot path (messages, analyses, events) writes hundreds of rows per statement. A
-- foreign key costs a trigger query per row: on messages it took two thirds of appendMessages'
-- time (EXPLAIN ANALYZE, PGlite). Those three tables check their parents in the repository
-- instead, with one join per statement (appendMessages: under the conversation's row lock;
-- appendAnalyses: against the messages), and these triggers take over the cascading deletes.

ALTER TABLE messages DROP CONSTRAINT messages_org_id_conversation_id_fkey;
ALTER TABLE analyses DROP CONSTRAINT analyses_message_id_fkey;
ALTER TABLE analyses DROP CONSTRAINT analyses_org_id_conversation_id_fkey;
ALTER TABLE events DROP CONSTRAINT events_org_id_fkey;

CREATE FUNCTION tagteam_delete_conversation_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM analyses WHERE conversation_id = OLD.id;
  DELETE FROM messages WHERE conversation_id = OLD.id;
  RETURN OLD;
END
$$;

CREATE TRIGGER conversations_delete_rows AFTER DELETE ON conversations
  FOR EACH ROW EXECUTE FUNCTION tagteam_delete_conversation_rows();

CREATE FUNCTION tagteam_delete_organisation_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM events WHERE org_id = OLD.id;
  RETURN OLD;
END
$$;

CREATE TRIGGER organisations_delete_events AFTER DELETE ON organisations
  FOR EACH ROW EXECUTE FUNCTION tagteam_delete_organisation_events();
