import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { MAX_DEBRIEF_CARD_LINES, type Debrief, type UpdateDebriefBody } from "../../../protocol/index.ts";
import { Badge } from "../../ui/Badge.tsx";

/** Lines of a textarea → the card's list (blank lines dropped). */
export function toLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * A textarea as tall as its text. On a phone a drafted line wraps to two or three rows, and the
 * card's rows (one per line) hid the rest of the draft behind a scroll inside each box.
 */
function useFitToText(value: string) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const fit = () => {
      el.style.height = "";
      // Borders (and a scrollbar) on top of what scrollHeight counts; nothing to measure unlaid out.
      if (el.scrollHeight > el.clientHeight)
        el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
    };
    fit();
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, [value]);
  return ref;
}

const CHANNEL_WORD: Record<string, string> = { chat: "chat", email: "email", call: "call", voice: "call" };

/** "Ana Silva and Ben Okafor", "Ana Silva, Ben Okafor and Cho Yamada". */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}

/**
 * What tells one card from another, never the customer's name: whose card and the step-in's other
 * people ("My card · helper to Cho Yamada", "agent, helped by Ben Okafor"), and the conversation's
 * topic, channel and short reference ("shipping · chat · #3F9A2C"). Several cards read "My card ·
 * agent · shipping" before.
 */
export function debriefLabel(
  d: Pick<
    Debrief,
    | "personId"
    | "personName"
    | "role"
    | "agentName"
    | "withNames"
    | "conversationSubject"
    | "channel"
    | "conversationRef"
  >,
  meId: string,
): { who: string; about: string } {
  const owner = d.personId === meId ? "My card" : (d.personName ?? "Card");
  const part =
    d.role === "agent"
      ? d.withNames.length > 0
        ? `agent, helped by ${joinNames(d.withNames)}`
        : "agent"
      : d.agentName !== null && d.agentName !== d.personName
        ? `helper to ${d.agentName}`
        : "helper";
  const about = [
    d.conversationSubject ?? "no topic",
    d.channel === null ? null : (CHANNEL_WORD[d.channel] ?? d.channel),
    d.conversationRef,
  ].filter((x): x is string => x !== null && x !== "");
  return { who: `${owner} · ${part}`, about: about.join(" · ") };
}

/** The card's conversation, said at its top: "shipping · chat · #3F9A2C, Cho Yamada helped by Ana Silva". */
function debriefAbout(d: Debrief): string {
  const { about } = debriefLabel(d, "");
  const agent = d.role === "agent" ? d.personName : d.agentName;
  const helpers =
    d.role === "agent" ? d.withNames : [d.personName ?? "", ...d.withNames.filter((n) => n !== agent)];
  const people =
    agent !== null && helpers.filter((h) => h !== "").length > 0
      ? `, ${agent} helped by ${joinNames(helpers.filter((h) => h !== ""))}`
      : "";
  return `${about}${people}`;
}

/** The server's limits on a card (src/protocol/loop2.ts): lines per list, characters per line and for "try next". */
const LINE_MAX_CHARS = 500;
const TRY_NEXT_MAX_CHARS = 2000;

/** What is wrong with one list of lines before the server refuses it, in the writer's words; null when fine. */
function listProblem(text: string): string | null {
  const lines = toLines(text);
  if (lines.length > MAX_DEBRIEF_CARD_LINES)
    return `At most ${MAX_DEBRIEF_CARD_LINES} lines: this has ${lines.length}. Keep the ones that matter most.`;
  const long = lines.findIndex((l) => l.length > LINE_MAX_CHARS);
  if (long >= 0) return `Line ${long + 1} is longer than ${LINE_MAX_CHARS} characters: split or shorten it.`;
  return null;
}

/**
 * The two-minute debrief card: what went well, what felt tricky, one thing to try next time.
 * Pre-filled by tagteam from the evidence; its owner edits and saves it, others read it.
 */
