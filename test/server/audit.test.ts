import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditEntry } from "../../src/protocol/index.ts";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import {
  appendAuditEntries,
  createOrganisation,
  createPerson,
  listAuditEntries,
} from "../../src/store/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";

/*
 * GET /audit: admins read what the commands wrote, a page at a time, filtered; nobody else reads
 * it, and no organisation sees another's.
 */

let world: World;
/** The other organisation: its admin's session, and the ids of its entries. */
let other: { cookie: string; entryIds: number[]; personId: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  world = await createWorld();

  // Commands that write audit entries, each with a request id of our own to find it by.
  const created = await world.inject({
    method: "POST",
    url: "/api/v1/people",
    as: "admin",
    headers: { "x-request-id": "audit-create-person" },
    payload: { email: "nora.new@example.com", name: "Nora New", role: "agent", password: PASSWORD },
  });
  expect(created.statusCode).toBe(201);
  ids.nora = created.json().person.id;
  const team = await world.inject({
    method: "POST",
    url: "/api/v1/teams",
    as: "admin",
    payload: { name: "Night shift" },
  });
  ids.team = team.json().team.id;
  // A second admin acts, then is deactivated: the entry keeps their name and says so.
  const second = await world.inject({
    method: "POST",
    url: "/api/v1/people",
    as: "admin",
    payload: { email: "ada.admin@example.com", name: "Ada Admin", role: "admin", password: PASSWORD },
  });
  ids.ada = second.json().person.id;
  const adaLogin = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: "ada.admin@example.com", password: PASSWORD },
  });
  const adaCookie = `tagteam_session=${adaLogin.cookies.find((c) => c.name === "tagteam_session")?.value}`;
  const adaTeam = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/teams",
    headers: { cookie: adaCookie },
    payload: { name: "Weekend" },
  });
  expect(adaTeam.statusCode).toBe(201);
  const deactivated = await world.inject({
    method: "PATCH",
    url: `/api/v1/people/${ids.ada}`,
    as: "admin",
    headers: { "x-request-id": "audit-deactivate" },
    payload: { active: false },
  });
  expect(deactivated.statusCode).toBe(200);
  // Through the admin's API token.
  const adminToken = await world.token("admin", ["api"]);
  ids.adminToken = adminToken;
  const fact = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/knowledge/facts",
    headers: { authorization: `Bearer ${adminToken}` },
    payload: {
      teamId: world.teams.a,
      statement: "Gift cards never expire.",
      key: "gift_cards",
      value: false,
    },
  });
  expect(fact.statusCode).toBe(201);
  ids.fact = fact.json().fact.id;
  // A takeover offer still waiting when the conversation closes is withdrawn by the system.
  const ingest = await world.token("leadA", ["ingest"]);
  const posted = await world.postMessages(
    ingest,
    message({
      teamId: world.teams.a,
      conversationId: "audit-conv",
      author: "Nia Okafor",
      topic: "refunds",
      text: "My refund never came.",
    }),
  );
  ids.conversation = posted.json().results[0].conversationId;
  const offer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${ids.conversation}/step-in`,
    as: "peerA",
    payload: { kind: "takeover_offer" },
  });
  expect(offer.statusCode).toBe(201);
  ids.offer = offer.json().intervention.id;
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${ids.conversation}/close`,
    as: "leadA",
  });
  expect(closed.statusCode).toBe(200);

  // Five entries written together share their time: the pages must still cut between them cleanly.
  await appendAuditEntries(
    world.store,
    ["a", "b", "c", "d", "e"].map((k) => ({
      orgId: world.orgId,
      actorKind: "system" as const,
      action: "test.batch",
      targetType: "batch",
      targetId: k,
    })),
  );

  // Another organisation, with an admin of its own and entries that look like ours.
  const org = await createOrganisation(world.store, { name: "Elsewhere", slug: "elsewhere" });
  const person = await createPerson(world.store, {
    orgId: org.id,
    email: "admin@elsewhere.example",
    displayName: "Elsa Elsewhere",
    role: "admin",
    availability: "available",
    teamIds: [],
    passwordHash: await hashPassword(PASSWORD),
  });
  const entries = await appendAuditEntries(world.store, [
    {
      orgId: org.id,
      actorKind: "person",
      actorId: person.id,
      action: "person.created",
      targetType: "person",
      targetId: person.id,
    },
    { orgId: org.id, actorKind: "system", action: "alert.expired", targetType: "batch", targetId: "a" },
  ]);
  const login = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: "admin@elsewhere.example", password: PASSWORD },
  });
  other = {
    cookie: `tagteam_session=${login.cookies.find((c) => c.name === "tagteam_session")?.value}`,
    entryIds: entries.map((e) => e.id),
    personId: person.id,
  };
});
afterAll(async () => {
  await world?.close();
});

