import type { IngestResult } from "../protocol/index.ts";
import { ApiRequestError, postJson } from "./apiClient.ts";
import {
  agentFor,
  castFor,
  datedFor,
  DEMO_CONVERSATIONS,
  playsInReplay,
  type DemoConversation,
  type DemoLine,
} from "./demoConversations.ts";
import { demoSurveyTags } from "./demoSurvey.ts";
import { seeded, type PauseRange } from "./demoTeammates.ts";

export interface SimulationOptions {
  /** The server's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** An API token with the ingest scope. */
  token: string;
  teamId: string;
  /**
   * Agent e-mails to hand conversations to: each script to the demo agent it was written for when
   * they are among them, else round robin; without them, messages carry no author.
   */
  agents: readonly string[];
  /** Conversations running at once. */
  concurrency: number;
  /**
   * Pause between lines of one conversation: a fixed one, or a range each line's pause is drawn
   * from (seeded per line), as people take longer to write some answers than others.
   */
  lineDelayMs: number | PauseRange;
  /**
   * How long each worker (an agent's seat) waits before its next conversation, drawn from this
   * range per conversation: nobody picks the next chat up the second the last one closed. The
   * first conversations start one after another, a quarter of a `lineDelayMs` apart, not all at once.
   */
  betweenMs?: PauseRange;
  /** Stop after this many conversations (Infinity: until stopped). */
  total: number;
  /**
   * Where in the scripts' sequence to begin (default 0): a demo started again goes on with other
   * customers, not the first round's Maya Chen and Priya Raman once more.
   */
  startAt?: number;
  /**
   * The pause between lines of an e-mail conversation, when it differs from a chat's: people answer
   * an e-mail minutes to hours later, not at chat pace. Undefined: `lineDelayMs`.
   */
  emailLineDelayMs?: number | PauseRange;
  /**
   * In an e-mail thread, the pause before an agent's line (how long the customer waits for the
   * answer), when the team answers sooner than customers write back. Undefined: `emailLineDelayMs`.
   */
  emailAnswerDelayMs?: number | PauseRange;
  /**
   * E-mail threads running at once on workers of their own, beside the `concurrency` chats: a
   * thread waiting hours for its next line does not hold an agent's chat seat. Undefined: e-mails
   * take their turn among the chats.
   */
  emailConcurrency?: number;
  /**
   * Conversations an earlier run left open, to go on with before starting new ones: its id, its
   * number in the scripts' sequence and how many of its lines were posted. An e-mail whose
   * customer was waiting is answered and closed in due course instead of staying open forever.
   */
  resume?: readonly { conversationId: string; n: number; posted: number; startedAt?: number }[];
  /** How long after its last line an e-mail thread is closed; undefined: `closeAfterMs`. */
  emailCloseAfterMs?: number;
  /**
   * Asked before each new conversation starts: while it says no, the seat waits `gatePollMs` and
   * asks again (the live demo keeps today to a day of its history, src/server/demo.ts).
   */
  mayStart?: () => Promise<boolean>;
  /** How long a seat waits before asking `mayStart` again (default a minute). */
  gatePollMs?: number;
  /**
   * Close each conversation this long after its last line (POST /conversations/close), as a
   * helpdesk would once the chat is over; undefined leaves them open.
   */
  closeAfterMs?: number;
  /**
   * After closing, post the customer's survey answer (POST /surveys), tags that fit how the
   * conversation went (`demoSurveyTags`), as a helpdesk running its own survey would.
   */
  answerSurveys?: boolean;
  /**
   * Who writes a conversation's agent lines from now on (by tagteam's conversation id), once its
   * agent handed it over: an e-mail; null stops its agent lines (a person took it over and writes
   * them); undefined keeps the scripted agent.
   */
  handoverOf?: (conversationId: string) => string | null | undefined;
  /**
   * Whether a teammate has stepped in to help the agent of a conversation (by tagteam's id; the
   * agent by e-mail): a signal or whisper they received, or a takeover they accepted. A script
   * with `helped` lines goes on with them from the agent's next turn once this says so; one that
   * raised an alert and ran out of lines first waits up to `stepInWaitMs` for it, then plays
   * `helped`, or `alone` if nobody came. Without it, scripts play their lines only.
   */
  stepInOf?: (conversationId: string, agent: string) => Promise<StepInSeen | null>;
  /** How long a conversation that raised an alert waits after its last line for a step-in. */
  stepInWaitMs?: number;
  /**
   * Who holds a conversation a person took over (by tagteam's id) and the agent lines in it: the
   * e-mail of the teammate the replay writes for once it is handed back to one, else null (a person
   * still writes them); null when it cannot be read. While a person holds it, the customer answers
   * what they write (`heldNextAt`) instead of going on with lines written for the script's agent,
   * and once it is handed back, the script goes on only where it fits what the person said, else
   * the customer ends politely. Without it, the customer's lines go on as scripted.
   */
  holdOf?: (conversationId: string) => Promise<HeldConversation | null>;
  /** How often a conversation a person holds is read (default 5 s). */
  holdPollMs?: number;
  onPosted?: (result: IngestResult) => void;
  onError?: (error: unknown) => void;
}

