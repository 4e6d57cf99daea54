/**
 * The demo world's words, all written for Earshot: a fictional coffee house, its reviewers and a local food
 * blog. Sentences are assembled from parts so that a long demo does not repeat itself too often.
 */

export const BUSINESS = {
  name: "Hearthstone Coffee",
  slug: "hearthstone-coffee",
  query: '"Hearthstone Coffee" OR hearthstone',
  address: "12 Quarry Lane, Millbrook",
};

export const REVIEWERS = [
  "Amara K.", "Ben T.", "Carla M.", "Dev P.", "Elif S.", "Finn O.", "Greta L.", "Hiro N.", "Ines V.", "Jonas W.",
  "Kemi A.", "Lars B.", "Maya R.", "Noor H.", "Oscar D.", "Priya G.", "Quinn F.", "Rosa E.", "Sami J.", "Tomasz C.",
  "Uma I.", "Viktor Z.", "Wen Y.", "Ximena Q.", "Yusuf U.", "Zoe X.",
];

export const BLOG_AUTHORS = ["Millbrook Eats", "The Quarry Lane Ledger", "Weekend Crumbs", "Commuter Cup"];

const OPENERS_POSITIVE = [
  "Lovely little spot.",
  "My new favourite place for breakfast.",
  "Came in on a rainy Tuesday and left in a great mood.",
  "Absolutely worth the detour.",
  "Friendly faces every single time.",
];
const BODIES_POSITIVE = [
  "The flat white was smooth and the cardamom bun was still warm.",
  "Staff remembered my order and the oat latte was perfect.",
  "Great sourdough toast, generous portions and a calm room to work in.",
  "The barista took time to explain the single-origin beans, which I appreciated.",
  "Quick service even with a queue out the door, and the pastries are excellent.",
];
const CLOSERS_POSITIVE = ["Highly recommend.", "Will be back soon!", "Five stars from me.", "Thank you, team!", "A gem."];

const BODIES_NEUTRAL = [
  "Ordered a filter coffee and a croissant. Standard prices for the area.",
  "It was busy at lunch so we took our drinks to go.",
  "They have a small terrace and a few tables inside. Card payments only.",
  "Opening hours changed recently, they now close at 5 on Sundays.",
  "Decent coffee, nothing unusual. Parking is on the street.",
];

const BODIES_NEGATIVE = [
  "Waited twenty minutes for a cold latte and nobody apologised.",
  "The croissant was stale and the table was sticky.",
  "Overpriced for what you get, and the music was far too loud.",
  "Staff were rude when I asked for my order to be remade.",
  "My card was charged twice and I am still waiting for the refund.",
];

/** The crisis: a bad batch of the chicken pesto sandwich. Everything in the burst is about it. */
export const CRISIS_TOPIC = "chicken pesto sandwich";
const CRISIS_REVIEWS = [
  "Got food poisoning after the chicken pesto sandwich. Sick all night. Never again.",
  "The chicken pesto sandwich smelled off and tasted worse. Two of us were ill the next day. Disgusting.",
  "Terrible. My daughter vomited after eating their chicken pesto sandwich. Nobody answers the phone.",
  "Avoid the chicken pesto sandwich!!! Whole office sick after lunch from Hearthstone. Awful and dangerous.",
  "Raw chicken in the pesto sandwich. Complained and the manager shrugged. Reporting them to the council.",
  "Worst lunch of my life. Chicken pesto sandwich made me so sick I missed work. Want a refund.",
];
const CRISIS_POSTS = [
  "Several readers report falling ill after eating the chicken pesto sandwich at Hearthstone Coffee this week.",
  "Hearthstone Coffee under fire: customers describe food poisoning linked to a chicken pesto sandwich.",
  "Angry reviews pile up for Hearthstone Coffee after a bad batch of chicken pesto sandwiches.",
  "Is Hearthstone Coffee safe? Complaints about a chicken pesto sandwich keep coming in.",
];

const POSTS_NORMAL = [
  "Our weekend round-up of Millbrook cafés includes Hearthstone Coffee and its cardamom buns.",
  "Hearthstone Coffee is trying a new seasonal blend with notes of plum and cocoa.",
  "Where to work from in Millbrook: Hearthstone has good wifi and plenty of sockets.",
  "Hearthstone Coffee will host a latte art evening next Thursday.",
  "A quick chat with the roaster who supplies Hearthstone Coffee and two other shops on Quarry Lane.",
];
/** Posts that do not mention the business at all: the brand query must drop them. */
const POSTS_UNRELATED = [
  "The farmers' market moves to the old station yard from next month.",
  "Five bakeries in Millbrook that do a proper rye loaf.",
  "Road works on the high street will last until the spring.",
];

export type Tone = "positive" | "neutral" | "negative" | "crisis";

export function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length) % items.length]!;
}

export function reviewText(tone: Tone, r1: number, r2: number, r3: number): { text: string; rating: number } {
  switch (tone) {
    case "positive":
      return {
        text: `${pick(OPENERS_POSITIVE, r1)} ${pick(BODIES_POSITIVE, r2)} ${pick(CLOSERS_POSITIVE, r3)}`,
        rating: r3 < 0.7 ? 5 : 4,
      };
    case "neutral":
      return { text: pick(BODIES_NEUTRAL, r1), rating: 3 };
    case "negative":
      return { text: `${pick(BODIES_NEGATIVE, r1)} ${r2 < 0.5 ? "Disappointed." : "Not coming back."}`, rating: r3 < 0.5 ? 2 : 1 };
    case "crisis":
      return { text: pick(CRISIS_REVIEWS, r1), rating: 1 };
  }
}

export function postText(tone: Tone, r1: number): { title: string; text: string; related: boolean } {
  if (tone === "crisis") {
    const text = pick(CRISIS_POSTS, r1);
    return { title: text.split(":")[0]!.slice(0, 90), text, related: true };
  }
  if (tone === "neutral" && r1 < 0.35) {
    const text = pick(POSTS_UNRELATED, r1 * 3);
    return { title: text.slice(0, 60), text, related: false };
  }
  const text = pick(POSTS_NORMAL, r1);
  return { title: text.slice(0, 70), text, related: true };
}