async function read(query = "", as: "admin" | "leadA" | "agentA" = "admin") {
  return world.inject({ method: "GET", url: `/api/v1/audit${query}`, as });
}

/** Every entry an admin can read, following the pages. */
async function readAll(query: string, limit = 200): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let before: number | null = null;
  for (let i = 0; i < 100; i++) {
    const sep = query === "" ? "?" : "&";
    const r = await read(`${query}${sep}limit=${limit}${before !== null ? `&before=${before}` : ""}`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { entries: AuditEntry[]; nextBefore: number | null };
    out.push(...body.entries);
    if (body.nextBefore === null) return out;
    expect(body.entries).toHaveLength(limit);
    before = body.nextBefore;
  }
  throw new Error("more than 100 pages");
}

const find = (entries: AuditEntry[], action: string) => entries.find((e) => e.action === action);

describe("GET /audit", () => {
  it("shows what the commands did: who, what, on what (in words), the details, the request, newest first", async () => {
    const r = await read("?limit=200");
    expect(r.statusCode).toBe(200);
    const { entries, nextBefore } = r.json() as { entries: AuditEntry[]; nextBefore: number | null };
    expect(nextBefore).toBeNull();
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    expect(entries.find((e) => e.action === "person.created" && e.target?.id === ids.nora)).toMatchObject({
      actor: {
        kind: "person",
        id: world.people.admin.id,
        name: world.people.admin.displayName,
        deactivated: false,
      },
      target: { type: "person", id: ids.nora, label: "Nora New", conversationId: null },
      requestId: "audit-create-person",
      details: {},
    });
    expect(entries.find((e) => e.action === "team.created" && e.target?.id === ids.team)?.target?.label).toBe(
      "Night shift",
    );
    expect(find(entries, "person.deactivated")).toMatchObject({
      target: { type: "person", id: ids.ada, label: "Ada Admin" },
      details: { signedOutSessions: 1 },
      requestId: "audit-deactivate",
    });
    // Ada's own earlier action still names her, and says she has been deactivated since.
    expect(entries.find((e) => e.action === "team.created" && e.actor.id === ids.ada)).toMatchObject({
      actor: { kind: "person", name: "Ada Admin", deactivated: true },
      target: { label: "Weekend" },
    });
    // Through an API token: the person it acts as.
    expect(find(entries, "knowledge.created")).toMatchObject({
      actor: { kind: "api_token", id: world.people.admin.id, name: world.people.admin.displayName },
      target: { type: "knowledge_fact", id: ids.fact, label: "Gift cards never expire." },
    });
    // The system withdrew the offer; the intervention is shown by its conversation, linked.
    expect(find(entries, "intervention.withdrawn")).toMatchObject({
      actor: { kind: "system", id: null, name: "System", deactivated: false },
      target: {
        type: "intervention",
        id: ids.offer,
        label: "Nia Okafor · refunds",
        conversationId: ids.conversation,
      },
      details: { kind: "takeover_offer", why: "conversation closed", closedBy: "teammate" },
      requestId: null,
    });
    // A target without a row has no label, but is still named by type and id.
    expect(entries.find((e) => e.action === "test.batch")?.target).toEqual({
      type: "batch",
      id: expect.any(String),
      label: null,
      conversationId: null,
    });
  });

  it("pages with the cursor: every entry once, in the same order as one long page", async () => {
    const whole = (await read("?limit=200")).json().entries as AuditEntry[];
    expect(whole.length).toBeGreaterThan(10);
    for (const limit of [1, 2, 3, 7]) {
      const paged = await readAll("", limit);
      expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    }
    // The last page says there is nothing older.
    const last = await read(`?limit=5&before=${whole.at(-1)?.id}`);
    expect(last.json()).toEqual({ entries: [], nextBefore: null });
    // Default page size is 50.
    expect((await read()).json().entries.length).toBe(Math.min(50, whole.length));
  });

  it("filters narrow: action (exact and prefix), actor, target, time range", async () => {
    const whole = await readAll("");
    const check = async (query: string, keep: (e: AuditEntry) => boolean) => {
      const expected = whole.filter(keep).map((e) => e.id);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(whole.length);
      expect((await readAll(query, 2)).map((e) => e.id)).toEqual(expected);
    };
    await check("?action=person.deactivated", (e) => e.action === "person.deactivated");
    await check("?action=person.", (e) => e.action.startsWith("person."));
    await check("?action=team.", (e) => e.action.startsWith("team."));
    await check(`?actorId=${ids.ada}`, (e) => e.actor.id === ids.ada);
    await check(`?actorId=${world.people.admin.id}`, (e) => e.actor.id === world.people.admin.id);
    await check(
      `?targetType=person&targetId=${ids.ada}`,
      (e) => e.target?.type === "person" && e.target.id === ids.ada,
    );
    await check("?targetType=batch&targetId=a", (e) => e.target?.type === "batch" && e.target.id === "a");
    await check(
      `?action=person.&actorId=${world.people.admin.id}`,
      (e) => e.action.startsWith("person.") && e.actor.id === world.people.admin.id,
    );
    // An exact action is not a prefix, and a prefix is cut at the dot.
    expect((await read("?action=person")).json().entries).toEqual([]);
    expect((await read("?action=person.created.")).json().entries).toEqual([]);

    // Time: move three entries into the past, then ask for ranges around them.
    const [a, b, c] = whole.filter((e) => e.action === "test.batch");
    const at = (iso: string, id: number | undefined) =>
      world.store.query("UPDATE audit_log SET created_at = $1 WHERE id = $2", [iso, id]);
    await at("2025-01-01T10:00:00Z", a?.id);
    await at("2025-01-02T10:00:00Z", b?.id);
    await at("2025-01-03T10:00:00Z", c?.id);
    const ranged = async (query: string) => (await readAll(query, 1)).map((e) => e.id);
    expect(await ranged("?since=2025-01-01T10:00:00Z&until=2025-01-03T10:00:00Z")).toEqual([b?.id, a?.id]);
    expect(await ranged("?until=2025-01-02T12:00:00%2B02:00")).toEqual([a?.id]);
    const recent = await ranged("?since=2025-01-02T10:00:00.001Z");
    expect(recent).toContain(c?.id);
    expect(recent).not.toContain(b?.id);
    expect(recent).toHaveLength(whole.length - 2);
  });

  it("never shows another organisation's entries, however asked; its admin sees only its own", async () => {
    const all = await readAll("");
    const theirs = new Set(other.entryIds);
    expect(all.some((e) => theirs.has(e.id))).toBe(false);
    for (const query of [
      "?action=person.created",
      "?action=alert.",
      `?actorId=${other.personId}`,
      `?targetType=person&targetId=${other.personId}`,
      "?targetType=batch&targetId=a",
    ]) {
      const entries = (await read(query)).json().entries as AuditEntry[];
      expect(
        entries.filter((e) => theirs.has(e.id)),
        query,
      ).toEqual([]);
    }
    // Their newest entry as our cursor: nothing, rather than our entries older than theirs.
    expect((await read(`?before=${Math.max(...other.entryIds)}`)).json()).toEqual({
      entries: [],
      nextBefore: null,
    });

    const r = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/audit",
      headers: { cookie: other.cookie },
    });
    expect(r.statusCode).toBe(200);
    expect((r.json().entries as AuditEntry[]).map((e) => e.id).sort()).toEqual([...other.entryIds].sort());
  });

  it("is for admins only: other roles 403, an ingest-only token 403, no credentials 401; an admin's api token reads it", async () => {
    for (const who of ["leadA", "agentA"] as const) {
      const r = await read("", who);
      expect(r.statusCode, who).toBe(403);
      expect(r.json().error.code).toBe("FORBIDDEN");
    }
    const lead = await world.token("leadA", ["api"]);
    const ingestOnly = await world.token("admin", ["ingest"]);
    const asToken = (token: string) =>
      world.app.app.inject({
        method: "GET",
        url: "/api/v1/audit",
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await asToken(lead)).statusCode).toBe(403);
    expect((await asToken(ingestOnly)).statusCode).toBe(403);
    expect((await world.app.app.inject({ method: "GET", url: "/api/v1/audit" })).statusCode).toBe(401);
    const admin = await asToken(ids.adminToken as string);
    expect(admin.statusCode).toBe(200);
    expect(admin.json().entries.length).toBeGreaterThan(0);
  });

  it("answers bad parameters with 400 naming each one", async () => {
    const r = await read(
      "?limit=0&before=abc&action=Person!&actorId=nope&targetId=x&since=yesterday&until=2026-01-01&colour=red",
    );
    expect(r.statusCode).toBe(400);
    const error = r.json().error;
    expect(error.code).toBe("VALIDATION_FAILED");
    const paths = (error.details.issues as { path: string[] }[]).map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(
      [
        "query",
        "query.action",
        "query.actorId",
        "query.before",
        "query.limit",
        "query.since",
        "query.targetType",
        "query.until",
      ].sort(),
    );
    const issue = (path: string) =>
      (error.details.issues as { path: string[]; message: string }[]).find((i) => i.path.join(".") === path)
        ?.message;
    expect(issue("query")).toContain('"colour"');
    expect(issue("query.before")).toBe(
      "must be an entry id (a whole number), such as the previous page's nextBefore",
    );
    expect(issue("query.targetType")).toContain("required with targetId");
    expect(issue("query.since")).toBe(
      "must be a time in ISO 8601 with its offset, such as 2026-03-02T10:00:00Z",
    );

    const typeAlone = await read("?targetType=person");
    expect(typeAlone.statusCode).toBe(400);
    expect(typeAlone.json().error.details.issues).toEqual([
      expect.objectContaining({
        path: ["query", "targetId"],
        message: expect.stringContaining("required with targetType"),
      }),
    ]);

    const tooMany = await read("?limit=201");
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details.issues[0].path).toEqual(["query", "limit"]);

    const backwards = await read("?since=2026-03-02T10:00:00Z&until=2026-03-01T10:00:00Z");
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details.issues).toEqual([
      expect.objectContaining({ path: ["query", "until"], message: "must be later than since" }),
    ]);
  });

  it("is described in the OpenAPI document under admin, with its parameters", async () => {
    const doc = (await world.app.app.inject({ url: "/openapi.json" })).json();
    const op = doc.paths["/api/v1/audit"].get;
    expect(op.tags).toEqual(["admin"]);
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ["action", "actorId", "before", "limit", "since", "targetId", "targetType", "until"].sort(),
    );
  });
});

