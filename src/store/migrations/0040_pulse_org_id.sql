-- Employee pulses (0035): who was asked (team_pulse_invitees) and what was answered
-- (team_pulse_answers) carry their organisation, as every other table does, and the database holds
-- them to their pulse's: each references its pulse by (org_id, pulse_id), and an invitee their
-- person by (org_id, person_id), so no row can sit under a pulse or person of another organisation,
-- and every read filters on org_id. An answer still has no person, no time and a random id; its
-- organisation is its pulse's, the same for every answer, so it ties a score to nobody.
ALTER TABLE team_pulses ADD CONSTRAINT team_pulses_org_id_id UNIQUE (org_id, id);

ALTER TABLE team_pulse_invitees ADD COLUMN org_id uuid;
UPDATE team_pulse_invitees i SET org_id = p.org_id FROM team_pulses p WHERE p.id = i.pulse_id;
ALTER TABLE team_pulse_invitees ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE team_pulse_invitees DROP CONSTRAINT team_pulse_invitees_pulse_id_fkey;
ALTER TABLE team_pulse_invitees DROP CONSTRAINT team_pulse_invitees_person_id_fkey;
ALTER TABLE team_pulse_invitees
  ADD CONSTRAINT team_pulse_invitees_pulse FOREIGN KEY (org_id, pulse_id)
    REFERENCES team_pulses (org_id, id) ON DELETE CASCADE,
  ADD CONSTRAINT team_pulse_invitees_person FOREIGN KEY (org_id, person_id)
    REFERENCES people (org_id, id) ON DELETE CASCADE;

ALTER TABLE team_pulse_answers ADD COLUMN org_id uuid;
UPDATE team_pulse_answers a SET org_id = p.org_id FROM team_pulses p WHERE p.id = a.pulse_id;
ALTER TABLE team_pulse_answers ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE team_pulse_answers DROP CONSTRAINT team_pulse_answers_pulse_id_fkey;
ALTER TABLE team_pulse_answers
  ADD CONSTRAINT team_pulse_answers_pulse FOREIGN KEY (org_id, pulse_id)
    REFERENCES team_pulses (org_id, id) ON DELETE CASCADE;
