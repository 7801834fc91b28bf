// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { toastControl } from "./Toasts.tsx";

/** A toast as Toasts renders it: its link when it has one, then its Dismiss button. */
function toast(link: boolean): HTMLElement {
  const el = document.createElement("div");
  el.className = "toast";
  el.innerHTML = `<div class="toast-title">A title</div><div class="toast-actions">${
    link ? '<a href="/alerts" class="btn small primary">See the alert</a>' : ""
  }<button type="button" class="btn small ghost toast-dismiss" aria-label="Dismiss">Dismiss</button></div>`;
  document.body.append(el);
  return el;
}

describe("where Alt+T takes the keyboard in a toast", () => {
  it("its link when it has one", () => {
    expect(toastControl(toast(true))?.textContent).toBe("See the alert");
  });

  it("its Dismiss button when it has no link (an alert that is over): Alt+T found nothing to reach", () => {
    expect(toastControl(toast(false))?.getAttribute("aria-label")).toBe("Dismiss");
  });

  it("nothing without a toast", () => {
    expect(toastControl(undefined)).toBeNull();
  });
});
