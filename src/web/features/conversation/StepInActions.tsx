import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { HANDOVER_NOTE_MAX_CHARS, WHISPER_MAX_CHARS } from "../../../protocol/http.ts";
import type { Person } from "../../../protocol/resources.ts";
import { CharsLeft } from "../../ui/CharsLeft.tsx";
import { restoreFocus } from "../../ui/restoreFocus.ts";

export type StepInAction =
  | { kind: "signal" }
  | { kind: "whisper"; text: string }
  | { kind: "takeover_offer"; text?: string }
  | { kind: "warm_transfer"; toPersonId: string; note?: string }
  | { kind: "escalate"; reason: string };

type Open = "none" | "whisper" | "transfer" | "escalate";

/** A rung's form: Escape closes it (`onKeyDown`), and sending it stays on the page. */
function RungForm({
  formRef,
  onKeyDown,
  onSend,
  children,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  onKeyDown: (e: KeyboardEvent) => void;
  onSend: () => void;
  children: ReactNode;
}) {
  return (
    <form
      ref={formRef}
      className="stack"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      {children}
    </form>
  );
}

/**
 * The intervention ladder as buttons, lowest rung first. Whisper starts from the suggested sentence;
 * warm transfer asks who receives it; escalation asks why. Nothing here fetches: `onAct` does, and
 * answers whether it worked (the form stays open when it did not). With `onDraftWhisper` (the
 * server has a language model), "Draft it for me" fills the whisper box with a draft to edit.
 *
 * By keyboard: opening a form takes the focus to its first field (it sat past the other rungs'
 * buttons), Escape closes it, and once sent (or closed) the focus goes back to the button that
 * opened it; the form's button left the page with it, and the focus fell to the page's body.
 */
