import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import type { Me, UpdateDebriefBody } from "../../../protocol/index.ts";
import { formatWhen } from "../../lib/format.ts";
import { loadFailed, useAction } from "../../lib/queries.ts";
import { useRealtimeEvents } from "../../realtime/RealtimeProvider.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { ShowOlder } from "../../ui/ShowOlder.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { debriefApi, debriefKeys, useConversationDebriefs, useDebriefs, useLinkedDebrief } from "./api.ts";
import { DebriefCard, debriefLabel } from "./DebriefCard.tsx";

/** Debrief cards: mine (and my teams', for a lead); the selected one to edit, beside its partner card. */
export function DebriefsPage({ me, selectedId }: { me: Me; selectedId?: string | undefined }) {
  const client = useQueryClient();
  const list = useDebriefs();
  const [error, setError] = useState<string | null>(null);
  useRealtimeEvents((e) => {
    if (e.type === "debrief.created") void client.invalidateQueries({ queryKey: debriefKeys.all });
  });
  const cards = list.data ?? [];
  // Without one in the address: my newest card, kept while new cards arrive (it switched to each
  // new card of mine as it came, and what I was typing in the card on screen was gone).
  const [opened, setOpened] = useState<string | null>(null);
  const newest = cards.find((d) => d.personId === me.id) ?? cards[0];
  if (opened === null && newest !== undefined) setOpened(newest.id);
  // A link to a card older than the pages loaded reads that card on its own; one that cannot be
  // read says so above the newest card rather than swapping it in silently.
  const linked = useLinkedDebrief(selectedId, cards, list.isSuccess);
  const selected = linked.loading ? undefined : (linked.card ?? cards.find((d) => d.id === opened) ?? newest);
  const partners = useConversationDebriefs(selected?.conversationId);
  const save = useAction(
    (id: string, body: UpdateDebriefBody) => debriefApi.save(id, body),
    [debriefKeys.all],
  );
  const others = (partners.data ?? []).filter((d) => d.id !== selected?.id);
  return (
    <>
      <PageHeader
        title="Debriefs"
        sub="After a conversation where someone stepped in, the agent and the helper each get a two-minute card."
      />
      {loadFailed(list) ? <ErrorNotice error={list.error} /> : null}
      {linked.missing !== null ? (
        <div className="notice error" role="alert">
          The debrief card this link points to could not be opened: it no longer exists, or it is not yours to
          read.{selected !== undefined ? " Your newest card is shown instead." : ""}
        </div>
      ) : null}
      <div className="two-col">
        <div className="stack">
          {selected !== undefined ? (
            <Panel>
              <DebriefCard
                debrief={selected}
                busy={save.isPending}
                error={error}
                onSave={(body) => {
                  setError(null);
                  save.mutateAsync([selected.id, body]).catch((e: unknown) => setError(describeError(e)));
                }}
              />
            </Panel>
          ) : null}
          {others.map((d) => (
            <Panel key={d.id}>
              <DebriefCard debrief={d} busy={false} error={null} onSave={() => undefined} />
            </Panel>
          ))}
          {selected !== undefined ? (
            <p className="small">
              <Link href={`/conversations/${selected.conversationId}`}>Open the conversation</Link>
            </p>
          ) : null}
        </div>
        <Panel title="Cards" flush>
          {list.isPending ? (
            <div className="empty">Loading…</div>
          ) : cards.length === 0 ? (
            <EmptyState>No debriefs yet. They appear when a conversation with a step-in closes.</EmptyState>
          ) : (
            <ul className="timeline scroll-list" aria-label="Debrief cards">
              {cards.map((d) => (
                <li key={d.id}>
                  <Link
                    href={`/debriefs/${d.id}`}
                    className="list-button"
                    style={{ display: "flex", gap: 8, alignItems: "center" }}
                    aria-current={d.id === selected?.id ? "true" : undefined}
                  >
                    <span className="grow">
                      {debriefLabel(d, me.id).who}
                      <span className="muted small" style={{ display: "block" }}>
                        {debriefLabel(d, me.id).about}
                      </span>
                    </span>
                    <Badge tone={d.status === "saved" ? "ok" : "info"}>{d.status}</Badge>
                    <span className="muted small">{formatWhen(d.conversationClosedAt ?? d.createdAt)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {cards.length > 0 ? <ShowOlder shown={cards.length} noun="card" pages={list} /> : null}
        </Panel>
      </div>
    </>
  );
}
