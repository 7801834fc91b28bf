import {
  API_BASE_PATH,
  type Alert,
  type Commitment,
  type Debrief,
  type Intervention,
  type Person,
  type StepInBody,
  type UpdateDebriefBody,
} from "../protocol/index.ts";
import type { HeldConversation, StepInSeen } from "./simulator.ts";

/*
 * The demo's simulated teammates: the demo agents and their lead, signed in like a person's browser
 * (e-mail, password, session cookie), act on most of the alerts routed to them, answer takeover
 * offers made to them, now and then save their debrief card and send a helper's feedback, and tick
 * the promises they made customers done once kept (cancelling a few, letting some run late); the
 * lead also takes on the escalations sent to them. All through the public REST API. They never open a WebSocket (so they never count as present), and they leave
 * alone anyone who is present: a visitor signed in as one of them handles that person's work.
 * What they do is decided per alert, offer or card id by the pure functions below.
 */

/** A human pause, in milliseconds: each step waits a seeded amount between the two. */
export type PauseRange = readonly [min: number, max: number];

/** What a demo helper does with an alert routed to them. */
export type AlertAction =
  | { kind: "whisper"; text: string }
  | { kind: "signal" }
  | { kind: "takeover_offer"; text: string }
  | { kind: "not_useful" }
  /** Leaves it: it expires with its conversation, as some alerts do. */
  | { kind: "leave" };

export interface AlertDecision {
  action: AlertAction;
  /** From seeing the alert to acknowledging it. */
  acknowledgeAfterMs: number;
  /** From acknowledging to acting (half the pause range). */
  actAfterMs: number;
}

