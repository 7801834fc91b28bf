import WebSocket from "ws";
import type { ServerFrame } from "../../src/protocol/index.ts";
import type { App } from "../../src/server/app.ts";

/** A test WebSocket client that records frames and lets a test await the one it expects. */
export interface TestSocket {
  /** Every frame, with `events` bundles unpacked into one `event` frame per event. */
  frames: ServerFrame[];
  /** The frames as they came over the wire (bundles kept whole). */
  bundles: ServerFrame[];
  /** Each frame's bytes as they came, and whether it was a binary frame (the protocol sends text). */
  raw: { text: string; binary: boolean }[];
  send(frame: unknown): void;
  /** Resolves with the first frame (already received or future) matching `match`. */
  next<T extends ServerFrame>(match: (f: ServerFrame) => f is T): Promise<T>;
  waitFor(match: (f: ServerFrame) => boolean): Promise<ServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers });
  const frames: ServerFrame[] = [];
  const bundles: ServerFrame[] = [];
  const waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void; from: number }[] =
    [];
  const raw: { text: string; binary: boolean }[] = [];
  ws.on("message", (data: Buffer, binary: boolean) => {
    raw.push({ text: data.toString("utf8"), binary });
    const received = JSON.parse(data.toString("utf8")) as ServerFrame;
    bundles.push(received);
    // A bundle is recorded as the events it carries, each as its own `event` frame.
    const unbundled: ServerFrame[] =
      received.type === "events" ? received.events.map((event) => ({ type: "event", event })) : [received];
    for (const frame of unbundled) {
      frames.push(frame);
      for (const w of [...waiters]) {
        if (w.match(frame)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const waitFor = (match: (f: ServerFrame) => boolean): Promise<ServerFrame> => {
    const seen = frames.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ match, resolve, from: frames.length }));
  };
  return {
    frames,
    bundles,
    raw,
    send: (frame) => ws.send(JSON.stringify(frame)),
    next: <T extends ServerFrame>(match: (f: ServerFrame) => f is T) => waitFor(match) as Promise<T>,
    waitFor,
    closed,
    close: () => ws.close(),
  };
}

export const isType =
  <K extends ServerFrame["type"]>(type: K) =>
  (f: ServerFrame): f is Extract<ServerFrame, { type: K }> =>
    f.type === type;

/** Starts an app on a free local port and answers the address its WebSocket listens on. */
export async function startListening(app: App): Promise<string> {
  await app.start();
  const address = await app.app.listen({ host: "127.0.0.1", port: 0 });
  return `${address.replace("http", "ws")}/api/v1/ws`;
}
