import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiClient } from "../../lib/api.ts";
import { ApiError } from "../../lib/http.ts";
import { queryKeys } from "../../lib/queries.ts";
import { SignInForm } from "./SignInForm.tsx";
import { clearSignOutNotice, signOutNotice } from "./signOutNotice.ts";

/** The sign-in page: posts the credentials, then the app reloads who I am. */
export function SignInPage() {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Why the server signed this page out, if it did (read once: a later visit starts plain).
  const [notice] = useState(signOutNotice);
  const submit = async (email: string, password: string) => {
    setBusy(true);
    setError(null);
    try {
      const { me } = await apiClient.signIn({ email, password });
      clearSignOutNotice();
      // What the tab still holds from a session that ended under it (signed out elsewhere,
      // deactivated, expired) goes first: whoever signs in here next must not see the last
      // person's pages, their private journal or alerts, while their own are read.
      // (Who I am stays: the app's observer of it must see the answer below.)
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
      queryClient.setQueryData(queryKeys.me, me);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === "UNAUTHENTICATED"
          ? "That email and password do not match an account."
          : e instanceof ApiError && e.issues.length > 0
            ? e.issues.join("; ")
            : e instanceof Error
              ? e.message
              : String(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <SignInForm
        busy={busy}
        error={error}
        notice={notice}
        onSubmit={(email, password) => void submit(email, password)}
      />
    </main>
  );
}
