import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiClient } from "../../lib/api.ts";
import { ApiError } from "../../lib/http.ts";
import { queryKeys } from "../../lib/queries.ts";
import { SignInBrand } from "./SignInForm.tsx";

const MIN_PASSWORD = 12;

/**
 * A one-time sign-in link (`/welcome/<token>`), opened by the person an admin made it for: they
 * choose their own password and are signed in. A link that cannot be used says so and leads to
 * the sign-in page.
 */
export function WelcomePage({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const info = useQuery({
    queryKey: ["sign-in-link", token],
    queryFn: () => apiClient.signInLinkInfo(token),
    retry: false,
  });
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (password.length < MIN_PASSWORD) {
      setError(`Your password needs at least ${MIN_PASSWORD} characters (it has ${password.length}).`);
      return;
    }
    if (password !== again) {
      setError("The two passwords are not the same. Type the same password twice.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { me } = await apiClient.useSignInLink(token, password);
      // The link is spent: it leaves the address bar and the history, and the app opens as them.
      window.history.replaceState(null, "", "/");
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
      queryClient.setQueryData(queryKeys.me, me);
    } catch (e) {
      setError(
        e instanceof ApiError && e.issues.length > 0
          ? e.issues.join("; ")
          : e instanceof Error
            ? e.message
            : String(e),
      );
      if (e instanceof ApiError && e.status === 404) void info.refetch();
    } finally {
      setBusy(false);
    }
  };

  if (info.isPending)
    return (
      <main className="signin">
        <div className="empty" role="status" aria-busy="true">
          Loading…
        </div>
      </main>
    );
  if (info.isError)
    return (
      <main className="signin">
        <div className="panel" role="alert">
          <SignInBrand />
          <h1>This link cannot be used</h1>
          <p className="muted">
            {info.error instanceof ApiError && info.error.status === 404
              ? "It was used already, replaced by a newer one, or it has expired. Ask an admin of your team for a new one."
              : `tagteam could not check it: ${info.error instanceof Error ? info.error.message : String(info.error)}`}
          </p>
          <a className="btn" href="/">
            Go to sign in
          </a>
        </div>
      </main>
    );
  const { name, email, orgName, purpose } = info.data;
  const first = name.split(/\s+/)[0] ?? name;
  return (
    <main className="signin">
      <div className="panel">
        <form
          aria-labelledby="welcome-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div>
            <SignInBrand />
            <h1 id="welcome-title">
              {purpose === "invite" ? `Welcome to tagteam, ${first}` : `Choose a new password, ${first}`}
            </h1>
            <p className="muted">
              {purpose === "invite"
                ? `You were added to ${orgName}. Choose a password to sign in with ${email}.`
                : `For ${email} at ${orgName}. Once it is set, you are signed out wherever else you were signed in.`}
            </p>
          </div>
          {/* For password managers: the account the new password belongs to. */}
          <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
          <label className="field">
            <span>New password</span>
            <input
              className="input"
              type="password"
              name="new-password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD}
              aria-describedby="welcome-hint"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <small id="welcome-hint" className="muted">
              At least {MIN_PASSWORD} characters. A few words you will remember work well.
            </small>
          </label>
          <label className="field">
            <span>The same password again</span>
            <input
              className="input"
              type="password"
              name="repeat-password"
              autoComplete="new-password"
              required
              value={again}
              onChange={(e) => setAgain(e.target.value)}
            />
          </label>
          {error !== null ? (
            <div className="notice error" role="alert">
              {error}
            </div>
          ) : null}
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Set password and sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
