/** Who made the offer to take over that waits for the agent's answer: "you", a name, or null. */
export function offerWaitingFrom(
  interventions: readonly { kind: string; status: string; fromId: string; fromName: string | null }[],
  meId: string,
): string | null {
  const waiting = interventions.find((i) => i.kind === "takeover_offer" && i.status === "offered");
  if (waiting === undefined) return null;
  return waiting.fromId === meId ? "you" : (waiting.fromName ?? "A teammate");
}
