import { useId, useState } from "react";

/** The built-in chat's reply box: Enter sends, Shift+Enter makes a new line. */
export function ReplyBox({
  onSend,
  busy,
  label = "Reply to the customer",
  placeholder = "Write a reply…",
}: {
  onSend: (text: string) => Promise<unknown> | void;
  busy?: boolean;
  label?: string;
  placeholder?: string;
}) {
  const [text, setText] = useState("");
  const hintId = useId();
  const send = async () => {
    const t = text.trim();
    if (t === "") return;
    await onSend(t);
    setText("");
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label className="grow field">
        <span className="visually-hidden">{label}</span>
        {/* Said to screen readers: Enter does not make a new line here. */}
        <span id={hintId} className="visually-hidden">
          Enter sends; Shift+Enter starts a new line.
        </span>
        <textarea
          className="textarea"
          rows={2}
          value={text}
          placeholder={placeholder}
          aria-label={label}
          aria-describedby={hintId}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
      </label>
      <button className="btn primary" type="submit" disabled={busy === true || text.trim() === ""}>
        Send
      </button>
    </form>
  );
}
