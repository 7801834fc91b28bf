import { useLayoutEffect, useRef, useState, type FocusEvent, type ReactNode } from "react";

/** Room kept beside a focused control for its focus ring (4 px) and a little air. */
const FOCUS_ROOM_PX = 6;

/**
 * A data table that scrolls sideways inside its panel when it is wider than the screen (a phone, or
 * a laptop zoomed in), so the page around it does not (WCAG 1.4.10 allows a table to scroll).
 * While it scrolls it is a named region in the tab order, so a keyboard can scroll it with the
 * arrow keys and a screen reader says what it is; when it fits it is a plain box, with no extra stop
 * and the table's sticky headers (a scrolling box would hold them). `scrollWidth` counts what spills
 * out of a box that does not scroll, so the same measure tells both ways.
 */
export function TableScroll({
  label,
  labelledBy,
  children,
}: {
  /** The region's name: the table's own (its aria-label), or the id of its heading. */
  label?: string;
  labelledBy?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    // The box resizes with the window; the table inside with its rows.
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of Array.from(box.children)) observer.observe(child);
    return () => observer.disconnect();
  }, []);
  // A control the keyboard reaches is scrolled whole into the box, with room for its focus ring:
  // the browser leaves one that is partly in view where it is, so a link in the last column or a
  // row's first field after Tab across the row before stayed half cut off at the box's edge.
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const box = ref.current;
    if (!scrolls || box === null || e.target === box) return;
    const shown = box.getBoundingClientRect();
    const left = shown.left + box.clientLeft + FOCUS_ROOM_PX;
    const right = shown.left + box.clientLeft + box.clientWidth - FOCUS_ROOM_PX;
    const r = e.target.getBoundingClientRect();
    // Its start stays in view when it is wider than the box.
    if (r.left < left) box.scrollLeft -= left - r.left;
    else if (r.right > right) box.scrollLeft += Math.min(r.right - right, r.left - left);
  };
  return (
    <div
      ref={ref}
      onFocus={onFocus}
      className={scrolls ? "table-scroll scrolls" : "table-scroll"}
      {...(scrolls
        ? { role: "region", tabIndex: 0, "aria-label": label, "aria-labelledby": labelledBy }
        : {})}
    >
      {children}
    </div>
  );
}
