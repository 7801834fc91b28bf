import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";
import { findMessagesAfter, listConversations } from "../../src/store/index.ts";
import { POLITE_END, postMessage, startSimulation, type SimulationOptions } from "../../src/cli/simulator.ts";
import { DEMO_CONVERSATIONS } from "../../src/cli/demoConversations.ts";
import { demoReplayLeftOpen, demoReplayStartAt } from "../../src/server/demo.ts";

describe("startSimulation", () => {
  let world: World;
  let url: string;
  let token: string;
  beforeAll(async () => {
    world = await createWorld();
    url = await world.app.app.listen({ host: "127.0.0.1", port: 0 });
    token = await world.token("leadA", ["ingest"]);
  });
  afterAll(async () => {
    await world?.close();
  });

  const conversationsOf = async () =>
    (
      await listConversations(world.store, { orgId: world.orgId, teamIds: [world.teams.a], limit: 100 })
    ).filter((c) => c.externalId?.startsWith("sim-") === true);
  /** Reads the replayed conversations added after this call. */
  const addedFromHere = async () => {
    const before = new Set((await conversationsOf()).map((c) => c.id));
    return async () => (await conversationsOf()).filter((c) => !before.has(c.id));
  };
  /** A simulation posting to team A through this world's server, agentA its agent unless `agents` says. */
  const simulate = (
    options: Omit<SimulationOptions, "url" | "token" | "teamId" | "agents"> &
      Partial<Pick<SimulationOptions, "agents">>,
  ) =>
    startSimulation({ url, token, teamId: world.teams.a, agents: [world.people.agentA.email], ...options });

  it("replays conversations through the public API and, with closeAfterMs, closes each after its last line", async () => {
    const errors: unknown[] = [];
    const sim = simulate({
      concurrency: 2,
      lineDelayMs: 1,
      total: 2,
      closeAfterMs: 1,
      onError: (error) => errors.push(error),
    });
    const counts = await sim.done;
    expect(errors).toEqual([]);
    expect(counts.conversations).toBe(2);
    expect(counts.closed).toBe(2);
    expect(counts.messages).toBeGreaterThan(4);
    const replayed = await conversationsOf();
    expect(replayed).toHaveLength(2);
    expect(replayed.map((c) => c.status)).toEqual(["closed", "closed"]);
  });

  it("stops during a pause without waiting it out", async () => {
    let posted!: () => void;
    const first = new Promise<void>((resolve) => (posted = resolve));
    const sim = simulate({
      concurrency: 1,
      // Ten minutes between lines: only an interrupted pause lets stop() return within the test.
      lineDelayMs: 600_000,
      total: 1,
      onPosted: () => posted(),
    });
    await first;
    // The customer's first line is already the agent's (the floor said "unassigned" until they wrote).
    const opened = (await conversationsOf()).filter((c) => c.status === "open");
    expect(opened.map((c) => [c.messageCount, c.assignedPersonId])).toEqual([[1, world.people.agentA.id]]);
    await sim.stop();
    expect((await sim.done).messages).toBe(1);
    // A loaded machine may take seconds over the first post; the pause alone would take ten minutes.
  }, 30_000);

  it("leaves them open without closeAfterMs", async () => {
    const readAdded = await addedFromHere();
    const counts = await simulate({
      agents: [],
      concurrency: 1,
      lineDelayMs: 1,
      total: 1,
    }).done;
    expect(counts).toMatchObject({ conversations: 1, closed: 0 });
    const added = await readAdded();
    expect(added.map((c) => c.status)).toEqual(["open"]);
  });

  it("after a handover, writes the agent's lines as the new agent, or leaves them to the person who took it", async () => {
    const readAdded = await addedFromHere();
    const handedTo = new Map<string, string | null>();
    const sim = simulate({
      concurrency: 2,
      lineDelayMs: 1,
      total: 2,
      // From its first line on: one goes to Petra, the other to someone who writes the lines themself.
      handoverOf: (id) => {
        if (!handedTo.has(id)) handedTo.set(id, handedTo.size === 0 ? world.people.peerA.email : null);
        return handedTo.get(id);
      },
    });
    await sim.done;
    const added = await readAdded();
    expect(added).toHaveLength(2);
    for (const c of added) {
      const agentLines = (
        await findMessagesAfter(world.store, { orgId: world.orgId, conversationId: c.id, audience: "team" })
      ).filter((m) => m.role === "agent");
      const to = handedTo.get(c.id);
      if (to === null) expect(agentLines).toEqual([]);
      else {
        expect(agentLines.length).toBeGreaterThan(0);
        expect(agentLines.every((m) => m.authorPersonId === world.people.peerA.id)).toBe(true);
      }
    }
  });

  it("starts a conversation only while mayStart says yes, and waits (without starting) while it says no", async () => {
    const readAdded = await addedFromHere();
    let asked = 0;
    let refused!: () => void;
    const gateClosed = new Promise<void>((resolve) => (refused = resolve));
    const sim = simulate({
      concurrency: 2,
      lineDelayMs: 1,
      total: Number.POSITIVE_INFINITY,
      gatePollMs: 5,
      mayStart: async () => {
        asked++;
        if (asked <= 3) return true;
        refused();
        return false;
      },
    });
    await gateClosed;
    // The three it let through are on the floor, and the seats keep asking at the closed gate.
    const added3 = async () => (await readAdded()).length >= 3;
    while (!(await added3()) || asked < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    await sim.stop();
    const added = await readAdded();
    expect(added).toHaveLength(3);
  });

  it("plays e-mail threads on seats of their own, at their own slower pace, beside the chats", async () => {
    const readAdded = await addedFromHere();
    let chats = 0;
    let enough!: () => void;
    const fourChats = new Promise<void>((resolve) => (enough = resolve));
    const sim = simulate({
      concurrency: 1,
      lineDelayMs: 1,
      closeAfterMs: 1,
      // The team answers an e-mail at once here, and its customer writes back ten minutes later:
      // the customer's first line and the answer are posted within the test, nothing after.
      emailConcurrency: 1,
      emailLineDelayMs: 600_000,
      emailAnswerDelayMs: 1,
      total: Number.POSITIVE_INFINITY,
      onPosted: () => undefined,
      mayStart: async () => true,
    });
    // Four chats played one after another on the one chat seat while the e-mail waits.
    const poll = setInterval(() => {
      void readAdded().then((added) => {
        chats = added.filter((c) => c.channel === "chat" && c.status === "closed").length;
        if (chats >= 4) enough();
      });
    }, 50);
    await fourChats;
    clearInterval(poll);
    const added = await readAdded();
    const emails = added.filter((c) => c.channel === "email");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.messageCount).toBe(2);
    expect(emails[0]?.status).toBe("open");
    await sim.stop();
  }, 60_000);

  it("on stop, closes the chats and answered e-mails it was in the middle of, but leaves an unanswered e-mail open, as a real inbox would", async () => {
    const stopMidway = async (
      emailAnswerDelayMs: number,
      emailLines: number,
      emailLineDelayMs = 600_000,
      emailCloseAfterMs?: number,
    ) => {
      const readAdded = await addedFromHere();
      const sim = simulate({
        // Ten minutes before every next line, but the e-mail's answer in the second case.
        concurrency: 1,
        lineDelayMs: 600_000,
        closeAfterMs: 1,
        emailConcurrency: 1,
        emailLineDelayMs,
        emailAnswerDelayMs,
        ...(emailCloseAfterMs !== undefined ? { emailCloseAfterMs } : {}),
        total: Number.POSITIVE_INFINITY,
      });
      const posted = async () => {
        const added = await readAdded();
        const email = added.find((c) => c.channel === "email");
        return added.some((c) => c.channel === "chat") && (email?.messageCount ?? 0) >= emailLines;
      };
      while (!(await posted())) await new Promise((resolve) => setTimeout(resolve, 20));
      await sim.stop();
      return await readAdded();
    };
    // The customer wrote and nobody has answered yet: the thread waits in the inbox.
    const waiting = await stopMidway(600_000, 1);
    expect(waiting.map((c) => [c.channel, c.messageCount, c.status]).sort()).toEqual([
      ["chat", 1, "closed"],
      ["email", 1, "open"],
    ]);
    // Answered, the customer's next e-mail not in yet: closed with the chat, as before.
    const answered = await stopMidway(1, 2);
    expect(answered.map((c) => [c.channel, c.messageCount, c.status]).sort()).toEqual([
      ["chat", 1, "closed"],
      ["email", 2, "closed"],
    ]);
    // A thread played to its end (the customer's thanks last) waits only for its close: closed.
    const first = DEMO_CONVERSATIONS.find((c) => c.channel === "email")!;
    const finished = await stopMidway(1, first.lines.length, 1, 600_000);
    expect(first.lines.at(-1)?.role).toBe("customer");
    expect(finished.map((c) => [c.channel, c.messageCount, c.status]).sort()).toEqual([
      ["chat", 1, "closed"],
      ["email", first.lines.length, "closed"],
    ]);
  }, 60_000);

  it("begins where startAt says in the scripts' sequence: a demo started again meets other customers", async () => {
    const readAdded = await addedFromHere();
    await simulate({
      concurrency: 1,
      lineDelayMs: 1,
      total: 1,
      startAt: DEMO_CONVERSATIONS.length,
    }).done;
    const added = await readAdded();
    expect(added).toHaveLength(1);
    expect(DEMO_CONVERSATIONS.map((s) => s.customer)).not.toContain(added[0]?.customerName);
  });
  it("says the days its lines name as on the day it plays: Jonas's update comes by a weekday after today, his return arrived ten days ago", async () => {
    const readAdded = await addedFromHere();
    const jonas = DEMO_CONVERSATIONS.findIndex((s) => s.customer === "Jonas Berg");
    const counts = await simulate({ concurrency: 1, lineDelayMs: 1, total: 1, startAt: jonas }).done;
    expect(counts.conversations).toBe(1);
    const [c] = await readAdded();
    const texts = (
      await findMessagesAfter(world.store, { orgId: world.orgId, conversationId: c!.id, audience: "team" })
    ).map((m) => m.text);
    expect(texts.filter((t) => t.includes("{"))).toEqual([]);
    const today = new Date();
    const weekday = today.toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
    const update = texts.find((t) => t.includes("an update by "));
    expect(update).toMatch(/by (Monday|Tuesday|Wednesday|Thursday|Friday) at noon/);
    expect(update).not.toContain(weekday);
    const tenDaysAgo = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 10),
    );
    expect(texts.find((t) => t.includes("return arrived on the "))).toMatch(
      new RegExp(`arrived on the ${tenDaysAgo.getUTCDate()}(st|nd|rd|th)\\.`),
    );
  });

  describe("a conversation a person took over and handed back", () => {
    const tom = DEMO_CONVERSATIONS.findIndex((s) => s.customer === "Tom Ellis");
    const script = DEMO_CONVERSATIONS[tom]!;
    /** Plays Tom's chat held by a person from its first agent line; `person` writes in their place and hands it back. */
    const heldReplay = async (
      person: (say: (text: string, answered: boolean) => Promise<void>) => Promise<void>,
    ) => {
      const readAdded = await addedFromHere();
      let handedBack = false;
      let answered = 0;
      const sim = simulate({
        concurrency: 1,
        lineDelayMs: 1,
        total: 1,
        startAt: tom,
        closeAfterMs: 1,
        holdPollMs: 5,
        // A person took it over (their takeover was accepted): the replay writes no agent line for them.
        handoverOf: () => null,
        holdOf: async (id) => {
          const c = (await conversationsOf()).find((x) => x.id === id);
          const messages = await findMessagesAfter(world.store, {
            orgId: world.orgId,
            conversationId: id,
            audience: "team",
          });
          answered = messages.filter((m) => m.role === "customer").length;
          return {
            open: c?.status === "open",
            writer: handedBack ? world.people.agentA.email : null,
            agentLines: messages
              .filter((m) => m.role === "agent")
              .map((m) => ({ text: m.text, senderMessageId: m.externalId })),
          };
        },
      });
      while ((await readAdded()).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const [c] = await readAdded();
      let n = 0;
      await person(async (text, answers) => {
        const before = answered;
        await postMessage(url, token, {
          senderMessageId: `person-${c!.externalId}-${n++}`,
          conversationId: c!.externalId,
          teamId: world.teams.a,
          channel: "chat",
          role: "agent",
          text,
          author: world.people.leadA.email,
        });
        // Where the script has an answer, the customer gives it before the person writes again.
        while (answers && answered === before) await new Promise((resolve) => setTimeout(resolve, 5));
      });
      handedBack = true;
      await sim.done;
      const lines = await findMessagesAfter(world.store, {
        orgId: world.orgId,
        conversationId: c!.id,
        audience: "team",
      });
      return lines.map((m) => [m.role, m.text, m.authorPersonId === world.people.agentA.id]);
    };

    it("the customer answers what the person said, and the script goes on after it once handed back", async () => {
      const said =
        "Standard shipping takes 3 days, so it should arrive tomorrow. I'm emailing you the tracking link now.";
      const lines = await heldReplay((say) => say(said, true));
      expect(lines).toEqual([
        ["customer", script.lines[0]!.text, false],
        ["agent", said, false],
        ["customer", "Great, thank you so much!", false],
        // Handed back: Dev's script goes on from there, written as the agent it went back to.
        ["agent", "You're welcome, Tom. Is there anything else I can help you with today?", true],
        ["customer", "No, that's all. Have a good day.", false],
      ]);
    }, 60_000);

    it("frees the seat of a chat a person holds: its agent takes the next customer meanwhile", async () => {
      const readAdded = await addedFromHere();
      let first: string | undefined;
      let handedBack = false;
      const errors: unknown[] = [];
      const sim = simulate({
        concurrency: 1,
        lineDelayMs: 1,
        total: 2,
        startAt: tom,
        closeAfterMs: 1,
        holdPollMs: 5,
        onError: (error) => errors.push(error),
        // The first chat is held by a person from its first agent line; the next one plays as scripted.
        handoverOf: (id) => {
          first ??= id;
          return id === first ? null : undefined;
        },
        holdOf: async (id) => {
          const c = (await conversationsOf()).find((x) => x.id === id);
          return {
            open: c?.status === "open",
            writer: handedBack ? world.people.agentA.email : null,
            agentLines: [],
          };
        },
      });
      // One seat: the second customer only arrives while the first chat is still held if the seat was freed.
      const deadline = Date.now() + 20_000;
      while ((await readAdded()).length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const whileHeld = await readAdded();
      handedBack = true;
      const counts = await sim.done;
      expect(errors).toEqual([]);
      expect(whileHeld).toHaveLength(2);
      expect(whileHeld.find((c) => c.id === first)?.status).toBe("open");
      // Handed back, the held chat is played to its end and closed as well.
      expect(counts).toMatchObject({ conversations: 2, closed: 2 });
    }, 60_000);

    it("the customer ends politely when what the person said last is nothing the script answers", async () => {
      const said = "Let me look into this for you, one moment.";
      // Nothing in the script answers it: the customer waits, then the person hands it back.
      const lines = await heldReplay((say) => say(said, false));
      expect(lines).toEqual([
        ["customer", script.lines[0]!.text, false],
        ["agent", said, false],
        ["customer", POLITE_END.text, false],
      ]);
    }, 60_000);
  });

  it("after a restart, goes on with the e-mail it left waiting: answered, played to its end and closed", async () => {
    const readAdded = await addedFromHere();
    const first = simulate({
      concurrency: 0,
      lineDelayMs: 600_000,
      closeAfterMs: 1,
      emailConcurrency: 1,
      emailLineDelayMs: 600_000,
      emailAnswerDelayMs: 600_000,
      total: 1,
      // Far on in the sequence: numbers beyond how many conversations were played so far.
      startAt: 1_000,
    });
    while ((await readAdded()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop();
    const [waiting] = await readAdded();
    expect([waiting?.channel, waiting?.messageCount, waiting?.status]).toEqual(["email", 1, "open"]);
    // The next run finds it where the first stopped, and goes on with it before anything new.
    const left = (await demoReplayLeftOpen(world.store, world.orgId, world.teams.a)).filter(
      (r) => r.conversationId === waiting?.externalId,
    );
    expect(left.map((r) => [r.channel, r.posted])).toEqual([["email", 1]]);
    // Begun today: its lines name days as on the day it began.
    expect(Math.abs(left[0]!.startedAt - Date.now())).toBeLessThan(86_400_000);
    // New conversations start after it in the sequence, not with the same customer again.
    expect(await demoReplayStartAt(world.store, world.orgId, world.teams.a)).toBe(left[0]!.n + 1);
    const errors: unknown[] = [];
    const counts = await simulate({
      concurrency: 0,
      lineDelayMs: 1,
      closeAfterMs: 1,
      emailConcurrency: 1,
      total: 0,
      resume: left,
      onError: (error) => errors.push(error),
    }).done;
    expect(errors).toEqual([]);
    expect(counts.closed).toBe(1);
    const after = await readAdded();
    const script = DEMO_CONVERSATIONS[left[0]!.n % DEMO_CONVERSATIONS.length]!;
    expect(after.map((c) => [c.id, c.messageCount, c.status])).toEqual([
      [waiting?.id, script.lines.length, "closed"],
    ]);
  }, 60_000);
});
