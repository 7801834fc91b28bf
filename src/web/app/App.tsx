import { Component, lazy, Suspense, useEffect, type ReactNode } from "react";
import { Redirect, Route, Switch, useLocation } from "wouter";
import type { Me } from "../../protocol/resources.ts";
import { SignInPage } from "../features/auth/SignInPage.tsx";
import { useSigningOut } from "../features/auth/signingOut.ts";
import { WelcomePage } from "../features/auth/WelcomePage.tsx";
import { ApiError } from "../lib/http.ts";
import { useMe, useTeams } from "../lib/queries.ts";
import { LAST_EVENT_KEY } from "../realtime/RealtimeClient.ts";
import { RealtimeProvider, useRealtimeRoom } from "../realtime/RealtimeProvider.tsx";
import { leadsHome, NotFoundPage } from "./NotFoundPage.tsx";
import { Shell } from "./Shell.tsx";

/*
 * Each page is its own chunk, fetched the first time it opens: the first load carries only the
 * sign-in page, the shell and what they use (docs/ARCHITECTURE.md, "Web bundle").
 */
const AccountPage = lazy(() =>
  import("../features/account/AccountPage.tsx").then((m) => ({ default: m.AccountPage })),
);
const AdminPage = lazy(() =>
  import("../features/admin/AdminPage.tsx").then((m) => ({ default: m.AdminPage })),
);
const AlertsPage = lazy(() =>
  import("../features/alerts/AlertsPage.tsx").then((m) => ({ default: m.AlertsPage })),
);
const HistoryPage = lazy(() =>
  import("../features/history/HistoryPage.tsx").then((m) => ({ default: m.HistoryPage })),
);
const ConsolePage = lazy(() =>
  import("../features/console/ConsolePage.tsx").then((m) => ({ default: m.ConsolePage })),
);
const ConversationPage = lazy(() =>
  import("../features/conversation/ConversationPage.tsx").then((m) => ({ default: m.ConversationPage })),
);
const EscalationsPage = lazy(() =>
  import("../features/escalations/EscalationsPage.tsx").then((m) => ({ default: m.EscalationsPage })),
);
const FloorPage = lazy(() =>
  import("../features/floor/FloorPage.tsx").then((m) => ({ default: m.FloorPage })),
);
const CommitmentsPage = lazy(() =>
  import("../features/commitments/CommitmentsPage.tsx").then((m) => ({ default: m.CommitmentsPage })),
);
const DebriefsPage = lazy(() =>
  import("../features/debrief/DebriefsPage.tsx").then((m) => ({ default: m.DebriefsPage })),
);
const ExportsPage = lazy(() =>
  import("../features/exports/ExportsPage.tsx").then((m) => ({ default: m.ExportsPage })),
);
const FeedbackPage = lazy(() =>
  import("../features/feedback/FeedbackPage.tsx").then((m) => ({ default: m.FeedbackPage })),
);
const JournalPage = lazy(() =>
  import("../features/journal/JournalPage.tsx").then((m) => ({ default: m.JournalPage })),
);
const KnowledgePage = lazy(() =>
  import("../features/knowledge/KnowledgePage.tsx").then((m) => ({ default: m.KnowledgePage })),
);
const QaPage = lazy(() => import("../features/qa/QaPage.tsx").then((m) => ({ default: m.QaPage })));
const NumbersPage = lazy(() =>
  import("../features/numbers/NumbersPage.tsx").then((m) => ({ default: m.NumbersPage })),
);
const MyNumbersPage = lazy(() =>
  import("../features/numbers/MyNumbersPage.tsx").then((m) => ({ default: m.MyNumbersPage })),
);
const SkillsPage = lazy(() =>
  import("../features/skills/SkillsPage.tsx").then((m) => ({ default: m.SkillsPage })),
);
const PracticePage = lazy(() =>
  import("../features/practice/PracticePage.tsx").then((m) => ({ default: m.PracticePage })),
);
const HuddlesPage = lazy(() =>
  import("../features/huddles/HuddlesPage.tsx").then((m) => ({ default: m.HuddlesPage })),
);

/** While a page's code arrives: the app's quiet loading line, announced politely. */
function PageLoading() {
  return (
    <div className="empty" role="status" aria-busy="true">
      Loading…
    </div>
  );
}

/**
 * A page whose code could not be fetched (offline, or the app was updated and the old files are
 * gone): says so and offers a reload instead of a blank screen. Opening another page tries again.
 */
