import {
  createConversationState,
  observe,
  type EngineMessage,
  type MessageAnalysis,
  type StepInReason,
} from "../../engine/index.ts";
import {
  appendMessages,
  closeConversation,
  createIntervention,
  findOrCreateConversation,
  listPeople,
  raiseAlerts,
  recordSurveyAnswer,
  transitionAlert,
  transitionIntervention,
  updateConversation,
  upsertCustomer,
  type JsonValue,
  type NewMessage,
  type PersonRecord,
  type Queryable,
} from "../../store/index.ts";
import type { SurveyTag } from "../../protocol/index.ts";
import { demoTextOn } from "../../protocol/demoDays.ts";
import { LiveEngine } from "../live/liveEngine.ts";

/*
 * The demo team's last eight weeks, so the Numbers page and the skill map have a history to draw
 * on a fresh demo (the live replay only adds today). Short conversations written for this, each
 * run through the real engine (with the team's knowledge base) for its stored readings, are spread
 * over the working days; a helper steps in where a lead would want one, alerts are raised and
 * answered, a few customers come back after the close, and most answer the survey with the tags
 * that fit how it went. Four weeks ago the team started a coaching push: after it, helpers answer
 * alerts sooner and step in earlier, and the harder conversations are rarer: the before/after
 * comparison has something to show.
 *
 * Each demo agent writes in their own way, every week, so the skill map has strengths and gaps to
 * show and mentorship someone to suggest (docs/ARCHITECTURE.md, "The demo's agents"):
 * - Ana is warm (acknowledges feelings, uses the name) but hedges on fees, refunds and policy, and
 *   now and then gets a number wrong;
 * - Ben is quick with a concrete next step but skips the feelings, never uses the name and gets
 *   curt when pushed;
 * - Cho slips into internal jargon and, under pressure, gets defensive or blames another team;
 * - Dev is strong all round: feelings, the name, a paraphrase, the right fact, a dated next step.
 */

const DAY_MS = 86_400_000;
export const DEMO_HISTORY_WEEKS = 8;
/** The demo team's conversations on a working day of its history: this many and up to six more… */
export const DEMO_HISTORY_MIN_PER_DAY = 24;
/** …and on a weekend day, when two of them keep the chat open: this many and up to four more. */
const WEEKEND_MIN_PER_DAY = 18;
/** …more or fewer by the day of the week (Sunday first)… */
const WEEKDAY_LOAD = [0, 3, 1, 0, 0, -2, 0] as const;
/** …and by the week. */
const WEEK_LOAD = [1, -2, 2, 0, -1, 3, -2, 1] as const;
/** The coaching push the demo's before/after compares across, in weeks before the demo starts. */
export const DEMO_COACHING_WEEKS_AGO = 4;

/** The demo agents' ways of working, by the first part of their e-mail (ana.agent@…). */
export const DEMO_PERSONAS = ["ana", "ben", "cho", "dev"] as const;
export type DemoPersona = (typeof DEMO_PERSONAS)[number];

interface HistoryLine extends EngineMessage {
  /** Written by the teammate who took the conversation over (their line, not the agent's). */
  byHelper?: boolean;
  /**
   * Other ways customers put the same thing, taken in turn each time the script comes up: eight
   * weeks of one script are some sixty customers, and "Do I have to pay for shipping on a $60
   * order?" word for word, dozens of times, read like a script on the floor, the knowledge gaps
   * and the huddles. Each says the same facts, and the same feelings, as the line it replaces.
   */
  also?: readonly string[];
}

interface HistoryScript {
  topic: string;
  customer: string;
  lines: HistoryLine[];
  /** After which line (index) a helper steps in; null: nobody does. */
  stepInAfter: number | null;
  stepIn?: "whisper" | "signal" | "takeover" | "escalation";
  whisper?: string;
  /** Why the engine's alert was raised, as a lead reads it. */
  why?: string;
  reason?: StepInReason;
  /** An escalation's reason, as the lead reads it in the queue. */
  escalation?: string;
  survey: SurveyTag[];
}

const c = (text: string, ...also: string[]): HistoryLine =>
  also.length > 0 ? { role: "customer", text, also } : { role: "customer", text };
const a = (text: string): HistoryLine => ({ role: "agent", text });
const takenOver = (text: string): HistoryLine => ({ role: "agent", text, byHelper: true });

