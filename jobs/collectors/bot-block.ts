/**
 * Recognises the interstitial pages that bot protection serves instead of content. Such a page must mark the
 * source unhealthy; treating it as "no new reviews" would hide that we have gone deaf.
 */
const MARKERS: [RegExp, string][] = [
  [/<title>\s*just a moment\.{0,3}\s*<\/title>/i, "a 'Just a moment' challenge"],
  [/<title>[^<]*attention required[^<]*<\/title>/i, "an 'Attention Required' block"],
  [/cf-browser-verification|cf_chl_opt|challenge-platform/i, "a browser challenge"],
  [/g-recaptcha|h-captcha|hcaptcha\.com|captcha-delivery|px-captcha/i, "a captcha"],
  [/<title>[^<]*(access denied|request blocked|are you a robot|robot check|verify you are human)[^<]*<\/title>/i, "an access-denied page"],
];

export function detectBotBlock(status: number, body: string): string | null {
  const head = body.slice(0, 20_000);
  for (const [pattern, what] of MARKERS) if (pattern.test(head)) return `${what}, HTTP ${status}`;
  return null;
}
