import { useState } from "react";
import type { Feedback } from "../../../protocol/index.ts";
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
  onReply: (text: string) => Promise<boolean>;
  busy: boolean;
}) {
  const [text, setText] = useState("");
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
          void onReply(text.trim()).then((ok) => ok && setText(""));
        }}
      >
        <input
          className="input grow"
          aria-label="Reply"
          placeholder="Reply…"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn small" disabled={busy || text.trim() === ""}>
          Reply
        </button>
      </form>
    </article>
  );
}
