import { describe, expect, it } from "vitest";
import { pairLabel } from "./HuddlesPage.tsx";

describe("a huddle pair's names", () => {
  it("read as said aloud: a trio is 'A, B & C', not 'A & B & C'", () => {
    expect(pairLabel(["Ana Silva", "Ben Okafor", "Dev Patel"])).toBe("Ana Silva, Ben Okafor & Dev Patel");
    expect(pairLabel(["Cho Yamada", "Lee Park"])).toBe("Cho Yamada & Lee Park");
    expect(pairLabel(["Lee Park"])).toBe("Lee Park");
  });
});
