/**
 * A realistic workspace for the end-to-end tests, the screenshots and the browser benchmark,
 * created through the public API only: one support team, an agent, two teammates, a lead, the
 * knowledge base, an ingest token, and (optionally) live conversations posted like a helpdesk would.
 */
import { ApiSession } from "./harness.ts";

export const PASSWORD = "correct-horse-battery";

export const PEOPLE = {
  agent: { email: "sam@tagteam.test", name: "Sam Ortiz", role: "agent", topics: ["shipping"] },
  helper: { email: "priya@tagteam.test", name: "Priya Nair", role: "agent", topics: ["returns", "refunds"] },
  peer: { email: "jon@tagteam.test", name: "Jon Reyes", role: "agent", topics: ["accounts"] },
  lead: { email: "lee@tagteam.test", name: "Lee Park", role: "lead", topics: ["billing", "returns"] },
} as const;
export type PersonKey = keyof typeof PEOPLE;

export const FACTS = [
  {
    topic: "returns",
    statement: "Items can be returned within 30 days of delivery.",
    key: "return_window",
    value: 30,
    unit: "day",
  },
  {
    topic: "refunds",
    statement: "Refunds reach the original payment method within 5 business days.",
    key: "refund_time",
    value: 5,
    unit: "day",
  },
  {
    topic: "shipping",
    statement: "Standard shipping is free on orders over $50.",
    key: "free_shipping_min",
    value: 50,
    unit: "usd",
  },
  {
    topic: "billing",
    statement: "Customers can be refunded for a duplicate charge.",
    key: "duplicate_charge_refund",
    value: true,
    unit: null,
  },
] as const;

export interface Workspace {
  teamId: string;
  ids: Record<PersonKey, string>;
  ingestToken: string;
}

/** Creates the team, people, facts and an ingest token as the admin. */
export async function seedWorkspace(admin: ApiSession): Promise<Workspace> {
  const { team } = await admin.call<{ team: { id: string } }>("POST", "/teams", { name: "Customer Care" });
  const ids = {} as Record<PersonKey, string>;
  for (const [key, p] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const { person } = await admin.call<{ person: { id: string } }>("POST", "/people", {
      email: p.email,
      name: p.name,
      role: p.role,
      password: PASSWORD,
      teamIds: [team.id],
      topics: [...p.topics],
    });
    ids[key] = person.id;
  }
  for (const f of FACTS) await admin.call("POST", "/knowledge/facts", { teamId: team.id, ...f });
  const { secret } = await admin.call<{ secret: string }>("POST", "/tokens", {
    name: "Helpdesk import",
    scopes: ["ingest"],
  });
  return { teamId: team.id, ids, ingestToken: secret };
}

type Line = readonly ["customer" | "agent", string];

/** Conversations as a helpdesk would send them: some go well, some go badly in recognisable ways. */
export const SCENARIOS: readonly {
  id: string;
  customer: string;
  topic: string;
  channel: string;
  lines: readonly Line[];
}[] = [
  {
    id: "hd-1001",
    customer: "Dana Whitfield",
    topic: "returns",
    channel: "chat",
    lines: [
      ["customer", "Hi, I want to return a pair of boots. They arrived 3 weeks ago and they don't fit."],
      [
        "agent",
        "Sorry about that. Sorry, I think returns are only accepted within 14 days, so there's probably nothing I can do.",
      ],
      [
        "customer",
        "I already told you they arrived 3 weeks ago. Your own website says 30 days! This is ridiculous.",
      ],
      ["agent", "Sorry, that's not my fault, the warehouse team handles that, I just follow the rules."],
      ["customer", "You're useless. I want to speak to a manager right now or I'm cancelling my account."],
    ],
  },
  {
    id: "hd-1002",
    customer: "Marcus Lee",
    topic: "billing",
    channel: "email",
    lines: [
      ["customer", "I was charged twice for my March invoice. Can you fix this?"],
      [
        "agent",
        "Um, so, basically, I'm not sure, maybe it's a pending authorisation? It might drop off, I guess.",
      ],
      ["customer", "It is not pending, both charges have settled. I need the duplicate refunded."],
    ],
  },
  {
    id: "hd-1003",
    customer: "Aisha Khan",
    topic: "shipping",
    channel: "chat",
    lines: [
      ["customer", "Where is my order? It was supposed to arrive yesterday."],
      [
        "agent",
        "Thanks for checking in, Aisha. I can see your parcel is at the local depot; it will be delivered tomorrow before 6pm.",
      ],
      ["customer", "Great, thank you!"],
    ],
  },
  {
    id: "hd-1004",
    customer: "Tom Becker",
    topic: "accounts",
    channel: "chat",
    lines: [
      ["customer", "I can't log in, the reset email never arrives."],
      ["agent", "I understand how frustrating that is. Can you confirm the email address on the account?"],
      ["customer", "It's tom.becker@example.com, I've tried three times."],
    ],
  },
  {
    id: "hd-1005",
    customer: "Elena Petrova",
    topic: "refunds",
    channel: "voice",
    lines: [
      [
        "customer",
        "I returned my order two weeks ago and still no refund. This is the third time I'm calling.",
      ],
      ["agent", "Could you give me your order number?"],
      ["customer", "I gave it the last two times! 55-8812. Nobody listens to me."],
      ["agent", "Refunds take 30 days, there's nothing I can do."],
    ],
  },
  {
    id: "hd-1006",
    customer: "Noah Smith",
    topic: "shipping",
    channel: "social",
    lines: [
      ["customer", "Do you ship to Canada?"],
      [
        "agent",
        "Yes we do, Noah. Delivery to Canada takes 5 to 8 business days, and I'll send you the rates now.",
      ],
    ],
  },
];

