// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { checkFeedback } from "../../../engine/feedback/index.ts";
import { FeedbackComposer } from "./FeedbackComposer.tsx";

afterEach(cleanup);

const TEAMMATES = [{ id: "p1", name: "Sam Ortiz" }];

function renderComposer(
  text: string,
  onText: (t: string) => void = () => undefined,
  onSend = () => undefined,
) {
  render(
    <FeedbackComposer
      teammates={TEAMMATES}
      receiverId="p1"
      onReceiver={() => undefined}
      text={text}
      onText={onText}
      check={checkFeedback(text)}
      checking={false}
      onSend={onSend}
      busy={false}
      error={null}
    />,
  );
}

describe("FeedbackComposer", () => {
  it("flags a judgement of the person and hands the rewrite to the writer", async () => {
    const texts: string[] = [];
    const text = "You're lazy and you never listen to customers.";
    renderComposer(text, (t) => texts.push(t));
    const flags = screen.getByRole("list", { name: "What to improve" });
    expect(flags.textContent).toContain("Judges the person");
    const rewrite = screen.getByRole("region", { name: "Suggested rewrite" });
    expect(rewrite.textContent).not.toMatch(/lazy/i);
    await userEvent.click(screen.getByRole("button", { name: "Use this rewrite" }));
    expect(texts).toEqual([checkFeedback(text).rewrite]);
  });

  it("says so when the feedback names a behaviour, its effect and a suggestion, and sends it", async () => {
    let sent = 0;
    renderComposer(
      "When you paraphrased the customer's order number, she relaxed and gave you the details. Keep doing that.",
      () => undefined,
      () => void sent++,
    );
    expect(screen.queryByRole("region", { name: "Suggested rewrite" })).toBeNull();
    expect(screen.getByRole("status").textContent).toContain("Specific and useful");
    await userEvent.click(screen.getByRole("button", { name: "Send privately" }));
    expect(sent).toBe(1);
  });
});
