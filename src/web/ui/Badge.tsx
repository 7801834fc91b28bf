import type { ReactNode } from "react";

export type Tone = "neutral" | "ok" | "warn" | "bad" | "info" | "private" | "accent";

/** A small rounded label; the tone carries meaning (risk, privacy, status), never decoration. */
export function Badge({
  tone = "neutral",
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge ${tone === "neutral" ? "" : tone}`} title={title}>
      {children}
    </span>
  );
}