/**
 * A day that has fully begun (today from 10:00, else yesterday), for the huddles: its date and its
 * 09:00 (local), where the conversations are posted, whatever the hour now.
 */
export function morningOfADay(): { date: string; at: number } {
  const now = new Date();
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 9, 0, 0);
  if (day.getTime() > now.getTime() - 60 * 60_000) day.setDate(day.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`,
    at: day.getTime(),
  };
}

/** Posts messages through the ingest API in one batch, with the workspace's ingest token. */
export async function postMessages(baseUrl: string, ws: Workspace, messages: unknown[]): Promise<void> {
  const r = await fetch(`${baseUrl}/api/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
    body: JSON.stringify({ messages }),
  });
  if (!r.ok) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
}

/**
 * A calm question ("what time do you open on Saturdays?") each from `count` customers, Caller 00,
 * Caller 01…, 20 s apart back from now: a busy floor, past the 60 rows it renders in full.
 */
export async function postCalmCallers(baseUrl: string, ws: Workspace, count: number): Promise<void> {
  const messages = Array.from({ length: count }, (_, i) => ({
    senderMessageId: `calm-${i}`,
    conversationId: `calm-${i}`,
    teamId: ws.teamId,
    channel: "chat",
    role: "customer",
    text: "Hello, what time do you open on Saturdays?",
    author: `Caller ${String(i).padStart(2, "0")}`,
    topic: "opening hours",
    at: new Date(Date.now() - (i + 1) * 20_000).toISOString(),
  }));
  await postMessages(baseUrl, ws, messages);
}

/** Posts scenario conversations through the ingest API, as the given agent. */
export async function postScenarios(
  baseUrl: string,
  ws: Workspace,
  agentEmail: string,
  scenarios = SCENARIOS,
  startAt = Date.now() - 10 * 60_000,
): Promise<void> {
  const messages = scenarios.flatMap((s, si) =>
    s.lines.map(([role, text], i) => ({
      senderMessageId: `${s.id}-${i}`,
      conversationId: s.id,
      teamId: ws.teamId,
      channel: s.channel,
      role,
      text,
      at: new Date(startAt + si * 30_000 + i * 45_000).toISOString(),
      author: role === "agent" ? agentEmail : s.customer,
      topic: s.topic,
    })),
  );
  await postMessages(baseUrl, ws, messages);
}

/**
 * The helper (Priya) whispers into the first scenario's conversation (the agent Sam's), then the
 * admin closes every open conversation: Sam's numbers count help received, Priya's help given.
 */
export async function whisperIntoFirstThenClose(baseUrl: string, admin: ApiSession): Promise<void> {
  const helper = await ApiSession.signIn(baseUrl, PEOPLE.helper.email, PASSWORD);
  const { conversations } = await admin.call<{ conversations: { id: string; customerName: string }[] }>(
    "GET",
    "/conversations?status=open",
  );
  const first = conversations.find((c) => c.customerName === SCENARIOS[0]?.customer);
  if (first === undefined) throw new Error("the first scenario's conversation is missing");
  await helper.call("POST", `/conversations/${first.id}/step-in`, {
    kind: "whisper",
    text: "Check the order date with her before you answer.",
  });
  for (const c of conversations) await admin.call("POST", `/conversations/${c.id}/close`);
}

