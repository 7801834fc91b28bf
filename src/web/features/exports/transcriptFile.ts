import { readCsvHeader, type CsvHeader } from "../../../protocol/csvTranscript.ts";
import {
  ImportChecker,
  TranscriptSplitter,
  type TranscriptReader,
  type CheckOptions,
  type CheckResult,
  type CheckedConversation,
} from "../../../protocol/transcriptFile.ts";

/*
 * The browser's side of reading a transcript file: a File read in chunks, with progress, turns
 * for the page and a Cancel. Splitting and checking are src/protocol/transcriptFile.ts, the same
 * code `tagteam import` streams a file through.
 */

export interface CheckProgress {
  bytesRead: number;
  totalBytes: number;
  conversations: number;
  invalid: number;
}

/**
 * Reads a file in chunks, checking as it goes and giving the page a turn between chunks, so a file
 * of tens of MB neither freezes the page nor waits to be read whole before checking starts.
 * Rejects with an AbortError when `signal` aborts.
 */
export async function checkTranscriptFile(
  file: Blob,
  options: CheckOptions & {
    chunkBytes?: number;
    onProgress?: (progress: CheckProgress) => void;
    signal?: AbortSignal;
    /** How the text is read: JSON (the default), or a CSV reader with its columns. */
    reader?: TranscriptReader;
  } = {},
): Promise<CheckResult> {
  const chunkBytes = options.chunkBytes ?? 512 * 1024;
  const splitter = options.reader ?? new TranscriptSplitter();
  const checker = new ImportChecker(options);
  const decoder = new TextDecoder("utf-8");
  const report = (bytesRead: number) =>
    options.onProgress?.({ bytesRead, totalBytes: file.size, ...checker.found });
  if (file.size === 0) {
    checker.add([{ kind: "broken", place: null, message: "the file is empty", conversation: false }]);
    return checker.result(null);
  }
  let lastTurn = performance.now();
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    options.signal?.throwIfAborted();
    const bytes = await file.slice(offset, offset + chunkBytes).arrayBuffer();
    checker.add(splitter.push(decoder.decode(bytes, { stream: true })));
    report(Math.min(offset + chunkBytes, file.size));
    // A turn for the page every few milliseconds of work: rendering, clicks, the Cancel button.
    if (performance.now() - lastTurn > 12) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastTurn = performance.now();
    }
  }
  options.signal?.throwIfAborted();
  checker.add(splitter.push(decoder.decode()));
  checker.add(splitter.end());
  return checker.result(splitter.shape);
}

/**
 * A CSV file's header row, read from its start (a chunk at a time, up to `maxBytes`), so its
 * columns can be chosen before the file is checked; null when there is none that fits.
 */
export async function readCsvFileHeader(file: Blob, maxBytes = 1024 * 1024): Promise<CsvHeader | null> {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  for (let offset = 0; offset < Math.min(file.size, maxBytes); offset += 64 * 1024) {
    text += decoder.decode(await file.slice(offset, offset + 64 * 1024).arrayBuffer(), { stream: true });
    const header = readCsvHeader(text);
    if (header !== null) return header;
  }
  return file.size <= maxBytes ? readCsvHeader(text + decoder.decode(), true) : null;
}

/** The server's idle-close time unless TAGTEAM_CONVERSATION_IDLE_CLOSE_MS says otherwise (4 hours). */
export const DEFAULT_IDLE_CLOSE_MS = 4 * 60 * 60 * 1000;

/**
 * How many conversations will look idle once stored (their latest message older than `idleMs`:
 * the next sweep closes them and loop 2 scores them) and how many will look recent, open on the
 * floor. A message without `at` is stored as said when it arrives, so its conversation is recent.
 */
export function countByAge(
  conversations: readonly CheckedConversation[],
  nowMs: number,
  idleMs: number,
): { idle: number; recent: number } {
  let idle = 0;
  for (const { conversation } of conversations) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const m of conversation.messages)
      latest = Math.max(latest, m.at === undefined ? nowMs : Date.parse(m.at));
    if (nowMs - latest > idleMs) idle++;
  }
  return { idle, recent: conversations.length - idle };
}
