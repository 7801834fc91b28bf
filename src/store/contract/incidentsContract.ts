// Incident surge in the store contract: reports counted per team and subject over a window
// (migration 0010, src/store/incidents.ts). Registered by describeStoreContract for every backend.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findOrCreateConversation } from "../conversations.ts";
import { StoreError } from "../errors.ts";
import {
  findIncidentById,
  listIncidentConversations,
  listIncidents,
  listQuietIncidents,
  recordMalfunctionReports,
  resolveIncident,
  type NewMalfunctionReport,
} from "../incidents.ts";
import { createTeam } from "../teams.ts";
import type { Store } from "../types.ts";
import { seedOrganisation, type SeededOrganisation } from "./factories.ts";

const MINUTE = 60_000;
const RULES = { threshold: 3, windowMs: 15 * MINUTE };

async function conversations(store: Store, seeded: SeededOrganisation, n: number, teamId = seeded.team.id) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const { conversation } = await findOrCreateConversation(store, {
      orgId: seeded.org.id,
      teamId,
      channel: "chat",
      externalId: `incident-${randomUUID()}`,
    });
    out.push(conversation.id);
  }
  return out;
}

const report = (
  seeded: SeededOrganisation,
  conversationId: string,
  term: string,
  reportedAt: number,
  extra: Partial<NewMalfunctionReport> = {},
): NewMalfunctionReport => ({
  orgId: seeded.org.id,
  teamId: seeded.team.id,
  conversationId,
  messageId: randomUUID(),
  term,
  label: term,
  phrase: `the ${term} keeps failing`,
  reportedAt,
  ...extra,
});

/** Records each report in its own transaction, as the server's detector does group by group. */
async function recordEach(store: Store, reports: NewMalfunctionReport[], now: number) {
  const opened = [];
  const grown = [];
  for (const r of reports) {
    const changes = await store.transaction((tx) => recordMalfunctionReports(tx, [r], now, RULES));
    opened.push(...changes.opened);
    grown.push(...changes.grown);
  }
  return { opened, grown };
}

