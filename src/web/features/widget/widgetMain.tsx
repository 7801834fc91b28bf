import { StrictMode, useCallback, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import type { CustomerMessage } from "../../../protocol/chat.ts";
import type { ChatSurvey } from "../../../protocol/numbers.ts";
import "../../ui/theme.css";
import "./widget.css";
import { ChatWidget } from "./ChatWidget.tsx";
import { chatApi } from "./chatApi.ts";

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
    chatKey === "" ? "This chat is not set up: the page needs a ?key= chat key." : null,
  );
  const lastSeq = useRef(-1);
  const [survey, setSurvey] = useState<ChatSurvey | null>(null);
  const [surveyAnswered, setSurveyAnswered] = useState(false);

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
    } catch {
      setOffline(true);
    }
  }, [token]);

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
      onStart={(name, text) => {
        setError(null);
        chatApi
          .start({ chatKey, text, ...(name ? { name } : {}) })
          .then((r) => {
            tokenStore.set(storageKey, r.token);
            setToken(r.token);
          })
          .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
      }}
      onSend={(text) => {
        if (token === null) return;
        setError(null);
        chatApi
          .send(token, text, newClientMessageId())
          .then(() => poll())
          .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
      }}
      onEnd={() => {
        if (token === null) return;
        setError(null);
        chatApi
          .end(token)
          .then(() => poll())
          .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
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
          .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
      }}
      onNewChat={() => {
        // The ended chat's token is forgotten: the next message starts a new conversation.
        tokenStore.set(storageKey, null);
        lastSeq.current = -1;
        setMessages([]);
        setStatus("open");
        setSurvey(null);
        setSurveyAnswered(false);
        setError(null);
        setToken(null);
      }}
    />
  );
}

const root = document.getElementById("root");
if (root === null) throw new Error("widget.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <WidgetApp />
  </StrictMode>,
);
