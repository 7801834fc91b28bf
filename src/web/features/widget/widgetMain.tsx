import { StrictMode, useCallback, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import type { CustomerMessage } from "../../../protocol/chat.ts";
import type { ChatSurvey } from "../../../protocol/numbers.ts";
import { keepFocusThroughBusy } from "../../ui/keepFocusThroughBusy.ts";
import "../../ui/theme.css";
import "./widget.css";
import { ChatWidget } from "./ChatWidget.tsx";
import { chatApi } from "./chatApi.ts";
import { ChatError } from "./chatHttp.ts";

/** How often the widget asks for new messages; the customer channel has no socket. */
const POLL_EVERY_MS = 1_500;

function newClientMessageId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random()}`;
}

/**
 * Where the chat's token is kept so a reload finds the same chat: the tab's session storage. On a
 * team's site the widget is a third-party frame, and a browser blocking third-party storage throws
 * on any access to it; the chat then lives in memory (a reload starts a new one).
 */
const tokenStore = {
  get(key: string): string | null {
    try {
      return window.sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string | null): void {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch {
      // Storage blocked: nothing to remember the chat by beyond this page.
    }
  },
};

/** Said when the chat the page remembers is not there any more (erased, or its data reset). */
const CHAT_GONE = "This chat is no longer available. Please start a new one.";

/**
 * A failed chat call in words for the customer: never the server's own wording for a developer
 * ("Invalid request: body.text: …"), which they can do nothing with.
 */
function forCustomer(error: unknown, starting: boolean): string {
  if (!(error instanceof ChatError)) return "Something went wrong. Please try again.";
  if (error.status === 0) return error.message; // offline, said in words already
  if (error.status === 404 && starting)
    return "This chat is not available here right now (its key is not known). Please contact us another way.";
  if (error.status === 409) return "This chat has ended.";
  if (error.status === 429) return "That was a lot at once. Please wait a moment, then try again.";
  if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
  return "That could not be sent. Please check it and try again.";
}

/** The embeddable customer chat page: `/widget.html?key=<team chat key>`. */
function WidgetApp() {
  const params = new URLSearchParams(window.location.search);
  const chatKey = params.get("key") ?? "";
  const title = params.get("title") ?? "Chat with us";
  const storageKey = `tagteam.chat.${chatKey}`;
  const [token, setToken] = useState<string | null>(() => tokenStore.get(storageKey));
  const [messages, setMessages] = useState<CustomerMessage[]>([]);
  const [status, setStatus] = useState<"open" | "closed">("open");
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<string | null>(
    chatKey === ""
      ? "This chat is not set up yet. Please contact us another way. (For the site's owner: the page needs a ?key= chat key.)"
      : null,
  );
  // No chat can start here: no key, or a key the server does not know (said once a start fails).
  const [unavailable, setUnavailable] = useState(chatKey === "");
  const lastSeq = useRef(-1);
  const [survey, setSurvey] = useState<ChatSurvey | null>(null);
  const [surveyAnswered, setSurveyAnswered] = useState(false);
  // The message being sent and its id: sent again after a failure, it keeps the id, so a first
  // attempt that did arrive (its answer lost) is not stored twice.
  const pending = useRef<{ text: string; id: string } | null>(null);

  /** Forgets the chat (back to the start form), saying why. */
  const forgetChat = useCallback(
    (notice: string | null) => {
      tokenStore.set(storageKey, null);
      lastSeq.current = -1;
      pending.current = null;
      setMessages([]);
      setStatus("open");
      setOffline(false);
      setSurvey(null);
      setSurveyAnswered(false);
      setError(notice);
      setToken(null);
    },
    [storageKey],
  );
  /** A failed call: a chat that is gone is forgotten, anything else said in words. */
  const failed = useCallback(
    (e: unknown, starting = false): false => {
      if (!starting && e instanceof ChatError && e.status === 404) forgetChat(CHAT_GONE);
      else setError(forCustomer(e, starting));
      if (starting && e instanceof ChatError && e.status === 404) setUnavailable(true);
      return false;
    },
    [forgetChat],
  );

  // Once the chat has ended, ask whether the survey is offered (not if answered already).
  useEffect(() => {
    if (token === null || status !== "closed") return;
    let cancelled = false;
    chatApi
      .survey(token)
      .then((s) => {
        if (!cancelled) setSurvey(s.offered ? s : null);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [token, status]);

  const poll = useCallback(async () => {
    if (token === null) return;
    try {
      const t = await chatApi.transcript(token, lastSeq.current);
      setOffline(false);
      setStatus(t.status);
      if (t.messages.length > 0) {
        lastSeq.current = Math.max(lastSeq.current, ...t.messages.map((m) => m.seq));
        setMessages((old) => {
          const seen = new Set(old.map((m) => m.seq));
          return [...old, ...t.messages.filter((m) => !seen.has(m.seq))].sort((a, b) => a.seq - b.seq);
        });
      }
    } catch (e) {
      // A chat that is not there any more will not come back: the customer would wait on
      // "Reconnecting…" for ever, and each message they sent would fail.
      if (e instanceof ChatError && e.status === 404) forgetChat(CHAT_GONE);
      else setOffline(true);
    }
  }, [token, forgetChat]);

  useEffect(() => {
    if (token === null) return;
    void poll();
    const timer = setInterval(() => void poll(), POLL_EVERY_MS);
    return () => clearInterval(timer);
  }, [token, poll]);

  return (
    <ChatWidget
      title={title}
      started={token !== null}
      messages={messages}
      status={status}
      offline={offline}
      error={error}
      unavailable={unavailable}
      onStart={(name, text) => {
        setError(null);
        return chatApi
          .start({ chatKey, text, ...(name ? { name } : {}) })
          .then((r) => {
            tokenStore.set(storageKey, r.token);
            setToken(r.token);
            return true;
          })
          .catch((e: unknown) => failed(e, true));
      }}
      onSend={(text) => {
        if (token === null) return false;
        setError(null);
        const id = pending.current?.text === text ? pending.current.id : newClientMessageId();
        pending.current = { text, id };
        return chatApi
          .send(token, text, id)
          .then(() => {
            pending.current = null;
            void poll();
            return true;
          })
          .catch((e: unknown) => failed(e));
      }}
      onEnd={() => {
        if (token === null) return;
        setError(null);
        chatApi
          .end(token)
          .then(() => poll())
          .catch((e: unknown) => failed(e));
      }}
      survey={survey}
      surveyAnswered={surveyAnswered}
      onSurvey={(tags) => {
        if (token === null) return;
        setError(null);
        chatApi
          .answerSurvey(token, tags)
          // A skip says nothing back; an answer is thanked.
          .then(() => (tags.length > 0 ? setSurveyAnswered(true) : setSurvey(null)))
          .catch((e: unknown) => failed(e));
      }}
      onNewChat={() => {
        // The ended chat's token is forgotten: the next message starts a new conversation.
        forgetChat(null);
      }}
    />
  );
}

const root = document.getElementById("root");
if (root === null) throw new Error("widget.html has no #root element");
// The widget is its own page (widget.html), apart from the app's main.tsx: a button disabled while
// its action runs gives the focus back here too.
keepFocusThroughBusy();
createRoot(root).render(
  <StrictMode>
    <WidgetApp />
  </StrictMode>,
);
