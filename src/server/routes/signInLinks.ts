import {
  signInLinkInfoResponseSchema,
  signInLinkResponseSchema,
  signInLinkTokenParamsSchema,
  idParamsSchema,
  loginResponseSchema,
  useSignInLinkBodySchema,
  type SignInLink,
} from "../../protocol/index.ts";
import {
  appendAuditEntries,
  createSignInLink,
  findOrganisationById,
  findPersonById,
  findPersonPasswordHash,
  findUsableSignInLink,
  generateToken,
  hashToken,
  revokeSessionsForPerson,
  updatePerson,
  useSignInLink,
  type Queryable,
  type SignInLinkPurpose,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import { hashPassword } from "../auth/passwords.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { AppError, invalidState, notFound } from "../errors.ts";
import { assertAdmin } from "../policies.ts";
import { startSession } from "./auth.ts";

/** How long a link works: a week to take up a new account, a day for a forgotten password. */
export const SIGN_IN_LINK_TTL_MS: Record<SignInLinkPurpose, number> = {
  invite: 7 * 24 * 3_600_000,
  reset: 24 * 3_600_000,
};

/** Said for every link that cannot be used, whatever the reason, so a guesser learns nothing. */
const UNUSABLE =
  "This sign-in link cannot be used: it was used already, replaced by a newer one, or it has expired. Ask an admin of your team for a new one";

/** The web app's page for a link's token. */
export const signInLinkPath = (token: string): string => `/welcome/${token}`;

/**
 * Makes a one-time sign-in link for a person (replacing their earlier ones) and audits it, inside
 * the caller's transaction: `invite` for an account without a password yet, else `reset`.
 */
export async function issueSignInLink(
  ctx: ServerContext,
  tx: Queryable,
  principal: Principal,
  personId: string,
  requestId: string,
): Promise<SignInLink> {
  const purpose: SignInLinkPurpose =
    (await findPersonPasswordHash(tx, principal.orgId, personId)) === null ? "invite" : "reset";
  const token = generateToken();
  const link = await createSignInLink(tx, {
    orgId: principal.orgId,
    personId,
    tokenHash: hashToken(token),
    purpose,
    expiresAt: ctx.now() + SIGN_IN_LINK_TTL_MS[purpose],
    createdBy: principal.personId,
  });
  await appendAuditEntries(tx, [
    auditEntry(principal, "person.sign_in_link_created", "person", personId, requestId, {
      purpose,
      expiresAt: new Date(link.expiresAt).toISOString(),
    }),
  ]);
  return { path: signInLinkPath(token), expiresAt: new Date(link.expiresAt).toISOString(), purpose };
}

export function registerSignInLinkRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "POST",
    url: "/people/:id/sign-in-link",
    summary:
      "A one-time sign-in link for someone (admin): they open it, choose a password and are signed in. It replaces their earlier links; their password and sessions keep working until it is used",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: signInLinkResponseSchema,
    status: 201,
    handler: async ({ principal, params, request }) => {
      assertAdmin(principal);
      if (params.id === principal.personId)
        throw invalidState("Change your own password under Account (POST /me/password)");
      const signInLink = await runCommand(ctx, async (tx) => {
        const person = await findPersonById(tx, principal.orgId, params.id);
        if (person === null) throw notFound("person");
        if (person.deactivatedAt !== null)
          throw invalidState(
            `${person.displayName} is deactivated: reactivate them before sending a sign-in link`,
          );
        return { result: await issueSignInLink(ctx, tx, principal, person.id, request.id), events: [] };
      });
      return { signInLink };
    },
  });

  register({
    method: "GET",
    url: "/sign-in-links/:token",
    summary:
      "Whose sign-in link this is (public: the token is the credential), for the page that asks them for a password; 404 once it cannot be used",
    tag: "auth",
    auth: "public",
    schemas: { params: signInLinkTokenParamsSchema },
    response: signInLinkInfoResponseSchema,
    rateLimitPerMinute: ctx.config.loginRateLimitPerMinute,
    handler: async ({ params }) => {
      const link = await findUsableSignInLink(ctx.store, hashToken(params.token), ctx.now());
      const [person, org] =
        link === null
          ? [null, null]
          : await Promise.all([
              findPersonById(ctx.store, link.orgId, link.personId),
              findOrganisationById(ctx.store, link.orgId),
            ]);
      if (link === null || person === null || org === null || person.deactivatedAt !== null)
        throw new AppError("NOT_FOUND", UNUSABLE);
      return {
        name: person.displayName,
        email: person.email,
        orgName: org.name,
        purpose: link.purpose,
        expiresAt: new Date(link.expiresAt).toISOString(),
      };
    },
  });

  register({
    method: "POST",
    url: "/sign-in-links/:token",
    summary:
      "Use a sign-in link (public): sets the password chosen, signs out the person's other sessions, and signs them in here (session cookie); the link cannot be used again",
    tag: "auth",
    auth: "public",
    schemas: { params: signInLinkTokenParamsSchema, body: useSignInLinkBodySchema },
    response: loginResponseSchema,
    rateLimitPerMinute: ctx.config.loginRateLimitPerMinute,
    handler: async ({ params, body, request, reply }) => {
      const tokenHash = hashToken(params.token);
      const passwordHash = await hashPassword(body.password);
      const person = await runCommand(ctx, async (tx) => {
        const found = await findUsableSignInLink(tx, tokenHash, ctx.now());
        const person = found === null ? null : await findPersonById(tx, found.orgId, found.personId);
        if (found === null || person === null || person.deactivatedAt !== null)
          throw new AppError("NOT_FOUND", UNUSABLE);
        // Once: a second request with the same link finds it used here, and changes nothing.
        const link = await useSignInLink(tx, tokenHash, ctx.now());
        if (link === null) throw new AppError("NOT_FOUND", UNUSABLE);
        await updatePerson(tx, { orgId: person.orgId, personId: person.id, passwordHash });
        const ended = await revokeSessionsForPerson(tx, { orgId: person.orgId, personId: person.id });
        await appendAuditEntries(tx, [
          {
            orgId: person.orgId,
            actorKind: "person",
            actorId: person.id,
            action: "person.password_set_by_link",
            targetType: "person",
            targetId: person.id,
            requestId: request.id,
            details: { purpose: link.purpose, signedOutSessions: ended },
          },
        ]);
        return { result: person, events: [] };
      });
      ctx.auth.forget();
      // Pages still open with an old session close now, on every instance.
      await ctx.bus.announceAccessChange({ orgId: person.orgId, personId: person.id, deactivated: false });
      return { me: await startSession(ctx, request, reply, person) };
    },
  });
}
