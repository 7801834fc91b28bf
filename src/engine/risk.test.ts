import { describe, expect, it } from "vitest";
import {
  createConversationState,
  createEngineContext,
  observe,
  type ConversationState,
  type EngineMessage,
} from "./index.ts";

const context = createEngineContext();

function risks(messages: readonly EngineMessage[]): number[] {
  let state = createConversationState();
  return messages.map((m) => {
    const r = observe(state, m, context);
    state = r.state;
    return r.analysis.risk;
  });
}

const c = (text: string): EngineMessage => ({ role: "customer", text });
const a = (text: string): EngineMessage => ({ role: "agent", text });

describe("risk forecast", () => {
  it("RISK-1: a calm, answered question stays low", () => {
    const r = risks([
      c("Hi, can I change my delivery address?"),
      a("Of course. I've updated it and you'll receive a confirmation email."),
      c("Great, thanks!"),
    ]);
    expect(Math.max(...r)).toBeLessThan(0.15);
  });

  it("RISK-3: the same question turns risky when the problem persists and the agent cannot help", () => {
    const r = risks([
      c("Hi, my card payment keeps failing at checkout."),
      a("Maybe try again later?"),
      c("I tried again, it still doesn't work. What should I do?"),
      a("I'm not sure."),
      c("So nobody can help me? This is ridiculous."),
      a("I don't know."),
    ]);
    expect(r[r.length - 1]).toBeGreaterThan(0.5);
    // Rising as the conversation goes nowhere.
    expect(r[5]!).toBeGreaterThan(r[1]!);
  });

  it("RISK-3: helpful moves and a resolved problem bring the risk back down", () => {
    const troubled = [
      c("My order is three weeks late and nobody answers my emails. This is unacceptable."),
      a("I'm so sorry you've been waiting this long, that sounds really frustrating."),
    ];
    const before = risks(troubled);
    const after = risks([
      ...troubled,
      c("It is. Where is it?"),
      a(
        "I've found it: it was held at the depot. I've rebooked delivery for tomorrow and I'll email you the tracking link.",
      ),
      c("Perfect, thank you so much!"),
    ]);
    expect(after[after.length - 1]).toBeLessThan(before[0]! / 2);
  });

  it("RISK-3: a curt reply to a customer who needs help costs more than a full one", () => {
    const start = [c("The app won't let me log in and I have a deadline today.")];
    const curt = risks([...start, a("Reinstall it.")]);
    const full = risks([
      ...start,
      a(
        "I understand the deadline pressure. Let's fix it: I've reset your session, so please try logging in again now.",
      ),
    ]);
    expect(curt[1]!).toBeGreaterThan(full[1]!);
  });

  it("RISK-3: handing the customer more and more work raises the forecast", () => {
    const base = [c("I want to return my jacket."), a("Sure, I can help with that.")];
    const effort = risks([
      ...base,
      c("OK."),
      a("Could you send me the order number? Please confirm the email on the account."),
      c("Done."),
      a("Please upload a photo of the label, then fill out the return form and print it."),
    ]);
    const easy = risks([
      ...base,
      c("OK."),
      a("I've emailed you a prepaid label."),
      c("Done."),
      a("You're all set."),
    ]);
    expect(effort[effort.length - 1]!).toBeGreaterThan(easy[easy.length - 1]!);
  });

  it("RISK-2: sharp events fade, and a state stored before the outlook existed still works", () => {
    const r = risks([c("I'm going to sue you."), a("I'm passing this to my supervisor now.")]);
    expect(r[1]!).toBeLessThan(r[0]!);
    const old = createConversationState() as Partial<ConversationState>;
    delete old.outlook;
    const next = observe(old as ConversationState, c("Hello?"), context);
    expect(next.analysis.risk).toBeGreaterThan(0);
    expect(next.state.outlook.readings).toBe(1);
  });
});
