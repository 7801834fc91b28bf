// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { keepFocusThroughBusy } from "./keepFocusThroughBusy.ts";

const flush = () => new Promise((r) => setTimeout(r, 0));
let stop: () => void = () => {};
afterEach(() => {
  stop();
  document.body.replaceChildren();
});

/**
 * A button that is focused, then disabled: chromium drops the focus to the body at its next
 * rendering step after it turned disabled. happy-dom neither does nor lets a disabled button be
 * blurred, so the test drops it first (the accessibility test in chromium presses a real one).
 */
async function pressAndDisable(): Promise<HTMLButtonElement> {
  const button = document.createElement("button");
  button.textContent = "Send whisper";
  document.body.append(button);
  button.focus();
  button.blur();
  button.disabled = true;
  await flush();
  return button;
}

describe("keepFocusThroughBusy", () => {
  it("gives the focus back to a button once it is enabled again after its action ran", async () => {
    stop = keepFocusThroughBusy();
    const button = await pressAndDisable();
    expect(document.activeElement).toBe(document.body);
    button.disabled = false;
    await flush();
    expect(document.activeElement).toBe(button);
  });

  it("leaves the focus where the person moved it meanwhile", async () => {
    stop = keepFocusThroughBusy();
    const button = await pressAndDisable();
    const other = document.createElement("input");
    document.body.append(other);
    other.focus();
    button.disabled = false;
    await flush();
    expect(document.activeElement).toBe(other);
  });
});
