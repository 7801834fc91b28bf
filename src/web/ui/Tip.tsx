import { useLayoutEffect, useRef, useState, type ReactNode } from "react";

/** The least room kept between a shown explanation and the window's edge. */
const EDGE_PX = 8;
/** The gap between the text and its explanation. */
const GAP_PX = 4;

/**
 * Places a shown explanation under its button (above it when there is no room below), moved left as
 * far as needed to stay whole in the window: it is fixed to the window, so a table that scrolls
 * sideways inside its panel does not cut it off either.
 */
function place(button: HTMLElement, text: HTMLElement): void {
  const b = button.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const height = window.innerHeight;
  const left = Math.max(EDGE_PX, Math.min(b.left, width - EDGE_PX - text.offsetWidth));
  const below = b.bottom + GAP_PX;
  const above = b.top - GAP_PX - text.offsetHeight;
  const top = below + text.offsetHeight > height - EDGE_PX && above >= EDGE_PX ? above : below;
  text.style.left = `${Math.round(left)}px`;
  text.style.top = `${Math.round(top)}px`;
}

function focusVisible(el: Element): boolean {
  try {
    return el.matches(":focus-visible");
  } catch {
    return true;
  }
}

/**
 * A short text with its explanation, for everyone: the pointer's hover, the keyboard's focus (Tab
 * stops on it) and a tap or click (which keeps it open) show the explanation below it; Escape hides
 * it (WCAG 1.4.13). A screen reader hears it with the text, as the button's name. A `title` tooltip
 * opened for a pointer alone: a keyboard could not reach the reason behind a verdict or a trend.
 * The explanation stays whole on a phone: it moves left from the screen's right edge, and is not cut
 * off by a table scrolling in its panel.
 */
export function Tip({ tip, children }: { tip: string; children: ReactNode }) {
  const [pinned, setPinned] = useState(false);
  const [hidden, setHidden] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const text = useRef<HTMLSpanElement>(null);
  const shown = !hidden && (pinned || hovered || focused);
  useLayoutEffect(() => {
    const b = button.current;
    const t = text.current;
    if (!shown || b === null || t === null) return;
    const replace = () => place(b, t);
    replace();
    window.addEventListener("scroll", replace, true);
    window.addEventListener("resize", replace);
    return () => {
      window.removeEventListener("scroll", replace, true);
      window.removeEventListener("resize", replace);
    };
  }, [shown, tip]);
  const classes = ["tip", pinned ? "pinned" : "", hidden ? "hidden" : "", shown ? "shown" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <span
      className={classes}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => {
        setHovered(false);
        setHidden(false);
      }}
    >
      <button
        ref={button}
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
        onFocus={(e) => setFocused(focusVisible(e.currentTarget))}
        onBlur={() => {
          setFocused(false);
          setPinned(false);
          setHidden(false);
        }}
      >
        {children}
        <span className="visually-hidden"> ({tip})</span>
      </button>
      {/* What the name says already: shown, not read twice. */}
      <span ref={text} className="tip-text" aria-hidden="true">
        {tip}
      </span>
    </span>
  );
}
