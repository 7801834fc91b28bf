// The store contract: ONE suite, run against every backend (src/store/pglite.test.ts,
// src/store/postgres.test.ts). A behaviour the server relies on belongs here, not in a backend's
// own test, so PGlite and PostgreSQL cannot drift apart.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAnalyses, listAnalyses } from "../analyses.ts";
import {
  loadEngineCheckpoints,
  saveConversationReadings,
  saveEngineCheckpoints,
} from "../engineCheckpoints.ts";
import {
  findAlertById,
  findOpenAlertsForConversations,
  listAlerts,
  raiseAlert,
  reassignAlertHelper,
  transitionAlert,
} from "../alerts.ts";
import {
  appendAuditEntries,
  auditTargetKey,
  describeAuditSubjects,
  findAuditActionsWithPrefix,
  listAuditEntries,
} from "../audit.ts";
import {
  appendCommitments,
  findDueCommitments,
  listCommitments,
  markMissedCommitments,
  setCommitmentStatus,
  type CommitmentStatus,
} from "../commitments.ts";
import {
  closeConversation,
  closeIdleConversations,
  deleteConversation,
  findConversationByCustomerTokenHash,
  findConversationById,
  findConversationsByIds,
  findOrCreateConversation,
  listConversations,
} from "../conversations.ts";
import {
  createApiToken,
  createSession,
  findLiveApiTokenByHash,
  findLiveSessionByTokenHash,
  listLiveSessionsForPerson,
  revokeLiveSessionOfPerson,
  SESSION_USER_AGENT_MAX,
  generateToken,
  hashToken,
  revokeSession,
  pruneEndedSessions,
  revokeSessionsForPerson,
  touchSession,
} from "../credentials.ts";
import { StoreError } from "../errors.ts";
import {
  findEscalationProtocol,
  findEscalationProtocols,
  findTeamsWhoseProtocolNames,
  saveEscalationProtocol,
} from "../escalationProtocols.ts";
import {
  appendEvents,
  findLatestEventId,
  pruneEvents,
  findEventsAfter,
  findEventsAfterForFanOut,
  matchesEventScope,
  type EventScope,
  type NewEvent,
} from "../events.ts";
import {
  createIntervention,
  createInterventions,
  listInterventions,
  transitionIntervention,
  withdrawInterventions,
  withdrawOffersOfConversations,
} from "../interventions.ts";
import { upsertCustomer } from "../customers.ts";
import { createKnowledgeFact, listKnowledgeFacts, updateKnowledgeFact } from "../knowledge.ts";
import { appendMessages, findMessagesAfter, type NewMessage } from "../messages.ts";
import { migrate, readMigrations } from "../migrate.ts";
import { findOrganisationById } from "../organisations.ts";
import {
  adjustLoad,
  countActiveAdmins,
  createPerson,
  findEscalationAuthorities,
  findHelperCandidates,
  findHelperCandidatesFor,
  helperCandidatesKey,
  findPersonById,
  findPersonCredentialsByEmail,
  findPersonPasswordHash,
  listPeople,
  recordTopicExperience,
  setPersonActive,
  updatePerson,
} from "../people.ts";
import { claimWaitToTell, listEscalationsWaitingOn, reassignEscalation } from "../sweeps.ts";
import { createTeam, findTeamById, listTeams } from "../teams.ts";
import type { Queryable, Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";
import { describeSetupProgressContract } from "./setupProgressContract.ts";
import { describeSignInLinksContract } from "./signInLinksContract.ts";
import { describeArraysContract } from "./arraysContract.ts";
import { ensureDeliveryCursor } from "../deliveries.ts";
import { describeDeliveriesContract } from "./deliveriesContract.ts";
import { describeIncidentsContract } from "./incidentsContract.ts";
import { describeAlertOutcomesContract } from "./alertOutcomesContract.ts";
import { describeTeamNumbersContract } from "./teamNumbersContract.ts";
import { describeErasureContract } from "./erasureContract.ts";
import { describeScorecardsContract } from "./scorecardsContract.ts";
import { describeScorecardDisputesContract } from "./scorecardDisputesContract.ts";
import { describeSkillsContract } from "./skillsContract.ts";
import { describeDrillsContract } from "./drillsContract.ts";
import { describePulsesContract } from "./pulsesContract.ts";

/** What a backend's test file provides. */
export interface StoreContractHarness {
  /** A migrated store shared by the suite (tests isolate themselves by organisation). */
  open(): Promise<Store>;
  /** A new, empty, unmigrated database, plus a way to open a second instance on it if the backend can. */
  openFresh(): Promise<{ store: Store; openPeer?: () => Promise<Store> }>;
  /** A second store on the same database as `open()`'s (another server instance), if the backend can. */
  openPeer?: () => Promise<Store>;
}

/** Resolves with the first `count` payloads received on `channel`. */
async function collectPayloads(
  store: Store,
  channel: string,
  count: number,
): Promise<{ payloads: Promise<string[]>; stop: () => Promise<void> }> {
  const received: string[] = [];
  let resolve: (value: string[]) => void = () => {};
  const payloads = new Promise<string[]>((r) => (resolve = r));
  const stop = await store.listen(channel, (payload) => {
    received.push(payload);
    if (received.length === count) resolve([...received]);
  });
  return { payloads, stop };
}

async function expectStoreError(promise: Promise<unknown>, code: StoreError["code"]): Promise<StoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  return error as StoreError;
}

/** Analyses live in their messages' rows (migration 0007). */
async function countAnalysed(db: Queryable, orgId: string): Promise<number> {
  const [row] = await db.query(
    "SELECT count(*)::int AS n FROM messages WHERE org_id = $1 AND analysis IS NOT NULL",
    [orgId],
  );
  return Number(row?.n);
}

