import { describe, expect, it } from "vitest";
import { checkTranscriptText, describeProblem, type CheckResult } from "../../../protocol/transcriptFile.ts";
import { CHUNKING_CASES, chunkingResults, conversation, jsonl } from "../../../protocol/transcriptSamples.ts";
import { checkTranscriptFile, countByAge, type CheckProgress } from "./transcriptFile.ts";

/* Reading a File in the browser; splitting and checking are tested in src/protocol. */

const lines = (r: CheckResult) => r.problems.map(describeProblem);

describe("checking a file in chunks", () => {
  it.each(CHUNKING_CASES)(
    "gives the same answer whatever the chunk size: %s",
    async (_label, text, ids, problems) => {
      const whole = checkTranscriptText(text.replace(/^\uFEFF/, ""));
      expect(whole.conversations.map((c) => c.conversation.id)).toEqual(ids);
      expect(whole.problemCount).toBe(problems);
      const file = new Blob([text]);
      for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 20]) {
        expect(
          chunkingResults(await checkTranscriptFile(file, { chunkBytes })),
          `chunks of ${chunkBytes}`,
        ).toEqual(chunkingResults(whole));
      }
    },
  );

  it("reports its progress as it reads, and says an empty file is empty", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => JSON.stringify(conversation(`hd-${i}`, 6)));
    const file = new Blob([rows.join("\n")]);
    const seen: CheckProgress[] = [];
    const r = await checkTranscriptFile(file, { chunkBytes: 256 * 1024, onProgress: (p) => seen.push(p) });
    expect(r.conversations).toHaveLength(2000);
    expect(r.messages).toBe(12_000);
    expect(seen.length).toBe(Math.ceil(file.size / (256 * 1024)));
    expect(seen.at(-1)).toMatchObject({ bytesRead: file.size, totalBytes: file.size });
    // Conversations are counted as they are read, not all at the end.
    expect(seen[0]?.conversations).toBeGreaterThan(0);
    expect(seen[0]?.conversations).toBeLessThan(2000);
    expect(lines(await checkTranscriptFile(new Blob([])))).toEqual(["file: the file is empty"]);
  });

  it("stops when told to", async () => {
    const file = new Blob([
      Array.from({ length: 500 }, (_, i) => JSON.stringify(conversation(`c${i}`))).join("\n"),
    ]);
    const abort = new AbortController();
    const reading = checkTranscriptFile(file, {
      chunkBytes: 4096,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.bytesRead > 20_000) abort.abort();
      },
    });
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("what the server will do with imported conversations", () => {
  it("counts those idle already (closed by the next sweep) and those that will look live", () => {
    const now = Date.parse("2026-03-02T18:00:00Z");
    const r = checkTranscriptText(
      jsonl(
        conversation("old", 3, "2026-03-01T10:00:00Z"),
        conversation("recent", 3, "2026-03-02T17:00:00Z"),
        { id: "undated", messages: [{ role: "customer", text: "Hi" }] },
        // One message without a time is stored as said on arrival: the conversation looks live.
        (() => {
          const half = conversation("half", 2, "2026-03-01T10:00:00Z");
          return { ...half, messages: [...half.messages, { role: "agent", text: "Anything else?" }] };
        })(),
      ),
    );
    expect(countByAge(r.conversations, now, 4 * 3_600_000)).toEqual({ idle: 1, recent: 3 });
  });
});
