import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import type { TagteamEvent } from "../../protocol/events.ts";
import { WS_PATH, type Room } from "../../protocol/ws.ts";
import {
  RealtimeClient,
  type AccessChanged,
  type RealtimeStatus,
  type SocketLike,
} from "./RealtimeClient.ts";
import { queryKeys } from "../lib/queries.ts";
import { createEventRouter } from "./invalidation.ts";
import { setSignOutNotice, signOutNoticeFor } from "../features/auth/signOutNotice.ts";

interface RealtimeContextValue {
  client: RealtimeClient;
}
const RealtimeContext = createContext<RealtimeContextValue | null>(null);

/** Coalescing window for refetches triggered by events. */
const REFETCH_WINDOW_MS = 300;
/**
 * The floor list is the expensive refetch (hundreds of rows); risk arrives in the events and is
 * patched at once, so the list itself refetches at most every 2 s.
 */
const FLOOR_REFETCH_WINDOW_MS = 2_000;
/** Risk patches are applied in one batch per window rather than one render per event. */
const PATCH_WINDOW_MS = 250;

function socketUrl(): string {
  const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${window.location.host}${WS_PATH}`;
}

/**
 * The app's one realtime connection. Events invalidate the cached queries they concern (the
 * refetch goes through the authorised HTTP API); after a reconnect everything on screen refetches.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const client = useMemo(
    () =>
      new RealtimeClient({
        url: socketUrl(),
        createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
        storage: window.sessionStorage,
      }),
    [],
  );

  useEffect(() => {
    // An open conversation (joined room) gets `message.received` for every group of new messages,
    // so the transcript refetches on that hint; no trailing refetch or polling is needed.
    const router = createEventRouter(queryClient, {
      detailMs: REFETCH_WINDOW_MS,
      floorMs: FLOOR_REFETCH_WINDOW_MS,
      patchMs: PATCH_WINDOW_MS,
    });
    const offEvent = client.onEvent((event) => router.route(event));
    const offReconnect = client.onReconnect(() => void queryClient.invalidateQueries());
    // An admin changed my role or teams: who I am, my teams (and so the team rooms joined) and every
    // page on screen are read again; what I may no longer read answers 404.
    const offAccess = client.onAccessChanged(() => void queryClient.invalidateQueries());
    // Signed out elsewhere (or deactivated): asking who we are again shows the sign-in page.
    // The sign-in page then says why (signOutNotice.ts).
    const offSignedOut = client.onSignedOut((reason) => {
      setSignOutNotice(signOutNoticeFor(reason));
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    });
    const goneOffline = () => client.dropConnection();
    const backOnline = () => client.reconnectNow();
    window.addEventListener("offline", goneOffline);
    window.addEventListener("online", backOnline);
    client.start();
    return () => {
      offEvent();
      offReconnect();
      offAccess();
      offSignedOut();
      window.removeEventListener("offline", goneOffline);
      window.removeEventListener("online", backOnline);
      router.dispose();
      client.stop();
    };
  }, [client, queryClient]);

  return <RealtimeContext.Provider value={{ client }}>{children}</RealtimeContext.Provider>;
}

function useRealtimeClient(): RealtimeClient {
  const ctx = useContext(RealtimeContext);
  if (ctx === null) throw new Error("useRealtime* must be used inside <RealtimeProvider>.");
  return ctx.client;
}

/** The connection's status, for the offline banner. */
export function useRealtimeStatus(): RealtimeStatus {
  const client = useRealtimeClient();
  return useSyncExternalStore(
    (cb) => client.onStatus(cb),
    () => client.getStatus(),
  );
}

/** Calls `listener` for every event (for toasts); the latest listener is always used. */
export function useRealtimeEvents(listener: (event: TagteamEvent) => void): void {
  const client = useRealtimeClient();
  const [ref] = useState(() => ({ current: listener }));
  ref.current = listener;
  useEffect(() => client.onEvent((e) => ref.current(e)), [client, ref]);
}

/** Calls `listener` when an admin changes my role or teams while I am connected. */
export function useRealtimeAccessChanges(listener: (change: AccessChanged) => void): void {
  const client = useRealtimeClient();
  const [ref] = useState(() => ({ current: listener }));
  ref.current = listener;
  useEffect(() => client.onAccessChanged((c) => ref.current(c)), [client, ref]);
}

/** Joins a room while the component is mounted (a conversation being viewed). */
export function useRealtimeRoom(room: Room | null): void {
  const client = useRealtimeClient();
  const kind = room?.kind;
  const id = room?.id;
  useEffect(() => {
    if (kind === undefined || id === undefined) return;
    const r = { kind, id } as Room;
    client.join(r);
    return () => client.leave(r);
  }, [client, kind, id]);
}
