import { useState } from "react";
import { JOURNAL_MAX_CHARS } from "../../../protocol/index.ts";
import { loadFailed, useAction } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { CharsLeft } from "../../ui/CharsLeft.tsx";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { journalApi, journalKeys, useJournal } from "./api.ts";
import { JournalEntries } from "./JournalEntries.tsx";

/** The self-reflection journal: private to its author; nobody else, admins included, can read it. */
export function JournalPage() {
  const entries = useJournal();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useAction((t: string) => journalApi.create(t), [journalKeys.all]);
  const update = useAction((id: string, t: string) => journalApi.update(id, t), [journalKeys.all]);
  const remove = useAction((id: string) => journalApi.remove(id), [journalKeys.all]);
  const fail = (e: unknown) => setError(describeError(e));
  return (
    <>
      <PageHeader
        title="Journal"
        sub="What you noticed, what you would do differently. Only you can read this — not your lead, not an admin."
        actions={<Badge tone="private">Only you</Badge>}
      />
      <div className="two-col">
        <Panel title="New entry">
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              create
                .mutateAsync([text.trim()])
                .then(() => setText(""))
                .catch(fail);
            }}
          >
            <label className="field">
              <span>Reflection</span>
              <textarea
                className="textarea"
                rows={6}
                value={text}
                maxLength={JOURNAL_MAX_CHARS}
                placeholder="When I watched the conversation with…, I noticed…"
                onChange={(e) => setText(e.target.value)}
              />
            </label>
            <CharsLeft length={text.length} max={JOURNAL_MAX_CHARS} />
            {error !== null ? (
              <div className="notice error" role="alert">
                {error}
              </div>
            ) : null}
            <div>
              <button type="submit" className="btn primary" disabled={create.isPending || text.trim() === ""}>
                Save entry
              </button>
            </div>
          </form>
        </Panel>
        <Panel title="Entries">
          {loadFailed(entries) ? (
            <ErrorNotice error={entries.error} />
          ) : entries.isPending ? (
            <div className="empty">Loading…</div>
          ) : (
            <JournalEntries
              entries={entries.data}
              busy={update.isPending || remove.isPending}
              onSave={(id, t) =>
                update.mutateAsync([id, t]).then(
                  () => true,
                  (e: unknown) => {
                    fail(e);
                    return false;
                  },
                )
              }
              onDelete={(id) => remove.mutateAsync([id]).catch(fail)}
            />
          )}
        </Panel>
      </div>
    </>
  );
}
