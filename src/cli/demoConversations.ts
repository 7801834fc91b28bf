/**
 * Scripted support conversations for the demo and the simulator, written for tagteam. Each is a
 * realistic arc: some go well, some go wrong in the ways the engine looks for (wrong policy,
 * repeated apologies, defensiveness, a customer asking for a manager), so the floor shows both.
 */
export interface DemoLine {
  role: "customer" | "agent";
  text: string;
}
export interface DemoConversation {
  topic: string;
  channel: "chat" | "email";
  customer: string;
  lines: DemoLine[];
}

const c = (text: string): DemoLine => ({ role: "customer", text });
const a = (text: string): DemoLine => ({ role: "agent", text });

export const DEMO_CONVERSATIONS: readonly DemoConversation[] = [
  {
    topic: "returns",
    channel: "chat",
    customer: "Maya Chen",
    lines: [
      c("Hi, I'd like to return a jacket I bought. It arrived three weeks ago and doesn't fit."),
      a("Sorry about that. Unfortunately returns are only accepted within 14 days of delivery."),
      c("That's not what your website says. I'm pretty sure it said 30 days."),
      a("Sorry, I'm not sure, I think it might be 14 days, maybe, I'd have to check."),
      c("I already told you it arrived three weeks ago. Can you actually check the policy please?"),
      a("Sorry again, I apologise for the confusion."),
      c("This is ridiculous. I want to speak to a manager."),
      a("I understand. Let me bring in someone who can sort this out for you right now."),
    ],
  },
  {
    topic: "shipping",
    channel: "chat",
    customer: "Tom Ellis",
    lines: [
      c("Hello, my order 48213 hasn't arrived yet. When should I expect it?"),
      a("Thanks for reaching out, Tom. I can see order 48213 shipped on Monday with standard shipping."),
      a(
        "Standard shipping takes 3 days, so it should arrive by tomorrow. I'll email you the tracking link now.",
      ),
      c("Great, thank you so much!"),
      a("You're welcome, Tom. Is there anything else I can help you with today?"),
      c("No, that's all. Have a good day."),
    ],
  },
  {
    topic: "billing",
    channel: "email",
    customer: "Priya Raman",
    lines: [
      c("I was charged a late fee of $40 even though I paid on the due date. Please explain."),
      a("The late fee is $40 and it is applied automatically by the system, that's not something I control."),
      c("Your terms say the late fee is $15. And I paid on time! Why am I being charged at all?"),
      a("Well, that's what billing did, you'd have to take it up with them. It's not my fault."),
      c("You are useless. I've been a customer for six years and I'm thinking of cancelling my account."),
      a("I'm sorry you feel that way."),
      c("Just fix it or I will cancel today and tell everyone I know."),
    ],
  },
  {
    topic: "refunds",
    channel: "chat",
    customer: "Jonas Berg",
    lines: [
      c("I returned my headphones two weeks ago and still haven't seen the refund. It's frustrating."),
      a("I'm sorry the refund is taking so long, Jonas, waiting two weeks is frustrating. Let me look."),
      a(
        "I can see the return arrived on the 3rd. Refunds reach your card within 5 business days, so this is late.",
      ),
      a("I've escalated it to our payments team and I'll email you an update by Thursday at noon."),
      c("Okay, thank you for actually looking into it."),
      a("Of course. To confirm: you'll have an update from me by Thursday noon. Anything else?"),
      c("No, that's it. Thanks."),
    ],
  },
  {
    topic: "accounts",
    channel: "chat",
    customer: "Sofia Marin",
    lines: [
      c("I can't log into my account. It keeps saying my password is wrong, I've reset it twice."),
      a("Um, so, basically, have you tried resetting your password?"),
      c("Yes. I just said I reset it twice. Are you even reading my messages?"),
      a("Sorry. Can you tell me your email address?"),
      c(
        "I gave it at the start of the chat: sofia.marin@example.com. This is the third time I'm explaining.",
      ),
      a("Sorry, sorry. It's probably a cache issue on your end, try clearing your cookies or the DNS."),
      c("I don't know what that means. I just want to get into my account. This is so frustrating."),
    ],
  },
  {
    topic: "shipping",
    channel: "chat",
    customer: "Omar Haddad",
    lines: [
      c("Do I have to pay for shipping on a $70 order?"),
      a("Good question! Shipping is free on orders over $50, so your $70 order ships free."),
      c("Perfect, thanks."),
      a("Happy to help, Omar. Enjoy your order!"),
    ],
  },
  {
    topic: "refunds",
    channel: "chat",
    customer: "Grace Liu",
    lines: [
      c("Where is my refund? I was told it would take 5 days and it's been 12."),
      a("Refunds usually take 30 business days, so it's still within the normal window."),
      c("Thirty days? Nobody told me that. I need that money for rent."),
      a("I apologise. I'm afraid there's nothing I can do, it's the policy."),
      c("I am going to report this to my bank and talk to a lawyer if I don't get it this week."),
    ],
  },
  {
    topic: "returns",
    channel: "email",
    customer: "Lucas Moreau",
    lines: [
      c("The blender I received is cracked. Can I get a replacement?"),
      a("Oh no, I'm sorry it arrived cracked, Lucas. That's not the experience we want for you."),
      a(
        "I've arranged a replacement, it ships today and you'll get a prepaid label to send the cracked one back.",
      ),
      c("That was quick. Thanks!"),
    ],
  },
  // Three customers hitting the same checkout outage: together they open an incident (a banner for
  // the whole team and a knowledge stub), which one conversation alone never would.
  {
    topic: "payments",
    channel: "chat",
    customer: "Hannah Okafor",
    lines: [
      c("Hi, your checkout keeps failing when I try to pay. It says error 502 every time."),
      a("Sorry about that, Hannah. Could you try again in a few minutes?"),
      c("I've tried five times already. I just want to buy the shoes before the sale ends."),
      a("I understand. I can hold the sale price on your basket until tomorrow so you don't lose it."),
      c("OK, that helps. Thanks."),
    ],
  },
  {
    topic: "payments",
    channel: "email",
    customer: "Diego Alvarez",
    lines: [
      c("The checkout page won't load at all on my phone or my laptop. Is something wrong?"),
      a("Sorry, Diego. I'm not sure, maybe clear your cache?"),
      c("I did that already, it still won't load. This is really frustrating."),
      a("I'm sorry, I don't know what else to try."),
      c("So nobody can help me pay you? Unbelievable."),
    ],
  },
  {
    topic: "payments",
    channel: "chat",
    customer: "Priti Shah",
    lines: [
      c("Payment failed again at checkout, error 502. Did you take my money?"),
      a("Let me check, Priti. No charge has gone through on your card, so you haven't paid twice."),
      c("Phew. When can I order?"),
      a("Our payments team is on it; I'll email you the moment checkout works again, today."),
    ],
  },
];

