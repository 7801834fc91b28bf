import { describe, expect, it } from "vitest";
import { compiledConfigOf, DEFAULT_ENGINE_CONFIG } from "./config.ts";
import { detectCustomerName, detectSlots, extractMirror, scanAgent, scanCustomer } from "./cues.ts";
import { emotionOf } from "./customer.ts";

const lex = compiledConfigOf(DEFAULT_ENGINE_CONFIG).lexicons;
const kinds = (text: string) => scanCustomer(text, lex).cues.map((c) => c.kind);
/** What the agent's line shows: its cues, or whether it reads as one signal. */
const agentKinds = (text: string) => scanAgent(text, lex, [], null).cues.map((c) => c.kind);
const nextStep = (text: string) => scanAgent(text, lex, [], null).nextStep > 0;
const defensive = (text: string) => scanAgent(text, lex, [], null).defensive > 0;
const blame = (text: string) => scanAgent(text, lex, [], null).blame > 0;
const filler = (text: string) => scanAgent(text, lex, [], null).filler > 0;
const empathy = (text: string) => scanAgent(text, lex, [], null).empathy > 0;
const vague = (text: string) => scanAgent(text, lex, [], null).vague > 0;
const hedged = (text: string) => scanAgent(text, lex, [], null).hedge > 0;

/** Sentences that should and should not read a certain way. */
interface Sentences {
  yes?: readonly string[];
  no?: readonly string[];
}
/** `reads` is true of every `yes` sentence and false of every `no` one (a failure names the sentence). */
function expectSaid(reads: (text: string) => boolean, { yes = [], no = [] }: Sentences): void {
  for (const text of yes) expect(reads(text), text).toBe(true);
  for (const text of no) expect(reads(text), text).toBe(false);
}
/** `kindsOf` finds `kind` in every `yes` sentence and not in any `no` one (a failure names the sentence). */
function expectKind(
  kindsOf: (text: string) => string[],
  kind: string,
  { yes = [], no = [] }: Sentences,
): void {
  for (const text of yes) expect(kindsOf(text), text).toContain(kind);
  for (const text of no) expect(kindsOf(text), text).not.toContain(kind);
}

