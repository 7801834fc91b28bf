// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { buildMessage } from "../../testing/factories.ts";
import { Transcript } from "./Transcript.tsx";

afterEach(cleanup);

describe("Transcript", () => {
  it("marks evidence spans in the text and labels whispers as private", () => {
    const messages = [
      buildMessage({ index: 0, text: "I already told you my order number", authorName: "Dana" }),
      buildMessage({
        index: 1,
        role: "agent",
        kind: "whisper",
        text: "Try paraphrasing.",
        authorName: "Priya",
      }),
    ];
    render(
      <Transcript
        messages={messages}
        highlights={new Map([[0, [{ start: 2, end: 18, kind: "repetition", polarity: "bad" as const }]]])}
      />,
    );
    const mark = screen.getByText("already told you");
    expect(mark.tagName).toBe("MARK");
    expect(mark.getAttribute("title")).toBe("repetition");
    // Read out too: a screen reader says nothing of a mark, and a tooltip needs a pointer.
    expect(mark.parentElement?.textContent).toBe("I already told you (repetition) my order number");
    expect(screen.getByText(/Whisper from Priya · only the agent sees this/)).toBeTruthy();
  });

  it("shows what a contradicted claim should have said as written, prices and full stops kept", () => {
    const text = "The fee is 9.99 USD.";
    const kind = 'your team\'s knowledge says "The restocking fee is 15.00 USD."';
    render(
      <Transcript
        messages={[buildMessage({ index: 0, role: "agent", text })]}
        highlights={new Map([[0, [{ start: 11, end: 19, kind, polarity: "bad" as const }]]])}
      />,
    );
    const mark = screen.getByText("9.99 USD");
    expect(mark.getAttribute("title")).toBe(kind);
    expect(mark.parentElement?.textContent).toBe(`The fee is 9.99 USD (${kind}).`);
  });

  it("says under a reply to Chatwoot or the helpdesk whether it got there, and plainly when it did not", () => {
    const reply = (
      id: string,
      index: number,
      state: "waiting" | "sent" | "failed",
      via: "chatwoot" | "webhook",
    ) =>
      buildMessage({
        id,
        index,
        role: "agent",
        text: `Reply ${index}`,
        delivery: {
          via,
          state,
          error: state === "failed" ? "the reply webhook answered 410" : null,
          updatedAt: "2026-03-02T10:05:00Z",
        },
      });
    render(
      <Transcript
        messages={[
          buildMessage({ id: "m0", index: 0, text: "Hello?" }),
          reply("m1", 1, "sent", "chatwoot"),
          reply("m2", 2, "waiting", "webhook"),
          reply("m3", 3, "failed", "webhook"),
        ]}
      />,
    );
    expect(screen.getByText("Sent to Chatwoot")).toBeTruthy();
    expect(screen.getByText("Waiting to reach your helpdesk…")).toBeTruthy();
    expect(
      screen.getByText(
        "Not sent: your helpdesk did not take it. The customer has not seen this reply; answer in your helpdesk.",
      ).className,
    ).toContain("failed");
    // The customer's line and a built-in chat reply say nothing of it.
    expect(document.querySelectorAll(".delivery")).toHaveLength(3);
  });
});
