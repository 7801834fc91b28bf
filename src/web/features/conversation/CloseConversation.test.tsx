// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { CloseConversationButton, EraseConversationButton } from "./CloseConversation.tsx";

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

  it("by keyboard: the focus goes to 'Keep it open' when asked, and back to the button when kept open", async () => {
    const user = userEvent.setup();
    render(<CloseConversationButton busy={false} onClose={async () => true} />);
    screen.getByRole("button", { name: "Close conversation" }).focus();
    await user.keyboard("{Enter}");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Keep it open" }));
    await user.keyboard("{Enter}");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Close conversation" }));
  });
});

describe("EraseConversationButton", () => {
  it("by keyboard: the focus goes to Cancel when asked, and back to the button when cancelled", async () => {
    const user = userEvent.setup();
    let erased = 0;
    render(<EraseConversationButton customer="Maya" busy={false} onErase={async () => (erased++, true)} />);
    screen.getByRole("button", { name: "Erase conversation…" }).focus();
    await user.keyboard("{Enter}");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
    await user.keyboard("{Enter}");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Erase conversation…" }));
    expect(erased).toBe(0);
  });
});
