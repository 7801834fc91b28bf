import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

/** A status, a status with headers (e.g. `Retry-After`) or a body (Slack's `invalid_token`), or hanging up. */
export type Answer = number | "hang-up" | { status: number; headers?: Record<string, string>; body?: string };

/** The status of an answer; null for a hang-up. */
export const statusOf = (answer: Answer): number | null =>
  answer === "hang-up" ? null : typeof answer === "number" ? answer : answer.status;

export interface ReceivedPost {
  url: string;
  body: unknown;
  /** What the receiver answered. */
  answer: Answer;
  /** The request's headers and raw body (a signature is checked over the raw bytes). */
  headers: IncomingHttpHeaders;
  raw: string;
}

/**
 * A real HTTP server standing in for an outside receiver (Slack's incoming webhook, Chatwoot).
 * Each request gets `answerFor(body)` when set, else the next of `answers`, else `answer`.
 * `waitFor` resolves once the posts received satisfy a condition (no sleeping in tests).
 */
export class FakeReceiver {
  readonly received: ReceivedPost[] = [];
  answer: Answer = 200;
  answers: Answer[] = [];
  answerFor: ((body: unknown) => Answer | undefined) | null = null;
  private server: Server | null = null;
  private base = "";
  private waiters: { done: (posts: ReceivedPost[]) => boolean; resolve: () => void }[] = [];

  /** Starts listening on a free port; resolves with its base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", () => {
        const body = JSON.parse(text) as unknown;
        const answer = this.answerFor?.(body) ?? this.answers.shift() ?? this.answer;
        this.received.push({ url: req.url ?? "", body, answer, headers: req.headers, raw: text });
        if (answer === "hang-up") req.socket.destroy();
        else if (typeof answer === "number")
          res.writeHead(answer, { "content-type": "application/json" }).end("{}");
        else
          res
            .writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
            .end(answer.body ?? "{}");
        this.waiters = this.waiters.filter((w) => {
          if (!w.done(this.received)) return true;
          w.resolve();
          return false;
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
    return this.base;
  }

  /** The URL of `path` on this receiver (once started). */
  url(path = "/"): string {
    return `${this.base}${path}`;
  }

  /** Resolves once `done(received)` holds (checked now and after each request). */
  waitFor(done: (posts: ReceivedPost[]) => boolean): Promise<void> {
    if (done(this.received)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done, resolve }));
  }

  /** The `text` of the posts answered 2xx (what a Slack channel shows). */
  deliveredTexts(): string[] {
    return this.received
      .filter((p) => (statusOf(p.answer) ?? 500) < 300)
      .map((p) => (p.body as { text?: string }).text ?? "");
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