/** Each agent's conversations: a few calm ones and the hard ones they have now and then. */
const SCRIPTS: Readonly<Record<DemoPersona, readonly HistoryScript[]>> = {
  ana: [
    {
      topic: "shipping",
      customer: "Hana Kim",
      lines: [
        c(
          "Hi, my order 61207 was meant to arrive yesterday and it still isn't here. It's a present for my son's birthday on {day+2}.",
          "Order 61207 should have come yesterday and there's still nothing. It's my son's birthday present and his party is in two days.",
          "hi, still waiting on order 61207, it was due yesterday. it's a birthday present for my son, I'm getting worried",
          "Where is order 61207? It was supposed to be delivered yesterday and my son's birthday is this weekend.",
          "Hello, order 61207 hasn't turned up and the delivery date was yesterday. It's for my little boy's birthday, can you check where it is?",
          "My son's birthday present (order 61207) was meant to be here yesterday. Nothing yet. Any idea when it'll come?",
        ),
        a("Oh no, Hana, I can imagine how stressful that is with the birthday so close."),
        a(
          "Order 61207 is with the carrier and out for delivery tomorrow morning. I'll email you the tracking link now.",
        ),
        c("That's a relief, thank you."),
        a("You're very welcome, Hana. I hope he has a lovely birthday!"),
      ],
      stepInAfter: null,
      survey: ["agent_empathy", "problem_solved"],
    },
    {
      topic: "returns",
      customer: "Yusuf Demir",
      lines: [
        c(
          "Can I still return a coat I bought three weeks ago? It's too small.",
          "Hi, I got a coat about three weeks ago and it's too small. Is it too late to send it back?",
          "Is there still time to return a coat? Bought it three weeks ago, doesn't fit.",
          "The coat I ordered three weeks ago is a size too small. Can I still return it?",
          "hello, can a coat from three weeks ago still be returned? it's too tight across the shoulders",
          "Quick question: I'd like to return a coat that's too small. I bought it three weeks ago, is that still OK?",
        ),
        a(
          "Of course, Yusuf. I'm so sorry that it didn't fit, that must be disappointing after waiting for it. Just to check, you'd like a refund rather than another size?",
        ),
        c("Yes, a refund please."),
        a(
          "Returns are accepted within 30 days of delivery, so you have until the 28th. I've emailed you a free return label.",
        ),
        c("Great, thanks."),
        a("Happy to help, Yusuf. Is there anything else I can do for you today?"),
        c("No, that's all."),
      ],
      stepInAfter: null,
      survey: ["felt_heard", "problem_solved"],
    },
    {
      topic: "shipping",
      customer: "Marta Kowalski",
      lines: [
        c(
          "Do I have to pay for shipping on a $60 order? It's a birthday present for my sister and I'm already running late with it.",
          "Is shipping free on a $60 order? It's my sister's birthday present and I'm already late sending it.",
          "hi, what does delivery cost if my basket comes to $60? it's a gift for my sister and I'm cutting it close",
          "Will I be charged for shipping on $60? I'm in a rush, it's a late birthday present for my sister.",
          "How much is postage on a $60 order? Sorry, bit stressed, my sister's birthday present is already late.",
          "Before I check out: is there a shipping fee on a $60 order? It's a birthday gift for my sister and I've left it late.",
          "Hi, quick one: is delivery free for a $60 order? It's my sister's birthday present and I'm late already.",
          "Do you charge shipping on $60 orders? Need to get my sister's birthday gift out, I'm already behind.",
          "Sorry if this is a silly question, but does a $60 order ship free? It's a belated birthday present for my sister.",
        ),
        a("Oh, Marta, I understand how stressful a late present is. Let's get it sorted for you."),
        a("I think free shipping might start at $75, maybe, I'm not completely sure."),
        c("I already told you it's $60. Your own website says shipping is free over $50."),
        a(
          "You're right, Marta, I'm sorry, I can see how frustrating that was. Shipping is free on orders over $50, so your $60 order ships free. I've taken the charge off your basket.",
        ),
        c("Thank you, that's all I wanted."),
      ],
      stepInAfter: 3,
      stepIn: "whisper",
      whisper:
        "Shipping is free on orders over $50: her $60 order ships free. Take the charge off her basket.",
      why: "the agent hedged and quoted a shipping threshold the knowledge base contradicts",
      reason: "wrong_information",
      survey: ["had_to_repeat", "problem_solved"],
    },
    {
      topic: "refunds",
      customer: "Rita Moreno",
      lines: [
        c(
          "You charged me twice for my subscription this month. I want it fixed.",
          "I've been billed twice for my subscription this month. Please fix it.",
          "There are two subscription charges on my card this month. I only signed up once. Sort it out please.",
          "Why have you taken my subscription payment twice this month? I want one of them back.",
          "My bank shows the subscription charged two times this month. I need this fixed.",
          "Double charge for my subscription this month. I'd like it fixed today.",
        ),
        a("I'm so sorry, Rita, that must be really frustrating to see."),
        a("I'm not sure, maybe it's a pending charge, it might drop off soon."),
        c("It is not pending. I already told you it went through twice. Are you even listening?"),
        a("Sorry, sorry, I apologise. I believe a refund probably takes about 10 days, I'd have to check."),
        c(
          "This is useless. I've wasted an hour on this and I'm cancelling my subscription. Terrible service.",
        ),
        c("Cancel it today or I'm disputing both charges with my bank. This is a joke."),
      ],
      stepInAfter: 3,
      stepIn: "signal",
      why: "the customer repeated herself and the agent is hedging",
      reason: "customer_reacting_to_agent",
      survey: ["not_solved", "had_to_repeat", "too_slow"],
    },
    {
      topic: "returns",
      customer: "Helen Brooks",
      lines: [
        c(
          "My sofa arrived with a torn cushion. I want a full refund, not a repair.",
          "The sofa came with a rip in one of the cushions. I want my money back, not a repair.",
          "My new sofa was delivered with a torn cushion. I'm not interested in a repair, I want a full refund.",
          "A cushion on the sofa you delivered is torn. Full refund please, I don't want it repaired.",
          "I waited weeks for this sofa and a cushion is torn open. I want a full refund, not a repair.",
          "Sofa arrived damaged, torn cushion. Refund in full please, a repair won't do.",
        ),
        a("Oh, Helen, I'm so sorry, that's really disappointing after waiting so long for it."),
        a("I think we might only do repairs on furniture, maybe, I'm not sure I can refund it."),
        c(
          "I already told you, I sent photos twice! This is ridiculous. I want to speak to a manager who can approve a refund.",
        ),
        a(
          "You're right, Helen, you shouldn't have to wait. I'm bringing in my lead, who can approve a refund today.",
        ),
        c("Thank you. I just want this sorted."),
      ],
      stepInAfter: 3,
      stepIn: "escalation",
      why: "the customer asked for someone who can approve a refund",
      reason: "needs_authority",
      escalation:
        "Full refund for a sofa that arrived damaged, beyond the agent's authority; the customer asked for a manager",
      survey: ["had_to_repeat", "problem_solved"],
    },
  ],
  ben: [
    {
      topic: "shipping",
      customer: "Ines Duarte",
      lines: [
        c(
          "Hi, can you tell me when order 55120 will arrive?",
          "When is order 55120 due to arrive?",
          "hi! any update on order 55120? wondering when it gets here",
          "Could you check the delivery date for order 55120 please?",
          "Hello, I ordered a few days ago (55120). When should I expect it?",
          "Order 55120, when will it be delivered?",
        ),
        a(
          "Order 55120 left the warehouse this morning and arrives {weekday+3}. I've sent the tracking link to your email.",
        ),
        c("Great, thank you!"),
        a("Done. Anything else I can help with?"),
        c("No, that's everything."),
      ],
      stepInAfter: null,
      survey: ["problem_solved", "quick"],
    },
    {
      topic: "accounts",
      customer: "Lena Fischer",
      lines: [
        c(
          "I'm locked out of my account and I have an order waiting. This is so frustrating.",
          "My account is locked and I can't finish my order. So frustrating.",
          "I can't get into my account and there's an order sitting in my basket. This is really frustrating.",
          "Locked out again and I've got an order waiting to go through. Frustrating!",
          "It says my account is locked. I have an order waiting, this is so frustrating.",
          "Can't sign in, account locked, and my order's waiting. Very frustrating.",
          "hi, my account's locked and I've got an order I need to place. so frustrating",
          "Locked out of my account with an order waiting to be paid. This is so frustrating.",
          "Your site has locked my account and my order is stuck waiting. So frustrating.",
        ),
        a(
          "I've reset the lock on the account. I'll send a sign-in link to the email on file now; it works for one hour.",
        ),
        c("Ok, I'm back in. Thanks."),
        a("The order is still reserved. Is there anything else I can help with?"),
        c("No, thanks."),
      ],
      stepInAfter: null,
      survey: ["problem_solved", "quick"],
    },
    {
      topic: "refunds",
      customer: "Karl Jensen",
      lines: [
        c(
          "I returned the blender two weeks ago and I still have no refund. I'm really upset, I needed that money.",
          "My blender went back two weeks ago and there's still no refund. I'm really upset, I was counting on that money.",
          "Two weeks since I returned the blender and no refund yet. I'm really upset about this, I need the money.",
          "Where's my refund for the blender? I sent it back two weeks ago. I'm really upset, I needed that money.",
          "Still no refund for the blender I returned two weeks ago. Really upset, honestly, that money was for bills.",
          "I returned a blender two weeks ago and haven't been refunded. I'm really upset, I needed that money back by now.",
        ),
        a(
          "The return arrived on the 3rd. I've issued the refund; it reaches your card within 5 business days.",
        ),
        c("That's it? Two weeks of waiting and nobody even says sorry?"),
        a("As I said, the refund is already on its way. Nothing else is needed from you."),
        a(
          "Fair point, two weeks is a long wait, and I'm sorry about that. I'll email you the confirmation now so you have it in writing.",
        ),
        c("Ok. Thanks for sorting it."),
      ],
      stepInAfter: 3,
      stepIn: "whisper",
      whisper: "Acknowledge the wait first: two weeks is a long time to be out of pocket.",
      why: "the customer is upset and feels unheard",
      reason: "customer_reacting_to_agent",
      survey: ["problem_solved", "quick"],
    },
    {
      topic: "billing",
      customer: "Paul Weber",
      lines: [
        c(
          "I used the code SPRING20 at checkout but I was charged the full price. Can you fix it?",
          "SPRING20 didn't work at checkout and I paid full price. Can you fix that?",
          "I entered SPRING20 but got charged the full amount. Can you sort it?",
          "The SPRING20 discount wasn't applied to my order, I paid full price. Can you put it right?",
          "hi, used code SPRING20 and still paid the full price?? can you fix it",
          "Your SPRING20 code didn't take anything off my order. Can you fix the price?",
        ),
        a(
          "The code ran out the day before your order. I've applied the 20% anyway and refunded $18; it reaches your card within 5 business days.",
        ),
        c("Ran out? It was in the email you sent me yesterday."),
        a(
          "As I said, the $18 is refunded. I'll ask for the email to be corrected today so the old code isn't sent again.",
        ),
        c("Fine. Thanks."),
        a("Refund is on its way. Anything else?"),
        c("No, that's it."),
      ],
      stepInAfter: null,
      survey: ["problem_solved", "quick"],
    },
    {
      topic: "shipping",
      customer: "Owen Brady",
      lines: [
        c(
          "My parcel went missing for the second time this month. I took a day off to wait for it. I want my money back and something for the trouble.",
          "Second missing parcel this month. I took a day off work to be home for it. I want a refund and something for the trouble.",
          "My parcel has gone missing again, the second time this month, and I took a day off to wait in. I want my money back and something for my trouble.",
          "Lost parcel again, twice this month now. I stayed home a whole day for it. Refund me, and I expect something for the trouble.",
          "I took a day off for a delivery that never came, and it's the second parcel lost this month. I want my money back and some compensation.",
          "Another parcel lost, the second this month. I wasted a day off waiting. I want a refund and something for the trouble.",
        ),
        a(
          "A replacement ships today by express and arrives {weekday+2}. The tracking link is in your email.",
        ),
        c("I don't want another replacement, I already told you that. I want a refund and compensation."),
        a("A replacement is the standard fix. That's what I can do."),
        c("Then I want to speak to a manager who can actually decide something."),
        a("I'm bringing in my lead now, who can decide on a refund and compensation today."),
        c("Thank you."),
      ],
      stepInAfter: 4,
      stepIn: "escalation",
      why: "the customer asked for a manager about compensation the agent cannot give",
      reason: "needs_authority",
      escalation:
        "Parcel lost twice; wants a refund and something for the day off he took, beyond the agent's authority, and asked for a manager",
      survey: ["had_to_repeat", "problem_solved"],
    },
  ],
  cho: [
    {
      topic: "returns",
      customer: "Aiko Tanaka",
      lines: [
        c(
          "Hi, I sent back a pair of boots last week. Did you get them?",
          "Did my returned boots arrive? I posted them last week.",
          "Hello, just checking you received the boots I returned last week?",
          "I sent a pair of boots back last week, have they reached you?",
          "hi, returned some boots last week, did they get there ok?",
          "Could you confirm you've got the boots I sent back last week?",
        ),
        a("Yes, the RMA was received at the fulfilment center on {weekday-3} and the SKU is back in stock."),
        c("Um, okay. So is my refund on the way?"),
        a("It goes out with the next batch job, then the refund will be credited within 5 business days."),
        c("I don't know what half of that means, but thanks."),
      ],
      stepInAfter: null,
      survey: ["problem_solved"],
    },
    {
      topic: "shipping",
      customer: "Noor Rahman",
      lines: [
        c(
          "When will my order 70411 arrive?",
          "Any news on order 70411? When does it arrive?",
          "Hi, when can I expect order 70411?",
          "order 70411 - when will it be delivered?",
          "Could you tell me the delivery date for order 70411?",
          "How long until order 70411 gets to me?",
        ),
        a(
          "It's in the L2 queue at the fulfilment center until the carrier API picks it up. Standard shipping takes 3 days.",
        ),
        c("Okay... so {weekday+3}?"),
        a("Yes, {weekday+3}."),
      ],
      stepInAfter: null,
      survey: ["problem_solved"],
    },
    {
      topic: "billing",
      customer: "Frank Olsen",
      lines: [
        c(
          "I cancelled my subscription in March and you've charged me for three more months. I want all of it back.",
          "You've kept charging me for three months after I cancelled in March. I want all of it refunded.",
          "I cancelled in March. Why have I been billed three more times since? I want every penny back.",
          "Three months of charges after I cancelled my subscription in March. Refund all of it.",
          "My subscription was cancelled in March and you've still taken three payments. I want them all back.",
          "I cancelled in March and I've been charged for three more months anyway. I want all of it returned.",
        ),
        a("The cancellation never synced to the billing backend, it's not my department."),
        c("I have your cancellation email! This is ridiculous, you are not listening."),
        a("Like I said, the billing team always messes these up. You'd have to take it up with them."),
        c("I want to speak to a manager right now or I'm disputing all three charges with my bank."),
        a("I'm bringing in my lead, who can look at the charges with you."),
        c("Fine. But I'm still very annoyed about this."),
      ],
      stepInAfter: 4,
      stepIn: "escalation",
      why: "the customer asked for a manager and the agent is getting defensive",
      reason: "needs_authority",
      escalation:
        "Billed for three months after cancelling; wants all three refunded, asked for a manager and threatens a chargeback",
      survey: ["not_solved", "had_to_repeat"],
    },
    {
      topic: "accounts",
      customer: "Lea Hoffmann",
      lines: [
        c(
          "My account says it's locked and I need my invoice for work today. I'm getting really frustrated.",
          "I'm locked out and I need an invoice for work today. This is getting really frustrating.",
          "My account is locked and my boss needs the invoice today. I'm getting really frustrated.",
          "Can't get into my account, it says locked. I need my invoice for work today and I'm really frustrated.",
          "Locked out of my account, and I need the invoice for my expenses today. Really frustrated now.",
          "Account locked, invoice needed for work today. Getting really frustrated with this.",
        ),
        a("Your auth token expired. Clear the cache and wait for the sync job to propagate."),
        c("I don't understand any of that. Please, I need this today. Nobody seems to know anything."),
        a("There's nothing I can do about the sync job, that's not how it works."),
        takenOver(
          "Hi Lea, I'm taking over from my colleague. I'm sorry this has been so stressful. I've unlocked your account; you can sign in now.",
        ),
        c("Oh it works now. Thank you!"),
        takenOver("Glad it does. Your invoices are under Orders, and I've emailed you this month's as well."),
        c("Great, thanks for the help."),
      ],
      stepInAfter: 3,
      stepIn: "takeover",
      why: "the customer is confused and the agent has stopped working toward a fix",
      reason: "not_solution_focused",
      survey: ["agent_empathy", "problem_solved"],
    },
    {
      topic: "refunds",
      customer: "Owen Brady",
      lines: [
        c(
          "My refund was promised a week ago and it still hasn't arrived. Where is it?",
          "I was promised a refund a week ago. Still nothing. Where is it?",
          "Where's my refund? You said a week ago it was on its way.",
          "A week ago I was told my refund was coming. It hasn't arrived. What's going on?",
          "Still waiting on the refund you promised me last week. Where is it?",
          "My refund should have come a week ago. Where is it?",
        ),
        a("Refunds sit in the payment provider's batch job until the endpoint confirms them."),
        c("I have no idea what that means. I just want my money back. This is unacceptable."),
        a("That's the warehouse team's fault, they scanned the return late. There's nothing more I can do."),
        c("So nobody is responsible and I still have no money. Unbelievable. I'm filing a complaint."),
        c("I'm done with this company. Terrible service."),
      ],
      stepInAfter: 2,
      stepIn: "signal",
      why: "the customer is angry and the agent is blaming another team",
      reason: "customer_reacting_to_agent",
      survey: ["not_solved", "too_slow"],
    },
  ],
  dev: [
    {
      topic: "refunds",
      customer: "Jonas Berg",
      lines: [
        c(
          "I returned my headphones two weeks ago and still haven't seen the refund. It's frustrating.",
          "Two weeks since I sent my headphones back and no refund. It's frustrating.",
          "Still no refund for the headphones I returned two weeks ago. Frustrating.",
          "My headphones went back two weeks ago and I haven't been refunded. It's frustrating.",
          "Where's my refund? I returned headphones two weeks ago. It's getting frustrating.",
          "I sent back some headphones two weeks ago and the refund still hasn't come through. Frustrating.",
          "Hello, I returned headphones two weeks ago and my card still shows no refund. It's frustrating.",
          "The refund for the headphones I returned two weeks ago hasn't arrived. Frustrating, honestly.",
          "hi, returned my headphones two weeks back and still no refund on my card, it's frustrating",
        ),
        a(
          "I'm so sorry the refund is taking this long, Jonas, that must be frustrating. Just to check, you sent them back two weeks ago and nothing has reached your card yet?",
        ),
        c("Exactly."),
        a(
          "I can see the return arrived on the {date-10}. Refunds reach your card within 5 business days, so this is late. I've escalated it to our payments team and I'll email you an update by {weekday+2} at noon.",
        ),
        c("Okay, thank you for actually looking into it."),
        a("Of course, Jonas. Is there anything else I can help with today?"),
        c("No, that's it. Thanks."),
      ],
      stepInAfter: null,
      survey: ["felt_heard", "problem_solved"],
    },
    {
      topic: "billing",
      customer: "Rosa Diaz",
      lines: [
        c(
          "My subscription was charged twice this month. Please fix it.",
          "I think I've paid twice for my subscription this month. Can you fix it?",
          "Hi, my subscription came out of my account twice this month. I want it fixed.",
          "Two subscription payments this month instead of one. Please fix it.",
          "Can you look at my subscription? It's been charged twice this month and I want it fixed.",
          "Charged twice for the subscription this month. Not happy, please fix it.",
          "My card shows my subscription twice this month. Could you fix it please?",
          "Hello, the subscription fee was taken twice this month. I want it fixed.",
          "I've paid for this month's subscription twice. Please put it right.",
        ),
        a(
          "That sounds really frustrating, Rosa. Just to make sure I've got this right, you see two charges for the same month?",
        ),
        c("Yes, two charges of $12 on the 1st."),
        a(
          "Thank you for checking. I've refunded the second charge; it reaches your card within 5 business days. I'll email you the confirmation now.",
        ),
        c("Ok, thanks for sorting it quickly."),
        a("You're welcome, Rosa. Is there anything else I can help you with?"),
        c("No, that's all."),
      ],
      stepInAfter: null,
      survey: ["agent_empathy", "problem_solved", "quick"],
    },
    {
      topic: "shipping",
      customer: "Omar Haddad",
      lines: [
        c(
          "Do I have to pay for shipping on a $70 order?",
          "Is shipping free on a $70 order?",
          "What's the delivery charge on a $70 order?",
          "My basket is $70, will there be a shipping fee?",
          "Hi! Do you charge postage on orders of $70?",
          "Quick one: does a $70 order ship for free?",
        ),
        a("Good question, Omar. Shipping is free on orders over $50, so your $70 order ships free."),
        c("Perfect, thanks."),
        a(
          "Happy to help, Omar. You'll get a tracking link by email the day it ships. Is there anything else I can help with?",
        ),
        c("No, that's all. Thanks!"),
      ],
      stepInAfter: null,
      survey: ["problem_solved", "quick"],
    },
    {
      topic: "returns",
      customer: "Lucas Moreau",
      lines: [
        c(
          "The blender I received is cracked. I'm really disappointed.",
          "My new blender arrived cracked. Really disappointed.",
          "The blender came with a crack in it. I'm really disappointed.",
          "Just unpacked the blender and it's cracked. Really disappointing.",
          "I'm really disappointed, the blender you sent me is cracked.",
          "Blender delivered today, cracked. Really disappointed, I was looking forward to it.",
        ),
        a(
          "Oh no, I'm sorry it arrived cracked, Lucas. That's not the experience we want for you. Just to check, the jug itself is cracked, not only the box?",
        ),
        c("Yes, there's a crack down the side of the jug."),
        a(
          "Thank you. I've arranged a replacement; it ships today and you'll get a prepaid label to send the cracked one back.",
        ),
        c("That was quick. Thanks!"),
      ],
      stepInAfter: null,
      survey: ["agent_empathy", "problem_solved"],
    },
    {
      topic: "accounts",
      customer: "Emil Strand",
      lines: [
        c(
          "I've been locked out of my account for the second time this week. I'm fed up with this.",
          "Locked out of my account again, second time this week. I'm fed up.",
          "This is the second time this week I can't get into my account. Fed up with it.",
          "My account has locked me out twice this week now. I'm fed up with this.",
          "Second lockout this week. I'm really fed up with your site.",
          "I'm fed up, I've been locked out of my account twice this week.",
        ),
        a(
          "That sounds really frustrating, Emil. Just to check, you're locked out again even though your password hasn't changed?",
        ),
        c("Yes, it happens every time I sign in on my tablet."),
        a(
          "Thanks, that helps. I've reset the lock and removed the old sign-in on your tablet. I'll email you the steps to sign in again now.",
        ),
        c("Right, I'm in. Thanks."),
        a("Glad to hear it, Emil. Is there anything else I can help with today?"),
        c("No, that's all."),
      ],
      stepInAfter: null,
      survey: ["felt_heard", "problem_solved"],
    },
    {
      topic: "accounts",
      customer: "Sara Lindqvist",
      lines: [
        c(
          "Someone changed the email on my account last night and ordered a laptop with my saved card. I didn't do this!",
          "Somebody changed my account's email last night and bought a laptop with my saved card. It wasn't me!",
          "I didn't order a laptop! Someone changed the email on my account last night and used my saved card.",
          "My account email was changed last night and a laptop was ordered on my saved card. That was NOT me.",
          "Help, someone got into my account last night, changed the email and ordered a laptop with my card. I didn't do this!",
          "There's a laptop order on my account I never placed, paid with my saved card, and the email was changed last night. I didn't do this!",
        ),
        a(
          "That must be really alarming, Sara. Just to check, you didn't change the email yourself, and the laptop order isn't yours?",
        ),
        c("No! And I can't cancel it because I can't even sign in anymore."),
        a(
          "I've locked the account and put the laptop order on hold so it can't ship. Because your card was used, I'm bringing in my lead, who handles account security, and you'll hear from us by 3pm today.",
        ),
        c("Thank you, that's a relief."),
      ],
      stepInAfter: 3,
      stepIn: "escalation",
      why: "someone else may have taken over the customer's account: a security risk for a lead",
      reason: "needs_authority",
      escalation:
        "Possible account takeover: the e-mail changed and a laptop ordered with the saved card; order on hold, account locked",
      survey: ["felt_heard", "problem_solved"],
    },
  ],
};

