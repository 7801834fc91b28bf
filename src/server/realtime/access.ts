import type { Room, TagteamEvent } from "../../protocol/index.ts";
import { findConversationById, findEventsAfter } from "../../store/index.ts";
import { findPracticeSession } from "../../store/drills.ts";
import type { Principal } from "../auth/principal.ts";
import type { ServerContext } from "../context.ts";
import { canReadTeam, isLeadOf } from "../policies.ts";
import { presentEvent } from "../presenters.ts";

/**
 * Rooms follow the read policy: your own person room, your teams, conversations of your teams, and
 * a pair drill of a team you lead (or any, for an admin), to watch it: never its other teammates.
 */
export async function canJoinRoom(
  ctx: Pick<ServerContext, "store">,
  p: Principal,
  room: Room,
): Promise<boolean> {
  switch (room.kind) {
    case "person":
      return room.id === p.personId;
    case "team":
      return canReadTeam(p, room.id);
    case "conversation": {
      const conversation = await findConversationById(ctx.store, p.orgId, room.id);
      return conversation !== null && canReadTeam(p, conversation.teamId);
    }
    case "drill": {
      const session = await findPracticeSession(ctx.store, p.orgId, room.id);
      return session !== null && session.mode === "pair" && isLeadOf(p, session.teamId);
    }
  }
}

/** Resume: the stored events after `afterId` for the rooms this connection holds. */
export async function findEventsForResume(
  ctx: Pick<ServerContext, "store">,
  p: Principal,
  afterId: string,
  rooms: Room[],
  limit: number,
): Promise<TagteamEvent[]> {
  const records = await findEventsAfter(
    ctx.store,
    Number(afterId),
    {
      orgId: p.orgId,
      personId: p.personId,
      teamIds: rooms.filter((r) => r.kind === "team").map((r) => r.id),
      conversationIds: rooms.filter((r) => r.kind === "conversation").map((r) => r.id),
      orgWide: true,
    },
    limit,
  );
  if (records.length >= limit) {
    // More was missed than one replay holds (a laptop asleep over a busy floor): the oldest room
    // hints fill it, and the newest events, an alert for me among them, were cut off and never
    // told. The page reads everything again after a reconnect, so room hints may go; my own events
    // (alerts, whispers, offers, each a notification) are replayed whole.
    const own = await findEventsAfter(
      ctx.store,
      Number(afterId),
      { orgId: p.orgId, personId: p.personId, orgWide: false },
      limit,
    );
    const seen = new Set(records.map((r) => r.id));
    records.push(...own.filter((r) => !seen.has(r.id)));
    records.sort((a, b) => a.id - b.id);
  }
  return records.flatMap((r) => {
    const event = presentEvent(r);
    return event === null ? [] : [event];
  });
}
