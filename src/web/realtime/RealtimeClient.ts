import {
  PROTOCOL_VERSION,
  serverFrameSchema,
  type ClientFrame,
  type Room,
  type ServerFrame,
} from "../../protocol/ws.ts";
import type { TagteamEvent } from "../../protocol/events.ts";

export type RealtimeStatus = "connecting" | "online" | "offline";
/** The server's word that an admin changed my role or teams, and the rooms it left for me. */
export type AccessChanged = Extract<ServerFrame, { type: "access_changed" }>;

/** The part of the WebSocket API the client uses: the browser's, or `ws` in tests. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface RealtimeClientOptions {
  url: string;
  createSocket: SocketFactory;
  /** First reconnect delay; doubles up to {@link RECONNECT_MAX_MS}. */
  reconnectBaseMs?: number;
  /** Where to keep the last event id across page loads (sessionStorage in the browser). */
  storage?: Pick<Storage, "getItem" | "setItem"> | null;
  /** Runs timers: the window's in the browser. */
  timers?: {
    setTimeout: (fn: () => void, ms: number) => unknown;
    clearTimeout: (handle: unknown) => void;
  };
}

const RECONNECT_MAX_MS = 10_000;
/** The server's close code for a sign-in that no longer holds. */
const CLOSE_SIGNED_OUT = 4401;
/** Where the last event id is kept (sessionStorage): a page signed in as someone else drops it. */
export const LAST_EVENT_KEY = "tagteam.lastEventId";
const SOCKET_OPEN = 1;

/**
 * One WebSocket to the server: says hello with the last event id it saw so the server replays what
 * was missed, reconnects with backoff when the connection drops, and treats two missed heartbeats
 * as a dead connection. Events are hints: listeners refetch through the HTTP API.
 */
export class RealtimeClient {
  private socket: SocketLike | null = null;
  private status: RealtimeStatus = "connecting";
  private attempts = 0;
  private stopped = true;
  private reconnectTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private heartbeatMs = 30_000;
  private rooms: Room[] = [];
  private lastEventId: string | undefined;
  private readonly eventListeners = new Set<(event: TagteamEvent) => void>();
  private readonly statusListeners = new Set<(status: RealtimeStatus) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly signedOutListeners = new Set<(reason: string) => void>();
  private readonly accessListeners = new Set<(change: AccessChanged) => void>();
  private readonly timers: NonNullable<RealtimeClientOptions["timers"]>;

