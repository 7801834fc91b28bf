import { describe, expect, it, vi } from "vitest";
import { main } from "./main.ts";

describe("tagteam CLI", () => {
  it("answers an unknown command with exit code 2 and the usage", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await main(["no-such-command"])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toContain('unknown command "no-such-command"');
    err.mockRestore();
  });

  it("says on stderr that a command is needed, with exit code 2, when none is given", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await main([])).toBe(2);
    expect(out).not.toHaveBeenCalled();
    expect(String(err.mock.calls[0]?.[0])).toMatch(/^tagteam: name a command\n\nusage: tagteam <command>/);
    expect(String(err.mock.calls[0]?.[0])).toContain(
      "import     import transcripts (JSON in the analyze format, or CSV) into a running server",
    );
    out.mockRestore();
    err.mockRestore();
  });

  it("lists its commands for --help and exits 0", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await main(["--help"])).toBe(0);
    expect(String(out.mock.calls[0]?.[0])).toContain("version");
    out.mockRestore();
  });
});
