// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { EscalationProtocol } from "../../../protocol/resources.ts";
import { ProtocolAdmin } from "./ProtocolAdmin.tsx";

afterEach(cleanup);

const protocol: EscalationProtocol = {
  teamId: "6f30e375-162d-4b37-a0cc-1c890ce9e6b2",
  levels: [
    { target: "lead", personId: null, acknowledgeWithinMs: 5 * 60_000 },
    { target: "admin", personId: null, acknowledgeWithinMs: 10 * 60_000 },
  ],
  autoEscalate: true,
  updatedAt: "2026-03-02T10:00:00Z",
};

describe("ProtocolAdmin", () => {
  it("says when escalations go out on their own in a lead's words, not the engine's", () => {
    render(
      <ProtocolAdmin
        protocol={protocol}
        people={[]}
        team={{ name: "Support", leads: 1 }}
        onSave={() => undefined}
        busy={false}
      />,
    );
    const box = screen.getByRole("checkbox");
    const label = box.closest("label")?.textContent ?? "";
    expect(label).not.toMatch(/engine/i);
    expect(label).toContain("Escalate without waiting for a lead when a conversation clearly needs it");
  });

  it("says when a level asks the team's leads and the team has none: that level asks nobody", () => {
    // A new team (or one whose only lead was made an agent) kept "the team's leads" as level 1 with
    // no word that escalations then skip it.
    render(
      <ProtocolAdmin
        protocol={protocol}
        people={[]}
        team={{ name: "Support", leads: 0 }}
        onSave={() => undefined}
        busy={false}
      />,
    );
    const notes = screen.getAllByRole("note");
    expect(notes).toHaveLength(1);
    expect(notes[0]?.textContent).toBe(
      "Support has no lead: this level asks nobody, so an escalation goes on to the next level at once. Make someone its lead on Admin → People, or choose another target.",
    );
  });

  it("says nothing of it when the team has a lead", () => {
    render(
      <ProtocolAdmin
        protocol={protocol}
        people={[]}
        team={{ name: "Support", leads: 1 }}
        onSave={() => undefined}
        busy={false}
      />,
    );
    expect(screen.queryAllByRole("note")).toHaveLength(0);
  });
});
