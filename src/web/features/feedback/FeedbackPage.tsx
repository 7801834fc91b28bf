import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Me } from "../../../protocol/index.ts";
import { Link } from "wouter";
import { loadFailed, useAction, useConversation, usePeople } from "../../lib/queries.ts";
import { useSearchPatch } from "../../lib/useSearchPatch.ts";
import { useRealtimeEvents } from "../../realtime/RealtimeProvider.tsx";
import { Segmented } from "../../ui/Segmented.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { feedbackApi, feedbackKeys, useFeedback, useFeedbackCheck } from "./api.ts";
import { FeedbackComposer } from "./FeedbackComposer.tsx";
import { FeedbackThread } from "./FeedbackThread.tsx";

/** Write feedback that helps (checked as you type), and read what teammates sent you. */
export function FeedbackPage({ me }: { me: Me }) {
  const client = useQueryClient();
  const people = usePeople();
  const [box, setBox] = useState<"received" | "sent">("received");
  const list = useFeedback(box);
  // Opened from a scorecard ("Give feedback"): to its agent, about its conversation.
  const [params] = useSearchPatch();
  const aboutId = params.get("conversation") ?? "";
  const [receiverId, setReceiverId] = useState(params.get("to") ?? "");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const check = useFeedbackCheck(text);
  const about = useConversation(aboutId === "" ? undefined : aboutId);
  const send = useAction(
    () =>
      feedbackApi.send({
        receiverId,
        text: text.trim(),
        ...(aboutId !== "" && about.data !== undefined ? { conversationId: aboutId } : {}),
      }),
    [feedbackKeys.all],
  );
  // The receiver's own lines there, to quote: feedback points at what they said, not at them.
  const theirLines = (about.data?.messages ?? [])
    .filter((m) => m.role === "agent" && m.kind === "message" && m.authorId === receiverId)
    .map((m) => ({ id: m.id, text: m.text.replace(/\s+/g, " ").trim() }))
    .filter((m) => m.text !== "")
    .slice(0, 8);
  const reply = useAction((id: string, t: string) => feedbackApi.reply(id, t), [feedbackKeys.all]);
  useRealtimeEvents((e) => {
    if (e.type === "feedback.sent" || e.type === "feedback.replied")
      void client.invalidateQueries({ queryKey: feedbackKeys.all });
  });
  // Received feedback shown here is read: its "New" stays for this visit, and is gone the next.
  const unread =
    box === "received" ? (list.data ?? []).filter((f) => f.readAt === null && f.receiverId === me.id) : [];
  const unreadKey = unread.map((f) => f.id).join(",");
  useEffect(() => {
    if (unreadKey === "") return;
    for (const id of unreadKey.split(",")) void feedbackApi.open(id).catch(() => undefined);
  }, [unreadKey]);
  const teammates = (people.data ?? [])
    .filter(
      (p) =>
        p.active && p.id !== me.id && p.teamIds.some((t) => me.teamIds.includes(t) || me.role === "admin"),
    )
    .map((p) => ({ id: p.id, name: p.name }));
  return (
    <>
      <PageHeader
        title="Feedback"
        sub="Private, about a specific behaviour and its effect on the customer, with a suggestion."
      />
      <div className="two-col">
        <Panel title="Write feedback">
          {aboutId !== "" && about.data !== undefined && receiverId !== "" ? (
            <div className="stack" style={{ gap: 6, marginBottom: 12 }}>
              <div className="small">
                About <Link href={`/conversations/${aboutId}`}>this conversation</Link>
                {about.data.topic ? ` (${about.data.topic})` : ""}.{" "}
                {theirLines.length > 0
                  ? "Quote the line you mean, so the feedback points at what they said:"
                  : "They wrote no line in it."}
              </div>
              {theirLines.length > 0 ? (
                <ul className="stack" aria-label="Their lines in this conversation" style={{ gap: 4 }}>
                  {theirLines.map((m) => {
                    const quote = m.text.length > 200 ? `${m.text.slice(0, 199).trimEnd()}…` : m.text;
                    return (
                      <li key={m.id} className="small">
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Quote “${quote}”`}
                          onClick={() => {
                            setText(`When you said “${quote}”, ${text.trimStart()}`);
                            setSent(null);
                          }}
                        >
                          Quote
                        </button>{" "}
                        “{quote}”
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </div>
          ) : null}
          <FeedbackComposer
            teammates={teammates}
            receiverId={receiverId}
            onReceiver={setReceiverId}
            text={text}
            onText={(t) => {
              setText(t);
              setSent(null);
            }}
            check={check.data}
            checking={check.isFetching}
            busy={send.isPending}
            error={error}
            onSend={() => {
              setError(null);
              send
                .mutateAsync([])
                .then(() => {
                  const to = teammates.find((t) => t.id === receiverId)?.name ?? "your teammate";
                  setText("");
                  // The sender's list turns to what they sent, the new one on top: on "Received"
                  // nothing on the page changed and the feedback seemed gone.
                  setBox("sent");
                  setSent(`Sent privately to ${to}: it is at the top of Sent.`);
                })
                .catch((e: unknown) => setError(describeError(e)));
            }}
          />
          {sent !== null ? (
            <div className="notice ok" role="status" style={{ marginTop: 8 }}>
              {sent}
            </div>
          ) : null}
        </Panel>
        <Panel
          title="Feedback threads"
          actions={
            <Segmented
              label="Which feedback"
              value={box}
              onChange={(v) => setBox(v)}
              options={[
                { value: "received", label: "Received" },
                { value: "sent", label: "Sent" },
              ]}
            />
          }
        >
          {loadFailed(list) ? (
            <ErrorNotice error={list.error} />
          ) : list.isPending ? (
            <div className="empty">Loading…</div>
          ) : list.data.length === 0 ? (
            <EmptyState>
              {box === "received" ? "No feedback yet." : "You haven’t sent any feedback yet."}
            </EmptyState>
          ) : (
            <div className="stack">
              {list.data.map((f) => (
                <FeedbackThread
                  key={f.id}
                  feedback={f}
                  meId={me.id}
                  busy={reply.isPending}
                  onReply={(t) =>
                    reply
                      .mutateAsync([f.id, t])
                      .then(() => null)
                      .catch((e: unknown) => describeError(e))
                  }
                />
              ))}
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}
