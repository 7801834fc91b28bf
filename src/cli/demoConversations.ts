/**
 * Scripted support conversations for the demo and the simulator, written for tagteam. Each is a
 * realistic arc: some go well, some go wrong in the ways the engine looks for (wrong policy,
 * repeated apologies, defensiveness, a customer asking for a manager), so the floor shows both.
 *
 * Each is written for one of the demo agents, in that agent's way of working (the same as in the
 * demo's history, src/server/numbers/demoHistory.ts), so the skill map of a live demo keeps its
 * strengths and gaps: Ana is warm and uses the name but hedges on fees, refunds and policy; Ben
 * gives a concrete next step at once but skips the feelings, never uses the name and gets curt
 * when pushed; Cho talks in internal jargon and, under pressure, gets defensive or blames another
 * team; Dev is strong all round.
 */
import { demoTextOn } from "../protocol/demoDays.ts";

/** The demo agent a script is written for, by the first part of their e-mail (ana.agent@…). */
export type DemoPersona = "ana" | "ben" | "cho" | "dev";
export interface DemoLine {
  role: "customer" | "agent";
  text: string;
  /**
   * Other ways customers put the same thing: later rounds take them in turn (`castFor`), so a
   * demo watched for hours does not show "Do I have to pay for shipping on a $70 order?" word for
   * word every round. Each says the same facts, and the same feelings, as `text`.
   */
  also?: readonly string[];
}
export interface DemoConversation {
  topic: string;
  channel: "chat" | "email";
  customer: string;
  persona: DemoPersona;
  lines: DemoLine[];
  /**
   * How it goes on once a teammate has stepped in (a signal or whisper the agent acts on, or a
   * takeover): from the agent's next turn on, these replace the rest of `lines`, so the customer
   * visibly recovers (or not) and the step-in has an outcome.
   */
  helped?: DemoLine[];
  /** The step-in fixes the problem but the customer stays upset (Numbers: did not recover). */
  helpTooLate?: boolean;
  /** How it ends when nobody stepped in after all `lines`: the customer gives up, still unhappy. */
  alone?: DemoLine[];
  /**
   * One of the customers of an outage (checkout down): replayed in the first round and then only
   * every OUTAGE_EVERY_ROUNDS rounds, so the incident banner comes, grows and goes quiet rather than
   * counting a hundred customers an hour for as long as the demo runs.
   */
  outage?: true;
  /**
   * A customer who cannot log in: two scripts of the round say so, and replayed every round (a
   * minute, at the replay's first pace) they made five reports within a quarter of an hour, so a "login" incident banner stood over every page
   * for as long as the demo ran. They replay every LOGIN_EVERY_ROUNDS rounds instead.
   */
  login?: true;
}

/** Rounds of the replay between two plays of a login script. */
export const LOGIN_EVERY_ROUNDS = 2;

/**
 * Rounds of the replay between two outages (a round is every script once, a quarter of an hour at
 * the demo's pace, src/cli/demoPace.ts): about every half hour.
 */
export const OUTAGE_EVERY_ROUNDS = 2;

const c = (text: string, ...also: string[]): DemoLine =>
  also.length > 0 ? { role: "customer", text, also } : { role: "customer", text };
const a = (text: string): DemoLine => ({ role: "agent", text });