async function countRows(db: Queryable, table: string, orgId: string): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`, [orgId]);
  return Number(row?.n);
}

/** Registers the contract suite for one backend. */
export function describeStoreContract(name: string, harness: StoreContractHarness): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const opened: Store[] = [];
    const track = <T extends Store>(s: T): T => {
      opened.push(s);
      return s;
    };

    beforeAll(async () => {
      store = track(await harness.open());
    });
    afterAll(async () => {
      for (const s of opened.reverse()) await s.close();
    });

    describeIncidentsContract(() => store);
    describeDeliveriesContract(() => store);
    describeArraysContract(() => store);
    describeScorecardsContract(() => store);
    describeScorecardDisputesContract(() => store);
    describeErasureContract(() => store);
    describeAlertOutcomesContract(() => store);
    describeTeamNumbersContract(() => store);
    describeSkillsContract(() => store);
    describeDrillsContract(() => store);
    describeSetupProgressContract(() => store);
    describeSignInLinksContract(() => store);
    describePulsesContract(() => store);

    describe("housekeeping", () => {
      it("old events go once every delivery cursor has passed them and no hold waits on them, oldest first, a batch at a time", async () => {
        const { store: fresh } = await harness.openFresh();
        track(fresh);
        await migrate(fresh);
        const { org, team } = await seedOrganisation(fresh);
        const events = await appendEvents(
          fresh,
          Array.from({ length: 6 }, () => ({ orgId: org.id, teamId: team.id, type: "alert.raised" })),
        );
        const ids = events.map((e) => e.id);
        await fresh.query("UPDATE events SET created_at = now() - interval '40 days' WHERE id <= $1", [
          ids[3],
        ]);
        const before = Date.now() - 30 * 24 * 60 * 60_000;
        const left = async () =>
          (await fresh.query("SELECT id FROM events ORDER BY id")).map((r) => Number(r.id));
        // An integration that has dealt with the first two only holds back the rest.
        await ensureDeliveryCursor(fresh, "alert_webhook");
        await fresh.query("UPDATE delivery_cursors SET last_event_id = $1", [ids[1]]);
        expect(await pruneEvents(fresh, { createdBefore: before, limit: 1 })).toBe(1);
        expect(await pruneEvents(fresh, { createdBefore: before, limit: 100 })).toBe(1);
        expect(await left()).toEqual(ids.slice(2));
        await fresh.query("UPDATE delivery_cursors SET last_event_id = $1", [ids[5]]);
        // An organisation's events held from the fourth on (its own receiver failing) stay too.
        await fresh.query(
          "INSERT INTO delivery_holds (processor, org_id, from_event_id) VALUES ('alert_webhook', $1, $2)",
          [org.id, ids[3]],
        );
        expect(await pruneEvents(fresh, { createdBefore: before, limit: 100 })).toBe(1);
        await fresh.query("DELETE FROM delivery_holds");
        expect(await pruneEvents(fresh, { createdBefore: before, limit: 100 })).toBe(1);
        // Recent events stay, whatever the cursors say.
        expect(await pruneEvents(fresh, { createdBefore: before, limit: 100 })).toBe(0);
        expect(await left()).toEqual(ids.slice(4));
        expect(await findLatestEventId(fresh)).toBe(ids[5]);
      });

      it("promises whose due time passed while open become missed, once across instances; still owed, done late", async () => {
        const { store: fresh, openPeer } = await harness.openFresh();
        track(fresh);
        await migrate(fresh);
        const other = openPeer ? track(await openPeer()) : fresh;
        const { org, team, agent, conversation } = await seedOrganisation(fresh);
        const hour = 3_600_000;
        const now = Date.now() + 48 * hour;
        const promise = (text: string, dueAt: number | null) => ({
          orgId: org.id,
          conversationId: conversation.id,
          personId: agent.id,
          text,
          dueAt,
        });
        const [late, later, future, undated, imported, kept] = await appendCommitments(fresh, [
          promise("Call back Tuesday", now - 2 * hour),
          promise("Email the label", now - hour),
          promise("Next week", now + 100 * hour),
          promise("Soon", null),
          promise("Old import", now - 3 * hour),
          promise("Kept", now - 3 * hour),
        ]);
        const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
        // Recorded after its due time (an imported transcript): nobody can say it was missed.
        await fresh.query("UPDATE commitments SET created_at = due_at + interval '1 minute' WHERE id = $1", [
          imported?.id,
        ]);
        await setCommitmentStatus(fresh, { orgId: org.id, commitmentId: kept?.id as string, status: "done" });
        // Two instances at once: each promise is reported by one of them only.
        const [a, b] = await Promise.all([
          markMissedCommitments(fresh, { now }),
          markMissedCommitments(other, { now }),
        ]);
        expect([...ids(a), ...ids(b)].sort()).toEqual([late?.id, later?.id].sort());
        const missed = [...a, ...b].sort((x, y) => (x.dueAt ?? 0) - (y.dueAt ?? 0));
        expect(missed.map((c) => [c.status, c.teamId, c.completedAt])).toEqual([
          ["missed", team.id, null],
          ["missed", team.id, null],
        ]);
        expect(await markMissedCommitments(fresh, { now: now + 1000 * hour })).toHaveLength(1);
        expect(await markMissedCommitments(fresh, { now: now + 1000 * hour })).toEqual([]);
        const byStatus = async (status?: CommitmentStatus | CommitmentStatus[]) =>
          ids(await listCommitments(fresh, { orgId: org.id, status })).sort();
        expect(await byStatus("missed")).toEqual([late?.id, later?.id, future?.id].sort());
        expect(await byStatus(["open", "missed"])).toEqual(
          [late?.id, later?.id, future?.id, undated?.id, imported?.id].sort(),
        );
        // A missed promise is still owed: it can be done (late) or cancelled, then not again.
        const done = await setCommitmentStatus(fresh, {
          orgId: org.id,
          commitmentId: late?.id as string,
          status: "done",
          at: now,
        });
        expect([done.status, done.completedAt]).toEqual(["done", now]);
        await expectStoreError(
          setCommitmentStatus(fresh, { orgId: org.id, commitmentId: late?.id as string, status: "missed" }),
          "INVALID_TRANSITION",
        );
        await setCommitmentStatus(fresh, {
          orgId: org.id,
          commitmentId: later?.id as string,
          status: "cancelled",
        });
        expect(await byStatus("missed")).toEqual([future?.id]);
      });

      it("sessions that ended a while ago go; live ones and recently ended ones stay", async () => {
        const { store: fresh } = await harness.openFresh();
        track(fresh);
        await migrate(fresh);
        const { org, agent } = await seedOrganisation(fresh);
        const day = 24 * 60 * 60_000;
        const session = (name: string, expiresAt: number) =>
          createSession(fresh, { orgId: org.id, personId: agent.id, tokenHash: name, expiresAt });
        await session("expired-long-ago", Date.now() - 10 * day);
        await session("expired-yesterday", Date.now() - day);
        const live = await session("live", Date.now() + day);
        const revoked = await session("signed-out-long-ago", Date.now() + day);
        await revokeSession(fresh, { orgId: org.id, sessionId: revoked.id });
        await fresh.query("UPDATE sessions SET revoked_at = now() - interval '9 days' WHERE id = $1", [
          revoked.id,
        ]);
        expect(await pruneEndedSessions(fresh, { endedBefore: Date.now() - 7 * day, limit: 100 })).toBe(2);
        const rows = await fresh.query("SELECT token_hash FROM sessions ORDER BY token_hash");
        expect(rows.map((r) => r.token_hash)).toEqual(["expired-yesterday", "live"]);
        expect(live.id).toBeTruthy();
      });
    });

    describe("migrations", () => {
      it("apply once, then report nothing to do", async () => {
        const { store: fresh } = await harness.openFresh();
        track(fresh);
        const all = readMigrations().map((m) => m.id);
        expect(await migrate(fresh)).toEqual({ applied: all });
        expect(await migrate(fresh)).toEqual({ applied: [] });
        const rows = await fresh.query("SELECT id FROM schema_migrations ORDER BY id");
        expect(rows.map((r) => r.id)).toEqual(all);
      });

      it("two instances migrating at once apply each migration exactly once", async () => {
        const { store: fresh, openPeer } = await harness.openFresh();
        track(fresh);
        const other = openPeer ? track(await openPeer()) : fresh;
        const results = await Promise.all([migrate(fresh), migrate(other)]);
        const applied = results.flatMap((r) => r.applied).sort();
        expect(applied).toEqual(readMigrations().map((m) => m.id));
      });

      it("a failing migration leaves nothing behind, and an edited applied migration is refused", async () => {
        const { store: fresh } = await harness.openFresh();
        track(fresh);
        const dir = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
        try {
          writeFileSync(join(dir, "0001_first.sql"), "CREATE TABLE contract_one (x int);");
          writeFileSync(
            join(dir, "0002_broken.sql"),
            "CREATE TABLE contract_two (x int); SELECT no_such_function();",
          );
          await expect(migrate(fresh, dir)).rejects.toThrow(/no_such_function/);
          const tables = await fresh.query(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'contract_%' OR table_name = 'schema_migrations'",
          );
          expect(tables).toEqual([]);

          writeFileSync(join(dir, "0002_broken.sql"), "CREATE TABLE contract_two (x int);");
          expect(await migrate(fresh, dir)).toEqual({ applied: ["0001_first", "0002_broken"] });
          writeFileSync(join(dir, "0001_first.sql"), "CREATE TABLE contract_one (x bigint);");
          await expectStoreError(migrate(fresh, dir), "MIGRATION_CHANGED");
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it("a database a newer version migrated is refused, naming what it does not know, and nothing is applied", async () => {
        const { store: fresh } = await harness.openFresh();
        track(fresh);
        const newer = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
        const older = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
        try {
          for (const dir of [newer, older])
            writeFileSync(join(dir, "0001_first.sql"), "CREATE TABLE contract_one (x int);");
          writeFileSync(join(newer, "0002_second.sql"), "CREATE TABLE contract_two (x int);");
          writeFileSync(join(older, "0003_own.sql"), "CREATE TABLE contract_three (x int);");
          expect(await migrate(fresh, newer)).toEqual({ applied: ["0001_first", "0002_second"] });
          const refused = await migrate(fresh, older).then(
            () => null,
            (error: unknown) => error,
          );
          expect(refused).toMatchObject({ code: "SCHEMA_NEWER", details: { unknown: ["0002_second"] } });
          expect((refused as Error).message).toContain("0002_second");
          const tables = await fresh.query(
            "SELECT table_name FROM information_schema.tables WHERE table_name = 'contract_three'",
          );
          expect(tables).toEqual([]);
        } finally {
          rmSync(newer, { recursive: true, force: true });
          rmSync(older, { recursive: true, force: true });
        }
      });
    });

    describe("transactions", () => {
      it("commit everything together", async () => {
        const seeded = await store.transaction((tx) => seedOrganisation(tx));
        expect(await findOrganisationById(store, seeded.org.id)).not.toBeNull();
        expect(await findConversationById(store, seeded.org.id, seeded.conversation.id)).not.toBeNull();
      });

      it("roll back on error: nothing is written and the error is rethrown", async () => {
        let orgId = "";
        const failure = new Error("boom after writing");
        await expect(
          store.transaction(async (tx) => {
            const seeded = await seedOrganisation(tx);
            orgId = seeded.org.id;
            await appendMessages(tx, [
              {
                orgId,
                conversationId: seeded.conversation.id,
                role: "customer",
                text: "hello",
                externalId: "m-1",
              },
            ]);
            await appendEvents(tx, [{ orgId, type: "conversation.started" }]);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(orgId).not.toBe("");
        expect(await findOrganisationById(store, orgId)).toBeNull();
        for (const table of ["teams", "people", "conversations", "messages", "events"]) {
          expect(await countRows(store, table, orgId)).toBe(0);
        }
      });

      it("a failed statement inside a transaction rolls back the earlier ones", async () => {
        const { org, team } = await seedOrganisation(store);
        await expect(
          store.transaction(async (tx) => {
            await tx.query("INSERT INTO teams (org_id, name) VALUES ($1, 'Second line')", [org.id]);
            await tx.query("INSERT INTO teams (org_id, name) VALUES ($1, $2)", [org.id, team.name]);
          }),
        ).rejects.toThrow();
        expect((await listTeams(store, org.id)).map((t) => t.name)).toEqual(["Support"]);
      });

      it("statements issued together run in the order they were issued", async () => {
        const { org } = await seedOrganisation(store);
        const names = Array.from({ length: 12 }, (_, i) => `Team ${String(i).padStart(2, "0")}`);
        const seen = await store.transaction(async (tx) => {
          // Not awaited one by one: every INSERT and every count is sent before the first answers.
          const pending = names.flatMap((name) => [
            tx.query("INSERT INTO teams (org_id, name) VALUES ($1, $2)", [org.id, name]),
            tx.query<{ n: number }>("SELECT count(*)::int AS n FROM teams WHERE org_id = $1", [org.id]),
          ]);
          const answers = await Promise.all(pending);
          return answers.filter((_, i) => i % 2 === 1).map((rows) => Number(rows[0]?.n));
        });
        // The seeded team, then one more per INSERT, each count seeing exactly the INSERTs before it.
        expect(seen).toEqual(names.map((_, i) => i + 2));
      });

      it("a statement still unanswered when the function returns is committed with the transaction, or fails it", async () => {
        const { org, team } = await seedOrganisation(store);
        let pending: Promise<unknown> = Promise.resolve();
        await store.transaction(async (tx) => {
          await tx.query("INSERT INTO teams (org_id, name) VALUES ($1, 'Second line')", [org.id]);
          pending = tx.query("INSERT INTO teams (org_id, name) VALUES ($1, 'Third line')", [org.id]);
        });
        await pending;
        expect((await listTeams(store, org.id)).map((t) => t.name).sort()).toEqual([
          "Second line",
          "Support",
          "Third line",
        ]);

        let failing: Promise<unknown> = Promise.resolve();
        await expect(
          store.transaction(async (tx) => {
            await tx.query("INSERT INTO teams (org_id, name) VALUES ($1, 'Fourth line')", [org.id]);
            failing = tx.query("INSERT INTO teams (org_id, name) VALUES ($1, $2)", [org.id, team.name]);
            failing.catch(() => undefined);
          }),
        ).rejects.toThrow();
        await expect(failing).rejects.toThrow();
        expect(await listTeams(store, org.id)).toHaveLength(3);
      });

      it("a failing statement among several issued together fails the transaction and keeps nothing", async () => {
        const { org, team } = await seedOrganisation(store);
        await expect(
          store.transaction(async (tx) => {
            await Promise.all([
              tx.query("INSERT INTO teams (org_id, name) VALUES ($1, 'Second line')", [org.id]),
              tx.query("INSERT INTO teams (org_id, name) VALUES ($1, $2)", [org.id, team.name]),
              tx.query("INSERT INTO teams (org_id, name) VALUES ($1, 'Third line')", [org.id]),
            ]);
          }),
        ).rejects.toThrow();
        expect((await listTeams(store, org.id)).map((t) => t.name)).toEqual(["Support"]);
      });
    });

    describe("messages", () => {
      it("a conversation knows since when its customer has waited for a reply", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const at = (minute: number) => Date.parse("2026-03-02T10:00:00Z") + minute * 60_000;
        const say = (lines: [NewMessage["role"], number, NewMessage["kind"]?][]) =>
          appendMessages(
            store,
            lines.map(([role, minute, kind]) => ({
              orgId: org.id,
              conversationId: conversation.id,
              role,
              ...(kind !== undefined ? { kind } : {}),
              text: `${role} at ${minute}`,
              sentAt: at(minute),
            })),
          );
        const waiting = async () =>
          (await findConversationById(store, org.id, conversation.id))?.waitingSince ?? null;
        expect(await waiting()).toBeNull();
        await say([["customer", 1]]);
        expect(await waiting()).toBe(at(1));
        // Another line, a whisper and a system line do not answer them.
        await say([
          ["customer", 2],
          ["agent", 3, "whisper"],
          ["system", 4],
        ]);
        expect(await waiting()).toBe(at(1));
        await say([["agent", 5]]);
        expect(await waiting()).toBeNull();
        // Answered and asked again within one batch: a new wait.
        await say([
          ["customer", 6],
          ["agent", 7],
          ["customer", 8],
          ["customer", 9],
        ]);
        expect(await waiting()).toBe(at(8));
        // A sweep may tell this wait once: not with a stale start, not once an alert is raised.
        const since = await waiting();
        if (since === null) throw new Error("not waiting");
        const claim = (waitingSince: number) =>
          claimWaitToTell(store, { orgId: org.id, conversationId: conversation.id, waitingSince });
        expect(await claim(since - 1)).toBe(false);
        expect(await claim(since)).toBe(true);
        await raiseAlert(store, {
          orgId: org.id,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          agentPersonId: null,
          helperPersonId: null,
          reasons: [],
          rung: "signal",
          risk: 0.2,
          why: "waiting",
          raisedAt: since + 60_000,
        });
        expect(await claim(since)).toBe(false);
        // Closed while waiting, then the customer writes again: the wait starts anew.
        await store.query("UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1", [
          conversation.id,
        ]);
        await say([["customer", 30]]);
        expect(await waiting()).toBe(at(30));
      });

      it("append is idempotent by the sender's message id, across calls and within a batch", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const base = { orgId: org.id, conversationId: conversation.id };
        const first = await appendMessages(store, [
          { ...base, role: "customer", text: "my refund is late", externalId: "ext-1" },
          { ...base, role: "agent", text: "let me check", externalId: "ext-2" },
          { ...base, role: "customer", text: "my refund is late", externalId: "ext-1" },
        ]);
        expect(first.map((r) => r.created)).toEqual([true, true, false]);
        expect(first[2]?.message.id).toBe(first[0]?.message.id);

        const retry = await appendMessages(store, [
          { ...base, role: "customer", text: "my refund is late", externalId: "ext-1" },
          { ...base, role: "customer", text: "hello?", externalId: "ext-3" },
        ]);
        expect(retry.map((r) => r.created)).toEqual([false, true]);
        expect(retry[0]?.message).toEqual(first[0]?.message);
        expect(await countRows(store, "messages", org.id)).toBe(3);
        const after = await findConversationById(store, org.id, conversation.id);
        expect(after?.messageCount).toBe(3);
      });

      it("the same sender id in another organisation is a different message", async () => {
        const a = await seedOrganisation(store);
        const b = await seedOrganisation(store);
        const [ra] = await appendMessages(store, [
          {
            orgId: a.org.id,
            conversationId: a.conversation.id,
            role: "customer",
            text: "a",
            externalId: "same",
          },
        ]);
        const [rb] = await appendMessages(store, [
          {
            orgId: b.org.id,
            conversationId: b.conversation.id,
            role: "customer",
            text: "b",
            externalId: "same",
          },
        ]);
        expect(ra?.created && rb?.created).toBe(true);
        expect(ra?.message.id).not.toBe(rb?.message.id);
      });

      it("positions follow arrival order per conversation, across batches and interleaved conversations", async () => {
        const { org, team, conversation } = await seedOrganisation(store);
        const { conversation: second } = await findOrCreateConversation(store, {
          orgId: org.id,
          teamId: team.id,
          channel: "email",
          externalId: "second",
        });
        const rows: NewMessage[] = [];
        for (let i = 0; i < 10; i += 1) {
          rows.push({
            orgId: org.id,
            conversationId: i % 2 === 0 ? conversation.id : second.id,
            role: i % 3 === 0 ? "agent" : "customer",
            text: `message ${i}`,
            sentAt: Date.UTC(2026, 0, 1, 12, 0, i),
          });
        }
        const batchOne = await appendMessages(store, rows.slice(0, 4));
        const batchTwo = await appendMessages(store, rows.slice(4));
        expect([...batchOne, ...batchTwo].map((r) => r.message.text)).toEqual(rows.map((r) => r.text));

        const firstThread = await findMessagesAfter(store, {
          orgId: org.id,
          conversationId: conversation.id,
          audience: "team",
        });
        expect(firstThread.map((m) => m.position)).toEqual([0, 1, 2, 3, 4]);
        expect(firstThread.map((m) => m.text)).toEqual([
          "message 0",
          "message 2",
          "message 4",
          "message 6",
          "message 8",
        ]);
        const resumed = await findMessagesAfter(store, {
          orgId: org.id,
          conversationId: second.id,
          audience: "team",
          afterPosition: 2,
        });
        expect(resumed.map((m) => m.text)).toEqual(["message 7", "message 9"]);
        const updated = await findConversationById(store, org.id, conversation.id);
        expect(updated?.lastMessageAt).toBe(Date.UTC(2026, 0, 1, 12, 0, 8));
      });

      it("concurrent appends to one conversation get distinct, gap-free positions", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const batches = Array.from({ length: 6 }, (_, b) =>
          Array.from({ length: 5 }, (_, i) => ({
            orgId: org.id,
            conversationId: conversation.id,
            role: "customer" as const,
            text: `b${b} m${i}`,
            externalId: `c-${b}-${i}`,
          })),
        );
        await Promise.all(batches.map((batch) => store.transaction((tx) => appendMessages(tx, batch))));
        const thread = await findMessagesAfter(store, {
          orgId: org.id,
          conversationId: conversation.id,
          audience: "team",
        });
        expect(thread.map((m) => m.position)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      });

      it("text and JSON survive the batch encoding exactly (quotes, backslashes, braces, NULL, unicode)", async () => {
        const { org, team, conversation } = await seedOrganisation(store);
        const awkward = [
          'She said "refund" \\ twice, {really}, [sure]',
          "NULL",
          "null",
          "",
          "line one\nline two\ttabbed\r\n",
          "emoji 😡 and accents éàü, 中文",
          "x".repeat(20_000),
          "trailing backslash \\",
          '{"looks":"like json"}',
        ];
        const appended = await appendMessages(
          store,
          awkward.map((text, i) => ({
            orgId: org.id,
            conversationId: conversation.id,
            role: "customer" as const,
            text,
            authorName: i === 0 ? 'O\'Brien "Bob"' : null,
            externalId: i === 1 ? "NULL" : `awk-${i}`,
          })),
        );
        expect(appended.map((r) => r.message.text)).toEqual(awkward);
        const stored = await findMessagesAfter(store, {
          orgId: org.id,
          conversationId: conversation.id,
          audience: "team",
        });
        expect(stored.map((m) => m.text)).toEqual(awkward);
        expect(stored[0]?.authorName).toBe('O\'Brien "Bob"');
        expect(stored[1]?.externalId).toBe("NULL");
        expect(stored[2]?.authorName).toBeNull();

        const payload = { text: awkward[0] ?? "", nested: { list: [1, null, "NULL", true] }, empty: "" };
        const [event] = await appendEvents(store, [
          { orgId: org.id, teamId: team.id, type: "message.received", payload },
        ]);
        const [read] = await findEventsAfter(store, (event?.id ?? 1) - 1, {
          orgId: org.id,
          teamIds: [team.id],
        });
        expect(read?.payload).toEqual(payload);
        expect(event?.payload).toEqual(payload);
      });

      it("whispers, notes and signals never reach a customer-audience read", async () => {
        const { org, conversation, peer } = await seedOrganisation(store);
        const base = { orgId: org.id, conversationId: conversation.id };
        await appendMessages(store, [
          { ...base, role: "customer", text: "where is my order" },
          {
            ...base,
            role: "agent",
            kind: "whisper",
            text: "ask for the order number",
            authorPersonId: peer.id,
          },
          { ...base, role: "agent", kind: "note", text: "customer sounds upset" },
          { ...base, role: "system", kind: "signal", text: "I'm here" },
          { ...base, role: "agent", text: "could you share the order number?" },
        ]);
        const customerView = await findMessagesAfter(store, { ...base, audience: "customer" });
        expect(customerView.map((m) => m.text)).toEqual([
          "where is my order",
          "could you share the order number?",
        ]);
        const teamView = await findMessagesAfter(store, { ...base, audience: "team" });
        expect(teamView).toHaveLength(5);
        expect(teamView[1]?.authorPersonId).toBe(peer.id);
      });

      it("a batch naming a missing conversation writes nothing and says which", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const missing = randomUUID();
        const error = await expectStoreError(
          appendMessages(store, [
            {
              orgId: org.id,
              conversationId: conversation.id,
              role: "customer",
              text: "ok",
              externalId: "ok-1",
            },
            { orgId: org.id, conversationId: missing, role: "customer", text: "lost", externalId: "lost-1" },
          ]),
          "NOT_FOUND",
        );
        expect(error.message).toContain(missing);
        expect(await countRows(store, "messages", org.id)).toBe(0);
        expect((await findConversationById(store, org.id, conversation.id))?.messageCount).toBe(0);
      });

      it("bad input lists every problem and writes nothing", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const error = await expectStoreError(
          appendMessages(store, [
            { orgId: org.id, conversationId: "nope", role: "customer", text: "x" },
            { orgId: org.id, conversationId: conversation.id, role: "robot" as "agent", text: "y" },
          ]),
          "INVALID_INPUT",
        );
        expect(error.message).toContain("[0].conversationId");
        expect(error.message).toContain("[1].role");
        expect(await countRows(store, "messages", org.id)).toBe(0);
      });
    });

    describe("analyses", () => {
      it("must name a stored message of that conversation; a bad batch writes nothing", async () => {
        const { org, team, conversation } = await seedOrganisation(store);
        const { conversation: other } = await findOrCreateConversation(store, {
          orgId: org.id,
          teamId: team.id,
          channel: "chat",
          externalId: "other",
        });
        const [appended] = await appendMessages(store, [
          { orgId: org.id, conversationId: conversation.id, role: "customer", text: "hi" },
        ]);
        const messageId = appended?.message.id as string;
        const good = {
          orgId: org.id,
          conversationId: conversation.id,
          messageId,
          messageIndex: 0,
          risk: 0.1,
          rung: "observe" as const,
          analysis: { index: 0 },
        };
        await expectStoreError(
          appendAnalyses(store, [good, { ...good, messageId: randomUUID() }]),
          "NOT_FOUND",
        );
        await expectStoreError(appendAnalyses(store, [{ ...good, conversationId: other.id }]), "NOT_FOUND");
        // The index must be the message's position.
        await expectStoreError(appendAnalyses(store, [{ ...good, messageIndex: 1 }]), "NOT_FOUND");
        expect(await countAnalysed(store, org.id)).toBe(0);
        expect(await appendAnalyses(store, [good])).toBe(1);
        expect(await countAnalysed(store, org.id)).toBe(1);
      });

      it("are written with their messages when the writer prepares them, for new messages only", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const first = await appendMessages(store, [
          { orgId: org.id, conversationId: conversation.id, role: "customer", text: "hi", externalId: "m-1" },
        ]);
        const seen: number[][] = [];
        const appended = await appendMessages(
          store,
          [
            {
              orgId: org.id,
              conversationId: conversation.id,
              role: "customer",
              text: "hi",
              externalId: "m-1",
            },
            {
              orgId: org.id,
              conversationId: conversation.id,
              role: "customer",
              text: "still there?",
              externalId: "m-2",
            },
          ],
          {
            prepare(toWrite) {
              seen.push([...toWrite]);
              return {
                analyses: new Map([
                  [1, { risk: 0.4, rung: "signal" as const, analysis: { why: "waiting" } }],
                ]),
                // Row 0 is a retry: its commitment must not be stored again.
                commitments: [
                  { row: 0, personId: null, text: "I'll look into it", dueAt: null },
                  {
                    row: 1,
                    personId: null,
                    text: "I'll call you back by 5pm",
                    dueAt: Date.UTC(2026, 5, 2, 17),
                  },
                ],
                readings: [
                  {
                    orgId: org.id,
                    conversationId: conversation.id,
                    risk: 0.4,
                    customerEmotion: "frustrated",
                    frustration: 0.5,
                    activeCues: ["repeat_question"],
                  },
                ],
              };
            },
          },
        );
        // The retry of m-1 is recognised before the engine would see it.
        expect(seen).toEqual([[1]]);
        expect(appended.map((a) => a.created)).toEqual([false, true]);
        expect(appended[0]?.message.id).toBe(first[0]?.message.id);
        const analyses = await listAnalyses(store, { orgId: org.id, conversationId: conversation.id });
        expect(analyses.map((a) => [a.messageIndex, a.risk, a.rung, a.analysis])).toEqual([
          [1, 0.4, "signal", { why: "waiting", messageIndex: 1 }],
        ]);
        const [row] = await store.query(
          "SELECT risk, customer_emotion, frustration, active_cues, message_count FROM conversations WHERE id = $1",
          [conversation.id],
        );
        expect(row).toMatchObject({
          customer_emotion: "frustrated",
          active_cues: ["repeat_question"],
          message_count: 2,
        });
        expect(Number(row?.risk)).toBeCloseTo(0.4);
        const promised = await listCommitments(store, { orgId: org.id, conversationId: conversation.id });
        expect(promised.map((c) => [c.messageId, c.text, c.dueAt])).toEqual([
          [appended[1]?.message.id, "I'll call you back by 5pm", Date.UTC(2026, 5, 2, 17)],
        ]);
      });

      it("skip the stored-id lookup when assumed new, and refuse a stored one so the caller rolls back", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const message = (externalId: string) => ({
          orgId: org.id,
          conversationId: conversation.id,
          role: "customer" as const,
          text: "hi",
          externalId,
        });
        const [first] = await appendMessages(store, [message("a-1")], { assumeNew: true });
        expect(first?.created).toBe(true);
        await expectStoreError(
          store.transaction((tx) =>
            appendMessages(tx, [message("a-2"), message("a-1")], { assumeNew: true }),
          ),
          "ALREADY_STORED",
        );
        // The transaction rolled back: a-2 was not kept, and the careful path answers the retry.
        expect(await countRows(store, "messages", org.id)).toBe(1);
        const again = await appendMessages(store, [message("a-2"), message("a-1")]);
        expect(again.map((a) => [a.created, a.message.position])).toEqual([
          [true, 1],
          [false, 0],
        ]);
      });

      it("prepared for a message are checked first: a bad one writes nothing", async () => {
        const { org, conversation } = await seedOrganisation(store);
        const error = await expectStoreError(
          appendMessages(
            store,
            [
              {
                orgId: org.id,
                conversationId: conversation.id,
                role: "customer",
                text: "hi",
                externalId: "x",
              },
            ],
            {
              prepare: () => ({
                analyses: new Map([[0, { risk: 2, rung: "observe" as const, analysis: {} }]]),
              }),
            },
          ),
          "INVALID_INPUT",
        );
        expect(error.message).toContain("analyses[0].risk must be within 0..1");
        expect(await countRows(store, "messages", org.id)).toBe(0);
      });

      it("go with their messages when a conversation is deleted", async () => {
        const { org, conversation, agent, peer, team } = await seedOrganisation(store);
        const [appended] = await appendMessages(store, [
          { orgId: org.id, conversationId: conversation.id, role: "customer", text: "hi" },
        ]);
        await appendAnalyses(store, [
          {
            orgId: org.id,
            conversationId: conversation.id,
            messageId: appended?.message.id as string,
            messageIndex: 0,
            risk: 0.1,
            rung: "observe",
            analysis: {},
          },
        ]);
        await raiseAlert(store, {
          orgId: org.id,
          teamId: team.id,
          conversationId: conversation.id,
          messageId: appended?.message.id ?? null,
          agentPersonId: agent.id,
          helperPersonId: peer.id,
          reasons: [],
          rung: "signal",
          risk: 0.5,
          why: "test",
        });
        expect(await countAnalysed(store, org.id)).toBe(1);
        expect(await deleteConversation(store, { orgId: org.id, conversationId: conversation.id })).toBe(
          true,
        );
        expect(await countAnalysed(store, org.id)).toBe(0);
        for (const table of ["messages", "alerts", "conversations"]) {
          expect(await countRows(store, table, org.id)).toBe(0);
        }
      });
    });

    describe("events", () => {
      it("are numbered in append order and resume after an id, filtered by audience", async () => {
        const { org, team, conversation, agent, peer } = await seedOrganisation(store);
        const other = await seedOrganisation(store);
        const otherTeam = randomUUID();
        const input: NewEvent[] = [
          { orgId: org.id, type: "knowledge.updated" },
          { orgId: org.id, teamId: team.id, conversationId: conversation.id, type: "alert.raised" },
          { orgId: org.id, teamId: team.id, personId: agent.id, type: "whisper.sent" },
          { orgId: org.id, teamId: team.id, personId: peer.id, type: "takeover.offered" },
          {
            orgId: org.id,
            conversationId: conversation.id,
            type: "message.received",
            payload: { position: 3 },
          },
          { orgId: org.id, teamId: otherTeam, type: "conversation.started" },
          { orgId: other.org.id, teamId: other.team.id, type: "alert.raised" },
        ];
        const written = await appendEvents(store, input);
        expect(written.map((e) => e.type)).toEqual(input.map((e) => e.type));
        const ids = written.map((e) => e.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(new Set(ids).size).toBe(ids.length);
        expect(written[4]?.payload).toEqual({ position: 3 });

        const start = (ids[0] ?? 1) - 1;
        const scopes: EventScope[] = [
          { orgId: org.id, personId: agent.id, teamIds: [team.id] },
          { orgId: org.id, personId: peer.id, teamIds: [team.id], orgWide: false },
          { orgId: org.id, conversationIds: [conversation.id], orgWide: false },
          { orgId: org.id, personId: agent.id },
          { orgId: org.id, teamIds: [team.id, otherTeam], conversationIds: [conversation.id] },
        ];
        for (const scope of scopes) {
          const found = await findEventsAfter(store, start, scope);
          const expected = written.filter((e) => matchesEventScope(e, scope));
          expect(found.map((e) => e.id)).toEqual(expected.map((e) => e.id));
        }
        const agentView = await findEventsAfter(store, start, scopes[0] as EventScope);
        expect(agentView.map((e) => e.type)).toEqual(["knowledge.updated", "alert.raised", "whisper.sent"]);
        const customerView = await findEventsAfter(store, start, scopes[2] as EventScope);
        expect(customerView.map((e) => e.type)).toEqual(["message.received"]);

        const resumed = await findEventsAfter(store, ids[1] as number, scopes[0] as EventScope);
        expect(resumed.map((e) => e.type)).toEqual(["whisper.sent"]);
        const fanOut = await findEventsAfterForFanOut(store, start);
        expect(fanOut.map((e) => e.id)).toEqual(expect.arrayContaining(ids));
      });

      it("reject a type that is not <thing>.<past tense>", async () => {
        const { org } = await seedOrganisation(store);
        await expectStoreError(
          appendEvents(store, [{ orgId: org.id, type: "AlertRaised" }]),
          "INVALID_INPUT",
        );
        expect(await countRows(store, "events", org.id)).toBe(0);
      });

      it("written in concurrent transactions still become visible in id order", async () => {
        const { org, team } = await seedOrganisation(store);
        const scope = { orgId: org.id, teamIds: [team.id] };
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.transaction((tx) =>
              appendEvents(tx, [
                { orgId: org.id, teamId: team.id, type: "conversation.updated", payload: { i } },
                { orgId: org.id, teamId: team.id, type: "conversation.updated", payload: { i } },
              ]),
            ),
          ),
        );
        const all = await findEventsAfter(store, 0, scope);
        expect(all).toHaveLength(16);
        // Each transaction's pair is adjacent: transactions appending events are serialised.
        for (let i = 0; i < all.length; i += 2) expect(all[i]?.payload).toEqual(all[i + 1]?.payload);
      });
    });

    describe("event ordering across instances", () => {
      it.skipIf(!harness.openPeer)(
        "an event-appending transaction waits for an earlier one, so ids follow commit order",
        async () => {
          const { org } = await seedOrganisation(store);
          const commits: number[] = [];
          let appendedFirst: () => void = () => {};
          const firstAppended = new Promise<void>((r) => (appendedFirst = r));
          let releaseFirst: () => void = () => {};
          const firstReleased = new Promise<void>((r) => (releaseFirst = r));
          const first = store.transaction(async (tx) => {
            const [event] = await appendEvents(tx, [{ orgId: org.id, type: "conversation.updated" }]);
            appendedFirst();
            await firstReleased;
            return event?.id ?? 0;
          });
          void first.then((id) => commits.push(id));
          await firstAppended;
          const second = store.transaction(async (tx) => {
            const [event] = await appendEvents(tx, [{ orgId: org.id, type: "conversation.updated" }]);
            return event?.id ?? 0;
          });
          void second.then((id) => commits.push(id));
          try {
            // Wait (by condition, not time) until the second transaction is blocked on the events lock.
            for (let polls = 0; ; polls += 1) {
              const [row] = await store.query(
                "SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
              );
              if (Number(row?.waiting) > 0) break;
              if (polls > 2_000) throw new Error("second transaction never waited for the events lock");
            }
            expect(commits).toEqual([]);
          } finally {
            // Always let the first transaction finish, or the pool would never close.
            releaseFirst();
          }
          const ids = await Promise.all([first, second]);
          // Both committed; which client hears of its COMMIT first is the event loop's affair (two
          // connections), so what is checked is the ids: the waiting transaction's came after.
          expect([...commits].sort((a, b) => a - b)).toEqual(ids);
          expect(ids[0]).toBeLessThan(ids[1] as number);
        },
      );
    });

    describe("listen / notify", () => {
      it("delivers a payload to a listener", async () => {
        const channel = `contract_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
        const { payloads, stop } = await collectPayloads(store, channel, 2);
        await store.notify(channel, "first");
        await store.notify(channel, "42");
        expect(await payloads).toEqual(["first", "42"]);
        await stop();
      });

      it("delivers a NOTIFY sent inside a transaction only on commit, never on rollback", async () => {
        const channel = `contract_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
        const { payloads, stop } = await collectPayloads(store, channel, 1);
        await expect(
          store.transaction(async (tx) => {
            await tx.query("SELECT pg_notify($1, 'rolled back')", [channel]);
            throw new Error("abort");
          }),
        ).rejects.toThrow("abort");
        await store.transaction(async (tx) => {
          await tx.query("SELECT pg_notify($1, 'committed')", [channel]);
        });
        expect(await payloads).toEqual(["committed"]);
        await stop();
      });

      it("stops delivering after unsubscribe", async () => {
        const channel = `contract_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
        const gone: string[] = [];
        let goneGotOne: () => void = () => {};
        const goneReceived = new Promise<void>((r) => (goneGotOne = r));
        const stopGone = await store.listen(channel, (p) => {
          gone.push(p);
          goneGotOne();
        });
        const { payloads, stop } = await collectPayloads(store, channel, 2);
        await store.notify(channel, "both");
        await goneReceived;
        await stopGone();
        await store.notify(channel, "only-second");
        expect(await payloads).toEqual(["both", "only-second"]);
        expect(gone).toEqual(["both"]);
        await stop();
      });

      it("refuses a channel name that is not a plain identifier", async () => {
        await expectStoreError(store.notify("bad channel; drop", "x"), "INVALID_INPUT");
        await expectStoreError(
          store.listen("Bad-Channel", () => {}),
          "INVALID_INPUT",
        );
      });

      it.skipIf(!harness.openPeer)("reaches listeners of another instance on the same database", async () => {
        const peer = track(await (harness.openPeer as () => Promise<Store>)());
        const channel = `contract_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
        const { payloads, stop } = await collectPayloads(store, channel, 1);
        await peer.notify(channel, "from the other instance");
        expect(await payloads).toEqual(["from the other instance"]);
        await stop();
      });

      it.skipIf(!harness.openPeer)("re-listens after the listening connection drops", async () => {
        const own = track(await (harness.openPeer as () => Promise<Store>)());
        const dropper = own as Store & { dropListenerConnectionForTest?: () => Promise<void> };
        if (!dropper.dropListenerConnectionForTest) throw new Error("backend has peers but no listener hook");
        const channel = `contract_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
        let reconnected: () => void = () => {};
        const reconnectedOnce = new Promise<void>((r) => (reconnected = r));
        const received: string[] = [];
        let delivered: () => void = () => {};
        const deliveredOnce = new Promise<void>((r) => (delivered = r));
        await own.listen(
          channel,
          (payload) => {
            received.push(payload);
            delivered();
          },
          { onReconnect: () => reconnected() },
        );
        await dropper.dropListenerConnectionForTest();
        await reconnectedOnce;
        await store.notify(channel, "after reconnect");
        await deliveredOnce;
        expect(received).toEqual(["after reconnect"]);
      });
    });

    describe("conversation history", () => {
      it("lists newest first by start, filtered, and pages by the last one shown without gaps or repeats", async () => {
        const { org, team, agent, peer } = await seedOrganisation(store);
        const base = Date.now();
        const started = (minutesAgo: number): number => base - minutesAgo * 60_000;
        const make = async (
          n: number,
          extra: { name: string; subject?: string; person?: string; channel?: "chat" | "email" },
        ) => {
          const customer = await upsertCustomer(store, { orgId: org.id, name: extra.name });
          const { conversation } = await findOrCreateConversation(store, {
            orgId: org.id,
            teamId: team.id,
            channel: extra.channel ?? "chat",
            externalId: `history-${n}`,
            customerId: customer.id,
            subject: extra.subject ?? null,
            assignedPersonId: extra.person ?? agent.id,
            topic: n % 2 === 0 ? "refunds" : "billing",
            createdAt: started(100 - n),
          });
          return conversation;
        };
        const made = [];
        for (let n = 0; n < 7; n++) {
          made.push(
            await make(n, {
              name: n === 3 ? "Rosa 100%_Wong" : `Customer ${n}`,
              ...(n === 5 ? { subject: "Refund for a cracked ROSA vase", channel: "email" as const } : {}),
              ...(n === 6 ? { person: peer.id } : {}),
            }),
          );
        }
        await closeConversation(store, { orgId: org.id, conversationId: made[1]!.id });
        const ids = async (q: Partial<Parameters<typeof listConversations>[1]>) =>
          (await listConversations(store, { orgId: org.id, order: "started", ...q })).map((c) => c.id);
        const newestFirst = [...made].reverse().map((c) => c.id);
        // The seeded organisation's own conversation began now: it comes first.
        expect((await ids({})).slice(1)).toEqual(newestFirst);

        // Pages of two, each after the last one shown, give every conversation once, in order.
        const paged: string[] = [];
        let afterId: string | undefined;
        for (;;) {
          const page = await ids({ limit: 2, ...(afterId !== undefined ? { afterId } : {}) });
          paged.push(...page);
          if (page.length < 2) break;
          afterId = page.at(-1);
        }
        expect(paged.slice(1)).toEqual(newestFirst);

        // Search: part of a name or a subject in any case (wildcards are plain characters), or an external id.
        expect(await ids({ search: "rosa" })).toEqual([made[5]!.id, made[3]!.id]);
        expect(await ids({ search: "100%_" })).toEqual([made[3]!.id]);
        expect(await ids({ search: "100%x" })).toEqual([]);
        expect(await ids({ search: "history-4" })).toEqual([made[4]!.id]);
        // The other filters, and the window of start times.
        expect(await ids({ status: "closed" })).toEqual([made[1]!.id]);
        expect(await ids({ channel: "email" })).toEqual([made[5]!.id]);
        expect(await ids({ assignedPersonId: peer.id })).toEqual([made[6]!.id]);
        expect(await ids({ topic: "billing", search: "Customer" })).toEqual([made[5]!.id, made[1]!.id]);
        expect(
          await ids({
            startedSince: new Date(started(98)).toISOString(),
            startedUntil: new Date(started(95.5)).toISOString(),
          }),
        ).toEqual([made[4]!.id, made[3]!.id, made[2]!.id]);
        // Another organisation's conversation is no cursor here.
        const other = await seedOrganisation(store);
        expect(await ids({ afterId: other.conversation.id })).toEqual([]);
        // Many by id in one read: another organisation's and malformed ids are left out.
        const byIds = await findConversationsByIds(store, org.id, [
          made[2]!.id,
          made[0]!.id,
          made[2]!.id,
          other.conversation.id,
          "not-an-id",
        ]);
        expect(byIds.map((c) => c.id).sort()).toEqual([made[0]!.id, made[2]!.id].sort());
      });
    });

    describe("organisation isolation", () => {
      it("reads, writes and transitions never cross organisations", async () => {
        const a = await seedOrganisation(store);
        const b = await seedOrganisation(store);
        expect(await findConversationById(store, b.org.id, a.conversation.id)).toBeNull();
        expect(await findPersonById(store, b.org.id, a.agent.id)).toBeNull();
        expect(await findTeamById(store, b.org.id, a.team.id)).toBeNull();
        expect((await listPeople(store, { orgId: b.org.id })).map((p) => p.id)).not.toContain(a.agent.id);
        expect((await listConversations(store, { orgId: b.org.id })).map((c) => c.id)).toEqual([
          b.conversation.id,
        ]);

        await expectStoreError(
          appendMessages(store, [
            { orgId: b.org.id, conversationId: a.conversation.id, role: "customer", text: "smuggled" },
          ]),
          "NOT_FOUND",
        );
        expect(await countRows(store, "messages", a.org.id)).toBe(0);

        const alert = await raiseAlert(store, {
          orgId: a.org.id,
          teamId: a.team.id,
          conversationId: a.conversation.id,
          agentPersonId: a.agent.id,
          helperPersonId: a.peer.id,
          reasons: ["wrong_information"],
          rung: "whisper",
          risk: 0.7,
          why: "quoted a 60-day refund window; policy is 30 days",
        });
        await expectStoreError(
          transitionAlert(store, { orgId: b.org.id, alertId: alert.id, to: "acknowledged" }),
          "NOT_FOUND",
        );
        expect(await findAlertById(store, b.org.id, alert.id)).toBeNull();
        expect((await listAlerts(store, { orgId: b.org.id })).length).toBe(0);
        expect((await findAlertById(store, a.org.id, alert.id))?.state).toBe("raised");

        await appendEvents(store, [{ orgId: a.org.id, type: "knowledge.updated" }]);
        expect(await findEventsAfter(store, 0, { orgId: b.org.id })).toEqual([]);
      });
    });

    describe("domain", () => {
      it("alerts move raised → acknowledged → acted_on, and a second decision loses", async () => {
        const { org, team, conversation, agent, peer, lead } = await seedOrganisation(store);
        const alert = await raiseAlert(store, {
          orgId: org.id,
          teamId: team.id,
          conversationId: conversation.id,
          agentPersonId: agent.id,
          helperPersonId: peer.id,
          reasons: ["customer_reacting_to_agent"],
          rung: "signal",
          risk: 0.6,
          why: "customer now attacks the agent",
          evidence: [{ messageIndex: 2, start: 0, end: 10 }],
        });
        expect(alert.state).toBe("raised");
        expect(alert.evidence).toEqual([{ messageIndex: 2, start: 0, end: 10 }]);
        // The record is built from the input and the generated columns: it is what was stored.
        expect(await findAlertById(store, org.id, alert.id)).toEqual(alert);
        const decisions = await Promise.allSettled([
          transitionAlert(store, { orgId: org.id, alertId: alert.id, to: "acknowledged" }),
          transitionAlert(store, { orgId: org.id, alertId: alert.id, to: "acknowledged" }),
        ]);
        expect(decisions.filter((d) => d.status === "fulfilled")).toHaveLength(1);
        const rerouted = await reassignAlertHelper(store, {
          orgId: org.id,
          alertId: alert.id,
          helperPersonId: lead.id,
        });
        expect(rerouted.helperPersonId).toBe(lead.id);
        await expectStoreError(
          reassignAlertHelper(store, { orgId: org.id, alertId: alert.id, helperPersonId: agent.id }),
          "INVALID_INPUT",
        );
        const acted = await transitionAlert(store, { orgId: org.id, alertId: alert.id, to: "acted_on" });
        expect(acted.closedAt).not.toBeNull();
        await expectStoreError(
          transitionAlert(store, { orgId: org.id, alertId: alert.id, to: "dismissed_not_useful" }),
          "INVALID_TRANSITION",
        );
      });

      it("the newest open alert per conversation, for many conversations at once", async () => {
        const { org, team, conversation, agent, peer } = await seedOrganisation(store);
        const { conversation: second } = await findOrCreateConversation(store, {
          orgId: org.id,
          teamId: team.id,
          channel: "chat",
          externalId: "second-open-alerts",
        });
        const base = { orgId: org.id, teamId: team.id, agentPersonId: agent.id, risk: 0.5, why: "test" };
        await raiseAlert(store, {
          ...base,
          conversationId: conversation.id,
          reasons: ["customer_reacting_to_agent"],
          rung: "signal",
          raisedAt: 1_000,
        });
        const newer = await raiseAlert(store, {
          ...base,
          conversationId: conversation.id,
          helperPersonId: peer.id,
          reasons: ["customer_reacting_to_agent", "needs_authority"],
          rung: "whisper",
          raisedAt: 2_000,
          why: "the customer asks for a manager; the refund window is 30 days, not 14",
          suggestion: "Offer to bring in your lead.",
          evidence: [{ messageIndex: 3, start: 0, end: 7, kind: "asks_manager" }],
          wrongFactWhys: [{ factId: "refund-window", why: "the refund window is 30 days, not 14" }],
        });
        // The second conversation's only alert is closed: nothing open there.
        const closed = await raiseAlert(store, {
          ...base,
          conversationId: second.id,
          reasons: ["not_solution_focused"],
          rung: "signal",
        });
        await transitionAlert(store, { orgId: org.id, alertId: closed.id, to: "dismissed_not_useful" });
        const open = await findOpenAlertsForConversations(store, org.id, [
          conversation.id,
          second.id,
          "bad-id",
        ]);
        expect([...open.keys()]).toEqual([conversation.id]);
        expect(open.get(conversation.id)).toEqual({
          id: newer.id,
          conversationId: conversation.id,
          helperPersonId: peer.id,
          // The agent it is about: its news is kept from them (alertNews).
          agentPersonId: agent.id,
          // Asked, not acknowledged: its helper is not on it yet.
          state: "raised",
          reasons: ["customer_reacting_to_agent", "needs_authority"],
          rung: "whisper",
          // Whether it got worse since, and the authority it needs (asked again when its helper has gone).
          risk: 0.5,
          needsAuthority: false,
          // What a replacing alert carries over of it.
          why: "the customer asks for a manager; the refund window is 30 days, not 14",
          suggestion: "Offer to bring in your lead.",
          factId: null,
          evidence: [{ messageIndex: 3, start: 0, end: 7, kind: "asks_manager" }],
          // The parts of its why about a wrong fact, dropped by this record once the agent puts it right.
          wrongFactWhys: [{ factId: "refund-window", why: "the refund window is 30 days, not 14" }],
        });
        // Another organisation sees none of them.
        const other = await seedOrganisation(store);
        expect((await findOpenAlertsForConversations(store, other.org.id, [conversation.id])).size).toBe(0);
      });

      it("interventions: what still waits for an answer when its conversation ends is withdrawn, once", async () => {
        const { org, team, conversation, agent, peer, lead } = await seedOrganisation(store);
        const other = await seedOrganisation(store);
        const base = { orgId: org.id, teamId: team.id, conversationId: conversation.id };
        const [offer, escalation, answered, signal] = await createInterventions(store, [
          { ...base, kind: "takeover_offer", fromPersonId: peer.id, toPersonId: agent.id },
          { ...base, kind: "escalation", fromPersonId: agent.id, toPersonId: lead.id, text: "refund" },
          { ...base, kind: "takeover_offer", fromPersonId: peer.id, toPersonId: agent.id },
          { ...base, kind: "signal", state: "done", fromPersonId: peer.id, toPersonId: agent.id },
        ]);
        if (!offer || !escalation || !answered || !signal) throw new Error("interventions not created");
        await transitionIntervention(store, { orgId: org.id, interventionId: answered.id, to: "accepted" });
        const elsewhere = await createIntervention(store, {
          orgId: other.org.id,
          teamId: other.team.id,
          conversationId: other.conversation.id,
          kind: "takeover_offer",
          fromPersonId: other.peer.id,
          toPersonId: other.agent.id,
        });
        const at = Date.parse("2026-03-02T10:00:00Z");
        const withdrawn = await withdrawOffersOfConversations(store, {
          conversationIds: [conversation.id, "not-a-uuid"],
          at,
        });
        expect(withdrawn.map((i) => i.id).sort()).toEqual([offer.id, escalation.id].sort());
        expect(withdrawn.every((i) => i.state === "withdrawn" && i.decidedAt === at)).toBe(true);
        const states = new Map(
          (await listInterventions(store, { orgId: org.id, conversationId: conversation.id })).map((i) => [
            i.id,
            i.state,
          ]),
        );
        expect(states.get(answered.id)).toBe("accepted");
        expect(states.get(signal.id)).toBe("done");
        // Withdrawn is final; a second withdrawal finds nothing; another conversation is untouched.
        await expectStoreError(
          transitionIntervention(store, { orgId: org.id, interventionId: offer.id, to: "declined" }),
          "INVALID_TRANSITION",
        );
        expect(await withdrawOffersOfConversations(store, { conversationIds: [conversation.id] })).toEqual(
          [],
        );
        const [still] = await listInterventions(store, {
          orgId: other.org.id,
          conversationId: other.conversation.id,
        });
        expect(still?.id).toBe(elsewhere.id);
        expect(still?.state).toBe("offered");
      });

      it("interventions: withdrawn by id with a reason, only while waiting and only in its organisation; an escalation handed on once", async () => {
        const { org, team, conversation, agent, peer, lead } = await seedOrganisation(store);
        const other = await seedOrganisation(store);
        const base = { orgId: org.id, teamId: team.id, conversationId: conversation.id };
        const [offer, answered, escalation] = await createInterventions(store, [
          { ...base, kind: "takeover_offer", fromPersonId: peer.id, toPersonId: agent.id },
          { ...base, kind: "takeover_offer", fromPersonId: peer.id, toPersonId: agent.id },
          { ...base, kind: "escalation", fromPersonId: agent.id, toPersonId: lead.id, text: "refund" },
        ]);
        if (!offer || !answered || !escalation) throw new Error("interventions not created");
        await transitionIntervention(store, { orgId: org.id, interventionId: answered.id, to: "declined" });
        const at = Date.parse("2026-03-02T10:00:00Z");
        await expectStoreError(
          withdrawInterventions(store, {
            orgId: org.id,
            interventionIds: [offer.id],
            reason: "bored" as "person_deactivated",
          }),
          "INVALID_INPUT",
        );
        // Another organisation's id withdraws nothing.
        expect(
          await withdrawInterventions(store, {
            orgId: other.org.id,
            interventionIds: [offer.id],
            reason: "person_deactivated",
          }),
        ).toEqual([]);
        const withdrawn = await withdrawInterventions(store, {
          orgId: org.id,
          interventionIds: [offer.id, answered.id, "not-a-uuid"],
          reason: "person_deactivated",
          at,
        });
        expect(withdrawn.map((i) => [i.id, i.state, i.withdrawnReason, i.decidedAt])).toEqual([
          [offer.id, "withdrawn", "person_deactivated", at],
        ]);
        const closed = await withdrawOffersOfConversations(store, { conversationIds: [conversation.id], at });
        expect(closed.map((i) => [i.id, i.withdrawnReason])).toEqual([
          [escalation.id, "conversation_closed"],
        ]);

        // Handing an escalation on is conditional on who it waits on and that it still waits.
        const [waiting] = await createInterventions(store, [
          { ...base, kind: "escalation", fromPersonId: agent.id, toPersonId: lead.id, text: "manager" },
        ]);
        if (!waiting) throw new Error("escalation not created");
        const hand = (fromPersonId: string, toPersonId: string | null) =>
          reassignEscalation(store, {
            orgId: org.id,
            interventionId: waiting.id,
            fromPersonId,
            toPersonId,
            level: 1,
            at,
          });
        expect(await hand(peer.id, agent.id)).toBe(false);
        // Only of open conversations: one that ended has nothing left to escalate.
        await store.query("UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1", [
          conversation.id,
        ]);
        expect(await listEscalationsWaitingOn(store, { orgId: org.id, personId: lead.id })).toEqual([]);
        await store.query("UPDATE conversations SET status = 'open', closed_at = NULL WHERE id = $1", [
          conversation.id,
        ]);
        expect(
          (await listEscalationsWaitingOn(store, { orgId: org.id, personId: lead.id })).map((e) => e.id),
        ).toEqual([waiting.id]);
        expect(await listEscalationsWaitingOn(store, { orgId: other.org.id, personId: lead.id })).toEqual([]);
        expect(await hand(lead.id, null)).toBe(true);
        expect(await hand(lead.id, peer.id)).toBe(false);
        const [after] = await listInterventions(store, { orgId: org.id, states: ["offered"] });
        expect([after?.id, after?.toPersonId]).toEqual([waiting.id, null]);
        expect(await listEscalationsWaitingOn(store, { orgId: org.id, personId: lead.id })).toEqual([]);
      });

      it("interventions: a takeover offer is answered once; a warm transfer needs a summary", async () => {
        const { org, team, conversation, agent, peer } = await seedOrganisation(store);
        const offer = await createIntervention(store, {
          orgId: org.id,
          teamId: team.id,
          conversationId: conversation.id,
          kind: "takeover_offer",
          fromPersonId: peer.id,
          toPersonId: agent.id,
        });
        const declined = await transitionIntervention(store, {
          orgId: org.id,
          interventionId: offer.id,
          to: "declined",
        });
        expect(declined.decidedAt).not.toBeNull();
        await expectStoreError(
          transitionIntervention(store, { orgId: org.id, interventionId: offer.id, to: "accepted" }),
          "INVALID_TRANSITION",
        );
        await expectStoreError(
          createIntervention(store, {
            orgId: org.id,
            teamId: team.id,
            conversationId: conversation.id,
            kind: "warm_transfer",
          }),
          "INVALID_INPUT",
        );
        // Several at once come back in input order; a bad batch names each problem and writes nothing.
        const base = { orgId: org.id, teamId: team.id, conversationId: conversation.id };
        const many = await createInterventions(store, [
          {
            ...base,
            kind: "signal",
            state: "done",
            fromPersonId: peer.id,
            toPersonId: agent.id,
            text: "first",
          },
          { ...base, kind: "escalation", fromPersonId: agent.id, toPersonId: peer.id, text: "second" },
          {
            ...base,
            kind: "whisper",
            state: "done",
            fromPersonId: peer.id,
            toPersonId: agent.id,
            text: "third",
          },
        ]);
        expect(many.map((i) => [i.kind, i.text, i.state])).toEqual([
          ["signal", "first", "done"],
          ["escalation", "second", "offered"],
          ["whisper", "third", "done"],
        ]);
        const before = await listInterventions(store, { orgId: org.id, conversationId: conversation.id });
        const bad = await expectStoreError(
          createInterventions(store, [
            { ...base, kind: "signal" },
            { ...base, kind: "warm_transfer" },
            { ...base, kind: "shout" as never },
          ]),
          "INVALID_INPUT",
        );
        expect(bad.message).toContain("interventions[1]");
        expect(bad.message).toContain("interventions[2]");
        expect(await listInterventions(store, { orgId: org.id, conversationId: conversation.id })).toEqual(
          before,
        );
      });

      it("people: unique e-mail, memberships, helper candidates ranked by topic and never the agent", async () => {
        const { org, team, agent, peer, lead } = await seedOrganisation(store);
        await expectStoreError(
          createPerson(store, {
            orgId: org.id,
            email: agent.email.toUpperCase(),
            displayName: "Twin",
            role: "agent",
          }),
          "CONFLICT",
        );
        await recordTopicExperience(store, { orgId: org.id, personId: lead.id, topic: "billing", weight: 1 });
        await recordTopicExperience(store, {
          orgId: org.id,
          personId: lead.id,
          topic: "billing",
          weight: 0.5,
        });
        await recordTopicExperience(store, {
          orgId: org.id,
          personId: peer.id,
          topic: "billing",
          weight: 0.25,
        });
        const candidates = await findHelperCandidates(store, {
          orgId: org.id,
          teamId: team.id,
          topic: "billing",
          excludePersonIds: [agent.id],
        });
        expect(candidates.map((c) => c.personId).slice(0, 2)).toEqual([lead.id, peer.id]);
        expect(candidates[0]?.topicStrength).toBeCloseTo(1.5);
        expect(candidates[0]).toMatchObject({
          displayName: lead.displayName,
          role: "lead",
          availability: lead.availability,
          currentLoad: lead.currentLoad,
          maxLoad: lead.maxLoad,
        });
        expect(candidates.map((c) => c.personId)).not.toContain(agent.id);
        // Several (team, topic) pairs at once: each list as the one-pair read gives it; another
        // organisation's team yields nobody.
        const other = await seedOrganisation(store);
        const batched = await findHelperCandidatesFor(store, org.id, [
          { teamId: team.id, topic: "billing" },
          { teamId: team.id, topic: null },
          { teamId: team.id, topic: "billing" },
          { teamId: other.team.id, topic: null },
        ]);
        for (const topic of ["billing", null]) {
          const single = await findHelperCandidates(store, { orgId: org.id, teamId: team.id, topic });
          expect(batched.get(helperCandidatesKey(team.id, topic))).toEqual(single);
        }
        expect(batched.get(helperCandidatesKey(other.team.id, null))).toEqual([]);
        expect(await adjustLoad(store, { orgId: org.id, personId: peer.id, delta: -5 })).toBe(0);
        expect(await adjustLoad(store, { orgId: org.id, personId: peer.id, delta: 2 })).toBe(2);
        const login = await findPersonCredentialsByEmail(store, ` ${agent.email.toUpperCase()} `);
        expect(login?.person.id).toBe(agent.id);
      });

      it("escalation authorities: every admin, the leads of the asked teams only, in listPeople's order", async () => {
        const { org, team, lead, admin } = await seedOrganisation(store);
        const second = await createTeam(store, { orgId: org.id, name: "Second line" });
        const third = await createTeam(store, { orgId: org.id, name: "Billing desk" });
        // A lead of two of the asked teams, and a lead of an unasked team only.
        const both = await createPerson(store, {
          orgId: org.id,
          email: `both-${randomUUID().slice(0, 8)}@example.test`,
          displayName: "Aaron Both",
          role: "lead",
          availability: "away",
          teamIds: [team.id, second.id],
        });
        const elsewhere = await createPerson(store, {
          orgId: org.id,
          email: `elsewhere-${randomUUID().slice(0, 8)}@example.test`,
          displayName: "Elsewhere Lead",
          role: "lead",
          teamIds: [third.id],
        });
        await adjustLoad(store, { orgId: org.id, personId: both.id, delta: 3 });
        const authorities = await findEscalationAuthorities(store, org.id, [team.id, second.id]);
        // listPeople's order and fields, narrowed to what escalation reads.
        const expected = (await listPeople(store, { orgId: org.id, roles: ["lead", "admin"] }))
          .filter((p) => p.id !== elsewhere.id)
          .map((p) => ({
            id: p.id,
            role: p.role,
            availability: p.availability,
            currentLoad: p.currentLoad,
            teamIds:
              p.role === "lead" ? p.teamIds.filter((t) => t === team.id || t === second.id).sort() : [],
            present: p.present,
          }));
        expect(authorities).toEqual(expected);
        expect(authorities.map((a) => a.id)).toEqual(expect.arrayContaining([lead.id, admin.id, both.id]));
        expect(authorities.find((a) => a.id === both.id)).toMatchObject({
          currentLoad: 3,
          availability: "away",
        });
        expect(authorities.map((a) => a.id)).not.toContain(elsewhere.id);
        // Asked for no team: the admins only; another organisation sees none of them.
        expect((await findEscalationAuthorities(store, org.id, [])).map((a) => a.role)).toEqual(["admin"]);
        const other = await seedOrganisation(store);
        expect(await findEscalationAuthorities(store, other.org.id, [team.id])).toEqual([
          {
            id: other.admin.id,
            role: "admin",
            availability: "available",
            currentLoad: 0,
            teamIds: [],
            present: false,
          },
        ]);
      });

      it("sessions and API tokens are found by hash only while live", async () => {
        const { org, agent } = await seedOrganisation(store);
        const secret = generateToken();
        const now = Date.UTC(2026, 5, 1);
        const session = await createSession(store, {
          orgId: org.id,
          personId: agent.id,
          tokenHash: hashToken(secret),
          expiresAt: now + 60_000,
        });
        expect((await findLiveSessionByTokenHash(store, hashToken(secret), now))?.id).toBe(session.id);
        expect(await findLiveSessionByTokenHash(store, hashToken(secret), now + 120_000)).toBeNull();
        expect(await findLiveSessionByTokenHash(store, secret, now)).toBeNull();
        await revokeSession(store, { orgId: org.id, sessionId: session.id });
        expect(await findLiveSessionByTokenHash(store, hashToken(secret), now)).toBeNull();
        const rows = await store.query("SELECT token_hash FROM sessions WHERE id = $1", [session.id]);
        expect(rows[0]?.token_hash).not.toBe(secret);

        const apiSecret = generateToken();
        await createApiToken(store, {
          orgId: org.id,
          personId: agent.id,
          name: "helpdesk",
          scopes: ["ingest"],
          tokenHash: hashToken(apiSecret),
        });
        expect((await findLiveApiTokenByHash(store, hashToken(apiSecret)))?.scopes).toEqual(["ingest"]);
      });

      it("a person's live sessions: what they were signed in from, newest use first; one or the others end", async () => {
        const { org, agent, peer } = await seedOrganisation(store);
        const other = await seedOrganisation(store);
        const now = Date.now();
        const make = async (input: { userAgent?: string | null; ip?: string | null; expiresAt?: number }) => {
          const secret = generateToken();
          const session = await createSession(store, {
            orgId: org.id,
            personId: agent.id,
            tokenHash: hashToken(secret),
            expiresAt: input.expiresAt ?? now + 3_600_000,
            ...(input.userAgent !== undefined ? { userAgent: input.userAgent } : {}),
            ...(input.ip !== undefined ? { ip: input.ip } : {}),
          });
          return { secret, session };
        };
        const laptop = await make({
          userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
          ip: "192.0.2.7",
        });
        expect(laptop.session).toMatchObject({
          userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
          ip: "192.0.2.7",
        });
        // A long user agent is cut; an empty one, or none, is null.
        const long = await make({ userAgent: `Mozilla/5.0 ${"x".repeat(5000)}`, ip: "2001:db8::1" });
        expect(long.session.userAgent).toHaveLength(SESSION_USER_AGENT_MAX);
        const bare = await make({ userAgent: "  " });
        expect(bare.session).toMatchObject({ userAgent: null, ip: null });
        const ended = await make({ expiresAt: now - 1000 });
        await createSession(store, {
          orgId: org.id,
          personId: peer.id,
          tokenHash: hashToken(generateToken()),
          expiresAt: now + 3_600_000,
        });
        // Used at different times: the most recent use first.
        await touchSession(store, {
          orgId: org.id,
          sessionId: laptop.session.id,
          now: now + 5000,
          expiresAt: now + 3_600_000,
        });
        await touchSession(store, {
          orgId: org.id,
          sessionId: long.session.id,
          now: now + 2000,
          expiresAt: now + 3_600_000,
        });
        const listed = await listLiveSessionsForPerson(store, { orgId: org.id, personId: agent.id, now });
        expect(listed.map((s) => s.id)).toEqual([laptop.session.id, long.session.id, bare.session.id]);
        expect(listed[0]).toMatchObject({ lastSeenAt: now + 5000, ip: "192.0.2.7" });
        expect(
          await listLiveSessionsForPerson(store, { orgId: other.org.id, personId: agent.id, now }),
        ).toEqual([]);
        expect(
          await listLiveSessionsForPerson(store, { orgId: org.id, personId: "not-a-uuid", now }),
        ).toEqual([]);

        // One ends, by its person only; again, expired, unknown or malformed: null.
        const byOther = { orgId: org.id, personId: peer.id, sessionId: long.session.id, now };
        expect(await revokeLiveSessionOfPerson(store, byOther)).toBeNull();
        expect(
          await revokeLiveSessionOfPerson(store, { ...byOther, orgId: other.org.id, personId: agent.id }),
        ).toBeNull();
        const mine = { orgId: org.id, personId: agent.id, sessionId: long.session.id, now };
        expect((await revokeLiveSessionOfPerson(store, mine))?.ip).toBe("2001:db8::1");
        expect(await revokeLiveSessionOfPerson(store, mine)).toBeNull();
        expect(await findLiveSessionByTokenHash(store, hashToken(long.secret), now)).toBeNull();
        expect(await revokeLiveSessionOfPerson(store, { ...mine, sessionId: ended.session.id })).toBeNull();
        expect(await revokeLiveSessionOfPerson(store, { ...mine, sessionId: "nope" })).toBeNull();
        expect(await revokeLiveSessionOfPerson(store, { ...mine, sessionId: randomUUID() })).toBeNull();

        // The others end, counting only live ones (the expired one is not counted); this one stays.
        expect(
          await revokeSessionsForPerson(store, {
            orgId: org.id,
            personId: agent.id,
            exceptTokenHash: hashToken(laptop.secret),
            liveAt: now,
          }),
        ).toBe(1);
        expect(
          (await listLiveSessionsForPerson(store, { orgId: org.id, personId: agent.id, now })).map(
            (s) => s.id,
          ),
        ).toEqual([laptop.session.id]);
        expect(
          await listLiveSessionsForPerson(store, { orgId: org.id, personId: peer.id, now }),
        ).toHaveLength(1);
      });

      it("people leave and come back: deactivated, they are out of routing, and their sessions can all end", async () => {
        const { org, team, agent, peer, lead, admin } = await seedOrganisation(store);
        const other = await seedOrganisation(store);
        expect(await countActiveAdmins(store, org.id)).toBe(1);
        const at = Date.UTC(2026, 5, 1);
        const gone = await setPersonActive(store, { orgId: org.id, personId: lead.id, active: false, at });
        expect(gone).toMatchObject({ deactivatedAt: at, availability: "offline" });
        // A second deactivation changes nothing; another organisation cannot reach them.
        expect(await setPersonActive(store, { orgId: org.id, personId: lead.id, active: false })).toBeNull();
        await expectStoreError(
          setPersonActive(store, { orgId: other.org.id, personId: lead.id, active: true }),
          "NOT_FOUND",
        );
        const candidates = await findHelperCandidates(store, { orgId: org.id, teamId: team.id });
        expect(candidates.map((c) => c.personId)).not.toContain(lead.id);
        const byKey = await findHelperCandidatesFor(store, org.id, [{ teamId: team.id, topic: null }]);
        expect(byKey.get(helperCandidatesKey(team.id, null))?.map((c) => c.personId)).not.toContain(lead.id);
        expect((await findEscalationAuthorities(store, org.id, [team.id])).map((a) => a.id)).toEqual([
          admin.id,
        ]);
        expect((await listPeople(store, { orgId: org.id, activeOnly: true })).map((p) => p.id)).not.toContain(
          lead.id,
        );
        expect((await listPeople(store, { orgId: org.id })).map((p) => p.id)).toContain(lead.id);
        const back = await setPersonActive(store, { orgId: org.id, personId: lead.id, active: true });
        expect(back?.deactivatedAt).toBeNull();
        expect((await findEscalationAuthorities(store, org.id, [team.id])).map((a) => a.id)).toContain(
          lead.id,
        );

        // Passwords: read back by org and id only.
        await updatePerson(store, { orgId: org.id, personId: agent.id, passwordHash: "kdf-hash" });
        expect(await findPersonPasswordHash(store, org.id, agent.id)).toBe("kdf-hash");
        expect(await findPersonPasswordHash(store, other.org.id, agent.id)).toBeNull();

        // Every session but the kept one ends.
        const now = Date.now();
        const secrets = [generateToken(), generateToken(), generateToken()];
        for (const secret of secrets)
          await createSession(store, {
            orgId: org.id,
            personId: agent.id,
            tokenHash: hashToken(secret),
            expiresAt: now + 60_000,
          });
        const keep = hashToken(secrets[0] ?? "");
        expect(
          await revokeSessionsForPerson(store, { orgId: org.id, personId: agent.id, exceptTokenHash: keep }),
        ).toBe(2);
        expect(await findLiveSessionByTokenHash(store, keep, now)).not.toBeNull();
        expect(await findLiveSessionByTokenHash(store, hashToken(secrets[1] ?? ""), now)).toBeNull();
        expect(await revokeSessionsForPerson(store, { orgId: other.org.id, personId: agent.id })).toBe(0);
        expect(await revokeSessionsForPerson(store, { orgId: org.id, personId: agent.id })).toBe(1);

        // Which protocols name someone.
        await saveEscalationProtocol(store, {
          orgId: org.id,
          teamId: team.id,
          config: { levels: [{ target: "person", personId: peer.id, acknowledgeWithinMs: 1000 }] },
        });
        expect(await findTeamsWhoseProtocolNames(store, org.id, peer.id)).toEqual([team.id]);
        expect(await findTeamsWhoseProtocolNames(store, org.id, lead.id)).toEqual([]);
        expect(await findTeamsWhoseProtocolNames(store, other.org.id, peer.id)).toEqual([]);
      });

      it("conversations keep engine state, figures and the customer token; close once", async () => {
        const { org, team, conversation } = await seedOrganisation(store);
        const state = { turns: 3, cooldowns: { whisper: 2 }, history: [0.1, 0.4, null], flag: true };
        const other = await seedOrganisation(store);
        expect(
          await saveEngineCheckpoints(store, [
            { orgId: org.id, conversationId: conversation.id, engineState: state, position: 4 },
            // Another organisation's conversation takes no checkpoint from this one.
            { orgId: org.id, conversationId: other.conversation.id, engineState: state, position: 1 },
          ]),
        ).toBe(1);
        expect(
          await saveConversationReadings(store, [
            {
              orgId: org.id,
              conversationId: conversation.id,
              risk: 0.42,
              customerEmotion: "frustrated",
              frustration: 0.6,
              activeCues: ["repeated_apology", "hedging"],
            },
          ]),
        ).toBe(1);
        const checkpoints = await loadEngineCheckpoints(store, org.id, [
          conversation.id,
          other.conversation.id,
        ]);
        expect([...checkpoints]).toEqual([
          [conversation.id, { engineState: state, position: 4, complete: false }],
        ]);
        // A later checkpoint replaces the earlier one.
        await saveEngineCheckpoints(store, [
          { orgId: org.id, conversationId: conversation.id, engineState: { turns: 5 }, position: 9 },
        ]);
        expect((await loadEngineCheckpoints(store, org.id, [conversation.id])).get(conversation.id)).toEqual({
          engineState: { turns: 5 },
          position: 9,
          complete: false,
        });
        const saved = await findConversationById(store, org.id, conversation.id);
        expect(saved?.risk).toBeCloseTo(0.42);
        expect(saved?.activeCues).toEqual(["repeated_apology", "hedging"]);

        const token = generateToken();
        const { conversation: chat, created } = await findOrCreateConversation(store, {
          orgId: org.id,
          teamId: team.id,
          channel: "chat",
          customerTokenHash: hashToken(token),
        });
        expect(created).toBe(true);
        expect((await findConversationByCustomerTokenHash(store, hashToken(token)))?.id).toBe(chat.id);
        const again = await findOrCreateConversation(store, {
          orgId: org.id,
          teamId: team.id,
          channel: "chat",
          externalId: conversation.externalId,
        });
        expect(again).toMatchObject({ created: false, conversation: { id: conversation.id } });
        expect((await closeConversation(store, { orgId: org.id, conversationId: chat.id })).status).toBe(
          "closed",
        );
        await expectStoreError(
          closeConversation(store, { orgId: org.id, conversationId: chat.id }),
          "INVALID_TRANSITION",
        );
      });

      it("close idle conversations, oldest first, up to a limit; a customer's message reopens a closed one, others' do not", async () => {
        const { org, team } = await seedOrganisation(store);
        const open = async (externalId: string, ...sentAt: number[]) => {
          const { conversation } = await findOrCreateConversation(store, {
            orgId: org.id,
            teamId: team.id,
            channel: "chat",
            externalId,
          });
          await appendMessages(
            store,
            sentAt.map((at, i) => ({
              orgId: org.id,
              conversationId: conversation.id,
              role: "customer" as const,
              text: `line ${i}`,
              sentAt: at,
            })),
          );
          return conversation.id;
        };
        // Long ago (1999), so no other test's conversation is older than the cut-off.
        const oldest = await open("idle-oldest", Date.UTC(1999, 0, 1));
        const older = await open("idle-older", Date.UTC(1999, 0, 2));
        const active = await open("idle-active", Date.UTC(1999, 0, 1), Date.now());
        const closedAlready = await open("idle-closed", Date.UTC(1998, 0, 1));
        await closeConversation(store, { orgId: org.id, conversationId: closedAlready });
        const before = Date.UTC(2000, 0, 1);
        const at = Date.UTC(2026, 2, 3, 4, 5, 6);
        const mine = (rows: { orgId: string }[]) => rows.filter((r) => r.orgId === org.id);

        expect(mine(await closeIdleConversations(store, { before, limit: 1, at }))).toEqual([
          { orgId: org.id, teamId: team.id, id: oldest },
        ]);
        expect(mine(await closeIdleConversations(store, { before, limit: 100, at }))).toEqual([
          { orgId: org.id, teamId: team.id, id: older },
        ]);
        expect(mine(await closeIdleConversations(store, { before, limit: 100, at }))).toEqual([]);
        const stateOf = async (id: string) => {
          const c = await findConversationById(store, org.id, id);
          return [c?.status, c?.closedAt, c?.closedReason];
        };
        expect(await stateOf(oldest)).toEqual(["closed", at, "idle"]);
        expect(await stateOf(active)).toEqual(["open", null, null]);
        expect((await stateOf(closedAlready))[2]).toBe("teammate");
        await expectStoreError(closeIdleConversations(store, { before, limit: 0 }), "INVALID_INPUT");

        // An agent's follow-up leaves it closed; the customer writing again reopens it, and the
        // messages written into it say so (only those of the reopened conversation, only that time).
        const followUp = await appendMessages(store, [
          { orgId: org.id, conversationId: oldest, role: "agent", text: "Following up." },
        ]);
        expect(followUp[0]?.reopenedConversation).toBeUndefined();
        expect(await stateOf(oldest)).toEqual(["closed", at, "idle"]);
        const back = await appendMessages(store, [
          { orgId: org.id, conversationId: oldest, role: "agent", text: "Any news?" },
          { orgId: org.id, conversationId: oldest, role: "customer", text: "Still waiting!" },
          { orgId: org.id, conversationId: active, role: "customer", text: "Me too." },
        ]);
        expect(back.map((a) => [a.created, a.reopenedConversation])).toEqual([
          [true, true],
          [true, true],
          [true, undefined],
        ]);
        expect(await stateOf(oldest)).toEqual(["open", null, null]);
        const again = await appendMessages(store, [
          { orgId: org.id, conversationId: oldest, role: "customer", text: "Hello?" },
        ]);
        expect(again[0]?.reopenedConversation).toBeUndefined();
        // Closed by the sender this time; a reason it does not know is refused, changing nothing.
        await expectStoreError(
          closeConversation(store, { orgId: org.id, conversationId: oldest, reason: "bored" as "idle" }),
          "INVALID_INPUT",
        );
        expect(await stateOf(oldest)).toEqual(["open", null, null]);
        await closeConversation(store, { orgId: org.id, conversationId: oldest, reason: "sender", at });
        expect(await stateOf(oldest)).toEqual(["closed", at, "sender"]);
      });

      it("analyses, commitments, knowledge, escalation protocol and audit round-trip", async () => {
        const { org, team, conversation, agent, admin } = await seedOrganisation(store);
        const [appended] = await appendMessages(store, [
          {
            orgId: org.id,
            conversationId: conversation.id,
            role: "agent",
            text: "I'll call you back Tuesday",
          },
        ]);
        const messageId = appended?.message.id as string;
        const analysis = {
          index: 0,
          role: "agent",
          risk: 0.2,
          cues: [{ kind: "commitment", start: 0, end: 26 }],
        };
        const row = {
          orgId: org.id,
          conversationId: conversation.id,
          messageId,
          messageIndex: 0,
          risk: 0.2,
          rung: "observe" as const,
          analysis,
        };
        expect(await appendAnalyses(store, [row])).toBe(1);
        expect(await appendAnalyses(store, [row])).toBe(0);
        expect(
          (await listAnalyses(store, { orgId: org.id, conversationId: conversation.id }))[0]?.analysis,
        ).toEqual({ ...analysis, messageIndex: 0 });

        const due = Date.UTC(2026, 5, 2, 9);
        const [commitment] = await appendCommitments(store, [
          {
            orgId: org.id,
            conversationId: conversation.id,
            messageId,
            personId: agent.id,
            text: "call back Tuesday",
            dueAt: due,
          },
        ]);
        expect(
          (await findDueCommitments(store, { orgId: org.id, dueBefore: due + 1 })).map((c) => c.id),
        ).toEqual([commitment?.id]);
        expect(await findDueCommitments(store, { orgId: org.id, dueBefore: due })).toEqual([]);
        await setCommitmentStatus(store, {
          orgId: org.id,
          commitmentId: commitment?.id as string,
          status: "done",
        });
        expect(await findDueCommitments(store, { orgId: org.id, dueBefore: due + 1 })).toEqual([]);

        const fact = await createKnowledgeFact(store, {
          orgId: org.id,
          key: "refund_window_days",
          value: 30,
          unit: "days",
          topic: "refunds",
          statement: "Refunds are possible within 30 days of delivery.",
        });
        await createKnowledgeFact(store, {
          orgId: org.id,
          teamId: team.id,
          value: true,
          statement: "Weekend callbacks exist.",
        });
        await updateKnowledgeFact(store, { orgId: org.id, factId: fact.id, status: "published" });
        const published = await listKnowledgeFacts(store, {
          orgId: org.id,
          teamId: team.id,
          status: "published",
        });
        expect(published.map((f) => [f.key, f.value, f.unit])).toEqual([["refund_window_days", 30, "days"]]);
        expect(await listKnowledgeFacts(store, { orgId: org.id, teamId: team.id })).toHaveLength(2);

        const config = {
          levels: [{ target: "lead", personId: null, acknowledgeWithinMs: 120_000 }],
          autoEscalate: true,
        };
        await saveEscalationProtocol(store, { orgId: org.id, teamId: team.id, config, updatedBy: admin.id });
        const changed = { ...config, autoEscalate: false };
        await saveEscalationProtocol(store, {
          orgId: org.id,
          teamId: team.id,
          config: changed,
          updatedBy: admin.id,
        });
        expect((await findEscalationProtocol(store, org.id, team.id))?.config).toEqual(changed);
        // Many teams at once: only stored protocols of this organisation come back, by team id.
        const other = await seedOrganisation(store);
        await saveEscalationProtocol(store, { orgId: other.org.id, teamId: other.team.id, config });
        const bare = await createTeam(store, { orgId: org.id, name: "No protocol" });
        const many = await findEscalationProtocols(store, org.id, [team.id, bare.id, other.team.id, "nope"]);
        expect([...many.keys()]).toEqual([team.id]);
        expect(many.get(team.id)?.config).toEqual(changed);

        await appendAuditEntries(store, [
          {
            orgId: org.id,
            actorKind: "person",
            actorId: admin.id,
            action: "escalation_protocol.updated",
            targetType: "team",
            targetId: team.id,
          },
          {
            orgId: org.id,
            actorKind: "system",
            action: "alert.expired",
            details: { count: 2 },
            requestId: "req-1",
          },
        ]);
        const audit = await listAuditEntries(store, { orgId: org.id });
        expect(audit.map((e) => e.action)).toEqual(["alert.expired", "escalation_protocol.updated"]);
        expect(audit[0]?.details).toEqual({ count: 2 });
      });

      it("audit log: filters by action (exact, prefix), actor, target and time, pages by (time, id), within the org; subjects in words", async () => {
        const { org, team, conversation, agent, admin } = await seedOrganisation(store);
        const elsewhere = await seedOrganisation(store);
        const alert = await raiseAlert(store, {
          orgId: org.id,
          teamId: team.id,
          conversationId: conversation.id,
          agentPersonId: agent.id,
          helperPersonId: admin.id,
          reasons: ["customer_reacting_to_agent"],
          rung: "signal",
          risk: 0.6,
          why: "x",
        });
        const entry = (
          action: string,
          over: Partial<Parameters<typeof appendAuditEntries>[1][number]> = {},
        ) => ({
          orgId: org.id,
          actorKind: "person" as const,
          actorId: admin.id,
          action,
          ...over,
        });
        // One statement each, in order, then dated by hand: times far apart, and three sharing one.
        const written = [];
        for (const e of [
          entry("person.created", { targetType: "person", targetId: agent.id }),
          entry("personal.noted"),
          entry("person_x.created"),
          entry("team.created", { targetType: "team", targetId: team.id }),
          entry("alert.expired", {
            actorKind: "system",
            actorId: null,
            targetType: "alert",
            targetId: alert.id,
          }),
          entry("person.updated", { actorId: agent.id, targetType: "person", targetId: agent.id }),
          entry("person.deactivated", { targetType: "person", targetId: agent.id }),
          entry("export.downloaded", { targetType: "export", targetId: "conversations" }),
        ])
          written.push(...(await appendAuditEntries(store, [e])));
        const times = [1, 2, 3, 4, 5, 5, 5, 6].map((day) => new Date(Date.UTC(2025, 0, day)).toISOString());
        for (const [i, e] of written.entries())
          await store.query("UPDATE audit_log SET created_at = $1 WHERE id = $2", [times[i], e.id]);
        // Another organisation's entries, naming our ids: never ours to read.
        await appendAuditEntries(store, [
          {
            orgId: elsewhere.org.id,
            actorKind: "person",
            actorId: elsewhere.admin.id,
            action: "person.created",
          },
          {
            orgId: elsewhere.org.id,
            actorKind: "system",
            action: "person.updated",
            targetType: "person",
            targetId: agent.id,
          },
        ]);

        const list = async (q: Omit<Parameters<typeof listAuditEntries>[1], "orgId"> = {}) =>
          (await listAuditEntries(store, { orgId: org.id, ...q })).map((e) => e.action);
        // Newest first by time, then by id among equal times.
        expect(await list()).toEqual([
          "export.downloaded",
          "person.deactivated",
          "person.updated",
          "alert.expired",
          "team.created",
          "person_x.created",
          "personal.noted",
          "person.created",
        ]);
        // Pages by cursor cut cleanly through entries of the same time.
        const seen: string[] = [];
        let before: number | undefined;
        for (;;) {
          const page = await listAuditEntries(store, {
            orgId: org.id,
            limit: 2,
            ...(before !== undefined ? { beforeId: before } : {}),
          });
          seen.push(...page.map((e) => e.action));
          if (page.length < 2) break;
          before = page.at(-1)?.id;
        }
        expect(seen).toEqual(await list());
        // A prefix ends at the dot and compares bytes, whatever the database's collation.
        expect(await list({ action: "person." })).toEqual([
          "person.deactivated",
          "person.updated",
          "person.created",
        ]);
        expect(await list({ action: "person.updated" })).toEqual(["person.updated"]);
        expect(await list({ action: "person" })).toEqual([]);
        expect(await list({ actorId: agent.id })).toEqual(["person.updated"]);
        expect(await list({ actorId: "not-a-uuid" })).toEqual([]);
        expect(await list({ targetType: "person", targetId: agent.id })).toEqual([
          "person.deactivated",
          "person.updated",
          "person.created",
        ]);
        expect(await list({ targetType: "export", targetId: "conversations" })).toEqual([
          "export.downloaded",
        ]);
        const day = (d: number) => Date.UTC(2025, 0, d);
        expect(await list({ since: day(2), until: day(4) })).toEqual(["person_x.created", "personal.noted"]);
        expect(await list({ since: day(5), action: "person.", limit: 1 })).toEqual(["person.deactivated"]);
        expect(await list({ until: day(1) })).toEqual([]);
        // Another organisation's cursor reads nothing, rather than our entries before it.
        const [theirs] = await listAuditEntries(store, { orgId: elsewhere.org.id, limit: 1 });
        expect(await list({ beforeId: theirs?.id ?? 0 })).toEqual([]);
        await expectStoreError(
          listAuditEntries(store, { orgId: org.id, targetId: agent.id }),
          "INVALID_INPUT",
        );
        await expectStoreError(
          listAuditEntries(store, { orgId: org.id, targetType: "person" }),
          "INVALID_INPUT",
        );
        // The actions a prefix stands for, found by the index, in byte order.
        expect(await findAuditActionsWithPrefix(store, org.id, "person.")).toEqual([
          "person.created",
          "person.deactivated",
          "person.updated",
        ]);
        expect(await list({ action: "delivery." })).toEqual([]);

        const page = await listAuditEntries(store, { orgId: org.id });
        const { actors, targets } = await describeAuditSubjects(store, org.id, page);
        expect(actors.get(admin.id)).toEqual({ name: admin.displayName, deactivated: false });
        expect(actors.get(agent.id)).toEqual({ name: agent.displayName, deactivated: false });
        expect(targets.get(auditTargetKey("person", agent.id))).toEqual({
          label: agent.displayName,
          conversationId: null,
        });
        expect(targets.get(auditTargetKey("team", team.id))).toEqual({
          label: "Support",
          conversationId: null,
        });
        // An alert is labelled by its conversation (topic "billing", no customer name), linked.
        expect(targets.get(auditTargetKey("alert", alert.id))).toEqual({
          label: "billing",
          conversationId: conversation.id,
        });
        expect(targets.has(auditTargetKey("export", "conversations"))).toBe(false);
        // Deactivated people keep their names; another organisation's people are not looked up.
        await setPersonActive(store, { orgId: org.id, personId: agent.id, active: false });
        const again = await describeAuditSubjects(store, org.id, page);
        expect(again.actors.get(agent.id)).toEqual({ name: agent.displayName, deactivated: true });
        const foreign = await describeAuditSubjects(store, elsewhere.org.id, page);
        expect(foreign.actors.size).toBe(0);
        expect(foreign.targets.size).toBe(0);
      });
    });
  });
}
