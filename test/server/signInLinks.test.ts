import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * One-time sign-in links: an admin adds someone without choosing their password and sends them a
 * link (or makes one for someone who forgot theirs); whoever opens it chooses their own password and
 * is signed in. Before, the admin had to invent a password and pass it on, and knew it.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const tokenOf = (path: string): string => path.replace("/welcome/", "");
const publicCall = (method: "GET" | "POST", token: string, payload?: Record<string, unknown>) =>
  world.app.app.inject({
    method,
    url: `/api/v1/sign-in-links/${token}`,
    ...(payload !== undefined ? { payload } : {}),
  });
const login = (email: string, password: string) =>
  world.app.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });

describe("sign-in links", () => {
  it("invites a new person without a password: they choose theirs with the link, are signed in, and the link is spent", async () => {
    const created = await world.inject({
      method: "POST",
      url: "/api/v1/people",
      as: "admin",
      payload: { email: "nia.new@example.com", name: "Nia Novak", role: "agent", teamIds: [world.teams.a] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const link = created.json().signInLink;
    expect(link.purpose).toBe("invite");
    expect(link.path).toMatch(/^\/welcome\/[\w-]{40,}$/);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    // No password yet: nobody can sign in as them.
    expect((await login("nia.new@example.com", "")).statusCode).toBe(400);

    const token = tokenOf(link.path);
    const info = await publicCall("GET", token);
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json()).toMatchObject({ name: "Nia Novak", email: "nia.new@example.com", purpose: "invite" });

    const short = await publicCall("POST", token, { password: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain("password: must be at least 12 characters");
    // A refused password did not spend the link.
    expect((await publicCall("GET", token)).statusCode).toBe(200);

    const used = await publicCall("POST", token, { password: "my own long password" });
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json().me).toMatchObject({ email: "nia.new@example.com", role: "agent" });
    const cookie = used.cookies.find((c) => c.name === "tagteam_session");
    expect(cookie?.httpOnly).toBe(true);
    const me = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `tagteam_session=${cookie?.value}` },
    });
    expect(me.json().me.email).toBe("nia.new@example.com");
    expect((await login("nia.new@example.com", "my own long password")).statusCode).toBe(200);

    for (const again of [
      await publicCall("GET", token),
      await publicCall("POST", token, { password: "a second password" }),
    ]) {
      expect(again.statusCode).toBe(404);
      expect(again.json().error.message).toContain("This sign-in link cannot be used");
    }
    expect((await login("nia.new@example.com", "a second password")).statusCode).toBe(401);

    const audit = await world.inject({ method: "GET", url: "/api/v1/audit", as: "admin" });
    const actions = (audit.json().entries as { action: string }[]).map((e) => e.action);
    expect(actions).toContain("person.sign_in_link_created");
    expect(actions).toContain("person.password_set_by_link");
  });

  it("resets a forgotten password: a newer link replaces the older, and using it signs out the old sessions", async () => {
    const oldCookie = await world.cookie("peerA");
    const make = async () => {
      const r = await world.inject({
        method: "POST",
        url: `/api/v1/people/${world.people.peerA.id}/sign-in-link`,
        as: "admin",
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().signInLink as { path: string; purpose: string; expiresAt: string };
    };
    const first = await make();
    const second = await make();
    expect(second.purpose).toBe("reset");
    expect((Date.parse(second.expiresAt) - Date.now()) / 3_600_000).toBeLessThan(24.1);
    // Until it is used, the old password and sessions still work.
    const stillIn = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: oldCookie },
    });
    expect(stillIn.statusCode).toBe(200);

    expect((await publicCall("GET", tokenOf(first.path))).statusCode).toBe(404);
    const used = await publicCall("POST", tokenOf(second.path), { password: "a fresh long password" });
    expect(used.statusCode, used.body).toBe(200);
    const after = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: oldCookie },
    });
    expect(after.statusCode).toBe(401);
    world.forgetSession("peerA");
  });

  it("refuses an expired link, one for a deactivated person, and links for oneself or for nobody", async () => {
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.agentB.id}/sign-in-link`,
      as: "admin",
    });
    const token = tokenOf(r.json().signInLink.path);
    await world.store.query("UPDATE sign_in_links SET expires_at = now() - interval '1 minute'");
    expect((await publicCall("GET", token)).statusCode).toBe(404);
    expect((await publicCall("POST", token, { password: "too late for this one" })).statusCode).toBe(404);

    const fresh = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.agentB.id}/sign-in-link`,
      as: "admin",
    });
    const freshToken = tokenOf(fresh.json().signInLink.path);
    const off = await world.inject({
      method: "PATCH",
      url: `/api/v1/people/${world.people.agentB.id}`,
      as: "admin",
      payload: { active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(
      (await publicCall("POST", freshToken, { password: "deactivated people stay out" })).statusCode,
    ).toBe(404);
    const refused = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.agentB.id}/sign-in-link`,
      as: "admin",
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain("is deactivated");

    const self = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.admin.id}/sign-in-link`,
      as: "admin",
    });
    expect(self.statusCode).toBe(409);
    const nobody = await world.inject({
      method: "POST",
      url: "/api/v1/people/6f30e375-162d-4b37-a0cc-1c890ce9e6b3/sign-in-link",
      as: "admin",
    });
    expect(nobody.statusCode).toBe(404);
    expect((await publicCall("GET", "x".repeat(43))).statusCode).toBe(404);
    expect((await publicCall("GET", "short")).statusCode).toBe(400);
  });
});
