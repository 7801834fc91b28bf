import {
  createConversationState,
  createEngineContext,
  observe,
  type EngineMessage,
  type MessageAnalysis,
} from "../../engine/index.ts";
import {
  appendMessages,
  closeConversation,
  createIntervention,
  findOrCreateConversation,
  listPeople,
  raiseAlerts,
  recordSurveyAnswer,
  transitionAlert,
  transitionIntervention,
  updateConversation,
  upsertCustomer,
  type JsonValue,
  type NewMessage,
  type Queryable,
} from "../../store/index.ts";
import type { SurveyTag } from "../../protocol/index.ts";

/*
 * The demo team's last eight weeks, so the Numbers page has a history to draw on a fresh demo (the
 * live replay only adds today). Six short conversations written for this, each run through the
 * real engine for its stored readings, are spread over the working days; a helper steps in where a
 * lead would want one, alerts are raised and answered, a few customers come back after the close,
 * and most answer the survey with the tags that fit how it went. Four weeks ago the team started a
 * coaching push: after it, helpers answer alerts sooner and step in earlier, and the harder
 * conversations are rarer: the before/after comparison has something to show.
 */

const DAY_MS = 86_400_000;
export const DEMO_HISTORY_WEEKS = 8;
/** The coaching push the demo's before/after compares across, in weeks before the demo starts. */
export const DEMO_COACHING_WEEKS_AGO = 4;

interface HistoryScript {
  topic: string;
  customer: string;
  lines: EngineMessage[];
  /** After which line (index) a helper steps in; null: nobody does. */
  stepInAfter: number | null;
  stepIn?: "whisper" | "signal" | "takeover" | "escalation";
  whisper?: string;
  survey: SurveyTag[];
}

const c = (text: string): EngineMessage => ({ role: "customer", text });
const a = (text: string): EngineMessage => ({ role: "agent", text });

