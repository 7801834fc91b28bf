// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
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

  it("once answered by keyboard, gives the focus back where it was, or to the reply box", async () => {
    const user = userEvent.setup();
    const offer = buildIntervention({ fromName: "Priya Nair" });
    /** The console's column: a button, the prompt while unanswered, the reply box. */
    function Column({ withButton }: { withButton: boolean }) {
      const [open, setOpen] = useState(false);
      return (
        <div>
          {withButton ? <button type="button">Raise a hand</button> : null}
          <button type="button" onClick={() => setOpen(true)}>
            Offer arrives
          </button>
          {open ? <ConsentPrompt offer={offer} busy={false} onAnswer={() => setOpen(false)} /> : null}
          <textarea aria-label="Reply to the customer" />
        </div>
      );
    }
    const first = render(<Column withButton />);
    screen.getByRole("button", { name: "Raise a hand" }).focus();
    // The offer comes in while the focus is on a button (not a reply being typed): it takes it.
    screen.getByRole("button", { name: "Offer arrives" }).click();
    expect(await screen.findByRole("alertdialog")).toBe(document.activeElement);
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Decline, I’ve got it" }));
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    await Promise.resolve();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Raise a hand" }));
    first.unmount();

    // Where it came from is gone (the prompt took the focus from the page itself): the reply box.
    render(<Column withButton={false} />);
    screen.getByRole("button", { name: "Offer arrives" }).click();
    const dialog = await screen.findByRole("alertdialog");
    (document.activeElement as HTMLElement | null)?.blur();
    dialog.focus();
    await user.tab();
    await user.keyboard("{Enter}");
    await Promise.resolve();
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Reply to the customer" }));
  });
});
