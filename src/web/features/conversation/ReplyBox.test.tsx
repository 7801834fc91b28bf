// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ReplyBox } from "./ReplyBox.tsx";

afterEach(cleanup);

const box = () => screen.getByLabelText<HTMLTextAreaElement>("Reply to the customer");

describe("ReplyBox", () => {
  it("keeps the reply when sending fails, and empties once it is sent", async () => {
    const user = userEvent.setup();
    let works = false;
    const sent: string[] = [];
    render(
      <ReplyBox
        onSend={(text) => {
          sent.push(text);
          return Promise.resolve(works);
        }}
      />,
    );
    await user.type(box(), "Your refund left today.{Enter}");
    expect(sent).toEqual(["Your refund left today."]);
    expect(box().value).toBe("Your refund left today.");
    works = true;
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(box().value).toBe("");
  });

  it("gives each draft key its own reply, there again when its box comes back", async () => {
    const user = userEvent.setup();
    const send = () => Promise.resolve(true);
    const { rerender } = render(<ReplyBox key="a" draftKey="me:a" onSend={send} />);
    await user.type(box(), "For Piet");
    rerender(<ReplyBox key="b" draftKey="me:b" onSend={send} />);
    expect(box().value).toBe("");
    rerender(<ReplyBox key="a" draftKey="me:a" onSend={send} />);
    expect(box().value).toBe("For Piet");
  });
});
