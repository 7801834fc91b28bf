import { describe, expect, it } from "vitest";
import { malfunctionReport, observeConversation, type EngineMessage } from "./index.ts";

/** The report in the last message of a conversation, analysed by the real engine. */
function reportOf(...messages: EngineMessage[]) {
  const analyses = observeConversation(messages);
  const last = messages.length - 1;
  return malfunctionReport(messages[last]?.text ?? "", analyses[last]!);
}
const customer = (text: string): EngineMessage => ({ role: "customer", text });

describe("malfunctionReport", () => {
  it("names the thing that fails", () => {
    // The failing thing first; the nearest content word after it may follow.
    expect(reportOf(customer("The app keeps crashing when I open my statement."))).toMatchObject({
      terms: ["app", "statement"],
      labels: ["app", "statement"],
    });
    // Terms are stems (to count wordings together); labels are the words as written.
    expect(reportOf(customer("Your website is down again"))).toMatchObject({
      terms: ["websit"],
      labels: ["website"],
    });
    expect(reportOf(customer("My payment keeps failing, what is going on?"))?.terms[0]).toBe("payment");
  });

  it("puts an error code first, and finds the subject beside the failure words", () => {
    const report = reportOf(customer("I get error 502 at checkout every time"));
    expect(report?.terms).toEqual(["error 502", "checkout"]);
    expect(report?.labels[0]).toBe("error 502");
    expect(report?.phrase.toLowerCase()).toContain("error");
  });

  it("takes no subject or example from a customer's personal details", () => {
    const withEmail = reportOf(customer("Checkout for anna.berg@example.com keeps failing"));
    expect(withEmail?.terms).toEqual(["checkout"]);
    const withName = reportOf(customer("Hi I'm Anna Berg and your checkout keeps failing with error 502"));
    expect(withName?.terms).toEqual(["error 502", "checkout"]);
    expect(withName?.labels.join(" ")).not.toContain("Berg");
    expect(withName?.phrase).not.toContain("Berg");
  });

  it("calls every way of failing to log in the same thing", () => {
    expect(reportOf(customer("I can't log in since this morning"))?.terms).toEqual(["login"]);
    expect(reportOf(customer("i cannot sign in to my account"))?.terms).toEqual(["login"]);
    expect(reportOf(customer("the login page won't load"))?.terms).toEqual(["login"]);
  });

  it("stems, so different wordings of one subject count together", () => {
    const a = reportOf(customer("Payments keep failing on my card"));
    const b = reportOf(customer("the payment failed twice"));
    expect(a?.terms[0]).toBe(b?.terms[0]);
  });

  it("is null for messages that report no malfunction, for agents, and for earlier messages' evidence", () => {
    expect(reportOf(customer("I would like to change my delivery address please"))).toBeNull();
    expect(reportOf({ role: "agent", text: "The app keeps crashing for some customers today" })).toBeNull();
    // The malfunction was in the first message: the second reports nothing new.
    expect(reportOf(customer("The app keeps crashing"), customer("Okay, what should I do now?"))).toBeNull();
  });

  it("looks past failure and stop words for the nearest subject, and never takes a feeling for one", () => {
    expect(
      reportOf(customer("Hi, checkout keeps giving me an error 502, is something down?"))?.terms,
    ).toEqual(["error 502", "checkout"]);
    expect(reportOf(customer("It still won't load. This is really frustrating."))).toBeNull();
  });

  it("takes no adverb, filler or redaction placeholder for a subject (seen in real chats)", () => {
    expect(reportOf(customer("Unfortunately my #PRS_ORG# does not work properly."))).toBeNull();
    expect(reportOf(customer("It comes the same error message again, it doesn't work anyway"))).toBeNull();
    expect(reportOf(customer("The desktop app doesn't work, I can't load my books"))?.terms).toEqual([
      "app",
      "desktop",
      "book",
    ]);
  });

  it("TEXT-MASK-1: counts no placeholder among the words looked at beside the phrase", () => {
    expect(
      reportOf(customer("My reader #PRS_ORG# #PRS_ORG# #PRS_ORG# #PRS_ORG# #NUMBER# does not work."))?.terms,
    ).toEqual(["reader"]);
  });

  it("is null when only failure words are said", () => {
    expect(reportOf(customer("it keeps crashing!!"))).toBeNull();
  });
});
