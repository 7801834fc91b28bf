// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { buildAlert, buildDetail, buildIntervention, buildMessage } from "../../testing/factories.ts";
import { AlertCard, helpedBefore, linesToShow, type AlertAction } from "./AlertCard.tsx";

afterEach(cleanup);

describe("AlertCard", () => {
  it("says why, quotes each cited message once with all its evidence marked, and offers the actions", async () => {
    const conversation = buildDetail({
      id: "c1",
      customerName: "Dana Whitfield",
      agentName: "Sam Ortiz",
      messages: [
        buildMessage({ index: 0, text: "Hi, my boots arrived 3 weeks ago." }),
        buildMessage({
          index: 1,
          role: "agent",
          authorName: "Sam Ortiz",
          text: "Sorry, returns are 14 days, not my fault.",
        }),
      ],
    });
    const alert = buildAlert({
      conversationId: "c1",
      evidence: [
        { messageIndex: 1, start: 19, end: 26, kind: "wrong_information" },
        { messageIndex: 1, start: 28, end: 40, kind: "defensiveness" },
      ],
    });
    const acts: AlertAction[] = [];
    render(<AlertCard alert={alert} conversation={conversation} busy={false} onAct={(a) => acts.push(a)} />);
    expect(screen.getByRole("heading", { name: "Dana Whitfield with Sam Ortiz" })).toBeTruthy();
    expect(screen.getByText(alert.why)).toBeTruthy();
    const evidence = screen.getByRole("list", { name: "Evidence" });
    expect(within(evidence).getAllByRole("listitem")).toHaveLength(1);
    expect([...evidence.querySelectorAll("mark")].map((m) => m.textContent)).toEqual([
      "14 days",
      "not my fault",
    ]);
    // What each mark is evidence of, and what the number in its head measures, are on screen: a
    // tooltip (title) was the only place a sighted keyboard user could have found them.
    const card = screen.getByRole("article");
    const onScreen = card.cloneNode(true) as HTMLElement;
    for (const hidden of onScreen.querySelectorAll(".visually-hidden")) hidden.remove();
    expect(onScreen.textContent).toContain("14 days (wrong information)");
    expect(onScreen.textContent).toContain("not my fault (defensiveness)");
    expect(onScreen.textContent).toMatch(/risk\s*\d+%/);
    for (const titled of card.querySelectorAll("[title]"))
      expect(onScreen.textContent?.toLowerCase()).toContain(titled.getAttribute("title")?.toLowerCase());
    await userEvent.click(screen.getByRole("button", { name: "Whisper the suggestion" }));
    await userEvent.click(screen.getByRole("button", { name: "Not useful" }));
    expect(acts).toEqual(["whisper", "not_useful"]);
  });

  it("says whose an acknowledged alert is: yours on your own card, the helper's by name on the team's", () => {
    const conversation = buildDetail({ id: "c1", customerName: "Sofia Marin", agentName: "Cho Yamada" });
    const alert = buildAlert({
      conversationId: "c1",
      status: "acknowledged",
      helperId: "p-ben",
      helperName: "Ben Okafor",
    });
    const { unmount } = render(
      <AlertCard
        alert={alert}
        conversation={conversation}
        busy={false}
        onAct={() => undefined}
        meId="p-ben"
      />,
    );
    // "someone is on it" on Ben's own card read as if a teammate had taken it from him.
    const mine = screen.getByRole("article").textContent ?? "";
    expect(mine).toContain("you are on it");
    expect(mine).not.toContain("someone is on it");
    unmount();
    render(
      <AlertCard
        alert={alert}
        conversation={conversation}
        busy={false}
        onAct={() => undefined}
        meId="p-lee"
      />,
    );
    expect(screen.getByRole("article").textContent).toContain("Ben Okafor is on it");
  });

  it("says a suggested sentence is for a whisper when the step it suggests is a signal", () => {
    const conversation = buildDetail({ id: "c1", customerName: "Sofia Marin", agentName: "Cho Yamada" });
    const sentence = "Paraphrase before anything else: “So you reset it twice and still can't log in?”";
    render(
      <AlertCard
        alert={buildAlert({ id: "a-signal", conversationId: "c1", rung: "signal", suggestion: sentence })}
        conversation={conversation}
        busy={false}
        onAct={() => undefined}
      />,
    );
    expect(screen.getByText("suggested: Signal support")).toBeTruthy();
    // The sentence stood under "suggested: Signal support" with no word of what it was for.
    const box = screen.getByText(sentence);
    expect(box.previousElementSibling?.textContent).toBe("If a signal is not enough, whisper this:");
    cleanup();
    // Where the step is a whisper, the badge says so and the sentence needs no other word.
    render(
      <AlertCard
        alert={buildAlert({ id: "a-whisper", conversationId: "c1", rung: "whisper", suggestion: sentence })}
        conversation={conversation}
        busy={false}
        onAct={() => undefined}
      />,
    );
    expect(screen.queryByText("If a signal is not enough, whisper this:")).toBeNull();
    expect(screen.getByText(sentence)).toBeTruthy();
  });

  it("quotes a long message (an email with its quoted history) around the evidence, not whole", () => {
    const history = "> On Monday you wrote that the parcel was on its way. ".repeat(200);
    const text = `${history}I want to speak to a manager. ${history}`;
    const at = text.indexOf("I want");
    const conversation = buildDetail({
      id: "c1",
      messages: [buildMessage({ index: 0, text })],
    });
    const alert = buildAlert({
      conversationId: "c1",
      evidence: [{ messageIndex: 0, start: at, end: at + 28, kind: "asks_manager" }],
    });
    render(<AlertCard alert={alert} conversation={conversation} busy={false} onAct={() => undefined} />);
    const evidence = screen.getByRole("list", { name: "Evidence" });
    expect(text.length).toBeGreaterThan(20_000);
    expect(evidence.textContent!.length).toBeLessThan(400);
    expect([...evidence.querySelectorAll("mark")].map((m) => m.textContent)).toEqual([
      "I want to speak to a manager",
    ]);
  });

  it("offers no actions once the alert is closed", () => {
    render(
      <AlertCard
        alert={buildAlert({ status: "dismissed_not_useful" })}
        conversation={undefined}
        busy={false}
        onAct={() => undefined}
      />,
    );
    expect(screen.queryByRole("button", { name: "Open and help" })).toBeNull();
    expect(screen.getByRole("link", { name: "Open the conversation" })).toBeTruthy();
  });

  it("writes why as a sentence, without the rung prefix alerts raised by earlier versions carry", () => {
    const alert = buildAlert({ why: "offer_takeover: customer asked for someone with more authority" });
    render(<AlertCard alert={alert} conversation={undefined} busy={false} onAct={() => undefined} />);
    expect(screen.getByText("Customer asked for someone with more authority")).toBeTruthy();
    expect(screen.queryByText(/offer_takeover:/)).toBeNull();
    cleanup();
    const old = buildAlert({
      why: 'whisper: agent said "$40" but the KB (4411f3b5-2297-41ce-9650-f9141d456fa7) says 15 USD',
    });
    render(<AlertCard alert={old} conversation={undefined} busy={false} onAct={() => undefined} />);
    expect(screen.getByText('Agent said "$40" but your team\'s knowledge says 15 USD')).toBeTruthy();
    cleanup();
    // Raised before the engine said "your team's knowledge": read as it now says it.
    const before = buildAlert({
      why: 'customer is angry; also agent said "$40" but the knowledge base says 15 USD',
    });
    render(<AlertCard alert={before} conversation={undefined} busy={false} onAct={() => undefined} />);
    expect(
      screen.getByText('Customer is angry; also agent said "$40" but your team\'s knowledge says 15 USD'),
    ).toBeTruthy();
  });

  it("says where it stands in words, names authority once, and who was asked and why", () => {
    const alert = buildAlert({
      status: "raised",
      reasons: ["needs_authority"],
      needsAuthority: true,
      routing: "Lee Park: a lead, as this needs authority, free",
    });
    const { container } = render(
      <AlertCard alert={alert} conversation={undefined} busy={false} onAct={() => undefined} />,
    );
    const text = container.textContent ?? "";
    expect(text).toContain("waiting for an answer");
    expect(text).not.toMatch(/· raised/);
    expect(screen.getByText("Needs more authority")).toBeTruthy();
    expect(screen.queryByText("needs authority")).toBeNull();
    expect(
      screen.getByText("Who was asked, and why — Lee Park: a lead, as this needs authority, free"),
    ).toBeTruthy();
    expect(text).not.toContain("Why you");
  });
});

