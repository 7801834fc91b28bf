-- The parts of an alert's why that say what the agent got wrong, each with the fact it is about
-- ([{"factId": ..., "why": ...}]): once the agent puts the fact right, the card drops them by this
-- rather than by recognising their words, so the engine's wording can change. Alerts raised before
-- have none: their parts are recognised by the sentence the engine wrote then.
ALTER TABLE alerts ADD COLUMN wrong_fact_whys jsonb NOT NULL DEFAULT '[]'::jsonb;
