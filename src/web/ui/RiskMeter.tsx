/** Risk bands shared by the floor, the conversation header and the filters. */
export type RiskBand = "low" | "mid" | "high";

export const RISK_HIGH_FROM = 0.6;
export const RISK_MID_FROM = 0.3;

/** Which band a 0–1 risk falls in. */
export function bandOfRisk(risk: number): RiskBand {
  if (risk >= RISK_HIGH_FROM) return "high";
  if (risk >= RISK_MID_FROM) return "mid";
  return "low";
}

/**
 * Risk as a percentage with a bar; the number is read out as "risk 82%", the bar is decoration.
 * Beside a name (the console's list, a conversation's header) a bare "82%" said nothing of what it
 * measured; the word was in the tooltip, which only a pointer opens.
 */
export function RiskMeter({ risk, showWord = false }: { risk: number; showWord?: boolean }) {
  const pct = Math.round(Math.max(0, Math.min(1, risk)) * 100);
  return (
    <span className={`risk ${bandOfRisk(risk)}`} title={showWord ? undefined : `Risk ${pct}%`}>
      <span className="risk-bar" aria-hidden="true">
        <i style={{ width: `${pct}%` }} />
      </span>
      {/* On screen where the number stands alone (an alert's head), not in a column headed "Risk". */}
      <span className={showWord ? "risk-word" : "visually-hidden"}>risk </span>
      <span>{pct}%</span>
    </span>
  );
}
