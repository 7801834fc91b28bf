import { useEffect, useLayoutEffect, useRef } from "react";
import type { Intervention } from "../../../protocol/resources.ts";
import { restoreFocus } from "../../ui/restoreFocus.ts";

/** Whether the element takes typing (the reply box, a search field): focus is not taken from it. */
function takesTyping(el: Element | null): boolean {
  if (el === null) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !["button", "checkbox", "radio", "submit"].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * A teammate offers to take over: the agent decides. Declining is a normal answer — the
 * conversation stays theirs and tagteam keeps watching.
 *
 * When it appears, keyboard focus moves to it (so Tab reaches its buttons next), unless the agent
 * is typing: a reply half-written to the customer keeps its focus, and the offer is announced by the
 * toast that comes with it. Once it goes (answered, or withdrawn) with the focus in it, the focus
 * goes back where it was before the prompt took it, or to the reply box or the transcript: it fell
 * to the page's body, and a screen reader started again from the top of the page.
 */
export function ConsentPrompt({
  offer,
  onAnswer,
  busy,
}: {
  offer: Intervention;
  onAnswer: (accept: boolean) => void;
  busy: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const before = useRef<Element | null>(null);
  const hadFocus = useRef(false);
  useEffect(() => {
    if (takesTyping(document.activeElement)) return;
    before.current = document.activeElement;
    box.current?.focus();
  }, []);
  // A layout effect's cleanup runs while the prompt is still in the page: whether the focus is in
  // it (or already lost: a button that turns disabled drops it) is read there, and given back once
  // the page has settled, when what replaces the prompt (or takes the conversation away) is drawn.
  useLayoutEffect(() => {
    const el = box.current;
    return () => {
      const active = document.activeElement;
      const lost = active === null || active === document.body || (el?.contains(active) ?? false);
      if (!hadFocus.current || !lost) return;
      const column = el?.parentElement ?? null;
      queueMicrotask(() =>
        restoreFocus([
          before.current,
          column?.querySelector("textarea:not([disabled])"),
          column?.querySelector(".transcript"),
          document.getElementById("main"),
        ]),
      );
    };
  }, []);
  return (
    <div
      ref={box}
      id={`consent-${offer.id}`}
      tabIndex={-1}
      className="consent"
      role="alertdialog"
      onFocus={() => (hadFocus.current = true)}
      aria-labelledby={`offer-${offer.id}`}
      aria-describedby={`offer-${offer.id}-text`}
    >
      <h2 id={`offer-${offer.id}`}>{offer.fromName ?? "A teammate"} offers to take over this conversation</h2>
      <p id={`offer-${offer.id}-text`} className="small" style={{ margin: "4px 0 10px" }}>
        {offer.text ? `“${offer.text}” — ` : ""}Only you see this. If you accept, they continue with the
        customer and get the conversation so far; if you decline, it stays with you.
      </p>
      <div className="row">
        <button type="button" className="btn primary" disabled={busy} onClick={() => onAnswer(true)}>
          Accept help
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => onAnswer(false)}>
          Decline, I’ve got it
        </button>
      </div>
    </div>
  );
}
