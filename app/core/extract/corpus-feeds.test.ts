/**
 * Feeds from the shared real-world corpus (../shared/corpus/feeds, see its README): rss-parser's
 * extraction of 20 real feeds as a reference, and feedparser's edge cases with their `Expect:` lines
 * translated into assertions here. The corpus is not shipped with the project, so this skips without it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeDocumentDetailed } from "./decode";
import { extractFeed, parseFeed } from "./feed";
import { mentionKey } from "./key";
import { htmlToText } from "./text";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/feeds/", import.meta.url));
const present = existsSync(join(CORPUS, "rss-parser")) && existsSync(join(CORPUS, "feedparser-edge"));
const skipNote = present ? "" : " (skipped: ../shared/corpus/feeds is absent)";

interface Expected {
  title?: string;
  link?: string;
  pubDate?: string;
  isoDate?: string;
  guid?: string;
  id?: string;
  content?: string;
}

function readExpected(name: string): Expected[] {
  const bytes = readFileSync(join(CORPUS, "rss-parser", "expected", `${name}.json`));
  // One reference file was saved as Latin-1.
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString("latin1");
  }
  return (JSON.parse(text) as { feed: { items: Expected[] } }).feed.items;
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

// rss-parser decoded two Latin-1 feeds as UTF-8 and kept U+FFFD where letters were: any letter fits.
function sameTitle(ours: string | null, theirs: string): boolean {
  const expected = squash(htmlToText(theirs));
  if (!expected.includes("\ufffd")) return ours === expected;
  const pattern = expected.split("\ufffd").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".");
  return ours !== null && new RegExp(`^${pattern}$`, "su").test(ours);
}

// Where rss-parser kept a link as written and we resolve or unwrap it, the two must still agree.
function sameLink(ours: string | null, theirs: string): boolean {
  if (ours === theirs) return true;
  if (ours === null) return false;
  try {
    if (new URL(theirs, ours).href === ours) return true; // relative link, resolved; or trailing slash
  } catch {
    return false;
  }
  // FeedBurner click trackers: we report feedburner:origLink, the same article.
  if (/feedproxy\.google\.com|\/~r\//.test(theirs) && !/feedproxy\.google\.com|\/~r\//.test(ours)) {
    const last = (u: string) => new URL(u).pathname.split("/").filter(Boolean).pop();
    return last(ours) === last(theirs);
  }
  return false;
}

function sameDate(ours: string | null, e: Expected): boolean {
  if (e.isoDate) return ours === e.isoDate;
  if (!e.pubDate) return ours === null;
  // rss-parser could not read it (e.g. Portuguese month names); ours must at least be that day.
  if (ours === null) return true;
  const [year, , day] = ours.slice(0, 10).split("-");
  return e.pubDate.includes(year) && e.pubDate.includes(String(Number(day)));
}

const feedFiles = present ? readdirSync(join(CORPUS, "rss-parser")).filter((f) => /\.(rss|atom)$/.test(f)).sort() : [];

describe.skipIf(!present)(`rss-parser corpus: 20 real feeds against rss-parser's extraction${skipNote}`, () => {
  it("has all twenty feeds with their expectations", () => {
    expect(feedFiles).toHaveLength(20);
  });

  it.each(feedFiles)("extracts every item of %s with the reference titles, links, dates and ids", (file) => {
    const name = file.replace(/\.[^.]+$/, "");
    const { text } = decodeDocumentDetailed(readFileSync(join(CORPUS, "rss-parser", file)));
    const { mentions } = extractFeed(text);
    const expected = readExpected(name).filter((e) => e.title || e.link || e.guid || e.id || e.content);
    expect(mentions).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      const m = mentions[i];
      const where = `${file} item ${i}`;
      if (e.title) expect(sameTitle(m.title, e.title), `${where} title ${JSON.stringify(m.title)} vs ${JSON.stringify(e.title)}`).toBe(true);
      if (e.link) expect(sameLink(m.url, e.link.trim()), `${where} url ${m.url} vs ${e.link}`).toBe(true);
      else expect(m.url === null || /^https?:\/\//.test(m.url)).toBe(true);
      expect(sameDate(m.publishedAt, e), `${where} date ${m.publishedAt} vs ${e.isoDate ?? e.pubDate}`).toBe(true);
      const id = (e.guid ?? e.id)?.trim();
      if (id) expect(m.key, `${where} key`).toBe(mentionKey({ id }));
      expect(m.text, `${where} text has markup`).not.toMatch(/<\/?(p|div|a|img|script|table|br)\b/i);
    });
  });

  it("reads the Latin-1 feeds' accents whether or not they declare their encoding", () => {
    for (const file of ["encoding.rss", "uolNoticias.rss"]) {
      const decoded = decodeDocumentDetailed(readFileSync(join(CORPUS, "rss-parser", file)));
      expect(decoded.text, file).not.toContain("\ufffd");
    }
    const uol = extractFeed(decodeDocumentDetailed(readFileSync(join(CORPUS, "rss-parser", "uolNoticias.rss"))).text);
    expect(uol.mentions[0].title).toBe("Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno");
    expect(uol.mentions[0].publishedAt).toBe("2018-09-24T22:42:40.000Z");
  });
});

/**
 * feedparser's `Expect:` lines, restated. "bozo" (ill-formed) files only need a lenient, sensible
 * reading; encodings are named as iconv-lite names them.
 */
