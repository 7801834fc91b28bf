// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { BackupAdmin, downloadBackup } from "./BackupAdmin.tsx";

afterEach(cleanup);

describe("downloadBackup", () => {
  it("saves what the server sends under the name it gives", async () => {
    const saved: [number, string][] = [];
    const r = await downloadBackup(
      async () =>
        new Response(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), {
          headers: {
            "content-type": "application/gzip",
            "content-disposition": 'attachment; filename="tagteam-backup-2026-12-05T12-00-00.tar.gz"',
          },
        }),
      (blob, filename) => saved.push([blob.size, filename]),
    );
    expect(r).toEqual({ bytes: 5, filename: "tagteam-backup-2026-12-05T12-00-00.tar.gz" });
    expect(saved).toEqual([[5, "tagteam-backup-2026-12-05T12-00-00.tar.gz"]]);
  });

  it("says the server's reason when it refuses", async () => {
    const refusal = () =>
      downloadBackup(
        async () =>
          new Response(
            JSON.stringify({
              error: {
                code: "INVALID_STATE",
                message: "This server stores its data in PostgreSQL: back it up with pg_dump",
              },
            }),
            { status: 409, headers: { "content-type": "application/json" } },
          ),
        () => undefined,
      );
    await expect(refusal()).rejects.toThrow("back it up with pg_dump");
  });
});

describe("BackupAdmin", () => {
  it("takes a backup on request and says what was saved, or why not", async () => {
    let answer: "ok" | "refused" = "ok";
    render(
      <BackupAdmin
        download={async () => {
          if (answer === "refused")
            throw new Error("This server stores its data in PostgreSQL: back it up with pg_dump");
          return { bytes: 4_500_000, filename: "tagteam-backup.tar.gz" };
        }}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Download a backup" }));
    expect((await screen.findByRole("status")).textContent).toMatch(
      /Saved tagteam-backup\.tar\.gz \(4\.5 MB/,
    );
    answer = "refused";
    await userEvent.click(screen.getByRole("button", { name: "Download a backup" }));
    expect((await screen.findByRole("alert")).textContent).toContain("pg_dump");
  });
});