  constructor(private readonly options: RealtimeClientOptions) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.lastEventId = options.storage?.getItem(LAST_EVENT_KEY) ?? undefined;
  }

  /** Opens the connection (idempotent). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.reconnectTimer);
    this.timers.clearTimeout(this.heartbeatTimer);
    const s = this.socket;
    this.socket = null;
    s?.close(1000, "client stopped");
  }

  getStatus(): RealtimeStatus {
    return this.status;
  }

  getLastEventId(): string | undefined {
    return this.lastEventId;
  }

  /** Joins a room (a conversation being viewed); remembered across reconnects. */
  join(room: Room): void {
    if (this.rooms.some((r) => r.kind === room.kind && r.id === room.id)) return;
    this.rooms.push(room);
    this.send({ type: "subscribe", room });
  }

  leave(room: Room): void {
    this.rooms = this.rooms.filter((r) => !(r.kind === room.kind && r.id === room.id));
    this.send({ type: "unsubscribe", room });
  }

  onEvent(listener: (event: TagteamEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: (status: RealtimeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called after a reconnect (not the first connect): a good moment to refetch what is on screen. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /**
   * Called when the server ends the connection because the sign-in no longer holds (close code
   * 4401: signed out elsewhere, password changed, account deactivated). The client stops
   * reconnecting; the app should show the sign-in page. The listener gets the close reason
   * ("signed out", "account deactivated").
   */
  onSignedOut(listener: (reason: string) => void): () => void {
    this.signedOutListeners.add(listener);
    return () => this.signedOutListeners.delete(listener);
  }

  /**
   * Called when an admin changed my role or teams while connected: the server has left the rooms I
   * may no longer read (they are not asked for again on reconnect). A good moment to refetch
   * everything on screen.
   */
  onAccessChanged(listener: (change: AccessChanged) => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  /** Drops the connection as if the network failed; used when the browser reports going offline. */
  dropConnection(): void {
    this.socket?.close(4000, "network lost");
  }

  /** Tries to reconnect at once (the browser says it is back online) instead of waiting out the backoff. */
  reconnectNow(): void {
    if (this.stopped || this.socket !== null) return;
    this.timers.clearTimeout(this.reconnectTimer);
    this.connect();
  }

  private connect(): void {
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    let welcomed = false;
    socket.onopen = () => {
      this.send({
        type: "hello",
        protocolVersion: PROTOCOL_VERSION,
        ...(this.lastEventId !== undefined ? { lastEventId: this.lastEventId } : {}),
        ...(this.rooms.length > 0 ? { rooms: this.rooms } : {}),
      });
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== "string") return;
      let raw: unknown;
      try {
        raw = JSON.parse(ev.data);
      } catch {
        return;
      }
      const parsed = serverFrameSchema.safeParse(raw);
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === "welcome") {
        const wasReconnect = this.attempts > 0 || welcomed;
        welcomed = true;
        this.attempts = 0;
        this.heartbeatMs = frame.heartbeatMs;
        if (this.lastEventId === undefined) this.remember(frame.lastEventId);
        this.setStatus("online");
        if (wasReconnect) this.reconnectListeners.forEach((l) => l());
      }
      this.armHeartbeat();
      this.handle(frame);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.timers.clearTimeout(this.heartbeatTimer);
      if (this.stopped) return;
      this.setStatus("offline");
      if ((ev as { code?: unknown } | null)?.code === CLOSE_SIGNED_OUT) {
        // Reconnecting would be refused the same way: signing in again is what helps.
        this.stopped = true;
        const reason = (ev as { reason?: unknown }).reason;
        this.signedOutListeners.forEach((l) => l(typeof reason === "string" ? reason : ""));
        return;
      }
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and schedules the reconnect.
    };
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case "event":
        this.dispatch(frame.event);
        return;
      case "events":
        for (const event of frame.events) this.dispatch(event);
        return;
      case "ping":
        // The server drops connections it has not heard from in two heartbeats.
        this.send({ type: "pong", at: frame.at });
        return;
      case "access_changed": {
        const left = new Set(frame.left.map((r) => `${r.kind}:${r.id}`));
        this.rooms = this.rooms.filter((r) => !left.has(`${r.kind}:${r.id}`));
        this.accessListeners.forEach((l) => l(frame));
        return;
      }
      default:
        return;
    }
  }

  private dispatch(event: TagteamEvent): void {
    this.remember(event.id);
    for (const listener of this.eventListeners) {
      // One failing listener must not keep the others (the refetches) from running.
      try {
        listener(event);
      } catch (error) {
        console.error("realtime listener failed", error);
      }
    }
  }

  private remember(id: string): void {
    // Ids are decimal strings of an increasing integer: keep the largest seen.
    if (this.lastEventId !== undefined && BigInt(id) <= BigInt(this.lastEventId)) return;
    this.lastEventId = id;
    this.options.storage?.setItem(LAST_EVENT_KEY, id);
  }

  private armHeartbeat(): void {
    this.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = this.timers.setTimeout(() => this.dropConnection(), this.heartbeatMs * 2 + 1000);
  }

  private scheduleReconnect(): void {
    const base = this.options.reconnectBaseMs ?? 500;
    const delay = Math.min(RECONNECT_MAX_MS, base * 2 ** this.attempts);
    this.attempts += 1;
    this.reconnectTimer = this.timers.setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }

  private send(frame: ClientFrame): void {
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusListeners.forEach((l) => l(status));
  }
}