const SCRIPTS: readonly HistoryScript[] = [
  {
    topic: "shipping",
    customer: "Ines Duarte",
    lines: [
      c("Hi, can you tell me when order 55120 will arrive?"),
      a("Hi Ines, order 55120 left our warehouse this morning and should reach you on Thursday."),
      c("Perfect, thanks a lot!"),
      a("You're welcome. I've sent the tracking link to your email as well."),
    ],
    stepInAfter: null,
    survey: ["problem_solved", "quick"],
  },
  {
    topic: "refunds",
    customer: "Karl Jensen",
    lines: [
      c("I returned the blender two weeks ago and I still have no refund."),
      a("Sorry, these things take time, maybe a bit longer, I'm not sure."),
      c("That's not an answer. I already told you it was two weeks ago. When do I get my money?"),
      a("You're right to ask, Karl. I can see the return arrived on the 3rd; the refund goes out today."),
      c("Ok. Will it be on my card?"),
      a("Yes, it reaches your card within 5 business days. I'll email you the confirmation now."),
      c("Good, thank you for sorting it."),
      c("Have a nice day."),
    ],
    stepInAfter: 2,
    stepIn: "whisper",
    whisper: "Give him the date the return arrived and when the refund goes out.",
    survey: ["felt_heard", "problem_solved"],
  },
  {
    topic: "billing",
    customer: "Marta Kowalski",
    lines: [
      c("Why was I charged a $40 late fee? I paid on the due date."),
      a("The fee is applied by the system, that's not something I can change."),
      c("I paid on time! This is ridiculous, you are not listening."),
      a("Well, billing did that, you'd have to take it up with them."),
      c("I want to speak to a manager right now or I'm cancelling."),
      a("I'm bringing in my lead, who can look at the fee with you."),
      c("Fine. But I'm still very annoyed about this."),
      c("I've been a customer for years and this is how you treat me."),
    ],
    stepInAfter: 4,
    stepIn: "escalation",
    survey: ["not_solved", "had_to_repeat"],
  },
  {
    topic: "returns",
    customer: "Yusuf Demir",
    lines: [
      c("Can I still return shoes I bought three weeks ago?"),
      a("Hmm, I think it might be 14 days, maybe, I'd have to check."),
      c("I asked a simple question. Is it possible or not?"),
      a("Yes: returns are accepted within 30 days of delivery, so you have until the 28th."),
      c("Ok, so how do I send them back?"),
      a("I've emailed you a free return label; drop the parcel at any post office."),
      c("Got it, thanks."),
    ],
    stepInAfter: 2,
    stepIn: "signal",
    survey: ["had_to_repeat", "problem_solved"],
  },
  {
    topic: "accounts",
    customer: "Lena Fischer",
    lines: [
      c("I'm locked out of my account and I have an order waiting. This is so frustrating."),
      a("Sorry, sorry, I don't really know how the lock works, it's a technical thing."),
      c("Please, I need this today. Nobody seems to know anything."),
      a("Hi Lena, I'm taking over from my colleague. I've unlocked your account; you can sign in now."),
      c("Oh it works now. Thank you!"),
      a("Glad it does. Your order is still reserved for you."),
      c("Great, thanks for the help."),
    ],
    stepInAfter: 2,
    stepIn: "takeover",
    survey: ["agent_empathy", "problem_solved"],
  },
  {
    topic: "shipping",
    customer: "Owen Brady",
    lines: [
      c("My parcel is a week late. Where is it?"),
      a("Let me check, one moment."),
      c("I've been waiting for twenty minutes. Hello?"),
      a("Sorry for the wait, the carrier has no update yet."),
      c("So nobody knows where my parcel is. Unbelievable."),
    ],
    stepInAfter: null,
    survey: ["too_slow", "not_solved"],
  },
  {
    topic: "billing",
    customer: "Rita Moreno",
    lines: [
      c("You charged me twice for my subscription this month. I want it fixed."),
      a("Hmm, I'm not sure, maybe it's a pending charge, it might drop off."),
      c("It is not pending. I already told you it went through twice. Are you even listening?"),
      a("I apologise, sorry, let me look again."),
      c("This is useless. I've wasted an hour on this and I'm cancelling my subscription."),
      a("I understand. I've refunded the second charge; it reaches your card within 5 business days."),
      c("Too late. Terrible service, I'm done with you people."),
      c("Cancel it today or I'm disputing both charges with my bank. This is a joke."),
    ],
    stepInAfter: 2,
    stepIn: "signal",
    survey: ["not_solved", "had_to_repeat", "too_slow"],
  },
];

/** Which script on the k-th conversation of a day, before and after the coaching push. */
const MIX_BEFORE = [0, 2, 6, 5, 1, 3, 6, 0, 5, 4, 6];
const MIX_AFTER = [0, 1, 4, 0, 1, 3, 0, 6, 1, 4, 2];

/** The analysis as the ingest path stores it (the engine's, without its index and rules). */
function stored(a: MessageAnalysis): JsonValue {
  const out: Record<string, unknown> = {
    risk: a.risk,
    stepIn: {
      raise: a.stepIn.raise,
      reasons: [...a.stepIn.reasons],
      rung: a.stepIn.rung,
      escalate: a.stepIn.escalate,
      suggestion: a.stepIn.suggestion,
      factId: a.stepIn.factId,
      needsAuthority: a.stepIn.needsAuthority,
      why: a.stepIn.why,
    },
  };
  if (a.customer !== undefined)
    out.customer = {
      emotion: a.customer.emotion,
      frustration: a.customer.frustration,
      trend: a.customer.trend,
    };
  if (a.cues.length > 0)
    out.cues = a.cues.map((c) => ({ kind: c.kind, start: c.start, end: c.end, polarity: c.polarity }));
  return out as JsonValue;
}

/**
 * Writes the demo team's history (called once, when the demo workspace is created). Deterministic:
 * the same conversations, at the same times relative to `now`.
 */
