// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../lib/http.ts";
import { ChangePasswordForm } from "./AccountPage.tsx";

afterEach(cleanup);

async function fill(current: string, next: string, again: string) {
  await userEvent.type(screen.getByLabelText("Current password"), current);
  await userEvent.type(screen.getByLabelText("New password"), next);
  await userEvent.type(screen.getByLabelText("New password again"), again);
  await userEvent.click(screen.getByRole("button", { name: "Change password" }));
}

describe("ChangePasswordForm", () => {
  it("does not send a new password typed differently twice", async () => {
    const sent: unknown[] = [];
    render(<ChangePasswordForm change={async (b) => (sent.push(b), { ok: true, signedOutSessions: 0 })} />);
    await fill("old password here", "a new long password", "a new long passw0rd");
    expect(sent).toEqual([]);
    expect(screen.getByText("New password again does not match the new password")).toBeTruthy();
  });

  it("shows the server's reason beside its field", async () => {
    render(
      <ChangePasswordForm
        change={async () => {
          throw new ApiError(400, "VALIDATION_FAILED", "Invalid request", {
            issues: [
              { path: ["body", "currentPassword"], message: "is not your current password", code: "custom" },
            ],
          });
        }}
      />,
    );
    await fill("wrong one", "a new long password", "a new long password");
    expect(await screen.findByText("Current password is not your current password")).toBeTruthy();
    expect(screen.getByLabelText("Current password").getAttribute("aria-invalid")).toBe("true");
  });

  it("says it changed and how many other sessions were signed out, and clears the fields", async () => {
    const sent: unknown[] = [];
    render(<ChangePasswordForm change={async (b) => (sent.push(b), { ok: true, signedOutSessions: 2 })} />);
    await fill("old password here", "a new long password", "a new long password");
    expect(await screen.findByRole("status")).toHaveProperty(
      "textContent",
      "Your password is changed. 2 other sessions were signed out.",
    );
    expect(sent).toEqual([{ currentPassword: "old password here", newPassword: "a new long password" }]);
    expect((screen.getByLabelText("New password") as HTMLInputElement).value).toBe("");
  });
});
