import {
  alertResponseSchema,
  answerOfferBodySchema,
  dismissAlertBodySchema,
  escalateBodySchema,
  idParamsSchema,
  interventionResponseSchema,
  listAlertsQuerySchema,
  listAlertsResponseSchema,
  alertOutcomesQuerySchema,
  alertOutcomesResponseSchema,
  listInterventionsQuerySchema,
  listInterventionsResponseSchema,
  raiseHandBodySchema,
  rerouteAlertBodySchema,
  stepInBodySchema,
  transferBodySchema,
} from "../../protocol/index.ts";
import {
  adjustLoad,
  appendMessages,
  createIntervention,
  findAlertById,
  findConversationById,
  findEscalationProtocol,
  findInterventionById,
  findMessagesAfter,
  findPersonById,
  listAlerts,
  listTeams,
  countAlertOutcomes,
  listAnalyses,
  listCommitments,
  OWED_COMMITMENT_STATUSES,
  listInterventions,
  transitionAlert,
  transitionIntervention,
  updateConversation,
  type AlertRecord,
  type InterventionRecord,
  type NewEvent,
  type Queryable,
  type Transaction,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry as audit } from "../commands/auditEntry.ts";
import { alertEventAndNews, rerouteAlert } from "../commands/rerouteAlert.ts";
import { raiseSignalAlert } from "../commands/raiseSignalAlert.ts";
import { reassignConversation, settleAlertsOnHandover } from "../commands/reassignConversation.ts";
import { runCommand } from "../commands/runCommand.ts";
import {
  escalationTakenEvents,
  raisedByProtocol,
  takeEscalationsOnHandover,
} from "../commands/takeEscalation.ts";
import type { ServerContext } from "../context.ts";
import { forbidden, invalidState, notFound } from "../errors.ts";
import { parseEscalationConfig } from "../live/escalation.ts";
import { forTheTeamsLeads } from "../live/alertNews.ts";
import { firstEscalationTarget } from "../live/raiseAlerts.ts";
import { buildTransferSummary, type TransferSummaryInput } from "../live/transferSummary.ts";
import { withHandoverProse, writeHandoverProse } from "../llm/assist.ts";
import { namesToRedact } from "../llm/prompts.ts";
import { assertLead, canReadTeam, isAdmin, isLeadOf, scopeTeams } from "../policies.ts";
import { presentAlert, presentIntervention } from "../presenters.ts";
import { loadReadableConversation, nameMap } from "./conversations.ts";

const OPEN_ALERT = ["raised", "acknowledged"] as const;
const isOpenAlert = (alert: AlertRecord) => OPEN_ALERT.includes(alert.state as (typeof OPEN_ALERT)[number]);

async function loadAlert(ctx: ServerContext, p: Principal, id: string): Promise<AlertRecord> {
  const alert = await findAlertById(ctx.store, p.orgId, id);
  if (alert === null || !canReadTeam(p, alert.teamId)) throw notFound("alert");
  // The struggling agent does not see alerts about themself (unless they lead the team).
  if (alert.agentPersonId === p.personId && !isLeadOf(p, alert.teamId)) throw notFound("alert");
  return alert;
}

/**
 * The teams a list of alerts or interventions reads (?teamId, or all the reader's): the team's
 * scope is for its leads (and admins), "mine" for anyone.
 */
function listTeamIds(
  p: Principal,
  query: { scope: "mine" | "team"; teamId?: string | undefined },
  what: "alerts" | "interventions",
): string[] | undefined {
  const teamIds = scopeTeams(p, query.teamId);
  if (query.scope === "team" && teamIds !== undefined && !teamIds.every((t) => isLeadOf(p, t))) {
    throw forbidden(`Only leads see the team's ${what}`);
  }
  return teamIds;
}

async function loadIntervention(ctx: ServerContext, p: Principal, id: string): Promise<InterventionRecord> {
  const intervention = await findInterventionById(ctx.store, p.orgId, id);
  if (intervention === null || !canReadTeam(p, intervention.teamId)) throw notFound("intervention");
  return intervention;
}

