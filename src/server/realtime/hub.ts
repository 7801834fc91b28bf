import {
  clientFrameSchema,
  PROTOCOL_VERSION,
  type Room,
  type ServerFrame,
  type TagteamEvent,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { isLeadOf } from "../policies.ts";

/**
 * The least the hub needs from a socket, so it is written against this and not against `ws`
 * (tests and other transports plug in without a network).
 */
export interface RealtimeSocket {
  send(text: string): void;
  /**
   * Optional: the same, already encoded as UTF-8 and sent as a text frame. A published frame goes
   * to every connection of its rooms; it is encoded once and the bytes are shared (never changed).
   */
  sendEncoded?(bytes: Buffer): void;
  close(code: number, reason: string): void;
  /** Optional: hold writes so a burst of frames leaves in one system call… */
  cork?(): void;
  /** …and release them. */
  uncork?(): void;
}

export interface HubDependencies {
  /** May this principal join this room? (Team membership, conversation's team, own person room.) */
  canJoin(principal: Principal, room: Room): Promise<boolean>;
  /** Events after `afterId` that concern any of `rooms`, oldest first (at most `limit`). */
  findEventsAfter(
    principal: Principal,
    afterId: string,
    rooms: Room[],
    limit: number,
  ): Promise<TagteamEvent[]>;
  latestEventId(): Promise<string>;
  /**
   * Which of the open sockets' credentials still admit someone (a signed-out session, a changed
   * password, a deactivated person, a revoked token do not): asked once a heartbeat for all of
   * them together; a socket whose credential is missing from the answer is closed.
   */
  liveCredentials?(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Who a socket's credential admits now, read from the store (no cache): asked when an admin
   * changed that person's role or teams, so the socket's rooms are checked against the answer.
   * Null: the credential no longer admits anyone.
   */
  resolveCredential?(credential: string): Promise<Principal | null>;
  /**
   * Presence: these people have a signed-in page connected here until `untilMs` (renewed each
   * heartbeat), and this one has none left here. Routing prefers people who are present.
   */
  markPresent?(personIds: readonly string[], untilMs: number): Promise<void>;
  markAbsent?(personId: string): Promise<void>;
  heartbeatMs: number;
  now(): number;
  onError(error: unknown, context: string): void;
}

/** WebSocket close codes the hub uses (4000–4999 are for applications). */
export const CLOSE_PROTOCOL_ERROR = 4400;
export const CLOSE_UNSUPPORTED_VERSION = 4426;
export const CLOSE_HEARTBEAT_MISSED = 4408;
/** The credential no longer holds: the client should sign in again rather than reconnect. */
export const CLOSE_UNAUTHENTICATED = 4401;
/** The server could not check the socket's access again: the client reconnects and is checked anew. */
export const CLOSE_INTERNAL_ERROR = 1011;
export const CLOSE_SHUTDOWN = 1001;

const RESUME_LIMIT = 5000;
/** A person's own page (a session), not an integration holding a socket with an API token. */
const isSignedInPage = (c: Connection): boolean => c.credential?.startsWith("s:") === true;
const roomKey = (room: Room): string => `${room.kind}:${room.id}`;

/** An event held for a connection whose access is being checked again, with the rooms it went to. */
interface HeldEvent {
  event: TagteamEvent;
  keys: readonly string[];
}

/** A frame as text, and as UTF-8 once a connection has asked for the bytes (shared by all that do). */
interface SerializedFrame {
  text: string;
  bytes?: Buffer;
}

/** One connected client. */
class Connection {
  readonly rooms = new Map<string, Room>();
  /** Every room key joined, including the implicit organisation room. */
  readonly keys = new Set<string>();
  helloDone = false;
  /** While replaying missed events, live ones wait here so order and uniqueness hold. */
  pending: TagteamEvent[] | null = null;
  /**
   * While its person's access is checked again (an admin changed their role or teams), events for
   * it wait here with their rooms; afterwards only those for rooms it kept are delivered.
   */
  held: HeldEvent[] | null = null;
  /** Checks of its access asked for and not yet done; they run one after another (`rechecking`). */
  rechecks = 0;
  rechecking: Promise<void> = Promise.resolve();
  /** Moves on each time the principal is replaced, so a join decided on the old one is decided again. */
  accessVersion = 0;
  lastSeenMs: number;
  /** The credential it opened with (`s:` session, `t:` API token), checked once a heartbeat. */
  credential: string | null = null;

  constructor(
    readonly socket: RealtimeSocket,
    /** Who it reads as: replaced when an admin changes their role or teams. */
    public principal: Principal,
    nowMs: number,
  ) {
    this.lastSeenMs = nowMs;
  }

  send(frame: ServerFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** A frame already serialised (shared with the other connections it goes to). */
  sendFrame(frame: SerializedFrame): void {
    if (this.socket.sendEncoded !== undefined)
      this.socket.sendEncoded((frame.bytes ??= Buffer.from(frame.text)));
    else this.socket.send(frame.text);
  }

  deliver(event: TagteamEvent, serialized?: string): void {
    if (this.pending !== null) {
      this.pending.push(event);
      return;
    }
    if (serialized !== undefined) this.socket.send(serialized);
    else this.send({ type: "event", event });
  }
}

/** A committed event and the organisation it belongs to (the wire event does not carry it). */
export interface RoutedEvent {
  orgId: string;
  event: TagteamEvent;
  /**
   * An unstored hint for these rooms only (`drill:<id>`, a pair drill's watchers), whatever the
   * event's audience fields say. Stored events never set it: their rooms follow their audience.
   */
  rooms?: readonly string[];
}

/**
 * The rooms an event goes to: a hint's own rooms; private events only to their person; team and
 * conversation events to both rooms; events with no audience to the whole organisation.
 */
export function roomsOfEvent({ orgId, event, rooms }: RoutedEvent): readonly string[] {
  if (rooms !== undefined) return rooms;
  if (event.personId !== null) return [`person:${event.personId}`];
  const keys: string[] = [];
  if (event.teamId !== null) keys.push(`team:${event.teamId}`);
  if (event.conversationId !== null) keys.push(`conversation:${event.conversationId}`);
  if (keys.length === 0) keys.push(`org:${orgId}`);
  return keys;
}

/**
 * Whether someone in an event's room may hear it. An alert's news to its team's and conversation's
 * rooms (`alertNews`: its card changed, it ended) is for whoever may read the alert, by the rule of
 * GET /alerts/:id: never the agent it is about (`agentId`) unless they lead its team. Without that
 * name only the team's leads (and admins) hear it. An escalation's news to its rooms
 * (`forTheTeamsLeads`: raised, moved to its next level, taken on) and a new alert's
 * (`alert.raised`: for its helper privately, and for the leads who run the team's Alerts page) are
 * for the team's leads and admins only: agents see only the alerts routed to them. Everything else
 * in a room is for all in it.
 */
export function mayHear(p: Principal, event: TagteamEvent): boolean {
  if (!isScreened(event)) return true;
  if (event.teamId !== null && isLeadOf(p, event.teamId)) return true;
  if (event.type.startsWith("escalation.") || event.type === "alert.raised") return false;
  const agentId = event.data.agentId;
  return agentId !== undefined && agentId !== p.personId;
}

/** An alert's or escalation's event to its rooms (not to one person): screened by `mayHear`. */
function isScreened(event: TagteamEvent): boolean {
  return event.personId === null && (event.type.startsWith("alert.") || event.type.startsWith("escalation."));
}

/** One frame for these events: a single event as an `event` frame, several as an `events` frame. */
function serializeBundle(bundle: readonly TagteamEvent[]): SerializedFrame {
  const [only] = bundle;
  return {
    text: JSON.stringify(
      bundle.length === 1 && only !== undefined
        ? { type: "event", event: only }
        : { type: "events", events: bundle },
    ),
  };
}

/** Several ascending lists of event indexes as one, ascending, each index once. */
function inOrder(lists: readonly (readonly number[])[]): readonly number[] {
  if (lists.length === 1) return lists[0] ?? [];
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/**
 * Rooms by team, conversation and person; heartbeats; resume from the last event id. Events are
 * hints: they carry ids, and clients refetch through the HTTP API, which checks permissions again.
 */
export class RealtimeHub {
  private readonly connections = new Set<Connection>();
  private readonly rooms = new Map<string, Set<Connection>>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly deps: HubDependencies) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  start(): void {
    this.heartbeat = setInterval(() => this.beat(), this.deps.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Moves on at every access change this hub hears of. The transport reads it before resolving a
   * socket's credential and hands it to `connect`: a change in between means the principal may
   * predate it, so the new socket is checked again at once.
   */
  get accessEpoch(): number {
    return this.accessChangesHeard;
  }

  private accessChangesHeard = 0;

  /** Registers a socket; returns the handlers the transport calls on message and close. */
  connect(
    socket: RealtimeSocket,
    principal: Principal,
    credential: string | null = null,
    /** `accessEpoch` when the transport began resolving the credential into `principal`. */
    resolvedAtEpoch?: number,
  ): { onMessage(text: string): void; onClose(): void } {
    const connection = new Connection(socket, principal, this.deps.now());
    connection.credential = credential;
    this.connections.add(connection);
    if (resolvedAtEpoch !== undefined && resolvedAtEpoch !== this.accessChangesHeard)
      this.scheduleRecheck(connection).catch((error: unknown) =>
        this.deps.onError(error, "realtime access check"),
      );
    if (isSignedInPage(connection)) this.markPresent([principal.personId]);
    return {
      onMessage: (text) => {
        connection.lastSeenMs = this.deps.now();
        this.handle(connection, text).catch((error: unknown) => {
          this.deps.onError(error, "realtime frame");
          connection.send({
            type: "error",
            error: { code: "INTERNAL", message: "The server failed on that frame" },
          });
        });
      },
      onClose: () => this.disconnect(connection),
    };
  }

  /**
   * Hands events to every connection in their rooms, once per connection, in ONE frame per
   * connection: a single event as an `event` frame, several as an `events` frame. Connections that
   * receive the same events (a team's floor) share one serialisation.
   */
  publish(events: readonly RoutedEvent[]): void {
    const keysOf = events.map(roomsOfEvent);
    // Some are not for everyone in their rooms (`mayHear`): each connection is checked for those.
    const screened = events.some(({ event }) => isScreened(event));
    // Each room's events, in order, for the rooms someone is in.
    const byRoom = new Map<string, number[]>();
    keysOf.forEach((keys, index) => {
      for (const key of keys) {
        if (!this.rooms.has(key)) continue;
        const list = byRoom.get(key);
        if (list === undefined) byRoom.set(key, [index]);
        else list.push(index);
      }
    });
    // Each connection once, with the rooms it hears these events in.
    const heard = new Map<Connection, string[]>();
    for (const key of byRoom.keys()) {
      for (const connection of this.rooms.get(key) ?? []) {
        const keys = heard.get(connection);
        if (keys === undefined) heard.set(connection, [key]);
        else keys.push(key);
      }
    }
    // Connections that hear them in the same rooms (a team's floor) share one list and one frame.
    const shared = new Map<string, { indices: readonly number[]; frame?: SerializedFrame }>();
    for (const [connection, keys] of heard) {
      const signature = keys.length === 1 ? (keys[0] as string) : keys.join("\u0000");
      let entry = shared.get(signature);
      if (entry === undefined) {
        entry = { indices: inOrder(keys.map((key) => byRoom.get(key) ?? [])) };
        shared.set(signature, entry);
      }
      let { indices } = entry;
      let own = false;
      if (screened) {
        const kept = indices.filter((i) => mayHear(connection.principal, (events[i] as RoutedEvent).event));
        own = kept.length !== indices.length;
        indices = kept;
        if (indices.length === 0) continue;
      }
      if (connection.held !== null) {
        for (const i of indices)
          connection.held.push({ event: (events[i] as RoutedEvent).event, keys: keysOf[i] ?? [] });
        continue;
      }
      if (connection.pending !== null) {
        // Replaying what it missed: these wait behind it (see resume).
        for (const i of indices) connection.pending.push((events[i] as RoutedEvent).event);
        continue;
      }
      const frame = own
        ? serializeBundle(indices.map((i) => (events[i] as RoutedEvent).event))
        : (entry.frame ??= serializeBundle(indices.map((i) => (events[i] as RoutedEvent).event)));
      try {
        connection.sendFrame(frame);
      } catch (error) {
        this.deps.onError(error, "realtime send");
      }
    }
  }

  /**
   * An admin changed someone's role, teams or active state (here or on another instance): each of
   * their sockets here is checked again at once. A deactivated person's sockets are closed (4401,
   * "account deactivated"). Otherwise each socket's credential is read again from the store, its
   * rooms are checked against the new answer, those no longer allowed are left, and the client is
   * told in an `access_changed` frame. Events published meanwhile wait, and only those for rooms
   * kept are delivered, so nothing reaches a room the person may no longer read once this starts.
   */
  async accessChanged(change: { orgId: string; personId: string; deactivated: boolean }): Promise<void> {
    this.accessChangesHeard += 1;
    const theirs = [...this.connections].filter(
      (c) => c.principal.personId === change.personId && c.principal.orgId === change.orgId,
    );
    if (change.deactivated) {
      for (const connection of theirs) {
        connection.send({
          type: "error",
          error: {
            code: "UNAUTHENTICATED",
            message: "An admin deactivated your account, so you were signed out",
            details: { reason: "deactivated" },
          },
        });
        connection.socket.close(CLOSE_UNAUTHENTICATED, "account deactivated");
        this.disconnect(connection);
      }
      return;
    }
    await Promise.all(theirs.map((connection) => this.scheduleRecheck(connection)));
  }

  /**
   * Holds the connection's events from now on (synchronously, before any await), so none slips
   * through meanwhile, and checks its access again; two changes in a row are checked in order, and
   * events wait until the last check is done.
   */
  private scheduleRecheck(connection: Connection): Promise<void> {
    connection.held ??= [];
    connection.rechecks += 1;
    connection.rechecking = connection.rechecking.then(() => this.recheck(connection));
    return connection.rechecking;
  }

  private async recheck(connection: Connection): Promise<void> {
    const before = connection.principal;
    const left: Room[] = [];
    try {
      const resolve = this.deps.resolveCredential;
      const principal =
        resolve !== undefined && connection.credential !== null
          ? await resolve(connection.credential)
          : before;
      if (!this.connections.has(connection)) return;
      if (principal === null) {
        this.signOut(connection);
        return;
      }
      connection.principal = principal;
      connection.accessVersion += 1;
      for (const room of [...connection.rooms.values()]) {
        if (room.kind === "person" && room.id === principal.personId) continue;
        if (await this.deps.canJoin(principal, room)) continue;
        this.leave(connection, room);
        left.push(room);
      }
    } catch (error) {
      // Unsure what they may read: fail closed. The client reconnects and its hello is checked anew.
      this.deps.onError(error, "realtime access check");
      connection.held = null;
      connection.socket.close(CLOSE_INTERNAL_ERROR, "access check failed");
      this.disconnect(connection);
      return;
    } finally {
      connection.rechecks -= 1;
    }
    if (!this.connections.has(connection)) return;
    if (connection.rechecks === 0) {
      const held = connection.held ?? [];
      connection.held = null;
      for (const { event, keys } of held) {
        if (keys.some((k) => connection.keys.has(k)) && mayHear(connection.principal, event))
          connection.deliver(event);
      }
    }
    const after = connection.principal;
    const sameTeams =
      before.teamIds.length === after.teamIds.length &&
      before.teamIds.every((t) => after.teamIds.includes(t));
    // Before its hello it holds no room to tell of: the welcome will list the rooms it gets.
    if (connection.helloDone && (left.length > 0 || before.role !== after.role || !sameTeams))
      connection.send({
        type: "access_changed",
        role: after.role,
        teamIds: after.teamIds,
        left,
        rooms: [...connection.rooms.values()],
      });
  }

  /** Closes every connection (server shutdown). */
  close(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    for (const connection of [...this.connections]) {
      connection.socket.close(CLOSE_SHUTDOWN, "server shutting down");
      this.disconnect(connection);
    }
  }

  private beat(): void {
    const now = this.deps.now();
    for (const connection of [...this.connections]) {
      if (now - connection.lastSeenMs > 2 * this.deps.heartbeatMs) {
        connection.socket.close(CLOSE_HEARTBEAT_MISSED, "no heartbeat");
        this.disconnect(connection);
      } else {
        connection.send({ type: "ping", at: now });
      }
    }
    this.checkCredentials();
    this.markPresent([...this.connections].filter(isSignedInPage).map((c) => c.principal.personId));
  }

  private marking = false;

  /** One statement for everyone present here, never two at once (a slow store skips a beat). */
  private markPresent(personIds: string[]): void {
    const mark = this.deps.markPresent;
    if (mark === undefined || personIds.length === 0 || this.marking) return;
    this.marking = true;
    // Three heartbeats ahead: a missed renewal or two does not make someone look gone.
    mark(personIds, this.deps.now() + 3 * this.deps.heartbeatMs)
      .catch((error: unknown) => this.deps.onError(error, "realtime presence"))
      .finally(() => {
        this.marking = false;
      });
  }

  private checking = false;

  /**
   * Ends the connections whose credential was revoked since they opened (within one heartbeat):
   * one check for all of them, so 200 teammates cost the store one read a heartbeat, not 200.
   */
  private checkCredentials(): void {
    const check = this.deps.liveCredentials;
    if (check === undefined || this.checking) return;
    const checked = [...this.connections].filter((c) => c.credential !== null);
    if (checked.length === 0) return;
    this.checking = true;
    check(checked.map((c) => c.credential as string))
      .then((live) => {
        for (const connection of checked) {
          if (live.has(connection.credential as string) || !this.connections.has(connection)) continue;
          this.signOut(connection);
        }
      })
      .catch((error: unknown) => this.deps.onError(error, "realtime credential check"))
      .finally(() => {
        this.checking = false;
      });
  }

  private signOut(connection: Connection): void {
    connection.send({
      type: "error",
      error: { code: "UNAUTHENTICATED", message: "You were signed out; sign in again" },
    });
    connection.socket.close(CLOSE_UNAUTHENTICATED, "signed out");
    this.disconnect(connection);
  }

  private disconnect(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    for (const key of connection.keys) this.rooms.get(key)?.delete(connection);
    const personId = connection.principal.personId;
    const absent = this.deps.markAbsent;
    if (
      absent !== undefined &&
      isSignedInPage(connection) &&
      ![...this.connections].some((c) => isSignedInPage(c) && c.principal.personId === personId)
    )
      absent(personId).catch((error: unknown) => this.deps.onError(error, "realtime presence"));
  }

  /**
   * Joins the room if the connection may: decided on its current principal, and if an admin's
   * change replaced the principal while the store was asked, decided again on the new one. The
   * join follows the decision with no await between, so a check of the new access that starts
   * meanwhile sees the room.
   */
  private async joinIfAllowed(connection: Connection, room: Room): Promise<boolean> {
    for (;;) {
      const version = connection.accessVersion;
      const allowed = await this.deps.canJoin(connection.principal, room);
      if (version !== connection.accessVersion) continue;
      // A socket closed meanwhile (signed out, deactivated) joins nothing.
      if (allowed && this.connections.has(connection)) this.join(connection, room);
      return allowed;
    }
  }

  private leave(connection: Connection, room: Room): void {
    const key = roomKey(room);
    connection.rooms.delete(key);
    connection.keys.delete(key);
    this.rooms.get(key)?.delete(connection);
  }

  private join(connection: Connection, room: Room): void {
    connection.rooms.set(roomKey(room), room);
    this.joinKey(connection, roomKey(room));
  }

  private joinKey(connection: Connection, key: string): void {
    connection.keys.add(key);
    let members = this.rooms.get(key);
    if (members === undefined) {
      members = new Set();
      this.rooms.set(key, members);
    }
    members.add(connection);
  }

  private async handle(connection: Connection, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      connection.send({
        type: "error",
        error: { code: "VALIDATION_FAILED", message: "Frames are JSON objects" },
      });
      return;
    }
    const parsed = clientFrameSchema.safeParse(json);
    if (!parsed.success) {
      connection.send({
        type: "error",
        error: {
          code: "VALIDATION_FAILED",
          message: "Unknown or malformed frame",
          details: { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) },
        },
      });
      return;
    }
    const frame = parsed.data;
    if (!connection.helloDone && frame.type !== "hello") {
      connection.send({
        type: "error",
        error: { code: "VALIDATION_FAILED", message: "The first frame must be hello" },
      });
      connection.socket.close(CLOSE_PROTOCOL_ERROR, "hello expected");
      this.disconnect(connection);
      return;
    }
    switch (frame.type) {
      case "hello": {
        if (frame.protocolVersion !== PROTOCOL_VERSION) {
          connection.send({
            type: "error",
            error: {
              code: "UNSUPPORTED_PROTOCOL_VERSION",
              message: `This server speaks protocol version ${PROTOCOL_VERSION}, not ${frame.protocolVersion}`,
              details: { supported: [PROTOCOL_VERSION] },
            },
          });
          connection.socket.close(CLOSE_UNSUPPORTED_VERSION, "unsupported protocol version");
          this.disconnect(connection);
          return;
        }
        if (connection.helloDone) return;
        connection.helloDone = true;
        // Live events arriving while we authorise and replay are held back, then deduplicated.
        connection.pending = [];
        const own: Room = { kind: "person", id: connection.principal.personId };
        this.join(connection, own);
        this.joinKey(connection, `org:${connection.principal.orgId}`);
        const refused: Room[] = [];
        for (const room of frame.rooms ?? []) {
          if (!(await this.joinIfAllowed(connection, room))) refused.push(room);
        }
        const latest = await this.deps.latestEventId();
        connection.send({
          type: "welcome",
          protocolVersion: PROTOCOL_VERSION,
          personId: connection.principal.personId,
          heartbeatMs: this.deps.heartbeatMs,
          rooms: [...connection.rooms.values()],
          lastEventId: latest,
        });
        for (const room of refused) {
          connection.send({
            type: "error",
            error: { code: "FORBIDDEN", message: `You may not join ${roomKey(room)}`, details: { room } },
          });
        }
        if (frame.lastEventId !== undefined) {
          const missed = (
            await this.deps.findEventsAfter(
              connection.principal,
              frame.lastEventId,
              [...connection.rooms.values()],
              RESUME_LIMIT,
            )
          ).filter((event) => mayHear(connection.principal, event));
          const held = connection.pending;
          connection.pending = null;
          const after = BigInt(frame.lastEventId);
          const replayed = new Set(missed.map((event) => event.id));
          for (const event of missed) connection.deliver(event);
          connection.send({ type: "resumed", fromEventId: frame.lastEventId, count: missed.length });
          // Held live events may overlap the replay; each event is delivered once.
          for (const event of held) {
            if (BigInt(event.id) > after && !replayed.has(event.id)) connection.deliver(event);
          }
        } else {
          const held = connection.pending;
          connection.pending = null;
          for (const event of held) connection.deliver(event);
        }
        return;
      }
      case "subscribe": {
        if (await this.joinIfAllowed(connection, frame.room)) {
          connection.send({ type: "subscribed", room: frame.room });
        } else {
          connection.send({
            type: "error",
            error: {
              code: "FORBIDDEN",
              message: `You may not join ${roomKey(frame.room)}`,
              details: { room: frame.room },
            },
          });
        }
        return;
      }
      case "unsubscribe": {
        this.leave(connection, frame.room);
        connection.send({ type: "unsubscribed", room: frame.room });
        return;
      }
      case "ping":
        connection.send({ type: "pong", ...(frame.at !== undefined ? { at: frame.at } : {}) });
        return;
      case "pong":
        return;
    }
  }
}