describe("cues", () => {
  it("CUE-LEX-1: spans point at the evidence in the original text", () => {
    const text = "Well, I'm not sure, maybe next week.";
    const scan = scanAgent(text, lex, [], null);
    const hedge = scan.cues.find((c) => c.kind === "hedging")!;
    expect(text.slice(hedge.start, hedge.end)).toBe("I'm not sure");
  });

  it("CUE-MANAGER-1: a request for a manager, not a mention of one", () => {
    expect(kinds("Can I speak to your manager?")).toContain("asks_manager");
    expect(kinds("Put me through to your supervisor.")).toContain("asks_manager");
    expect(kinds("My manager asked me to order this.")).not.toContain("asks_manager");
  });

  it("CUE-FRUST-2: 'again?' is exasperation, not the customer asking what they should do again or whether it will happen again", () => {
    expectKind(kinds, "frustration", {
      yes: [
        "Broken again?",
        "It crashed again? Seriously?",
        "Why is it charging me again?",
        "Can you check again?",
        "It's not working again?",
      ],
      no: [
        "Do I have to authorise the reader and the app again? With the same ID",
        "Do I have to delete the books in order to load them again?",
        "Can I download it again?",
        // Worry about the future, not exasperation.
        "But what about the future purchases I make, will this problem happen again?",
        "Will it break again?",
        "Could the same thing happen again?",
        "Is this going to happen again?",
      ],
    });
  });

  it("CUE-CUSTOMER-1: threats, attacks and the everyday", () => {
    expect(kinds("I'll call my lawyer.")).toContain("legal_threat");
    expect(kinds("This is Sue from accounts.")).not.toContain("legal_threat");
    expect(kinds("I'll come down there and hurt someone.")).toContain("safety_threat");
    expect(kinds("This heat is killing me.")).not.toContain("safety_threat");
    expect(kinds("You're useless.")).toContain("personal_attack");
    expect(kinds("My account was hacked.")).toContain("security_risk");
    expect(kinds("I'm going to cancel my subscription.")).toContain("churn_threat");
    expect(kinds("Great, that worked, thanks!")).toContain("satisfaction");
  });

  it("CUE-EMPATHY-1: emotional reactions and understanding, not plain apologies or acknowledgements", () => {
    expectKind(agentKinds, "empathy", {
      yes: [
        "That sounds really hard.",
        "I'm so sorry you're going through this.",
        "I can imagine how stressful that must be.",
        "That must be exhausting.",
        "I hear you.",
        "It makes sense that you feel let down.",
        "I'd be upset too.",
        "Your frustration is completely understandable.",
        "No wonder you're annoyed.",
        "Oh no, what a nightmare.",
        "I know how frustrating it is to wait.",
        "You shouldn't have to chase us for this.",
      ],
      no: [
        "Sorry for the delay.",
        "I see. What is your order number?",
        "That is hard to say without the order number.",
        "If I understand it correctly, the parcel left on Monday.",
        "Have a great day!",
      ],
    });
  });

  it("CUE-PARAPHRASE-1: restating what the customer said, or checking the restatement, not instructions", () => {
    expectKind(agentKinds, "paraphrase", {
      yes: [
        "So you were charged twice for the same order?",
        "So, you can't log in since the update.",
        "So you've already tried resetting the router.",
        "So your parcel was marked delivered but never arrived.",
        "It sounds like you didn't get the confirmation email.",
        "It sounds as if you've been waiting all week.",
        "It seems you're being billed for a plan you cancelled.",
        "What I'm hearing is that the refund never reached your card.",
        "I hear you saying the app logs you out every hour.",
        "Just to make sure I understand, the order is for two chairs?",
        "The charge was on the 3rd, is that right?",
        "Do I have that right?",
        "Does that sound accurate?",
        "Is that what you're asking for?",
      ],
      no: [
        "So you can reset it from the settings page.",
        "So you're all set now!",
        "So you need to restart the app first.",
        "You're welcome, have a great day.",
        "Please try again in a minute.",
        "Is that your only account with us?",
        "That is right at the top of the page.",
      ],
    });
  });

  it("CUE-NEXT-1: an action the agent has just taken for the customer is a next step, as is one they will take", () => {
    expectSaid(nextStep, {
      yes: [
        "I've removed it now.",
        "I've refunded it.",
        "I've cancelled the order for you.",
        "I have just deleted the duplicate booking.",
        "I've gone ahead and waived the fee.",
        "I'll remove it now.",
        "I will unlock your account right away.",
      ],
      no: [
        "I haven't removed it yet.",
        "Could you remove it from your basket?",
        "I can't remove it from here.",
        "Have you cancelled the order?",
        "I've been with the company for years.",
      ],
    });
  });

  it("CUE-NEXT-1: a reminder of what was done before is not a next step", () => {
    expectSaid(nextStep, {
      no: [
        "I've already sent you the link.",
        "I have already refunded it.",
        "I've sent you the link twice already.",
        "I've sent it to you yesterday.",
        "As I said, I've sent the link before.",
      ],
    });
    expectSaid(nextStep, {
      yes: [
        "I've sent you the link.",
        "I've just sent a new link.",
        "I've sent the link again, it's valid for an hour.",
        "I've refunded the order you placed yesterday.",
        "I sent it before, but I've just sent it again.",
      ],
    });
  });

  it("CUE-DEFENSIVE-1: 'nothing I can do' is defensive; citing a policy or offering more help is not", () => {
    expectSaid(defensive, {
      yes: [
        "It's our policy, nothing I can do.",
        "There's nothing I can do about that.",
        "Sorry, nothing we can do.",
      ],
      no: [
        "Our policy allows a refund.",
        "It's our policy to refund within 30 days.",
        "Is there anything I can do?",
        "If there's nothing else I can do for you, have a great day.",
        "There's nothing you need to do.",
      ],
    });
  });

  it("CUE-DEFENSIVE-1: a bare policy as the whole answer is defensive; a policy explained is not", () => {
    expectSaid(defensive, {
      yes: [
        "That's our policy.",
        "That's just our policy, sorry.",
        "It's company policy.",
        "That's our policy, so I can't refund it.",
        "Policy is policy.",
        "Rules are rules.",
        "Those are the rules.",
        "That's the rule, I'm afraid.",
        "I don't make the rules.",
        "It's not our fault.",
      ],
      no: [
        "That's our policy on refunds: the money is back on your card within 5 days.",
        "Is that our policy? Let me check.",
        "That's not our policy, I'll fix it.",
        "What's our policy on damaged items?",
        "Those are the rules for the prize draw, you'll find them on the page.",
        "It's our policy to refund within 30 days.",
      ],
    });
  });

  it("CUE-DEFENSIVE-1: 'calm down', 'you should have', 'if you had' only when aimed at the customer", () => {
    expectSaid(defensive, {
      yes: [
        "Please calm down.",
        "You need to calm down.",
        "You should have read the terms.",
        "You should have called us first.",
        "If you had read the email you would know.",
      ],
      no: [
        "What helps me calm down is a short walk.",
        "Give the dog time and let him calm down.",
        "You should have received a confirmation email.",
        "You should have it by Friday.",
        "If you had plans for the weekend, the visit can move to Monday.",
      ],
    });
  });

  it("CUE-BLAME-1: pinning the fault on another team in front of the customer; what a team did is not blame", () => {
    expectSaid(blame, {
      yes: [
        "Maybe it's the warehouse's fault.",
        "Billing made a mistake.",
        "The other team messed up.",
        "Honestly, the billing team got it wrong.",
        "It was the shipping department's mistake.",
      ],
      no: [
        "The warehouse shipped it today.",
        "Billing will refund you by Friday.",
        "I made a mistake, I'm sorry.",
        "It's not the warehouse's fault, the courier lost it.",
        "Our billing team is correcting the mistake now.",
        "Shipping made a note on your order.",
      ],
    });
  });

  it("CUE-BLAME-1: pinning the fault on the courier, the system or IT is passing the buck; what they did is not", () => {
    expectSaid(blame, {
      yes: [
        "It's the courier's fault.",
        "That's on the courier, not us.",
        "Blame the courier.",
        "You can blame it on the delivery company.",
        "The delivery company got it wrong.",
        "Honestly the courier is useless.",
        "The system messed up.",
        "It's the system's fault, not mine.",
        "The system did it, not me.",
        "It's IT's fault.",
        "The IT team screwed up the update.",
      ],
      no: [
        "The courier lost it, so I've sent a new one today.",
        "The courier has your parcel now.",
        "The system shows it was delivered.",
        "Our system didn't process the cancellation, so I've refunded the charge.",
        "It's not the courier's fault, it's ours.",
        "I've asked the IT team to fix it today.",
        "The system is down until 3pm.",
        "It's on the system now.",
        "It's a system error on our side, I'll fix it now.",
        "Don't blame yourself.",
        "It messed up the order form, so I've corrected it.",
      ],
    });
  });

  it("CUE-PARAPHRASE-1: 'so you…' mid-sentence is a purpose clause, not a restatement", () => {
    expectKind(agentKinds, "paraphrase", {
      no: [
        "I'll send a label so you don't have to pay.",
        "I've refunded it so you're not charged twice.",
        "I reset it so your password is the one you chose.",
      ],
    });
    expectKind(agentKinds, "paraphrase", {
      yes: [
        "Ah so you feel left out?",
        "I see, so you were charged for both?",
        "Oh no. So you lost the parcel twice?",
      ],
    });
  });

  it("CUE-PARAPHRASE-1: a sentence-opening 'so you…' that gives the reason for what follows is not a restatement", () => {
    expectKind(agentKinds, "paraphrase", {
      no: [
        "So you know, we close at 5.",
        "So you're aware, the store closes at 5.",
        "So you don't have to wait, I'll email it.",
        "So you don't lose your data, back it up first.",
        "So you don't have to pay anything.",
        "So you're covered, I've added the insurance.",
        "So you're not left waiting, I'll call you at 3.",
      ],
    });
    expectKind(agentKinds, "paraphrase", {
      yes: [
        "So you don't have the receipt?",
        "So you don't know where it is.",
        "So you were charged twice, I'll refund one now.",
        "So you're being charged twice, is that right?",
        "So you're wondering whether to stay.",
      ],
    });
  });

  it("CUE-PARAPHRASE-1: the idle-chat closing line ('it seems like you're busy right now') restates nothing and hedges nothing", () => {
    for (const text of [
      "It seems like you're busy right now, so I'm going to close out the chat.",
      "It sounds like you're away, I'll close the chat for now.",
      "It seems you're no longer with me.",
    ]) {
      expect(agentKinds(text), text).not.toContain("paraphrase");
      expect(agentKinds(text), text).not.toContain("hedging");
    }
    expectKind(agentKinds, "paraphrase", {
      yes: [
        "It seems like you're busy with work and the kids on top of this.",
        "It sounds like you're frustrated with the wait.",
      ],
    });
  });

  it("CUE-LEX-1: 'you know' is a filler only as a filler, not the verb or 'just so you know'", () => {
    for (const text of ["It's, you know, broken.", "You know, it happens.", "It happens, you know."]) {
      expect(filler(text), text).toBe(true);
    }
    expectSaid(filler, {
      no: [
        "Do you know your order number?",
        "Just so you know, the store closes at 5.",
        "I'll let you know tomorrow.",
        "As you know the sale ends today.",
      ],
    });
  });

  it("CUE-EMPATHY-1: relating as the agent ('I've been through that too') is empathy; the agent's own state is not", () => {
    expectSaid(empathy, {
      yes: [
        "I've been through that too.",
        "I've been there myself, it's exhausting.",
        "I went through the same last year.",
        "I can relate.",
        "I'd be upset too.",
        "I'm so sad that this happened to you.",
      ],
      no: [
        "I feel tired today.",
        "I'm stressed too, it's been a long week.",
        "I'm worried too.",
        "I'm sad that my holiday is over.",
        "Talk to people who have been through the same thing.",
        "I have been through your account and the order is there.",
      ],
    });
  });

  it("CUE-EMPATHY-2: 'I'm sorry you feel that way' is a non-apology, not empathy; sorry for what they feel still is", () => {
    for (const text of [
      "I'm sorry you feel that way.",
      "I'm sorry you feel that way, but that's our policy.",
      "Sorry if you feel that way.",
      "I'm really sorry you see it that way",
      "I'm sorry that's how you feel.",
      "Sorry you think so.",
      "I'm sorry if you were offended",
      "Thank you We understand  understand you concern, and i'm sorry you feel that way, we can try yo send you some guides",
    ]) {
      expect(empathy(text), text).toBe(false);
      // Still an apology (neutral), nothing worse: the data reads it as a polite regret.
      expect(scanAgent(text, lex, [], null).apology, text).toBeGreaterThan(0);
    }
    expectSaid(empathy, {
      yes: [
        "I'm sorry you feel let down.",
        "I'm sorry you feel so frustrated.",
        "I'm so sorry you feel this way about your order being late",
        "I'm sorry you had to wait.",
        "I'm sorry that happened.",
        "I'm sorry that's been so hard.",
        "I'm sorry you feel this way, I've been there.",
      ],
    });
  });

  it("CUE-EMPATHY-3: 'I understand that you want…' restates the request (a paraphrase), not empathy", () => {
    for (const text of [
      "I understand that you want to reset the password",
      "I understand that you are contacting from Brazil and you are facing an issue with the display of the watch.",
      "I understand you would like a refund.",
      "I understand that you ordered the blue one.",
    ]) {
      const scan = scanAgent(text, lex, [], null);
      expect(scan.empathy, text).toBe(0);
      expect(scan.paraphrase, text).toBeGreaterThan(0);
    }
    for (const text of [
      "I understand.",
      "I understand that you're frustrated.",
      "I understand how you feel.",
      "I understand your frustration.",
      "I understand you're upset, and I want to help.",
    ]) {
      expect(scanAgent(text, lex, [], null).empathy, text).toBeGreaterThan(0);
    }
  });

  it("CUE-EMPATHY-4: 'Oh no' and other interjections react to what happened; they do not acknowledge the feeling", () => {
    expectSaid(empathy, {
      no: [
        "Oh no. Let me check that for you.",
        "Oh dear, what's the order number?",
        "Yikes! I'll look into it.",
        "Ouch. Can you send me a photo of the screen?",
        "Oof, ok.",
        "Aww, let me see.",
        "Oh man, one moment.",
      ],
    });
    expectSaid(empathy, {
      yes: [
        "Oh no, that must be so frustrating.",
        "Oh dear, I'm so sorry to hear that.",
        "Oh no, what a nightmare.",
      ],
    });
  });

  // Triggered: ESConv dev reflections of feelings the cue missed ("You must be feeling very
  // betrayed", "You sound emotionally exhausted", "That is a lot to have on your plate").
  it("CUE-EMPATHY-5: naming the feeling the customer shows, or how much they carry, is empathy", () => {
    expectSaid(empathy, {
      yes: [
        "You must be so frustrated with all of this.",
        "You must feel as though nobody is listening.",
        "You sound really worried about the payment.",
        "You seem quite upset, and I get why.",
        "It sounds like you're feeling let down by us.",
        "It seems like you are overwhelmed by the number of e-mails.",
        "You're feeling ignored after three calls.",
        "It sounds like you don't feel listened to.",
        "You must be stressed out about the deadline.",
        "That's a lot to deal with on top of the move.",
        "You have so much on your plate right now.",
      ],
      no: [
        "You must be logged in to see the order.",
        "You seem to be using an older version of the app.",
        "You're feeling better now? Great.",
        "It sounds like the parcel is stuck at the depot.",
        "That's a lot of books to move over.",
        "You may be charged a small fee.",
      ],
    });
  });

  it("CUE-EMPATHY-1: 'I can see that you…' is empathy about feelings, not about what the account shows", () => {
    expectSaid(empathy, {
      yes: [
        "I can see that you're frustrated.",
        "I can see that this is really upsetting.",
        "I can tell that you feel let down by us.",
        "I can see how annoying that is.",
        "I hear how urgent this is.",
      ],
      no: [
        "I can see that you were already chatting with another agent.",
        "I can see that you have two accounts.",
        "I can tell that you have an older model.",
        "I can see that you purchased the book today.",
        "I can see that it shipped yesterday.",
      ],
    });
  });

  it("CUE-VAGUE-1: a vague word in a question, or 'as soon as' an event, is not a vague answer", () => {
    for (const text of ["We'll get back to you soon.", "It will be looked into as soon as possible."]) {
      expect(vague(text), text).toBe(true);
    }
    expectSaid(vague, {
      no: [
        "I understand. Will he be back soon?",
        "As soon as I have it I will let you know.",
        "Do you see the error as soon as you open the site?",
      ],
    });
    expect(hedged("What seems to be the problem?")).toBe(false);
    expect(hedged("It seems to be broken.")).toBe(true);
  });

  it("CUE-NEXT-1: transfers, submitted requests and hand-overs the customer can count on are next steps", () => {
    expectSaid(nextStep, {
      yes: [
        "I'll transfer your books into the new account now.",
        "I just transferred your old library into the new account.",
        "I just submitted the request for the replacement.",
        "OK, I have let my manager know, they will give you a call.",
        "I'll escalate this to billing today.",
        "I've moved your booking to Friday.",
        "I'm transferring you to my supervisor with a summary.",
        "I'm bringing in my supervisor now.",
        "I've locked your account.",
      ],
      no: [
        "Did they call you?",
        "I just wanted to check you're still there.",
        "I have asked the team about it.",
        "I'm getting an error on my side too.",
        "I've already transferred it.",
        "As I thought about the friends I have moved on from.",
      ],
    });
  });

  it("CUE-DEFENSIVE-1: hiding behind the script is defensive", () => {
    for (const text of ["That's just what I was told to say.", "I'm just the messenger."]) {
      expect(defensive(text), text).toBe(true);
    }
    expectSaid(defensive, {
      no: ["That's what I was told by the warehouse: it left on Monday.", "Is that what you were told?"],
    });
  });

  it("CUE-PARAPHRASE-1: 'so your…' after a clause and a comma is a consequence, not a restatement", () => {
    expectKind(agentKinds, "paraphrase", {
      no: [
        "I was wrong, sorry: we never charge a restocking fee, so your return is free.",
        "The label is attached, so your parcel is covered.",
      ],
    });
    for (const text of ["I see, so you were charged for both?", "Okay, so your parcel was never scanned?"]) {
      expect(agentKinds(text), text).toContain("paraphrase");
    }
  });

  it("CUE-HEDGE-1: support-style hedges", () => {
    expectSaid(hedged, {
      yes: [
        "I'm not 100% sure about that.",
        "It might take a few days.",
        "Hopefully it arrives tomorrow.",
        "I can't promise anything.",
        "As far as I can tell it shipped.",
        "It seems to be a carrier issue.",
        "I have no idea where it is.",
      ],
      no: ["Could you send me the order number?", "I've issued the refund.", "You may now log in."],
    });
  });

  it("CUE-HEDGE-2: a suggestion softened for politeness, or guidance on what the customer will find, is not a hedge; a guess about the answer still is", () => {
    expectSaid(hedged, {
      no: [
        "Maybe you could try clearing the browser's cache.",
        "Perhaps try signing out and in again.",
        "I think it would be best to reinstall the app.",
        "I think you should update the card on file first.",
        "It might be worth checking your spam folder.",
        // Guidance: what the customer will do or find next.
        "You should be able to see it under Orders now.",
        "Once you've signed in again you should be all set.",
        "You might need to sign in again after the update.",
        "You may need to restart the app.",
      ],
    });
    expectSaid(hedged, {
      yes: [
        "Maybe it was sent to the old address.",
        "Perhaps the courier lost it.",
        "I think it arrives on Monday.",
        "It might be delayed by the weather.",
        "I think it might be good to wait, it might take a week.",
        "I think it should be 14 days maybe.",
        "It should be there by Friday.",
        "The policy might need checking.",
      ],
    });
  });

  it("CUE-FRUST-2: waiting, repetition, 'still not', 'again', 'nobody helps' read as frustration", () => {
    expectKind(kinds, "frustration", {
      yes: [
        "It's still not working.",
        "It happened again.",
        "How many times do I have to ask?",
        "This is unacceptable.",
        "Nobody helps, no one answers.",
        "I've been waiting for three weeks.",
        "Terrible service.",
        "I'm very disappointed.",
      ],
    });
    expect(kinds("I've asked you three times already.")).toContain("repetition");
    expectKind(kinds, "frustration", {
      no: ["Could you send it again, please?", "Thanks, that worked.", "I still have the receipt."],
    });
  });

  it("CUE-CONFUSION-1: 'Sorry, I don't follow' is confusion, not an apology or frustration; following something is not", () => {
    for (const text of [
      "Sorry, I don't follow",
      "I'm not following you.",
      "I'm not sure I follow",
      "I didn't understand.",
      "What exactly do you mean by this?",
      "How do you mean?",
      "Do you mean I should turn to the bookhall?",
      "What is meant?",
      "Sorry, what?",
      "Come again?",
      "Could you explain that again?",
      "What does curved lines mean",
    ]) {
      const scan = scanCustomer(text, lex);
      expect(scan.confusion, text).toBeGreaterThan(0);
      expect(scan.frustration, text).toBe(0);
      expect(emotionOf(scan, null), text).toBe("confused");
    }
    for (const text of [
      "I don't follow you on Twitter",
      "I'm following the instructions now",
      "I'm following you",
      "I followed the steps",
      "I don't follow the news",
      "I didn't get the email",
      "What does it cost?",
      "Broken again?",
    ]) {
      expect(scanCustomer(text, lex).confusion, text).toBe(0);
    }
  });

  it("CUE-WAIT-1: 'how long do I have to return it?' asks about a policy; 'how long do I have to wait?' is waiting", () => {
    for (const text of [
      "how long do I have to return it?",
      "How long do I have to send it back?",
      "how long is the warranty?",
      "How long does the free trial last?",
      "How long is the return window?",
      "How long do I have left on my subscription?",
      "How long is the code valid?",
      "how long do I have?",
    ]) {
      const scan = scanCustomer(text, lex);
      expect(scan.waiting, text).toBe(0);
      expect(scan.frustration, text).toBe(0);
    }
    for (const text of [
      "How long do I have to wait?",
      "how long will this take?",
      "How much longer do I have to wait for my refund?",
      "How long is this going to take?",
      "how long am I supposed to wait",
      "How long do I have to keep chasing you?",
    ]) {
      expect(scanCustomer(text, lex).waiting, text).toBeGreaterThan(0);
    }
  });

  it("CUE-CHURN-1: asking how or what happens if they cancel, or cancelling an order, is no threat to leave; saying they will is", () => {
    for (const text of [
      "If I cancel my subscription, can I still use the credits I have?",
      "I want to make sure I can cancel my plan if I don't like the studio.",
      "So I would like to know the best option so I can spend these credits and cancel the account later",
      "And then he gets charging the 25.00 until I cancel the subscription, right?",
      "And how do I cancel the order I made?",
      "How to cancel my membership?",
      // Asking whether they can is asking how, as above.
      "Can I cancel my subscription?",
      "Could we cancel our plan before the renewal?",
      "Can I still cancel my membership this month?",
      // Cancelling an order is not leaving the company.
      "Can I cancel my order?",
      "I want to cancel the order and buy the bigger one instead.",
      "Please cancel my order, I ordered the wrong size.",
    ]) {
      expect(scanCustomer(text, lex).churn, text).toBe(0);
    }
    for (const text of [
      "I'm going to cancel my subscription.",
      "Cancel my account now.",
      "I want to cancel my membership, this is ridiculous",
      "I will cancel my contract if this isn't fixed",
      "Cancel my subscription, I'm switching to another provider.",
      // Asking us to do it is saying they are leaving.
      "Can you cancel my subscription, please?",
    ]) {
      expect(scanCustomer(text, lex).churn, text).toBeGreaterThan(0);
    }
  });

  it("CUE-REPEAT-1: 'I just told you' is repetition; 'I just did', 'I just tried to…' answer the agent", () => {
    for (const text of [
      "I already tried that",
      "I just told you",
      "I already sent it",
      "As I said, it's broken",
    ]) {
      expect(scanCustomer(text, lex).repetition, text).toBeGreaterThan(0);
    }
    for (const text of [
      "I just did",
      "None, I just tried to shop through the card, which I couldn't.",
      "I just sent the screenshot",
      "I just gave you my email, is that enough?",
    ]) {
      expect(scanCustomer(text, lex).repetition, text).toBe(0);
    }
  });

  it("CUE-SARCASM-1: sarcastic praise is frustration, not satisfaction", () => {
    expect(kinds("Oh great, just great.")).toContain("frustration");
    expect(kinds("Oh great, just great.")).not.toContain("satisfaction");
    expect(kinds("Thanks for nothing.")).not.toContain("satisfaction");
    expect(kinds("Great, thanks!")).toContain("satisfaction");
  });

  it("CUE-FRUST-3: asking how to complain, the complaints book, displeasure, an unanswered question", () => {
    // MAIA-DQE train lines the engine read as calm (annotated frustration).
    expectKind(kinds, "frustration", {
      yes: [
        "To whom I can address a complaint and ask for the return of money.",
        "But there is a deadline to return the equipment and fill in the complaints book",
        "how can I get my deep displeasure across",
        "Did not answer me how can I hold a complaints book",
        "Could you answer my question?",
        "Sorry, did you read my question?",
        "You haven't answered my question.",
      ],
      // Near misses: no complaint, a question about something, an answer received.
      no: [
        "No complaints here, thanks!",
        "Can you answer my question about returns?",
        "Thanks for answering my question.",
        "You answered my question, great.",
        "I read my messages every morning.",
      ],
    });
  });

  it("CUE-ANXIETY-2: 'what if' is worry about what may happen, not a proposal", () => {
    expectKind(kinds, "anxiety", {
      yes: [
        "What if it doesn't arrive in time?",
        "What if I lose my card again?",
        "what if they charge me twice?",
      ],
      // Near misses: the customer proposing what they could do.
      no: [
        "What if I ask really, really nicely?",
        "What if I order a second one?",
        "what if we just try the other card?",
      ],
    });
  });

  it("CUE-SHOUT-1: capitals and piled-up punctuation", () => {
    expect(kinds("WHERE IS MY ORDER")).toContain("shouting");
    expect(kinds("Where is it?!")).toContain("shouting");
    expect(kinds("Hello???")).toContain("shouting");
    expect(kinds("Is it in stock? I need two.")).not.toContain("shouting");
  });

  it("CUE-SHOUT-2: a greeting or thanks in capitals is not shouting", () => {
    expectKind(kinds, "shouting", {
      no: ["HEY HO!", "HI THERE, quick question about my order.", "THANK YOU SO MUCH", "GOOD MORNING"],
    });
    // Near misses: more than the greeting, or piled-up punctuation after it.
    expectKind(kinds, "shouting", {
      yes: ["HELLO ANYONE THERE", "HEY WHERE IS MY ORDER", "HELLO??? Anyone?", "THANK YOU FOR NOTHING"],
    });
  });

  it("CUE-VAGUE-1: vague only without specifics", () => {
    expect(scanAgent("It will be fixed soon.", lex, [], null).vague).toBe(1);
    expect(scanAgent("It will be fixed soon, by 3pm today.", lex, [], null).vague).toBe(0);
  });

  it("CUE-REDUNDANT-1: asking for what the customer already gave", () => {
    expect(scanAgent("Could you give me your order number?", lex, ["order"], null).redundant).toBe(1);
    expect(scanAgent("Could you give me your order number?", lex, ["email"], null).redundant).toBe(0);
  });

  it("CUE-REDUNDANT-2: a masked detail (#EMAIL#, [PHONE], order #NUMBER#) is a detail the customer gave", () => {
    // Triggered: MAIA-DQE customers give their e-mail as '#EMAIL#'; asking for it again went unnoticed.
    const given = (text: string) => detectSlots(text, []);
    expect(given("I can't open my book. #EMAIL#")).toEqual(["email"]);
    expect(given("My e-mail is [EMAIL], phone [PHONE]")).toEqual(["email", "phone"]);
    expect(given("Please send it to #ADDRESS#")).toEqual(["address"]);
    expect(given("Hi, my name is #NAME#")).toEqual(["name"]);
    expect(given("The order number is #NUMBER#")).toEqual(["order"]);
    expect(given("My account #ALPHANUMERIC_ID# is locked")).toEqual(["account"]);
    // A bare number placeholder may be a date's year; a company name is no detail of theirs.
    expect(given("I bought it on 26/12/#NUMBER# at #PRS_ORG#")).toEqual([]);
    const provided = given("Hello, I bought a book and it does not open. #EMAIL#");
    expect(scanAgent("Can you please confirm your email address?", lex, provided, null).redundant).toBe(1);
  });

  it("CUE-NAME-1: the customer's name from their words or the author", () => {
    expect(detectCustomerName("Hi, my name is Priya and my router is broken", undefined)).toBe("Priya");
    expect(detectCustomerName("hello", "Marco Rossi")).toBe("Marco");
    expect(detectCustomerName("hello", "customer-1234")).toBeNull();
    expect(scanAgent("Thanks, priya!", lex, [], "Priya").nameUsed).toBe(true);
  });

  it("WHISPER-MIRROR-1: the customer's own words, capped", () => {
    expect(extractMirror("Hi. The app keeps crashing when I upload photos, please help.", [8, 27])).toBe(
      "The app keeps crashing when I upload photos",
    );
    expect(extractMirror("Hello, my parcel still hasn't arrived.", null)).toBe(
      "my parcel still hasn't arrived",
    );
  });

  it("WHISPER-MIRROR-1: a quote is a whole clause, never cut off mid-clause", () => {
    // A clause too long to quote is narrowed to the part between joining words that holds the problem.
    expect(
      extractMirror(
        "You told me the wrong thing and now you're telling me I have to pay for the return myself!",
        null,
      ),
    ).toBe("You told me the wrong thing");
    // No joining word to cut at: no quote rather than a fragment.
    expect(
      extractMirror(
        "The replacement charger you people shipped to my office last week never worked at all with my laptop.",
        null,
      ),
    ).toBeNull();
  });
});
