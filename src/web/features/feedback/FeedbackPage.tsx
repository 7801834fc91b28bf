import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Me } from "../../../protocol/index.ts";
import { loadFailed, useAction, usePeople } from "../../lib/queries.ts";
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
  const [receiverId, setReceiverId] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const check = useFeedbackCheck(text);
  const send = useAction(() => feedbackApi.send({ receiverId, text: text.trim() }), [feedbackKeys.all]);
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
