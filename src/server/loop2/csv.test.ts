import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv.ts";

describe("CSV", () => {
  it("quotes commas, quotes and newlines, and defuses formulas", () => {
    expect(csvCell('He said "no", twice')).toBe('"He said ""no"", twice"');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(null)).toBe("");
    expect(csvCell(3.5)).toBe("3.5");
    expect(toCsv(["a", "b"], [{ a: 1, b: "x,y" }])).toBe('a,b\r\n1,"x,y"\r\n');
    expect(toCsv(["a"], [])).toBe("a\r\n");
  });

  it("defuses formulas after leading spaces and in full-width form, and leaves other text alone", () => {
    expect(csvCell("  =1+1")).toBe("'  =1+1");
    expect(csvCell("\u3000@SUM(A1)")).toBe("'\u3000@SUM(A1)");
    expect(csvCell("＝1+1")).toBe("'＝1+1");
    expect(csvCell("＋44 7700")).toBe("'＋44 7700");
    expect(csvCell("-1 refund")).toBe("'-1 refund");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("Total = 3")).toBe("Total = 3");
    expect(csvCell("  plain")).toBe("  plain");
    expect(csvCell("café 日本語")).toBe("café 日本語");
  });
});
