-- Disputes raised in the same instant (the clock's tick is coarser than a quick agent's two
-- clicks, and PGlite's is a millisecond) tied on created_at, and the lead's queue then broke the
-- tie on the random id: two disputes of one card could swap places between two reads. A number
-- given in the order they were raised breaks the tie as they were raised. Rows already here are
-- numbered as they are stored.
ALTER TABLE scorecard_disputes ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
