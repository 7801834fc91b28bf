import { checkFeedback } from "../../engine/feedback/checkFeedback.ts";
import {
  appendFeedbackReply,
  createFeedback,
  createInsight,
  createJournalEntry,
  reviewInsight,
  type JsonValue,
  type Queryable,
} from "../../store/index.ts";
import { conversationAgentSql } from "../../store/conversationAgent.ts";
import { loadDemoTeam, type DemoPersona } from "./demoHistory.ts";

/*
 * What the demo team wrote down over its eight weeks, beside the conversations themselves: a few
 * insights the lead published (and one still waiting for review), feedback between teammates with
 * replies, and each person's own journal. Without them a prospect signing in as anyone met
 * "Nothing published yet", "No feedback yet" and "Nothing written yet" on pages meant to show the
 * team learning. Each note is linked to one of the history's conversations where it is about one.
 */

const DAY_MS = 86_400_000;

type Author = DemoPersona | "lead";

interface DemoInsight {
  topic: string;
  text: string;
  daysAgo: number;
  /** Still a draft (written by this agent) for the lead to review; else published by the lead. */
  draftBy?: DemoPersona;
}

const INSIGHTS: readonly DemoInsight[] = [
  {
    topic: "returns",
    daysAgo: 44,
    text: "Customers asking to return something after two or three weeks are mostly worried they have missed the window. Saying first that returns are accepted within 30 days of delivery, then sending the label, settles it in two messages.",
  },
  {
    topic: "accounts",
    daysAgo: 31,
    text: "Customers locked out after switching between phone and laptop: resetting the lock and removing the old sign-in on the other device works every time. Talk of tokens or caches only confuses them; 'your account locked itself to keep it safe' is enough.",
  },
  {
    topic: "billing",
    daysAgo: 19,
    text: "A customer charged twice: check whether both charges went through before calling one 'pending'. Refunding the second at once and emailing the confirmation calmed every customer who asked this month.",
  },
  {
    topic: "shipping",
    daysAgo: 9,
    text: "A customer with a date in mind (a birthday, a wedding) wants the day it arrives, not how shipping works: give the day, then send the tracking link.",
  },
  {
    topic: "billing",
    daysAgo: 2,
    draftBy: "ben",
    text: "Customers keep using a promo code from our own newsletter after it ran out. Applying the discount anyway avoided a complaint each time; the newsletter should stop sending codes that have ended.",
  },
];

interface DemoFeedback {
  from: Author;
  to: Author;
  daysAgo: number;
  /** The receiver's conversation it is about, by topic. */
  topic: string;
  text: string;
  reply?: string;
}

const FEEDBACK: readonly DemoFeedback[] = [
  {
    from: "lead",
    to: "ana",
    daysAgo: 38,
    topic: "refunds",
    text: "When you told the customer the refund might take 30 days without checking, she asked for a manager. Next time, try looking the number up in the knowledge base, or ask for a whisper, before you give it.",
    reply:
      "Thanks, that's fair. I'll check before giving a number. Could we practise refund questions at the next warm-up?",
  },
  {
    from: "lead",
    to: "cho",
    daysAgo: 27,
    topic: "returns",
    text: "When the customer said they didn't follow the part about the batch job, you explained it again in the same words and they got more confused. Next time, try saying what happens for them and when: 'your refund reaches your card by Friday'.",
    reply: "Makes sense. I'll try the 'what happens for you and when' line this week.",
  },
  {
    from: "dev",
    to: "ben",
    daysAgo: 22,
    topic: "refunds",
    text: "When you said 'as I said, the refund is on its way', the customer felt brushed off even though the refund was right. Next time, try one sentence about the wait first, then the date.",
  },
  {
    from: "ben",
    to: "ana",
    daysAgo: 12,
    topic: "shipping",
    text: "When the customer said the present was running late, you named how stressful that was before answering, and she relaxed straight away. Keep doing that; I'm going to try it in my billing chats.",
    reply: "Thank you, Ben! Happy to pair on it at the warm-up.",
  },
  {
    from: "cho",
    to: "lead",
    daysAgo: 16,
    topic: "shipping",
    text: "When you whispered 'leave the warehouse out of it and say what you'll do now', I could send it as it was and the customer calmed down. Next time, keep whispers to one sentence like that; it's easier to use mid-chat.",
  },
  {
    from: "ana",
    to: "dev",
    daysAgo: 6,
    topic: "accounts",
    text: "When the customer repeated that they were locked out again, you paraphrased it back before fixing anything, and they stopped repeating themselves. Keep doing that, it showed me how.",
  },
];

const JOURNAL: Readonly<Record<Author, readonly { daysAgo: number; text: string }[]>> = {
  lead: [
    {
      daysAgo: 33,
      text: "Start of the coaching push. Helpers answered alerts in under two minutes most of today. Ben still skips the feelings; pairing him with Ana for the warm-ups.",
    },
    {
      daysAgo: 8,
      text: "Stepped in on one of Cho's refund chats with a whisper. I waited two messages longer than I should have; next time I signal support as soon as the customer repeats themself.",
    },
  ],
  ana: [
    {
      daysAgo: 24,
      text: "Guessed a number again today (free shipping). It's in the knowledge base. Before I answer a policy question I'll open it first, even with the customer waiting.",
    },
    {
      daysAgo: 5,
      text: "The sofa customer calmed down as soon as I said my lead could approve the refund. Bringing someone in early is not failing.",
    },
  ],
  ben: [
    {
      daysAgo: 20,
      text: "A customer said 'that's it?' after my answer. The answer was right, but I said nothing about the two weeks she had waited. One sentence would have done it.",
    },
  ],
  cho: [
    {
      daysAgo: 29,
      text: "Blamed the warehouse in front of a customer today. It didn't help, the customer got angrier. Next time: 'let me put right what went wrong'.",
    },
    {
      daysAgo: 11,
      text: "Dev took over the locked-account chat and fixed it in one message, without any of the words I used. Write for the customer, not for the ticket.",
    },
  ],
  dev: [
    {
      daysAgo: 15,
      text: "Whispered the refund time to Ana; she used it in her next message and the customer said thanks. Short whispers land better than long ones.",
    },
  ],
};

