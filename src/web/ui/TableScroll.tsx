import { useLayoutEffect, useRef, useState, type ReactNode } from "react";

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
  return (
    <div
      ref={ref}
      className={scrolls ? "table-scroll scrolls" : "table-scroll"}
      {...(scrolls
        ? { role: "region", tabIndex: 0, "aria-label": label, "aria-labelledby": labelledBy }
        : {})}
    >
      {children}
    </div>
  );
}
