import { z } from "zod";
import {
  createApiTokenBodySchema,
  createApiTokenResponseSchema,
  createFactBodySchema,
  createPersonBodySchema,
  createTeamBodySchema,
  escalationProtocolResponseSchema,
  factResponseSchema,
  idParamsSchema,
  listApiTokensResponseSchema,
  listFactsQuerySchema,
  listFactsResponseSchema,
  listPeopleQuerySchema,
  listPeopleResponseSchema,
  listTeamsResponseSchema,
  personResponseSchema,
  putEscalationProtocolBodySchema,
  createdPersonResponseSchema,
  type SignInLink,
  setPasswordBodySchema,
  teamResponseSchema,
  updateFactBodySchema,
  updatePersonBodySchema,
  updateTeamBodySchema,
  updateOrganisationBodySchema,
  organisationResponseSchema,
  type ValidationIssue,
} from "../../protocol/index.ts";
import {
  addTeamMember,
  appendAuditEntries,
  countActiveAdmins,
  createApiToken,
  createKnowledgeFact,
  createPerson,
  createTeam,
  deleteKnowledgeFact,
  findEscalationProtocol,
  findPersonById,
  findTeamById,
  findTeamsWhoseProtocolNames,
  generateToken,
  hashToken,
  listApiTokens,
  listKnowledgeFacts,
  listPeople,
  listPersonTopics,
  listTeams,
  recordTopicExperience,
  removeTeamMember,
  renameTeam,
  renameOrganisation,
  findOrganisationById,
  revokeApiToken,
  revokeSessionsForPerson,
  saveEscalationProtocol,
  setPersonActive,
  updateKnowledgeFact,
  updatePerson,
  type NewEvent,
  type PersonRecord,
  type Queryable,
  type NewAuditEntry,
} from "../../store/index.ts";
import { factValueProblem } from "../../engine/index.ts";
import type { Register } from "../app.ts";
import { hashPassword } from "../auth/passwords.ts";
import { auditEntry as audit } from "../commands/auditEntry.ts";
import { handOverFromDeactivated } from "../commands/handOverFromDeactivated.ts";
import { rerouteRaisedAlertsOf } from "../commands/rerouteAlert.ts";
import { runCommand } from "../commands/runCommand.ts";
import { issueSignInLink } from "./signInLinks.ts";
import type { ServerContext } from "../context.ts";
import { forbidden, invalidState, notFound, validationFailed } from "../errors.ts";
import type { PeopleDirectory } from "../ingest/peopleDirectory.ts";
import type { AccessChange } from "../realtime/eventBus.ts";
import { parseEscalationConfig, type EscalationConfig } from "../live/escalation.ts";
import { answerGapsWith } from "../loop2/gapAnswers.ts";
import { assertAdmin, assertLead, canFilterByTeam, canReadTeam, isAdmin, scopeTeams } from "../policies.ts";
import { presentApiToken, presentFact, presentPerson, presentTeam } from "../presenters.ts";
import { findTeamEngineSettings } from "../../store/teamEngineSettings.ts";

async function presentPeople(db: Queryable, orgId: string, people: PersonRecord[]) {
  const topics = await listPersonTopics(db, { orgId, personIds: people.map((p) => p.id) });
  return people.map((p) =>
    presentPerson(
      p,
      topics.filter((t) => t.personId === p.id).map((t) => t.topic),
    ),
  );
}

/** The names of some of the organisation's teams, for messages (ids when a team is gone). */
async function teamNames(db: Queryable, orgId: string, teamIds: readonly string[]): Promise<string[]> {
  const teams = await listTeams(db, orgId);
  return teamIds.map((id) => teams.find((t) => t.id === id)?.name ?? id);
}

