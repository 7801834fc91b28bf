import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import type { ClientFrame, ServerFrame } from "../../protocol/ws.ts";
import {
  RealtimeClient,
  type AccessChanged,
  type RealtimeClientOptions,
  type RealtimeStatus,
  type SocketLike,
} from "./RealtimeClient.ts";

/** A real WebSocket server on a free port that records hellos and lets the test push frames. */
async function startServer() {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const port = (wss.address() as { port: number }).port;
  const hellos: Extract<ClientFrame, { type: "hello" }>[] = [];
  const pongs: ClientFrame[] = [];
  const pongWaiters: (() => void)[] = [];
  const sockets: WebSocket[] = [];
  const helloWaiters: (() => void)[] = [];
  wss.on("connection", (ws) => {
    sockets.push(ws);
    ws.on("message", (raw) => {
      const frame = JSON.parse(String(raw)) as ClientFrame;
      if (frame.type === "pong") {
        pongs.push(frame);
        pongWaiters.splice(0).forEach((w) => w());
      }
      if (frame.type !== "hello") return;
      hellos.push(frame);
      const welcome: ServerFrame = {
        type: "welcome",
        protocolVersion: 1,
        personId: "p1",
        heartbeatMs: 60_000,
        rooms: [],
        lastEventId: "3",
      };
      ws.send(JSON.stringify(welcome));
      helloWaiters.splice(0).forEach((w) => w());
    });
  });
  return {
    url: `ws://127.0.0.1:${port}/api/v1/ws`,
    hellos,
    /** Resolves once `n` hellos have arrived. */
    helloCount: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (hellos.length >= n ? resolve() : helloWaiters.push(check));
        check();
      }),
    sendEvent: (id: string) => {
      const frame: ServerFrame = {
        type: "event",
        event: {
          id,
          type: "alert.raised",
          teamId: "t1",
          conversationId: "c1",
          personId: "p1",
          data: {},
          at: new Date(0).toISOString(),
        },
      };
      sockets.at(-1)?.send(JSON.stringify(frame));
    },
    /** Several events in one `events` frame. */
    sendEvents: (ids: string[]) => {
      const frame: ServerFrame = {
        type: "events",
        events: ids.map((id) => ({
          id,
          type: "conversation.updated" as const,
          teamId: "t1",
          conversationId: `c${id}`,
          personId: null,
          data: { risk: 0.5 },
          at: new Date(0).toISOString(),
        })),
      };
      sockets.at(-1)?.send(JSON.stringify(frame));
    },
    pongs,
    /** Sends a heartbeat ping and resolves when the client answers it. */
    ping: (at: number) =>
      new Promise<void>((resolve) => {
        pongWaiters.push(resolve);
        sockets.at(-1)?.send(JSON.stringify({ type: "ping", at } satisfies ServerFrame));
      }),
    /** Sends any frame on the newest connection. */
    send: (frame: ServerFrame) => sockets.at(-1)?.send(JSON.stringify(frame)),
    dropAll: () => sockets.forEach((s) => s.terminate()),
    /** Closes every connection with a code, as the server does when a sign-in no longer holds. */
    closeAll: (code: number, reason: string) => sockets.forEach((s) => s.close(code, reason)),
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

const until = <T>(subscribe: (cb: (v: T) => void) => () => void, want: (v: T) => boolean) =>
  new Promise<T>((resolve) => {
    const off = subscribe((v) => {
      if (want(v)) {
        off();
        resolve(v);
      }
    });
  });

const cleanup: (() => Promise<void>)[] = [];

