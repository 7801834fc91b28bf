-- A knowledge gap a published fact answers leaves the open list as answered by that fact (the
-- Knowledge page links back to it). A lead had to mark "Do you ship to PO boxes?" resolved by hand
-- after publishing the fact that answers it. Deleting the fact leaves the gap resolved, unlinked.
ALTER TABLE knowledge_gaps
  ADD COLUMN answered_by_fact_id uuid REFERENCES knowledge_facts (id) ON DELETE SET NULL;