/**
 * Which of an agent's scripts (by index) on the k-th conversation of a day, before and after the
 * coaching push: before it, the hard ones (with a step-in) come up more often, and the ones a
 * step-in did not save more often still.
 */
const MIX: Readonly<Record<DemoPersona, { before: readonly number[]; after: readonly number[] }>> = {
  ana: { before: [0, 2, 3, 1, 4, 2, 3], after: [0, 1, 2, 0, 1, 3, 0, 2, 4] },
  ben: { before: [0, 2, 1, 2, 3, 0, 4], after: [0, 1, 3, 2, 0, 1, 4, 0, 1] },
  cho: { before: [0, 2, 4, 3, 1, 4, 2], after: [0, 1, 3, 0, 2, 1, 4, 1] },
  dev: { before: [0, 1, 2, 3, 4, 0, 1, 5], after: [0, 1, 2, 3, 4, 0, 1, 2, 5] },
};

/*
 * The customers the history's conversations are with. A script is a situation, not a person: each
 * time it comes up it is with someone else (of the same pronouns as the script's words), so eight
 * weeks of history are not the same eighteen customers week after week, and the escalation queue's
 * handled escalations are not all one customer's.
 */
const CUSTOMERS_SHE = [
  "Hana Kim",
  "Marta Kowalski",
  "Rita Moreno",
  "Ines Duarte",
  "Lena Fischer",
  "Aiko Tanaka",
  "Noor Rahman",
  "Lea Hoffmann",
  "Rosa Diaz",
  "Helen Brooks",
  "Nadia Petrova",
  "Sara Lindqvist",
  "Mei Wong",
  "Amara Okoye",
  "Julia Santos",
  "Chloe Martin",
  "Ingrid Dahl",
  "Fatima Zahra",
  "Olivia Grant",
  "Yara Nassar",
  "Elif Aydin",
  "Camille Roux",
  "Priti Shah",
  "Zofia Nowak",
];
const CUSTOMERS_HE = [
  "Yusuf Demir",
  "Karl Jensen",
  "Paul Weber",
  "Frank Olsen",
  "Owen Brady",
  "Jonas Berg",
  "Omar Haddad",
  "Lucas Moreau",
  "Emil Strand",
  "George Abara",
  "Kenji Mori",
  "Diego Alvarez",
  "Samuel Reed",
  "Victor Lambert",
  "Arjun Mehta",
  "Tomasz Wrobel",
  "Erik Dahl",
  "Marco Rossi",
  "Ivan Petrenko",
  "Liam Walsh",
  "Hugo Blanc",
  "Mateo Silva",
  "Ravi Iyer",
  "Anders Holm",
];

