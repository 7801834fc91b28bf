import { useState, type ReactNode } from "react";

/**
 * A short text with its explanation, for everyone: the pointer's hover, the keyboard's focus (Tab
 * stops on it) and a tap or click (which keeps it open) show the explanation below it; Escape hides
 * it (WCAG 1.4.13). A screen reader hears it with the text, as the button's name. A `title` tooltip
 * opened for a pointer alone: a keyboard could not reach the reason behind a verdict or a trend.
 */
export function Tip({ tip, children }: { tip: string; children: ReactNode }) {
  const [pinned, setPinned] = useState(false);
  const [hidden, setHidden] = useState(false);
  const classes = ["tip", pinned ? "pinned" : "", hidden ? "hidden" : ""].filter(Boolean).join(" ");
  return (
    <span className={classes} onMouseLeave={() => setHidden(false)}>
      <button
        type="button"
        className="tip-button"
        onClick={() => {
          setPinned((p) => !p);
          setHidden(false);
        }}
        onKeyDown={(e) => {
          if (e.key !== "Escape" || hidden) return;
          // Only this tip's Escape: an enclosing dialog or menu keeps its own.
          e.stopPropagation();
          setPinned(false);
          setHidden(true);
        }}
        onBlur={() => {
          setPinned(false);
          setHidden(false);
        }}
      >
        {children}
        <span className="visually-hidden"> ({tip})</span>
      </button>
      {/* What the name says already: shown, not read twice. */}
      <span className="tip-text" aria-hidden="true">
        {tip}
      </span>
    </span>
  );
}
