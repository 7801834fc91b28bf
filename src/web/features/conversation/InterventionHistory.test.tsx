// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { buildIntervention } from "../../testing/factories.ts";
import { InterventionHistory } from "./InterventionHistory.tsx";

afterEach(cleanup);

describe("InterventionHistory", () => {
  it("says why a step-in was withdrawn: the conversation ended, or a teammate was deactivated", () => {
    render(
      <InterventionHistory
        interventions={[
          buildIntervention({
            kind: "escalation",
            status: "withdrawn",
            withdrawnReason: "conversation_closed",
            createdAt: "2026-03-02T10:01:00Z",
          }),
          buildIntervention({
            status: "withdrawn",
            withdrawnReason: "person_deactivated",
            createdAt: "2026-03-02T10:02:00Z",
          }),
          buildIntervention({ status: "declined", createdAt: "2026-03-02T10:03:00Z" }),
        ]}
      />,
    );
    const badges = screen.getAllByRole("listitem").map((li) => li.textContent ?? "");
    expect(badges[0]).toMatch(/declined/);
    expect(badges[1]).toMatch(/withdrawn: a teammate was deactivated/);
    expect(badges[2]).toMatch(/withdrawn: conversation ended/);
  });
});