/**
 * The customer of the `time`-th time a script comes up: each time someone else, first and last
 * names crossed from the pool, so a situation that comes up every few days for eight weeks is met
 * by as many customers (by the conversation's number, each agent met the same six in turn: the
 * escalation queue listed the same customer with the same damaged sofa three times).
 */
export function demoHistoryCustomer(script: { customer: string }, time: number): string {
  const pool = CUSTOMERS_SHE.includes(script.customer) ? CUSTOMERS_SHE : CUSTOMERS_HE;
  const size = pool.length;
  // Each script starts at its own customer; the last name moves by a stride prime to the size and
  // shifts once per lap, so the first size × size times are all different people.
  const k = time + Math.max(0, pool.indexOf(script.customer));
  const first = pool[k % size]?.split(" ")[0];
  const last = pool[(k * 7 + Math.floor(k / size)) % size]?.split(" ").slice(1).join(" ");
  return first !== undefined && last !== undefined ? `${first} ${last}` : script.customer;
}

/** A line as the `time`-th customer puts it: its wordings in turn (`HistoryLine.also`). */
export function wordedLine<L extends { text: string; also?: readonly string[] }>(
  line: L,
  time: number,
): Omit<L, "also"> {
  const { also, ...rest } = line;
  if (also === undefined || also.length === 0) return rest;
  const all = [line.text, ...also];
  return { ...rest, text: all[time % all.length] ?? line.text };
}

