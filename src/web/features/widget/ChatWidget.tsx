import { useEffect, useRef, useState } from "react";
import type { CustomerMessage } from "../../../protocol/chat.ts";
import type { ChatSurvey } from "../../../protocol/numbers.ts";

/**
 * The most one chat message holds (the chat routes' own limit, src/protocol/chat.ts; not imported,
 * so the customer bundle carries none of the protocol's code).
 */
export const MAX_CHAT_TEXT = 5000;
/** The most a customer's name holds (the same). */
const MAX_NAME = 200;

/**
 * What the customer is told when their text is over the limit, or null. Said before anything is
 * sent, with the text kept, so they can cut it or send it in parts.
 */
function tooLong(text: string): string | null {
  const length = text.trim().length;
  if (length <= MAX_CHAT_TEXT) return null;
  return `This is ${length.toLocaleString("en")} characters long; one message holds ${MAX_CHAT_TEXT.toLocaleString("en")}. Please shorten it or send it in parts.`;
}

/**
 * The customer's chat: a start form, then the conversation, which the customer may end; once it
 * has ended (by them or the team) they may start a new one. Only customer-visible messages exist here.
 */
export function ChatWidget({
  title,
  started,
  messages,
  status,
  offline,
  error,
  onStart,
  onSend,
  onEnd,
  onNewChat,
  unavailable = false,
  survey = null,
  surveyAnswered = false,
  onSurvey = () => undefined,
}: {
  title: string;
  started: boolean;
  messages: readonly CustomerMessage[];
  status: "open" | "closed";
  offline: boolean;
  error: string | null;
  /** Returns (or resolves to) false when the chat could not start: the text typed is put back. */
  onStart: (name: string, text: string) => unknown;
  /** Returns (or resolves to) false when the message was not sent: the text is put back in the box. */
  onSend: (text: string) => unknown;
  onEnd: () => void;
  onNewChat: () => void;
  /**
   * No chat can be started from this page (no chat key, or one the server does not know): the
   * error says so, and no start form invites the customer to type a message that cannot go.
   */
  unavailable?: boolean;
  /** The after-chat survey's tags, once the chat has ended and while it waits for an answer. */
  survey?: Pick<ChatSurvey, "tags"> | null;
  /** The customer answered (or skipped) the survey just now. */
  surveyAnswered?: boolean;
  /** The tags tapped; none: skipped. */
  onSurvey?: (tags: string[]) => void;
}) {
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  // Ending is one click away from Send: it asks once before it happens.
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const overLimit = tooLong(text);
  const root = useRef<HTMLElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const keepChatting = useRef<HTMLButtonElement>(null);
  const messageBox = useRef<HTMLTextAreaElement>(null);
  // Where the focus goes when what held it leaves the widget (the start form once the chat starts,
  // "Yes, end it", the survey once answered, "Start a new chat"): the browser dropped it to the
  // body, and a keyboard or screen reader user had to find their way back from the top. Only when
  // the widget had it: nothing is taken from anyone who was elsewhere.
  const hadFocus = useRef(false);
  useEffect(() => {
    const doc = root.current?.ownerDocument;
    if (doc === undefined) return;
    const lost = doc.activeElement === null || doc.activeElement === doc.body;
    if (!lost) {
      hadFocus.current = root.current?.contains(doc.activeElement) === true;
      return;
    }
    if (!hadFocus.current) return;
    const next =
      messageBox.current ??
      root.current?.querySelector<HTMLElement>(
        ".widget-survey button:not([disabled]), .widget-confirm button, .widget-start input",
      );
    next?.focus();
  });
  /**
   * The box empties at once, as chats do; if the text did not go (offline, the chat gone), it comes
   * back, unless the customer has typed something new meanwhile.
   */
  const submit = (value: string, send: (text: string) => unknown) => {
    setText("");
    void Promise.resolve(send(value)).then((sent) => {
      if (sent === false) setText((now) => (now === "" ? value : now));
    });
  };
  const limitHint =
    overLimit !== null ? (
      <div id="widget-too-long" className="notice error small" role="status">
        {overLimit}
      </div>
    ) : null;
  // The chat is the page's main landmark and its title the page's heading, for screen readers.
  return (
    <main
      className="widget"
      ref={root}
      onFocus={() => (hadFocus.current = true)}
      onBlur={(e) => {
        // Left for somewhere else in the page; a blur to nowhere (the element went) keeps it.
        if (e.relatedTarget !== null && !e.currentTarget.contains(e.relatedTarget)) hadFocus.current = false;
      }}
    >
      <header className="widget-head">
        <div className="grow">
          <h1 className="widget-title">{title}</h1>
          <div className="small">
            {offline
              ? "Reconnecting…"
              : started && status === "closed"
                ? "Chat ended"
                : "We usually answer in a few minutes"}
          </div>
        </div>
        {started && status === "open" && !confirmingEnd ? (
          <button
            ref={endButton}
            type="button"
            className="btn small widget-end"
            onClick={() => {
              setConfirmingEnd(true);
              // The question takes the place of the button: the focus goes to its safe answer.
              requestAnimationFrame(() => keepChatting.current?.focus());
            }}
          >
            End chat
          </button>
        ) : null}
      </header>
      {started && status === "open" && confirmingEnd ? (
        <div className="widget-confirm" role="group" aria-label="End this chat?">
          <span className="grow">End this chat? You can start a new one afterwards.</span>
          <button
            type="button"
            className="btn small primary"
            onClick={() => {
              setConfirmingEnd(false);
              onEnd();
            }}
          >
            Yes, end it
          </button>
          <button
            ref={keepChatting}
            type="button"
            className="btn small"
            onClick={() => {
              setConfirmingEnd(false);
              requestAnimationFrame(() => endButton.current?.focus());
            }}
          >
            Keep chatting
          </button>
        </div>
      ) : null}
      {!started && unavailable ? null : !started ? (
        <form
          className="widget-start"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim() === "" || overLimit !== null) return;
            const who = name.trim();
            submit(text.trim(), (t) => onStart(who, t));
          }}
        >
          <label className="field">
            <span>Your name</span>
            <input
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
              maxLength={MAX_NAME}
            />
          </label>
          <label className="field">
            <span>How can we help?</span>
            <textarea
              className="textarea"
              rows={4}
              required
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={overLimit !== null}
              aria-describedby={overLimit !== null ? "widget-too-long" : undefined}
            />
          </label>
          {limitHint}
          <button className="btn primary" type="submit">
            Start chat
          </button>
        </form>
      ) : (
        <>
          <div
            className="transcript widget-log"
            role="log"
            aria-label="Conversation"
            aria-live="polite"
            // It scrolls as the chat grows: focusable, so the keyboard can scroll it too.
            tabIndex={0}
          >
            {messages.map((m) => (
              <div key={m.seq} className={`msg ${m.from === "customer" ? "agent" : "customer"}`}>
                <div className="meta">{m.from === "customer" ? "You" : (m.authorName ?? "Support")}</div>
                <div className="bubble">{m.text}</div>
              </div>
            ))}
            {status === "closed" ? (
              <div className="msg system">
                <div className="bubble">This chat has ended. Thank you!</div>
              </div>
            ) : null}
          </div>
          {status === "closed" && survey !== null && !surveyAnswered ? (
            <SurveyCard survey={survey} onAnswer={onSurvey} />
          ) : null}
          {status === "closed" && surveyAnswered ? (
            <div className="widget-survey small" role="status">
              Thank you for telling us.
            </div>
          ) : null}
          {status === "closed" ? (
            <div className="widget-confirm">
              <span className="grow small">Need anything else?</span>
              <button type="button" className="btn small primary" onClick={onNewChat}>
                Start a new chat
              </button>
            </div>
          ) : null}
          {status === "open" ? (
            <form
              className="composer"
              onSubmit={(e) => {
                e.preventDefault();
                if (text.trim() === "" || overLimit !== null) return;
                submit(text.trim(), onSend);
              }}
            >
              <label className="grow field">
                <span className="visually-hidden">Your message</span>
                {/* Said to screen readers: Enter does not make a new line here. */}
                <span id="widget-send-hint" className="visually-hidden">
                  Enter sends; Shift+Enter starts a new line.
                </span>
                <textarea
                  ref={messageBox}
                  className="textarea"
                  rows={2}
                  aria-label="Your message"
                  aria-describedby={
                    overLimit !== null ? "widget-send-hint widget-too-long" : "widget-send-hint"
                  }
                  aria-invalid={overLimit !== null}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && !e.shiftKey) {
                      e.preventDefault();
                      e.currentTarget.form?.requestSubmit();
                    }
                  }}
                />
              </label>
              <button className="btn primary" type="submit">
                Send
              </button>
            </form>
          ) : null}
          {status === "open" ? limitHint : null}
        </>
      )}
      {error !== null ? (
        <div className="notice error" role="alert" style={{ margin: 10 }}>
          {error}
        </div>
      ) : null}
    </main>
  );
}

