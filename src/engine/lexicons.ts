/**
 * The default lexicons: phrase patterns (JavaScript regular-expression source, matched
 * case-insensitively on word boundaries) that mark each cue. They are data: a team overrides or
 * extends them through `resolveEngineConfig({ lexicons: { … } })`. Written for tagteam; tuned on
 * support-chat phrasing (short turns, contractions, missing apostrophes).
 */

/** Names of the lexicons the engine reads. */
export type LexiconName =
  | "filler"
  | "apology"
  | "hedging"
  | "vague"
  | "defensiveness"
  | "blameCoworker"
  | "jargon"
  | "empathy"
  | "paraphrase"
  | "thanks"
  | "nextStep"
  | "hold"
  | "holdNarration"
  | "beyondAuthority"
  | "askForDetail"
  | "customerEffort"
  | "closing"
  | "confirmNeed"
  | "formalRegister"
  | "casualRegister"
  | "policyCite"
  | "frustration"
  | "sarcasm"
  | "anger"
  | "confusion"
  | "satisfaction"
  | "anxiety"
  | "repetition"
  | "waiting"
  | "churnThreat"
  | "legalThreat"
  | "asksManager"
  | "personalAttack"
  | "safetyThreat"
  | "securityRisk"
  | "languageBarrier"
  | "unclearExpectations"
  | "policyDispute"
  | "billingError"
  | "systemMalfunction";

export type Lexicons = Record<LexiconName, string[]>;

const APOS = "['’]?";

/**
 * "So you…" restates only at the start of a sentence, or after an interjection ("ah so you…", "I
 * see, so you…"); after another word it is a purpose clause ("I'll send a label so you don't pay")
 * and after a clause and a comma a consequence ("we never charge a fee, so your return is free").
 */
const SO_START =
  "(?=so\\b)(?<=^\\s*|[^\\w\\s'’,]\\s*|\\n\\s*|\\b(?:ah|oh|ok|okay|right|alright|well|hmm+|wow|yes|yeah|see|sure|good|great|got it|gotcha|understood|ouch|oh no)[,.!]?\\s+)";

/**
 * The end of a bare statement: the sentence stops, or only a regret or a "so" follows ("That's our
 * policy, I'm afraid", "That's our policy, so…"), not an explanation ("That's our policy on refunds").
 */
const BARE_END =
  "(?=\\s*(?:[.!…\\n]|$|,\\s*(?:sorry|i['’]?m afraid|i am afraid|unfortunately|so|and that['’]?s)\\b))";

/** Outside the team but on our side to the customer: the courier, IT (CUE-BLAME-1). */
const OTHER_PEOPLE =
  "(?:courier|carrier|delivery (?:company|firm|service|driver|guy|people|partner)|(?:delivery )?driver|post office|postal service|postman|ups|fedex|dhl|usps|dpd|hermes|royal mail|(?:it|i\\.t\\.) (?:department|dept|team|guys|people|support)|tech(?:nical)? support|tech (?:guys|people))";
/** …and our own systems. */
const OTHER_PARTY = `(?:${OTHER_PEOPLE}|system|computer|software)`;

/**
 * The action is not placed before now: no "already", "before", "twice" in the rest of the clause,
 * and no "yesterday" or "last week" right after it ("I sent it to you yesterday"; "I've refunded
 * the order you placed yesterday" still is new).
 */
const NOT_BEFORE =
  "(?![^.!?;\\n]*\\b(?:already|before|earlier|previously|twice|three times|several times)\\b)(?!(?: [\\w'’]+){0,3} (?:yesterday|last (?:week|time|month|night)|(?:two|three|a few|\\d+) (?:days|weeks) ago)\\b)";

/**
 * "So you…" followed by a comma and the agent's own action or an instruction ("So you're not left
 * waiting, I'll call you at 3") gives the reason for that action: a purpose, not a restatement.
 */
const NOT_PURPOSE =
  "(?![^.?!\\n]*,\\s*(?:i(?:['’]ll| will|['’]ve| have| can|['’]m going to| am going to)|we(?:['’]ll| will|['’]ve| have| can)|let me|please|here(?:['’]s| is)|just|make sure|you(?:['’]ll| will| can| need| should| just)|back|save|keep|check|use|try|call|click|go|do|don['’]t)\\b)";

/**
 * CUE-EMPATHY-5: words naming what someone feels, for reflections of the customer's feeling ("you
 * must be so frustrated", "you sound worried", "you seem upset"), with at most two words
 * of degree before them.
 */
const FEELING =
  "(?:(?:so|really|very|quite|pretty|a bit|a little|rather|extremely|incredibly|truly|deeply|completely|totally|understandably|emotionally|kind of|somewhat) ){0,2}(?:frustrated|upset|annoyed|angry|mad|furious|irritated|fed up|worried|concerned|stressed(?: out)?|anxious|nervous|scared|afraid|frightened|overwhelmed|exhausted|drained|worn out|burn(?:ed|t) out|disappointed|let down|hurt|betrayed|lonely|alone|isolated|sad|down|depressed|heartbroken|devastated|hopeless|helpless|discouraged|defeated|ignored|unheard|dismissed|misunderstood|unappreciated|unsupported|rejected|abandoned|guilty|ashamed|embarrassed|insecure|uneasy|confused|pressured|under (?:a lot of )?pressure)\\b";

/**
 * "It seems like you're busy right now, so I'm going to close out the chat": the idle-chat closing
 * line says the customer has gone quiet; it restates nothing they said.
 */
const AWAY =
  "(?:(?:still |maybe |probably )?(?:busy(?: right now| at the moment| now)?(?=\\s*(?:[,.!?;]|$|so\\b))|away|afk|offline|unavailable|disconnected|gone|not (?:there|here|around|available|with me|responding|online|at your (?:desk|computer))|no longer (?:there|here|with me|available|online|connected)|still there|still with me))";
const NOT_AWAY = `(?! ${AWAY})`;

/**
 * "I'm sorry you feel that way", "sorry if you think so": the non-apology regrets the customer's
 * reaction, not what happened to them; a lead does not read it as empathy (CUE-EMPATHY-2). "Sorry
 * you feel let down" still is, and so is the nearer "sorry you feel this way" (EPITOME's peer
 * supporters use it as a reaction: 12 of its 20 "sorry you feel…" replies).
 */
const NOT_NON_APOLOGY =
  "(?! (?:that |if )?you(?: still)? (?:feel|felt|see|saw|think|thought|took|take|read|view) (?:it |this |that |things )?(?:that way|like that|so)(?=\\s*(?:[,.;!?…\\n]|$|but\\b))| if you (?:feel|felt|think|thought|believe|were offended|are offended|took (?:it|this|that)|see it)| (?:that|this|it)(?:['’]s| is| was) (?:how|the way) you (?:feel|felt|see it|saw it|took it|read it))";

/** What the customer wants or did, after "I understand (that) you…" (CUE-EMPATHY-3). */
const REQUEST =
  "(?:(?:would|['’]d) like|want|wanted|wish|need|needed|are (?:contacting|asking|trying|looking|calling|requesting|facing|having)|['’]re (?:contacting|asking|trying|looking|calling|requesting|facing|having)|have (?:ordered|bought|purchased|received|requested|tried|a problem|an issue|issues|problems)|ordered|bought|purchased|received|requested|tried)";
const NOT_REQUEST = `(?!(?: that)? you ${REQUEST}\\b)`;

