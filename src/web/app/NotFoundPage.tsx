import { Link } from "wouter";
import type { Me } from "../../protocol/resources.ts";
import { usePageTitle } from "./pageTitle.ts";

/**
 * The start page, and pages that exist for other roles only (a lead's page opened by an agent):
 * these still lead quietly to the person's own start page. Any other address no route answers is
 * not found, and says so.
 */
const START_OR_OTHER_ROLES = /^\/(admin|escalations|numbers|exports)?(\/.*)?$/;

/** Whether an address no route of this person answers leads to their start page (else: not found). */
export const leadsHome = (location: string): boolean => START_OR_OTHER_ROLES.test(location);

/** Where the link back goes, said as the person knows their start page. */
const startPageFor = (me: Pick<Me, "role">): { href: string; label: string } =>
  me.role === "agent"
    ? { href: "/console", label: "Go to your console" }
    : { href: "/floor", label: "Go to the floor" };

/**
 * An address no page answers (mistyped, or an old link): says so, naming it,
 * instead of landing quietly on the start page as if the link had worked. Announced as an alert,
 * as the page's load failure is, so a screen reader hears why the page is not what was asked for.
 */
export function NotFoundPage({ me, path }: { me: Pick<Me, "role">; path: string }) {
  const start = startPageFor(me);
  usePageTitle("Page not found");
  return (
    <div className="panel" style={{ padding: 22, maxWidth: 480 }} role="alert">
      <h1>Page not found</h1>
      <p className="muted" style={{ margin: "6px 0 14px" }}>
        There is no page at <code>{path}</code>. The address may be mistyped, or the link may be old.
      </p>
      <Link href={start.href} className="btn primary">
        {start.label}
      </Link>
    </div>
  );
}
