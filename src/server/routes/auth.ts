import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  changePasswordBodySchema,
  idParamsSchema,
  listSessionsResponseSchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  revokeOtherSessionsResponseSchema,
  type ValidationIssue,
} from "../../protocol/index.ts";
import {
  appendAuditEntries,
  createSession,
  findLiveSessionByTokenHash,
  findOrganisationById,
  findPersonCredentialsByEmail,
  findPersonPasswordHash,
  generateToken,
  hashToken,
  listLiveSessionsForPerson,
  listPersonTopics,
  revokeLiveSessionOfPerson,
  revokeSession,
  revokeSessionsForPerson,
  updatePerson,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import { SESSION_COOKIE, SESSION_MAX_MS } from "../auth/authenticate.ts";
import { DUMMY_PASSWORD_HASH_PROMISE, hashPassword, verifyPassword } from "../auth/passwords.ts";
import { describeUserAgent } from "../auth/describeUserAgent.ts";
import type { Principal } from "../auth/principal.ts";
import type { ServerContext } from "../context.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import { AppError, forbidden, notFound, validationFailed } from "../errors.ts";
import { presentPerson, presentSession } from "../presenters.ts";
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

/**
 * Signs the person in from this request: a new session, its httpOnly cookie on the reply, and who
 * they are now, as the UI needs it. After a password was checked, or a sign-in link used.
 */
export async function startSession(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  person: { orgId: string; id: string },
): Promise<z.input<typeof meSchema>> {
  const token = generateToken();
  await createSession(ctx.store, {
    orgId: person.orgId,
    personId: person.id,
    tokenHash: hashToken(token),
    expiresAt: ctx.now() + ctx.config.sessionTtlMs,
    // What the person will recognise this session by on the Account page.
    userAgent: request.headers["user-agent"] ?? null,
    ip: request.ip,
  });
  const secure = ctx.config.cookieSecure === "auto" ? request.protocol === "https" : ctx.config.cookieSecure;
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    // The server decides when the session ends (it slides while in use); the cookie lasts as
    // long as a session can.
    expires: new Date(ctx.now() + SESSION_MAX_MS),
  });
  const principal = await ctx.auth.resolveSession(token);
  if (principal === null) throw new AppError("INTERNAL", "The session vanished after sign-in");
  return loadMe(ctx, principal);
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
      // Said only to someone who knows the password (so it reveals nothing to a guesser), and as
      // 403: who they are is right, they may no longer come in.
      if (found.person.deactivatedAt !== null)
        throw forbidden("This account has been deactivated; ask an admin of your team");
      return { me: await startSession(ctx, request, reply, found.person) };
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
      // Its sockets (the other tabs of this browser) close now, on every instance, not at the next heartbeat.
      await ctx.bus.announceAccessChange({
        orgId: principal.orgId,
        personId: principal.personId,
        deactivated: false,
      });
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  });

  register({
    method: "POST",
    url: "/me/password",
    summary:
      "Change your own password (signed in with a session): your other sessions are signed out, this one stays",
    tag: "auth",
    auth: "person",
    schemas: { body: changePasswordBodySchema },
    response: z.object({ ok: z.literal(true), signedOutSessions: z.number().int() }),
    rateLimitPerMinute: ctx.config.loginRateLimitPerMinute,
    handler: async ({ principal, body, request }) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (principal.via !== "session" || typeof cookie !== "string")
        throw forbidden("Sign in to change your password: an API token cannot");
      const stored = await findPersonPasswordHash(ctx.store, principal.orgId, principal.personId);
      const issues: ValidationIssue[] = [];
      if (stored === null || !(await verifyPassword(stored, body.currentPassword)))
        issues.push({
          path: ["body", "currentPassword"],
          message: "is not your current password",
          code: "custom",
        });
      if (body.newPassword === body.currentPassword)
        issues.push({
          path: ["body", "newPassword"],
          message: "must differ from the current one",
          code: "custom",
        });
      if (issues.length > 0) throw validationFailed(issues);
      const passwordHash = await hashPassword(body.newPassword);
      const signedOut = await runCommand(ctx, async (tx) => {
        await updatePerson(tx, { orgId: principal.orgId, personId: principal.personId, passwordHash });
        const ended = await revokeSessionsForPerson(tx, {
          orgId: principal.orgId,
          personId: principal.personId,
          exceptTokenHash: hashToken(cookie),
        });
        await appendAuditEntries(tx, [
          auditEntry(principal, "person.password_changed", "person", principal.personId, request.id, {
            signedOutSessions: ended,
          }),
        ]);
        return { result: ended, events: [] };
      });
      ctx.auth.forget();
      await ctx.bus.announceAccessChange({
        orgId: principal.orgId,
        personId: principal.personId,
        deactivated: false,
      });
      return { ok: true as const, signedOutSessions: signedOut };
    },
  });

  /** The caller's session cookie, when they came with one: sessions are managed from a session. */
  const sessionCookie = (principal: Principal, cookies: Record<string, string | undefined>, what: string) => {
    const cookie = cookies[SESSION_COOKIE];
    if (principal.via !== "session" || typeof cookie !== "string" || cookie === "")
      throw forbidden(`Sign in to ${what}: an API token cannot`);
    return cookie;
  };

  register({
    method: "GET",
    url: "/me/sessions",
    summary:
      "Where you're signed in: your live sessions (not signed out, not expired), most recently used first; `current` marks this one",
    tag: "auth",
    auth: "person",
    schemas: {},
    response: listSessionsResponseSchema,
    handler: async ({ principal, request }) => {
      const cookie = sessionCookie(principal, request.cookies, "see where you are signed in");
      const now = ctx.now();
      const [current, sessions] = await Promise.all([
        findLiveSessionByTokenHash(ctx.store, hashToken(cookie), now),
        listLiveSessionsForPerson(ctx.store, { orgId: principal.orgId, personId: principal.personId, now }),
      ]);
      const currentId = current?.id ?? null;
      const presented = sessions.map((s) => presentSession(s, currentId, now));
      // This session is in use now, so it comes first; the rest by their recorded last use.
      presented.sort((a, b) => Number(b.current) - Number(a.current));
      return { sessions: presented };
    },
  });

  register({
    method: "DELETE",
    url: "/me/sessions/:id",
    summary:
      "Sign out one of your sessions (another device, or this one); someone else's or an unknown id is 404",
    tag: "auth",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ principal, params, request, reply }) => {
      const cookie = sessionCookie(principal, request.cookies, "sign out a session");
      const now = ctx.now();
      const current = await findLiveSessionByTokenHash(ctx.store, hashToken(cookie), now);
      await runCommand(ctx, async (tx) => {
        const ended = await revokeLiveSessionOfPerson(tx, {
          orgId: principal.orgId,
          personId: principal.personId,
          sessionId: params.id,
          now,
        });
        // Unknown, someone else's, or already ended: the same answer, so ids cannot be probed.
        if (ended === null) throw notFound("session");
        return {
          result: null,
          events: [],
          audit: [
            auditEntry(principal, "session.revoked", "session", params.id, request.id, {
              device: describeUserAgent(ended.userAgent),
              current: params.id === current?.id,
            }),
          ],
        };
      });
      // Its requests are refused at once, and its open sockets close, here and on every other
      // instance (which also drop their credential cache).
      ctx.auth.forget();
      await ctx.bus.announceAccessChange({
        orgId: principal.orgId,
        personId: principal.personId,
        deactivated: false,
      });
      if (params.id === current?.id) void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  });

  register({
    method: "POST",
    url: "/me/sessions/revoke-others",
    summary: "Sign out everywhere else: every other session of yours ends, this one stays",
    tag: "auth",
    auth: "person",
    schemas: {},
    response: revokeOtherSessionsResponseSchema,
    handler: async ({ principal, request }) => {
      const cookie = sessionCookie(principal, request.cookies, "sign out your other sessions");
      const signedOut = await runCommand(ctx, async (tx) => {
        const ended = await revokeSessionsForPerson(tx, {
          orgId: principal.orgId,
          personId: principal.personId,
          exceptTokenHash: hashToken(cookie),
          liveAt: ctx.now(),
        });
        return {
          result: ended,
          events: [],
          audit: [
            auditEntry(principal, "session.others_revoked", "person", principal.personId, request.id, {
              signedOutSessions: ended,
            }),
          ],
        };
      });
      ctx.auth.forget();
      await ctx.bus.announceAccessChange({
        orgId: principal.orgId,
        personId: principal.personId,
        deactivated: false,
      });
      return { ok: true as const, signedOutSessions: signedOut };
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