export async function seedDemoHistory(
  db: Queryable,
  orgId: string,
  teamId: string,
  now: number,
): Promise<void> {
  const people = await listPeople(db, { orgId, teamId });
  const agents = people.filter((p) => p.role === "agent");
  const lead = people.find((p) => p.role === "lead");
  if (agents.length < 2 || lead === undefined) return;
  const context = createEngineContext();
  const today = new Date(now);
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const pushAt = midnight - DEMO_COACHING_WEEKS_AGO * 7 * DAY_MS;
  let n = 0;
  for (let day = DEMO_HISTORY_WEEKS * 7; day >= 1; day--) {
    const dayStart = midnight - day * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const after = dayStart >= pushAt;
    const perDay = 3 + ((day * 7) % 3);
    for (let k = 0; k < perDay; k++, n++) {
      const mix = after ? MIX_AFTER : MIX_BEFORE;
      const script = SCRIPTS[mix[(day + k) % mix.length] ?? 0] ?? SCRIPTS[0];
      if (script === undefined) continue;
      const agent = agents[n % agents.length] ?? agents[0];
      const helper = agents[(n + 1) % agents.length] ?? agents[0];
      if (agent === undefined || helper === undefined) continue;
      // Helpers answer alerts in 3 to 8 minutes before the push, 40 s to 2 minutes after it.
      const waitMs = after ? 40_000 + ((n * 17) % 80) * 1000 : 180_000 + ((n * 37) % 300) * 1000;
      const start = dayStart + (9 + ((k * 3 + day) % 8)) * 3_600_000 + ((n * 13) % 50) * 60_000;
      const customer = await upsertCustomer(db, { orgId, name: script.customer });
      const { conversation } = await findOrCreateConversation(db, {
        orgId,
        teamId,
        channel: "chat",
        externalId: `demo-history-${n}`,
        customerId: customer.id,
        assignedPersonId: agent.id,
        topic: script.topic,
        createdAt: start,
      });
      let state = createConversationState();
      let t = start;
      const analysed: { line: EngineMessage; analysis: MessageAnalysis; at: number }[] = [];
      let stepAt: number | null = null;
      let alertAt: number | null = null;
      const stepHere = script.stepInAfter;
      for (const [i, line] of script.lines.entries()) {
        t += 40_000 + ((i * 11 + n) % 40) * 1000;
        const r = observe(state, { ...line, at: t }, context);
        state = r.state;
        analysed.push({ line, analysis: r.analysis, at: t });
        if (i === stepHere) {
          alertAt = t + 5_000;
          stepAt = alertAt + waitMs;
          t = stepAt;
        }
      }
      const toRow = (x: (typeof analysed)[number]): NewMessage => ({
        orgId,
        conversationId: conversation.id,
        role: x.line.role,
        text: x.line.text,
        sentAt: x.at,
        ...(x.line.role === "agent"
          ? { authorPersonId: agent.id, authorName: agent.displayName }
          : { authorName: script.customer }),
      });
      const append = (rows: (typeof analysed)[number][]) =>
        rows.length === 0
          ? Promise.resolve([])
          : appendMessages(db, rows.map(toRow), {
              prepare: (written) => ({
                analyses: new Map(
                  written.map((w) => {
                    const x = rows[w] as (typeof analysed)[number];
                    return [
                      w,
                      { risk: x.analysis.risk, rung: x.analysis.stepIn.rung, analysis: stored(x.analysis) },
                    ];
                  }),
                ),
                readings: [
                  {
                    orgId,
                    conversationId: conversation.id,
                    risk: rows.at(-1)?.analysis.risk ?? 0,
                    customerEmotion: state.emotion ?? null,
                    frustration: state.frustration,
                    activeCues: [],
                  },
                ],
              }),
            });
      const cut = stepHere === null ? analysed.length : stepHere + 1;
      await append(analysed.slice(0, cut));
      if (stepAt !== null && alertAt !== null && script.stepIn !== undefined) {
        // Before the push, one alert in five was marked not useful (nobody stepped in for it).
        const dismissed = !after && n % 5 === 0;
        const [alert] = await raiseAlerts(db, [
          {
            orgId,
            teamId,
            conversationId: conversation.id,
            agentPersonId: agent.id,
            helperPersonId: helper.id,
            reasons: ["customer_reacting_to_agent"],
            rung: script.stepIn === "escalation" ? "escalate" : "whisper",
            risk: analysed[stepHere ?? 0]?.analysis.risk ?? 0.6,
            why: "customer frustrated and the agent is hedging",
            raisedAt: alertAt,
          },
        ]);
        if (alert !== undefined && dismissed) {
          await transitionAlert(db, {
            orgId,
            alertId: alert.id,
            to: "dismissed_not_useful",
            at: alertAt + 60_000,
          });
        } else if (alert !== undefined) {
          const kind =
            script.stepIn === "takeover"
              ? "takeover_offer"
              : script.stepIn === "escalation"
                ? "escalation"
                : script.stepIn;
          const step = await createIntervention(db, {
            orgId,
            teamId,
            conversationId: conversation.id,
            alertId: alert.id,
            kind,
            state: kind === "whisper" || kind === "signal" ? "done" : "offered",
            fromPersonId: helper.id,
            toPersonId: kind === "escalation" ? lead.id : agent.id,
            text: script.whisper ?? null,
            at: stepAt,
          });
          await transitionAlert(db, { orgId, alertId: alert.id, to: "acted_on", at: stepAt + 1_000 });
          if (kind === "takeover_offer") {
            await transitionIntervention(db, {
              orgId,
              interventionId: step.id,
              to: "accepted",
              at: stepAt + 20_000,
            });
            await updateConversation(db, {
              orgId,
              conversationId: conversation.id,
              assignedPersonId: helper.id,
            });
          } else if (kind === "escalation") {
            await transitionIntervention(db, {
              orgId,
              interventionId: step.id,
              to: "done",
              at: stepAt + 60_000,
            });
          }
          if (kind === "whisper" || kind === "signal") {
            await appendMessages(db, [
              {
                orgId,
                conversationId: conversation.id,
                role: "system",
                kind,
                authorPersonId: helper.id,
                authorName: helper.displayName,
                text:
                  kind === "whisper"
                    ? (script.whisper ?? "")
                    : `${helper.displayName} is here if you need them`,
                sentAt: stepAt,
              },
            ]);
          }
        }
      }
      await append(analysed.slice(cut));
      let closedAt = t + 120_000;
      await closeConversation(db, {
        orgId,
        conversationId: conversation.id,
        at: closedAt,
        reason: "teammate",
      });
      // One in nine customers comes back after the close with one more question.
      if (n % 9 === 4) {
        const back: EngineMessage = {
          role: "customer",
          text: "Sorry, one more question: do I need to do anything else?",
        };
        const r = observe(state, { ...back, at: closedAt + 600_000 }, context);
        state = r.state;
        await append([{ line: back, analysis: r.analysis, at: closedAt + 600_000 }]);
        closedAt += 900_000;
        await closeConversation(db, {
          orgId,
          conversationId: conversation.id,
          at: closedAt,
          reason: "teammate",
        });
      }
      // The history happened then: the rows say when tagteam received each line.
      await db.query(`UPDATE messages SET created_at = sent_at WHERE org_id = $1 AND conversation_id = $2`, [
        orgId,
        conversation.id,
      ]);
      // Two customers in three answer the survey; one in six of those skips it.
      if (n % 3 !== 2)
        await recordSurveyAnswer(db, {
          orgId,
          teamId,
          conversationId: conversation.id,
          tags: n % 6 === 0 ? [] : script.survey,
          source: "chat",
          at: closedAt + 60_000,
        });
    }
  }
}
