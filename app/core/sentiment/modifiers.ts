/**
 * Words that change other words instead of carrying a weight of their own: negators, intensifiers and
 * downtoners, contrast and concession markers. Our own lists and strengths.
 */

/** Flip the next sentiment words (within NEGATION_WINDOW words, never past a comma or "but"). */
export const NEGATORS = "not no never none nobody neither nor nowhere without rarely seldom non zero least";

/** Negate praise ("barely edible") but only soften a complaint ("barely lukewarm" is still bad). */
export const WEAK_NEGATORS = "hardly barely scarcely";

/** Negators that carry a weight of their own when there is nothing after them to negate ("it's lacking"). */
export const WEIGHTED_NEGATORS: Record<string, number> = {
  lack: -1.5,
  lacks: -1.5,
  lacked: -1.5,
  lacking: -2,
  fail: -2,
  fails: -2,
  failed: -2,
  failing: -1.5,
  refuse: -1.5,
  refused: -2,
  refuses: -2,
  unable: -1.5,
  // "avoid this place" warns; "avoid any damage" protects, so what follows is negated.
  avoid: -3,
  // "I doubt I'll be back".
  doubt: -1,
  // "nothing happens", "it did nothing": in a review, nothing is a let-down.
  nothing: -1,
};

/** Scarcity: "very little flavor", "makes little sense"; on its own still a lack. */
export const WEIGHTED_NEGATOR_PHRASES: Record<string, number> = {
  "very little": -1,
  "so little": -1,
  "too little": -1.5,
  "how little": -1,
  "makes little": -1,
  "made little": -1,
  "had little": -1,
  "has little": -1,
  "with little": -0.5,
  "little to no": -1.5,
  "little or no": -1.5,
};

export const NEGATOR_PHRASES =
  "no longer, anything but, far from, less than, lack of, nowhere near, not even close to, none of, to avoid, " +
  "not my idea of, struggle to find, hard to find, hard pressed to find, difficult to find";

/**
 * Unreal or past states: "would have been great", "used to be good", "was supposed to work". What follows
 * did not happen, so it counts against, but more softly than a plain negation.
 */
export const COUNTERFACTUAL_PHRASES =
  "would have, could have, should have, might have, would of, could of, should of, used to, supposed to, " +
  "if only, was hoping, were hoping, had hoped, i wish, wish it, wish they, hoping it";

/**
 * Words a negation reaches across without using up its window: "I don't think you will be disappointed",
 * "didn't laugh or even smile".
 */
export const NEGATION_TRANSPARENT =
  "think believe expect imagine suppose guess feel be been being is was are were am it the a an " +
  "you i we they he she will would or even any really very so too at all to get";

/** Intensifiers (> 0) and downtoners (< 0): the next sentiment word is multiplied by 1 + boost. */
export const BOOSTERS: Record<string, number> = {
  very: 0.3,
  really: 0.3,
  so: 0.3,
  extremely: 0.5,
  exceptionally: 0.5,
  incredibly: 0.5,
  unbelievably: 0.4,
  remarkably: 0.4,
  amazingly: 0.4,
  especially: 0.2,
  particularly: 0.2,
  totally: 0.3,
  completely: 0.35,
  complete: 0.35,
  total: 0.35,
  utter: 0.5,
  absolute: 0.4,
  soo: 0.3,
  absolutely: 0.4,
  utterly: 0.5,
  truly: 0.3,
  highly: 0.3,
  hugely: 0.4,
  immensely: 0.4,
  tremendously: 0.4,
  thoroughly: 0.3,
  deeply: 0.3,
  genuinely: 0.2,
  seriously: 0.3,
  most: 0.3,
  such: 0.3,
  even: 0.15,
  much: 0.3,
  far: 0.3,
  definitely: 0.2,
  certainly: 0.2,
  quite: 0.1,
  hella: 0.4,
  mega: 0.4,
  ultra: 0.4,
  super: 0.4,
  real: 0.2,
  pretty: 0,
  damn: 0.4,
  damned: 0.4,
  darn: 0.3,
  dang: 0.3,
  fucking: 0.5,
  freaking: 0.4,
  frickin: 0.4,
  // "omg so good", "omg terrible service": surprise that heightens the opinion it introduces.
  omg: 0.3,
  omfg: 0.4,
  friggin: 0.4,
  effing: 0.4,
  bloody: 0.4,
  crazy: 0.4,
  insanely: 0.5,
  ridiculously: 0.4,
  stupidly: 0.3,
  awfully: 0.3,
  terribly: 0.3,
  horribly: 0.3,
  unbearably: 0.5,
  way: 0.4,
  easily: 0,
  slightly: -0.5,
  somewhat: -0.35,
  fairly: -0.2,
  rather: -0.15,
  relatively: -0.25,
  reasonably: -0.2,
  moderately: -0.3,
  mildly: -0.4,
  marginally: -0.5,
  partially: -0.4,
  partly: -0.4,
  kinda: -0.4,
  sorta: -0.4,
  bit: -0.3,
  almost: -0.3,
  nearly: -0.2,
  mostly: -0.2,
  occasionally: -0.4,
  sometimes: -0.3,
};

