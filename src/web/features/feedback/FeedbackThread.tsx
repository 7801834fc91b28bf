import { useState } from "react";
import { Link } from "wouter";
import { FEEDBACK_MAX_CHARS, type Feedback } from "../../../protocol/index.ts";
import { formatWhen } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";

/** One piece of feedback with its replies and a reply box. */
export function FeedbackThread({
  feedback,
  meId,
  onReply,
  busy,
}: {
  feedback: Feedback;
  meId: string;
  /** Resolves null once sent, or what went wrong (shown under this thread's reply box). */
  onReply: (text: string) => Promise<string | null>;
  busy: boolean;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const fromMe = feedback.authorId === meId;
  return (
    <article
      className="stack"
      style={{ gap: 6 }}
      aria-label={`Feedback ${fromMe ? "to" : "from"} ${fromMe ? feedback.receiverName : feedback.authorName}`}
    >
      <div className="row small">
        <strong className="grow">
          {fromMe ? `To ${feedback.receiverName ?? "teammate"}` : `From ${feedback.authorName ?? "teammate"}`}
        </strong>
        {!fromMe && feedback.readAt === null ? <Badge tone="accent">New</Badge> : null}
        {feedback.conversationId !== null ? (
          <Link href={`/conversations/${feedback.conversationId}`}>Its conversation</Link>
        ) : null}
        <span className="muted">{formatWhen(feedback.createdAt)}</span>
      </div>
      <p style={{ margin: 0 }}>{feedback.text}</p>
      {feedback.replies.map((r) => (
        <p key={r.id} className="small" style={{ margin: "0 0 0 16px" }}>
          <strong>{r.authorId === meId ? "You" : (r.authorName ?? "Teammate")}:</strong> {r.text}
        </p>
      ))}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() === "") return;
          setError(null);
          void onReply(text.trim()).then((failed) => {
            if (failed === null) setText("");
            else setError(failed);
          });
        }}
      >
        <input
          className="input grow"
          aria-label="Reply"
          placeholder="Reply…"
          maxLength={FEEDBACK_MAX_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn small" disabled={busy || text.trim() === ""}>
          Reply
        </button>
      </form>
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
    </article>
  );
}