/**
 * The `time`-th customer's order number for a script's (five digits, the same in every line of
 * theirs): order 55120 was a hundred customers' order over the eight weeks.
 */
export function demoOrderNumber(written: string, time: number): string {
  if (time === 0) return written;
  return String(10_000 + ((Number(written) * 31 + time * 7_919) % 90_000));
}

/** A history line as said on its day (`dayStart`, UTC midnight): `demoTextOn`. */
export function demoHistoryTextOn(text: string, dayStart: number): string {
  return demoTextOn(text, dayStart);
}

/** Every line, whisper and escalation reason of the history's scripts as said on a day (for tests). */
export function demoHistoryTextsOn(dayStart: number): string[] {
  return Object.values(SCRIPTS).flatMap((scripts) =>
    scripts
      .flatMap((script) => datedScript(script, dayStart))
      .flatMap((script) => [
        ...script.lines.flatMap((l) => [l.text, ...(l.also ?? [])]),
        ...(script.whisper !== undefined ? [script.whisper] : []),
        ...(script.escalation !== undefined ? [script.escalation] : []),
      ]),
  );
}

/** The script as said on its day (`demoHistoryTextOn` in every line and wording). */
function datedScript(script: HistoryScript, dayStart: number): HistoryScript {
  const on = (text: string): string => demoHistoryTextOn(text, dayStart);
  return {
    ...script,
    lines: script.lines.map((l) => ({
      ...l,
      text: on(l.text),
      ...(l.also !== undefined ? { also: l.also.map(on) } : {}),
    })),
    ...(script.whisper !== undefined ? { whisper: on(script.whisper) } : {}),
    ...(script.escalation !== undefined ? { escalation: on(script.escalation) } : {}),
  };
}