export function StepInActions({
  mode = "helper",
  suggestedWhisper,
  teammates,
  onAct,
  busy,
  error,
  onDraftWhisper,
  offerWaiting = null,
}: {
  /**
   * Who made the offer to take over that waits for the agent's answer ("you", or a teammate's
   * name): no other can be made until it is answered, so the button gives way to saying so.
   */
  offerWaiting?: string | null;
  /** A helper sees the whole ladder; the conversation's owner only hands over or escalates. */
  mode?: "helper" | "owner";
  suggestedWhisper: string | null;
  teammates: readonly Person[];
  onAct: (action: StepInAction) => Promise<boolean>;
  busy: boolean;
  error: string | null;
  /** Resolves with a drafted whisper, or rejects with an Error whose message is shown. */
  onDraftWhisper?: () => Promise<string>;
}) {
  const [open, setOpen] = useState<Open>("none");
  const toggles = {
    whisper: useRef<HTMLButtonElement>(null),
    transfer: useRef<HTMLButtonElement>(null),
    escalate: useRef<HTMLButtonElement>(null),
  };
  const form = useRef<HTMLFormElement>(null);
  const offerButton = useRef<HTMLButtonElement>(null);
  const offerStatus = useRef<HTMLSpanElement>(null);
  // "Offer to take over" gives way to the line saying the offer waits, and back once it is answered
  // (declined, or withdrawn): the focus goes with it. Pressed by keyboard, it fell to the page's
  // body. Once the offer is accepted the page changes round it (the conversation is mine), and the
  // page says where the focus goes.
  const offerWas = useRef({ waiting: offerWaiting, mode });
  useEffect(() => {
    const was = offerWas.current;
    offerWas.current = { waiting: offerWaiting, mode };
    if (was.mode !== mode || (was.waiting === null) === (offerWaiting === null)) return;
    restoreFocus([offerWaiting !== null ? offerStatus.current : offerButton.current]);
  }, [offerWaiting, mode]);
  const wasOpen = useRef<Open>(open);
  useEffect(() => {
    const was = wasOpen.current;
    if (was === open) return;
    wasOpen.current = open;
    const active = document.activeElement;
    const lost = active === null || active === document.body || !active.isConnected;
    if (open !== "none") {
      // Opened from its button (not by something else changing while the focus is elsewhere).
      if (active === toggles[open].current)
        form.current?.querySelector<HTMLElement>("textarea, select, input")?.focus();
    } else if (was !== "none" && lost) toggles[was].current?.focus();
  });
  /** The props of the button that opens (and closes) a rung's form; `before` runs first. */
  const toggle = (rung: Exclude<Open, "none">, before?: () => void) => ({
    ref: toggles[rung],
    type: "button" as const,
    "aria-expanded": open === rung,
    onClick: () => {
      before?.();
      setOpen(open === rung ? "none" : rung);
    },
  });
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || open === "none") return;
    e.preventDefault();
    toggles[open].current?.focus();
    setOpen("none");
  };
  // The whisper box starts from the suggestion of the moment it opens; once the helper types (or
  // drafts) in it, it is theirs, whatever the conversation suggests next.
  const [whisper, setWhisper] = useState(suggestedWhisper ?? "");
  const [edited, setEdited] = useState(false);
  const [toPersonId, setToPersonId] = useState("");
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [drafting, setDrafting] = useState(false);
  const [draftError, setDraftError] = useState<string | null>(null);
  const draft = async () => {
    if (onDraftWhisper === undefined) return;
    setDrafting(true);
    setDraftError(null);
    try {
      setWhisper(await onDraftWhisper());
      setEdited(true);
    } catch (e) {
      setDraftError(e instanceof Error ? e.message : String(e));
    } finally {
      setDrafting(false);
    }
  };
  const act = async (a: StepInAction) => {
    if (!(await onAct(a))) return;
    if (a.kind === "whisper") {
      setWhisper("");
      setEdited(false);
    }
    setOpen("none");
    setNote("");
    setReason("");
  };
  return (
    <div className="stack">
      <div className="row" role="group" aria-label="Step in">
        {mode === "helper" ? (
          <>
            <button
              type="button"
              className="btn private"
              disabled={busy}
              onClick={() => void act({ kind: "signal" })}
            >
              Signal support
            </button>
            <button
              className="btn private"
              {...toggle("whisper", () => {
                if (!edited) setWhisper(suggestedWhisper ?? "");
              })}
            >
              Whisper…
            </button>
            {offerWaiting === null ? (
              <button
                ref={offerButton}
                type="button"
                className="btn"
                disabled={busy}
                onClick={() => void act({ kind: "takeover_offer" })}
              >
                Offer to take over
              </button>
            ) : (
              <span ref={offerStatus} tabIndex={-1} className="small muted" role="status">
                {offerWaiting === "you" ? "Your offer" : `${offerWaiting}’s offer`} to take over waits for the
                agent’s answer
              </span>
            )}
          </>
        ) : null}
        <button className="btn" {...toggle("transfer")}>
          Warm transfer…
        </button>
        <button className="btn danger" {...toggle("escalate")}>
          Escalate…
        </button>
      </div>
      {open === "whisper" ? (
        <RungForm
          formRef={form}
          onKeyDown={closeOnEscape}
          onSend={() => {
            if (whisper.trim() !== "") void act({ kind: "whisper", text: whisper.trim() });
          }}
        >
          <label className="field">
            <span>Whisper to the agent (private: the customer never sees it)</span>
            <textarea
              className="textarea"
              rows={3}
              value={whisper}
              maxLength={WHISPER_MAX_CHARS}
              aria-busy={drafting}
              onChange={(e) => {
                setWhisper(e.target.value);
                setEdited(true);
              }}
            />
          </label>
          <CharsLeft length={whisper.length} max={WHISPER_MAX_CHARS} />
          <div className="row">
            <button
              type="submit"
              className="btn primary"
              disabled={busy || drafting || whisper.trim() === ""}
            >
              Send whisper
            </button>
            {onDraftWhisper !== undefined ? (
              <button
                type="button"
                className="btn private"
                disabled={drafting}
                aria-busy={drafting}
                onClick={() => void draft()}
              >
                {drafting ? (
                  <>
                    <span className="spinner" aria-hidden="true" />
                    Drafting…
                  </>
                ) : (
                  "Draft it for me"
                )}
              </button>
            ) : null}
          </div>
          {draftError !== null ? (
            <div className="notice error" role="alert">
              {draftError}
            </div>
          ) : null}
        </RungForm>
      ) : null}
      {open === "transfer" ? (
        <RungForm
          formRef={form}
          onKeyDown={closeOnEscape}
          onSend={() => {
            if (toPersonId !== "")
              void act({ kind: "warm_transfer", toPersonId, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          <label className="field">
            <span>Transfer to</span>
            <select
              className="select"
              value={toPersonId}
              onChange={(e) => setToPersonId(e.target.value)}
              required
            >
              <option value="">Choose a teammate…</option>
              {teammates.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {p.role} · {p.availability}
                  {p.topics.length ? ` · ${p.topics.slice(0, 3).join(", ")}` : ""}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Note for the receiver (added to the summary)</span>
            <textarea
              className="textarea"
              rows={2}
              value={note}
              maxLength={HANDOVER_NOTE_MAX_CHARS}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <CharsLeft length={note.length} max={HANDOVER_NOTE_MAX_CHARS} />
          <div className="row">
            <button type="submit" className="btn primary" disabled={busy || toPersonId === ""}>
              Transfer with summary
            </button>
          </div>
        </RungForm>
      ) : null}
      {open === "escalate" ? (
        <RungForm
          formRef={form}
          onKeyDown={closeOnEscape}
          onSend={() => {
            if (reason.trim() !== "") void act({ kind: "escalate", reason: reason.trim() });
          }}
        >
          <label className="field">
            <span>Why escalate (the lead reads this)</span>
            <textarea
              className="textarea"
              rows={2}
              value={reason}
              maxLength={HANDOVER_NOTE_MAX_CHARS}
              onChange={(e) => setReason(e.target.value)}
              required
            />
          </label>
          <CharsLeft length={reason.length} max={HANDOVER_NOTE_MAX_CHARS} />
          <div className="row">
            <button type="submit" className="btn danger" disabled={busy || reason.trim() === ""}>
              Escalate to a lead
            </button>
          </div>
        </RungForm>
      ) : null}
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