/** A conversation a person took over, as `holdOf` reads it. */
export interface HeldConversation {
  open: boolean;
  /** The teammate the replay writes the agent's lines for now (handed back), or null: a person does. */
  writer: string | null;
  /** Its agent lines, in order, with the sender's id (the replay's own start with its id). */
  agentLines: readonly { text: string; senderMessageId: string | null }[];
}

/** How a scripted customer politely ends a conversation whose script no longer fits what was said. */
export const POLITE_END: DemoLine = {
  role: "customer",
  text: "Okay, thank you for your help. That's everything I needed for now.",
};

const STOP_WORDS = new Set(
  "the and for you your with that this have has was are our can will its it's i'm i've i'll we've you're from they them then there what when which would could should just now not but all any been into out about over also more some than very yes here".split(
    " ",
  ),
);

/** The words of a line that carry its sense: numbers and words of three letters or more, but the commonest. */
function contentWords(text: string, skip: ReadonlySet<string>): Set<string> {
  const words = text.toLowerCase().match(/\$?\d+(?:[.,]\d+)?|[a-z][a-z'-]{2,}/g) ?? [];
  return new Set(words.filter((w) => !STOP_WORDS.has(w) && !skip.has(w)));
}

/**
 * Whether a person's line says what a script's agent line says: it shares at least two of the
 * line's words that carry its sense and a third of them (a policy's "returns accepted within 30
 * days of delivery" in other words), the customer's name aside, and no other figures.
 */
export function saysTheSame(said: string, scripted: string, customer: string): boolean {
  const skip = contentWords(customer, new Set());
  const want = contentWords(scripted, skip);
  const have = contentWords(said, skip);
  // Other figures are another thing said: "within 14 days" is not "within 30 days".
  const figures = (words: Set<string>) => [...words].filter((w) => /\d/.test(w));
  const theirs = figures(have);
  if (theirs.length > 0 && figures(want).length > 0 && !theirs.some((n) => want.has(n))) return false;
  let shared = 0;
  for (const w of want) if (have.has(w)) shared++;
  return shared >= 2 && shared >= want.size / 3;
}

/**
 * Where a script goes on from after a person wrote `said` in the agent's place, its next line
 * being `lines[at]`: just after the furthest of its agent lines from `at` on that says the same
 * (the customer answers what was said), else null (nothing in the script answers it).
 */
export function heldNextAt(
  lines: readonly DemoLine[],
  at: number,
  said: string,
  customer: string,
): number | null {
  for (let k = lines.length - 1; k >= at; k--) {
    const line = lines[k];
    if (line?.role === "agent" && saysTheSame(said, line.text, customer)) return k + 1;
  }
  return null;
}

/** A step-in the replay reacts to (what the agent of the conversation received). */
export interface StepInSeen {
  kind: "signal" | "whisper" | "takeover";
  /** The helper's display name, when known. */
  helperName: string | null;
}

/**
 * The lines a replayed conversation goes on with after a step-in: the script's `helped` lines,
 * opened by the helper introducing themself when they took the conversation over.
 */
export function linesAfterStepIn(script: DemoConversation, stepIn: StepInSeen): DemoLine[] {
  const helped = script.helped ?? [];
  if (stepIn.kind !== "takeover" || helped.length === 0) return helped;
  const customer = script.customer.split(" ")[0] ?? script.customer;
  const helper = stepIn.helperName?.split(" ")[0];
  const intro = `Hi ${customer}, ${helper !== undefined ? `this is ${helper}. I'm` : "I'm"} taking over from my colleague so we can sort this out for you now.`;
  return [{ role: "agent", text: intro }, ...helped];
}

const DAY_MS = 86_400_000;

/** UTC midnight of the day `at` falls on: the day a replayed conversation's lines are said on. */
export function replayDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** The pause before the `line`-th line of the n-th conversation (the same on every run). */
export function linePauseMs(delay: number | PauseRange, n: number, line: number): number {
  if (typeof delay === "number") return delay;
  return Math.round(delay[0] + (delay[1] - delay[0]) * seeded(`${n}:${line}`, "line"));
}

export interface Simulation {
  stop(): Promise<void>;
  /** Resolves when `total` conversations have been replayed (or after stop). */
  done: Promise<{ conversations: number; messages: number; alerts: number; closed: number }>;
}

/** Posts one message over the public API; throws an ApiRequestError saying why on failure. */
export async function postMessage(url: string, token: string, body: unknown): Promise<IngestResult[]> {
  const json = await postJson<{ results?: IngestResult[] }>(url, token, "/messages", body);
  if (json.results === undefined) throw new ApiRequestError(200, "POST /messages: the answer has no results");
  return json.results;
}

/** Tells the server a conversation has ended (by the sender's id); throws an ApiRequestError on failure. */
export async function closeConversation(
  url: string,
  token: string,
  conversationId: string,
): Promise<boolean> {
  const json = await postJson<{ closed?: boolean }>(url, token, "/conversations/close", { conversationId });
  return json.closed === true;
}

/** Posts a customer's survey tags for a conversation (by the sender's id); throws an ApiRequestError on failure. */
export async function postSurvey(
  url: string,
  token: string,
  conversationId: string,
  tags: readonly string[],
): Promise<boolean> {
  const json = await postJson<{ recorded?: boolean }>(url, token, "/surveys", { conversationId, tags });
  return json.recorded === true;
}

/**
 * Replays the demo conversations into a running server through its public ingest API, several at
 * a time, each line after a pause, so the floor fills up as it would with a live team.
 */
export function startSimulation(options: SimulationOptions): Simulation {
  let stopped = false;
  let started = 0;
  const counts = { conversations: 0, messages: 0, alerts: 0, closed: 0 };
  const runId = Date.now().toString(36);
  // Pauses end early when the simulation stops, so stopping takes a request, not a pause.
  const pauses = new Set<() => void>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) return resolve();
      const end = (): void => {
        clearTimeout(timer);
        pauses.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      timer.unref();
      pauses.add(end);
    });
  /**
   * Conversations posted to and not closed yet (by the sender's id), each with whether it is an
   * e-mail waiting for the team's answer (its last line the customer's, its script not over).
   */
  const open = new Map<string, { unanswered: boolean }>();
  const runOne = async (
    script: DemoConversation,
    n: number,
    resumed?: { conversationId: string; posted: number },
    release?: () => void,
  ): Promise<void> => {
    const conversationId = resumed?.conversationId ?? `sim-${runId}-${n}`;
    const agent = agentFor(script, options.agents, n);
    const email = script.channel === "email";
    const lineDelay = email ? (options.emailLineDelayMs ?? options.lineDelayMs) : options.lineDelayMs;
    /** The pause after the k-th line, before `next`: an e-mail's answer may come sooner. */
    const pauseAfter = (k: number, next: DemoLine | undefined): number =>
      linePauseMs(
        email && next?.role === "agent" ? (options.emailAnswerDelayMs ?? lineDelay) : lineDelay,
        n,
        k,
      );
    const closeAfterMs = email ? (options.emailCloseAfterMs ?? options.closeAfterMs) : options.closeAfterMs;
    let tagteamId: string | undefined;
    let alerted = false;
    const from = Math.min(resumed?.posted ?? 0, script.lines.length);
    let posted = resumed?.posted ?? 0;
    /** What the customer saw, for their survey answer. */
    const played: DemoLine[] = script.lines.slice(0, from);
    // Still open: the replay closes it once its script is over, as any it started.
    if (resumed !== undefined) open.set(conversationId, { unanswered: false });
    /** Who writes the agent's lines once a person handed the conversation back (`holdOf`). */
    let writer: string | undefined;
    const post = async (line: DemoLine): Promise<void> => {
      const handover = writer ?? (tagteamId !== undefined ? options.handoverOf?.(tagteamId) : undefined);
      if (line.role === "agent" && handover === null) return;
      const author = line.role === "agent" ? (handover ?? agent) : script.customer;
      const results = await postMessage(options.url, options.token, {
        senderMessageId: `${conversationId}-${posted++}`,
        conversationId,
        teamId: options.teamId,
        channel: script.channel,
        role: line.role,
        text: line.text,
        topic: script.topic,
        ...(author !== undefined ? { author } : {}),
        // A helpdesk routes the chat to its agent before they write: theirs from the first line.
        ...(agent !== undefined ? { assignee: agent } : {}),
      });
      counts.messages++;
      open.set(conversationId, { unanswered: email && line.role === "customer" });
      played.push(line);
      tagteamId ??= results[0]?.conversationId;
      for (const r of results) {
        if (r.alertId !== null) {
          counts.alerts++;
          alerted = true;
        }
        options.onPosted?.(r);
      }
    };
    // Only a script written to go on after help looks for it, once an alert asked for it.
    const branches = script.helped !== undefined && options.stepInOf !== undefined && agent !== undefined;
    const stepIn = async (): Promise<StepInSeen | null> =>
      branches && alerted && tagteamId !== undefined && agent !== undefined
        ? ((await options.stepInOf?.(tagteamId, agent)) ?? null)
        : null;
    /** Whether a person took the conversation over and writes its agent lines now. */
    const held = (): boolean =>
      options.holdOf !== undefined &&
      writer === undefined &&
      tagteamId !== undefined &&
      options.handoverOf?.(tagteamId) === null;
    /** How many of the person's lines the customer has read. */
    let read = 0;
    /**
     * While a person holds the conversation: the customer answers each of their lines that says
     * what one of the script's agent lines from `at` on says, with the lines after it, and waits
     * otherwise. Handed back to a teammate the replay writes for, the script goes on from there if
     * the person's last line fitted it (or they wrote none), else the customer ends politely: the
     * script's next line could answer what nobody said. Null once closed (or stopped).
     */
    const follow = async (
      seq: readonly DemoLine[],
      at: number,
    ): Promise<{ seq: readonly DemoLine[]; at: number } | null> => {
      // The person writes the agent's lines now: the seat is free for another customer.
      release?.();
      let i = at;
      let fits = true;
      for (;;) {
        await wait(options.holdPollMs ?? 5000);
        if (stopped || tagteamId === undefined) return null;
        const hold = await options.holdOf?.(tagteamId);
        if (hold === undefined) return null;
        if (hold === null) continue;
        if (!hold.open) return null;
        const theirs = hold.agentLines.filter(
          (l) => l.senderMessageId === null || !l.senderMessageId.startsWith(`${conversationId}-`),
        );
        for (const l of theirs.slice(read)) {
          read++;
          const next = heldNextAt(seq, i, l.text, script.customer);
          fits = next !== null;
          if (next === null) continue;
          i = next;
          for (; i < seq.length && seq[i]?.role === "customer"; i++) {
            await wait(pauseAfter(i - 1, seq[i]));
            if (stopped) return null;
            await post(seq[i] as DemoLine);
          }
        }
        if (i >= seq.length) return { seq, at: i };
        if (hold.writer !== null) {
          writer = hold.writer;
          return fits ? { seq, at: i } : { seq: [...seq.slice(0, i), POLITE_END], at: i };
        }
      }
    };
    /** Plays `seq` from `at`, following a person who took it over; false once it closed or stopped. */
    const playFrom = async (seq: readonly DemoLine[], at: number): Promise<boolean> => {
      for (let i = at; i < seq.length; i++) {
        if (stopped) return false;
        const line = seq[i];
        if (line === undefined) break;
        if (line.role === "agent" && held()) {
          const went = await follow(seq, i);
          if (went === null) return false;
          return playFrom(went.seq, went.at);
        }
        await post(line);
        await wait(pauseAfter(i, seq[i + 1]));
      }
      return true;
    };
    /** A person closed it while holding it (or the replay stopped): nothing more to post or close. */
    const closedByPerson = (): void => {
      if (stopped) return;
      counts.conversations++;
      open.delete(conversationId);
    };
    let lines: readonly DemoLine[] = script.lines;
    let helped = false;
    // Going on after a restart: the next line comes after its usual pause from now.
    if (from > 0 && from < lines.length) await wait(pauseAfter(from - 1, lines[from]));
    for (let i = from; i < lines.length; i++) {
      if (stopped) return;
      // The agent acts on help as soon as it arrives: their next turn is the script's `helped`.
      if (!helped && lines[i]?.role === "agent") {
        const seen = await stepIn();
        if (seen !== null) {
          lines = [...lines.slice(0, i), ...linesAfterStepIn(script, seen)];
          helped = true;
        }
      }
      const line = lines[i];
      if (line === undefined) break;
      if (line.role === "agent" && held()) {
        // A person took it over: the rest goes as what they write allows.
        if (!(await playFrom(lines, i))) return closedByPerson();
        helped = true;
        break;
      }
      await post(line);
      await wait(pauseAfter(i, lines[i + 1]));
    }
    if (!helped && branches && alerted && !stopped) {
      // The customer is waiting on a struggling agent: give the team a moment to step in.
      const until = Date.now() + (options.stepInWaitMs ?? 0);
      let seen = await stepIn();
      while (seen === null && !stopped && Date.now() < until) {
        await wait(Math.min(linePauseMs(options.lineDelayMs, n, 0), Math.max(0, until - Date.now())));
        seen = await stepIn();
      }
      const after = seen !== null ? linesAfterStepIn(script, seen) : (script.alone ?? []);
      if (!(await playFrom([...lines, ...after], lines.length))) return closedByPerson();
    }
    counts.conversations++;
    // Its script is over: the customer's last line waits for no answer, only for the close.
    if (open.has(conversationId)) open.set(conversationId, { unanswered: false });
    if (closeAfterMs !== undefined && !stopped) {
      await wait(closeAfterMs);
      if (stopped) return;
      if (await closeConversation(options.url, options.token, conversationId)) counts.closed++;
      open.delete(conversationId);
      const tags = options.answerSurveys === true ? demoSurveyTags({ ...script, lines: played }, n) : null;
      if (tags !== null && !stopped) await postSurvey(options.url, options.token, conversationId, tags);
    }
  };
  /**
   * The next replay number of each kind of seat: with e-mail seats of their own, chat seats play the
   * chats of the sequence and e-mail seats its e-mails (each number is played by one seat only).
   */
  const from = Math.max(0, Math.floor(options.startAt ?? 0));
  const next = { all: from, chat: from, email: from };
  const separate = options.emailConcurrency !== undefined;
  /** Whether a seat may start another conversation, asking `mayStart` until it says yes. */
  const allowed = async (): Promise<boolean> => {
    if (options.mayStart === undefined) return true;
    while (!stopped) {
      try {
        if (await options.mayStart()) return true;
      } catch (error) {
        options.onError?.(error);
      }
      await wait(options.gatePollMs ?? 60_000);
    }
    return false;
  };
  /** Conversations left open by an earlier run, each gone on with by one seat of its kind. */
  const leftOpen = [...(options.resume ?? [])];
  const resumeOne = (kind: keyof typeof next) => {
    const i = leftOpen.findIndex((r) => {
      const script = DEMO_CONVERSATIONS[r.n % DEMO_CONVERSATIONS.length];
      return script !== undefined && (kind === "all" || script.channel === kind);
    });
    return i < 0 ? undefined : leftOpen.splice(i, 1)[0];
  };
  /** Conversations being played, including those a person took over while their seat went on. */
  const playing = new Set<Promise<void>>();
  /**
   * Runs one conversation on a seat, which is free again once the conversation ends or a person
   * takes it over (`release`): a chat someone holds for an hour does not stop the seat's agent
   * from taking the next customer. A held one's failure goes to `onError`.
   */
  const occupy = (run: (release: () => void) => Promise<void>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let released = false;
      const task = run(() => {
        released = true;
        resolve();
      }).then(resolve, (error: unknown) => {
        if (!released) return reject(error);
        options.onError?.(error);
      });
      playing.add(task);
      void task.finally(() => playing.delete(task));
    });
  const worker = async (seat: number, kind: keyof typeof next): Promise<void> => {
    for (let r = resumeOne(kind); r !== undefined && !stopped; r = resumeOne(kind)) {
      const script = DEMO_CONVERSATIONS[r.n % DEMO_CONVERSATIONS.length];
      if (script === undefined) continue;
      try {
        // Said on the day it began, as its first lines were.
        await occupy((release) =>
          runOne(datedFor(castFor(script, r.n), replayDay(r.startedAt ?? Date.now())), r.n, r, release),
        );
      } catch (error) {
        options.onError?.(error);
      }
    }
    let first = true;
    while (!stopped && started < options.total) {
      const n = next[kind]++;
      const script = DEMO_CONVERSATIONS[n % DEMO_CONVERSATIONS.length];
      if (script === undefined) return;
      if (kind !== "all" && script.channel !== kind) continue;
      if (!playsInReplay(script, n)) continue;
      started++;
      if (options.betweenMs !== undefined) {
        const [min, max] = options.betweenMs;
        await wait(
          first
            ? seat * Math.round(linePauseMs(options.lineDelayMs, n, 0) / 4)
            : Math.round(min + (max - min) * seeded(String(n), "between")),
        );
        if (stopped) return;
      }
      first = false;
      if (!(await allowed())) return;
      try {
        await occupy((release) =>
          runOne(datedFor(castFor(script, n), replayDay(Date.now())), n, undefined, release),
        );
      } catch (error) {
        options.onError?.(error);
        await wait(1000);
      }
    }
  };
  const seats = separate
    ? [
        ...Array.from({ length: options.concurrency }, (_, seat) => worker(seat, "chat")),
        ...Array.from({ length: options.emailConcurrency ?? 0 }, (_, seat) => worker(seat, "email")),
      ]
    : Array.from({ length: options.concurrency }, (_, seat) => worker(seat, "all"));
  // Done once every seat is and every conversation a person held has ended too.
  const done = Promise.all(seats)
    .then(() => Promise.all([...playing]))
    .then(() => counts);
  return {
    stop: async () => {
      stopped = true;
      for (const end of [...pauses]) end();
      await done;
      // A replay that closes its conversations closes the ones it was in the middle of too, so they
      // do not stay on the floor, never to move again, after a restart; but an e-mail whose
      // customer is still waiting for an answer stays open, as it would in a real inbox.
      if (options.closeAfterMs === undefined) return;
      await Promise.all(
        [...open].map(async ([id, { unanswered }]) => {
          if (unanswered) return;
          try {
            if (await closeConversation(options.url, options.token, id)) counts.closed++;
            open.delete(id);
          } catch (error) {
            options.onError?.(error);
          }
        }),
      );
    },
    done,
  };
}