export const DEMO_CONVERSATIONS: readonly DemoConversation[] = [
  {
    topic: "returns",
    channel: "chat",
    customer: "Maya Chen",
    persona: "ana",
    lines: [
      c(
        "Hi, I'd like to return a jacket I bought. It arrived three weeks ago and doesn't fit.",
        "Can I send back a jacket that doesn't fit? It came three weeks ago.",
        "hi, the jacket I ordered arrived three weeks ago and it doesn't fit. I'd like to return it",
        "I want to return a jacket, it doesn't fit. Got it three weeks ago.",
        "Hello, is it possible to return a jacket I received three weeks ago? It doesn't fit me.",
      ),
      a(
        "Oh no, Maya, I'm so sorry to hear it doesn't fit. I think returns might only be accepted within 14 days, maybe.",
      ),
      c("That's not what your website says. I'm pretty sure it said 30 days."),
      a("Sorry, I'm not sure, I think it might be 14 days, maybe, I'd have to check."),
      c("I already told you it arrived three weeks ago. Can you actually check the policy please?"),
      a("Sorry again, I apologise for the confusion, Maya. I know how annoying this is."),
      c("This is ridiculous. I want to speak to a manager."),
      a("I understand, Maya. Let me bring in someone who can sort this out for you right now."),
    ],
    helped: [
      a(
        "Maya, I've checked the policy for you: returns are accepted within 30 days of delivery, so you're well within time. I'm sorry for the mix-up.",
      ),
      c("Okay, good. So how do I send it back?"),
      a(
        "I've emailed you a free return label, Maya. Drop the jacket at any post office; the refund reaches your card within 5 business days of it arriving.",
      ),
      c("Great, that's easy. Thank you for sorting it out."),
      a("You're welcome, Maya. Is there anything else I can help with?"),
      c("No, that's all. Thanks!"),
    ],
    alone: [
      c("Hello? Is anyone there? I've been waiting for ages."),
      c("Forget it. This is useless, I'm disputing the charge with my bank."),
    ],
  },
  {
    topic: "shipping",
    channel: "chat",
    customer: "Tom Ellis",
    persona: "dev",
    lines: [
      c(
        "Hello, my order 48213 hasn't arrived yet. When should I expect it?",
        "Hi, order 48213 hasn't come yet. When will it arrive?",
        "When should order 48213 arrive? Nothing yet.",
        "Any idea when order 48213 will get to me? It hasn't arrived.",
        "hello, waiting on order 48213, when should I expect it?",
      ),
      a("Thanks for reaching out, Tom. I can see order 48213 shipped two days ago with standard shipping."),
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
    persona: "cho",
    lines: [
      c(
        "I was charged a late fee of $40 even though I paid on the due date. Please explain.",
        "Hello, I paid my bill on the due date, yet I see a $40 late fee on my statement. Could you explain why?",
        "Dear support, a late fee of $40 was added to my account although my payment went out on the due date. Please explain.",
        "Hi, why was I charged a $40 late fee? I paid on the due date.",
        "I'm writing about a $40 late fee on my account. I paid on time, on the due date. Please explain.",
      ),
      a(
        "The late fee is $40 and the billing backend applies it automatically, that's not something I control.",
      ),
      c("Your terms say the late fee is $15. And I paid on time! Why am I being charged at all?"),
      a("The billing team always gets these wrong, you'd have to take it up with them. It's not my fault."),
      c("You are useless. I've been a customer for six years and I'm thinking of cancelling my account."),
      a("I'm sorry you feel that way."),
      c("Just fix it or I will cancel today and tell everyone I know."),
    ],
    // Help fixes the fee but comes too late for her: she leaves anyway (not every step-in saves one).
    helpTooLate: true,
    helped: [
      a(
        "You're right, Priya, and I'm sorry. Your payment reached us on the due date, so there is no fee at all. I've removed the $40 charge from your account.",
      ),
      c("Fine. But I shouldn't have had to fight for it. I'm still cancelling, this is useless."),
      a("I understand. I've emailed you the corrected statement so you have it in writing."),
      c("Just cancel my account today. I'm done with this company."),
    ],
    alone: [
      c("Still nothing? Then cancel my account today."),
      c("Don't bother replying. I'm done with you."),
    ],
  },
  {
    topic: "refunds",
    channel: "chat",
    customer: "Jonas Berg",
    persona: "dev",
    lines: [
      c(
        "I returned my headphones two weeks ago and still haven't seen the refund. It's frustrating.",
        "Hi, I sent my headphones back two weeks ago and the refund still hasn't come. It's frustrating.",
        "Two weeks ago I returned some headphones and I'm still waiting for the refund. It's frustrating.",
        "Still no refund for my returned headphones, it's been two weeks. Frustrating.",
        "My headphones refund hasn't arrived and I returned them two weeks ago. It's frustrating.",
      ),
      a("I'm so sorry the refund is taking this long, Jonas, that must be frustrating. Let me look."),
      a(
        "I can see the return arrived on the {date-10}. Refunds reach your card within 5 business days, so this is late.",
      ),
      a("I've escalated it to our payments team and I'll email you an update by {weekday+2} at noon."),
      c("Okay, thank you for actually looking into it."),
      a("Of course. To confirm: you'll have an update from me by {weekday+2} noon. Anything else?"),
      c("No, that's it. Thanks."),
    ],
  },
  {
    topic: "accounts",
    login: true,
    channel: "chat",
    customer: "Sofia Marin",
    persona: "cho",
    lines: [
      c(
        "I can't log into my account. It keeps saying my password is wrong, I've reset it twice.",
        "I can't log in. It says my password is wrong even though I've reset it twice.",
        "hi, can't log into my account, it keeps saying the password is wrong and I've already reset it twice",
        "I can't log in to my account at all. Reset my password twice and it still says it's wrong.",
        "Why can't I log into my account? I've reset the password twice and it keeps saying it's wrong.",
      ),
      a("Your auth token has expired on our backend. Have you tried resetting your password?"),
      c("Yes. I just said I reset it twice. Are you even reading my messages?"),
      a("I can only do so much from here. What's your email address?"),
      c(
        "I gave it at the start of the chat: sofia.marin@example.com. This is the third time I'm explaining.",
      ),
      a(
        "That's not my fault, it's a cache issue on your end. Clear your cookies and the DNS cache and wait for the sync job.",
      ),
      c("I don't know what that means. I just want to get into my account. This is so frustrating."),
    ],
    helped: [
      a(
        "Sorry, Sofia, that was a lot of technical talk. In plain words: your account locked itself after the resets. I've unlocked it and sent a new sign-in link to sofia.marin@example.com.",
      ),
      c("Oh, okay. Let me try... yes, I'm in now."),
      a("Great. The link works for one hour, and your password stays the one you set today."),
      c("Thanks, that was much easier than I expected."),
    ],
    alone: [
      c("I've been waiting for ages and I still can't get into my account. This is so frustrating."),
      c("This is useless. I'm cancelling my account."),
    ],
  },
  {
    topic: "shipping",
    channel: "chat",
    customer: "Omar Haddad",
    persona: "ana",
    lines: [
      c(
        "Do I have to pay for shipping on a $70 order?",
        "Hi, is there a delivery charge if I spend $70?",
        "Will a $70 order get free shipping?",
        "Do you charge for shipping on $70?",
        "How much would shipping be on a $70 basket?",
      ),
      a("Good question, Omar! Shipping is free on orders over $50, so your $70 order ships free."),
      c("Perfect, thanks."),
      a("Happy to help, Omar. I hope you love it!"),
    ],
  },
  {
    topic: "refunds",
    channel: "chat",
    customer: "Grace Liu",
    persona: "ana",
    lines: [
      c(
        "Where is my refund? I was told it would take 5 days and it's been 12.",
        "I was told my refund would take 5 days. It's been 12. Where is it?",
        "It's been 12 days and still no refund, I was promised 5. Where is it?",
        "Where's my refund?? You said 5 days, it's now been 12.",
        "My refund was supposed to take 5 days. It's day 12. Where is it?",
      ),
      a(
        "Oh Grace, I'm so sorry, I know how stressful that is. I think refunds can take up to 30 business days, maybe longer.",
      ),
      c("Thirty days? Nobody told me that. I need that money for rent."),
      a("I'm so sorry, Grace, I really am. I'm not sure what else I can do, I'd have to ask someone."),
      c("I am going to report this to my bank and talk to a lawyer if I don't get it this week."),
    ],
    helped: [
      a(
        "Grace, I've checked with my lead. Refunds reach your card within 5 business days, so yours is late, and I've pushed it through today.",
      ),
      c("Today? Okay. I really need it before my rent is due on {day+4}."),
      a(
        "It will be on your card by {weekday+1}, Grace. I'll email you the confirmation now and check in with you on {weekday+1} morning.",
      ),
      c("Thank you. That actually helps a lot."),
    ],
    alone: [
      c("No answer? Right, I'm calling my bank now."),
      c("You'll be hearing from my lawyer. Unbelievable."),
    ],
  },
  {
    topic: "returns",
    channel: "email",
    customer: "Lucas Moreau",
    persona: "ben",
    lines: [
      c(
        "The blender I received is cracked. Can I get a replacement?",
        "Hello, my blender arrived with a crack in it. Could you send a replacement?",
        "Hi, the blender I ordered came cracked. Is a replacement possible?",
        "Unfortunately the blender I received is cracked. Can you replace it?",
        "My blender was cracked when I opened the box. Can I have a new one?",
      ),
      a("Yes. I've arranged a replacement; it ships today."),
      a("You'll get a prepaid label by email to send the cracked one back."),
      c("That was quick. Thanks!"),
    ],
  },
  // Three customers hitting the same checkout outage: together they open an incident (a banner for
  // the whole team and a knowledge stub), which one conversation alone never would.
  {
    topic: "payments",
    outage: true,
    channel: "chat",
    customer: "Hannah Okafor",
    persona: "ben",
    lines: [
      c(
        "Hi, your checkout keeps failing when I try to pay. It says error 502 every time.",
        "Your checkout keeps failing when I pay, error 502 every time.",
        "hi, checkout keeps failing when I try to pay, says error 502",
        "Checkout keeps failing for me at the payment step. Error 502 each time.",
        "Hello, the checkout keeps failing as I pay: error 502, every time.",
      ),
      a("Checkout is failing for some customers right now. Try again in ten minutes."),
      c("I've tried five times already. I just want to buy the shoes before the sale ends."),
      a("I'll hold the sale price on your basket until tomorrow so you don't lose it."),
      c("OK, that helps. Thanks."),
    ],
  },
  {
    topic: "payments",
    outage: true,
    channel: "email",
    customer: "Diego Alvarez",
    persona: "ana",
    lines: [
      c(
        "The checkout page won't load at all on my phone or my laptop. Is something wrong?",
        "Hello, your checkout page won't load, not on my phone and not on my laptop. Is something wrong on your side?",
        "Hi, the checkout page won't load on any of my devices. Is something wrong?",
        "The checkout page just won't load for me, phone or laptop. Is there a problem?",
        "Is checkout broken? The page won't load on my phone or my laptop.",
      ),
      a("Oh no, Diego, that sounds really frustrating. I'm not sure, maybe clear your cache?"),
      c("I did that already, it still won't load. This is really frustrating."),
      a("I'm so sorry, Diego. I don't know what else to try, maybe it will work again soon."),
      c("So nobody can help me pay you? Unbelievable."),
    ],
    helped: [
      a(
        "Diego, I've just checked: checkout is down for everyone right now, so it isn't your phone or your laptop. The team is fixing it and I'll email you the moment it works, within the hour.",
      ),
      c("Oh, okay. At least I know it's not me."),
      a("Your basket is saved, Diego, so you won't need to add anything again."),
      c("Good to know. Thanks for telling me."),
    ],
    alone: [c("Nobody? Unbelievable. I'll buy it somewhere else.")],
  },
  {
    topic: "payments",
    outage: true,
    channel: "chat",
    customer: "Priti Shah",
    persona: "ben",
    lines: [
      c(
        "Payment failed again at checkout, error 502. Did you take my money?",
        "Checkout failed again, error 502. Have I been charged?",
        "Payment failed at checkout again with error 502. Did my money go through?",
        "My payment failed at checkout again (error 502). Did you take the money anyway?",
        "Another payment failed at checkout, error 502. Was I charged?",
      ),
      a("No charge has gone through on your card, so you haven't paid twice."),
      c("Phew. When can I order?"),
      a("Our payments team is fixing checkout now. I'll email you the moment it works again, today."),
    ],
  },
  {
    topic: "returns",
    channel: "chat",
    customer: "Ruth Adeyemi",
    persona: "cho",
    lines: [
      c(
        "Hi, I want to send back a lamp that stopped working. How do I do that?",
        "My lamp has stopped working. How do I return it?",
        "Hello, how do I send back a lamp that doesn't work anymore?",
        "The lamp I bought stopped working. What do I do to return it?",
        "hi, lamp's stopped working already, how can I send it back?",
      ),
      a("I've raised an RMA for the SKU. The fulfilment center sends the label once the batch job runs."),
      c("Sorry, I don't follow. When do I get a label?"),
      a("You'll get the label by email tonight. Items can be returned within 30 days of delivery."),
      c("Ok, thanks."),
    ],
  },
  {
    topic: "shipping",
    channel: "chat",
    customer: "Felix Novak",
    persona: "cho",
    lines: [
      c(
        "My parcel was due three days ago and it still isn't here. Where is it?",
        "Where is my parcel? It should have arrived three days ago.",
        "My delivery is three days late and there's no sign of it. Where is it?",
        "Still no parcel, and it was due three days ago. Where is it?",
        "Parcel was meant to come three days ago. Nothing. Where is it?",
      ),
      a("The carrier API shows no scan since the warehouse, so it's stuck in their system."),
      c("That doesn't help me. I paid for delivery and I still have nothing. This is unacceptable."),
      a("That's the warehouse team's fault, they always hand parcels over late. It's not my department."),
      c("I don't care whose fault it is. I want my parcel or my money back."),
      a("Like I said, there's nothing I can do until the carrier updates the tracking."),
      c("Unbelievable. I'm never ordering from you again."),
    ],
    helped: [
      a(
        "You're right, Felix, whose fault it is doesn't matter to you. I've sent a replacement by express today at no cost; it arrives within two days.",
      ),
      c("Within two days? Okay, that's better."),
      a(
        "If the first parcel turns up after all, refuse it and the carrier brings it back to us. I'll email you the new tracking link now.",
      ),
      c("Alright. Thanks for actually doing something about it."),
    ],
    alone: [c("Still no answer. Cancel the order and refund me, I'm done waiting.")],
  },
  {
    topic: "billing",
    channel: "chat",
    customer: "Carmen Vidal",
    persona: "dev",
    lines: [
      c(
        "I've been charged twice for the same order and I'm really annoyed. I need that money back.",
        "You've charged me twice for one order and I'm really annoyed. I want that money back.",
        "Two charges for the same order on my card. I'm really annoyed, I need the money back.",
        "I'm really annoyed, I was billed twice for one order. Please give me that money back.",
        "Double charge for the same order. Really annoyed. I need it refunded.",
      ),
      a(
        "I'm so sorry, Carmen, that must be stressful. Just to make sure I've got this right, you see two charges for the same order?",
      ),
      c("Yes, two charges of $64 yesterday."),
      a(
        "Thank you for checking. I've refunded the second charge; it reaches your card within 5 business days. I'll email you the confirmation now.",
      ),
      c("Okay, thank you for sorting it so fast."),
      a("You're welcome, Carmen. Is there anything else I can help you with?"),
      c("No, that's everything."),
    ],
  },
  {
    topic: "accounts",
    login: true,
    channel: "chat",
    customer: "Ivo Petrov",
    persona: "dev",
    lines: [
      c(
        "This is the third time I'm locked out this week. I'm fed up with your site.",
        "Locked out again, third time this week. I'm fed up with your site.",
        "Third time I'm locked out this week. I'm fed up with this site.",
        "I'm fed up with your site, I've been locked out three times this week.",
        "Your site has locked me out for the third time this week. Fed up.",
      ),
      a(
        "That sounds really frustrating, Ivo. Just to check, you're locked out again even though you signed in as usual?",
      ),
      c("Yes, every time I switch to my phone."),
      a(
        "Thanks, that helps. I've reset the lock and turned off the old sign-in on your phone. I'll email you the steps to sign in again now.",
      ),
      c("Right, it works now. Thanks."),
      a("Glad to hear it, Ivo. Is there anything else I can help with today?"),
      c("No, that's all."),
    ],
  },
  {
    topic: "billing",
    channel: "email",
    customer: "Nadia Rahimi",
    persona: "ben",
    lines: [
      c(
        "You charged me $120 for a yearly renewal. I cancelled three weeks ago and I'm really upset about this.",
        "Hello, I cancelled three weeks ago but you still charged me $120 for the yearly renewal. I'm really upset about this.",
        "I see a $120 yearly renewal charge, although I cancelled three weeks ago. I'm really upset about this.",
        "Why did you charge me $120 to renew for a year? I cancelled three weeks ago. I'm really upset.",
        "Dear team, I cancelled my plan three weeks ago and was charged a $120 yearly renewal anyway. I'm really upset about this.",
      ),
      a("The renewal ran on the {date-23}. Your cancellation went through two days later, on the {date-21}."),
      c("That's it? I've been a customer for ten years and that's all you have to say?"),
      a(
        "As I said, the renewal ran first. I've refunded the $120 and closed the plan; the refund reaches your card within 5 business days.",
      ),
      c("Okay. Thanks, I suppose."),
    ],
  },
];

/**
 * Who writes a script's agent lines: the demo agent it was written for (their e-mail starts with
 * its persona), else the agents in turn (another team replayed with `tagteam simulate`).
 */
export function agentFor(
  script: Pick<DemoConversation, "persona">,
  agents: readonly string[],
  n: number,
): string | undefined {
  const own = agents.find((email) => email.toLowerCase().split(/[.@]/)[0] === script.persona);
  return own ?? (agents.length > 0 ? agents[n % agents.length] : undefined);
}

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

/** Whether replay `n` plays its script: an outage's customers only in an outage round. */
export function playsInReplay(script: DemoConversation, n: number): boolean {
  const round = Math.floor(n / DEMO_CONVERSATIONS.length);
  if (script.outage === true) return round % OUTAGE_EVERY_ROUNDS === 0;
  // Staggered with the outage rounds, so that a login script plays in the first one still.
  if (script.login === true) return round % LOGIN_EVERY_ROUNDS === 0;
  return true;
}

/**
 * The script for replay `n` of the simulator: the first round as written, later rounds with
 * another customer (400 made of pooled first and last names), whose first name replaces the original one
 * wherever the agent says it, and who puts their lines in their own words (`DemoLine.also`, in
 * turn by round), so the floor shows new people rather than the same ones again.
 */
export function castFor(script: DemoConversation, n: number): DemoConversation {
  const round = Math.floor(n / DEMO_CONVERSATIONS.length);
  if (round === 0) return script;
  const customer = replayCustomer(n - DEMO_CONVERSATIONS.length);
  const from = script.customer.split(" ")[0] ?? script.customer;
  const to = customer.split(" ")[0] ?? customer;
  const name = new RegExp(`\\b${escapeRegExp(from)}\\b`, "g");
  // Their own order number too (five digits, the same in every line).
  const orderOf = (order: string): string => String(10_000 + ((Number(order) * 31 + round * 7_919) % 90_000));
  const recast = (lines: DemoLine[]): DemoLine[] =>
    lines.map(({ also, ...line }) => {
      const wordings = [line.text, ...(also ?? [])];
      const text = wordings[round % wordings.length] ?? line.text;
      return { ...line, text: text.replace(name, to).replace(/\b\d{5}\b/g, (order) => orderOf(order)) };
    });
  return {
    ...script,
    customer,
    lines: recast(script.lines),
    ...(script.helped !== undefined ? { helped: recast(script.helped) } : {}),
    ...(script.alone !== undefined ? { alone: recast(script.alone) } : {}),
  };
}

/**
 * The script as said on the day it plays (`dayStart`, UTC midnight): the days its lines name
 * (`{weekday+2}`, `{date-10}`…, `demoTextOn`) relative to that day. Jonas's update came 'by
 * Thursday at noon' and Grace's rent was due 'on Friday' whatever day the demo ran, so on a
 * Friday an update was promised for a day already gone.
 */
export function datedFor(script: DemoConversation, dayStart: number): DemoConversation {
  const on = (lines: DemoLine[]): DemoLine[] =>
    lines.map(({ also, ...line }) => ({
      ...line,
      text: demoTextOn(line.text, dayStart),
      ...(also !== undefined ? { also: also.map((t) => demoTextOn(t, dayStart)) } : {}),
    }));
  return {
    ...script,
    lines: on(script.lines),
    ...(script.helped !== undefined ? { helped: on(script.helped) } : {}),
    ...(script.alone !== undefined ? { alone: on(script.alone) } : {}),
  };
}
