import { useEffect, useRef, type RefObject } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** What to draw: uPlot's options but the size (the hook sets it), and the data. */
export interface UPlotSpec {
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
}

/** A chart that follows its box's width is never narrower than this, unless told otherwise. */
const MIN_FILL_WIDTH_PX = 240;

/** Whether this browser draws on a canvas (uPlot needs one; a test DOM may have none). */
function canDraw(): boolean {
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}

/**
 * Draws `spec` with uPlot in the element the returned ref is put on: created when the spec changes
 * (memoise it), destroyed when it changes again or the component leaves. With a `width` it keeps that
 * size; without, it fills its box (at least `minWidth`, 240 px unless told) and follows it as the box
 * resizes (the box's width must not come from the chart's, or it could never shrink). Nothing is
 * drawn for a null spec or where the browser has no canvas (the words beside every chart stand
 * alone there).
 */
export function useUPlot(
  spec: UPlotSpec | null,
  size: { height: number; width?: number; minWidth?: number },
): RefObject<HTMLDivElement | null> {
  const host = useRef<HTMLDivElement>(null);
  const { height, width: fixedWidth, minWidth = MIN_FILL_WIDTH_PX } = size;
  useEffect(() => {
    const el = host.current;
    if (el === null || spec === null || !canDraw()) return;
    const width = () => fixedWidth ?? Math.max(minWidth, el.clientWidth);
    const plot = new uPlot({ ...spec.options, width: width(), height }, spec.data, el);
    if (fixedWidth !== undefined) return () => plot.destroy();
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [spec, height, fixedWidth, minWidth]);
  return host;
}
