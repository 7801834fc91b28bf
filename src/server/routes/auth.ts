import { z } from "zod";
import { loginBodySchema, loginResponseSchema, meSchema } from "../../protocol/index.ts";
import {
  createSession,
  findLiveSessionByTokenHash,
  findOrganisationById,
  findPersonCredentialsByEmail,
  generateToken,
  hashToken,
  listPersonTopics,
  revokeSession,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import { SESSION_COOKIE } from "../auth/authenticate.ts";
import { DUMMY_PASSWORD_HASH_PROMISE, verifyPassword } from "../auth/passwords.ts";
import type { Principal } from "../auth/principal.ts";
import type { ServerContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { presentPerson } from "../presenters.ts";
import { findPersonById } from "../../store/index.ts";

/** The signed-in person as the UI needs them. */
export async function loadMe(ctx: ServerContext, p: Principal): Promise<z.input<typeof meSchema>> {
  const [person, org, topics] = await Promise.all([
    findPersonById(ctx.store, p.orgId, p.personId),
    findOrganisationById(ctx.store, p.orgId),
    listPersonTopics(ctx.store, { orgId: p.orgId, personIds: [p.personId] }),
  ]);
  if (person === null || org === null) throw new AppError("UNAUTHENTICATED", "Your account no longer exists");
  return {
    ...presentPerson(
      person,
      topics.map((t) => t.topic),
    ),
    orgId: org.id,
    orgName: org.name,
  };
}

export function registerAuthRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "POST",
    url: "/auth/login",
    summary: "Sign in with e-mail and password; sets an httpOnly session cookie",
    tag: "auth",
    auth: "public",
    schemas: { body: loginBodySchema },
    response: loginResponseSchema,
    rateLimitPerMinute: ctx.config.loginRateLimitPerMinute,
    handler: async ({ body, request, reply }) => {
      const found = await findPersonCredentialsByEmail(ctx.store, body.email);
      // Same work whether or not the account exists, so timing does not reveal addresses.
      const ok =
        found?.passwordHash != null
          ? await verifyPassword(found.passwordHash, body.password)
          : (await verifyPassword(await DUMMY_PASSWORD_HASH_PROMISE(), body.password)) && false;
      if (!ok || found === null) throw new AppError("UNAUTHENTICATED", "E-mail or password is wrong");
      const token = generateToken();
      const expiresAt = ctx.now() + ctx.config.sessionTtlMs;
      await createSession(ctx.store, {
        orgId: found.person.orgId,
        personId: found.person.id,
        tokenHash: hashToken(token),
        expiresAt,
      });
      const secure =
        ctx.config.cookieSecure === "auto" ? request.protocol === "https" : ctx.config.cookieSecure;
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        expires: new Date(expiresAt),
      });
      const principal = await ctx.auth.resolveSession(token);
      if (principal === null) throw new AppError("INTERNAL", "session vanished after sign-in");
      return { me: await loadMe(ctx, principal) };
    },
  });

  register({
    method: "POST",
    url: "/auth/logout",
    summary: "Sign out: revokes the session and clears the cookie",
    tag: "auth",
    auth: "person",
    schemas: {},
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ principal, request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (typeof token === "string") {
        const session = await findLiveSessionByTokenHash(ctx.store, hashToken(token), ctx.now());
        if (session !== null)
          await revokeSession(ctx.store, { orgId: principal.orgId, sessionId: session.id });
      }
      ctx.auth.forget();
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  });

  register({
    method: "GET",
    url: "/me",
    summary: "The signed-in person",
    tag: "auth",
    auth: "person",
    schemas: {},
    response: z.object({ me: meSchema }),
    handler: async ({ principal }) => ({ me: await loadMe(ctx, principal) }),
  });
}
