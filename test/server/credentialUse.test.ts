import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, PASSWORD, type World } from "./factories.ts";

/*
 * Using a credential is recorded: a session in use slides its expiry (a shift longer than the
 * session's lifetime is not cut off), and an API token's last use shows to admins.
 */
const HOUR_MS = 3_600_000;
let world: World;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_SESSION_TTL_HOURS: "12" } });
});
afterAll(async () => {
  await world.close();
});

/** Waits until `check` holds (the use is recorded off the request's path). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("never happened");
}

describe("recording a credential's use", () => {
  it("slides a session's expiry while it is used, up to 30 days after sign-in", async () => {
    const login = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: world.people.peerA.email, password: PASSWORD },
    });
    const set = login.cookies.find((c) => c.name === "tagteam_session");
    expect(set?.expires?.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * HOUR_MS);
    const cookie = `tagteam_session=${set?.value ?? ""}`;
    // As if signed in 11 hours ago and last seen 2 hours ago: an hour of life left.
    await world.store.query(
      `UPDATE sessions SET created_at = now() - interval '11 hours', last_seen_at = now() - interval '2 hours',
         expires_at = now() + interval '1 hour'
       WHERE person_id = $1 AND revoked_at IS NULL`,
      [world.people.peerA.id],
    );
    world.app.ctx.auth.forget();
    expect((await world.app.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(200);
    await eventually(async () => {
      const [row] = await world.store.query(
        "SELECT extract(epoch FROM expires_at - now()) / 3600 AS hours FROM sessions WHERE person_id = $1 AND revoked_at IS NULL",
        [world.people.peerA.id],
      );
      return Number(row?.hours) > 11.9;
    });
    // Near the 30-day cap, it slides no further than the cap.
    await world.store.query(
      `UPDATE sessions SET created_at = now() - interval '29 days 23 hours', last_seen_at = now() - interval '2 hours',
         expires_at = now() + interval '10 minutes'
       WHERE person_id = $1 AND revoked_at IS NULL`,
      [world.people.peerA.id],
    );
    world.app.ctx.auth.forget();
    expect((await world.app.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(200);
    await eventually(async () => {
      const [row] = await world.store.query(
        "SELECT extract(epoch FROM expires_at - now()) / 60 AS minutes FROM sessions WHERE person_id = $1 AND revoked_at IS NULL",
        [world.people.peerA.id],
      );
      return Number(row?.minutes) > 50 && Number(row?.minutes) < 61;
    });
  });

  it("shows when an API token was last used", async () => {
    const token = await world.token("admin", ["ingest"]);
    const listed = async () =>
      (await world.inject({ method: "GET", url: "/api/v1/tokens", as: "admin" })).json().tokens as {
        name: string;
        lastUsedAt: string | null;
      }[];
    expect((await listed()).find((t) => t.name === "admin token")?.lastUsedAt).toBeNull();
    await world.app.app.inject({
      method: "POST",
      url: "/api/v1/conversations/close",
      headers: { authorization: `Bearer ${token}` },
      payload: { conversationId: "nothing-here" },
    });
    await eventually(async () => (await listed()).find((t) => t.name === "admin token")?.lastUsedAt != null);
  });
});
