// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { TagteamEvent } from "../../../protocol/events.ts";
import type { Intervention } from "../../../protocol/resources.ts";
import { TOAST_TEXT } from "../../app/Toasts.tsx";
import { EscalationNote, escalationByOthers, escalationOnConsole, raisedByName } from "./EscalationNote.tsx";

afterEach(cleanup);

const escalation = (over: Partial<Intervention>): Intervention => ({
  id: "i1",
  conversationId: "c1",
  alertId: null,
  kind: "escalation",
  status: "offered",
  fromId: "me",
  fromName: "Ana Silva",
  toId: "lead",
  toName: "Lee Park",
  text: null,
  summary: null,
  withdrawnReason: null,
  createdAt: "2026-12-06T08:00:00.000Z",
  updatedAt: "2026-12-06T08:00:00.000Z",
  ...over,
});

describe("the agent's escalation note", () => {
  it("shows an escalation tagteam raised by the protocol in my name, not one I raised myself", () => {
    const mine = escalation({ id: "mine" });
    const automatic = escalation({ id: "auto", alertId: "a1", createdAt: "2026-12-06T07:00:00.000Z" });
    expect(escalationByOthers([mine], "me")).toBeNull();
    expect(escalationByOthers([mine, automatic], "me")?.id).toBe("auto");
    render(<EscalationNote escalation={automatic} />);
    expect(screen.getByRole("status", { name: "Escalated" }).textContent).toContain(
      "tagteam, by the team's protocol, escalated this conversation to Lee Park: they may join or take it over.",
    );
  });

  it("on my console, my own escalation says where it went and when a lead has taken it on", () => {
    const mine = escalation({ id: "mine" });
    expect(escalationOnConsole([mine], "me")?.id).toBe("mine");
    // Not one escalated to me (a lead handed the conversation they had taken on).
    expect(escalationOnConsole([escalation({ toId: "me", fromId: "agent" })], "me")).toBeNull();
    render(<EscalationNote escalation={mine} meId="me" />);
    expect(screen.getByRole("status", { name: "Escalated" }).textContent).toContain(
      "You escalated this conversation to Lee Park: they may join or take it over.",
    );
    cleanup();
    render(<EscalationNote escalation={{ ...mine, status: "accepted" }} meId="me" />);
    expect(screen.getByRole("status", { name: "Escalated" }).textContent).toContain(
      "You escalated this conversation; Lee Park has taken it on and may join or take it over.",
    );
  });

  it("lists name tagteam for the protocol's escalation, and a teammate for one from their own alert", () => {
    const automatic = escalation({ alertId: "a1", fromId: "agent", fromName: "Ana Silva" });
    expect(raisedByName(automatic)).toBe("tagteam (the team's protocol)");
    expect(raisedByName(automatic, "agent")).toBe("tagteam (the team's protocol)");
    // A teammate who escalated while acting on the alert they were asked to take.
    const teammate = escalation({ alertId: "a2", fromId: "peer", fromName: "Dev Patel" });
    expect(raisedByName(teammate, "agent")).toBe("Dev Patel");
    expect(raisedByName(escalation({ fromId: "peer", fromName: "Ben Okafor" }), "agent")).toBe("Ben Okafor");
  });

  it("a teammate's escalation still names them", () => {
    render(<EscalationNote escalation={escalation({ fromId: "peer", fromName: "Ben Okafor" })} />);
    expect(screen.getByRole("status", { name: "Escalated" }).textContent).toContain(
      "Ben Okafor escalated this conversation to Lee Park",
    );
  });

  it("the toast says the protocol escalated it, or who did", () => {
    const spec = TOAST_TEXT["conversation.escalated"];
    if (spec === undefined || typeof spec.title === "string")
      throw new Error("no toast for conversation.escalated");
    const event = (data: TagteamEvent["data"]) => ({ data }) as TagteamEvent;
    expect(spec.title("A teammate", event({ conversationId: "c1", automatic: true }))).toBe(
      "One of your conversations was escalated to a lead, by the team's protocol",
    );
    expect(spec.title("Ben Okafor", event({ conversationId: "c1", fromPersonId: "peer" }))).toBe(
      "Ben Okafor escalated one of your conversations to a lead",
    );
    const taken = TOAST_TEXT["escalation.acknowledged"];
    if (taken === undefined || typeof taken.title === "string")
      throw new Error("no toast for escalation.acknowledged that reads the event");
    expect(taken.title("Lee Park", event({ conversationId: "c1", automatic: true }))).toBe(
      "A lead took on your conversation that tagteam escalated",
    );
    expect(taken.title("Lee Park", event({ conversationId: "c1" }))).toBe(
      "A lead took on the conversation you escalated",
    );
    // Who took it on, by "I'm on it" or by being handed the conversation, is named.
    expect(taken.actor?.(event({ conversationId: "c1", personId: "lee" }))).toBe("lee");
    expect(taken.title("Lee Park", event({ conversationId: "c1", personId: "lee", automatic: true }))).toBe(
      "Lee Park took on your conversation that tagteam escalated",
    );
    expect(taken.title("Lee Park", event({ conversationId: "c1", personId: "lee" }))).toBe(
      "Lee Park took on the conversation you escalated",
    );
    expect(taken.title("Lee Park", event({ conversationId: "c1", personId: "lee", reason: "agent" }))).toBe(
      "Lee Park took on your conversation that was escalated",
    );
    expect(taken.title("Lia Lead", event({ conversationId: "c1", personId: "lia", reason: "asked" }))).toBe(
      "Lia Lead took on the escalation you were asked to take",
    );
  });
});