/** First and last names for the replays after the first round (400 people), none of the scripts' own. */
const REPLAY_FIRST_NAMES: readonly string[] = [
  "Amara",
  "Lena",
  "Kenji",
  "Rosa",
  "Farah",
  "Noah",
  "Ines",
  "Mateo",
  "Aisha",
  "Elias",
  "Mei",
  "Samir",
  "Chloe",
  "Arjun",
  "Zoe",
  "Kwame",
  "Olga",
  "Tariq",
  "Nora",
  "Hugo",
];
const REPLAY_LAST_NAMES: readonly string[] = [
  "Nwosu",
  "Fischer",
  "Sato",
  "Delgado",
  "Karimi",
  "Brooks",
  "Costa",
  "Rossi",
  "Bello",
  "Lindqvist",
  "Wong",
  "Haddad",
  "Martin",
  "Mehta",
  "Papadopoulos",
  "Mensah",
  "Ivanova",
  "Aziz",
  "Kelly",
  "Lefebvre",
];

/** The k-th replay customer: every first name with every last name before any pair comes back. */
function replayCustomer(k: number): string {
  const f = REPLAY_FIRST_NAMES.length;
  const first = REPLAY_FIRST_NAMES[k % f] ?? "Alex";
  const last = REPLAY_LAST_NAMES[(k + Math.floor(k / f)) % REPLAY_LAST_NAMES.length] ?? "Doe";
  return `${first} ${last}`;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The script for replay `n` of the simulator: the first round as written, later rounds with
 * another customer (400 made of pooled first and last names), whose first name replaces the original one
 * wherever the agent says it, so the floor shows new people rather than the same ones again.
 */
export function castFor(script: DemoConversation, n: number): DemoConversation {
  const round = Math.floor(n / DEMO_CONVERSATIONS.length);
  if (round === 0) return script;
  const customer = replayCustomer(n - DEMO_CONVERSATIONS.length);
  const from = script.customer.split(" ")[0] ?? script.customer;
  const to = customer.split(" ")[0] ?? customer;
  const name = new RegExp(`\\b${escapeRegExp(from)}\\b`, "g");
  return {
    ...script,
    customer,
    lines: script.lines.map((line) => ({ ...line, text: line.text.replace(name, to) })),
  };
}