/**
 * One tap per tag that fits, then Send; or Skip. The team sees the tags only as counts over many
 * conversations (GET /numbers), never one customer's answer.
 */
function SurveyCard({
  survey,
  onAnswer,
}: {
  survey: Pick<ChatSurvey, "tags">;
  onAnswer: (tags: string[]) => void;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (tag: string) =>
    setPicked((old) => (old.includes(tag) ? old.filter((t) => t !== tag) : [...old, tag]));
  return (
    <section className="widget-survey" aria-labelledby="widget-survey-title">
      <h2 id="widget-survey-title" className="widget-survey-title">
        How was this chat?
      </h2>
      <p className="small muted" style={{ margin: "2px 0 8px" }}>
        Tap any that fit, or skip: it is optional.
      </p>
      <div className="widget-survey-tags" role="group" aria-label="What fits">
        {survey.tags.map((t) => (
          <button
            key={t.tag}
            type="button"
            className={`btn small widget-survey-tag ${t.tone}`}
            aria-pressed={picked.includes(t.tag)}
            onClick={() => toggle(t.tag)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="row" style={{ marginTop: 10, gap: 8 }}>
        <button
          type="button"
          className="btn small primary"
          disabled={picked.length === 0}
          onClick={() => onAnswer(picked)}
        >
          Send
        </button>
        <button type="button" className="btn small" onClick={() => onAnswer([])}>
          Skip
        </button>
      </div>
    </section>
  );
}
