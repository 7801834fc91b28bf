import { describeProblem } from "../lib/http.ts";
import type { ReactNode } from "react";

/** A bordered surface with an optional header row (title left, actions right). */
export function Panel({
  title,
  actions,
  children,
  flush = false,
  labelledBy,
  className = "",
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  flush?: boolean;
  labelledBy?: string;
  className?: string;
}) {
  return (
    <section className={`panel ${className}`} aria-labelledby={labelledBy}>
      {title !== undefined || actions !== undefined ? (
        <div className="panel-head">
          {typeof title === "string" ? <h2 id={labelledBy}>{title}</h2> : title}
          {actions !== undefined ? <div className="row">{actions}</div> : null}
        </div>
      ) : null}
      <div className={`panel-body ${flush ? "flush" : ""}`}>{children}</div>
    </section>
  );
}

/** The title row of a page. */
export function PageHeader({ title, sub, actions }: { title: string; sub?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {sub !== undefined ? <p className="sub">{sub}</p> : null}
      </div>
      {actions !== undefined ? <div className="row">{actions}</div> : null}
    </header>
  );
}

/** What a list shows when it has nothing in it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A failed request, said plainly. */
export function ErrorNotice({ error }: { error: unknown }) {
  const message = describeProblem(error);
  return (
    <div className="notice error" role="alert">
      {message}
    </div>
  );
}