describe("the lines an alert card quotes", () => {
  const line = (...kinds: string[]) => kinds.map((kind) => ({ kind }));
  it("keeps a line of every kind of evidence before more lines of a kind already quoted", () => {
    // A wrong answer (line 2) carried over from an earlier alert, then four lines of stress.
    const byMessage = new Map([
      [2, line("wrong_information")],
      [4, line("stress")],
      [5, line("stress")],
      [6, line("stress", "frustration")],
      [7, line("stress")],
    ]);
    expect(linesToShow(byMessage, 3).map(([i]) => i)).toEqual([2, 6, 7]);
  });

  it("quotes the newest lines when their kinds are all on the card anyway", () => {
    const byMessage = new Map([
      [1, line("stress")],
      [3, line("stress")],
      [5, line("stress")],
      [8, line("stress")],
    ]);
    expect(linesToShow(byMessage, 3).map(([i]) => i)).toEqual([3, 5, 8]);
    expect(linesToShow(new Map(), 3)).toEqual([]);
  });
});

describe("an alert for a teammate already helping on the conversation", () => {
  const alert = buildAlert({
    conversationId: "c1",
    helperId: "ben",
    helperName: "Ben Okafor",
    agentId: "ana",
    raisedAt: "2026-03-02T10:05:00Z",
  });
  const whisper = buildIntervention({
    conversationId: "c1",
    kind: "whisper",
    status: "done",
    fromId: "ben",
    toId: "ana",
    createdAt: "2026-03-02T10:02:00Z",
  });

  it("says it is an update, since what they did, not a new teammate to help", () => {
    const conversation = buildDetail({ id: "c1", interventions: [whisper] });
    render(<AlertCard alert={alert} conversation={conversation} busy={false} onAct={() => {}} meId="ben" />);
    const card = screen.getByRole("article");
    expect(card.textContent).toContain("update");
    expect(card.textContent).toMatch(/You whispered at .+; this is new since\./);
  });

  it("names the helper to a lead, a pending offer as not answered yet, and nothing for a first alert", () => {
    const offer = buildIntervention({
      ...whisper,
      kind: "takeover_offer",
      status: "offered",
      createdAt: "2026-03-02T10:04:00Z",
    });
    expect(helpedBefore(alert, buildDetail({ interventions: [whisper, offer] }), "lee")).toMatch(
      /^Ben Okafor offered to take over at .+ \(not answered yet\); this is new since\.$/,
    );
    // A declined offer, another helper's whisper, or one after the alert: not this helper's help before it.
    expect(
      helpedBefore(
        alert,
        buildDetail({
          interventions: [
            { ...offer, status: "declined" },
            { ...whisper, fromId: "cho" },
            { ...whisper, createdAt: "2026-03-02T10:06:00Z" },
          ],
        }),
        "ben",
      ),
    ).toBeNull();
  });
});