function assertHelperOrLead(p: Principal, alert: AlertRecord): void {
  if (alert.helperPersonId !== p.personId && !isLeadOf(p, alert.teamId)) {
    throw forbidden("Only the helper asked, or a lead of the team, may act on this alert");
  }
}

/** Nobody steps into a conversation that has ended (409 INVALID_STATE). */
export function assertOpen(c: { status: string }): void {
  if (c.status === "closed") throw invalidState("The conversation is closed");
}

const STEP_RANK: Record<string, number> = { signal: 1, whisper: 2, offer_takeover: 3, escalate: 4 };

/**
 * Whether a step-in answers the conversation's open alert. The helper asked decides how to help:
 * whatever they send answers it. Another teammate's step-in answers it only at the alert's rung or
 * above: a teammate's "I'm here" signal closed the lead's alert to correct a wrong answer, the lead's
 * card left their Alerts page, and nobody corrected it (walking loop 1).
 */
export function answersAlert(
  kind: "signal" | "whisper" | "takeover_offer",
  alert: Pick<AlertRecord, "helperPersonId" | "rung">,
  personId: string,
): boolean {
  if (alert.helperPersonId === personId) return true;
  const rank = STEP_RANK[kind === "takeover_offer" ? "offer_takeover" : kind] ?? 0;
  return rank >= (STEP_RANK[alert.rung] ?? 0);
}

/** Closing an alert frees its helper's load. */
async function closeAlert(
  tx: Transaction,
  alert: AlertRecord,
  to: "acted_on" | "dismissed_not_useful" | "expired",
  at: number,
) {
  // Issued together: the store runs them in order, and a refused transition rolls both back.
  const [closed] = await Promise.all([
    transitionAlert(tx, { orgId: alert.orgId, alertId: alert.id, to, at }),
    alert.helperPersonId !== null
      ? adjustLoad(tx, { orgId: alert.orgId, personId: alert.helperPersonId, delta: -1 })
      : null,
  ]);
  return closed;
}

/** What was done answers the alert: it is acted on, and its helper is told it is resolved. */
async function resolveAlert(tx: Transaction, alert: AlertRecord, at: number): Promise<NewEvent[]> {
  const closed = await closeAlert(tx, alert, "acted_on", at);
  return alertEventAndNews(closed, "alert.resolved", alert.helperPersonId);
}

