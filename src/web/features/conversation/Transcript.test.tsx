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
});