/** The script with the `time`-th customer in it: their name in every line, whisper and reason. */
function castScript(written: HistoryScript, time: number): HistoryScript {
  const order = (text: string): string => text.replace(/\b\d{5}\b/g, (n) => demoOrderNumber(n, time));
  const script = {
    ...written,
    lines: written.lines.map((l) => {
      const line = wordedLine(l, time);
      return { ...line, text: order(line.text) };
    }),
  };
  const customer = demoHistoryCustomer(script, time);
  if (customer === script.customer) return script;
  const [first = "", ...rest] = script.customer.split(" ");
  const [newFirst = "", ...newRest] = customer.split(" ");
  const swap = (text: string): string =>
    text
      .replaceAll(script.customer, customer)
      .replace(new RegExp(`\\b${first}\\b`, "g"), newFirst)
      .replace(new RegExp(`\\b${rest.join(" ")}\\b`, "g"), newRest.join(" "));
  return {
    ...script,
    customer,
    lines: script.lines.map((l) => ({ ...l, text: swap(l.text) })),
    ...(script.whisper !== undefined ? { whisper: swap(script.whisper) } : {}),
    ...(script.why !== undefined ? { why: swap(script.why) } : {}),
  };
}

/** The demo team's lead and agents, each agent with their way of working; null without a lead. */
export async function loadDemoTeam(
  db: Queryable,
  orgId: string,
  teamId: string,
): Promise<{ lead: PersonRecord; agents: { person: PersonRecord; persona: DemoPersona }[] } | null> {
  const people = await listPeople(db, { orgId, teamId });
  const lead = people.find((p) => p.role === "lead");
  if (lead === undefined) return null;
  const agents = people
    .filter((p) => p.role === "agent")
    .map((person, i) => ({ person, persona: demoPersonaOf(person.email, i) }));
  return { lead, agents };
}

