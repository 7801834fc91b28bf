import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchesOf, runImport } from "../../src/cli/import.ts";
import { captureOutput } from "./captureOutput.ts";
import { createWorld, type World } from "./factories.ts";

/* `tagteam import` against a real server: checked before sending, sent in batches within limits. */
const scratch = mkdtempSync(join(tmpdir(), "tagteam-import-cli-"));
let world: World;
let url: string;
let token: string;
beforeAll(async () => {
  world = await createWorld();
  url = await world.app.app.listen({ host: "127.0.0.1", port: 0 });
  token = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world.close();
  rmSync(scratch, { recursive: true, force: true });
});

const run = (argv: string[]) => captureOutput(() => runImport(argv));

const conversation = (id: string | number, lines = 2) => ({
  id,
  messages: Array.from({ length: lines }, (_, i) => ({
    role: i % 2 === 0 ? "customer" : "agent",
    text: `Line ${i} of ${id}: ${"where is my parcel? ".repeat(5)}`,
  })),
});

describe("tagteam import", () => {
  it("lists every problem by line and field and sends nothing, unless asked to send the valid ones", async () => {
    const file = join(scratch, "mixed.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify(conversation("cli-ok")),
        JSON.stringify({ id: "cli-bad", messages: [{ role: "robot", text: "" }] }),
      ].join("\n"),
    );
    const refused = await run(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${file}:2: messages.0.role:`);
    expect(refused.err).toContain(`${file}:2: messages.0.text:`);
    expect(refused.err).toContain("nothing sent");
    const [none] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id = 'cli-ok'",
    );
    expect(none?.n).toBe(0);

    const sent = await run(["--url", url, "--token", token, "--team", world.teams.a, "--skip-invalid", file]);
    expect(sent.code).toBe(2);
    expect(sent.out).toContain("1 conversations, 2 messages (2 new)");
    const [one] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id = 'cli-ok'",
    );
    expect(one?.n).toBe(1);
  });

  it("splits a large file into requests within the server's limits, and a second run stores nothing new", async () => {
    const many = Array.from({ length: 450 }, (_, i) => conversation(`cli-many-${i}`, 80));
    const batches = batchesOf(many);
    expect(batches.length).toBeGreaterThan(3);
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(200);
      expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThan(1_600_000);
    }
    expect(batches.flat()).toEqual(many);
    const file = join(scratch, "many.json");
    writeFileSync(file, JSON.stringify(many));
    const first = await run(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect([first.code, first.err]).toEqual([0, ""]);
    expect(first.out.trim().split("\n")).toHaveLength(batches.length);
    const again = await run(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect(again.out).not.toMatch(/\([1-9]\d* new\)/);
  }, 120_000);
});
