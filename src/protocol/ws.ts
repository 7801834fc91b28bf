import { z } from "zod";
import { errorCodeSchema } from "./errors.ts";
import { eventSchema } from "./events.ts";
import { roleSchema } from "./resources.ts";

/** The WebSocket protocol version. A hello with another version is refused with a clear error. */
export const PROTOCOL_VERSION = 1;

/** Where the WebSocket lives (same origin; the session cookie or a `?token=` API token authenticates). */
export const WS_PATH = "/api/v1/ws";

export const roomSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("team"), id: z.string().min(1) }),
  z.strictObject({ kind: z.literal("conversation"), id: z.string().min(1) }),
  z.strictObject({ kind: z.literal("person"), id: z.string().min(1) }),
  /**
   * A pair drill a lead watches (its id): its lines and its end, as unstored hints, while the page
   * is open. Only the leads of the drill's team and admins may join; after a reconnect the page
   * refetches rather than replays.
   */
  z.strictObject({ kind: z.literal("drill"), id: z.string().min(1) }),
]);
export type Room = z.infer<typeof roomSchema>;

/** Client → server frames. The first frame must be `hello`. */
export const clientFrameSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("hello"),
    protocolVersion: z.number().int(),
    /** Resume: every event after this id that the caller may see is replayed before live ones. */
    lastEventId: z.string().regex(/^\d+$/).optional(),
    /** Rooms to join straight away; the caller's own person room is always joined. */
    rooms: z.array(roomSchema).max(200).optional(),
  }),
  z.strictObject({ type: z.literal("subscribe"), room: roomSchema }),
  z.strictObject({ type: z.literal("unsubscribe"), room: roomSchema }),
  z.strictObject({ type: z.literal("ping"), at: z.number().optional() }),
  /** The answer to the server's `ping`; a connection silent for two heartbeats is closed. */
  z.strictObject({ type: z.literal("pong"), at: z.number().optional() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** Server → client frames. */
export const serverFrameSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("welcome"),
    protocolVersion: z.number().int(),
    personId: z.string(),
    /** The server pings at this interval; a client missing two should reconnect. */
    heartbeatMs: z.number().int(),
    rooms: z.array(roomSchema),
    /** The newest event id at the time of joining: the id to resume from if nothing arrives. */
    lastEventId: z.string(),
  }),
  z.object({ type: z.literal("event"), event: eventSchema }),
  /** Several events published together (one ingest group, one floor flush), in order. */
  z.object({ type: z.literal("events"), events: z.array(eventSchema) }),
  /** Sent after replaying missed events on resume; `count` events were replayed. */
  z.object({ type: z.literal("resumed"), fromEventId: z.string(), count: z.number().int() }),
  z.object({ type: z.literal("subscribed"), room: roomSchema }),
  z.object({ type: z.literal("unsubscribed"), room: roomSchema }),
  z.object({ type: z.literal("pong"), at: z.number().optional() }),
  z.object({ type: z.literal("ping"), at: z.number() }),
  /**
   * An admin changed what you may read (your role or your teams) while this socket was open. The
   * rooms you may no longer read were left (`left`); `rooms` are the ones kept. Refetch what is on
   * screen: a page you may no longer read now answers 404, and a new team's room can be joined.
   */
  z.object({
    type: z.literal("access_changed"),
    role: roleSchema,
    teamIds: z.array(z.string()),
    left: z.array(roomSchema),
    rooms: z.array(roomSchema),
  }),
  z.object({
    type: z.literal("error"),
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