export function describeIncidentsContract(getStore: () => Store): void {
  describe("incidents", () => {
    it("open once enough different conversations report one subject, and grow after", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const [a, b, c, d] = await conversations(store, seeded, 4);
      const now = Date.now();
      // Two conversations, one of them twice: below the threshold of three.
      const first = await recordEach(
        store,
        [
          report(seeded, a!, "checkout", now),
          report(seeded, a!, "checkout", now),
          report(seeded, b!, "checkout", now),
        ],
        now,
      );
      expect(first.opened).toEqual([]);
      const third = await recordEach(store, [report(seeded, c!, "checkout", now)], now);
      expect(third.opened).toHaveLength(1);
      const incident = third.opened[0]!;
      expect(incident).toMatchObject({
        teamId: seeded.team.id,
        terms: ["checkout"],
        label: "checkout",
        example: "the checkout keeps failing",
        status: "open",
        conversationCount: 3,
      });
      const fourth = await recordEach(store, [report(seeded, d!, "checkout", now + 1000)], now + 1000);
      expect(fourth.opened).toEqual([]);
      expect(fourth.grown.map((i) => [i.id, i.conversationCount])).toEqual([[incident.id, 4]]);
      // A conversation that already counted grows nothing.
      const again = await recordEach(store, [report(seeded, a!, "checkout", now + 2000)], now + 2000);
      expect(again).toEqual({ opened: [], grown: [] });
      expect(await listIncidents(store, { orgId: seeded.org.id })).toHaveLength(1);
      const reported = await listIncidentConversations(store, incident);
      expect(reported.map((r) => r.conversationId).sort()).toEqual([a, b, c, d].sort());
    });

    it("count another wording by the same conversations towards the open incident", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const ids = await conversations(store, seeded, 6);
      const now = Date.now();
      // Each customer names the error code and the page: both subjects cross the threshold together.
      const both = ids.slice(0, 3).flatMap((id) => {
        const messageId = randomUUID();
        return [
          report(seeded, id, "error 502", now, { messageId }),
          report(seeded, id, "checkout", now, { messageId }),
        ];
      });
      const changes = await store.transaction((tx) => recordMalfunctionReports(tx, both, now, RULES));
      expect(changes.opened).toHaveLength(1);
      expect(changes.opened[0]?.terms.sort()).toEqual(["checkout", "error 502"]);
      // A different subject from other conversations is a different incident.
      const other = await recordEach(
        store,
        ids.slice(3).map((id) => report(seeded, id, "login", now)),
        now,
      );
      expect(other.opened.map((i) => i.terms)).toEqual([["login"]]);
      expect(await listIncidents(store, { orgId: seeded.org.id, status: "open" })).toHaveLength(2);
    });

    it("count only reports within the window, and only the team's own", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const other = await createTeam(store, { orgId: seeded.org.id, name: "Other" });
      const mine = await conversations(store, seeded, 2);
      const theirs = await conversations(store, seeded, 2, other.id);
      const now = Date.now();
      const old = await recordEach(store, [report(seeded, mine[0]!, "app", now - 20 * MINUTE)], now);
      expect(old.opened).toEqual([]);
      const mixed = await recordEach(
        store,
        [
          ...theirs.map((id) => report(seeded, id, "app", now, { teamId: other.id })),
          report(seeded, mine[1]!, "app", now),
        ],
        now,
      );
      // Three recent reports of "app", but two of them in the other team: nobody's threshold.
      expect(mixed.opened).toEqual([]);
      expect(await listIncidents(store, { orgId: seeded.org.id })).toEqual([]);
    });

    it("resolve once; a new surge after that opens a new incident", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const ids = await conversations(store, seeded, 6);
      const now = Date.now();
      const { opened } = await recordEach(
        store,
        ids.slice(0, 3).map((id) => report(seeded, id, "router", now)),
        now,
      );
      const incident = opened[0]!;
      expect(await listQuietIncidents(store, now + 1)).toContainEqual(
        expect.objectContaining({ id: incident.id }),
      );
      const resolved = await resolveIncident(store, {
        orgId: seeded.org.id,
        id: incident.id,
        by: seeded.lead.id,
        note: "ISP fixed the line",
      });
      expect(resolved).toMatchObject({
        status: "resolved",
        resolvedBy: seeded.lead.id,
        resolutionNote: "ISP fixed the line",
      });
      const error = await resolveIncident(store, { orgId: seeded.org.id, id: incident.id, by: null }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe("INVALID_TRANSITION");
      const missing = await resolveIncident(store, {
        orgId: seeded.org.id,
        id: randomUUID(),
        by: null,
      }).catch((e) => e);
      expect((missing as StoreError).code).toBe("NOT_FOUND");
      // The reports before the resolution are not counted again: one more customer opens nothing.
      const one = await recordEach(store, [report(seeded, ids[3]!, "router", now + 30_000)], now + 30_000);
      expect(one.opened).toEqual([]);
      const later = await recordEach(
        store,
        ids.slice(3).map((id) => report(seeded, id, "router", now + MINUTE)),
        now + MINUTE,
      );
      expect(later.opened).toHaveLength(1);
      expect(later.opened[0]?.id).not.toBe(incident.id);
      expect((await findIncidentById(store, seeded.org.id, incident.id))?.status).toBe("resolved");
    });

    it("refuse bad reports, naming every problem, and write nothing", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const [a] = await conversations(store, seeded, 1);
      const now = Date.now();
      const error = await store
        .transaction((tx) =>
          recordMalfunctionReports(
            tx,
            [report(seeded, a!, "ok", now), report(seeded, "nope", "", now, { label: "x".repeat(101) })],
            now,
            RULES,
          ),
        )
        .catch((e) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe("INVALID_INPUT");
      expect((error as StoreError).message).toContain("reports[1].conversationId must be a uuid");
      expect((error as StoreError).message).toContain("reports[1].term must be 1..100 characters");
      expect((error as StoreError).message).toContain("reports[1].label must be 1..100 characters");
      const [row] = await store.query("SELECT count(*)::int AS n FROM incident_reports WHERE org_id = $1", [
        seeded.org.id,
      ]);
      expect(Number(row?.n)).toBe(0);
    });
  });
}
