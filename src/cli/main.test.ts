import { describe, expect, it, vi } from "vitest";
import { main } from "./main.ts";

describe("tagteam CLI", () => {
  it("answers an unknown command with exit code 2 and the usage", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await main(["no-such-command"])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toContain('unknown command "no-such-command"');
    err.mockRestore();
  });

  it("lists its commands for --help and exits 0", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await main(["--help"])).toBe(0);
    expect(String(out.mock.calls[0]?.[0])).toContain("version");
    out.mockRestore();
  });
});
