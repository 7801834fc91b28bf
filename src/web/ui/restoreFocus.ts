/**
 * Puts the keyboard focus back after the element that held it went away (a prompt answered, a
 * button swapped for a confirmation): on the first of `candidates` that is still in the page and
 * takes the focus. Without it the focus fell to the page's body, where a screen reader starts over
 * from the top and Tab from wherever the browser guesses. Does nothing when the focus is somewhere
 * already (the person moved on meanwhile).
 */
export function restoreFocus(candidates: readonly (Element | null | undefined)[]): void {
  const active = document.activeElement;
  if (active !== null && active !== document.body && active.isConnected) return;
  for (const el of candidates) {
    if (!(el instanceof HTMLElement) || el === document.body || !el.isConnected) continue;
    el.focus({ preventScroll: false });
    if (document.activeElement === el) return;
  }
}
