import { useState } from "react";
import { describeError } from "../conversation/ConversationPage.tsx";

/** What taking a backup looks like from here. */
type BackupState =
  | { kind: "idle" }
  | { kind: "taking"; since: number }
  | { kind: "done"; bytes: number; ms: number; filename: string }
  | { kind: "failed"; message: string };

/** Fetches a backup and hands it to the browser as a download; the API's refusal comes back in words. */
export async function downloadBackup(
  fetchBackup: () => Promise<Response> = () => fetch("/api/v1/admin/backup", { credentials: "same-origin" }),
  save: (blob: Blob, filename: string) => void = saveFile,
): Promise<{ bytes: number; filename: string }> {
  const res = await fetchBackup();
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
  }
  const blob = await res.blob();
  const disposition = res.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "tagteam-backup.tar.gz";
  save(blob, filename);
  return { bytes: blob.size, filename };
}

function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Admin → Backup: download the embedded database as one file, and how to restore it. While the
 * backup is taken, writes wait (seconds for a large database), so it says so before and during.
 */
export function BackupAdmin({ download = downloadBackup }: { download?: typeof downloadBackup }) {
  const [state, setState] = useState<BackupState>({ kind: "idle" });
  const take = () => {
    const since = Date.now();
    setState({ kind: "taking", since });
    download()
      .then(({ bytes, filename }) => setState({ kind: "done", bytes, ms: Date.now() - since, filename }))
      .catch((e: unknown) => setState({ kind: "failed", message: describeError(e) }));
  };
  return (
    <div className="panel-body stack">
      <p style={{ margin: 0 }}>
        A backup is the whole embedded database in one file: conversations, people, settings, everything.
        While it is taken, new messages wait (a few seconds for a large database), so take it when the floor
        is quiet, or nightly from a script with an admin&apos;s API token:{" "}
        <code>curl -H &quot;Authorization: Bearer …&quot; -o backup.tar.gz …/api/v1/admin/backup</code>.
      </p>
      <div className="row" style={{ gap: 10 }}>
        <button type="button" className="btn primary" disabled={state.kind === "taking"} onClick={take}>
          {state.kind === "taking" ? "Taking the backup…" : "Download a backup"}
        </button>
        {state.kind === "taking" ? (
          <span className="small muted" role="status">
            Writes wait until it is done.
          </span>
        ) : null}
      </div>
      {state.kind === "done" ? (
        <div className="notice ok" role="status">
          Saved {state.filename} ({(state.bytes / 1e6).toFixed(1)} MB, taken in {(state.ms / 1000).toFixed(1)}{" "}
          s).
        </div>
      ) : state.kind === "failed" ? (
        <div className="notice error" role="alert">
          {state.message}
        </div>
      ) : null}
      <p className="small muted" style={{ margin: 0 }}>
        To restore: stop the server, run{" "}
        <code>npx tagteam restore &lt;file&gt; --data-dir ./data-restored</code> (a new, empty directory),
        then start it with <code>TAGTEAM_DATA_DIR=./data-restored</code>. With PostgreSQL (
        <code>DATABASE_URL</code>), back up with <code>pg_dump</code> instead.
      </p>
    </div>
  );
}
