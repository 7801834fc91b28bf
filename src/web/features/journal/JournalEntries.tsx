import { useState } from "react";
import type { JournalEntry } from "../../../protocol/index.ts";
import { formatWhen } from "../../lib/format.ts";
import { EmptyState } from "../../ui/Panel.tsx";

/** My journal entries, newest first, each editable in place. */
export function JournalEntries({
  entries,
  onSave,
  onDelete,
  busy,
}: {
  entries: readonly JournalEntry[];
  onSave: (id: string, text: string) => void;
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
                  onChange={(x) => setEditing({ id: e.id, text: x.target.value })}
                />
                <div className="row">
                  <button
                    type="button"
                    className="btn small primary"
                    disabled={busy || editing.text.trim() === ""}
                    onClick={() => {
                      onSave(e.id, editing.text.trim());
                      setEditing(null);
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
