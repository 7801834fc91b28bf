// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Tip } from "./Tip.tsx";

afterEach(cleanup);

describe("Tip", () => {
  it("is reached by Tab and named with its explanation; a click keeps it shown, Escape hides it", async () => {
    render(
      <p>
        <Tip tip="12+ points above the team">Strength</Tip>
      </p>,
    );
    await userEvent.tab();
    const button = screen.getByRole("button", { name: "Strength (12+ points above the team)" });
    expect(document.activeElement).toBe(button);
    // Shown once, not read twice: the shown text is hidden from the accessibility tree.
    const shown = button.parentElement?.querySelector(".tip-text");
    expect(shown?.textContent).toBe("12+ points above the team");
    expect(shown?.getAttribute("aria-hidden")).toBe("true");
    const tip = button.parentElement as HTMLElement;
    await userEvent.keyboard("{Enter}");
    expect(tip.className).toContain("pinned");
    await userEvent.keyboard("{Escape}");
    expect(tip.className).not.toContain("pinned");
    expect(tip.className).toContain("hidden");
    expect(button.title).toBe("");
  });
});