/** A demo agent's way of working, from their e-mail; someone else gets one in turn. */
export function demoPersonaOf(email: string, index: number): DemoPersona {
  const first = email.split(/[.@]/)[0] ?? "";
  return DEMO_PERSONAS.find((p) => p === first) ?? DEMO_PERSONAS[index % DEMO_PERSONAS.length] ?? "dev";
}

/** The analysis as the ingest path stores it (the engine's, without its index and rules). */
function stored(a: MessageAnalysis): JsonValue {
  const out: Record<string, unknown> = {
    risk: a.risk,
    stepIn: {
      raise: a.stepIn.raise,
      reasons: [...a.stepIn.reasons],
      rung: a.stepIn.rung,
      escalate: a.stepIn.escalate,
      suggestion: a.stepIn.suggestion,
      factId: a.stepIn.factId,
      needsAuthority: a.stepIn.needsAuthority,
      why: a.stepIn.why,
    },
  };
  if (a.customer !== undefined)
    out.customer = {
      emotion: a.customer.emotion,
      frustration: a.customer.frustration,
      trend: a.customer.trend,
    };
  if (a.cues.length > 0)
    out.cues = a.cues.map((c) => ({ kind: c.kind, start: c.start, end: c.end, polarity: c.polarity }));
  return out as JsonValue;
}

/**
 * Writes the demo team's history (called once, when the demo workspace is created). Deterministic:
 * the same conversations, at the same times relative to `now`.
 */
