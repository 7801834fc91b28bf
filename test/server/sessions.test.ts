import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/index.ts";
import { PROTOCOL_VERSION, type AccountSession } from "../../src/protocol/index.ts";
import { createWorld, PASSWORD, type World } from "./factories.ts";
import { isType, openSocket, startListening } from "./wsClient.ts";

/*
 * "Where you're signed in": a person lists their live sessions (what each was signed in from,
 * which one is this), signs one out or all the others, from a session only; each is audited, and
 * a signed-out session's open socket closes at the next heartbeat while the others stay.
 */
let world: World;
let wsUrl: string;
beforeAll(async () => {
  // A short heartbeat: an open socket's credential is checked again once a heartbeat.
  world = await createWorld({
    env: { TAGTEAM_HEARTBEAT_MS: "1000", TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: "1000" },
  });
  wsUrl = await startListening(world.app);
});
afterAll(async () => {
  await world.close();
});

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** A fresh sign-in (its own session) from a browser and address, as a cookie header. */
async function signIn(email: string, userAgent = CHROME_LINUX, ip = "203.0.113.9"): Promise<string> {
  const r = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password: PASSWORD },
    headers: { "user-agent": userAgent },
    remoteAddress: ip,
  });
  const set = r.cookies.find((c) => c.name === "tagteam_session");
  if (r.statusCode !== 200 || set === undefined) throw new Error(`sign-in failed: ${r.body}`);
  return `tagteam_session=${set.value}`;
}
const sessions = async (cookie: string) => {
  const r = await world.app.app.inject({ method: "GET", url: "/api/v1/me/sessions", headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { sessions: AccountSession[] }).sessions;
};
const revoke = (cookie: string, id: string) =>
  world.app.app.inject({ method: "DELETE", url: `/api/v1/me/sessions/${id}`, headers: { cookie } });
const revokeOthers = (cookie: string) =>
  world.app.app.inject({ method: "POST", url: "/api/v1/me/sessions/revoke-others", headers: { cookie } });
const me = (cookie: string) =>
  world.app.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
const audited = async (action: string) =>
  (await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 })).filter(
    (e) => e.action === action,
  );

describe("GET /me/sessions", () => {
  it("lists the caller's live sessions, this one first and marked, each with its device and address", async () => {
    const email = world.people.peerA.email;
    const phone = await signIn(email, SAFARI_IPHONE, "198.51.100.4");
    const laptop = await signIn(email, CHROME_LINUX, "203.0.113.9");
    const gone = await signIn(email, CHROME_LINUX, "203.0.113.10");
    await world.app.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie: gone } });
    // Someone else's session is never listed.
    await signIn(world.people.peer2A.email);

    const listed = await sessions(laptop);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      device: "Chrome on Linux",
      userAgent: CHROME_LINUX,
      ip: "203.0.113.9",
      current: true,
    });
    expect(listed[1]).toMatchObject({ device: "Safari on iPhone", ip: "198.51.100.4", current: false });
    for (const s of listed) {
      expect(Date.parse(s.createdAt)).toBeLessThanOrEqual(Date.parse(s.lastUsedAt));
      expect(Date.parse(s.expiresAt)).toBeGreaterThan(Date.now());
    }
    // From the phone, the phone is this device.
    const fromPhone = await sessions(phone);
    expect(fromPhone.map((s) => [s.device, s.current])).toEqual([
      ["Safari on iPhone", true],
      ["Chrome on Linux", false],
    ]);
    await revokeOthers(laptop);
  });

  it("is for sessions only: an API token gets 403 saying why, and an ingest token 403 too", async () => {
    for (const scopes of [["api"], ["ingest"]] as const) {
      const token = await world.token("agentB", [...scopes]);
      const headers = { authorization: `Bearer ${token}` };
      for (const [method, url] of [
        ["GET", "/api/v1/me/sessions"],
        ["DELETE", "/api/v1/me/sessions/00000000-0000-4000-8000-000000000000"],
        ["POST", "/api/v1/me/sessions/revoke-others"],
      ] as const) {
        const r = await world.app.app.inject({ method, url, headers });
        expect(r.statusCode, `${scopes.join()} ${method} ${url}`).toBe(403);
        if (scopes[0] === "api")
          expect(r.json().error.message).toMatch(/^Sign in to .*: an API token cannot$/);
      }
    }
    expect((await sessions(await signIn(world.people.agentB.email))).length).toBeGreaterThan(0);
  });
});

