// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { buildIntervention, buildSummary } from "../../testing/factories.ts";
import { EscalationQueue } from "./EscalationQueue.tsx";

afterEach(cleanup);

describe("EscalationQueue", () => {
  it("offers 'I'm on it' for a waiting escalation, and says an escalation whose conversation closed is no longer waiting", () => {
    const escalations = [
      buildIntervention({
        id: "e-open",
        kind: "escalation",
        conversationId: "c-open",
        createdAt: "2026-03-02T10:00:00Z",
      }),
      buildIntervention({
        id: "e-ended",
        kind: "escalation",
        conversationId: "c-ended",
        createdAt: "2026-03-02T10:01:00Z",
      }),
      buildIntervention({
        id: "e-taken",
        kind: "escalation",
        conversationId: "c-open",
        status: "accepted",
        toName: "Lee Lead",
        createdAt: "2026-03-02T10:02:00Z",
      }),
      buildIntervention({
        id: "e-resolved",
        kind: "escalation",
        conversationId: "c-open",
        status: "done",
        createdAt: "2026-03-02T10:03:00Z",
      }),
    ];
    const conversations = new Map([
      ["c-open", buildSummary({ id: "c-open", customerName: "Grace Liu", status: "open" })],
      ["c-ended", buildSummary({ id: "c-ended", customerName: "Ines Costa", status: "closed" })],
    ]);
    render(
      <EscalationQueue
        escalations={escalations}
        conversations={conversations}
        nowMs={Date.parse("2026-03-02T10:05:00Z")}
        busy={false}
        onAcknowledge={() => {}}
      />,
    );
    // The risk shown is the conversation's reading now, and the column says so.
    expect(screen.getByRole("columnheader", { name: "Risk now" })).toBeTruthy();
    const row = (id: string) => {
      const tr = document.querySelector(`[data-escalation-id="${id}"]`);
      if (!(tr instanceof HTMLElement)) throw new Error(`no row ${id}`);
      return within(tr);
    };
    expect(row("e-open").getByText("waiting")).toBeTruthy();
    // Named with its customer: a screen reader's list of buttons tells them apart.
    expect(row("e-open").getByRole("button", { name: "I’m on it: Grace Liu" })).toBeTruthy();
    expect(row("e-ended").getByText("conversation closed")).toBeTruthy();
    expect(row("e-ended").queryByRole("button")).toBeNull();
    expect(row("e-ended").queryByText("waiting")).toBeNull();
    // What became of it in a person's words, not the status words "accepted" / "done".
    expect(row("e-taken").getByText("Taken on by Lee")).toBeTruthy();
    expect(row("e-resolved").getByText("Resolved")).toBeTruthy();
    expect(screen.queryByText("accepted")).toBeNull();
    expect(screen.queryByText("done")).toBeNull();
    expect(row("e-taken").queryByRole("button")).toBeNull();
    expect(screen.getAllByRole("button")).toHaveLength(1);
  });

  it("by keyboard: once a lead takes one on, the focus moves to its conversation's link, not the page's body", async () => {
    const user = userEvent.setup();
    let finish: () => void = () => {};
    /** The page around the queue: pressing takes a moment (busy), then the escalation is taken. */
    function Page() {
      const [status, setStatus] = useState<"offered" | "accepted">("offered");
      const [busy, setBusy] = useState(false);
      return (
        <EscalationQueue
          escalations={[buildIntervention({ id: "e-1", kind: "escalation", conversationId: "c-1", status })]}
          conversations={new Map([["c-1", buildSummary({ id: "c-1", customerName: "Grace Liu" })]])}
          nowMs={Date.now()}
          busy={busy}
          onAcknowledge={() => {
            setBusy(true);
            finish = () => {
              setStatus("accepted");
              setBusy(false);
            };
          }}
        />
      );
    }
    render(<Page />);
    screen.getByRole("button", { name: /I’m on it/ }).focus();
    await user.keyboard("{Enter}");
    act(() => finish());
    expect(screen.queryByRole("button")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("link", { name: "Grace Liu" }));
  });
});
