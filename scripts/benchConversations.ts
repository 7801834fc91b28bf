/**
 * The live benchmark's own conversations: eight support arcs, four that go wrong in the ways the
 * step-in engine looks for (scripts 0, 2, 4, 6) and four that go fine. They are fixed so that runs
 * stay comparable across stops: the benchmark once replayed the demo's scripts, and rewriting the
 * demo (stop 19) changed its workload (a quarter more alerts at the same pace). These are the
 * demo's first eight scripts as they stood before that rewrite (5190707), so runs on this file
 * compare with runs of earlier code. Change them only with a note in docs/BENCHMARKS.md.
 */
import type { DemoConversation, DemoLine } from "../src/cli/demoConversations.ts";

export type BenchConversation = Omit<DemoConversation, "persona">;

const c = (text: string): DemoLine => ({ role: "customer", text });
const a = (text: string): DemoLine => ({ role: "agent", text });

export const BENCH_CONVERSATIONS: readonly BenchConversation[] = [
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
];
