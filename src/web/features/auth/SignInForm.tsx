import { useState } from "react";

/** tagteam's mark above the forms of the signed-out pages (sign in, a sign-in link). */
export function SignInBrand() {
  return (
    <div className="brand" style={{ color: "var(--text)", padding: "0 0 6px" }}>
      <span className="brand-mark" style={{ color: "#fff" }} aria-hidden="true">
        tt
      </span>
      tagteam
    </div>
  );
}

/** The sign-in form, labelled and keyboard-usable; it does not fetch, it calls `onSubmit`. */
export function SignInForm({
  busy,
  error,
  notice = null,
  onSubmit,
}: {
  busy: boolean;
  error: string | null;
  /** Why this page was signed out (the server ended the session), shown above the fields. */
  notice?: string | null;
  onSubmit: (email: string, password: string) => void;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <div className="panel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(email.trim(), password);
        }}
        aria-labelledby="signin-title"
      >
        <div>
          <SignInBrand />
          <h1 id="signin-title">Sign in</h1>
          <p className="muted">Know when to step in, and how.</p>
        </div>
        {notice !== null ? (
          <div className="notice" role="status">
            {notice}
          </div>
        ) : null}
        <label className="field">
          <span>Email</span>
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null ? (
          <div className="notice error" role="alert">
            {error}
          </div>
        ) : null}
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="small muted">
          Forgot your password? An admin of your team can send you a sign-in link.
        </p>
      </form>
    </div>
  );
}
