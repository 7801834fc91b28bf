// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { CloseConversationButton } from "./CloseConversation.tsx";

afterEach(cleanup);

describe("CloseConversationButton", () => {
  it("closes only once asked and confirmed; keeping it open changes nothing", async () => {
    let closed = 0;
    render(<CloseConversationButton busy={false} onClose={async () => (closed++, true)} />);
    await userEvent.click(screen.getByRole("button", { name: "Close conversation" }));
    await userEvent.click(screen.getByRole("button", { name: "Keep it open" }));
    expect(closed).toBe(0);
    await userEvent.click(screen.getByRole("button", { name: "Close conversation" }));
    expect(screen.getByRole("group", { name: "Close this conversation?" }).textContent).toContain(
      "Their next message reopens it.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Close it" }));
    expect(closed).toBe(1);
  });
});
