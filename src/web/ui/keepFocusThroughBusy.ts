/**
 * A button disabled while its action runs (`disabled={busy}`) drops the keyboard focus: the browser
 * moves it to the page's body, and leaves it there when the button is enabled again, so a screen
 * reader loses its place and the next Tab starts wherever the browser guesses. This gives it back:
 * when the element holding the focus turns disabled, it gets the focus again once it is enabled,
 * if the focus is still nowhere by then (the person did not move on) and it is still in the page.
 * Installed once, by the app (main.tsx); returns how to stop.
 */
export function keepFocusThroughBusy(doc: Document = document): () => void {
  let focused: Element | null = null;
  let waiting: HTMLElement | null = null;
  const lost = () => doc.activeElement === null || doc.activeElement === doc.body;
  const onFocusIn = (e: FocusEvent) => {
    focused = e.target instanceof Element ? e.target : null;
    waiting = null;
  };
  const observer = new MutationObserver((records) => {
    for (const { target } of records) {
      if (!(target instanceof HTMLElement)) continue;
      // The browser drops the focus a moment after (at its next rendering step), not at once.
      if (target.hasAttribute("disabled")) {
        if (target === focused) waiting = target;
      } else if (target === waiting) {
        waiting = null;
        if (lost() && target.isConnected) target.focus();
      }
    }
  });
  doc.addEventListener("focusin", onFocusIn);
  observer.observe(doc.documentElement, { subtree: true, attributes: true, attributeFilter: ["disabled"] });
  return () => {
    doc.removeEventListener("focusin", onFocusIn);
    observer.disconnect();
  };
}
