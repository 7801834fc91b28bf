import { afterEach, describe, expect, it, vi } from "vitest";
import { runImport } from "./import.ts";
import { runSimulate } from "./simulate.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("tagteam simulate's arguments", () => {
  it("refuses a mistyped option or a stray argument, naming it, before replaying anything", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const base = ["--url", "http://127.0.0.1:9", "--token", "tt_x", "--team", "t"];
    // `--close-after` was taken as an option of its own and ignored: the replay never closed.
    expect(await runSimulate([...base, "--close-after", "5000"])).toBe(2);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^tagteam simulate: unknown option "--close-after"\n/);
    expect(await runSimulate([...base, "extra"])).toBe(2);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(
      /^tagteam simulate: unexpected argument "extra" \(options are --name value\)\n/,
    );
    expect(await runSimulate([...base, "--total"])).toBe(2);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^tagteam simulate: --total needs a value\n/);
  });

  it("tagteam import refuses a mistyped option too, where it was ignored or swallowed the file", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const base = ["--url", "http://127.0.0.1:9", "--token", "tt_x", "--team", "t"];
    expect(await runImport([...base, "--colums", "conversation=Case", "f.csv"])).toBe(2);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^tagteam import:\n {2}- unknown option "--colums"\n/);
    expect(await runImport([...base, "--skip-invalids", "f.jsonl"])).toBe(2);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain('- unknown option "--skip-invalids"');
  });
});
