import { describe, expect, it } from "vitest";
import { checkFeedback } from "../engine/feedback/checkFeedback.ts";
import {
  decideAfterClose,
  decideOnAlert,
  decideOnCommitment,
  decideOnOffer,
  FEEDBACK_TEMPLATES,
  filledDebrief,
  fillsCard,
  LATEST_PROMISE_KEPT_MS,
  seeded,
  TAKEOVER_OFFER_TEXT,
  type AlertAction,
} from "./demoTeammates.ts";

const ids = Array.from({ length: 2000 }, (_, i) => `alert-${i}`);
const share = (actions: AlertAction[], kind: AlertAction["kind"]): number =>
  actions.filter((a) => a.kind === kind).length / actions.length;

describe("demo teammates' decisions", () => {
  it("are the same for the same id on every run, and spread evenly", () => {
    expect(seeded("a1", "alert")).toBe(seeded("a1", "alert"));
    expect(seeded("a1", "alert")).not.toBe(seeded("a2", "alert"));
    expect(seeded("a1", "alert")).not.toBe(seeded("a1", "act"));
    const values = ids.map((id) => seeded(id, "alert"));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const alert = { id: "x", rung: "whisper", suggestion: "Ask what they tried." } as const;
    expect(decideOnAlert(alert, [10, 20])).toEqual(decideOnAlert(alert, [10, 20]));
  });

  it("mostly whisper the suggested sentence, sometimes offer to take over or mark it not useful", () => {
    const suggestion =
      "Try: 'So the parcel shows delivered but never arrived; let me check with the courier.'";
    const actions = ids.map((id) => decideOnAlert({ id, rung: "whisper", suggestion }, [1, 2]).action);
    expect(share(actions, "whisper")).toBeGreaterThan(0.5);
    expect(share(actions, "takeover_offer")).toBeGreaterThan(0.1);
    expect(share(actions, "not_useful")).toBeGreaterThan(0.05);
    expect(share(actions, "leave")).toBeGreaterThan(0.05);
    expect(share(actions, "signal")).toBe(0);
    for (const a of actions) {
      if (a.kind === "whisper") expect(a.text).toBe(suggestion);
      if (a.kind === "takeover_offer") expect(a.text).toBe(TAKEOVER_OFFER_TEXT);
    }
  });

  it("signal support when the rung is signal or there is no sentence to whisper", () => {
    for (const alert of [
      { rung: "signal", suggestion: "A sentence." },
      { rung: "whisper", suggestion: null },
      { rung: "whisper", suggestion: "  " },
    ] as const) {
      const actions = ids.map((id) => decideOnAlert({ id, ...alert }, [1, 2]).action);
      expect(share(actions, "whisper")).toBe(0);
      expect(share(actions, "signal")).toBeGreaterThan(0.5);
    }
  });

  it("offer to take over most often when the rung says so", () => {
    const offers = (rung: "whisper" | "offer_takeover") =>
      share(
        ids.map((id) => decideOnAlert({ id, rung, suggestion: "A sentence." }, [1, 2]).action),
        "takeover_offer",
      );
    expect(offers("offer_takeover")).toBeGreaterThan(0.4);
    expect(offers("offer_takeover")).toBeGreaterThan(offers("whisper") * 2);
  });

  it("pause within the range given, differently per alert", () => {
    const decisions = ids.map((id) => decideOnAlert({ id, rung: "whisper", suggestion: "s" }, [4000, 9000]));
    for (const d of decisions) {
      expect(d.acknowledgeAfterMs).toBeGreaterThanOrEqual(4000);
      expect(d.acknowledgeAfterMs).toBeLessThanOrEqual(9000);
      expect(d.actAfterMs).toBeGreaterThanOrEqual(2000);
      expect(d.actAfterMs).toBeLessThanOrEqual(4500);
    }
    expect(new Set(decisions.map((d) => d.acknowledgeAfterMs)).size).toBeGreaterThan(100);
  });

  it("answer takeover offers both ways", () => {
    const answers = ids.map((id) => decideOnOffer(id, [1, 5]));
    const accepted = answers.filter((a) => a.answer === "accept").length / answers.length;
    expect(accepted).toBeGreaterThan(0.4);
    expect(accepted).toBeLessThan(0.7);
    expect(answers.every((a) => a.afterMs >= 1 && a.afterMs <= 5)).toBe(true);
  });

  it("tick most promises done soon, cancel a few, and keep some late, once overdue, within ten minutes", () => {
    const seenAt = Date.parse("2026-03-02T10:00:00Z");
    const pauses = [3_000, 7_000] as const;
    const dueIn = (ms: number) => new Date(seenAt + ms).toISOString();
    const now = ids.map((id) => ({
      due: seenAt + 3 * 60_000,
      ...decideOnCommitment({ id, dueAt: dueIn(3 * 60_000) }, seenAt, pauses),
    }));
    const thursday = ids.map((id) =>
      decideOnCommitment({ id, dueAt: dueIn(3 * 86_400_000) }, seenAt, pauses),
    );
    const cancelled = now.filter((d) => d.status === "cancelled").length / now.length;
    expect(cancelled).toBeGreaterThan(0.02);
    expect(cancelled).toBeLessThan(0.1);
    const soon = (d: { atMs: number }) => d.atMs <= seenAt + 6 * pauses[1];
    expect(now.filter(soon).length / now.length).toBeGreaterThan(0.8);
    const late = now.filter((d) => !soon(d));
    expect(late.length / now.length).toBeGreaterThan(0.1);
    expect(late.every((d) => d.status === "done" && d.atMs > d.due)).toBe(true);
    expect(thursday.every((d) => d.atMs <= seenAt + LATEST_PROMISE_KEPT_MS)).toBe(true);
    expect(decideOnCommitment({ id: "x", dueAt: null }, seenAt, pauses)).toEqual(
      decideOnCommitment({ id: "x", dueAt: null }, seenAt, pauses),
    );
  });

  it("save about half the debrief cards, and only a helper who saved theirs sends feedback", () => {
    const helper = ids.map((id) => decideAfterClose({ id, role: "helper" }, [1, 2]));
    const agent = ids.map((id) => decideAfterClose({ id, role: "agent" }, [1, 2]));
    const saved = helper.filter((d) => d.save).length / helper.length;
    expect(saved).toBeGreaterThan(0.4);
    expect(saved).toBeLessThan(0.6);
    expect(helper.some((d) => d.feedback !== null)).toBe(true);
    expect(helper.every((d) => d.feedback === null || d.save)).toBe(true);
    expect(agent.every((d) => d.feedback === null)).toBe(true);
  });

  it("fill in only their own drafts of conversations closed since the demo started, not the history's", () => {
    const since = Date.parse("2026-12-06T18:00:00Z");
    const card = {
      personId: "p1",
      status: "draft" as const,
      editable: true,
      createdAt: "2026-12-06T18:05:00Z",
    };
    expect(fillsCard(card, "p1", since)).toBe(true);
    // A card of the history (dated at its conversation's close, weeks ago) or of an earlier run.
    expect(fillsCard({ ...card, createdAt: "2026-11-12T14:20:00Z" }, "p1", since)).toBe(false);
    expect(fillsCard({ ...card, createdAt: "2026-12-06T17:59:00Z" }, "p1", since)).toBe(false);
    expect(fillsCard({ ...card, status: "saved" }, "p1", since)).toBe(false);
    expect(fillsCard({ ...card, editable: false }, "p1", since)).toBe(false);
    expect(fillsCard(card, "p2", since)).toBe(false);
  });

  it("send feedback that names a behaviour, its effect and what to try, as the checker wants", () => {
    for (const text of FEEDBACK_TEMPLATES) {
      const check = checkFeedback(text);
      expect(
        check.issues.map((i) => i.kind),
        text,
      ).toEqual([]);
      expect(check.parts.behaviour, text).not.toBeNull();
    }
  });

  it("save the card with its pre-filled lines, writing 'try next' when it was left empty", () => {
    const draft = {
      wentWell: ["You used the customer's name."],
      tricky: ["Three apologies in a row."],
      tryNext: "",
    };
    const body = filledDebrief({ ...draft, draft, role: "agent" });
    expect(body.wentWell).toEqual(draft.wentWell);
    expect(body.tricky).toEqual(draft.tricky);
    expect(body.tryNext.length).toBeGreaterThan(10);
    const edited = filledDebrief({
      wentWell: [],
      tricky: [" "],
      tryNext: "Ask first.",
      draft,
      role: "helper",
    });
    expect(edited).toEqual({ wentWell: draft.wentWell, tricky: [], tryNext: "Ask first." });
  });
});