/**
 * Writes the demo team's insights, feedback and journals (called once, after its history, when the
 * demo workspace is created), dated within the history relative to `now`.
 */
export async function seedDemoNotes(
  db: Queryable,
  orgId: string,
  teamId: string,
  now: number,
): Promise<void> {
  const team = await loadDemoTeam(db, orgId, teamId);
  if (team === null) return;
  const { lead } = team;
  const byAuthor = new Map<Author, string>([["lead", lead.id]]);
  for (const { person, persona } of team.agents) if (!byAuthor.has(persona)) byAuthor.set(persona, person.id);
  const at = (daysAgo: number): Date => new Date(now - daysAgo * DAY_MS + 14 * 3_600_000 - (now % DAY_MS));
  /**
   * The latest history conversation of this person (or anyone) about the topic, up to that day. A
   * person's is theirs by the rule My numbers use (conversationAgentSql) and was never handed on: the
   * history is scored at the first start, after this, and until then a conversation taken over is
   * its helper's by its assignee, so feedback to Ana linked one the scorecard gives to Cho.
   */
  const conversationOf = async (
    topic: string,
    daysAgo: number,
    personId?: string,
  ): Promise<string | null> => {
    const [row] = await db.query<{ id: string }>(
      `SELECT c.id FROM conversations c
       WHERE c.org_id = $1 AND c.team_id = $2 AND c.topic = $3 AND c.created_at <= $4
         AND ($5::uuid IS NULL OR (${conversationAgentSql("c")} = $5
              AND NOT EXISTS (SELECT 1 FROM interventions h
                               WHERE h.org_id = c.org_id AND h.conversation_id = c.id
                                 AND ((h.kind = 'takeover_offer' AND h.state IN ('accepted', 'done'))
                                      OR (h.kind = 'warm_transfer' AND h.state = 'done')))))
       ORDER BY c.created_at DESC LIMIT 1`,
      [orgId, teamId, topic, at(daysAgo).toISOString(), personId ?? null],
    );
    return row?.id ?? null;
  };

  for (const insight of INSIGHTS) {
    const author = insight.draftBy !== undefined ? byAuthor.get(insight.draftBy) : lead.id;
    const created = await createInsight(db, {
      orgId,
      teamId,
      conversationId: await conversationOf(insight.topic, insight.daysAgo),
      text: insight.text,
      topic: insight.topic,
      createdBy: author ?? lead.id,
    });
    if (insight.draftBy === undefined)
      await reviewInsight(db, { orgId, id: created.id, status: "published", reviewedBy: lead.id });
    const when = at(insight.daysAgo).toISOString();
    await db.query(
      `UPDATE insights SET created_at = $3, updated_at = $3,
         reviewed_at = CASE WHEN reviewed_at IS NULL THEN NULL ELSE $3::timestamptz + interval '2 hours' END
       WHERE org_id = $1 AND id = $2`,
      [orgId, created.id, when],
    );
  }

  for (const f of FEEDBACK) {
    const authorId = byAuthor.get(f.from);
    const receiverId = byAuthor.get(f.to);
    if (authorId === undefined || receiverId === undefined || authorId === receiverId) continue;
    const created = await createFeedback(db, {
      orgId,
      authorId,
      receiverId,
      conversationId: await conversationOf(f.topic, f.daysAgo, receiverId),
      text: f.text,
      check: checkFeedback(f.text) as unknown as JsonValue,
    });
    const when = at(f.daysAgo);
    await db.query(`UPDATE feedback SET created_at = $3, read_at = $4 WHERE org_id = $1 AND id = $2`, [
      orgId,
      created.id,
      when.toISOString(),
      new Date(when.getTime() + 3_600_000).toISOString(),
    ]);
    if (f.reply !== undefined) {
      const reply = await appendFeedbackReply(db, {
        orgId,
        feedbackId: created.id,
        authorId: receiverId,
        text: f.reply,
      });
      await db.query(`UPDATE feedback_replies SET created_at = $3 WHERE org_id = $1 AND id = $2`, [
        orgId,
        reply.id,
        new Date(when.getTime() + 2 * 3_600_000).toISOString(),
      ]);
    }
  }

  for (const [author, entries] of Object.entries(JOURNAL) as [Author, (typeof JOURNAL)[Author]][]) {
    const authorId = byAuthor.get(author);
    if (authorId === undefined) continue;
    for (const entry of entries) {
      const created = await createJournalEntry(db, { orgId, authorId, text: entry.text });
      await db.query(
        `UPDATE journal_entries SET created_at = $3, updated_at = $3 WHERE org_id = $1 AND id = $2`,
        [orgId, created.id, at(entry.daysAgo).toISOString()],
      );
    }
  }
}
