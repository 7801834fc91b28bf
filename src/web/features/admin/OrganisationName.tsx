import { useState } from "react";

/**
 * The organisation's name, as its people see it above the navigation and in their sign-in links
 * ("You were added to …"). The first start calls it "tagteam", which read as the product's name
 * everywhere a customer's own name belonged.
 */
export function OrganisationName({
  name,
  busy,
  onRename,
}: {
  name: string;
  busy: boolean;
  /** Resolves true once saved (false: the error is shown above). */
  onRename: (name: string) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(name);
  const [saved, setSaved] = useState(false);
  const changed = draft.trim() !== "" && draft.trim() !== name;
  return (
    <form
      className="panel-body filters"
      aria-label="The organisation's name"
      style={{ borderBottom: "1px solid var(--line)" }}
      onSubmit={(e) => {
        e.preventDefault();
        if (!changed) return;
        setSaved(false);
        void onRename(draft.trim()).then((ok) => setSaved(ok));
      }}
    >
      <div className="field grow" style={{ maxWidth: 420 }}>
        <label htmlFor="organisation-name" style={{ fontSize: 12, fontWeight: 600, color: "var(--text-2)" }}>
          Organisation name
        </label>
        <input
          id="organisation-name"
          className="input"
          required
          maxLength={200}
          value={draft}
          aria-describedby="organisation-name-hint"
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
          }}
        />
        <small id="organisation-name-hint" className="muted">
          Your people see it above the navigation and in their sign-in links (“You were added to …”).
        </small>
      </div>
      <button className="btn" type="submit" disabled={busy || !changed}>
        Save name
      </button>
      {saved ? (
        <span className="notice" role="status">
          Saved.
        </span>
      ) : null}
    </form>
  );
}