export function registerAdminRoutes(register: Register, ctx: ServerContext, people: PeopleDirectory): void {
  register({
    method: "GET",
    url: "/teams",
    summary: "Teams the caller may see (admins: all)",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: listTeamsResponseSchema,
    handler: async ({ principal }) => {
      const teams = (await listTeams(ctx.store, principal.orgId)).filter((t) => canReadTeam(principal, t.id));
      // Each team's thresholds: which waits its floor and console mark as long.
      const settings = await Promise.all(
        teams.map((t) => findTeamEngineSettings(ctx.store, principal.orgId, t.id)),
      );
      return { teams: teams.map((t, i) => presentTeam(t, settings[i]?.overrides ?? null)) };
    },
  });

  register({
    method: "POST",
    url: "/teams",
    summary: "Create a team (admin)",
    tag: "admin",
    auth: "person",
    schemas: { body: createTeamBodySchema },
    response: teamResponseSchema,
    status: 201,
    handler: async ({ principal, body, request }) => {
      assertAdmin(principal);
      const team = await runCommand(ctx, async (tx) => {
        const team = await createTeam(tx, { orgId: principal.orgId, name: body.name });
        await appendAuditEntries(tx, [audit(principal, "team.created", "team", team.id, request.id)]);
        return { result: team, events: [] };
      });
      return { team: presentTeam(team) };
    },
  });

  register({
    method: "PATCH",
    url: "/organisation",
    summary:
      "Rename the organisation (admin): the name its people see above the navigation and in their sign-in links. Audited with the old and new names",
    tag: "admin",
    auth: "person",
    schemas: { body: updateOrganisationBodySchema },
    response: organisationResponseSchema,
    handler: async ({ principal, body, request }) => {
      assertAdmin(principal);
      const organisation = await runCommand(ctx, async (tx) => {
        const before = await findOrganisationById(tx, principal.orgId);
        if (before === null) throw notFound("organisation");
        const renamed = await renameOrganisation(tx, { orgId: before.id, name: body.name });
        return {
          result: renamed,
          events: [],
          audit:
            before.name === renamed.name
              ? []
              : [
                  audit(principal, "organisation.renamed", "organisation", renamed.id, request.id, {
                    from: before.name,
                    to: renamed.name,
                  }),
                ],
        };
      });
      return { organisation: { id: organisation.id, name: organisation.name } };
    },
  });

  register({
    method: "PATCH",
    url: "/teams/:id",
    summary: "Rename a team (admin); audited with the old and new names",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema, body: updateTeamBodySchema },
    response: teamResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      assertAdmin(principal);
      const team = await runCommand(ctx, async (tx) => {
        const before = await findTeamById(tx, principal.orgId, params.id);
        if (before === null) throw notFound("team");
        const team = await renameTeam(tx, { orgId: principal.orgId, teamId: before.id, name: body.name });
        await appendAuditEntries(tx, [
          audit(principal, "team.renamed", "team", team.id, request.id, { from: before.name, to: team.name }),
        ]);
        return { result: team, events: [] };
      });
      const settings = await findTeamEngineSettings(ctx.store, principal.orgId, team.id);
      return { team: presentTeam(team, settings?.overrides ?? null) };
    },
  });

  register({
    method: "GET",
    url: "/people",
    summary: "People in the caller's teams (admins: everyone)",
    tag: "admin",
    auth: "person",
    schemas: { query: listPeopleQuerySchema },
    response: listPeopleResponseSchema,
    handler: async ({ principal, query }) => {
      const teams = scopeTeams(principal, query.teamId);
      const all = await listPeople(ctx.store, {
        orgId: principal.orgId,
        ...(query.teamId ? { teamId: query.teamId } : {}),
      });
      const visible =
        teams === undefined
          ? all
          : all.filter((p) => p.teamIds.some((t) => teams.includes(t)) || p.id === principal.personId);
      return { people: await presentPeople(ctx.store, principal.orgId, visible) };
    },
  });

  register({
    method: "POST",
    url: "/people",
    summary:
      "Create a person with a role, teams and topics (admin), and a password — or, without one, a one-time sign-in link to send them (signInLink in the answer), with which they choose their own",
    tag: "admin",
    auth: "person",
    schemas: { body: createPersonBodySchema },
    response: createdPersonResponseSchema,
    status: 201,
    handler: async ({ principal, body, request }) => {
      assertAdmin(principal);
      const passwordHash = body.password !== undefined ? await hashPassword(body.password) : null;
      let signInLink: SignInLink | undefined;
      const person = await runCommand(ctx, async (tx) => {
        const created = await createPerson(tx, {
          orgId: principal.orgId,
          email: body.email,
          displayName: body.name,
          role: body.role,
          passwordHash,
          availability: "available",
          teamIds: body.teamIds,
        });
        for (const topic of body.topics) {
          await recordTopicExperience(tx, { orgId: principal.orgId, personId: created.id, topic, weight: 0 });
        }
        await appendAuditEntries(tx, [audit(principal, "person.created", "person", created.id, request.id)]);
        if (passwordHash === null)
          signInLink = await issueSignInLink(ctx, tx, principal, created.id, request.id);
        return {
          result: created,
          events: body.teamIds.map((teamId) => ({
            orgId: principal.orgId,
            teamId,
            type: "person.updated",
            payload: { personId: created.id },
          })),
        };
      });
      people.invalidate();
      const [presented] = await presentPeople(ctx.store, principal.orgId, [person]);
      if (presented === undefined) throw notFound("person");
      return { person: presented, ...(signInLink !== undefined ? { signInLink } : {}) };
    },
  });

  register({
    method: "PATCH",
    url: "/people/:id",
    summary: "Update a person (admin); anyone may set their own availability",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema, body: updatePersonBodySchema },
    response: personResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const self = params.id === principal.personId;
      const onlyAvailability = Object.keys(body).every((k) => k === "availability");
      if (!isAdmin(principal) && !(self && onlyAvailability))
        throw forbidden("Only an admin may change this");
      if (self && body.active === false) throw invalidState("You cannot deactivate yourself");
      // Conversations a deactivation unassigns: the ingest pipeline's cache forgets them once committed.
      const unassigned: string[] = [];
      // What they may read changed: their open sockets, here and on every instance, are checked again.
      let accessChange: AccessChange | null = null;
      const person = await runCommand(ctx, async (tx) => {
        const before = await findPersonById(tx, principal.orgId, params.id);
        if (before === null) throw notFound("person");
        const deactivating = body.active === false && before.deactivatedAt === null;
        const demoting = body.role !== undefined && body.role !== "admin" && before.role === "admin";
        // The organisation always keeps an admin who can sign in.
        if (
          (deactivating || demoting) &&
          before.role === "admin" &&
          before.deactivatedAt === null &&
          (await countActiveAdmins(tx, principal.orgId)) <= 1
        )
          throw invalidState(`${before.displayName} is the last active admin; make someone else admin first`);
        if (deactivating) {
          const named = await findTeamsWhoseProtocolNames(tx, principal.orgId, before.id);
          if (named.length > 0) {
            const names = await teamNames(tx, principal.orgId, named);
            throw invalidState(
              `${before.displayName} is named in the escalation protocol of ${names.join(", ")}; change it first`,
            );
          }
        }
        if (body.availability !== undefined && before.deactivatedAt !== null && body.active !== true)
          throw invalidState(`${before.displayName} is deactivated`);
        await updatePerson(tx, {
          orgId: principal.orgId,
          personId: params.id,
          ...(body.name !== undefined ? { displayName: body.name } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.availability !== undefined ? { availability: body.availability } : {}),
        });
        const alertEvents: NewEvent[] = [];
        // Away or offline, they cannot take what they were asked to: it goes to someone free.
        const stepsAway =
          body.availability !== undefined &&
          (body.availability === "away" || body.availability === "offline") &&
          (before.availability === "available" || before.availability === "busy");
        if (stepsAway && before.deactivatedAt === null)
          alertEvents.push(
            ...(await rerouteRaisedAlertsOf(tx, before, body.availability ?? "away", principal.personId)),
          );
        if (body.teamIds !== undefined) {
          for (const t of before.teamIds.filter((t) => !body.teamIds?.includes(t))) {
            await removeTeamMember(tx, { orgId: principal.orgId, teamId: t, personId: params.id });
          }
          for (const t of body.teamIds.filter((t) => !before.teamIds.includes(t))) {
            await addTeamMember(tx, { orgId: principal.orgId, teamId: t, personId: params.id });
          }
        }
        for (const topic of body.topics ?? []) {
          await recordTopicExperience(tx, { orgId: principal.orgId, personId: params.id, topic, weight: 0 });
        }
        // What changed, in the audit log's details: "Changed a person" alone could not say that
        // someone was made an admin or moved to another team.
        const changes: Record<string, string> = {};
        if (body.name !== undefined && body.name !== before.displayName)
          changes["name"] = `${before.displayName} → ${body.name}`;
        if (body.role !== undefined && body.role !== before.role)
          changes["role"] = `${before.role} → ${body.role}`;
        if (body.availability !== undefined && body.availability !== before.availability)
          changes["availability"] = `${before.availability} → ${body.availability}`;
        if (body.teamIds !== undefined) {
          const added = body.teamIds.filter((t) => !before.teamIds.includes(t));
          const removed = before.teamIds.filter((t) => !body.teamIds?.includes(t));
          if (added.length > 0)
            changes["teamsAdded"] = (await teamNames(tx, principal.orgId, added)).join(", ");
          if (removed.length > 0)
            changes["teamsRemoved"] = (await teamNames(tx, principal.orgId, removed)).join(", ");
        }
        if (body.topics !== undefined && body.topics.length > 0) changes["topics"] = body.topics.join(", ");
        const entries: NewAuditEntry[] =
          Object.keys(changes).length > 0 || body.active === undefined
            ? [audit(principal, "person.updated", "person", params.id, request.id, changes)]
            : [];
        if (body.active !== undefined) {
          const changed = await setPersonActive(tx, {
            orgId: principal.orgId,
            personId: params.id,
            active: body.active,
          });
          if (changed !== null) {
            // Signed out everywhere; their API tokens fail from now on (authenticate checks).
            const signedOut = body.active
              ? 0
              : await revokeSessionsForPerson(tx, { orgId: principal.orgId, personId: params.id });
            entries.push({
              ...audit(
                principal,
                body.active ? "person.reactivated" : "person.deactivated",
                "person",
                params.id,
                request.id,
              ),
              ...(body.active ? {} : { details: { signedOutSessions: signedOut } }),
            });
            // What waits on them goes to someone who is still here (handOverFromDeactivated). The
            // deactivation is audited first, so the log reads cause before consequences.
            if (!body.active) {
              await appendAuditEntries(tx, entries.splice(0));
              const handed = await handOverFromDeactivated(tx, before, principal.personId, ctx.now());
              alertEvents.push(...handed.events);
              unassigned.push(...handed.unassigned);
            }
          }
        }
        const after = await findPersonById(tx, principal.orgId, params.id);
        if (after === null) throw notFound("person");
        const deactivated = before.deactivatedAt === null && after.deactivatedAt !== null;
        const sameTeams =
          before.teamIds.length === after.teamIds.length &&
          before.teamIds.every((t) => after.teamIds.includes(t));
        if (deactivated || (after.deactivatedAt === null && (before.role !== after.role || !sameTeams)))
          accessChange = { orgId: principal.orgId, personId: params.id, deactivated };
        await appendAuditEntries(tx, entries);
        return {
          result: after,
          events: [
            ...[...new Set([...before.teamIds, ...after.teamIds])].map((teamId) => ({
              orgId: principal.orgId,
              teamId,
              type: "person.updated",
              payload: { personId: params.id },
            })),
            ...alertEvents,
          ],
        };
      });
      people.invalidate();
      ctx.auth.forget();
      for (const id of unassigned) ctx.ingest.forgetConversation(id);
      if (accessChange !== null) await ctx.bus.announceAccessChange(accessChange);
      const [presented] = await presentPeople(ctx.store, principal.orgId, [person]);
      if (presented === undefined) throw notFound("person");
      return { person: presented };
    },
  });

  register({
    method: "POST",
    url: "/people/:id/password",
    summary:
      "Set someone's password (admin), e.g. when they forgot it: they are signed out everywhere and sign in with the new one",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema, body: setPasswordBodySchema },
    response: z.object({ ok: z.literal(true), signedOutSessions: z.number().int() }),
    handler: async ({ principal, params, body, request }) => {
      assertAdmin(principal);
      if (params.id === principal.personId)
        throw invalidState("Change your own password under Account (POST /me/password)");
      const passwordHash = await hashPassword(body.password);
      const signedOut = await runCommand(ctx, async (tx) => {
        if ((await findPersonById(tx, principal.orgId, params.id)) === null) throw notFound("person");
        await updatePerson(tx, { orgId: principal.orgId, personId: params.id, passwordHash });
        const ended = await revokeSessionsForPerson(tx, { orgId: principal.orgId, personId: params.id });
        await appendAuditEntries(tx, [
          {
            ...audit(principal, "person.password_reset", "person", params.id, request.id),
            details: { signedOutSessions: ended },
          },
        ]);
        return { result: ended, events: [] };
      });
      ctx.auth.forget();
      // Their open pages close now, on every instance, not at the next heartbeat.
      await ctx.bus.announceAccessChange({ orgId: principal.orgId, personId: params.id, deactivated: false });
      return { ok: true as const, signedOutSessions: signedOut };
    },
  });

  register({
    method: "GET",
    url: "/tokens",
    summary: "API tokens (admin: all; others: their own)",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: listApiTokensResponseSchema,
    handler: async ({ principal }) => {
      const tokens = await listApiTokens(ctx.store, principal.orgId);
      return {
        tokens: tokens
          .filter((t) => isAdmin(principal) || t.personId === principal.personId)
          .map(presentApiToken),
      };
    },
  });

  register({
    method: "POST",
    url: "/tokens",
    summary:
      "Create an API token acting as a person (admin: anyone; others: themselves); the secret is shown once",
    tag: "admin",
    auth: "person",
    schemas: { body: createApiTokenBodySchema },
    response: createApiTokenResponseSchema,
    status: 201,
    handler: async ({ principal, body, request }) => {
      const personId = body.personId ?? principal.personId;
      if (personId !== principal.personId) assertAdmin(principal);
      if (principal.via === "token") throw forbidden("Tokens cannot create tokens");
      const secret = `tt_${generateToken()}`;
      const token = await runCommand(ctx, async (tx) => {
        if ((await findPersonById(tx, principal.orgId, personId)) === null) throw notFound("person");
        const token = await createApiToken(tx, {
          orgId: principal.orgId,
          personId,
          name: body.name,
          scopes: body.scopes,
          tokenHash: hashToken(secret),
        });
        await appendAuditEntries(tx, [
          audit(principal, "api_token.created", "api_token", token.id, request.id),
        ]);
        return { result: token, events: [] };
      });
      return { token: presentApiToken(token), secret };
    },
  });

  register({
    method: "DELETE",
    url: "/tokens/:id",
    summary: "Revoke an API token (admin, or its own person)",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ principal, params, request }) => {
      const tokens = await listApiTokens(ctx.store, principal.orgId);
      const token = tokens.find((t) => t.id === params.id);
      if (token === undefined || (!isAdmin(principal) && token.personId !== principal.personId))
        throw notFound("token");
      await runCommand(ctx, async (tx) => {
        await revokeApiToken(tx, { orgId: principal.orgId, tokenId: params.id });
        await appendAuditEntries(tx, [
          audit(principal, "api_token.revoked", "api_token", params.id, request.id),
        ]);
        return { result: null, events: [] };
      });
      ctx.auth.forget();
      // Sockets opened with the token close now, on every instance.
      if (token.personId !== null)
        await ctx.bus.announceAccessChange({
          orgId: principal.orgId,
          personId: token.personId,
          deactivated: false,
        });
      return { ok: true as const };
    },
  });

  register({
    method: "GET",
    url: "/knowledge/facts",
    summary: "Knowledge facts the engine checks claims against (a team's plus the organisation's)",
    tag: "knowledge",
    auth: "person",
    schemas: { query: listFactsQuerySchema },
    response: listFactsResponseSchema,
    handler: async ({ principal, query }) => {
      if (query.teamId !== undefined && !canFilterByTeam(principal, query.teamId)) throw notFound("team");
      const facts = await listKnowledgeFacts(ctx.store, {
        orgId: principal.orgId,
        ...(query.teamId ? { teamId: query.teamId } : {}),
      });
      return {
        facts: facts.filter((f) => f.teamId === null || canReadTeam(principal, f.teamId)).map(presentFact),
      };
    },
  });

  register({
    method: "POST",
    url: "/knowledge/facts",
    summary: "Add a published knowledge fact (admin)",
    tag: "knowledge",
    auth: "person",
    schemas: { body: createFactBodySchema },
    response: factResponseSchema,
    status: 201,
    handler: async ({ principal, body, request }) => {
      assertAdmin(principal);
      assertCheckableValue(body.value, body.unit);
      const fact = await runCommand(ctx, async (tx) => {
        if (body.teamId !== null && (await findTeamById(tx, principal.orgId, body.teamId)) === null)
          throw notFound("team");
        const fact = await createKnowledgeFact(tx, {
          orgId: principal.orgId,
          teamId: body.teamId,
          topic: body.topic,
          statement: body.statement,
          key: body.key,
          value: body.value,
          unit: body.unit,
          status: "published",
          createdBy: principal.personId,
        });
        // The open gaps it answers leave the Knowledge page's list, answered by it.
        const answered = await answerGapsWith(tx, principal.orgId, fact);
        await appendAuditEntries(tx, [
          audit(principal, "knowledge.created", "knowledge_fact", fact.id, request.id, {
            answeredGaps: answered,
          }),
        ]);
        return {
          result: fact,
          events: [{ orgId: principal.orgId, teamId: body.teamId, type: "knowledge.updated", payload: {} }],
        };
      });
      ctx.engine.invalidateKnowledge();
      return { fact: presentFact(fact) };
    },
  });

  register({
    method: "PATCH",
    url: "/knowledge/facts/:id",
    summary:
      "Correct a knowledge fact in place (admin); audited, and the engine checks claims against it at once",
    tag: "knowledge",
    auth: "person",
    schemas: { params: idParamsSchema, body: updateFactBodySchema },
    response: factResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      assertAdmin(principal);
      const fact = await runCommand(ctx, async (tx) => {
        const before = (await listKnowledgeFacts(tx, { orgId: principal.orgId })).find(
          (f) => f.id === params.id,
        );
        if (before === undefined) throw notFound("fact");
        if (body.value !== undefined || body.unit !== undefined)
          assertCheckableValue(body.value ?? before.value, body.unit === undefined ? before.unit : body.unit);
        const fact = await updateKnowledgeFact(tx, { orgId: principal.orgId, factId: before.id, ...body });
        // What changed, old and new, so the audit log can say the return window went from 30 to 45.
        const changed = Object.fromEntries(
          (Object.keys(body) as (keyof typeof body)[])
            .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(fact[k]))
            .map((k) => [k, { from: before[k], to: fact[k] }]),
        );
        await appendAuditEntries(tx, [
          audit(principal, "knowledge.updated", "knowledge_fact", fact.id, request.id, changed),
        ]);
        return {
          result: fact,
          events: [{ orgId: principal.orgId, teamId: fact.teamId, type: "knowledge.updated", payload: {} }],
        };
      });
      ctx.engine.invalidateKnowledge();
      return { fact: presentFact(fact) };
    },
  });

  register({
    method: "DELETE",
    url: "/knowledge/facts/:id",
    summary: "Delete a knowledge fact (admin); audited, and the engine stops citing it",
    tag: "knowledge",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ principal, params, request }) => {
      assertAdmin(principal);
      await runCommand(ctx, async (tx) => {
        const facts = await listKnowledgeFacts(tx, { orgId: principal.orgId });
        const fact = facts.find((f) => f.id === params.id);
        if (
          fact === undefined ||
          !(await deleteKnowledgeFact(tx, { orgId: principal.orgId, factId: params.id }))
        )
          throw notFound("fact");
        await appendAuditEntries(tx, [
          audit(principal, "knowledge.deleted", "knowledge_fact", params.id, request.id),
        ]);
        return {
          result: null,
          events: [{ orgId: principal.orgId, teamId: fact.teamId, type: "knowledge.updated", payload: {} }],
        };
      });
      ctx.engine.invalidateKnowledge();
      return { ok: true as const };
    },
  });

  register({
    method: "GET",
    url: "/teams/:id/escalation-protocol",
    summary: "The team's escalation protocol (leads and admins); the default when none is set",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: escalationProtocolResponseSchema,
    handler: async ({ principal, params }) => {
      if (!canReadTeam(principal, params.id)) throw notFound("team");
      assertLead(principal, params.id);
      const stored = await findEscalationProtocol(ctx.store, principal.orgId, params.id);
      const config = parseEscalationConfig(stored?.config ?? null);
      return {
        protocol: {
          teamId: params.id,
          ...config,
          updatedAt: new Date(stored?.updatedAt ?? 0).toISOString(),
        },
      };
    },
  });

  register({
    method: "PUT",
    url: "/teams/:id/escalation-protocol",
    summary: "Set the team's escalation protocol (admin)",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema, body: putEscalationProtocolBodySchema },
    response: escalationProtocolResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      assertAdmin(principal);
      const levels = body.levels;
      const saved = await runCommand(ctx, async (tx) => {
        if ((await findTeamById(tx, principal.orgId, params.id)) === null) throw notFound("team");
        // A level that names someone must name an active person of this organisation.
        const everyone = await listPeople(tx, { orgId: principal.orgId });
        const active = new Set(everyone.filter((p) => p.deactivatedAt === null).map((p) => p.id));
        const before = parseEscalationConfig(
          (await findEscalationProtocol(tx, principal.orgId, params.id))?.config ?? null,
        );
        const issues: ValidationIssue[] = [];
        body.levels.forEach((level, i) => {
          if (level.target === "person" && (level.personId === null || !active.has(level.personId)))
            issues.push({
              path: ["body", "levels", i, "personId"],
              message:
                level.personId === null
                  ? "must name the person this level asks"
                  : "is not an active person of this organisation",
              code: "custom",
            });
        });
        if (issues.length > 0) throw validationFailed(issues);
        const saved = await saveEscalationProtocol(tx, {
          orgId: principal.orgId,
          teamId: params.id,
          config: { levels, autoEscalate: body.autoEscalate },
          updatedBy: principal.personId,
        });
        // What changed, in words, so the audit log can say who is asked now and how soon.
        const names = new Map(everyone.map((p) => [p.id, p.displayName]));
        const from = describeProtocol(before, names);
        const to = describeProtocol({ levels, autoEscalate: body.autoEscalate }, names);
        await appendAuditEntries(tx, [
          audit(
            principal,
            "escalation_protocol.updated",
            "team",
            params.id,
            request.id,
            from === to ? {} : { from, to },
          ),
        ]);
        return { result: saved, events: [] };
      });
      return {
        protocol: {
          teamId: params.id,
          levels,
          autoEscalate: body.autoEscalate,
          updatedAt: new Date(saved.updatedAt).toISOString(),
        },
      };
    },
  });
}

/** A fact's value no claim could ever be checked against is refused, saying why (FACT-5). */
function assertCheckableValue(value: number | boolean | string, unit: string | null): void {
  const problem = factValueProblem(value, unit);
  if (problem !== null)
    throw validationFailed([{ path: ["body", "value"], message: problem, code: "custom" }]);
}

/** A protocol in a line: "the team's leads (5 min) → the admins (10 min); automatic escalation on". */
function describeProtocol(config: EscalationConfig, names: ReadonlyMap<string, string>): string {
  const levels = config.levels.map((l) => {
    const who =
      l.target === "lead"
        ? "the team's leads"
        : l.target === "admin"
          ? "the admins"
          : (names.get(l.personId ?? "") ?? "someone no longer on file");
    return `${who} (${Math.round(l.acknowledgeWithinMs / 60_000)} min)`;
  });
  return `${levels.join(" → ")}; automatic escalation ${config.autoEscalate ? "on" : "off"}`;
}
