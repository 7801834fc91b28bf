// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ChatWidget } from "./ChatWidget.tsx";

afterEach(cleanup);

const noop = () => undefined;

describe("ChatWidget", () => {
  it("starts a chat with the customer's name and first message", async () => {
    const started: [string, string][] = [];
    render(
      <ChatWidget
        title="Chat with us"
        started={false}
        messages={[]}
        status="open"
        offline={false}
        error={null}
        onStart={(n, t) => started.push([n, t])}
        onSend={noop}
        onEnd={noop}
        onNewChat={noop}
      />,
    );
    await userEvent.type(screen.getByLabelText("Your name"), "Dana");
    await userEvent.type(screen.getByLabelText("How can we help?"), "Where is my refund?");
    await userEvent.click(screen.getByRole("button", { name: "Start chat" }));
    expect(started).toEqual([["Dana", "Where is my refund?"]]);
  });

  it("shows the conversation with the agent's first name and sends with Enter", async () => {
    const sent: string[] = [];
    render(
      <ChatWidget
        title="Chat with us"
        started
        messages={[
          {
            seq: 0,
            from: "customer",
            authorName: null,
            text: "Where is my refund?",
            at: "2026-03-02T10:00:00Z",
          },
          {
            seq: 1,
            from: "agent",
            authorName: "Priya",
            text: "It left us yesterday.",
            at: "2026-03-02T10:01:00Z",
          },
        ]}
        status="open"
        offline={false}
        error={null}
        onStart={noop}
        onSend={(t) => sent.push(t)}
        onEnd={noop}
        onNewChat={noop}
      />,
    );
    const log = screen.getByRole("log", { name: "Conversation" });
    expect(log.textContent).toContain("Priya");
    expect(log.textContent).toContain("It left us yesterday.");
    await userEvent.type(screen.getByLabelText("Your message"), "Thanks!{Enter}");
    expect(sent).toEqual(["Thanks!"]);
  });

  it("ends the chat only once the customer confirms, then offers a new one", async () => {
    let ended = 0;
    let renewed = 0;
    const props = {
      title: "Chat with us",
      started: true,
      messages: [],
      offline: false,
      error: null,
      onStart: noop,
      onSend: noop,
      onEnd: () => ended++,
      onNewChat: () => renewed++,
    };
    const { rerender } = render(<ChatWidget {...props} status="open" />);
    await userEvent.click(screen.getByRole("button", { name: "End chat" }));
    await userEvent.click(screen.getByRole("button", { name: "Keep chatting" }));
    expect(ended).toBe(0);
    await userEvent.click(screen.getByRole("button", { name: "End chat" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, end it" }));
    expect(ended).toBe(1);
    rerender(<ChatWidget {...props} status="closed" />);
    expect(screen.getByRole("log", { name: "Conversation" }).textContent).toContain("This chat has ended");
    expect(screen.queryByRole("button", { name: "End chat" })).toBeNull();
    expect(screen.queryByLabelText("Your message")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Start a new chat" }));
    expect(renewed).toBe(1);
  });

  it("offers the after-chat survey once the chat has ended: tap the tags that fit and send, or skip", async () => {
    const answers: string[][] = [];
    const props = {
      title: "Chat with us",
      started: true,
      messages: [],
      offline: false,
      error: null,
      onStart: noop,
      onSend: noop,
      onEnd: noop,
      onNewChat: noop,
      survey: {
        tags: [
          { tag: "felt_heard" as const, label: "I felt heard", tone: "good" as const },
          { tag: "quick" as const, label: "It was quick", tone: "good" as const },
          { tag: "too_slow" as const, label: "It took too long", tone: "bad" as const },
        ],
      },
      onSurvey: (tags: string[]) => answers.push(tags),
    };
    const { rerender } = render(<ChatWidget {...props} status="open" />);
    // Not while the chat goes on.
    expect(screen.queryByRole("region", { name: "How was this chat?" })).toBeNull();
    rerender(<ChatWidget {...props} status="closed" />);
    const survey = screen.getByRole("region", { name: "How was this chat?" });
    const send = screen.getByRole("button", { name: "Send" }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await userEvent.click(screen.getByRole("button", { name: "I felt heard" }));
    await userEvent.click(screen.getByRole("button", { name: "It took too long" }));
    await userEvent.click(screen.getByRole("button", { name: "It took too long" }));
    await userEvent.click(screen.getByRole("button", { name: "It was quick" }));
    expect(screen.getByRole("button", { name: "I felt heard" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "It took too long" }).getAttribute("aria-pressed")).toBe(
      "false",
    );
    await userEvent.click(send);
    await userEvent.click(screen.getByRole("button", { name: "Skip" }));
    expect(answers).toEqual([["felt_heard", "quick"], []]);
    expect(survey.textContent).not.toContain("agent");
    rerender(<ChatWidget {...props} status="closed" surveyAnswered />);
    expect(screen.queryByRole("region", { name: "How was this chat?" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("Thank you for telling us.");
  });

  it("keeps the keyboard's place as the chat changes: started, ending or not, ended, answered", async () => {
    const props = {
      title: "Chat with us",
      messages: [],
      offline: false,
      error: null,
      onStart: noop,
      onSend: noop,
      onEnd: noop,
      onNewChat: noop,
    };
    const focused = () => document.activeElement;
    const { rerender } = render(<ChatWidget {...props} started={false} status="open" />);
    await userEvent.type(screen.getByLabelText("How can we help?"), "Where is my refund?");
    await userEvent.tab();
    expect(focused()).toBe(screen.getByRole("button", { name: "Start chat" }));
    await userEvent.keyboard("{Enter}");
    // The start form is gone: the focus is in the message box, not dropped to the page's body.
    rerender(<ChatWidget {...props} started status="open" />);
    expect(focused()).toBe(screen.getByLabelText("Your message"));
    screen.getByRole("button", { name: "End chat" }).focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(focused()).toBe(screen.getByRole("button", { name: "Keep chatting" })));
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(focused()).toBe(screen.getByRole("button", { name: "End chat" })));
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(focused()).toBe(screen.getByRole("button", { name: "Keep chatting" })));
    screen.getByRole("button", { name: "Yes, end it" }).focus();
    await userEvent.keyboard("{Enter}");
    rerender(<ChatWidget {...props} started status="closed" />);
    expect(focused()).toBe(screen.getByRole("button", { name: "Start a new chat" }));
    await userEvent.keyboard("{Enter}");
    rerender(<ChatWidget {...props} started={false} status="open" />);
    expect(focused()).toBe(screen.getByLabelText("Your name"));
  });
});
