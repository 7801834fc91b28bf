// Employee pulses (eNPS) in the store contract (src/store/pulses.ts, migration 0035): one open pulse
// per team, the team's active agents and leads asked, one answer per person, results only once
// closed and with enough answers, and answers that cannot be tied to a person by any column.
// Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { StoreError } from "../errors.ts";
import { createPerson, setPersonActive } from "../people.ts";
import {
  answerPulse,
  claimPulseClosesDue,
  closePulseEarly,
  findPulse,
  listPulsesAwaiting,
  listTeamPulses,
  openPulse,
  readPulseResults,
} from "../pulses.ts";
import { createTeam } from "../teams.ts";
import type { Store } from "../types.ts";
import { seedOrganisation, type SeededOrganisation } from "./factories.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A team of six: the seeded agent, peer and lead, three more agents; the admin is not a member. */
async function teamOfSix(store: Store, seeded: SeededOrganisation) {
  const more = [];
  for (const name of ["one", "two", "three"])
    more.push(
      await createPerson(store, {
        orgId: seeded.org.id,
        email: `${name}-${seeded.org.id.slice(0, 8)}@example.test`,
        displayName: `Agent ${name}`,
        role: "agent",
        teamIds: [seeded.team.id],
      }),
    );
  return [seeded.agent, seeded.peer, seeded.lead, ...more];
}