/** Five customers hit the same checkout outage within a minute: enough to open an incident. */
export async function postOutage(baseUrl: string, ws: Workspace): Promise<void> {
  const reports = [
    ["Hannah Okafor", "Your checkout keeps failing when I pay, error 502 every time."],
    ["Diego Alvarez", "The checkout page won't load on my phone or laptop."],
    ["Priti Shah", "Payment failed again at checkout, error 502. Did you take my money?"],
    ["Tom Ellis", "checkout is broken, I can't place my order"],
    ["Mei Lin", "Hi, checkout keeps giving me an error 502, is something down?"],
  ];
  const messages = reports.map(([customer, text], i) => ({
    senderMessageId: `outage-${i}`,
    conversationId: `outage-${i}`,
    teamId: ws.teamId,
    channel: "chat",
    role: "customer",
    text,
    author: customer,
    topic: "payments",
    at: new Date(Date.now() - (reports.length - i) * 10_000).toISOString(),
  }));
  await postMessages(baseUrl, ws, messages);
}

/** A helpdesk export to import: yesterday's chats, one with a wrong role and one line cut short. */
export function importSample(): string {
  const yesterday = Date.now() - 26 * 3_600_000;
  const at = (minutes: number) => new Date(yesterday + minutes * 60_000).toISOString();
  const chat = (id: string, start: number, lines: [string, string][]) =>
    JSON.stringify({
      id,
      channel: "chat",
      messages: lines.map(([role, text], i) => ({ role, text, at: at(start + i * 2) })),
    });
  return [
    chat("zd-88201", 0, [
      ["customer", "My order arrived with a cracked screen."],
      ["agent", "I'm sorry! I've sent you a prepaid return label."],
    ]),
    chat("zd-88202", 20, [
      ["customer", "Can I change my delivery address?"],
      ["bot", "Please hold while I find an agent."],
      ["agent", "Yes, I've updated it."],
    ]),
    '{"id": "zd-88203", "messages": [{"role": "customer", "text": "Where is my',
    chat("zd-88204", 60, [
      ["customer", "Do you ship to Norway?"],
      ["agent", "We do, in 3 to 5 business days."],
    ]),
  ].join("\n");
}

/**
 * Closes a stepped-in conversation and leaves a little loop-2 material (a journal entry by the
 * helper, a draft insight), then waits for the agent's debrief card.
 */
export async function closeWithLoop2Material(
  baseUrl: string,
  conversationId: string,
  helperKey: PersonKey,
): Promise<void> {
  const lead = await ApiSession.signIn(baseUrl, PEOPLE.lead.email, PASSWORD);
  await lead.call("POST", `/conversations/${conversationId}/close`);
  const helper = await ApiSession.signIn(baseUrl, PEOPLE[helperKey].email, PASSWORD);
  await helper.call("POST", "/journal", {
    text: "I waited two messages before whispering; the customer had already asked twice. Next time I signal support at once.",
  });
  await lead.call("POST", `/conversations/${conversationId}/insights`, {
    text: "Customers are unsure whether the return window runs from purchase or delivery. Saying “30 days from delivery” settled it.",
    topic: "returns",
  });
  // The debrief cards are written by the server's loop-2 processor just after the close commits.
  const agent = await ApiSession.signIn(baseUrl, PEOPLE.agent.email, PASSWORD);
  for (let i = 0; i < 100; i++) {
    const { debriefs } = await agent.call<{ debriefs: unknown[] }>("GET", "/debriefs");
    if (debriefs.length > 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("no debrief card appeared after closing the conversation");
}

/**
 * A conversation long enough for its transcript to fill its box on a phone: `rounds` questions
 * about delivery ("Question 1: …"), each answered ("Answer 1: …"), then the customer's `last` line.
 */
export function longDeliveryChat(rounds: number, last: string): ["customer" | "agent", string][] {
  return [
    ...Array.from({ length: rounds }, (_, i): ["customer" | "agent", string][] => [
      ["customer", `Question ${i + 1}: could you tell me a little more about how the delivery options work?`],
      [
        "agent",
        `Of course. Answer ${i + 1}: standard delivery takes three to five working days, express one.`,
      ],
    ]).flat(),
    ["customer", last],
  ];
}