class PageLoadBoundary extends Component<{ location: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidUpdate(previous: { location: string }): void {
    if (this.state.failed && previous.location !== this.props.location) this.setState({ failed: false });
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="panel" style={{ padding: 22, maxWidth: 480 }} role="alert">
        <h1>This page didn’t load</h1>
        <p className="muted" style={{ margin: "6px 0 14px" }}>
          Check your connection, then reload. If tagteam was just updated, reloading fetches the new version.
          Your work is safe.
        </p>
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}

/** The routes' frame: one loading state and one load failure per page, reset when the page changes. */
function Pages({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  return (
    <PageLoadBoundary location={location}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </PageLoadBoundary>
  );
}

/** Where each role lands after signing in. */
export function homeFor(me: Pick<Me, "role">): string {
  return me.role === "agent" ? "/console" : "/floor";
}

/** Joins the realtime room of every team I can see, so the floor and my conversations update live. */
function TeamRooms() {
  const teams = useTeams();
  return (
    <>
      {(teams.data ?? []).map((t) => (
        <TeamRoom key={t.id} id={t.id} />
      ))}
    </>
  );
}

function TeamRoom({ id }: { id: string }) {
  useRealtimeRoom({ kind: "team", id });
  return null;
}

/** The person this page was loaded for, once known. */
let pageSignedInAs: string | null = null;

/**
 * Someone else signed in under this page (in another tab of the same browser, after this one's
 * session ended): it loads afresh, so nothing of the last person's pages, cache or realtime
 * connection (stopped, and theirs) carries over, and the live connection starts over as the new
 * person from now, not from the last person's last event.
 */
function SomeoneElseSignedIn() {
  useEffect(() => {
    window.sessionStorage.removeItem(LAST_EVENT_KEY);
    window.location.reload();
  }, []);
  return (
    <div className="empty" role="status" aria-busy="true">
      Loading…
    </div>
  );
}

/** Signed out → the sign-in page; signed in → the shell with the routes the role may use. */
export function App() {
  const me = useMe();
  const [location] = useLocation();
  const signingOut = useSigningOut();
  // A one-time sign-in link opens its own page, signed in or not: it signs in as its person.
  const welcome = /^\/welcome\/([\w-]+)$/.exec(location);
  if (welcome?.[1] !== undefined) return <WelcomePage token={welcome[1]} />;
  // Between Sign out and the fresh start page: neither the last person's pages nor a sign-in form
  // that the reload would empty.
  if (signingOut)
    return (
      <div className="empty" role="status" aria-busy="true">
        Signing out…
      </div>
    );
  if (me.isPending)
    return (
      <div className="empty" role="status" aria-busy="true">
        Loading…
      </div>
    );
  if (me.isError && me.error instanceof ApiError && me.error.status === 401) return <SignInPage />;
  // Reading who I am again failed for another reason (the server restarting, the network gone)
  // while signed in: the page stays, with what was typed in it, under the offline banner, and
  // carries on by itself once the server answers. Only a first load has nothing to show.
  const user = me.data;
  if (user === undefined) {
    return (
      <main className="signin">
        <div className="panel" style={{ padding: 22, maxWidth: 420 }} role="alert">
          <h1>tagteam can’t reach its server</h1>
          <p className="muted" style={{ margin: "6px 0 14px" }}>
            {me.error instanceof Error ? me.error.message : String(me.error)} Your work is safe; try again in
            a moment.
          </p>
          <button type="button" className="btn primary" onClick={() => void me.refetch()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  pageSignedInAs ??= user.id;
  if (user.id !== pageSignedInAs) return <SomeoneElseSignedIn />;
  const lead = user.role === "lead" || user.role === "admin";
  return (
    <RealtimeProvider>
      <TeamRooms />
      <Shell me={user}>
        <Pages>
          <Switch>
            <Route path="/account">
              <AccountPage me={user} />
            </Route>
            <Route path="/floor">
              <FloorPage me={user} />
            </Route>
            <Route path="/conversations">
              <HistoryPage me={user} />
            </Route>
            <Route path="/conversations/:id">{(p) => <ConversationPage me={user} id={p.id} />}</Route>
            <Route path="/alerts">
              <AlertsPage me={user} />
            </Route>
            <Route path="/console">
              <ConsolePage me={user} />
            </Route>
            <Route path="/console/:id">{(p) => <ConsolePage me={user} selectedId={p.id} />}</Route>
            {lead ? (
              <Route path="/escalations">
                <EscalationsPage />
              </Route>
            ) : null}
            {user.role === "admin" ? (
              <Route path="/admin/:tab?">{(p) => <AdminPage tab={p.tab} />}</Route>
            ) : null}
            <Route path="/debriefs">
              <DebriefsPage me={user} />
            </Route>
            <Route path="/debriefs/:id">{(p) => <DebriefsPage me={user} selectedId={p.id} />}</Route>
            <Route path="/feedback">
              <FeedbackPage me={user} />
            </Route>
            <Route path="/journal">
              <JournalPage />
            </Route>
            <Route path="/knowledge">
              <KnowledgePage me={user} />
            </Route>
            <Route path="/qa">
              <QaPage me={user} />
            </Route>
            <Route path="/qa/:id">{(p) => <QaPage me={user} conversationId={p.id} />}</Route>
            <Route path="/practice">
              <PracticePage me={user} />
            </Route>
            <Route path="/practice/:id">{(p) => <PracticePage me={user} sessionId={p.id} />}</Route>
            <Route path="/skills">
              <SkillsPage me={user} />
            </Route>
            <Route path="/follow-ups">
              <CommitmentsPage me={user} />
            </Route>
            <Route path="/huddles">
              <HuddlesPage me={user} />
            </Route>
            <Route path="/my-numbers">
              <MyNumbersPage me={user} />
            </Route>
            {lead ? (
              <Route path="/numbers">
                <NumbersPage me={user} />
              </Route>
            ) : null}
            {lead ? (
              <Route path="/exports">
                <ExportsPage me={user} />
              </Route>
            ) : null}
            <Route>
              {leadsHome(location) ? (
                <Redirect to={homeFor(user)} replace />
              ) : (
                <NotFoundPage me={user} path={location} />
              )}
            </Route>
          </Switch>
        </Pages>
      </Shell>
    </RealtimeProvider>
  );
}