export async function seedDemoHistory(
  db: Queryable,
  orgId: string,
  teamId: string,
  now: number,
): Promise<void> {
  const team = await loadDemoTeam(db, orgId, teamId);
  if (team === null || team.agents.length < 2) return;
  const { lead } = team;
  const agents = team.agents.map((a) => a.person);
  const personas = team.agents.map((a) => a.persona);
  // The team's knowledge base, as the live path reads the lines (a wrong fee is caught).
  const context = await new LiveEngine(() => now).contextFor(db, orgId, teamId);
  /** How many conversations each agent has had so far: they go through their mix in turn. */
  const played = agents.map(() => 0);
  const today = new Date(now);
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const pushAt = midnight - DEMO_COACHING_WEEKS_AGO * 7 * DAY_MS;
  let n = 0;
  /** How many times each script has come up so far. */
  const times = new Map<HistoryScript, number>();
  /** The customers met so far, by name (a returning customer is the same record). */
  const customers = new Map<string, Awaited<ReturnType<typeof upsertCustomer>>>();
  for (let day = DEMO_HISTORY_WEEKS * 7; day >= 1; day--) {
    const dayStart = midnight - day * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const after = dayStart >= pushAt;
    // A team of four's working day (about 22 to 33 conversations) and a weekend
    // shift of two (18 to 22), so that the live replay, which keeps today to such a day (src/server/demo.ts
    // `demoReplayAllowance`), finds a day's work to match on any day of the week. Weeks differ as
    // a real team's do (busier Mondays, quieter Fridays, a busy or a quiet week).
    const perDay = weekend
      ? WEEKEND_MIN_PER_DAY + ((day * 3) % 5)
      : DEMO_HISTORY_MIN_PER_DAY +
        ((day * 5) % 7) +
        (WEEKDAY_LOAD[weekday] ?? 0) +
        (WEEK_LOAD[Math.floor(day / 7) % WEEK_LOAD.length] ?? 0);
    for (let k = 0; k < perDay; k++, n++) {
      const who = n % agents.length;
      const agent = agents[who];
      const persona = personas[who];
      if (agent === undefined || persona === undefined) continue;
      const mix = after ? MIX[persona].after : MIX[persona].before;
      const turn = played[who] ?? 0;
      played[who] = turn + 1;
      const written = SCRIPTS[persona][mix[turn % mix.length] ?? 0];
      if (written === undefined) continue;
      const time = times.get(written) ?? 0;
      times.set(written, time + 1);
      const script = castScript(datedScript(written, dayStart), time);
      // A teammate helps, one or another in turn (each agent's whispers all came from the same
      // one); Dev, the team's steadiest hand, takes conversations over.
      const dev = personas.indexOf("dev");
      const others = Math.max(1, agents.length - 1);
      const helperAt =
        script.stepIn === "takeover" && dev >= 0 && dev !== who
          ? dev
          : (who + 1 + (time % others)) % agents.length;
      const helper = agents[helperAt];
      if (helper === undefined) continue;
      // Helpers answer alerts in 3 to 8 minutes before the push, 40 s to 2 minutes after it.
      const waitMs = after ? 40_000 + ((n * 17) % 80) * 1000 : 180_000 + ((n * 37) % 300) * 1000;
      // Between 8:00 and 20:00 (UTC), a weekend's shift between 9:00 and 19:00.
      const hours = weekend ? 10 : 12;
      const start =
        dayStart + ((weekend ? 9 : 8) + ((k * 5 + day) % hours)) * 3_600_000 + ((n * 13) % 50) * 60_000;
      const customer =
        customers.get(script.customer) ?? (await upsertCustomer(db, { orgId, name: script.customer }));
      customers.set(script.customer, customer);
      const { conversation } = await findOrCreateConversation(db, {
        orgId,
        teamId,
        channel: "chat",
        externalId: `demo-history-${n}`,
        customerId: customer.id,
        assignedPersonId: agent.id,
        topic: script.topic,
        createdAt: start,
      });
      let state = createConversationState();
      let t = start;
      const analysed: { line: HistoryLine; analysis: MessageAnalysis; at: number }[] = [];
      let stepAt: number | null = null;
      let alertAt: number | null = null;
      const stepHere = script.stepInAfter;
      for (const [i, line] of script.lines.entries()) {
        t += 40_000 + ((i * 11 + n) % 40) * 1000;
        const author =
          line.role === "customer" ? script.customer : (line.byHelper === true ? helper : agent).displayName;
        const r = observe(state, { role: line.role, text: line.text, at: t, author }, context);
        state = r.state;
        analysed.push({ line, analysis: r.analysis, at: t });
        if (i === stepHere) {
          alertAt = t + 5_000;
          stepAt = alertAt + waitMs;
          t = stepAt;
        }
      }
      const toRow = (x: (typeof analysed)[number]): NewMessage => ({
        orgId,
        conversationId: conversation.id,
        role: x.line.role,
        text: x.line.text,
        sentAt: x.at,
        ...(x.line.role === "agent"
          ? x.line.byHelper === true
            ? { authorPersonId: helper.id, authorName: helper.displayName }
            : { authorPersonId: agent.id, authorName: agent.displayName }
          : { authorName: script.customer }),
      });
      const append = (rows: (typeof analysed)[number][]) =>
        rows.length === 0
          ? Promise.resolve([])
          : appendMessages(db, rows.map(toRow), {
              prepare: (written) => ({
                analyses: new Map(
                  written.map((w) => {
                    const x = rows[w] as (typeof analysed)[number];
                    return [
                      w,
                      { risk: x.analysis.risk, rung: x.analysis.stepIn.rung, analysis: stored(x.analysis) },
                    ];
                  }),
                ),
                readings: [
                  {
                    orgId,
                    conversationId: conversation.id,
                    risk: rows.at(-1)?.analysis.risk ?? 0,
                    customerEmotion: state.emotion ?? null,
                    frustration: state.frustration,
                    activeCues: [],
                  },
                ],
              }),
            });
      const cut = stepHere === null ? analysed.length : stepHere + 1;
      await append(analysed.slice(0, cut));
      if (stepAt !== null && alertAt !== null && script.stepIn !== undefined) {
        // Before the push, one alert in five was marked not useful (nobody stepped in for it).
        const dismissed = !after && n % 5 === 0;
        const [alert] = await raiseAlerts(db, [
          {
            orgId,
            teamId,
            conversationId: conversation.id,
            agentPersonId: agent.id,
            helperPersonId: helper.id,
            reasons: [script.reason ?? "customer_reacting_to_agent"],
            rung: script.stepIn === "escalation" ? "escalate" : "whisper",
            risk: analysed[stepHere ?? 0]?.analysis.risk ?? 0.6,
            why: script.why ?? "the customer is frustrated",
            raisedAt: alertAt,
          },
        ]);
        if (alert !== undefined && dismissed) {
          await transitionAlert(db, {
            orgId,
            alertId: alert.id,
            to: "dismissed_not_useful",
            at: alertAt + 60_000,
          });
        } else if (alert !== undefined) {
          const kind =
            script.stepIn === "takeover"
              ? "takeover_offer"
              : script.stepIn === "escalation"
                ? "escalation"
                : script.stepIn;
          const step = await createIntervention(db, {
            orgId,
            teamId,
            conversationId: conversation.id,
            alertId: alert.id,
            kind,
            state: kind === "whisper" || kind === "signal" ? "done" : "offered",
            fromPersonId: helper.id,
            toPersonId: kind === "escalation" ? lead.id : agent.id,
            text:
              kind === "escalation" ? (script.escalation ?? script.why ?? null) : (script.whisper ?? null),
            at: stepAt,
          });
          await transitionAlert(db, { orgId, alertId: alert.id, to: "acted_on", at: stepAt + 1_000 });
          if (kind === "takeover_offer") {
            await transitionIntervention(db, {
              orgId,
              interventionId: step.id,
              to: "accepted",
              at: stepAt + 20_000,
            });
            await updateConversation(db, {
              orgId,
              conversationId: conversation.id,
              assignedPersonId: helper.id,
            });
          } else if (kind === "escalation") {
            await transitionIntervention(db, {
              orgId,
              interventionId: step.id,
              to: "done",
              at: stepAt + 60_000,
            });
          }
          if (kind === "whisper" || kind === "signal") {
            await appendMessages(db, [
              {
                orgId,
                conversationId: conversation.id,
                role: "system",
                kind,
                authorPersonId: helper.id,
                authorName: helper.displayName,
                text:
                  kind === "whisper"
                    ? (script.whisper ?? "")
                    : `${helper.displayName} is here if you need them`,
                sentAt: stepAt,
              },
            ]);
          }
        }
      }
      await append(analysed.slice(cut));
      let closedAt = t + 120_000;
      await closeConversation(db, {
        orgId,
        conversationId: conversation.id,
        at: closedAt,
        reason: "teammate",
      });
      // One in nine customers comes back after the close with one more question.
      if (n % 9 === 4) {
        const back: HistoryLine = {
          role: "customer",
          text: "Sorry, one more question: do I need to do anything else?",
        };
        const r = observe(state, { ...back, at: closedAt + 600_000, author: script.customer }, context);
        state = r.state;
        await append([{ line: back, analysis: r.analysis, at: closedAt + 600_000 }]);
        closedAt += 900_000;
        await closeConversation(db, {
          orgId,
          conversationId: conversation.id,
          at: closedAt,
          reason: "teammate",
        });
      }
      // The history happened then: the rows say when tagteam received each line.
      await db.query(`UPDATE messages SET created_at = sent_at WHERE org_id = $1 AND conversation_id = $2`, [
        orgId,
        conversation.id,
      ]);
      // Two customers in three answer the survey; one in six of those skips it.
      if (n % 3 !== 2)
        await recordSurveyAnswer(db, {
          orgId,
          teamId,
          conversationId: conversation.id,
          tags: n % 6 === 0 ? [] : script.survey,
          source: "chat",
          at: closedAt + 60_000,
        });
    }
  }
}
