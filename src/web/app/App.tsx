import { Redirect, Route, Switch } from "wouter";
import type { Me } from "../../protocol/resources.ts";
import { AccountPage } from "../features/account/AccountPage.tsx";
import { AdminPage } from "../features/admin/AdminPage.tsx";
import { AlertsPage } from "../features/alerts/AlertsPage.tsx";
import { HistoryPage } from "../features/history/HistoryPage.tsx";
import { SignInPage } from "../features/auth/SignInPage.tsx";
import { ConsolePage } from "../features/console/ConsolePage.tsx";
import { ConversationPage } from "../features/conversation/ConversationPage.tsx";
import { EscalationsPage } from "../features/escalations/EscalationsPage.tsx";
import { FloorPage } from "../features/floor/FloorPage.tsx";
import { CommitmentsPage } from "../features/commitments/CommitmentsPage.tsx";
import { DebriefsPage } from "../features/debrief/DebriefsPage.tsx";
import { ExportsPage } from "../features/exports/ExportsPage.tsx";
import { FeedbackPage } from "../features/feedback/FeedbackPage.tsx";
import { JournalPage } from "../features/journal/JournalPage.tsx";
import { KnowledgePage } from "../features/knowledge/KnowledgePage.tsx";
import { QaPage } from "../features/qa/QaPage.tsx";
import { NumbersPage } from "../features/numbers/NumbersPage.tsx";
import { SkillsPage } from "../features/skills/SkillsPage.tsx";
import { PracticePage } from "../features/practice/PracticePage.tsx";
import { HuddlesPage } from "../features/huddles/HuddlesPage.tsx";
import { ApiError } from "../lib/http.ts";
import { useMe, useTeams } from "../lib/queries.ts";
import { RealtimeProvider, useRealtimeRoom } from "../realtime/RealtimeProvider.tsx";
import { Shell } from "./Shell.tsx";

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

/** Signed out → the sign-in page; signed in → the shell with the routes the role may use. */
export function App() {
  const me = useMe();
  if (me.isPending) return <div className="empty">Loading…</div>;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) return <SignInPage />;
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
  const user = me.data;
  const lead = user.role === "lead" || user.role === "admin";
  return (
    <RealtimeProvider>
      <TeamRooms />
      <Shell me={user}>
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
            <Redirect to={homeFor(user)} replace />
          </Route>
        </Switch>
      </Shell>
    </RealtimeProvider>
  );
}
