-- Whether the latest append of messages reopened the conversation (a customer wrote into a closed
-- one). The append sets it under the row's lock and returns it, so the instance that reopens a
-- conversation knows it, even when another instance closed it a moment before: RETURNING sees
-- only a row's new values, and PostgreSQL before 18 cannot return the old ones.
ALTER TABLE conversations ADD COLUMN last_append_reopened boolean NOT NULL DEFAULT false;