describe("DELETE /me/sessions/:id", () => {
  it("signs out that one session: its requests are refused at once, the others go on; audited", async () => {
    const email = world.people.agentA.email;
    const here = await signIn(email);
    const there = await signIn(email, SAFARI_IPHONE);
    const third = await signIn(email, SAFARI_IPHONE);
    const target = (await sessions(there)).find((s) => s.current);
    expect(target).toBeDefined();
    const r = await revoke(here, target?.id ?? "");
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ ok: true });
    expect((await me(there)).statusCode).toBe(401);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(third)).statusCode).toBe(200);
    expect((await sessions(here)).map((s) => s.id)).not.toContain(target?.id);
    const entries = (await audited("session.revoked")).filter((e) => e.targetId === target?.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: world.people.agentA.id,
      targetType: "session",
      details: { device: "Safari on iPhone", current: false },
    });
    // Already signed out: 404, and nothing more is audited.
    expect((await revoke(here, target?.id ?? "")).statusCode).toBe(404);
    expect((await audited("session.revoked")).filter((e) => e.targetId === target?.id)).toHaveLength(1);
    await revokeOthers(here);
  });

  it("answers 404 alike for someone else's session, an unknown id and a malformed one; nothing ends", async () => {
    const mine = await signIn(world.people.leadA.email);
    const theirs = await signIn(world.people.leadB.email);
    const theirId = (await sessions(theirs)).find((s) => s.current)?.id ?? "";
    const answers = await Promise.all(
      [theirId, "00000000-0000-4000-8000-000000000000", "not-a-session"].map((id) => revoke(mine, id)),
    );
    for (const a of answers) {
      expect(a.statusCode).toBe(404);
      expect(a.json().error).toMatchObject({ code: "NOT_FOUND", message: "Session not found" });
    }
    // The same message whoever owns it: nothing about the other person is revealed.
    expect(new Set(answers.map((a) => a.json().error.message)).size).toBe(1);
    expect((await me(theirs)).statusCode).toBe(200);
  });

  it("signing out this very session signs the caller out and clears the cookie", async () => {
    const cookie = await signIn(world.people.peer2A.email);
    const current = (await sessions(cookie)).find((s) => s.current);
    const r = await revoke(cookie, current?.id ?? "");
    expect(r.statusCode).toBe(200);
    expect(r.cookies.find((c) => c.name === "tagteam_session")?.value).toBe("");
    expect((await me(cookie)).statusCode).toBe(401);
  });
});

describe("POST /me/sessions/revoke-others", () => {
  it("signs out every other session, keeps this one, says how many; audited", async () => {
    const email = world.people.leadB.email;
    const here = await signIn(email);
    await revokeOthers(here);
    const others = [await signIn(email, SAFARI_IPHONE), await signIn(email, SAFARI_IPHONE)];
    const r = await revokeOthers(here);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, signedOutSessions: 2 });
    for (const cookie of others) expect((await me(cookie)).statusCode).toBe(401);
    expect((await sessions(here)).map((s) => s.current)).toEqual([true]);
    const entries = (await audited("session.others_revoked")).filter(
      (e) => e.targetId === world.people.leadB.id,
    );
    // Newest first: this call's entry.
    expect(entries.at(0)).toMatchObject({
      actorId: world.people.leadB.id,
      targetType: "person",
      details: { signedOutSessions: 2 },
    });
    // Nothing else left: 0.
    expect((await revokeOthers(here)).json()).toEqual({ ok: true, signedOutSessions: 0 });
  });
});

describe("an open WebSocket of a session signed out from the session list", () => {
  it("is closed with 4401 at the next heartbeat; the person's other session's socket stays open", async () => {
    const email = world.people.peerA.email;
    const keptCookie = await signIn(email);
    const endedCookie = await signIn(email, SAFARI_IPHONE);
    const kept = await openSocket(wsUrl, { cookie: keptCookie });
    const ended = await openSocket(wsUrl, { cookie: endedCookie });
    for (const socket of [kept, ended]) {
      socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
      await socket.next(isType("welcome"));
    }
    const endedId = (await sessions(endedCookie)).find((s) => s.current)?.id ?? "";
    expect((await revoke(keptCookie, endedId)).statusCode).toBe(200);
    const pingsBefore = kept.frames.filter(isType("ping")).length;
    kept.send({ type: "pong", at: 0 });
    expect(await ended.closed).toEqual({ code: 4401, reason: "signed out" });
    expect(ended.frames.find(isType("error"))).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    // The kept socket was checked at the same heartbeat, and a later one, and stays open.
    await kept.waitFor(
      (f) => f.type === "ping" && kept.frames.filter(isType("ping")).length > pingsBefore + 1,
    );
    expect(kept.frames.find(isType("error"))).toBeUndefined();
    let keptClosed = false;
    void kept.closed.then(() => (keptClosed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(keptClosed).toBe(false);
    kept.close();
  }, 20_000);
});