describe("the audit actions", () => {
  /** Every `.ts` file under a folder, tests excluded. */
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory()
        ? sources(join(dir, d.name))
        : d.name.endsWith(".ts") && !d.name.endsWith(".test.ts")
          ? [join(dir, d.name)]
          : [],
    );
  }

  it("AUDIT_ACTIONS lists exactly the actions the server writes (the admin screen has a sentence for each)", () => {
    const written = new Set<string>();
    for (const file of sources(join(import.meta.dirname, "../../src/server"))) {
      const text = readFileSync(file, "utf8");
      // `action: <expression>` in an entry, and the action argument of the helpers that build one.
      const expressions = [
        ...[...text.matchAll(/\baction:\s*([^,\n}]+)/g)].map((m) => m[1] ?? ""),
        ...[...text.matchAll(/\b(?:audit|auditEntry)\(\s*\w+,\s*([^,]+),/g)].map((m) => m[1] ?? ""),
      ];
      for (const expression of expressions)
        for (const literal of expression.matchAll(/"([a-z_]+\.[a-z_.]+)"/g)) written.add(literal[1] ?? "");
    }
    expect([...written].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it("the store lists them newest first by time, then id", async () => {
    const entries = await listAuditEntries(world.store, { orgId: world.orgId, limit: 1000 });
    const keys = entries.map((e) => [e.createdAt, e.id] as const);
    const sorted = [...keys].sort((x, y) => y[0] - x[0] || y[1] - x[1]);
    expect(keys).toEqual(sorted);
  });
});