export function DebriefCard({
  debrief,
  onSave,
  busy,
  error,
}: {
  debrief: Debrief;
  onSave: (body: UpdateDebriefBody) => void;
  busy: boolean;
  error: string | null;
}) {
  const [wentWell, setWentWell] = useState(debrief.wentWell.join("\n"));
  const [tricky, setTricky] = useState(debrief.tricky.join("\n"));
  const [tryNext, setTryNext] = useState(debrief.tryNext);
  // Reset to the stored card only when it is another card or was saved since (a refetch of the
  // same card must not wipe what is being typed).
  const stored = JSON.stringify([debrief.id, debrief.updatedAt]);
  useEffect(() => {
    setWentWell(debrief.wentWell.join("\n"));
    setTricky(debrief.tricky.join("\n"));
    setTryNext(debrief.tryNext);
  }, [stored]);
  const readOnly = !debrief.editable;
  const wentWellProblem = readOnly ? null : listProblem(wentWell);
  const trickyProblem = readOnly ? null : listProblem(tricky);
  const heading = `${debrief.role === "agent" ? "Agent" : "Helper"} debrief${
    debrief.personName ? ` — ${debrief.personName}` : ""
  }`;
  const wentWellBox = useFitToText(wentWell);
  const trickyBox = useFitToText(tricky);
  const tryNextBox = useFitToText(tryNext);
  return (
    <form
      className="stack debrief-card"
      aria-label={heading}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ wentWell: toLines(wentWell), tricky: toLines(tricky), tryNext: tryNext.trim() });
      }}
    >
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>
          {heading}
        </h2>
        <Badge tone={debrief.status === "saved" ? "ok" : "info"}>
          {debrief.status === "saved" ? "Saved" : "Draft from the evidence"}
        </Badge>
        <Badge
          tone="private"
          title="Only the people in this conversation's step-in and their lead can read it"
        >
          Private
        </Badge>
      </div>
      <p className="muted small" style={{ margin: 0 }}>
        About: {debriefAbout(debrief)}. Two minutes: tagteam filled this in from what happened; change
        anything that isn’t how it felt.
      </p>
      {/* Said where a phone shows it too (the badge's title is hover-only): the card is shared with the
          other people in the step-in and the lead, so what is for oneself alone belongs in the journal. */}
      <p className="muted small" style={{ margin: 0 }}>
        Read by the agent and the helper of this step-in and the team’s lead. Anything just for you:{" "}
        <Link href="/journal">your journal</Link>.
      </p>
      <label className="field">
        <span>What went well (one per line)</span>
        <textarea
          ref={wentWellBox}
          className="textarea"
          rows={Math.max(3, wentWell.split("\n").length + 1)}
          value={wentWell}
          readOnly={readOnly}
          aria-invalid={wentWellProblem !== null}
          aria-describedby={wentWellProblem !== null ? `${debrief.id}-went-well-problem` : undefined}
          onChange={(e) => setWentWell(e.target.value)}
        />
      </label>
      {wentWellProblem !== null ? (
        <div id={`${debrief.id}-went-well-problem`} className="small" role="status">
          {wentWellProblem}
        </div>
      ) : null}
      <label className="field">
        <span>What felt tricky (one per line)</span>
        <textarea
          ref={trickyBox}
          className="textarea"
          rows={Math.max(3, tricky.split("\n").length + 1)}
          value={tricky}
          readOnly={readOnly}
          aria-invalid={trickyProblem !== null}
          aria-describedby={trickyProblem !== null ? `${debrief.id}-tricky-problem` : undefined}
          onChange={(e) => setTricky(e.target.value)}
        />
      </label>
      {trickyProblem !== null ? (
        <div id={`${debrief.id}-tricky-problem`} className="small" role="status">
          {trickyProblem}
        </div>
      ) : null}
      <label className="field">
        <span>One thing to try next time</span>
        <textarea
          ref={tryNextBox}
          className="textarea"
          rows={3}
          value={tryNext}
          maxLength={TRY_NEXT_MAX_CHARS}
          readOnly={readOnly}
          onChange={(e) => setTryNext(e.target.value)}
        />
      </label>
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {readOnly ? (
        <p className="muted small">Only {debrief.personName ?? "its owner"} can edit this card.</p>
      ) : (
        <div className="row">
          <button
            type="submit"
            className="btn primary"
            disabled={busy || wentWellProblem !== null || trickyProblem !== null}
          >
            {busy ? "Saving…" : "Save debrief"}
          </button>
          <button
            type="button"
            className="btn ghost"
            disabled={busy}
            onClick={() => {
              setWentWell(debrief.draft.wentWell.join("\n"));
              setTricky(debrief.draft.tricky.join("\n"));
              setTryNext(debrief.draft.tryNext);
            }}
          >
            Back to tagteam’s draft
          </button>
        </div>
      )}
    </form>
  );
}