/** A server and a client over real WebSockets, both stopped after the test. */
async function connectClient(options: Partial<RealtimeClientOptions> = {}) {
  const server = await startServer();
  const client = new RealtimeClient({
    url: server.url,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    ...options,
  });
  cleanup.push(async () => {
    client.stop();
    await server.close();
  });
  return { server, client };
}
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe("RealtimeClient", () => {
  it("says hello, delivers events, and after a dropped connection reconnects and resumes from the last event id", async () => {
    const stored = new Map<string, string>();
    const { server, client } = await connectClient({
      reconnectBaseMs: 10,
      storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    });
    const statuses: RealtimeStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    let reconnects = 0;
    client.onReconnect(() => reconnects++);

    const online = until<RealtimeStatus>(
      (cb) => client.onStatus(cb),
      (s) => s === "online",
    );
    client.start();
    await server.helloCount(1);
    await online;
    expect(server.hellos[0]).toEqual({ type: "hello", protocolVersion: 1 });

    const got = until<{ id: string }>(
      (cb) => client.onEvent(cb),
      (e) => e.id === "7",
    );
    server.sendEvent("7");
    await got;
    expect(client.getLastEventId()).toBe("7");
    await server.ping(123);
    expect(server.pongs).toEqual([{ type: "pong", at: 123 }]);
    expect(stored.get("tagteam.lastEventId")).toBe("7");

    const offline = until<RealtimeStatus>(
      (cb) => client.onStatus(cb),
      (s) => s === "offline",
    );
    const backOnline = until<RealtimeStatus>(
      (cb) => client.onStatus(cb),
      (s) => s === "online",
    );
    server.dropAll();
    await offline;
    await server.helloCount(2);
    await backOnline;
    expect(server.hellos[1]).toEqual({ type: "hello", protocolVersion: 1, lastEventId: "7" });
    expect(statuses).toEqual(["online", "offline", "online"]);
    expect(reconnects).toBe(1);
  });

  it("keeps the largest event id when replayed events arrive out of order", async () => {
    const { server, client } = await connectClient();
    client.start();
    await server.helloCount(1);
    const last = until<{ id: string }>(
      (cb) => client.onEvent(cb),
      (e) => e.id === "9",
    );
    server.sendEvent("12");
    server.sendEvent("9");
    await last;
    expect(client.getLastEventId()).toBe("12");
  });

  it("delivers each event of an events frame in order", async () => {
    const { server, client } = await connectClient();
    const seen: string[] = [];
    client.onEvent((e) => seen.push(e.id));
    client.start();
    await server.helloCount(1);
    const last = until<{ id: string }>(
      (cb) => client.onEvent(cb),
      (e) => e.id === "7",
    );
    server.sendEvents(["5", "6", "7"]);
    await last;
    expect(seen).toEqual(["5", "6", "7"]);
    expect(client.getLastEventId()).toBe("7");
  });

  it("rejoins the rooms it was in when it says hello again", async () => {
    const { server, client } = await connectClient({ reconnectBaseMs: 10 });
    client.start();
    await server.helloCount(1);
    client.join({ kind: "conversation", id: "c9" });
    server.dropAll();
    await server.helloCount(2);
    expect(server.hellos[1]?.rooms).toEqual([{ kind: "conversation", id: "c9" }]);
  });

  it("tells its listeners when an admin changed my access, and no longer asks for the rooms the server left", async () => {
    const { server, client } = await connectClient({ reconnectBaseMs: 10 });
    client.start();
    await server.helloCount(1);
    client.join({ kind: "team", id: "t1" });
    client.join({ kind: "drill", id: "d1" });
    const changed = new Promise<AccessChanged>((resolve) => client.onAccessChanged(resolve));
    server.send({
      type: "access_changed",
      role: "agent",
      teamIds: ["t1"],
      left: [{ kind: "drill", id: "d1" }],
      rooms: [
        { kind: "person", id: "p1" },
        { kind: "team", id: "t1" },
      ],
    });
    expect(await changed).toMatchObject({ role: "agent", left: [{ kind: "drill", id: "d1" }] });
    server.dropAll();
    await server.helloCount(2);
    expect(server.hellos[1]?.rooms).toEqual([{ kind: "team", id: "t1" }]);
  });

  it("stops reconnecting and says so when the server ends the connection as signed out (4401)", async () => {
    const { server, client } = await connectClient({ reconnectBaseMs: 10 });
    let signedOut = 0;
    client.onSignedOut(() => signedOut++);
    client.start();
    await server.helloCount(1);
    const offline = until<RealtimeStatus>(
      (cb) => client.onStatus(cb),
      (s) => s === "offline",
    );
    server.closeAll(4401, "signed out");
    await offline;
    await new Promise((r) => setTimeout(r, 200));
    expect(signedOut).toBe(1);
    // No second hello: it did not reconnect (it would be refused the same way).
    expect(server.hellos).toHaveLength(1);
  });
});
