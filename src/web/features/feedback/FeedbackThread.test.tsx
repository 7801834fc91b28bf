// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { checkFeedback } from "../../../engine/feedback/index.ts";
import { FEEDBACK_MAX_CHARS, type Feedback } from "../../../protocol/index.ts";
import { FeedbackThread } from "./FeedbackThread.tsx";

afterEach(cleanup);

const FEEDBACK: Feedback = {
  id: "f1",
  authorId: "p2",
  authorName: "Jon Reyes",
  receiverId: "p1",
  receiverName: "Sam Ortiz",
  conversationId: null,
  text: "When you gave the date first, the customer relaxed.",
  check: checkFeedback("When you gave the date first, the customer relaxed."),
  readAt: null,
  replies: [],
  createdAt: "2026-12-06T07:00:00.000Z",
};

describe("a feedback thread's reply box", () => {
  it("says why a reply was refused under that thread, and keeps what was typed", async () => {
    render(
      <FeedbackThread
        feedback={FEEDBACK}
        meId="p1"
        busy={false}
        onReply={() => Promise.resolve("Please check: text: at most 4000 characters.")}
      />,
    );
    const thread = screen.getByRole("article", { name: "Feedback from Jon Reyes" });
    const box = within(thread).getByRole("textbox", { name: "Reply" });
    await userEvent.type(box, "Thanks, I will.");
    await userEvent.click(within(thread).getByRole("button", { name: "Reply" }));
    expect((await within(thread).findByRole("alert")).textContent).toBe(
      "Please check: text: at most 4000 characters.",
    );
    expect((box as HTMLInputElement).value).toBe("Thanks, I will.");
  });

  it("stops at the server's limit for feedback text", () => {
    render(
      <FeedbackThread feedback={FEEDBACK} meId="p1" busy={false} onReply={() => Promise.resolve(null)} />,
    );
    expect(screen.getByRole("textbox", { name: "Reply" }).getAttribute("maxlength")).toBe(
      String(FEEDBACK_MAX_CHARS),
    );
  });
});