export function describePulsesContract(getStore: () => Store): void {
  describe("employee pulses", () => {
    it("asks the team's active agents and leads, one open pulse per team, and lists it newest first", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, lead, agent, admin } = seeded;
      const gone = await createPerson(store, {
        orgId: org.id,
        email: `gone-${org.id.slice(0, 8)}@example.test`,
        displayName: "Gone",
        role: "agent",
        teamIds: [team.id],
      });
      await setPersonActive(store, { orgId: org.id, personId: gone.id, active: false });
      const now = Date.now();
      const pulse = await store.transaction((tx) =>
        openPulse(tx, {
          orgId: org.id,
          teamId: team.id,
          openedBy: lead.id,
          closesAt: now + 3 * DAY,
          at: now,
        }),
      );
      // Agent, peer and lead: not the admin (no member), not the deactivated agent.
      expect(pulse).toMatchObject({ teamId: team.id, openedBy: lead.id, invited: 3, answers: 0 });
      expect(pulse.closedEarlyAt).toBeNull();
      const second = store.transaction((tx) =>
        openPulse(tx, { orgId: org.id, teamId: team.id, openedBy: lead.id, closesAt: now + DAY, at: now }),
      );
      await expect(second).rejects.toBeInstanceOf(StoreError);
      await expect(second).rejects.toMatchObject({ code: "CONFLICT" });
      expect(await listPulsesAwaiting(store, { orgId: org.id, personId: agent.id, at: now })).toEqual([
        pulse,
      ]);
      expect(await listPulsesAwaiting(store, { orgId: org.id, personId: admin.id, at: now })).toEqual([]);
      expect(await listPulsesAwaiting(store, { orgId: org.id, personId: gone.id, at: now })).toEqual([]);
      // Closed early, the team may open the next one.
      const closed = await closePulseEarly(store, {
        orgId: org.id,
        id: pulse.id,
        closedBy: lead.id,
        at: now + HOUR,
      });
      expect(closed?.closedEarlyAt).toBe(now + HOUR);
      expect(closed?.closedEarlyBy).toBe(lead.id);
      expect(await closePulseEarly(store, { orgId: org.id, id: pulse.id, closedBy: lead.id })).toBeNull();
      expect(
        await listPulsesAwaiting(store, { orgId: org.id, personId: agent.id, at: now + 2 * HOUR }),
      ).toEqual([]);
      const next = await store.transaction((tx) =>
        openPulse(tx, {
          orgId: org.id,
          teamId: team.id,
          openedBy: lead.id,
          closesAt: now + 5 * DAY,
          at: now + 2 * HOUR,
        }),
      );
      expect((await listTeamPulses(store, { orgId: org.id, teamId: team.id })).map((p) => p.id)).toEqual([
        next.id,
        pulse.id,
      ]);
      // Another organisation sees none of it.
      const other = await seedOrganisation(store);
      expect(await findPulse(store, other.org.id, pulse.id)).toBeNull();
      expect(await listTeamPulses(store, { orgId: other.org.id, teamId: team.id })).toEqual([]);
      expect(
        await closePulseEarly(store, { orgId: other.org.id, id: next.id, closedBy: other.lead.id }),
      ).toBeNull();
    });

    it("takes one answer per person asked, while open, and shows results only when closed with enough answers", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, lead, admin } = seeded;
      const members = await teamOfSix(store, seeded);
      const now = Date.now();
      const pulse = await store.transaction((tx) =>
        openPulse(tx, { orgId: org.id, teamId: team.id, openedBy: lead.id, closesAt: now + DAY, at: now }),
      );
      expect(pulse.invited).toBe(6);
      const answer = (personId: string, score: number, comment: string | null = null, at = now + HOUR) =>
        answerPulse(store, { orgId: org.id, pulseId: pulse.id, personId, score, comment, at });
      const scores = [10, 9, 8, 3, 0];
      for (const [i, score] of scores.entries()) {
        const person = members[i];
        if (person === undefined) throw new Error("missing member");
        expect(await answer(person.id, score, i === 3 ? "  More time for training, please.  " : "")).toBe(
          "recorded",
        );
      }
      const first = members[0];
      if (first === undefined) throw new Error("missing member");
      // A second answer changes nothing; nor does one from someone not asked, or out of range.
      expect(await answer(first.id, 0)).toBe("already_answered");
      expect(await answer(admin.id, 0)).toBe("not_invited");
      await expect(answer(first.id, 11)).rejects.toBeInstanceOf(StoreError);
      expect((await findPulse(store, org.id, pulse.id))?.answers).toBe(5);
      // Open: no results, whatever the count.
      expect(
        await readPulseResults(store, {
          orgId: org.id,
          pulseId: pulse.id,
          minAnswers: 5,
          at: now + 2 * HOUR,
        }),
      ).toBeNull();
      // Its time is up: results, the comment trimmed, scores as a histogram.
      const results = await readPulseResults(store, {
        orgId: org.id,
        pulseId: pulse.id,
        minAnswers: 5,
        at: now + DAY,
      });
      expect(results?.scores).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1]);
      expect(results?.comments).toEqual(["More time for training, please."]);
      // Closed, it takes no more answers.
      const last = members[5];
      if (last === undefined) throw new Error("missing member");
      expect(await answer(last.id, 7, null, now + DAY)).toBe("closed");
      // Fewer than the minimum: nothing, ever.
      expect(
        await readPulseResults(store, { orgId: org.id, pulseId: pulse.id, minAnswers: 6, at: now + 2 * DAY }),
      ).toBeNull();
      expect(
        await answerPulse(store, {
          orgId: org.id,
          pulseId: "00000000-0000-4000-8000-000000000000",
          personId: first.id,
          score: 5,
          comment: null,
        }),
      ).toBe("not_found");
    });

    it("announces each pulse whose time ran out exactly once: not an open one, not one closed early, not twice under concurrency", async () => {
      const store = getStore();
      const { org, lead } = await seedOrganisation(store);
      const now = Date.now();
      // One pulse per team (one open pulse per team), each team with its lead.
      const pulseIn = async (name: string, openedAt: number, closesAt: number) => {
        const team = await createTeam(store, { orgId: org.id, name });
        return store.transaction((tx) =>
          openPulse(tx, { orgId: org.id, teamId: team.id, openedBy: lead.id, closesAt, at: openedAt }),
        );
      };
      const ranOut = await pulseIn("Ran out", now - 3 * DAY, now - DAY);
      const open = await pulseIn("Still open", now - HOUR, now + DAY);
      const early = await pulseIn("Closed early", now - 3 * DAY, now - DAY);
      // Closed early two days ago (its route announced it, so it is marked in the same statement).
      expect(
        await closePulseEarly(store, { orgId: org.id, id: early.id, closedBy: lead.id, at: now - 2 * DAY }),
      ).not.toBeNull();
      const mine = (due: { orgId: string; id: string }[]) =>
        due.filter((p) => p.orgId === org.id).map((p) => p.id);

      // Claimed in a transaction that rolls back: nothing is marked, it is still due.
      await expect(
        store.transaction(async (tx) => {
          expect(mine(await claimPulseClosesDue(tx, { at: now, limit: 100 }))).toEqual([ranOut.id]);
          throw new Error("the events were not written");
        }),
      ).rejects.toThrow("the events were not written");
      const claimed = await store.transaction((tx) => claimPulseClosesDue(tx, { at: now, limit: 100 }));
      expect(claimed.filter((p) => p.orgId === org.id)).toEqual([
        { id: ranOut.id, orgId: org.id, teamId: ranOut.teamId, closesAt: now - DAY },
      ]);
      expect(mine(await store.transaction((tx) => claimPulseClosesDue(tx, { at: now, limit: 100 })))).toEqual(
        [],
      );
      // The open one, once its time comes (a later clock); then a lead cannot close it early any more.
      expect(
        mine(await store.transaction((tx) => claimPulseClosesDue(tx, { at: now + DAY, limit: 100 }))),
      ).toEqual([open.id]);
      expect(
        await closePulseEarly(store, { orgId: org.id, id: open.id, closedBy: lead.id, at: now }),
      ).toBeNull();

      // Several sweeps at once (on PostgreSQL, each on its own connection): each pulse once.
      const due = [];
      for (const i of [1, 2, 3, 4, 5]) due.push(await pulseIn(`Due ${i}`, now - 2 * DAY, now - HOUR - i));
      const passes = await Promise.all(
        [1, 2, 3, 4].map(() => store.transaction((tx) => claimPulseClosesDue(tx, { at: now, limit: 100 }))),
      );
      const all = passes.flatMap(mine);
      expect([...all].sort()).toEqual(due.map((p) => p.id).sort());
      // Soonest to close first within a pass.
      const longest = passes.map(mine).find((ids) => ids.length === due.length);
      if (longest !== undefined) expect(longest).toEqual(due.map((p) => p.id).reverse());

      if (store.kind === "postgres") {
        // A pass holding rows it claimed (not committed yet): another pass skips them rather than
        // waiting, and finds them announced once the first commits.
        const held = [];
        for (const i of [1, 2]) held.push(await pulseIn(`Held ${i}`, now - 2 * DAY, now - HOUR));
        let release: () => void = () => undefined;
        const released = new Promise<void>((r) => (release = r));
        let first: string[] | null = null;
        const holding = store.transaction(async (tx) => {
          first = mine(await claimPulseClosesDue(tx, { at: now, limit: 1 }));
          await released;
        });
        while (first === null) await new Promise((r) => setTimeout(r, 5));
        const second = mine(
          await store.transaction((tx) => claimPulseClosesDue(tx, { at: now, limit: 100 })),
        );
        release();
        await holding;
        expect(first).toHaveLength(1);
        expect([...first, ...second].sort()).toEqual(held.map((p) => p.id).sort());
        expect(
          mine(await store.transaction((tx) => claimPulseClosesDue(tx, { at: now, limit: 100 }))),
        ).toEqual([]);
      }
      await expect(
        store.transaction((tx) => claimPulseClosesDue(tx, { at: now, limit: 0 })),
      ).rejects.toBeInstanceOf(StoreError);
    });

    it("holds who was asked and what was answered to their pulse's organisation (migration 0040)", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const other = await seedOrganisation(store);
      const now = Date.now();
      const pulse = await store.transaction((tx) =>
        openPulse(tx, {
          orgId: seeded.org.id,
          teamId: seeded.team.id,
          openedBy: seeded.lead.id,
          closesAt: now + DAY,
          at: now,
        }),
      );
      expect(
        await answerPulse(store, {
          orgId: seeded.org.id,
          pulseId: pulse.id,
          personId: seeded.agent.id,
          score: 9,
          comment: null,
          at: now,
        }),
      ).toBe("recorded");
      const orgsOf = async (table: string) =>
        (await store.query(`SELECT DISTINCT org_id FROM ${table} WHERE pulse_id = $1`, [pulse.id])).map(
          (r) => r["org_id"],
        );
      expect(await orgsOf("team_pulse_invitees")).toEqual([seeded.org.id]);
      expect(await orgsOf("team_pulse_answers")).toEqual([seeded.org.id]);
      // Another organisation's rows cannot be put under this pulse, nor this pulse's under its person.
      await expect(
        store.query("INSERT INTO team_pulse_answers (org_id, pulse_id, score) VALUES ($1, $2, 3)", [
          other.org.id,
          pulse.id,
        ]),
      ).rejects.toThrow(/foreign key/);
      await expect(
        store.query("INSERT INTO team_pulse_invitees (org_id, pulse_id, person_id) VALUES ($1, $2, $3)", [
          seeded.org.id,
          pulse.id,
          other.agent.id,
        ]),
      ).rejects.toThrow(/foreign key/);
      // Reads in another organisation find nothing of it.
      expect(await findPulse(store, other.org.id, pulse.id)).toBeNull();
      expect(
        await answerPulse(store, {
          orgId: other.org.id,
          pulseId: pulse.id,
          personId: seeded.peer.id,
          score: 1,
          comment: null,
          at: now,
        }),
      ).toBe("not_found");
      expect(
        await listPulsesAwaiting(store, { orgId: other.org.id, personId: seeded.peer.id, at: now }),
      ).toEqual([]);
      expect(
        (await listPulsesAwaiting(store, { orgId: seeded.org.id, personId: seeded.peer.id, at: now })).map(
          (p) => p.id,
        ),
      ).toEqual([pulse.id]);
    });

    it("keeps who answered apart from what: no answer column names a person, a time or an order", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, lead } = seeded;
      const members = await teamOfSix(store, seeded);
      const now = Date.now();
      const pulse = await store.transaction((tx) =>
        openPulse(tx, { orgId: org.id, teamId: team.id, openedBy: lead.id, closesAt: now + DAY, at: now }),
      );
      for (const [i, person] of members.entries())
        expect(
          await answerPulse(store, {
            orgId: org.id,
            pulseId: pulse.id,
            personId: person.id,
            score: i,
            comment: `comment ${i}`,
            at: now + i * 1000,
          }),
        ).toBe("recorded");
      const columns = async (table: string) =>
        (
          await store.query(
            `SELECT column_name, data_type, column_default FROM information_schema.columns
              WHERE table_name = $1 ORDER BY column_name`,
            [table],
          )
        ).map((c) => ({ name: c["column_name"], type: c["data_type"], default: c["column_default"] }));
      // The answers: the pulse, the score, the comment, and an id that is random (no sequence).
      // Its organisation is its pulse's (migration 0040): the same for every answer of it.
      expect(await columns("team_pulse_answers")).toEqual([
        { name: "comment", type: "text", default: null },
        { name: "id", type: "uuid", default: "gen_random_uuid()" },
        { name: "org_id", type: "uuid", default: null },
        { name: "pulse_id", type: "uuid", default: null },
        { name: "score", type: "smallint", default: null },
      ]);
      // Who was asked: the person and a yes/no, no time and no link to an answer.
      expect(await columns("team_pulse_invitees")).toEqual([
        { name: "answered", type: "boolean", default: "false" },
        { name: "org_id", type: "uuid", default: null },
        { name: "person_id", type: "uuid", default: null },
        { name: "pulse_id", type: "uuid", default: null },
      ]);
      // Nothing references an answer, and an answer references nothing but its pulse.
      const links = await store.query(
        `SELECT c.conrelid::regclass::text AS source, c.confrelid::regclass::text AS target,
                array_to_string(ARRAY(
                  SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                   ORDER BY k.n), ',') AS columns
           FROM pg_constraint c
          WHERE c.contype = 'f'
            AND (c.conrelid = 'team_pulse_answers'::regclass OR c.confrelid = 'team_pulse_answers'::regclass)`,
      );
      expect(links.map((l) => [l["source"], l["columns"], l["target"]])).toEqual([
        ["team_pulse_answers", "org_id,pulse_id", "team_pulses"],
      ]);
      // Read back by their id (as the results are), the scores are all there, in no order of giving.
      const stored = await store.query(
        `SELECT score FROM team_pulse_answers WHERE pulse_id = $1 ORDER BY id`,
        [pulse.id],
      );
      expect(stored.map((r) => Number(r["score"])).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    });
  });
}
