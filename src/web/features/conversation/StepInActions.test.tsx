// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { StepInAction } from "./StepInActions.tsx";
import { StepInActions } from "./StepInActions.tsx";

afterEach(cleanup);

function setup(result = true) {
  const acts: StepInAction[] = [];
  render(
    <StepInActions
      suggestedWhisper="Returns are accepted within 30 days of delivery."
      teammates={[
        {
          id: "p2",
          email: "l@x",
          name: "Lee Park",
          role: "lead",
          teamIds: ["t1"],
          topics: ["billing"],
          availability: "available",
          load: 1,
          active: true,
          present: false,
        },
      ]}
      busy={false}
      error={result ? null : "Not allowed"}
      onAct={async (a) => {
        acts.push(a);
        return result;
      }}
    />,
  );
  return acts;
}

describe("StepInActions", () => {
  it("sends a signal in one click", async () => {
    const acts = setup();
    await userEvent.click(screen.getByRole("button", { name: "Signal support" }));
    expect(acts).toEqual([{ kind: "signal" }]);
  });

  it("opens the whisper form pre-filled with the suggested sentence and sends it from the keyboard", async () => {
    const acts = setup();
    const user = userEvent.setup();
    screen.getByRole("button", { name: "Whisper…" }).focus();
    await user.keyboard("{Enter}");
    const box = screen.getByLabelText(/Whisper to the agent/);
    expect((box as HTMLTextAreaElement).value).toBe("Returns are accepted within 30 days of delivery.");
    await user.click(screen.getByRole("button", { name: "Send whisper" }));
    expect(acts).toEqual([{ kind: "whisper", text: "Returns are accepted within 30 days of delivery." }]);
    expect(screen.queryByLabelText(/Whisper to the agent/)).toBeNull();
  });

  it("by keyboard: opening a form takes the focus to its field, and sending gives it back to its button", async () => {
    const acts = setup();
    const user = userEvent.setup();
    const toggle = screen.getByRole("button", { name: "Whisper…" });
    toggle.focus();
    await user.keyboard("{Enter}");
    expect(document.activeElement).toBe(screen.getByLabelText(/Whisper to the agent/));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Send whisper" }));
    await user.keyboard("{Enter}");
    expect(acts).toHaveLength(1);
    expect(screen.queryByLabelText(/Whisper to the agent/)).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it("by keyboard: Escape closes an open form, back on its button", async () => {
    const acts = setup();
    const user = userEvent.setup();
    const toggle = screen.getByRole("button", { name: "Escalate…" });
    toggle.focus();
    await user.keyboard("{Enter}");
    expect(document.activeElement).toBe(screen.getByLabelText(/Why escalate/));
    await user.keyboard("{Escape}");
    expect(screen.queryByLabelText(/Why escalate/)).toBeNull();
    expect(document.activeElement).toBe(toggle);
    expect(acts).toEqual([]);
  });

  it("asks whom to transfer to, and why to escalate", async () => {
    const acts = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Warm transfer…" }));
    await user.selectOptions(screen.getByLabelText("Transfer to"), "p2");
    await user.click(screen.getByRole("button", { name: "Transfer with summary" }));
    await user.click(screen.getByRole("button", { name: "Escalate…" }));
    await user.type(screen.getByLabelText(/Why escalate/), "Customer threatens legal action");
    await user.click(screen.getByRole("button", { name: "Escalate to a lead" }));
    expect(acts).toEqual([
      { kind: "warm_transfer", toPersonId: "p2" },
      { kind: "escalate", reason: "Customer threatens legal action" },
    ]);
  });

  it("keeps the form open and shows the error when the action fails", async () => {
    const acts = setup(false);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Whisper…" }));
    await user.click(screen.getByRole("button", { name: "Send whisper" }));
    expect(acts).toHaveLength(1);
    expect(screen.getByLabelText(/Whisper to the agent/)).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toBe("Not allowed");
  });

  it("offers the conversation's owner only hand-over and escalation", () => {
    render(
      <StepInActions
        mode="owner"
        suggestedWhisper={null}
        teammates={[]}
        busy={false}
        error={null}
        onAct={async () => true}
      />,
    );
    expect(screen.queryByRole("button", { name: "Signal support" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Offer to take over" })).toBeNull();
    expect(screen.getByRole("button", { name: "Warm transfer…" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Escalate…" })).toBeTruthy();
  });

  it("says whose offer to take over waits instead of offering another", () => {
    const { rerender } = render(
      <StepInActions
        suggestedWhisper={null}
        teammates={[]}
        busy={false}
        error={null}
        offerWaiting="Petra Peer"
        onAct={async () => true}
      />,
    );
    expect(screen.queryByRole("button", { name: "Offer to take over" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe(
      "Petra Peer’s offer to take over waits for the agent’s answer",
    );
    expect(screen.getByRole("button", { name: "Signal support" })).toBeTruthy();
    rerender(
      <StepInActions
        suggestedWhisper={null}
        teammates={[]}
        busy={false}
        error={null}
        offerWaiting="you"
        onAct={async () => true}
      />,
    );
    expect(screen.getByRole("status").textContent).toBe(
      "Your offer to take over waits for the agent’s answer",
    );
  });

  describe("Draft it for me", () => {
    function renderWithDraft(onDraftWhisper?: () => Promise<string>) {
      const acts: StepInAction[] = [];
      render(
        <StepInActions
          suggestedWhisper="Returns are accepted within 30 days of delivery."
          teammates={[]}
          busy={false}
          error={null}
          onAct={async (a) => {
            acts.push(a);
            return true;
          }}
          {...(onDraftWhisper !== undefined ? { onDraftWhisper } : {})}
        />,
      );
      return acts;
    }

    it("is not offered when the server has no language model", async () => {
      renderWithDraft();
      await userEvent.click(screen.getByRole("button", { name: "Whisper…" }));
      expect(screen.queryByRole("button", { name: "Draft it for me" })).toBeNull();
    });

    it("fills the whisper box with the draft, with a spinner meanwhile, and sends what the helper edited", async () => {
      let resolve: (draft: string) => void = () => undefined;
      const acts = renderWithDraft(() => new Promise<string>((r) => (resolve = r)));
      const user = userEvent.setup();
      await user.click(screen.getByRole("button", { name: "Whisper…" }));
      await user.click(screen.getByRole("button", { name: "Draft it for me" }));
      const busy = screen.getByRole("button", { name: "Drafting…" });
      expect((busy as HTMLButtonElement).disabled).toBe(true);
      expect(busy.querySelector(".spinner")).not.toBeNull();
      expect((screen.getByRole("button", { name: "Send whisper" }) as HTMLButtonElement).disabled).toBe(true);
      resolve("She has asked twice: say you'll confirm the refund date today.");
      const box = (await screen.findByDisplayValue(
        "She has asked twice: say you'll confirm the refund date today.",
      )) as HTMLTextAreaElement;
      expect(screen.getByRole("button", { name: "Draft it for me" })).toBeTruthy();
      expect(screen.queryByRole("alert")).toBeNull();
      await user.type(box, " Thanks!");
      await user.click(screen.getByRole("button", { name: "Send whisper" }));
      expect(acts).toEqual([
        { kind: "whisper", text: "She has asked twice: say you'll confirm the refund date today. Thanks!" },
      ]);
    });

    it("shows the error and keeps what was in the box when drafting fails", async () => {
      renderWithDraft(() =>
        Promise.reject(
          new Error("The language model did not answer in time; write the whisper yourself or try again"),
        ),
      );
      const user = userEvent.setup();
      await user.click(screen.getByRole("button", { name: "Whisper…" }));
      await user.click(screen.getByRole("button", { name: "Draft it for me" }));
      expect((await screen.findByRole("alert")).textContent).toMatch(/did not answer in time/);
      expect((screen.getByLabelText(/Whisper to the agent/) as HTMLTextAreaElement).value).toBe(
        "Returns are accepted within 30 days of delivery.",
      );
      expect((screen.getByRole("button", { name: "Draft it for me" }) as HTMLButtonElement).disabled).toBe(
        false,
      );
    });
  });
});

describe("StepInActions while the conversation goes on", () => {
  const renderWith = (suggestedWhisper: string | null) => (
    <StepInActions
      suggestedWhisper={suggestedWhisper}
      teammates={[]}
      busy={false}
      error={null}
      onAct={() => Promise.resolve(true)}
    />
  );

  it("opens an untouched whisper box with the latest suggestion, and keeps what the helper typed after", async () => {
    const user = userEvent.setup();
    const { rerender } = render(renderWith(null));
    rerender(renderWith("Tell her the 30-day window applies."));
    await user.click(screen.getByRole("button", { name: "Whisper…" }));
    const box = screen.getByLabelText<HTMLTextAreaElement>(/Whisper to the agent/);
    expect(box.value).toBe("Tell her the 30-day window applies.");
    await user.clear(box);
    await user.type(box, "Ask about the tags");
    rerender(renderWith("Bring in someone who can decide."));
    expect(screen.getByLabelText<HTMLTextAreaElement>(/Whisper to the agent/).value).toBe(
      "Ask about the tags",
    );
  });
});
