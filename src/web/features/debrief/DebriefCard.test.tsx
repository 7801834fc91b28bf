// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Debrief, UpdateDebriefBody } from "../../../protocol/index.ts";
import { DebriefCard, debriefLabel, toLines } from "./DebriefCard.tsx";

afterEach(cleanup);

function buildDebrief(overrides: Partial<Debrief> = {}): Debrief {
  const draft = {
    wentWell: ["You used the customer's name."],
    tricky: ["An answer sounded unsure."],
    tryNext: "Say the rule first.",
  };
  return {
    id: "d1",
    conversationId: "c1",
    conversationSubject: "returns",
    conversationRef: "#3F9A2C",
    channel: "chat",
    conversationClosedAt: "2030-01-01T10:00:00.000Z",
    agentName: "Sam Ortiz",
    withNames: [],
    personId: "p1",
    personName: "Sam Ortiz",
    role: "agent",
    ...draft,
    draft,
    status: "draft",
    editable: true,
    createdAt: "2030-01-01T10:00:00.000Z",
    updatedAt: "2030-01-01T10:00:00.000Z",
    ...overrides,
  };
}

describe("DebriefCard", () => {
  it("says in plain view who reads the card, and points to the journal for what is just for oneself", () => {
    render(<DebriefCard debrief={buildDebrief()} busy={false} error={null} onSave={() => {}} />);
    expect(
      screen.getByText(/Read by the agent and the helper of this step-in and the team’s lead\./),
    ).toBeTruthy();
    expect(screen.getByRole("link", { name: "your journal" }).getAttribute("href")).toBe("/journal");
  });

  it("is pre-filled, lets its owner edit and save, and goes back to the draft", async () => {
    const saved: UpdateDebriefBody[] = [];
    render(<DebriefCard debrief={buildDebrief()} busy={false} error={null} onSave={(b) => saved.push(b)} />);
    const tryNext = screen.getByLabelText("One thing to try next time");
    expect((tryNext as HTMLTextAreaElement).value).toBe("Say the rule first.");
    await userEvent.clear(tryNext);
    await userEvent.type(tryNext, "Pause before answering.");
    await userEvent.click(screen.getByRole("button", { name: "Save debrief" }));
    expect(saved).toEqual([
      {
        wentWell: ["You used the customer's name."],
        tricky: ["An answer sounded unsure."],
        tryNext: "Pause before answering.",
      },
    ]);
    await userEvent.click(screen.getByRole("button", { name: "Back to tagteam’s draft" }));
    expect((screen.getByLabelText("One thing to try next time") as HTMLTextAreaElement).value).toBe(
      "Say the rule first.",
    );
  });

  it("is read-only for anyone but its owner", () => {
    render(
      <DebriefCard
        debrief={buildDebrief({ editable: false, role: "helper", personName: "Priya Nair" })}
        busy={false}
        error={null}
        onSave={() => undefined}
      />,
    );
    expect(screen.queryByRole("button", { name: "Save debrief" })).toBeNull();
    expect(screen.getByText("Only Priya Nair can edit this card.")).toBeTruthy();
    expect(screen.getByRole("form", { name: "Helper debrief — Priya Nair" })).toBeTruthy();
  });

  it("turns the textarea into list lines, dropping blank ones", () => {
    expect(toLines(" one \n\n two\n ")).toEqual(["one", "two"]);
  });
});

describe("debriefLabel", () => {
  it("tells cards apart by the step-in's people, topic, channel and reference, never the customer", () => {
    const agentCard = buildDebrief({ withNames: ["Ben Okafor"] });
    expect(debriefLabel(agentCard, "p1")).toEqual({
      who: "My card · agent, helped by Ben Okafor",
      about: "returns · chat · #3F9A2C",
    });
    const helperCard = buildDebrief({
      personId: "p2",
      personName: "Ben Okafor",
      role: "helper",
      agentName: "Sam Ortiz",
      withNames: ["Sam Ortiz", "Cho Yamada"],
      conversationSubject: null,
      channel: "email",
      conversationRef: "#00AB12",
    });
    expect(debriefLabel(helperCard, "p1")).toEqual({
      who: "Ben Okafor · helper to Sam Ortiz",
      about: "no topic · email · #00AB12",
    });
    expect(
      debriefLabel(buildDebrief({ withNames: ["Ben Okafor", "Cho Yamada", "Dev Patel"] }), "p1").who,
    ).toBe("My card · agent, helped by Ben Okafor, Cho Yamada and Dev Patel");
  });

  it("says on the card which conversation it is about, and who helped whom", () => {
    render(
      <DebriefCard
        debrief={buildDebrief({ withNames: ["Ben Okafor"] })}
        busy={false}
        error={null}
        onSave={() => {}}
      />,
    );
    expect(
      screen.getByText(/About: returns · chat · #3F9A2C, Sam Ortiz helped by Ben Okafor\./),
    ).toBeTruthy();
  });
});