export function registerStepInRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/alerts",
    summary: "Alerts: mine (where I am the helper) or the team's (leads and admins)",
    tag: "step-in",
    auth: "person",
    schemas: { query: listAlertsQuerySchema },
    response: listAlertsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = listTeamIds(principal, query, "alerts");
      // Named, "mine" are also those waiting in the team's queue for a lead (no helper) of a team I
      // lead: with nobody available, its leads were told of it (and may have a desktop notification
      // about it, which the next page load closes only once the alert is over).
      const queuedToo = query.scope === "mine" && query.ids !== undefined;
      const found = await listAlerts(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        ...(query.status === "active" ? { states: [...OPEN_ALERT] } : {}),
        ...(query.scope === "mine" && !queuedToo ? { helperPersonId: principal.personId } : {}),
        // Named alerts are all answered (no more than ALERT_IDS_MAX), whatever the limit.
        ...(query.ids !== undefined ? { ids: query.ids } : {}),
        limit: query.ids !== undefined ? Math.max(query.limit, query.ids.length) : query.limit,
      });
      const alerts = queuedToo
        ? found.filter(
            (a) =>
              a.helperPersonId === principal.personId ||
              (a.helperPersonId === null && isLeadOf(principal, a.teamId)),
          )
        : found;
      const names = await nameMap(ctx, principal.orgId);
      return { alerts: alerts.map((a) => presentAlert(a, names)) };
    },
  });

  register({
    method: "GET",
    url: "/alerts/outcomes",
    summary:
      "How useful a team's alerts have been over the last days (leads of the team, admins): raised, acted on, marked not useful, expired, still open, in all and by the engine's reason, for tuning thresholds",
    tag: "step-in",
    auth: "person",
    schemas: { query: alertOutcomesQuerySchema },
    response: alertOutcomesResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds =
        query.teamId !== undefined
          ? (scopeTeams(principal, query.teamId) ?? [])
          : isAdmin(principal)
            ? (await listTeams(ctx.store, principal.orgId)).map((t) => t.id)
            : principal.teamIds.filter((t) => isLeadOf(principal, t));
      if (query.teamId !== undefined) assertLead(principal, query.teamId);
      else if (teamIds.length === 0) throw forbidden("Only leads see how their teams' alerts went");
      const since = ctx.now() - query.days * 86_400_000;
      const { total, byReason } = await countAlertOutcomes(ctx.store, {
        orgId: principal.orgId,
        teamIds,
        since,
      });
      const rate = (c: { notUseful: number; raised: number }) =>
        c.raised === 0 ? 0 : c.notUseful / c.raised;
      return {
        since: new Date(since).toISOString(),
        teamIds,
        total,
        byReason: [...byReason]
          .map(([reason, counts]) => ({ reason, ...counts }))
          .sort((a, b) => rate(b) - rate(a) || b.raised - a.raised || a.reason.localeCompare(b.reason)),
      };
    },
  });

  register({
    method: "GET",
    url: "/alerts/:id",
    summary: "One alert",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: alertResponseSchema,
    handler: async ({ principal, params }) => {
      const alert = await loadAlert(ctx, principal, params.id);
      return { alert: presentAlert(alert, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/alerts/:id/acknowledge",
    summary: "The helper has seen the alert and is looking",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: alertResponseSchema,
    handler: async ({ principal, params, request }) => {
      const alert = await loadAlert(ctx, principal, params.id);
      assertHelperOrLead(principal, alert);
      const updated = await runCommand(ctx, async (tx) => {
        const updated = await transitionAlert(tx, {
          orgId: principal.orgId,
          alertId: alert.id,
          to: "acknowledged",
          at: ctx.now(),
        });
        return {
          result: updated,
          events: alertEventAndNews(updated, "alert.acknowledged", alert.helperPersonId),
          audit: [audit(principal, "alert.acknowledged", "alert", alert.id, request.id)],
        };
      });
      return { alert: presentAlert(updated, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/alerts/:id/dismiss",
    summary: 'Close an alert: "not_useful" (tunes the team) or "handled"',
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema, body: dismissAlertBodySchema },
    response: alertResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const alert = await loadAlert(ctx, principal, params.id);
      assertHelperOrLead(principal, alert);
      const updated = await runCommand(ctx, async (tx) => {
        const updated = await closeAlert(
          tx,
          alert,
          body.reason === "not_useful" ? "dismissed_not_useful" : "acted_on",
          ctx.now(),
        );
        return {
          result: updated,
          events: alertEventAndNews(updated, "alert.dismissed", alert.helperPersonId),
          audit: [
            audit(principal, "alert.dismissed", "alert", alert.id, request.id, {
              reason: body.reason,
              ...(body.note !== undefined ? { note: body.note } : {}),
            }),
          ],
        };
      });
      return { alert: presentAlert(updated, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/alerts/:id/reroute",
    summary: "The helper cannot resolve it: route the alert to the next best-placed teammate",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema, body: rerouteAlertBodySchema },
    response: alertResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const alert = await loadAlert(ctx, principal, params.id);
      assertHelperOrLead(principal, alert);
      if (!isOpenAlert(alert)) throw invalidState(`The alert is ${alert.state}`);
      const updated = await runCommand(ctx, async (tx) => {
        const moved = await rerouteAlert(tx, alert, {
          exclude: [principal.personId],
          needsAuthority: body.needsAuthority,
          why: `rerouted from ${principal.name}${body.note ? ` (${body.note})` : ""}`,
        });
        if (moved === null) throw invalidState("Nobody else in the team is available to take this alert");
        return {
          result: moved.alert,
          events: moved.events,
          audit: [
            audit(principal, "alert.rerouted", "alert", alert.id, request.id, {
              from: alert.helperPersonId,
              to: moved.alert.helperPersonId,
            }),
          ],
        };
      });
      return { alert: presentAlert(updated, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/conversations/:id/step-in",
    summary:
      "A helper steps in: signal support, whisper a sentence, or offer to take over (the agent decides)",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema, body: stepInBodySchema },
    response: interventionResponseSchema,
    status: 201,
    handler: async ({ principal, params, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      if (c.assignedPersonId === principal.personId)
        throw forbidden("You handle this conversation; raise a hand instead");
      assertOpen(c);
      const alert = body.alertId !== undefined ? await loadAlert(ctx, principal, body.alertId) : null;
      if (alert !== null && alert.conversationId !== c.id) throw notFound("alert");
      let privateLine: number | null = null;
      const intervention = await runCommand<InterventionRecord>(ctx, async (tx) => {
        if (body.kind === "takeover_offer") {
          // One offer at a time: the agent answers it before another is made (a second one from
          // the conversation page sat beside the first on their console).
          const [waiting] = await listInterventions(tx, {
            orgId: principal.orgId,
            conversationId: c.id,
            kind: "takeover_offer",
            states: ["offered"],
            limit: 1,
          });
          if (waiting !== undefined) {
            const from =
              waiting.fromPersonId === principal.personId
                ? "your offer"
                : `an offer from ${(await nameMap(ctx, principal.orgId)).get(waiting.fromPersonId ?? "") ?? "a teammate"}`;
            throw invalidState(
              `The agent has not answered ${from} to take this conversation over yet: it waits for their answer`,
            );
          }
        }
        const text =
          body.kind === "whisper" ? body.text : body.kind === "takeover_offer" ? (body.text ?? null) : null;
        const intervention = await createIntervention(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          alertId: alert?.id ?? null,
          kind: body.kind,
          state: body.kind === "takeover_offer" ? "offered" : "done",
          fromPersonId: principal.personId,
          toPersonId: c.assignedPersonId,
          text,
          at: ctx.now(),
        });
        if (body.kind !== "takeover_offer") {
          // Whispers and signals sit in the transcript for the team, never for the customer.
          const [line] = await appendMessages(tx, [
            {
              orgId: principal.orgId,
              conversationId: c.id,
              role: "system",
              kind: body.kind,
              authorPersonId: principal.personId,
              authorName: principal.name,
              text: body.kind === "whisper" ? body.text : `${principal.name} is here if you need them`,
              sentAt: ctx.now(),
            },
          ]);
          privateLine = line?.message.position ?? null;
        }
        const events: NewEvent[] = [
          {
            orgId: principal.orgId,
            teamId: c.teamId,
            conversationId: c.id,
            personId: c.assignedPersonId,
            type:
              body.kind === "signal"
                ? "signal.sent"
                : body.kind === "whisper"
                  ? "whisper.sent"
                  : "takeover.offered",
            payload: {
              interventionId: intervention.id,
              conversationId: c.id,
              status: intervention.state,
              fromPersonId: principal.personId,
            },
          },
        ];
        if (alert !== null && isOpenAlert(alert) && answersAlert(body.kind, alert, principal.personId))
          events.push(...(await resolveAlert(tx, alert, ctx.now())));
        return {
          result: intervention,
          events,
          audit: [
            audit(
              principal,
              body.kind === "signal"
                ? "signal.sent"
                : body.kind === "whisper"
                  ? "whisper.sent"
                  : "takeover.offered",
              "conversation",
              c.id,
              request.id,
              { interventionId: intervention.id, ...(alert !== null ? { alertId: alert.id } : {}) },
            ),
          ],
        };
      });
      // The engine never reads private lines, so its state of the conversation stays current.
      if (privateLine !== null) ctx.engine.noteLineStored(c.id, privateLine);
      return { intervention: presentIntervention(intervention, await nameMap(ctx, principal.orgId)) };
    },
  });

  for (const answer of ["accept", "decline"] as const) {
    register({
      method: "POST",
      url: `/interventions/:id/${answer}`,
      summary:
        answer === "accept"
          ? "The agent accepts a takeover offer: the helper takes the conversation with a summary"
          : "The agent declines a takeover offer: tagteam keeps watching and tells the lead only if it gets worse",
      tag: "step-in",
      auth: "person",
      schemas: { params: idParamsSchema, body: answerOfferBodySchema },
      response: interventionResponseSchema,
      handler: async ({ principal, params, request }) => {
        const offer = await loadIntervention(ctx, principal, params.id);
        if (offer.kind !== "takeover_offer")
          throw invalidState("Only takeover offers are accepted or declined");
        if (offer.toPersonId !== principal.personId)
          throw forbidden("Only the agent the offer was made to may answer it");
        // Nothing is left to take over once the conversation has ended (declining stays possible).
        let prose: string | null = null;
        if (answer === "accept") {
          const c = await findConversationById(ctx.store, principal.orgId, offer.conversationId);
          if (c !== null) assertOpen(c);
          // The language model (when configured) writes before the transaction opens, never in it.
          prose = await handoverProse(ctx, principal, offer.conversationId, principal.name, null);
        }
        const updated = await runCommand(ctx, async (tx) => {
          let summary: string | undefined;
          let settled: NewEvent[] = [];
          if (answer === "accept") {
            summary = withHandoverProse(
              prose,
              await summarise(tx, principal, offer.conversationId, principal.name, null),
            );
            if (offer.fromPersonId !== null) {
              const helper = await findPersonById(tx, principal.orgId, offer.fromPersonId);
              // The team's floors and consoles hear of the new agent, as after a warm transfer
              // (takeover.accepted goes to the helper alone); a lead taking over takes its
              // escalation on, as one handed it by warm transfer does.
              settled = [
                await reassignConversation(ctx, tx, {
                  orgId: principal.orgId,
                  teamId: offer.teamId,
                  conversationId: offer.conversationId,
                  personId: offer.fromPersonId,
                }),
                ...(helper !== null
                  ? (
                      await takeEscalationsOnHandover(tx, {
                        orgId: principal.orgId,
                        teamId: offer.teamId,
                        conversationId: offer.conversationId,
                        agentPersonId: principal.personId,
                        receiver: helper,
                        at: ctx.now(),
                      })
                    ).events
                  : []),
                ...(await settleAlertsOnHandover(tx, {
                  orgId: principal.orgId,
                  conversationId: offer.conversationId,
                  toPersonId: offer.fromPersonId,
                  at: ctx.now(),
                })),
              ];
            } else {
              await updateConversation(tx, {
                orgId: principal.orgId,
                conversationId: offer.conversationId,
                assignedPersonId: null,
              });
              ctx.ingest.forgetConversation(offer.conversationId);
            }
          }
          const updated = await transitionIntervention(tx, {
            orgId: principal.orgId,
            interventionId: offer.id,
            to: answer === "accept" ? "accepted" : "declined",
            at: ctx.now(),
            ...(summary !== undefined ? { summary } : {}),
          });
          return {
            result: updated,
            events: [
              {
                orgId: principal.orgId,
                teamId: offer.teamId,
                conversationId: offer.conversationId,
                personId: offer.fromPersonId,
                type: answer === "accept" ? "takeover.accepted" : "takeover.declined",
                payload: {
                  interventionId: offer.id,
                  conversationId: offer.conversationId,
                  status: updated.state,
                },
              },
              ...settled,
            ] as NewEvent[],
            audit: [
              audit(
                principal,
                answer === "accept" ? "takeover.accepted" : "takeover.declined",
                "conversation",
                offer.conversationId,
                request.id,
                { interventionId: offer.id, helperId: offer.fromPersonId },
              ),
            ],
          };
        });
        return { intervention: presentIntervention(updated, await nameMap(ctx, principal.orgId)) };
      },
    });
  }

  register({
    method: "POST",
    url: "/conversations/:id/transfer",
    summary: "Warm transfer to a teammate, who receives a summary so the customer need not repeat",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema, body: transferBodySchema },
    response: interventionResponseSchema,
    status: 201,
    handler: async ({ principal, params, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      if (c.assignedPersonId !== principal.personId && !isLeadOf(principal, c.teamId)) {
        throw forbidden("Only the conversation's agent or a lead may transfer it");
      }
      assertOpen(c);
      const receiver = await findPersonById(ctx.store, principal.orgId, body.toPersonId);
      if (receiver === null || !receiver.teamIds.includes(c.teamId)) throw notFound("person in this team");
      if (receiver.deactivatedAt !== null) throw invalidState(`${receiver.displayName} is deactivated`);
      // The language model (when configured) writes before the transaction opens, never in it.
      const prose = await handoverProse(ctx, principal, c.id, principal.name, body.note ?? null);
      const intervention = await runCommand<InterventionRecord>(ctx, async (tx) => {
        const summary = withHandoverProse(
          prose,
          await summarise(tx, principal, c.id, principal.name, body.note ?? null),
        );
        const intervention = await createIntervention(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          kind: "warm_transfer",
          state: "done",
          fromPersonId: principal.personId,
          toPersonId: receiver.id,
          text: body.note ?? null,
          summary,
          at: ctx.now(),
        });
        const transferred = await reassignConversation(ctx, tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          personId: receiver.id,
        });
        // Handed to a lead, the escalation waiting on it is theirs (before its alert is settled).
        const escalations = await takeEscalationsOnHandover(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          agentPersonId: c.assignedPersonId,
          receiver,
          at: ctx.now(),
        });
        const settled = await settleAlertsOnHandover(tx, {
          orgId: principal.orgId,
          conversationId: c.id,
          toPersonId: receiver.id,
          at: ctx.now(),
        });
        return {
          result: intervention,
          events: [
            {
              orgId: principal.orgId,
              teamId: c.teamId,
              conversationId: c.id,
              personId: receiver.id,
              type: "transfer.completed",
              payload: { interventionId: intervention.id, conversationId: c.id },
            },
            transferred,
            ...escalations.events,
            ...settled,
          ] as NewEvent[],
          audit: [
            audit(principal, "transfer.completed", "conversation", c.id, request.id, {
              interventionId: intervention.id,
              from: c.assignedPersonId,
              to: receiver.id,
              // The escalations the receiver took on with it.
              ...(escalations.taken.length > 0
                ? { escalationsTaken: escalations.taken.map((e) => e.id) }
                : {}),
            }),
          ],
        };
      });
      return { intervention: presentIntervention(intervention, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/conversations/:id/escalate",
    summary: "Escalate to a supervisor by the team's protocol",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema, body: escalateBodySchema },
    response: interventionResponseSchema,
    status: 201,
    handler: async ({ principal, params, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      assertOpen(c);
      const intervention = await runCommand<InterventionRecord>(ctx, async (tx) => {
        const protocol = parseEscalationConfig(
          (await findEscalationProtocol(tx, principal.orgId, c.teamId))?.config ?? null,
        );
        const target = await firstEscalationTarget(
          tx,
          principal.orgId,
          c.teamId,
          protocol,
          principal.personId,
        );
        const intervention = await createIntervention(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          kind: "escalation",
          state: "offered",
          fromPersonId: principal.personId,
          toPersonId: target,
          text: body.reason,
          at: ctx.now(),
        });
        const raised: NewEvent = {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          personId: target,
          type: "escalation.raised",
          payload: { interventionId: intervention.id, conversationId: c.id, status: "offered" },
        };
        // Every lead of the team (and the admins) sees it join the queue (with nobody asked, the
        // raised event is the team's already).
        const events: NewEvent[] = target !== null ? [raised, forTheTeamsLeads(raised)] : [raised];
        // The agent handling it is told, privately, when someone else escalates their conversation:
        // a supervisor may join or take it over, and that should not come as a surprise.
        const agentId = c.assignedPersonId;
        if (agentId !== null && agentId !== principal.personId && agentId !== target)
          events.push({
            orgId: principal.orgId,
            teamId: c.teamId,
            conversationId: c.id,
            personId: agentId,
            type: "conversation.escalated",
            payload: {
              interventionId: intervention.id,
              conversationId: c.id,
              fromPersonId: principal.personId,
            },
          });
        return {
          result: intervention,
          events,
          audit: [
            audit(principal, "escalation.raised", "conversation", c.id, request.id, {
              interventionId: intervention.id,
              to: target,
            }),
          ],
        };
      });
      return { intervention: presentIntervention(intervention, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/interventions/:id/acknowledge",
    summary: "The supervisor takes an escalation",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: interventionResponseSchema,
    handler: async ({ principal, params, request }) => {
      const escalation = await loadIntervention(ctx, principal, params.id);
      if (escalation.kind !== "escalation") throw invalidState("Only escalations are acknowledged");
      if (escalation.toPersonId !== principal.personId && !isLeadOf(principal, escalation.teamId)) {
        throw forbidden("Only the supervisor asked, or a lead, may take this escalation");
      }
      const updated = await runCommand(ctx, async (tx) => {
        // Whoever takes it has it from now on (another lead of the team may take one asked of
        // Lee): their debrief card, the queue and the agent's console name them.
        const updated = await transitionIntervention(tx, {
          orgId: principal.orgId,
          interventionId: escalation.id,
          to: "accepted",
          at: ctx.now(),
          toPersonId: principal.personId,
        });
        const [alert, conversation] = await Promise.all([
          escalation.alertId !== null ? findAlertById(tx, principal.orgId, escalation.alertId) : null,
          findConversationById(tx, principal.orgId, escalation.conversationId),
        ]);
        // Whoever escalated it, the agent handling it and the lead it was asked of hear who took it
        // on (raised by the team's protocol, in the agent's name: "that tagteam escalated", not one
        // "you escalated"), as when it is taken on by being handed the conversation.
        const events: NewEvent[] = escalationTakenEvents(escalation, {
          byPersonId: principal.personId,
          agentPersonId: conversation?.assignedPersonId ?? null,
          automatic: raisedByProtocol(escalation, alert),
        });
        // The protocol's escalation came with an alert asking a lead to step in: taking the
        // escalation is that step. Left open, it stayed in the lead's alerts as still to answer,
        // and expired a quarter of an hour later as if nobody had acted on it.
        if (alert !== null && isOpenAlert(alert)) events.push(...(await resolveAlert(tx, alert, ctx.now())));
        return {
          result: updated,
          events,
          audit: [
            audit(
              principal,
              "escalation.acknowledged",
              "conversation",
              escalation.conversationId,
              request.id,
              {
                interventionId: escalation.id,
              },
            ),
          ],
        };
      });
      return { intervention: presentIntervention(updated, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/conversations/:id/raise-hand",
    summary: "The agent asks for help: routed to the best-placed teammate like an alert",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema, body: raiseHandBodySchema },
    response: interventionResponseSchema,
    status: 201,
    handler: async ({ principal, params, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      if (c.assignedPersonId !== principal.personId && !isLeadOf(principal, c.teamId)) {
        throw forbidden("Only the conversation's agent raises a hand for it");
      }
      assertOpen(c);
      const intervention = await runCommand<InterventionRecord>(ctx, async (tx) => {
        const { alert, choice, events } = await raiseSignalAlert(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          topic: c.topic,
          agentPersonId: principal.personId,
          risk: c.risk,
          reason: "raised_hand",
          why: `${principal.name} raised a hand${body.note ? `: ${body.note}` : ""}`,
          at: ctx.now(),
        });
        const intervention = await createIntervention(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          alertId: alert.id,
          kind: "raise_hand",
          state: "done",
          fromPersonId: principal.personId,
          toPersonId: choice?.personId ?? null,
          text: body.note ?? null,
          at: ctx.now(),
        });
        return {
          result: intervention,
          events: [
            {
              orgId: principal.orgId,
              teamId: c.teamId,
              conversationId: c.id,
              personId: choice?.personId ?? null,
              type: "hand.raised",
              payload: { interventionId: intervention.id, alertId: alert.id, conversationId: c.id },
            },
            ...events,
          ] as NewEvent[],
          audit: [
            audit(principal, "hand.raised", "conversation", c.id, request.id, {
              interventionId: intervention.id,
              alertId: alert.id,
              to: choice?.personId ?? null,
            }),
          ],
        };
      });
      ctx.metrics.alertsRaised.inc();
      return { intervention: presentIntervention(intervention, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "GET",
    url: "/interventions",
    summary:
      "Interventions: mine (sent or received) or the team's (leads: the escalation queue with kind=escalation)",
    tag: "step-in",
    auth: "person",
    schemas: { query: listInterventionsQuerySchema },
    response: listInterventionsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = listTeamIds(principal, query, "interventions");
      const list = await listInterventions(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        ...(query.scope === "mine" ? { personId: principal.personId } : {}),
        // Active: still waiting for an answer, about a conversation that has not ended.
        ...(query.status === "active" ? { states: ["offered"], openConversationsOnly: true } : {}),
        // Recent: those waiting, however old, and the newest handled (the queue's "Show older" asks for more).
        ...(query.status === "recent" ? { withEveryOffered: true } : {}),
        ...(query.conversations === "open" ? { openConversationsOnly: true } : {}),
        ...(query.conversationId !== undefined ? { conversationId: query.conversationId } : {}),
        // The kind is chosen before the limit: filtered after it, a team's 500 signals and
        // whispers left no room for its escalations.
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        limit: query.limit,
      });
      const names = await nameMap(ctx, principal.orgId);
      return { interventions: list.map((i) => presentIntervention(i, names)) };
    },
  });
}

/** What the warm-transfer summary is built from: the stored transcript, last reading, open promises. */
async function readSummaryInput(
  db: Queryable,
  p: Principal,
  conversationId: string,
  fromName: string,
  note: string | null,
): Promise<TransferSummaryInput & { knownNames: string[] }> {
  const base = { orgId: p.orgId, conversationId };
  const [messages, analyses, commitments, conversation] = await Promise.all([
    findMessagesAfter(db, { ...base, audience: "customer", limit: 5000 }),
    listAnalyses(db, { ...base, limit: 5000 }),
    listCommitments(db, { ...base, status: OWED_COMMITMENT_STATUSES }),
    findConversationById(db, p.orgId, conversationId),
  ]);
  const last = analyses.at(-1)?.analysis as
    { rootCauses?: { cause: string; confidence: number }[] } | undefined;
  // Each fact's newest check: a wrong answer nobody has put right since is still to correct.
  const newestCheck = new Map<string, { claimed: string; expected: string; verdict: string }>();
  for (const a of analyses) {
    const checks = (a.analysis as { factChecks?: unknown } | null)?.factChecks;
    if (!Array.isArray(checks)) continue;
    for (const f of checks as {
      factId?: unknown;
      claimed?: unknown;
      expected?: unknown;
      verdict?: unknown;
    }[])
      if (typeof f.factId === "string" && typeof f.claimed === "string" && typeof f.expected === "string")
        newestCheck.set(f.factId, { claimed: f.claimed, expected: f.expected, verdict: String(f.verdict) });
  }
  return {
    uncorrected: [...newestCheck.values()]
      .filter((f) => f.verdict === "contradicts")
      .map(({ claimed, expected }) => ({ claimed, expected })),
    customerName: conversation?.customerName ?? null,
    topic: conversation?.topic ?? null,
    channel: conversation?.channel ?? "chat",
    messages,
    emotion: conversation?.customerEmotion ?? null,
    frustration: conversation?.frustration ?? 0,
    rootCauses: last?.rootCauses ?? [],
    openCommitments: commitments.map((c) => ({ text: c.text, dueAt: c.dueAt })),
    fromName,
    note,
    // For the language model's redaction: the customer's name and everyone who wrote.
    knownNames: namesToRedact(conversation?.customerName ?? null, [
      fromName,
      ...messages.map((m) => m.authorName),
    ]),
  };
}

/** The warm-transfer summary from the stored transcript, last reading and open promises. */
async function summarise(
  tx: Transaction,
  p: Principal,
  conversationId: string,
  fromName: string,
  note: string | null,
): Promise<string> {
  return buildTransferSummary(await readSummaryInput(tx, p, conversationId, fromName, note));
}

/**
 * A prose handover from the optional language model, written from the same data as the built-in
 * summary (read here, outside any transaction); null when it is off or fails (the summary alone).
 */
async function handoverProse(
  ctx: ServerContext,
  p: Principal,
  conversationId: string,
  fromName: string,
  note: string | null,
): Promise<string | null> {
  if (ctx.llm === null) return null;
  try {
    const input = await readSummaryInput(ctx.store, p, conversationId, fromName, note);
    return await writeHandoverProse(ctx.llm, {
      summary: buildTransferSummary(input),
      messages: input.messages,
      knownNames: input.knownNames,
    });
  } catch (error) {
    ctx.log.warn({ err: error }, "reading the conversation for a prose handover failed; summary alone");
    return null;
  }
}
