import { useId, useLayoutEffect, useRef, useState } from "react";
import { restoreFocus } from "../../ui/restoreFocus.ts";

/**
 * Replies being written, by `draftKey` (who writes, to which conversation), kept in this tab's
 * memory while its box is away: an agent moving between chats finds each half-written reply where
 * they left it, and never in another customer's box.
 */
const drafts = new Map<string, string>();

/**
 * The built-in chat's reply box: Enter sends, Shift+Enter makes a new line. What was typed stays
 * when sending fails (`onSend` resolves to false), so it can be sent again.
 */
export function ReplyBox({
  onSend,
  busy,
  label = "Reply to the customer",
  placeholder = "Write a reply…",
  draftKey,
  note,
}: {
  onSend: (text: string) => Promise<boolean | void> | void;
  /** Where a reply goes, said under the box (and to screen readers with it): Chatwoot, the helpdesk. */
  note?: string | undefined;
  busy?: boolean;
  label?: string;
  placeholder?: string;
  /** Keep what is typed under this key (render the box with `key` set to it, too). */
  draftKey?: string;
}) {
  const [text, setTextState] = useState(() => (draftKey !== undefined ? (drafts.get(draftKey) ?? "") : ""));
  const setText = (value: string) => {
    setTextState(value);
    if (draftKey === undefined) return;
    if (value === "") drafts.delete(draftKey);
    else drafts.set(draftKey, value);
  };
  const hintId = useId();
  const noteId = useId();
  // Taken away while I type in it (my offer-to-take-over accepted, or the conversation closed from
  // elsewhere): the focus goes to the transcript beside it, not to the page's body, where a screen
  // reader starts again from the top. Read while the box is still in the page (a layout effect's
  // cleanup), given once the page has settled.
  const form = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    const el = form.current;
    const column = el?.parentElement ?? null;
    return () => {
      if (el === null || !el.contains(document.activeElement)) return;
      queueMicrotask(() =>
        restoreFocus([column?.querySelector(".transcript"), document.getElementById("main")]),
      );
    };
  }, []);
  const send = async () => {
    const t = text.trim();
    if (t === "") return;
    if ((await onSend(t)) === false) return;
    setText("");
  };
  return (
    <form
      ref={form}
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
          aria-describedby={note !== undefined ? `${hintId} ${noteId}` : hintId}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        {note !== undefined ? (
          <span id={noteId} className="small muted composer-note">
            {note}
          </span>
        ) : null}
      </label>
      <button className="btn primary" type="submit" disabled={busy === true || text.trim() === ""}>
        Send
      </button>
    </form>
  );
}

/**
 * In place of the reply box where a reply would reach nobody (a helpdesk without the reply
 * webhook, Chatwoot not set up, an imported transcript): why, and where to answer instead. The
 * server refuses such replies too; a box that stored them would let the teammate believe the
 * customer had an answer.
 */
export function ReplyNotSent({ explanation }: { explanation: string }) {
  return (
    <div className="composer composer-not-sent" role="note" aria-label="Replies">
      <p className="small">{explanation}</p>
    </div>
  );
}