/** A number in [0, 1) from a string: the same id and salt give the same number on every run. */
export function seeded(id: string, salt: string): number {
  // FNV-1a over the UTF-16 units, then a final avalanche so nearby ids spread out.
  let h = 0x811c9dc5;
  const s = `${salt}:${id}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
}

const pause = (range: PauseRange, id: string, salt: string): number =>
  Math.round(range[0] + (range[1] - range[0]) * seeded(id, salt));

export const TAKEOVER_OFFER_TEXT = "I know this one well. Happy to take it over if you'd like.";

/**
 * What a demo helper does with one alert: mostly the step the alert suggests (the whisper's
 * sentence, or a signal when the rung is signal), sometimes an offer to take over, sometimes
 * "not useful", and now and then nothing.
 */
export function decideOnAlert(
  alert: Pick<Alert, "id" | "rung" | "suggestion">,
  pauses: PauseRange,
): AlertDecision {
  const u = seeded(alert.id, "alert");
  const suggestion = alert.suggestion?.trim() ?? "";
  const lowRung = alert.rung === "observe" || alert.rung === "signal";
  const highRung = alert.rung === "offer_takeover" || alert.rung === "escalate";
  const suggested: AlertAction =
    alert.rung === "signal" || suggestion === "" ? { kind: "signal" } : { kind: "whisper", text: suggestion };
  let action: AlertAction;
  if (u < 0.1) action = { kind: "leave" };
  else if (u < 0.22) action = { kind: "not_useful" };
  else if (u < (highRung ? 0.7 : lowRung ? 0.3 : 0.4))
    action = { kind: "takeover_offer", text: TAKEOVER_OFFER_TEXT };
  else action = suggested;
  return {
    action,
    acknowledgeAfterMs: pause(pauses, alert.id, "acknowledge"),
    // Acting takes less than reading: the suggested sentence is one click away.
    actAfterMs: pause([pauses[0] / 2, pauses[1] / 2], alert.id, "act"),
  };
}

/** How the struggling agent answers a takeover offer: accepted a little more often than not. */
export function decideOnOffer(
  offerId: string,
  pauses: PauseRange,
): { answer: "accept" | "decline"; afterMs: number } {
  return {
    answer: seeded(offerId, "offer") < 0.55 ? "accept" : "decline",
    afterMs: pause(pauses, offerId, "answer"),
  };
}

/** Behaviour-specific feedback a helper sends after a conversation they stepped into. */
export const FEEDBACK_TEMPLATES: readonly string[] = [
  "When the customer repeated their question, you paraphrased it back before answering, and they calmed down right after. Next time, try doing that on the first repeat.",
  "You gave the customer a concrete date for the refund, and they stopped asking when it would arrive. Next time, try giving the date before explaining the process.",
  "When you said sorry for the third time, the customer got more frustrated. Next time, try one apology and then a clear next step with a time.",
  "You used the customer's name when you summarised the problem, and they stopped repeating themselves. Keep doing that in the first reply too.",
];

/**
 * After the close: whether the owner saves their debrief card (about half of them), and whether a
 * helper who saved theirs also sends the agent one piece of feedback (and which).
 */
export function decideAfterClose(
  debrief: Pick<Debrief, "id" | "role">,
  pauses: PauseRange,
): { save: boolean; afterMs: number; feedback: string | null } {
  const save = seeded(debrief.id, "debrief") < 0.5;
  const sendsFeedback = save && debrief.role === "helper" && seeded(debrief.id, "feedback") < 0.5;
  const pick = Math.floor(seeded(debrief.id, "template") * FEEDBACK_TEMPLATES.length);
  return {
    save,
    // Filling a card in takes longer than acknowledging an alert.
    afterMs: 2 * pause(pauses, debrief.id, "debrief-pause"),
    feedback: sendsFeedback ? (FEEDBACK_TEMPLATES[pick] ?? null) : null,
  };
}

/**
 * Whether a demo teammate fills in a debrief card: their own draft of a conversation closed since
 * the demo started. The history's cards (and an earlier run's) are left as they are: saved now,
 * eight weeks of them read 'saved' today, and their helpers' feedback arrived today about
 * conversations weeks old (the server saves the history's own on their day).
 */
export function fillsCard(
  card: Pick<Debrief, "personId" | "status" | "editable" | "createdAt">,
  personId: string | null,
  since: number,
): boolean {
  return (
    card.personId === personId &&
    card.status === "draft" &&
    card.editable &&
    Date.parse(card.createdAt) >= since
  );
}

/** A late promise is still kept within this long of the agent first seeing it (a Thursday one too). */
export const LATEST_PROMISE_KEPT_MS = 10 * 60_000;

/**
 * When a demo agent closes a promise they made a customer, and how: most are kept and ticked done
 * soon after (the demo runs a working day in minutes), a few cancelled as no longer needed, and
 * some run late: done only once overdue (so the Follow-ups page and the overdue reminder have
 * something to show), at the latest `LATEST_PROMISE_KEPT_MS` after it was seen. `atMs` is absolute.
 */
export function decideOnCommitment(
  commitment: Pick<Commitment, "id" | "dueAt">,
  seenAtMs: number,
  pauses: PauseRange,
): { status: "done" | "cancelled"; atMs: number } {
  const u = seeded(commitment.id, "commitment");
  // Doing what was promised (sending the e-mail, calling back) takes a few pauses.
  const soon = seenAtMs + 6 * pause(pauses, commitment.id, "commitment-pause");
  if (u < 0.05) return { status: "cancelled", atMs: soon };
  if (u < 0.85 || commitment.dueAt === null) return { status: "done", atMs: soon };
  const late = Date.parse(commitment.dueAt) + 2 * pause(pauses, commitment.id, "commitment-late");
  return { status: "done", atMs: Math.min(Math.max(soon, late), seenAtMs + LATEST_PROMISE_KEPT_MS) };
}

/** The card as its owner saves it: the pre-filled lines kept, "try next" written when it was empty. */
export function filledDebrief(
  card: Pick<Debrief, "wentWell" | "tricky" | "tryNext" | "draft" | "role">,
): UpdateDebriefBody {
  const lines = (xs: readonly string[], fallback: readonly string[]): string[] =>
    (xs.length > 0 ? xs : fallback)
      .map((x) => x.trim().slice(0, 500))
      .filter((x) => x !== "")
      .slice(0, 5);
  const tryNext = (card.tryNext.trim() || card.draft.tryNext.trim()).slice(0, 2000);
  return {
    wentWell: lines(card.wentWell, card.draft.wentWell),
    tricky: lines(card.tricky, card.draft.tricky),
    tryNext:
      tryNext !== ""
        ? tryNext
        : card.role === "helper"
          ? "Step in a message earlier, with one sentence the agent can use as it is."
          : "Confirm what the customer needs in my first reply, before looking anything up.",
  };
}

export interface DemoTeammatesOptions {
  /** The server's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  teamId: string;
  /** The demo agents' e-mails: people acted for as agents. */
  agents: readonly string[];
  /**
   * The demo lead's e-mail: acted for as a lead (their alerts, and the escalations sent to them),
   * so that the alerts only a lead can answer do not all expire while nobody signed in as them.
   */
  lead?: string;
  password: string;
  /** The human pause between seeing something and acting on it (seeded per item within it). */
  pauseMs: PauseRange;
  /** How often each teammate looks at their alerts and offers. */
  pollMs: number;
  /** Unexpected failures, at most one a minute (409s and alerts that moved on are expected). */
  onError?: (error: unknown) => void;
}

export interface DemoTeammateCounts {
  acknowledged: number;
  stepIns: number;
  notUseful: number;
  offersAnswered: number;
  escalationsTaken: number;
  debriefsSaved: number;
  feedbackSent: number;
  commitmentsClosed: number;
}

export interface DemoTeammates {
  counts: DemoTeammateCounts;
  /**
   * Who writes the agent's lines of a conversation (by tagteam's id) after a demo agent handed it
   * over: the helper's e-mail; null when the helper is not a demo agent (a visitor took it: the
   * replay stops writing its agent lines); undefined when nothing changed.
   */
  handoverOf(conversationId: string): string | null | undefined;
  /**
   * The first step-in the agent of a conversation (by tagteam's id; the agent by e-mail) received:
   * a signal or whisper, or a takeover they accepted, from a demo agent or a visitor. Read from
   * that agent's interventions at most once per `pollMs`; null while there is none.
   */
  stepInOf(conversationId: string, agent: string): Promise<StepInSeen | null>;
  /**
   * A conversation a person took over (by tagteam's id), read as the lead: whether it is open, who
   * holds it (a demo teammate nobody is signed in as: their e-mail, the replay writes for them;
   * else null) and its agent lines. Null when it cannot be read.
   */
  holdOf(conversationId: string): Promise<HeldConversation | null>;
  stop(): Promise<void>;
}

/** A refusal the demo expects now and then (someone acted first, the conversation closed…). */
class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const QUIET_STATUSES = new Set([403, 404, 409]);
const ERROR_QUIET_MS = 60_000;
const USER_AGENT = "tagteam demo teammate";

interface Session {
  email: string;
  /** What they are in the demo team: a teammate acts only while they still are. */
  role: "agent" | "lead";
  personId: string | null;
  cookie: string | null;
  /** Sign-in failed (e.g. a visitor changed the password): retried at most once a minute. */
  retryAt: number;
}

export function startDemoTeammates(options: DemoTeammatesOptions): DemoTeammates {
  const abort = new AbortController();
  const startedAt = Date.now();
  const counts: DemoTeammateCounts = {
    acknowledged: 0,
    stepIns: 0,
    notUseful: 0,
    offersAnswered: 0,
    escalationsTaken: 0,
    debriefsSaved: 0,
    feedbackSent: 0,
    commitmentsClosed: 0,
  };
  const sessions: Session[] = [
    ...options.agents.map((email) => ({ email, role: "agent" as const })),
    ...(options.lead !== undefined ? [{ email: options.lead, role: "lead" as const }] : []),
  ].map((s) => ({ ...s, personId: null, cookie: null, retryAt: 0 }));
  const seen = new Set<string>();
  /** "person:conversation" while that teammate is on an alert there (a replacement is theirs to take). */
  const looking = new Set<string>();
  const tasks = new Set<Promise<void>>();
  /** conversation id → the agent a demo helper stepped in for (for feedback after the close). */
  const helped = new Map<string, string | null>();
  const handovers = new Map<string, string | null>();
  /** conversation id → the first step-in its agent received. */
  const stepIns = new Map<string, StepInSeen>();
  /** agent e-mail → their last read of the interventions they received. */
  const received = new Map<string, { at: number; read: Promise<void> }>();
  let people = new Map<string, Person>();
  let lastErrorAt = -Infinity;

  const report = (error: unknown): void => {
    if (abort.signal.aborted || error instanceof Refused) return;
    const now = Date.now();
    if (now - lastErrorAt < ERROR_QUIET_MS) return;
    lastErrorAt = now;
    options.onError?.(error);
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (abort.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        abort.signal.removeEventListener("abort", done);
        resolve();
      }
      abort.signal.addEventListener("abort", done);
    });

  const signIn = async (s: Session): Promise<boolean> => {
    if (Date.now() < s.retryAt) return false;
    const response = await fetch(`${options.url}${API_BASE_PATH}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": USER_AGENT },
      body: JSON.stringify({ email: s.email, password: options.password }),
      signal: abort.signal,
    });
    const json = (await response.json().catch(() => ({}))) as { me?: { id: string } };
    if (!response.ok || json.me === undefined) {
      s.retryAt = Date.now() + ERROR_QUIET_MS;
      throw new Error(`demo teammate ${s.email} could not sign in (${response.status})`);
    }
    s.personId = json.me.id;
    s.cookie = (response.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(";")[0])
      .filter(Boolean)
      .join("; ");
    return true;
  };

  /** One API call as this teammate; a lapsed session signs in again once. */
  const call = async <T>(s: Session, method: string, path: string, body?: unknown): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      if (s.cookie === null && !(await signIn(s))) throw new Refused(401, `${s.email} is not signed in`);
      const response = await fetch(`${options.url}${API_BASE_PATH}${path}`, {
        method,
        headers: {
          cookie: s.cookie ?? "",
          "user-agent": USER_AGENT,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
      });
      const text = await response.text();
      if (response.status === 401 && attempt === 0) {
        s.cookie = null;
        continue;
      }
      if (!response.ok) {
        const message = `${method} ${path} → ${response.status}: ${text.slice(0, 200)}`;
        throw QUIET_STATUSES.has(response.status)
          ? new Refused(response.status, message)
          : new Error(message);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    }
  };

  const refreshPeople = async (s: Session): Promise<void> => {
    const r = await call<{ people: Person[] }>(
      s,
      "GET",
      `/people?teamId=${encodeURIComponent(options.teamId)}`,
    );
    people = new Map(r.people.map((p) => [p.id, p]));
  };

  /** Whether this teammate may act now: still in their role, active, and nobody is using tagteam as them. */
  const mayAct = async (s: Session): Promise<boolean> => {
    if (abort.signal.aborted || s.personId === null) return false;
    await refreshPeople(s);
    const me = people.get(s.personId);
    return me !== undefined && me.role === s.role && me.active && !me.present;
  };

  const spawn = (work: () => Promise<void>): void => {
    const task = work()
      .catch(report)
      .finally(() => tasks.delete(task));
    tasks.add(task);
  };

  /**
   * An alert, from seeing it to acting. Someone looking at a conversation keeps looking: when the
   * alert is replaced meanwhile (the engine raised a higher rung) and the new one is theirs too,
   * they act on that one.
   */
  const handleAlert = async (s: Session, first: Alert): Promise<void> => {
    const key = `${s.personId}:${first.conversationId}`;
    looking.add(key);
    try {
      let alert = first;
      let decision = decideOnAlert(alert, options.pauseMs);
      if (decision.action.kind === "leave") return;
      await sleep(decision.acknowledgeAfterMs);
      if (!(await mayAct(s))) return;
      if (alert.status === "raised") {
        await call(s, "POST", `/alerts/${encodeURIComponent(alert.id)}/acknowledge`);
        counts.acknowledged++;
      }
      await sleep(decision.actAfterMs);
      if (!(await mayAct(s))) return;
      const { alerts } = await call<{ alerts: Alert[] }>(s, "GET", "/alerts?scope=mine&status=active");
      const mine = alerts.filter(
        (a) => a.helperId === s.personId && a.conversationId === alert.conversationId,
      );
      const current = mine.find((a) => a.id === alert.id) ?? mine[0];
      // Gone from view (expired with its conversation, rerouted, handled by someone else).
      if (current === undefined) return;
      if (current.id !== alert.id) {
        seen.add(`alert:${current.id}`);
        alert = current;
        decision = decideOnAlert(alert, options.pauseMs);
        if (decision.action.kind === "leave") return;
        if (alert.status === "raised") {
          await call(s, "POST", `/alerts/${encodeURIComponent(alert.id)}/acknowledge`);
          counts.acknowledged++;
        }
      }
      const action = decision.action;
      if (action.kind === "not_useful") {
        await call(s, "POST", `/alerts/${encodeURIComponent(alert.id)}/dismiss`, { reason: "not_useful" });
        counts.notUseful++;
        return;
      }
      const body: StepInBody =
        action.kind === "whisper"
          ? { kind: "whisper", alertId: alert.id, text: action.text }
          : action.kind === "takeover_offer"
            ? { kind: "takeover_offer", alertId: alert.id, text: action.text }
            : { kind: "signal", alertId: alert.id };
      await call(s, "POST", `/conversations/${encodeURIComponent(alert.conversationId)}/step-in`, body);
      counts.stepIns++;
      helped.set(alert.conversationId, alert.agentId);
    } finally {
      looking.delete(key);
    }
  };

  const answerOffer = async (s: Session, offer: Intervention): Promise<void> => {
    const decision = decideOnOffer(offer.id, options.pauseMs);
    await sleep(decision.afterMs);
    if (!(await mayAct(s))) return;
    await call(s, "POST", `/interventions/${encodeURIComponent(offer.id)}/${decision.answer}`, {});
    counts.offersAnswered++;
    if (decision.answer === "accept") {
      const helper = people.get(offer.fromId);
      // Someone signed in as the demo lead who offered writes their own lines, as any person.
      const demoHelper =
        helper !== undefined && !helper.present && sessions.some((x) => x.personId === helper.id);
      handovers.set(offer.conversationId, demoHelper ? helper.email : null);
    }
  };

  /** The lead takes on an escalation sent to them (it leaves the queue's "waiting" list). */
  const takeEscalation = async (s: Session, escalation: Intervention): Promise<void> => {
    await sleep(pause(options.pauseMs, escalation.id, "escalation"));
    if (!(await mayAct(s))) return;
    await call(s, "POST", `/interventions/${encodeURIComponent(escalation.id)}/acknowledge`);
    counts.escalationsTaken++;
  };

  const fillDebrief = async (s: Session, card: Debrief): Promise<void> => {
    const decision = decideAfterClose(card, options.pauseMs);
    if (!decision.save) return;
    await sleep(decision.afterMs);
    if (!(await mayAct(s))) return;
    await call(s, "PUT", `/debriefs/${encodeURIComponent(card.id)}`, filledDebrief(card));
    counts.debriefsSaved++;
    const receiverId = helped.get(card.conversationId);
    if (
      decision.feedback === null ||
      card.role !== "helper" ||
      receiverId == null ||
      receiverId === s.personId
    )
      return;
    await call(s, "POST", "/feedback", {
      receiverId,
      text: decision.feedback,
      conversationId: card.conversationId,
    });
    counts.feedbackSent++;
  };

  const keepPromise = async (s: Session, commitment: Commitment): Promise<void> => {
    const decision = decideOnCommitment(commitment, Date.now(), options.pauseMs);
    await sleep(Math.max(0, decision.atMs - Date.now()));
    if (!(await mayAct(s))) return;
    await call(s, "PATCH", `/commitments/${encodeURIComponent(commitment.id)}`, { status: decision.status });
    counts.commitmentsClosed++;
  };

  /** One look at a teammate's alerts, offers and (every few looks) debrief cards and promises. */
  const look = async (s: Session, withDebriefs: boolean): Promise<void> => {
    if (s.personId === null && !(await signIn(s))) return;
    const me = s.personId !== null ? people.get(s.personId) : undefined;
    if (me === undefined || me.role !== s.role || !me.active || me.present) return;
    const { alerts } = await call<{ alerts: Alert[] }>(s, "GET", "/alerts?scope=mine&status=active");
    for (const alert of alerts) {
      if (alert.helperId !== s.personId || seen.has(`alert:${alert.id}`)) continue;
      if (looking.has(`${s.personId}:${alert.conversationId}`)) continue;
      seen.add(`alert:${alert.id}`);
      spawn(() => handleAlert(s, alert));
    }
    const { interventions } = await call<{ interventions: Intervention[] }>(
      s,
      "GET",
      "/interventions?scope=mine&kind=takeover_offer&status=active",
    );
    for (const offer of interventions) {
      if (offer.toId !== s.personId || offer.status !== "offered" || seen.has(`offer:${offer.id}`)) continue;
      seen.add(`offer:${offer.id}`);
      spawn(() => answerOffer(s, offer));
    }
    if (s.role === "lead") {
      const escalations = await call<{ interventions: Intervention[] }>(
        s,
        "GET",
        "/interventions?scope=mine&kind=escalation&status=active",
      );
      for (const escalation of escalations.interventions) {
        if (escalation.toId !== s.personId || escalation.status !== "offered") continue;
        if (seen.has(`escalation:${escalation.id}`)) continue;
        seen.add(`escalation:${escalation.id}`);
        spawn(() => takeEscalation(s, escalation));
      }
    }
    if (!withDebriefs) return;
    const { debriefs } = await call<{ debriefs: Debrief[] }>(s, "GET", "/debriefs");
    for (const card of debriefs) {
      if (!fillsCard(card, s.personId, startedAt)) continue;
      if (seen.has(`debrief:${card.id}`)) continue;
      seen.add(`debrief:${card.id}`);
      spawn(() => fillDebrief(s, card));
    }
    const { commitments } = await call<{ commitments: Commitment[] }>(s, "GET", "/commitments");
    for (const commitment of commitments) {
      if (commitment.agentId !== s.personId || commitment.status !== "open") continue;
      if (seen.has(`commitment:${commitment.id}`)) continue;
      seen.add(`commitment:${commitment.id}`);
      spawn(() => keepPromise(s, commitment));
    }
  };

  /** What this agent has been sent: the signals and whispers, and the takeovers they accepted. */
  const readReceived = async (s: Session): Promise<void> => {
    const { interventions } = await call<{ interventions: Intervention[] }>(
      s,
      "GET",
      "/interventions?scope=mine&status=all",
    );
    for (const i of interventions) {
      if (i.toId === null || i.toId !== s.personId || stepIns.has(i.conversationId)) continue;
      const kind =
        i.kind === "signal" || i.kind === "whisper"
          ? i.kind
          : i.kind === "takeover_offer" && i.status === "accepted"
            ? "takeover"
            : null;
      if (kind !== null) stepIns.set(i.conversationId, { kind, helperName: i.fromName });
    }
  };

  const stepInOf = async (conversationId: string, agent: string): Promise<StepInSeen | null> => {
    const known = stepIns.get(conversationId);
    if (known !== undefined) return known;
    const s = sessions.find((x) => x.email.toLowerCase() === agent.toLowerCase());
    if (s === undefined || abort.signal.aborted) return null;
    let last = received.get(s.email);
    if (last === undefined || Date.now() - last.at >= options.pollMs) {
      last = { at: Date.now(), read: readReceived(s).catch(report) };
      received.set(s.email, last);
    }
    await last.read;
    return stepIns.get(conversationId) ?? null;
  };

  const holdOf = async (conversationId: string): Promise<HeldConversation | null> => {
    const reader = sessions.find((s) => s.role === "lead") ?? sessions[0];
    if (reader === undefined || abort.signal.aborted) return null;
    try {
      const { conversation } = await call<{
        conversation: {
          status: string;
          agentId: string | null;
          messages: { role: string; kind: string; text: string; senderMessageId: string | null }[];
        };
      }>(reader, "GET", `/conversations/${encodeURIComponent(conversationId)}`);
      const holder = conversation.agentId !== null ? people.get(conversation.agentId) : undefined;
      const teammate = sessions.find((s) => s.personId !== null && s.personId === holder?.id);
      return {
        open: conversation.status === "open",
        writer: teammate !== undefined && holder !== undefined && !holder.present ? teammate.email : null,
        agentLines: conversation.messages
          .filter((m) => m.role === "agent" && m.kind === "message")
          .map((m) => ({ text: m.text, senderMessageId: m.senderMessageId })),
      };
    } catch (error) {
      report(error);
      return null;
    }
  };

  const loop = async (): Promise<void> => {
    for (let tick = 0; !abort.signal.aborted; tick++) {
      try {
        const first = sessions[0];
        if (first !== undefined && (first.personId !== null || (await signIn(first))))
          await refreshPeople(first);
        await Promise.all(sessions.map((s) => look(s, tick % 5 === 0).catch(report)));
      } catch (error) {
        report(error);
      }
      await sleep(options.pollMs);
    }
  };
  const running = loop();

  return {
    counts,
    handoverOf: (conversationId) => handovers.get(conversationId),
    stepInOf,
    holdOf,
    stop: async () => {
      abort.abort();
      await running;
      await Promise.all([...tasks]);
      // Sign out, so the demo agents' Account pages do not keep these sessions around.
      await Promise.all(
        sessions
          .filter((s) => s.cookie !== null)
          .map((s) =>
            fetch(`${options.url}${API_BASE_PATH}/auth/logout`, {
              method: "POST",
              headers: {
                cookie: s.cookie ?? "",
                "user-agent": USER_AGENT,
                "content-type": "application/json",
              },
              body: "{}",
              signal: AbortSignal.timeout(2000),
            }).catch(() => undefined),
          ),
      );
    },
  };
}
