import { useState } from "react";
import { JOURNAL_MAX_CHARS, type JournalEntry } from "../../../protocol/index.ts";
import { formatWhen } from "../../lib/format.ts";
import { CharsLeft } from "../../ui/CharsLeft.tsx";
import { EmptyState } from "../../ui/Panel.tsx";

/** My journal entries, newest first, each editable in place. */
export function JournalEntries({
  entries,
  onSave,
  onDelete,
  busy,
}: {
  entries: readonly JournalEntry[];
  /** Resolves true once saved; on false the entry stays open with what was typed. */
  onSave: (id: string, text: string) => Promise<boolean>;
  onDelete: (id: string) => void;
  busy: boolean;
}) {
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  if (entries.length === 0) return <EmptyState>Nothing written yet.</EmptyState>;
  return (
    <ul className="timeline" aria-label="Journal entries">
      {entries.map((e) => (
        <li key={e.id}>
          <div className="grow stack" style={{ gap: 6 }}>
            <span className="muted small">{formatWhen(e.createdAt)}</span>
            {editing?.id === e.id ? (
              <>
                <textarea
                  className="textarea"
                  aria-label="Edit entry"
                  rows={3}
                  value={editing.text}
                  maxLength={JOURNAL_MAX_CHARS}
                  onChange={(x) => setEditing({ id: e.id, text: x.target.value })}
                />
                <CharsLeft length={editing.text.length} max={JOURNAL_MAX_CHARS} />
                <div className="row">
                  <button
                    type="button"
                    className="btn small primary"
                    disabled={busy || editing.text.trim() === ""}
                    onClick={() => {
                      void onSave(e.id, editing.text.trim()).then((ok) => {
                        if (ok) setEditing(null);
                      });
                    }}
                  >
                    Save
                  </button>
                  <button type="button" className="btn small ghost" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </div>
              </>
            ) : (
              <>
                <p style={{ margin: 0, whiteSpace: "pre-wrap" }}>{e.text}</p>
                <div className="row">
                  <button
                    type="button"
                    className="btn small ghost"
                    onClick={() => setEditing({ id: e.id, text: e.text })}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn small ghost"
                    disabled={busy}
                    onClick={() => onDelete(e.id)}
                  >
                    Delete
                  </button>
                </div>
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