const EDGE_EXPECTATIONS: Record<string, (file: string) => void> = {
  // Expect: not bozo and encoding == 'big5'
  "encoding_big5.xml": (file) => {
    const d = decodeDocumentDetailed(readFileSync(file));
    expect(d.charset).toBe("big5");
    expect(parseFeed(d.text).format).toBe("rss");
  },
  // Expect: not bozo and entries[0]['description'] == 'don\u2019t'
  "encoding_demoronize-1.xml": (file) => {
    expect(parseFeed(decodeDocumentDetailed(readFileSync(file)).text).entries[0].text).toBe("don\u2019t");
  },
  // Expect: not bozo and ord(entries[0]['description']) == 8230
  "encoding_double-encoded-html.xml": (file) => {
    expect(parseFeed(decodeDocumentDetailed(readFileSync(file)).text).entries[0].text).toBe(String.fromCharCode(8230));
  },
  // Expect: not bozo and feed['title'] == '\ub144'
  "encoding_euc-kr.xml": (file) => {
    expect(parseFeed(decodeDocumentDetailed(readFileSync(file)).text).title).toBe("\ub144");
  },
  // Expect: not bozo and encoding == 'utf-16le'
  "encoding_utf-16le-bom.xml": (file) => {
    const d = decodeDocumentDetailed(readFileSync(file));
    expect(d.charset).toBe("utf-16le");
    expect(parseFeed(d.text).format).toBe("rss");
  },
  // Expect: not bozo and encoding == 'utf-8'
  "encoding_utf-8-bom.xml": (file) => {
    const d = decodeDocumentDetailed(readFileSync(file));
    expect(d.charset).toBe("utf-8");
    expect(parseFeed(d.text).format).toBe("rss");
  },
  // Expect: bozo and encoding == 'KOI8-R'
  "illformed_chardet_koi8r.xml": (file) => {
    const d = decodeDocumentDetailed(readFileSync(file));
    expect(d.charset).toBe("koi8-r");
    expect(parseFeed(d.text).entries[0].title).toBe("Как пережить новогоднюю ночь");
  },
  // Expect: bozo and encoding == 'SHIFT_JIS'
  "illformed_chardet_shiftjis.xml": (file) => {
    const d = decodeDocumentDetailed(readFileSync(file));
    expect(d.charset).toBe("shift_jis");
    expect(parseFeed(d.text).entries[0].title).toMatch(/^DrecomRSSに記事投稿が/);
  },
  // Expect: 1 (that is: non-ASCII in a date must not crash the parser)
  "illformed_http_high_bit_date.xml": (file) => {
    const feed = parseFeed(decodeDocumentDetailed(readFileSync(file), "text/xml").text);
    expect(feed.entries).toEqual([]);
  },
  // Expect: bozo (an incomplete CDATA section)
  "illformed_rss_incomplete_cdata.xml": (file) => {
    const feed = parseFeed(decodeDocumentDetailed(readFileSync(file)).text);
    expect(feed.title).toBe("can feedparser read this xml");
    expect(feed.entries).toEqual([]);
  },
  // Expect: entries[0].link == 'http://link/get?a=1&b=2'
  "illformed_rss_item_link_corrupted_ampersands.xml": (file) => {
    expect(parseFeed(decodeDocumentDetailed(readFileSync(file)).text).entries[0].url).toBe("http://link/get?a=1&b=2");
  },
  // Expect: not bozo and feed.title == 'My Example Feed' and len(entries) == 2
  "json_example.json": (file) => {
    const feed = parseFeed(decodeDocumentDetailed(readFileSync(file)).text);
    expect(feed.title).toBe("My Example Feed");
    expect(feed.entries).toHaveLength(2);
    // The second item's HTML carries a script; only its words may come through.
    expect(feed.entries[1].text).toBe("Hello, world!");
  },
  // Expect: not bozo and entries[0]['title'] == 'Item title'
  "wellformed_rdf_rss090_item_title.xml": (file) => {
    expect(parseFeed(decodeDocumentDetailed(readFileSync(file)).text).entries[0].title).toBe("Item title");
  },
};

const edgeFiles = present ? readdirSync(join(CORPUS, "feedparser-edge")).filter((f) => !f.endsWith(".txt")).sort() : [];

describe.skipIf(!present)(`feedparser edge cases: Expect lines as assertions${skipNote}`, () => {
  it("has an assertion for every edge-case file that states an expectation", () => {
    const stated = edgeFiles.filter((f) => /Expect:/.test(decodeDocumentDetailed(readFileSync(join(CORPUS, "feedparser-edge", f))).text));
    expect(stated.length).toBe(13);
    expect(stated.filter((f) => !(f in EDGE_EXPECTATIONS))).toEqual([]);
  });

  it.each(Object.keys(EDGE_EXPECTATIONS))("meets the expectation stated in %s", (name) => {
    EDGE_EXPECTATIONS[name](join(CORPUS, "feedparser-edge", name));
  });
});
