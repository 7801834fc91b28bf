import { describe, expect, it } from "vitest";
import { measurePiiRedaction, PRESIDIO_TYPE_MAP } from "./measurePii.ts";

describe("measurePiiRedaction", () => {
  it("scores exact and overlapping spans per type, ignoring types we do not target", () => {
    const text = "Mail anna@example.com or ring Acme on 020 7946 0958.";
    const m = measurePiiRedaction(
      [
        {
          text,
          spans: [
            { type: "EMAIL_ADDRESS", start: 5, end: 21 },
            { type: "ORGANIZATION", start: 30, end: 34 },
            { type: "PHONE_NUMBER", start: 38, end: 45 },
          ],
        },
      ],
      PRESIDIO_TYPE_MAP,
    );
    const email = m.perType.find((t) => t.type === "EMAIL");
    expect(email).toMatchObject({ gold: 1, predicted: 1, exact: { tp: 1, precision: 1, recall: 1 } });
    const phone = m.perType.find((t) => t.type === "PHONE");
    // The predicted phone (all of "020 7946 0958") overlaps the shorter gold span: overlap, not exact.
    expect(phone?.exact.tp).toBe(0);
    expect(phone?.overlap.recall).toBe(1);
  });
});
