-- Erasing conversations (retention, GDPR requests) checked every foreign key into them, their
-- messages and their customers by reading the referencing table whole, once per erased row: no
-- index led on the referencing column. At a million messages one retention batch of 500
-- conversations held the database for up to a minute (docs/ARCHITECTURE.md, "Erasure and
-- retention"). Each index below lets those checks read only the rows that point at the erased one.
--
-- Only conversations is on the ingest path, and only once per conversation: its index costs one
-- entry when a conversation is created, none per message (appending a line leaves customer_id
-- unchanged, so those updates stay HOT). alerts, commitments and incident_reports are written
-- once per alert, promise or incident report; the rest when someone writes feedback, a journal
-- entry, an insight or a knowledge fact. The partial indexes leave out the rows that point nowhere.

-- Deleting a customer: the orphan check and the foreign key from conversations (org_id, customer_id).
CREATE INDEX conversations_customer ON conversations (customer_id) WHERE customer_id IS NOT NULL;

-- Deleting a message sets these to NULL (ON DELETE SET NULL).
CREATE INDEX alerts_message ON alerts (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX commitments_message ON commitments (message_id) WHERE message_id IS NOT NULL;

-- Deleting a conversation cascades to these, or sets their link to NULL.
CREATE INDEX incident_reports_conversation ON incident_reports (conversation_id);
CREATE INDEX incident_conversations_conversation ON incident_conversations (conversation_id);
CREATE INDEX feedback_conversation ON feedback (conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX journal_entries_conversation ON journal_entries (conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX insights_conversation ON insights (conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX knowledge_facts_source_conversation ON knowledge_facts (source_conversation_id)
  WHERE source_conversation_id IS NOT NULL;