export const DEFAULT_LEXICONS: Lexicons = {
  filler: [
    "um+",
    "uh+",
    "erm+",
    "uhm+",
    // "you know" as a filler ("it's, you know, broken"), not the verb ("do you know your order
    // number?", "I'll let you know") nor "just so you know, we close at 5".
    "(?<=(?:^|[,.;:!?…(]|\\b(?:and|but|like|because|i mean|well|um|uh))\\s*)you know(?=\\s*(?:[,.;:!?…)]|$))",
    "basically",
    "kind of like",
    "sort of like",
    "like,",
  ],
  apology: [
    "sorry",
    "apologi[sz]e",
    "apologies",
    "my apologies",
    "i apologi[sz]e",
    "forgive me",
    "my bad",
    "pardon",
  ],
  hedging: [
    `i${APOS} ?m not (?:really |totally |entirely |100% |quite |completely |too |very )?(?:sure|certain)`,
    "i am not (?:really |totally |entirely |100% |quite |completely )?(?:sure|certain)",
    "not (?:sure|certain) (?:if|whether|why|how|what|when|where|that)",
    // A suggestion softened for politeness ("I think it would be best to…", "maybe you could try…",
    // "perhaps try…") offers a next step; it is not uncertainty about the answer (CUE-HEDGE-2).
    "i think(?! (?:it(?:['’]d| would| might) be (?:best|better|good|a good idea|worth|helpful|wise|easiest|quickest)|you (?:should|could|can|might want|may want|(?:would|['’]d) (?:need|want|like))|(?:the )?(?:best|easiest|quickest|simplest) (?:way|option|thing)))",
    "i guess",
    "i believe",
    "i suppose",
    "i(?:['’]d| would) (?:think|assume|imagine|guess|say)",
    `i${APOS}m (?:guessing|assuming)`,
    "i assume",
    "i imagine",
    "maybe(?! (?:you|we)(?: all| both| two)? (?:could|can|should|might|may|want|try|would)\\b| try\\b| (?:it(?:['’]d| would) (?:help|be (?:best|good|worth)))\\b)",
    "probably",
    "possibly",
    "perhaps(?! (?:you|we)(?: all| both| two)? (?:could|can|should|might|may|want|try|would)\\b| try\\b| (?:it(?:['’]d| would) (?:help|be (?:best|good|worth)))\\b)",
    "presumably",
    "supposedly",
    "apparently",
    "hopefully",
    "likely",
    "unlikely",
    // "You might need to sign in again", "you may need to restart it": an instruction, what the
    // customer may have to do next, not doubt about the answer (CUE-HEDGE-2).
    "might (?:be(?! (?:best|better|good|a good idea|worth|helpful|wise)\\b)|have|take|not|work|(?<!\\byou might )need|help|still)",
    "(?:it|that|this|there) may (?:be|have|take|not)",
    "may (?:or may not|take up to|be able to|(?<!\\byou may )need to|have been)",
    "could (?:be|take|have been|possibly)",
    // Not the idle-chat closing line ("it seems like you're busy right now, so I'll close the chat").
    `(?:it|that|this) (?:seems|appears) (?:to|that|like)(?! you(?:${APOS}re| are| have been) ${AWAY})`,
    // Not the opener "What seems to be the problem?".
    "(?<!\\bwhat )(?:seems|appears) to (?:be|have)",
    "not certain",
    "(?:i have |i(?:['’]ve| have) got )?no idea",
    `i don${APOS}t (?:really )?know`,
    "i do not know",
    `i${APOS}d have to guess`,
    "as far as i (?:know|can tell|am aware|understand)",
    "to (?:the best of )?my knowledge",
    `if i${APOS}m not mistaken`,
    "if i am not mistaken",
    `i (?:can${APOS}t|cannot) (?:promise|guarantee|say for sure|be sure)`,
    "no guarantee",
    `(?:i${APOS}ll|i will|let me) (?:try|see what i can do)`,
    "in theory",
    // Not guidance on what the customer will find ("you should be able to see it under Orders
    // now", "you should be all set"): the instruction's expected result (CUE-HEDGE-2).
    "(?<!\\byou(?: now| then| also| still| already)? )should be",
    "more or less",
    `i${APOS}m (?:fairly|pretty|reasonably) (?:sure|certain|confident)`,
  ],
  vague: [
    // Not "as soon as I have it" (tied to an event); "as soon as possible" is its own entry.
    "soon(?<!\\bas soon)",
    "shortly",
    "at some point",
    "in a while",
    "eventually",
    "it depends",
    `we${APOS}ll see`,
    "sometime",
    "one of these days",
    "when we can",
    "as soon as possible",
    "asap",
    "in due course",
    "being looked into",
    "working on it",
  ],
  defensiveness: [
    `(?:it|that)${APOS}?s not my fault`,
    "(?:it|that) is not my fault",
    `not my (?:fault|problem|department|job)`,
    `i${APOS}m just doing my job`,
    "i am just doing my job",
    // "You should have read the email", not what the customer should have by now ("you should have
    // received it", "you should have it by Friday").
    "you should have(?! (?:(?:already|now|by now|just) )?(?:received|got|gotten|been|seen|a|an|the|it|one|two|access|your|this|that|them)\\b)",
    `you didn${APOS}t (?:read|follow|check)`,
    "as i (?:already )?(?:said|told you|explained|mentioned)",
    "like i (?:said|told you)",
    // Said to the customer, not "what helps me calm down" or "let him calm down".
    "(?<!\\b(?:me|him|her|them|us|people|helps?|helped|helping|myself|yourself|themselves) )calm down",
    `there${APOS}s nothing (?:more )?i can do`,
    "there is nothing i can do",
    // "it's our policy, nothing I can do" ("nothing else I can do for you" closes politely).
    "nothing (?:more )?(?:i|we) can do",
    "(?:that|it) is what it is",
    "i can only do so much",
    "not how it works",
    "you need to understand",
    "i (?:already )?told you",
    // "If you had read the email…", not "if you had plans".
    "if you had (?:(?:just|only) )?(?:read|checked|followed|looked|called|told|contacted|bothered|listened|paid attention|done|asked|kept|sent|used)",
    "read the (?:terms|policy|instructions|email)",
    `don${APOS}t (?:blame|yell at|shout at) me`,
    // Hiding behind the script: "That's just what I was told to say", "I'm just the messenger".
    `(?:that|it)(?:['’]s| is) (?:just |only )?what i(?:['’]m| am| was|['’]ve been| have been) told(?: to say)?` +
      BARE_END,
    "i(?:['’]m| am) (?:just|only) the messenger",
    // "not our fault" deflects like "not my fault".
    `(?:it|that)${APOS}?s not our (?:fault|problem)`,
    "(?:it|that) is not our (?:fault|problem)",
    "not our (?:fault|problem)",
    // A bare policy as the whole answer ("That's our policy.", "Policy is policy", "Those are the
    // rules"), not a policy explained ("That's our policy on refunds: …", "Our policy allows…").
    `(?:that|it|this)(?:${APOS}s| is| was) (?:just |simply |only |all )?(?:our|the|company|store|the company${APOS}s) (?:policy|policies|rules?|procedure)${BARE_END}`,
    "(?:the )?(?:policy|policies) (?:is|are) (?:the )?(?:policy|policies)",
    "(?:the )?rules are (?:the )?rules",
    `(?:those|these|them)(?:${APOS}re| are|${APOS}s) (?:just |simply )?the rules${BARE_END}`,
    `i (?:don${APOS}?t|do not|didn${APOS}?t|did not) make (?:the|these|those) (?:rules|polic(?:y|ies))`,
  ],
  blameCoworker: [
    "my (?:colleague|coworker|co-worker|teammate) (?:messed|screwed|got it wrong|made a mistake|was wrong|shouldn)",
    "(?:the|that|whoever|another) (?:other )?(?:agent|rep|representative|person|guy|colleague|coworker) (?:you )?(?:spoke|talked) (?:to|with) (?:was wrong|got it wrong|messed|should(?:n['’]?t)? have|made a mistake|gave you)",
    "(?:whoever|the person) you (?:spoke|talked) (?:to|with)(?: before| earlier)? (?:was wrong|got it wrong|messed up|shouldn)",
    "(?:the )?(?:other|billing|shipping|tech|sales|warehouse) (?:team|department)(?:['’]s)? (?:fault|messed|screwed|always|never)",
    `(?:that|this) (?:was|is) (?:the|another|their|his|her) (?:department|team|colleague)${APOS}?s? fault`,
    // "billing made a mistake", "it's the warehouse's fault" (not "it's not the warehouse's fault").
    `(?<!\\b(?:not|n['’]t|never) (?:(?:the|our) )?)(?:(?:the|our) )?(?:(?:other|billing|shipping|tech|technical|sales|warehouse|accounts|finance|returns|dispatch|logistics) (?:team|department|dept|guys|people)|warehouse|billing|shipping|dispatch|accounts|finance|returns|logistics)(?:${APOS}s (?:fault|mistake|error)| (?:made (?:a|an) (?:mistake|error|mess|mix-?up)|(?:messed|screwed|mixed) (?:it |this |that |things )?up|got (?:it|this|that) wrong|dropped the ball|(?:is|are|was|were) to blame))`,
    // The courier, "the system" or IT: to the customer it is all us, so pinning the fault on them
    // is passing the buck ("it's the courier's fault", "the system messed up", "blame IT"); what
    // they did ("the courier lost it", "the system shows it delivered") is not.
    `(?<!\\b(?:not|n['’]t|never) (?:(?:the|our) )?)(?:(?:the|our|that|this) )?${OTHER_PARTY}(?:${APOS}s (?:fault|mistake|error)| (?:(?:always|clearly|obviously|totally|just) )?(?:made (?:a|an) (?:mistake|error|mess|mix-?up)|(?:messed|screwed|mixed) (?:it |this |that |things |everything )?up|got (?:it|this|that) wrong|dropped the ball|(?:is|are|was|were) to blame|(?:is|are) (?:useless|hopeless|rubbish|terrible|awful|a joke|a nightmare)))`,
    `(?:it|that|this)(?:${APOS}s| is| was) it${APOS}s fault`,
    `blame (?:it on )?(?:the |our |that )?${OTHER_PARTY}`,
    `(?:it|that|this)(?:${APOS}s| is| was) (?:all )?down to (?:the |our )?${OTHER_PARTY}`,
    // "that's on the courier", not "it's on the system now".
    `(?:that|this)(?:${APOS}s| is| was) (?:all )?on (?:the |our )?${OTHER_PEOPLE}`,
    `(?:the |our )?${OTHER_PARTY}(?: did (?:it|that|this))?,? not (?:me|us|ours|our fault|my fault)`,
    "(?:he|she|they) always (?:tells?|gives?|gets?) (?:customers|people|it) (?:the )?wrong",
    "(?:clean|cleaning) up after (?:him|her|them)",
    "(?:his|her|their) mistake,? not mine",
  ],
  jargon: [
    "rma",
    "sku",
    "sla",
    "api",
    "dns",
    "ttl",
    "backend",
    "back-end",
    "frontend",
    "cache invalidation",
    "provisioning",
    "tier[- ]?[123] ticket",
    "l[123] queue",
    "escalation matrix",
    "ticket id",
    "chargeback code",
    "auth token",
    "oauth",
    "sync job",
    "batch job",
    "cron",
    "payload",
    "endpoint",
    "propagat(?:e|ion)",
    "fulfil(?:l)?ment center",
    "dispute code",
  ],
  // Emotional reactions and understanding (CUE-EMPATHY-1). Each entry needs an emotional word or
  // an unmistakable frame ("I can imagine", "I hear you"), so plain apologies ("sorry for the
  // delay") and bare acknowledgements ("I see") stay out, and so do interjections ("Oh no", "Oh
  // dear", "Yikes", "Aww"): dismay at what happened says nothing of how the customer feels
  // (CUE-EMPATHY-4); "Oh no, that must be so frustrating" is empathy by its second half.
  empathy: [
    // understanding
    // Not a restated request ("I understand that you want to reset the password", "I understand
    // that you are contacting from Brazil"): that is a paraphrase (CUE-EMPATHY-3).
    `i (?:totally |completely |fully |really |truly |definitely |do |can )?understand(?: (?:how|why|that|your|what you(?:['’]re| are)? ?(?:feel|going through|mean)))?(?! (?:it |this |that |you )?(?:correctly|right))${NOT_REQUEST}`,
    "i can (?:only |certainly |definitely |totally |really |just )?imagine",
    // "I can see that you were chatting with another agent" reads the account, not the feeling.
    "i can (?:see|tell) (?:how|why|what (?:a|you))",
    "i can (?:understand|appreciate) (?:how|why|that (?:this|it|you)|what (?:a|you))",
    "i can (?:see|tell) that you(?! (?:(?:were|are) (?:already |still )?(?:chatting|talking|speaking|in contact|charged|billed|logged|signed|subscribed|registered|using|on)|(?:already |previously |recently )?(?:purchased|bought|ordered|paid|placed|made|used|tried|contacted|called|emailed|chatted|received|cancelled|canceled|returned|requested|updated|changed|created|have (?:an? |two |\\d+ |another |the |no |not |already )?(?:\\w+ )?(?:account|order|model|subscription|device|purchase|booking|membership|plan|card|email|address|ticket|refund|copy|version)s?))\\b)",
    "i can (?:see|tell) that (?:this|it)(?:['’]s| is| has been| must be| must have been| was)? (?:(?:really|very|so|quite|clearly|obviously|understandably|a bit|pretty|all very) )?(?:upset\\w*|frustrat\\w*|annoy\\w*|hard|difficult|stressful|worrying|raw|painful|overwhelming|a lot|tough|weigh\\w*|bother\\w*|affect\\w*|hurt\\w*|means? a lot)",
    "i (?:understand|appreciate|hear|recogni[sz]e|can see|get) (?:your|the|how much|how) (?:frustration|concern|worry|anger|disappointment|feelings|stress|upset|pain|anxiety|fear)",
    "i hear you",
    "i (?:can )?hear how (?:much|urgent|important|frustrat\\w*|hard|difficult|upset\\w*|worr\\w*|stress\\w*|annoy\\w*)",
    "i hear what you(?:['’]re| are) saying",
    "i get (?:it|why|how|where you(?:['’]re| are) coming from)",
    "i know (?:how|what) (?:it(?:['’]s| is) like|it feels|that feels|you(?:['’]re| are) going through|you feel|frustrating|stressful|hard|difficult|annoying|upsetting|worrying|scary|painful)",
    "i can (?:totally |really |completely )?relate",
    "i(?:['’]ve| have) been there",
    // Relating as the agent ("I've been through that too"), not other people ("talk to people who
    // have been through the same").
    "i(?:['’]ve| have)(?: also| too| myself)? been through (?:the same|something similar|something like (?:this|that)|(?:this|that|it) (?:too|myself|as well))",
    "i went through (?:the same|something similar|(?:this|that|it) too)",
    "(?:it|that)(?:['’]s| is) (?:completely |totally |perfectly |absolutely |very |so |only )?(?:understandable|natural|normal|okay|ok|valid|fine|human) to (?:feel|be)",
    "(?:it|that)(?:['’]s| is) (?:completely |totally |perfectly |absolutely |very )?understandable",
    "(?:it )?makes (?:total |complete |perfect )?sense (?:that )?(?:you(?:['’]d| would| feel|['’]re| are)|to feel)",
    "your (?:frustration|feelings|concerns?|worry|anger|disappointment|reaction) (?:is|are) (?:completely |totally |entirely |perfectly |so )?(?:valid|understandable|justified|fair|reasonable|normal)",
    "you(?:['’]re| are) (?:absolutely |completely |totally )?right to (?:be|feel)",
    "(?:no wonder|of course) you(?:['’]re| are| feel|['’]d| would)",
    "who (?:wouldn['’]?t|would not) be (?:upset|frustrated|annoyed|angry|worried|stressed)",
    // How anyone would feel in the customer's place ("I'd be upset too"), not the agent's own state
    // ("I'm stressed too", "I feel tired today").
    "(?:i(?:['’]d| would)|anyone would|anybody would) (?:be |feel )?(?:upset|frustrated|annoyed|angry|worried|stressed|furious|anxious|scared|disappointed|concerned|the same) too",
    "i(?:['’]d| would) (?:feel|be) (?:exactly )?the same",
    // emotional reaction to what happened
    "(?:that|this|it) (?:sounds|must be|must have been|must feel|sounds like it (?:was|is|has been)|seems) (?:like )?(?:really |so |very |incredibly |extremely |truly |pretty |super |quite |such |absolutely |deeply )?(?:a )?(?:frustrating|annoying|stressful|difficult|upsetting|hard|worrying|awful|inconvenient|tough|rough|painful|scary|terrible|horrible|overwhelming|exhausting|heartbreaking|frightening|confusing|disappointing|unfair|sad|lonely|draining|challenging|distressing|infuriating|maddening|nightmare|pain|hassle|lot to deal with|lot to handle|struggle|worry|shock|blow)",
    "(?:sounds|must be|must have been|must feel) (?:really |so |very |incredibly |extremely |super |pretty )?(?:frustrating|stressful|difficult|upsetting|hard|worrying|awful|tough|rough|painful|scary|terrible|horrible|overwhelming|exhausting|heartbreaking|frightening|disappointing|lonely|draining|distressing|infuriating)",
    "that(?:['’]s| is| was) (?:so |really |very |just |incredibly |truly |absolutely )?(?:awful|terrible|horrible|heartbreaking|rough|tough|unfair|sad|scary|frustrating|upsetting|stressful|painful|not okay|not ok|not fair|not acceptable|the worst)",
    "what a (?:nightmare|pain|hassle|headache|shame|frustrating|stressful|tough|terrible|awful|horrible|rough|sad)",
    "that (?:really |totally |just |truly )?sucks",
    "sucks that you",
    "that(?:['’]s| is) (?:so |really |very |just |incredibly )?(?:hard|difficult)(?! to)",
    `(?:i(?:['’]m| am) )?(?:so |really |very |truly |terribly |deeply |genuinely )sorry${NOT_NON_APOLOGY} (?:to hear|that|about|for what|you|this|for your)`,
    `(?:i(?:['’]m| am) )?sorry${NOT_NON_APOLOGY} (?:to hear|(?:that )?you(?:['’]re| are| had| have|['’]ve| went| feel| were| got)|that this|(?:that |this |it )?(?:happened|has been|is happening)|about your|for your loss|for what you)`,
    "sorry for (?:your|all your|all the) (?:pain|loss|situation|troubles|struggles|suffering)",
    `i(?:['’]m| am) (?:so |really |very )?sorry${NOT_NON_APOLOGY} (?:there|things|it|this|that)(?:['’]s| is| are| isn['’]t| aren['’]t| was| has been| happened)`,
    "i wish (?:i could|there (?:was|were|is)) (?:something|anything|help|do|take|make|fix|say|be there)",
    "i hope (?:you(?:['’]re| are)? ?(?:feel(?:ing)? better|get (?:better|well|through)|find (?:a way|peace|someone|help|something)|(?:are|['’]re) (?:okay|ok|alright|doing (?:better|okay|ok|well)))|things (?:get|will get|turn|start) (?:better|around|looking)|it gets better)",
    "i (?:feel|felt) the same(?: way)?",
    "sorry (?:for|about) (?:the|all the|this|any) (?:trouble|frustration|stress|worry|hassle|upset|anxiety|distress)",
    "i(?:['’]m| am) (?:so |really |very )?(?:sad|saddened|upset|heartbroken) (?:to hear|for you|that (?:you|this|that|it|your|happened)|by (?:this|that|what|your|how))",
    "i(?:['’]m| am) (?:so |really |very )?(?:happy|glad|proud) (?:for|of) you",
    "i (?:really |truly |genuinely )?feel (?:for you|you|your pain|so bad for you|bad for you|terrible for you|awful for you|for your)",
    "my heart (?:goes out|breaks|hurts|aches)",
    "(?:my )?(?:deepest |sincere )?condolences",
    "sending (?:you )?(?:hugs|love|strength|good vibes|positive vibes|my best|virtual hugs)",
    "(?:big |virtual |internet )?hugs",
    "(?:hang|stay) (?:in there|strong)",
    "you(?:['’]re| are) not alone",
    "i(?:['’]m| am) (?:always )?here for you",
    "thank you for (?:your patience|bearing with|explaining|sharing|your understanding|being so patient)",
    "i completely understand",
    "that(?:['’]s| is) not (?:the experience|what) (?:we want|you should)",
    "you should(?:n['’]?t| not) have (?:had )?to (?:deal|go through|wait|chase|put up)",
    // CUE-EMPATHY-5: naming the feeling the customer shows ("you must be so frustrated", "you sound
    // worried", "it sounds like you're feeling let down"), or how much they carry ("that's a lot to
    // deal with"). One alternative per opening word (the lexicon's regex tries each at every word),
    // anchored on words the lexicon's gate already opens on or rare ones ("plate", "cope"): anchors
    // such as "may", "look" or the feeling words ("confused" opens on "confirm") would run it on
    // many more messages.
    "you(?: (?:must (?:be |feel |be feeling |have felt |have been )" +
      FEELING +
      "|must (?:be feeling|feel) (?:like|as (?:if|though)|that)|(?:sound|seem)(?: to be)?(?: feeling)? " +
      FEELING +
      "|(?:don['’]t|do not|didn['’]t|did not) feel (?:listened to|heard|supported|appreciated|valued|respected|understood|safe|cared for|taken seriously))|(?:['’]re| are| were)(?: (?:still|really|just|clearly|obviously|understandably))? feeling (?:like|as (?:if|though)|" +
      FEELING +
      "))",
    "(?:sounds|seems) (?:to me )?(?:like|as if|as though) you(?:(?:['’]re| are| were)? (?:feeling|feel|felt)|(?:['’]re| are| were|['’]ve been| have been) " +
      FEELING +
      ")",
    "(?:that|this|it)(?:['’]s| is| must be| sounds like| seems like)(?: (?:such|quite|really|so|certainly|definitely))? a lot to (?:deal with|go through|cope with|carry|juggle)",
    "(?:such |quite |so much |a lot )(?:on your plate|to deal with|to cope with)",
  ],
  // Reflecting back what the customer said (CUE-PARAPHRASE-1): a restating frame ("so you…",
  // "it sounds like you…", "what I'm hearing is"), or a check that the restatement is right ("is
  // that right?", "do I have that right?"). "So you can / need to / should…" is an instruction, not a
  // restatement, and stays out.
  paraphrase: [
    "so if i understand (?:you )?(?:correctly|right)",
    "if i understand (?:you )?(?:correctly|right)",
    "if i(?:['’]m| am) (?:hearing|understanding|reading) (?:you|this|that|it) (?:correctly|right)",
    "so what you(?:['’]re| are) (?:saying|telling me|asking)",
    "what i(?:['’]m| am) hearing (?:is|from you)",
    "what i hear (?:is|from you|you saying)",
    "i hear you saying",
    // CUE-PARAPHRASE-5: "I hear you are not feeling your best", "I take it you two were close?".
    "i hear (?:that )?you(?:['’]re| are| have|['’]ve| feel| felt| need| want| were| had| didn['’]t| don['’]t| can['’]t| lost| got)",
    "i take it (?:that )?(?:you|your)",
    "just to (?:confirm|make sure|check)(?: i(?:['’]ve| have) got (?:this|it| that)(?: right)?)?,? (?:you|your|the)",
    "(?:just )?to make sure i(?:['’]ve| have) got (?:this|it|that)",
    "(?:just )?to (?:make|be) sure i (?:understand|follow|get (?:this|it|that))",
    "let me see if i(?: understand|(?:['’]ve| have)? got (?:this|it|that)| follow)",
    "if i(?:['’]ve| have) got (?:this|it|that) right",
    "let me make sure i understand",
    "let me (?:repeat|recap|summari[sz]e)",
    "to (?:recap|summari[sz]e|sum up)",
    "just so i(?:['’]m| am) clear",
    "correct me if i(?:['’]m| am) wrong",
    SO_START +
      "so,? (?:you(?:['’]re| are)|you(?:['’]ve| have)) (?:saying|telling me|seeing|feeling|looking for|trying to|asking)",
    SO_START + "so,? you were",
    // "So you're aware, …", "So you're not left waiting, I'll call at 3": the reason for what follows.
    SO_START +
      "so,? you(?:['’]re| are)(?! (?:all set|welcome|good to go|able to|going to need|free to|sure|aware|covered|not (?:left|charged|billed|stuck|out|waiting|caught|paying|overcharged|surprised))\\b)" +
      NOT_PURPOSE,
    SO_START +
      "so,? you (?:feel|felt|think|thought|want|wanted|mean|meant|tried|lost|got|went|had|did|didn['’]t|haven['’]t|hadn['’]t|can['’]t|cannot|couldn['’]t|could not|never|still|only|already|received|ordered|paid|were charged|noticed|saw|called)",
    // "So you don't have to wait, I'll email it" / "So you don't lose it, back it up first." is a
    // purpose; "So you don't have the receipt?" restates.
    SO_START +
      "so,? you don['’]t(?! (?:have to|need to|lose|miss|forget|pay|get charged|end up|waste)[^.?!\\n]*(?:[.!\\n]|$))" +
      NOT_PURPOSE,
    SO_START +
      "so,? you(?:['’]ve| have) (?:been|had|tried|not|never|already|received|lost|got|spoken|called|waited|paid|ordered)",
    SO_START +
      "so,? (?:it(?:['’]s| is| was| has) been|your \\w+ (?:is|are|was|were|has|have|had|did|didn['’]t|hasn['’]t|isn['’]t|wasn['’]t))",
    "(?:it )?sounds (?:to me )?(?:like|as if|as though|that) you(?:['’]re| are| have|['’]ve| feel| felt| want| need| were| had| did| didn['’]t| don['’]t| can['’]t| aren['’]t| weren['’]t| haven['’]t| hadn['’]t| lost| got| tried| went| think| thought)" +
      NOT_AWAY,
    "(?:it )?sounds (?:to me )?(?:like|as if|as though|that) your (?:\\w+ )?(?:is|are|was|were|has|have|had)",
    "it seems (?:to me )?(?:like |that |as if |as though )?you(?:['’]re| are| have|['’]ve| feel| felt| want| need| were| had| didn['’]t| don['’]t| can['’]t| aren['’]t)" +
      NOT_AWAY,
    "you(?:['’]re| are) (?:feeling|saying|telling me) (?:that|like)",
    "you mentioned (?:that|your|the)",
    // "I understand that you want to reset the password" restates the request (CUE-EMPATHY-3).
    `i understand(?: that)? you ${REQUEST}`,
    "in other words",
    "you(?:['’]re| are) saying that",
    "am i right (?:in thinking|that)",
    "(?:is|was) (?:that|this) (?:right|correct|accurate)(?=\\s*[?])",
    "(?:do|did) i (?:have|get|understand) (?:that|this|it|you|everything) (?:right|correctly)",
    "have i (?:got|understood) (?:that|this|it|you|everything) (?:right|correctly)",
    "does (?:that|this) sound (?:about )?(?:right|accurate|correct)",
    "is (?:that|this) what you(?:['’]re| are) (?:saying|asking|looking for|after)",
    "is (?:that|this) what you mean(?:t)?",
  ],
  thanks: ["thank you", "thanks", "thx", "many thanks", "appreciate (?:it|that|you|your)", "grateful"],
  nextStep: [
    // Done for the customer ("I've removed it now") or about to be (CUE-NEXT-1).
    // Not a reminder of what was done before ("I've already sent you the link", "I sent it
    // yesterday"): that tells the customer nothing new will happen.
    `i(?:['’]ve| have) (?:just |now |also |gone ahead and )?(?:issued|processed|sent|refunded|escalated|booked|scheduled|reset|updated|credited|cancelled|canceled|arranged|raised|reissued|replaced|ordered|fixed|applied|created|removed|deleted|corrected|unlocked|reactivated|resent|rebooked|waived|reversed|restored|transferred|added|moved(?= (?:it|your|the|this|that|them|you)\\b)|merged|activated|deactivated|enabled|disabled|upgraded|downgraded|changed|extended|renewed|submitted|requested|forwarded|linked|released|locked|blocked|frozen|reopened|opened|flagged)${NOT_BEFORE}`,
    // "I just submitted the request", "I just transferred your library".
    `i (?:just|now) (?:issued|processed|sent|refunded|escalated|booked|scheduled|reset|updated|credited|cancelled|canceled|arranged|raised|reissued|replaced|ordered|fixed|applied|created|removed|deleted|corrected|unlocked|reactivated|resent|rebooked|waived|reversed|restored|transferred|added|moved(?= (?:it|your|the|this|that|them|you)\\b)|merged|activated|deactivated|enabled|disabled|upgraded|downgraded|changed|extended|renewed|submitted|requested|forwarded|linked|released|locked|blocked|frozen|reopened|opened|flagged)${NOT_BEFORE}`,
    // A hand-over the customer can count on: "I've let my manager know, they will give you a call".
    "i(?:['’]ve| have)? (?:just |now |already )?(?:let|told|notified|informed|alerted) (?:my|the|our) (?:manager|supervisor|team lead|team|colleagues?|specialists?|billing team|tech(?:nical)? team|warehouse)",
    "(?:they|he|she|my manager|the manager|my supervisor|our team|the team|a specialist|a technician|an engineer|the courier)(?:['’]ll| will) (?:call|ring|phone|email|contact|text|get back to|reach out to|be in touch with|give you a call|send you|visit)",
    "i(?:['’]ll| will) (?:now )?(?:issue|process|send|refund|call|email|book|schedule|reset|update|credit|cancel|arrange|raise|reissue|replace|order|fix|apply|follow up|get back|check in|text|ring|set up|ship|create|remove|delete|correct|unlock|reactivate|resend|rebook|waive|reverse|restore|transfer|add|move(?= (?:it|your|the|this|that|them|you)\\b)|merge|activate|deactivate|enable|disable|upgrade|downgrade|change|extend|renew|submit|escalate|request|forward|link|release)",
    "(?:we(?:['’]re| are)|i(?:['’]m| am)) (?:now |just )?(?:sending|shipping|refunding|issuing|processing|replacing|transferring|passing|bringing in|connecting|escalating|booking|arranging)",
    "(?:the )?next step is",
    "here(?:['’]s| is) what (?:i(?:['’]ll| will)|we(?:['’]ll| will)|happens next)",
    "you(?:['’]ll| will) (?:receive|get|see) (?:a|an|the|your|it)",
    "(?:it|the (?:refund|replacement|parcel|package|order|credit|technician|engineer)) (?:will|should) (?:arrive|be (?:there|with you|delivered|credited|processed|back))",
  ],
  hold: [
    "let me (?:check|look|see|find|pull up|verify|investigate|dig)",
    "one (?:moment|sec(?:ond)?|minute)",
    "bear with me",
    "give me (?:a|one|two|a few|five) (?:moment|sec(?:ond)?s?|minutes?)",
    "please hold",
    "hold on",
    "i(?:['’]ll| will) (?:look into|check on|check with)",
    "(?:checking|looking into) (?:this|that|it) now",
  ],
  holdNarration: [
    "i(?:['’]m| am) (?:still )?(?:looking|checking|going through|working on|reviewing|waiting on|on the phone with)",
    "still (?:working on|checking|looking)",
    "i can see (?:your|the|that)",
    "almost (?:there|done)",
    "(?:quick|short) update",
    "thanks for (?:waiting|holding|your patience)",
    "nearly (?:there|done)",
  ],
  beyondAuthority: [
    `i(?:${APOS}m| am) not (?:authori[sz]ed|allowed|able|permitted) to`,
    `i (?:can${APOS}?t|cannot) (?:approve|authori[sz]e|override|make (?:an )?exception|waive)`,
    "(?:above|beyond) my (?:pay ?grade|authority|level)",
    "(?:outside|beyond) (?:of )?what i can",
    `i don${APOS}?t have (?:the )?(?:authority|permission|access) to`,
    "only (?:a|my) (?:manager|supervisor|team lead) can",
    "needs? (?:manager|supervisor) approval",
  ],
  // The agent asking the customer for a detail, with or without a question mark (chat lines are
  // often sent without one: "May I know which device you have", "We would need the invoice,
  // please"). A pattern that names what is asked ends at "your"/"the", before the thing asked for
  // (CUE-REDUNDANT-1 reads the word after it); every match is a request the customer's next
  // message answers (CUE-REPEAT-5).
  askForDetail: [
    "(?:can|could|would|will) you (?:please |kindly )?(?:give|provide|send|tell|share|confirm|type|write|specify|indicate|describe|spell|attach|upload|forward|let (?:me|us) know)(?: (?:me|us))?(?: with)?(?: again)?(?: (?:your|the))?",
    "would you (?:be so kind|mind)(?: as)?(?: to| on| in)? (?:giv|provid|send|tell|shar|confirm|typ|writ|specif|indicat|describ|spell|attach|upload|forward)\\w*(?: (?:me|us))?(?: with)?(?: (?:your|the))?",
    "what(?:['’]s| is| are| was) (?:your|the)",
    "(?:may|can|could) i (?:please )?(?:have|get|take|know|ask|see|check|confirm|verify)(?: (?:for|you for))?(?: (?:your|the))?",
    "(?:please|kindly),? (?:provide|send|confirm|share|tell|give|type|write|specify|indicate|describe|spell|attach|upload|forward)(?: (?:me|us))?(?: with)?(?: (?:your|the))?",
    "(?:please|kindly),? let (?:me|us) know (?:your|the|which|what|when|where|how|whether)",
    "(?:i|we)(?:['’]ll| will| would|['’]d)? (?:need|require) (?:your|the|you to (?:send|provide|confirm|tell|share|give|type|write|attach|upload))",
    "i(?:['’]d| would) like to (?:know|ask|confirm|check) (?:your|the|which|what|when|where|how|if|whether)",
    "(?:tell|send|give|show) (?:me|us) (?:your|the|which|what|when|where|how|if|whether)",
  ],
  // Work the agent hands to the customer: details to dig out, steps to try, forms to fill
  // (RISK-3: customer effort is a strong driver of giving up).
  customerEffort: [
    "(?:can|could|would) you (?:please )?(?:give|provide|send|tell|share|confirm|type|check|try|restart|reinstall|update|verify|upload|fill|attach|forward|go to|open|log (?:in|out)|sign (?:in|out)|clear|reset|make sure|take a (?:photo|picture|screenshot))",
    "please (?:provide|send|confirm|share|check|try|restart|reinstall|update|verify|upload|fill|attach|forward|go to|open|log (?:in|out)|sign (?:in|out)|clear|reset|make sure|follow|click|tap|select|enter|contact|call|visit|fill out|complete)",
    "you(?:['’]ll| will)? (?:need|have) to (?:provide|send|confirm|contact|call|visit|fill|complete|go|log|sign|create|reinstall|restart|reset|wait|return|print|take|bring|submit|register)",
    "(?:first|then|next|after that),? (?:go to|click|tap|select|open|enter|restart|log|sign)",
    "(?:may|can) i (?:have|get|take|ask for) (?:your|the)",
    "i(?:['’]ll| will) need (?:your|the|you to)",
  ],
  closing: [
    "have a (?:great|good|nice|lovely|wonderful) (?:day|evening|weekend|night|one)",
    "goodbye",
    "bye for now",
    "take care",
    "thanks for (?:contacting|reaching out to|chatting with) us",
    "(?:i(?:['’]ll| will)|going to) close (?:this|the) (?:chat|ticket|case)",
    "closing (?:this|the) (?:chat|ticket|case)",
  ],
  confirmNeed: [
    "anything else (?:i can|we can)",
    "is there anything else",
    "(?:did|does|has) (?:that|this) (?:solve|fix|help|answer|resolve|sort)",
    "(?:have|did) i (?:answered|answer|solved|resolved|covered)",
    "is (?:that|everything) (?:clear|sorted|resolved|working)",
    "are you (?:all )?(?:set|happy with)",
    "(?:was|is) (?:your|the) (?:issue|problem|question) (?:resolved|sorted|answered)",
  ],
  formalRegister: [
    "dear (?:sir|madam|customer)",
    "we regret to inform",
    "as per (?:our|the) (?:policy|terms)",
    "kindly be advised",
    "please be advised",
    "pursuant to",
    "hereby",
    "the undersigned",
    "in accordance with",
    "we are unable to accede",
  ],
  casualRegister: [
    "lol",
    "lmao",
    "dude",
    "bro",
    "mate",
    "chill",
    "no biggie",
    "whatevs",
    "haha+",
    "ya know",
    "gonna",
    "wanna",
    "nope",
  ],
  policyCite: [
    "(?:our|the|company) policy (?:is|says|states|doesn|does not|won)",
    "(?:per|under) (?:our|the) policy",
    "(?:it|that)(?:['’]s| is) (?:against|not within) (?:our|the) (?:policy|rules)",
    "(?:the )?terms and conditions (?:say|state)",
  ],
  frustration: [
    "frustrat(?:ed|ing|ion)",
    "annoy(?:ed|ing)",
    "irritat(?:ed|ing)",
    "ridiculous",
    "unacceptable",
    "absurd",
    "insane",
    "unbelievable",
    "fed up",
    "(?:sick|tired) (?:of|and tired)",
    "(?:i(?:['’]ve| have) )?had enough",
    "enough is enough",
    "at my wits['’]? end",
    "(?:this|it|that) is (?:a )?joke",
    "what a joke",
    "(?:a|an absolute|a complete|a total) (?:joke|disgrace|shambles|farce|mess)",
    "(?:still|yet again) (?:not|no|nothing|waiting|broken|missing|wrong|the same|have no|haven['’]?t|hasn['’]?t|isn['’]?t|doesn['’]?t|don['’]?t|can['’]?t|didn['’]?t|won['’]?t|nobody|no one)",
    "(?:not|never) (?:again|once)",
    "(?:happened|happening|broke|broken|failed|charged|wrong|late|down|stopped|cancelled|canceled|same (?:thing|problem|issue)) again",
    "(?:once|yet) again",
    // "Broken again?", "Can you check again?" are exasperation; "Do I have to sign in again?", "Can
    // I download it again?" ask how to proceed, "Come again?", "Can you explain that again?" are lost,
    // "Will this problem happen again?" worries about the future.
    "again\\?(?<!\\b(?:(?:do|did|should|shall|must|may|can|could) (?:i|we)|do you want me to|how (?:do|can|should) (?:i|we)|(?:i|we) (?:have|need) to|come|(?:explain|say|repeat) (?:that|this|it)|(?:will|would|could|might|can) (?:this|it|that|the)|(?:is|are) (?:this|it|that|the)[^.!?\\n]* going to)\\b[^.!?\\n]*again\\?)",
    "again!",
    "how (?:hard|difficult) (?:can|is) it",
    "why (?:is|does) (?:it|this|everything) (?:so (?:hard|difficult|complicated)|take so long)",
    "(?:takes?|taking|took) (?:so|too|this|that) long",
    "way too long",
    "seriously\\?",
    "are you (?:kidding|joking|serious)",
    "you(?:['’]ve| have) got to be kidding",
    "(?:third|fourth|fifth|sixth|3rd|4th|5th|6th|nth|umpteenth|several|multiple|countless|many) times?",
    "how many (?:more )?times",
    "waste of (?:my )?(?:time|money)",
    "wasting my time",
    "not good enough",
    "not (?:happy|satisfied|pleased|okay|ok) (?:with|about|at all)",
    "(?:very|really|extremely|so|deeply|totally|completely) (?:unhappy|upset|annoyed|disappointed|dissatisfied|frustrated|let down)",
    "unhappy",
    "dissatisfied",
    "disappoint(?:ed|ing|ment)",
    "let down",
    "upset",
    // CUE-FRUST-3: asking how to complain, or for the complaints book (Portugal's and
    // Brazil's "livro de reclamações"), and saying one's displeasure (MAIA-DQE train lines).
    "(?:make|making|file|filing|lodge|raise|address|submit|register|put in|fill in|hold) (?:a |an |the )?(?:formal |official )?complaints?(?: book)?",
    "complaints? book",
    "(?:my |deep |great |strong )displeasure",
    // The agent did not answer what was asked ("Did not answer me", "Could you answer my question?");
    // not a question about something ("can you answer my question about returns").
    "(?:did(?:n['’]t| not)|have(?:n['’]t| not)|has(?:n['’]t| not)|never) (?:answer(?:ed)?|read) (?:me|my (?:question|message))",
    "(?:answer|read) my question(?! (?:about|regarding|on|re|for)\\b)",
    "(?:this|that) makes no difference",
    "(?:nobody|no one|no-one) (?:helps|cares|listens|answers|responds|replies|reads|seems|bothers|bothered|ever|can|could|is|has|will|got back|gets back|called|calls|knows)",
    "no (?:help|answer|reply|response|solution) (?:at all|whatsoever|from you|from anyone)",
    "never (?:got|gotten|received|heard back|had (?:a|any) (?:reply|response|answer))",
    "every (?:single )?time",
    "(?:always|keeps?) (?:the same|happening|getting worse|breaking|failing)",
    "(?:waited|waiting|been waiting) (?:for )?(?:over |more than |almost |nearly )?(?:(?:a|an|one|two|three|four|five|six|several|many|\\d+) )?(?:hours|days|weeks|months|ages|forever)",
    "(?:days|weeks|months) (?:now|later|and still|and nothing|without)",
    "(?:what|why) (?:the (?:hell|heck|fuck)|on earth)",
    "(?:terrible|horrible|awful|poor|bad|lousy|useless|appalling) (?:service|support|experience|customer service|company|communication)",
    "(?:this|it|that)(?:['’]s| is) (?:completely |totally |absolutely |just )?(?:useless|terrible|horrible|awful|hopeless|a mess|a nightmare)",
    "nightmare",
    "i can(?:['’]t|not) believe",
    // A brush-off ("right. whatever.") closes the customer's side of the conversation.
    "whatever(?=\\s*(?:[.!…]|$))",
  ],
  // Sarcasm reads as praise word by word; these frames count as frustration and keep the praise
  // words in the same message from counting as satisfaction (CUE-SARCASM-1).
  sarcasm: [
    "thanks for nothing",
    "(?:oh )?(?:great|wonderful|brilliant|perfect|fantastic|lovely|awesome),? (?:just|now|another|so now|thanks a lot|exactly what i needed)",
    "just (?:great|perfect|brilliant|wonderful|fantastic|lovely|what i needed)",
    "yeah,? right",
    "(?:oh )?(?:sure|right),? (?:because|like that)",
    "(?:love|loving) (?:how|that) (?:i|you|it|this) (?:have|has|keeps?|never|always|still)",
    "real(?:ly)? helpful,? (?:thanks|not)",
    "very helpful,? not",
    "(?:thanks|thank you) (?:a lot )?for (?:wasting|making|ruining|the runaround|nothing)",
    "(?:what|such) (?:great|excellent|amazing|wonderful) (?:service|support|customer service)(?:,| !|!| \\.\\.\\.)",
  ],
  anger: [
    "furious",
    "outrage(?:d|ous)",
    "livid",
    "disgust(?:ed|ing)",
    "pathetic",
    "(?:absolutely|bloody|fucking|damn) (?:useless|ridiculous|terrible|awful)",
    "fuck(?:ing)?",
    "shit(?:ty)?",
    "bullshit",
    "crap",
    "damn",
    "screw (?:you|this)",
    "worst (?:service|company|experience)",
    "angry",
    "pissed(?: off)?",
    "scam(?:med|mers)?",
    "rip-off",
    "ripoff",
    "appalling",
    "atrocious",
    "fuming",
    "incompeten(?:t|ce)",
    "disgrace(?:ful)?",
    "shameful",
    "(?:daylight )?robbery",
    "(?:thieves|thief|stealing my money|crooks)",
    "(?:freaking|frigging|friggin|effing) (?:ridiculous|useless|joke|terrible|awful|annoying)",
    "i(?:['’]m| am) (?:so |very |really |extremely |absolutely )?(?:mad|furious|livid|outraged|enraged)",
    "hate (?:this|you|your|that|it|dealing)",
  ],
  confusion: [
    `i don${APOS}?t (?:understand|get (?:it|this|what|why|how))`,
    "i do not understand",
    // "Sorry, I don't follow", "I'm not following", "I didn't understand": lost, not upset, and
    // not an apology (CUE-CONFUSION-1). Not "I don't follow you on Twitter".
    `i (?:don${APOS}?t|do not|didn${APOS}?t|did not) (?:quite |really |totally |fully )?follow(?=(?: you)?\\s*(?:[,.;:!?…)]|$)| (?:what|why|how|which|where)\\b)`,
    `i(?:${APOS}m| am) not following(?=(?: you)?\\s*(?:[,.;:!?…)]|$)| (?:what|why|how)\\b)`,
    "not (?:sure|certain) (?:that )?i (?:follow|understand|get (?:it|that|this|you))",
    `i (?:didn${APOS}?t|did not) (?:quite |really |fully )?(?:understand|get (?:it|that|this|what|why|how|you))`,
    "(?:what|how) (?:exactly )?(?:do|did) (?:you|they) mean",
    "do you mean (?:i|we|that|the|my|this|it|you)\\b",
    "what is meant",
    "(?:sorry|pardon),? (?:what|come again)\\s*\\?",
    "come again\\s*\\?",
    "explain (?:that|this|it) again",
    "(?:can|could) you (?:please )?(?:say|repeat) (?:that|this|it) again",
    "confus(?:ed|ing)",
    "makes no sense",
    "(?:doesn['’]?t|does not) make sense",
    "not sure what (?:you mean|that means|to do)",
    "lost me",
    "which one",
    "how do i",
    "what does (?:that|this|it|(?:the |this |that )?[\\w'’-]+(?: [\\w'’-]+)?) mean",
    "i(?:['’]m| am) lost",
  ],
  satisfaction: [
    "thank you so much",
    "thanks so much",
    "that (?:worked|helps|helped|fixed it|did it|did the trick)",
    "(?:it|everything)(?:['’]s| is) working (?:now|again)",
    "perfect",
    "great,? thanks",
    "awesome",
    "brilliant",
    "excellent",
    "much appreciated",
    "you(?:['’]ve| have) been (?:very |so |really )?helpful",
    "problem solved",
    "all (?:good|sorted|set)",
    "(?:that(?:['’]s| is)|sounds) (?:great|good|fine|perfect)",
    "i(?:['’]m| am) happy",
    "relieved",
  ],
  anxiety: [
    "worried",
    "nervous",
    "scared",
    "anxious",
    "panick(?:ing|ed)",
    "urgent(?:ly)?",
    "desperate",
    "i need (?:it|this) (?:today|by|before|now)",
    // CUE-ANXIETY-2: "what if it doesn't arrive?" is worry; "what if I ask really nicely?", "what if I
    // order a second one?" is the customer proposing something (an ABCD customer's line).
    "what if(?! (?:i|we) (?:just |really )?(?:ask|asked|try|tried|pay|paid|order|ordered|buy|bought|use|used|call|called|come|came|go|went|send|sent|change|changed|pick|picked|upgrade|switch|add|wait|waited|return|returned)\\b)",
    "(?:afraid|fear) (?:that|of)",
  ],
  repetition: [
    "i already (?:told|said|explained|gave|sent|did|tried)",
    // "I just told you", not what was just done ("I just did", "I just tried to pay by card", "I
    // just sent the screenshot"): that answers the agent (CUE-REPEAT-1).
    "i just (?:told you|said (?:that|this|it|so)|explained)",
    "as i (?:already )?(?:said|told you|explained|mentioned)",
    "like i (?:said|told you)",
    `i${APOS}ve (?:already )?(?:said|told you|explained) (?:this|that|it)`,
    "(?:how many|for the) (?:times|third time|second time|fourth time)",
    "(?:again|once more),? (?:my|the|it)",
    "are you (?:even )?(?:reading|listening)",
    "i keep (?:telling|saying|repeating)",
    "read my (?:previous |last |earlier )?message",
    "scroll up",
    "(?:asked|told|said|explained|called|contacted|written|wrote|emailed|messaged|sent) (?:you |them |this |it |that )?(?:twice|three times|several times|multiple times|many times|countless times|numerous times|repeatedly|over and over|again and again)",
    "(?:for|this is) the (?:second|third|fourth|fifth|nth|umpteenth) time",
    "(?:again and again|over and over(?: again)?)",
    "i(?:['’]ve| have) (?:already )?(?:explained|told you|said|sent|given|provided) (?:this|that|it|you)",
    "(?:as|like) i (?:wrote|mentioned|explained|said) (?:before|earlier|previously|already|in my)",
    "you keep (?:asking|saying|telling)",
    // CUE-REPEAT-6: telling the agent they got it wrong, or asking them to try again, is asking
    // again for what was asked ("No, that's wrong", "that's not what I asked for", "can you check
    // again?"); not a polite decline ("no, not right now") nor one's own next try ("I'll try again").
    "(?:no|nope)[,.!]? (?:(?:that|this|it)(?:['’]s| is| was) )?(?:wrong|incorrect|not (?:right|correct|quite right)(?! (?:now|away|at|this|yet|today|then)\\b))",
    "you(?:['’]ve| have)? got (?:it|that|this|me|my \\w+) wrong",
    "(?:that|this|it)(?:['’]s| is| was) not what i (?:asked|wanted|want|was (?:asking|looking) for|need(?:ed)?|meant|said|requested)",
    "not what i (?:asked|was asking) for",
    "(?:can|could|would|will) you (?:please )?(?:try|check|look|search)(?: (?:it|that|this|for (?:it|that|me)))? again(?! later)",
    "please (?:check|look|search)(?: (?:it|that|this))? again",
    "(?:let['’]?s|let us|nope,?|no,?) try (?:it )?again(?! later)",
  ],
  waiting: [
    "still waiting",
    "hello\\?",
    "are you (?:still )?there",
    "anyone there",
    "is anyone",
    "(?:been|was) waiting (?:for )?(?:over |more than |almost )?(?:(?:a|an|one|two|three|four|five|six|\\d+) )?(?:ages|hours|days|weeks|months|forever)",
    // Not a question about a policy's length ("how long do I have to return it?", "how long is
    // the warranty?", "how long does the trial last?"): nobody is waiting (CUE-WAIT-1).
    "how (?:much )?long(?:er)? (?:will|do|does|is|am)(?! (?:i|we|you) (?:have|get|got)(?! to (?:wait|keep|sit|hang on|hold|put up|chase)\\b)(?: (?:to|for|left|until|till|before)\\b|\\s*[?.!]|$)| (?:(?:the|your|my|a|this|that|its?) )?(?:warranty|guarantee|return|refund period|exchange|trial|free trial|cooling[- ]off|grace|subscription|membership|contract|policy|coverage|period|window|deadline|code|voucher|coupon|gift card|offer|discount|promotion|link|label)\\b| (?:it|(?:the|this|that|my|your) \\w+) (?:last|valid|good for|stay valid|remain valid|stay active|cover)\\b)",
    "waited (?:for )?(?:ages|hours|days|weeks|\\d+)",
    "on hold for",
    "no (?:one|body) (?:has )?(?:got|gotten|come|called|replied|answered) back",
    "no (?:reply|response|answer) (?:yet|for)",
  ],
  churnThreat: [
    // Not a question about cancelling ("if I cancel my subscription, can I still…", "how do I cancel
    // my plan", "make sure I can cancel my plan"): asking how or what happens is no threat. Nor
    // cancelling an order ("can I cancel my order?"): that is a purchase, not leaving. Nor asking
    // whether they can ("can I cancel my subscription?"), as "how do I cancel" is not; asking us to
    // do it is ("can you cancel my account?") (CUE-CHURN-1).
    "(?<!\\b(?:(?:if|when|once|until|till|after|before|whether)(?: (?:i|we))?|how (?:do|can|could|would|should) (?:i|we)|how to|(?:i|we) (?:can|could)|(?:can|could|may) (?:i|we)(?: still| also| just)?|able to|possible to|way to|option to|allowed to) )cancel (?:my|the|our) (?:account|subscription|contract|membership|plan|service)(?! later\\b)",
    "close (?:my|our) account",
    "(?:switch|switching|move|moving|go|going) (?:over )?to (?:a )?(?:competitor|another (?:provider|company|bank|carrier))",
    "take (?:my|our) (?:business|money|custom) elsewhere",
    `(?:never|won${APOS}?t) (?:be )?(?:buying|ordering|shopping|using you|coming back)`,
    "never (?:again|use you)",
    "leaving (?:you|for)",
    "i(?:['’]m| am) done with (?:you|this company|your)",
    "find (?:a|another) (?:provider|company|bank)",
  ],
  legalThreat: [
    "lawyer",
    "attorney",
    "solicitor",
    "legal action",
    "sue (?:you|your|the|this|them)",
    "suing",
    "small claims",
    "(?:take|taking) (?:you|this) to court",
    "consumer (?:protection|rights|ombudsman)",
    "ombudsman",
    "trading standards",
    "better business bureau",
    "report (?:you|this|your company) to",
    "(?:chargeback|dispute) with my bank",
    "regulator",
  ],
  asksManager: [
    "(?:speak|talk|chat) (?:to|with) (?:a|your|the|someone(?: more)?|somebody) (?:manager|supervisor|boss|senior|superior|team lead(?:er)?|in charge)",
    "(?:speak|talk|chat) (?:to|with) (?:someone|somebody) (?:else|who (?:knows|can|actually))",
    "(?:get|put|bring|transfer|escalate) (?:me )?(?:to )?(?:a|your|the) (?:manager|supervisor|boss|team lead(?:er)?)",
    "(?:can|could|may) i (?:have|get|see|speak to) (?:a|your|the) (?:manager|supervisor|boss)",
    "(?:put|transfer|connect) me (?:through )?to (?:a|your|the) (?:manager|supervisor|boss|team lead(?:er)?)",
    "(?:i )?asked (?:for|to speak to|to talk to) (?:a|your|the) (?:manager|supervisor)",
    "i (?:want|need|demand|would like)(?: to (?:speak|talk) (?:to|with))? (?:a|your|the) (?:manager|supervisor|boss)",
    "(?:escalate|escalating) (?:this|my (?:case|complaint|issue))",
    "(?:is there )?(?:someone|somebody|anyone) (?:more senior|in charge|with (?:more )?authority|who (?:actually )?knows)",
    "(?:someone|somebody) else,? please",
    "let me (?:speak|talk) to (?:someone|somebody) (?:else|who)",
    "who(?:['’]s| is) your (?:manager|supervisor|boss)",
  ],
  personalAttack: [
    "you(?:['’]re| are) (?:so |completely |totally |absolutely |clearly |just )?(?:useless|incompetent|clueless|an idiot|stupid|hopeless|rude|a joke|worthless|pathetic|terrible at|the worst)",
    "you (?:clearly )?(?:don['’]?t|do not) know what you(?:['’]re| are) (?:doing|talking about)",
    "are you (?:stupid|an idiot|kidding me|serious|new here|a bot|even trained)",
    "(?:do|can) you even (?:read|understand|listen)",
    "(?:useless|incompetent|clueless) (?:agent|person|rep|employee)",
    "who trained you",
    "you people (?:are|never)",
    "learn to (?:read|do your job)",
    "do your (?:damn |bloody )?job",
    "you(?:['’]re| are) not listening",
    "idiot",
    "moron",
  ],
  safetyThreat: [
    "i(?:['’]ll| will| am going to|['’]m going to|['’]m gonna| am gonna) (?:hurt|kill|find|get|beat|shoot|stab) (?:you|someone|somebody|them|him|her|myself|everyone|your)",
    "i(?:['’]ll| will| am going to|['’]m going to|['’]m gonna| am gonna) come (?:down )?(?:there|to your (?:office|store|shop|house|home))",
    "kill (?:you|myself|someone|them|everyone)",
    "hurt (?:you|myself|someone|them|your staff)",
    "end (?:my life|it all)",
    "(?:suicid(?:e|al)|self[- ]harm)",
    "(?:a|the) bomb",
    "bomb threat",
    "(?:bring|have|got|carrying) a (?:gun|knife|weapon)",
    "you(?:['’]ll| will) (?:regret|pay for) (?:this|it)",
    "(?:watch|better watch) your back",
    "i know where you (?:live|work)",
    "(?:don['’]?t|do not) want to (?:live|be alive)",
  ],
  securityRisk: [
    "(?:account|email|card|phone|profile) (?:was |has been |got |is |were )?(?:hacked|compromised|stolen|breached|taken over)",
    "(?:been|was|got|were|i(?:['’]ve| have) been) hacked",
    "hacked (?:my|into)",
    "someone (?:else )?(?:logged|got|broke) into my",
    "identity theft",
    "stole my (?:identity|card|details|money|account|password)",
    "(?:unauthori[sz]ed|fraudulent) (?:charges?|transactions?|payments?|access|log-?ins?|purchases?)",
    "(?:i )?(?:didn['’]?t|did not) (?:make|authori[sz]e) (?:this|these|that|those) (?:payments?|charges?|purchases?|transactions?)",
    "phishing",
    "scam (?:call|text|email)",
    "fraud (?:alert|on my (?:card|account))",
    "password (?:was )?(?:changed|reset) (?:without|and i didn)",
  ],
  languageBarrier: [
    "(?:english|german|spanish|french) is not my (?:first|native) language",
    "my english (?:is|isn['’]?t)",
    "sorry (?:for )?my (?:bad |poor )?english",
    "(?:speak|write) (?:slower|more simply|simple)",
    "(?:i )?not understand",
    "please explain (?:again|simpler|simply)",
    "what is (?:meaning|mean)",
    "in simple words",
    "can you translate",
  ],
  unclearExpectations: [
    "that(?:['’]s| is) not what i (?:asked|meant|wanted|ordered|need)",
    "i (?:was told|expected|thought (?:it|you|i) would|assumed)",
    "(?:you|they|the (?:website|ad|salesman|sales rep|rep)) (?:promised|said (?:it|i|you) would)",
    "(?:the )?(?:website|ad|advert|listing|description|brochure) (?:said|says|stated|shows)",
    "(?:supposed|meant) to (?:be|have|arrive|come|include)",
    "i just want(?:ed)? (?:to know|it to)",
    "why didn['’]?t anyone tell me",
  ],
  policyDispute: [
    "(?:your|this|that|the) policy is (?:ridiculous|unfair|stupid|absurd|wrong|a joke|insane)",
    "(?:unfair|ridiculous|stupid|absurd) (?:policy|rule|fee|charge)",
    `i don${APOS}?t care (?:about|what) (?:your|the) (?:policy|rules|terms)`,
    "(?:that|this) (?:policy|rule) (?:makes no sense|is not fair|isn['’]?t fair)",
    "nobody told me about (?:the|this|that) (?:policy|rule|fee|restocking)",
    "hidden (?:fee|charge|terms)",
    "restocking fee",
    "(?:make|making) an exception",
  ],
  billingError: [
    "(?:charged|billed) (?:me )?(?:twice|two times|double|again|the wrong amount|too much|for something)",
    "double[- ]?(?:charged|billed|charge)",
    "over[- ]?charged",
    "wrong (?:amount|charge|price|invoice|bill)",
    "(?:refund|credit) (?:hasn['’]?t|has not|never|still hasn['’]?t|didn['’]?t) (?:arrived|come|shown|appeared|gone through)",
    "(?:still )?(?:haven['’]?t|have not|never) (?:received|got|gotten) (?:my|the) (?:refund|credit|money back)",
    "charge (?:i|that i) (?:don['’]?t|do not) recogni[sz]e",
    "(?:invoice|bill|statement) (?:is|shows|says) (?:wrong|incorrect)",
    "(?:extra|unexpected|duplicate) charge",
    "(?:bill|invoice) (?:has )?(?:doubled|gone up|went up|tripled)",
    "taken (?:money|payment) (?:twice|again)",
  ],
  systemMalfunction: [
    "(?:app|website|site|page|portal|system|checkout|login|device|router|printer|machine|internet|connection|wi-?fi|broadband|service|network|phone|it) (?:keeps |is |just |has been |was |went )?(?:crash(?:es|ing|ed)?|freez(?:es|ing)|froze|down|broken|not working|won['’]?t (?:load|open|work|connect|start)|doesn['’]?t (?:load|work|open)|stopped working|hangs|logging me out|logs me out)",
    "keeps? (?:crashing|freezing|logging me out|kicking me out|disconnecting|dropping|failing)",
    "error (?:message|code|\\d+)",
    "(?:won['’]?t|doesn['’]?t|will not|does not|can['’]?t|cannot) (?:load|login|log in|sign ?in|connect|open|sync|update|install|save|work)",
    "(?:blank|white|black) screen",
    "(?:slow|stuck) (?:loading|on (?:the )?(?:loading|spinning))",
    "outage",
    "(?:a )?bug",
    "glitch",
    "(?:payment|checkout|upload|download|transfer) (?:fails|failed|failing|keeps failing)",
  ],
};
