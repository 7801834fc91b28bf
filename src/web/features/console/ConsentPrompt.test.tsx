// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { buildIntervention } from "../../testing/factories.ts";
import { ConsentPrompt } from "./ConsentPrompt.tsx";

afterEach(cleanup);

describe("ConsentPrompt", () => {
  it("asks the agent, names the helper, and reports accept or decline", async () => {
    const answers: boolean[] = [];
    render(
      <ConsentPrompt
        offer={buildIntervention({ fromName: "Priya Nair" })}
        busy={false}
        onAnswer={(a) => answers.push(a)}
      />,
    );
    const dialog = screen.getByRole("alertdialog", {
      name: "Priya Nair offers to take over this conversation",
    });
    expect(dialog.textContent).toContain("Only you see this");
    await userEvent.click(screen.getByRole("button", { name: "Decline, I’ve got it" }));
    await userEvent.click(screen.getByRole("button", { name: "Accept help" }));
    expect(answers).toEqual([false, true]);
  });

  it("takes keyboard focus when it appears, but not from a reply being typed", async () => {
    const offer = buildIntervention({ fromName: "Priya Nair" });
    const first = render(<ConsentPrompt offer={offer} busy={false} onAnswer={() => undefined} />);
    expect(document.activeElement).toBe(screen.getByRole("alertdialog"));
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Accept help" }));
    first.unmount();

    const reply = document.createElement("textarea");
    document.body.append(reply);
    reply.focus();
    render(<ConsentPrompt offer={offer} busy={false} onAnswer={() => undefined} />);
    expect(document.activeElement).toBe(reply);
    reply.remove();
  });
});
