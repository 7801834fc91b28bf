import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * A 401 says whether an API token was sent: an integrator whose token is mistyped or revoked read
 * "Sign in or send an API token" and looked everywhere but at the token.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const INVALID =
  "This API token is not valid: it was revoked (or its person deactivated), or it is mistyped or cut short";

describe("a refused API token", () => {
  it("is said to be the token's fault, in the header or in a webhook's ?token=", async () => {
    const token = await world.token("leadA", ["ingest", "api"]);
    const me = (authorization?: string) =>
      world.app.app.inject({
        method: "GET",
        url: "/api/v1/me",
        headers: authorization === undefined ? {} : { authorization },
      });
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    expect((await me(`Bearer ${token.slice(0, -3)}`)).json().error).toMatchObject({
      code: "UNAUTHENTICATED",
      message: INVALID,
    });
    expect((await me()).json().error.message).toBe("Sign in or send an API token");
    // A proxy's own credentials are none of the caller's doing: the usual message.
    expect((await me("Basic dXNlcjpwYXNz")).json().error.message).toBe("Sign in or send an API token");
    // The token alone, or another scheme, in the header: said to be the header's form.
    for (const header of [token, `Token ${token}`, `bearer ${token}`]) {
      const r = await me(header);
      expect([r.statusCode, r.json().error.message]).toEqual([
        401,
        'The Authorization header must read "Bearer <token>": the word Bearer, a space, then the API token (tt_…)',
      ]);
    }

    const chatwoot = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=tt_wrong`,
      payload: { event: "message_created" },
    });
    expect([chatwoot.statusCode, chatwoot.json().error.message]).toEqual([401, INVALID]);

    const [listed] = (await world.inject({ method: "GET", url: "/api/v1/tokens", as: "leadA" })).json()
      .tokens as { id: string }[];
    await world.inject({ method: "DELETE", url: `/api/v1/tokens/${listed?.id}`, as: "leadA" });
    expect((await me(`Bearer ${token}`)).json().error.message).toBe(INVALID);
  });
});