/**
 * Boosters that are also sentiment words: they intensify only when a sentiment word follows ("pretty good",
 * "damn fine"); otherwise they count with their own weight ("so pretty", "damn it").
 */
export const DUAL_BOOSTERS =
  "omg omfg pretty super real damn damned darn dang fucking freaking bloody crazy insanely ridiculously stupidly awfully terribly horribly unbearably way easily";

export const BOOSTER_PHRASES: Record<string, number> = {
  "so much": 0.3,
  "very much": 0.3,
  "a lot": 0.3,
  "at all": 0.3,
  whatsoever: 0.3,
  "big time": 0.3,
  "by far": 0.3,
  "a hell of a": 0.4,
  "nothing short of": 0.4,
  "in the least": 0.2,
  // Negations that mean "as much as can be": "couldn't be more disappointed", "can't tell you how good".
  "could not be more": 0.5,
  "could not have been more": 0.5,
  "could not be any more": 0.5,
  "can not be more": 0.5,
  "could not be any": 0.5,
  "can not tell you how": 0.5,
  "can not say how": 0.4,
  "can not believe how": 0.5,
  "could not believe how": 0.5,
  "can not describe how": 0.5,
  "can not express how": 0.5,
  "never been so": 0.5,
  "never been more": 0.5,
  "one hell of a": 0.4,
  "kind of": -0.4,
  "sort of": -0.4,
  "a bit": -0.4,
  "a little": -0.4,
  "a little bit": -0.45,
  "a tad": -0.4,
  "to some extent": -0.3,
};

/** "good food but rude staff": what comes after leans harder, what came before softer. */
export const CONTRAST = "but however nevertheless nonetheless";
export const CONTRAST_PHRASES = "that said, that being said, having said that, on the other hand, then again, but overall";

/** Contrast markers that are also opinions of their own. */
export const WEIGHTED_CONTRAST: Record<string, number> = {
  unfortunately: -2,
  sadly: -1.5,
  regrettably: -2,
  fortunately: 1.5,
  luckily: 1.5,
  thankfully: 1.5,
};

/** "although the room was nice, …": the clause they open is granted, not the point. */
export const CONCESSION = "although though despite whereas whilst albeit";
export const CONCESSION_PHRASES = "even though, even if, in spite of, regardless of";

/** After a compliment, these make it a comparison the reviewed thing loses: "more fun than this". */
export const REVERSING_COMPARISONS = "than this, than these, than this one, than that one, than it, than they";

/** Size words: praise on their own, but "a great disappointment" and "a huge mistake" are big complaints. */
export const MAGNITUDE_WORDS = "great huge big real major massive enormous epic";

/** "too" and its kin make a neutral word a complaint: "too salty", "too small", "overly sweet". */
export const EXCESS = "too overly excessively";

/** After "too", these are not a quality that can be excessive ("me too", "too.", "too and"). */
export const EXCESS_SKIP =
  "a an the and or but so to of for in on at by with from as it its this that these those i me my we us our " +
  "you your he him his she her they them their is was are were be been am do did does have has had will " +
  "would can could should may might must also either well then there here if when";

/**
 * "like" is a liking only after a subject, an auxiliary or an adverb ("I like", "didn't like", "really
 * like", "going to like"); after anything else it is usually a comparison ("tastes like", "people like him").
 */
export const LIKE_SUBJECTS =
  "i we you they he she not really also truly totally actually always definitely certainly still do did " +
  "does to will kids everyone everybody who both all much personally genuinely honestly sincerely just " +
  "absolutely";

/** After "like", these make it a comparison ("like crazy", "like 20 minutes"). */
export const LIKE_NEXT_BLOCKERS = "crazy hell mad new";
