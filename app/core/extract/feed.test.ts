import { describe, expect, it } from "vitest";
import { ExtractError } from "./errors";
import { extractFeed, parseFeed } from "./feed";

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Bakery News &amp; Views</title>
    <link>https://bakery.example/</link>
    <atom:link rel="next" href="https://bakery.example/feed?page=2"/>
    <item>
      <title>Acme opens a &lt;b&gt;second&lt;/b&gt; shop</title>
      <link>https://bakery.example/posts/acme-second-shop?utm_source=rss</link>
      <guid isPermaLink="false">post-1001</guid>
      <pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate>
      <dc:creator>Jane Baker</dc:creator>
      <description>Short teaser</description>
      <content:encoded><![CDATA[<p>Full story about <b>Acme</b>.</p><script>document.cookie</script><img src=x onerror="alert(1)">]]></content:encoded>
    </item>
    <item>
      <title>Only a permalink guid</title>
      <guid>https://bakery.example/posts/2</guid>
      <author>jo@example.com (Jo Writer)</author>
      <description>&lt;p onclick="evil()"&gt;Hello&amp;nbsp;world&lt;/p&gt;</description>
    </item>
    <item>
      <title>Hostile link</title>
      <link>javascript:alert(document.domain)</link>
      <description>x</description>
    </item>
  </channel>
</rss>`;

describe("parseFeed: RSS 2.0", () => {
  const feed = parseFeed(rss2);

  it("reads the channel and every item in order", () => {
    expect(feed.format).toBe("rss");
    expect(feed.title).toBe("Bakery News & Views");
    expect(feed.link).toBe("https://bakery.example/");
    expect(feed.entries.map((e) => e.title)).toEqual(["Acme opens a second shop", "Only a permalink guid", "Hostile link"]);
  });

  it("takes title, link, guid, author and date from the item", () => {
    const [first] = feed.entries;
    expect(first.url).toBe("https://bakery.example/posts/acme-second-shop?utm_source=rss");
    expect(first.id).toBe("post-1001");
    expect(first.author).toBe("Jane Baker");
    expect(first.publishedAt).toBe("2024-03-05T08:30:00.000Z");
  });

  it("prefers full content over the teaser and reduces it to plain text without scripts or handlers", () => {
    expect(feed.entries[0].text).toBe("Full story about Acme.");
  });

  it("uses a permalink guid as the link and reads the name out of an RSS author address", () => {
    const second = feed.entries[1];
    expect(second.url).toBe("https://bakery.example/posts/2");
    expect(second.author).toBe("Jo Writer");
    expect(second.text).toBe("Hello world");
  });

  it("never turns a javascript: link into a URL", () => {
    expect(feed.entries[2].url).toBeNull();
  });

  it("finds the next page of a paged feed", () => {
    expect(feed.nextUrl).toBe("https://bakery.example/feed?page=2");
  });

  it("keys mentions by guid, else canonical link, else a content hash", () => {
    const { mentions } = extractFeed(rss2);
    expect(mentions[0].key).toBe("post-1001");
    expect(mentions[1].key).toBe("https://bakery.example/posts/2");
    expect(mentions[2].key).toMatch(/^h:[0-9a-f]{64}$/);
    expect(mentions[0]).toEqual({
      key: "post-1001",
      url: "https://bakery.example/posts/acme-second-shop?utm_source=rss",
      title: "Acme opens a second shop",
      text: "Full story about Acme.",
      author: "Jane Baker",
      rating: null,
      ratingMax: null,
      publishedAt: "2024-03-05T08:30:00.000Z",
    });
  });
});

describe("parseFeed: Atom", () => {
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
  <title type="text">AT&amp;T &lt;3 fans</title>
  <author><name>Blog Team</name></author>
  <link rel="self" href="/feed.atom"/>
  <link rel="next" href="feed.atom?page=2"/>
  <entry xml:base="posts/">
    <id>tag:blog.example,2024:1</id>
    <title type="html">&lt;em&gt;Acme&lt;/em&gt; review</title>
    <link rel="alternate" type="text/html" href="acme-review.html"/>
    <link rel="enclosure" href="/audio.mp3"/>
    <updated>2024-02-02T10:00:00Z</updated>
    <published>2024-02-01T10:00:00-05:00</published>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Great <strong>croissants</strong>.</p><script>x()</script></div></content>
  </entry>
  <entry>
    <id>tag:blog.example,2024:2</id>
    <title>Plain &amp; simple &lt;tag&gt;</title>
    <link href="/second"/>
    <updated>2024-02-03T00:00:00Z</updated>
    <summary>Summary only</summary>
    <author><name>Guest</name><email>g@example.com</email></author>
  </entry>
</feed>`;
  const feed = parseFeed(atom);

  it("resolves links through nested xml:base", () => {
    expect(feed.entries[0].url).toBe("https://blog.example/posts/acme-review.html");
    expect(feed.entries[1].url).toBe("https://blog.example/second");
    expect(feed.nextUrl).toBe("https://blog.example/feed.atom?page=2");
  });

  it("reads text constructs by their declared type", () => {
    expect(feed.title).toBe("AT&T <3 fans");
    expect(feed.entries[0].title).toBe("Acme review");
    expect(feed.entries[0].text).toBe("Great croissants.");
    expect(feed.entries[1].title).toBe("Plain & simple <tag>");
    expect(feed.entries[1].text).toBe("Summary only");
  });

  it("prefers published over updated and inherits the feed author", () => {
    expect(feed.entries[0].publishedAt).toBe("2024-02-01T15:00:00.000Z");
    expect(feed.entries[0].author).toBe("Blog Team");
    expect(feed.entries[1].author).toBe("Guest");
    expect(feed.entries[1].publishedAt).toBe("2024-02-03T00:00:00.000Z");
  });

  it("resolves relative links against the caller's base URL when the feed has no xml:base", () => {
    const bare = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>t</title><link href="/p/1"/></entry></feed>`;
    expect(parseFeed(bare, { baseUrl: "https://site.example/feed" }).entries[0].url).toBe("https://site.example/p/1");
    expect(parseFeed(bare).entries[0].url).toBeNull();
  });

  it("falls back to the feed's own address for relative links", () => {
    const withSelf = `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="https://gh.example/r/releases.atom"/>
      <entry><id>1</id><title>v1</title><link rel="alternate" href="/r/releases/tag/v1"/></entry></feed>`;
    expect(parseFeed(withSelf).entries[0].url).toBe("https://gh.example/r/releases/tag/v1");
  });

  it("matches elements by namespace, whatever the prefix", () => {
    const prefixed = `<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:d="http://purl.org/dc/elements/1.1/">
      <a:entry><a:id>x1</a:id><a:title>Prefixed</a:title><a:link href="https://p.example/1"/><d:creator>Dee</d:creator>
      <a:updated>2020-01-01T00:00:00Z</a:updated></a:entry></a:feed>`;
    const [e] = parseFeed(prefixed).entries;
    expect(e).toEqual({ id: "x1", url: "https://p.example/1", title: "Prefixed", text: "", author: "Dee", publishedAt: "2020-01-01T00:00:00.000Z" });
  });
});

describe("parseFeed: sources people monitor", () => {
  it("unwraps Google Alerts redirect links and strips the bold markup from titles", () => {
    const alerts = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">
  <id>tag:google.com,2005:reader/user/0123/state/com.google/alerts/456</id>
  <title>Google Alert - acme bakery</title>
  <entry>
    <id>tag:google.com,2013:googlealerts/feed:1234567890</id>
    <title type="html">&lt;b&gt;Acme Bakery&lt;/b&gt; wins award</title>
    <link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example.com/acme-award%3Fref%3Dhome&amp;ct=ga&amp;cd=CAEYACoU&amp;usg=AOvVaw1"/>
    <published>2024-04-01T07:15:00Z</published>
    <updated>2024-04-01T07:15:00Z</updated>
    <content type="html">The &lt;b&gt;Acme Bakery&lt;/b&gt; on Main St &amp;nbsp;took first prize ...</content>
    <author><name></name></author>
  </entry>
</feed>`;
    const { mentions } = extractFeed(alerts);
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({
      key: "tag:google.com,2013:googlealerts/feed:1234567890",
      url: "https://news.example.com/acme-award?ref=home",
      title: "Acme Bakery wins award",
      text: "The Acme Bakery on Main St took first prize ...",
      author: null,
      publishedAt: "2024-04-01T07:15:00.000Z",
    });
  });

  it("reads a Reddit search feed", () => {
    const reddit = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<title>acme - reddit.com: search results</title>
<entry><author><name>/u/breadfan</name><uri>https://www.reddit.com/user/breadfan</uri></author>
<category term="Baking" label="r/Baking"/>
<content type="html">&lt;!-- SC_OFF --&gt;&lt;div class="md"&gt;&lt;p&gt;Anyone tried the Acme rye?&lt;/p&gt;&lt;/div&gt;&lt;!-- SC_ON --&gt; submitted by &lt;a href="https://www.reddit.com/user/breadfan"&gt; /u/breadfan &lt;/a&gt;</content>
<id>t3_abc123</id><link href="https://www.reddit.com/r/Baking/comments/abc123/acme_rye/"/>
<updated>2024-05-01T12:00:00+00:00</updated><published>2024-05-01T11:59:00+00:00</published><title>Acme rye?</title></entry></feed>`;
    const [m] = extractFeed(reddit).mentions;
    expect(m).toMatchObject({
      key: "t3_abc123",
      url: "https://www.reddit.com/r/Baking/comments/abc123/acme_rye/",
      author: "/u/breadfan",
      title: "Acme rye?",
      publishedAt: "2024-05-01T11:59:00.000Z",
    });
    expect(m.text).toBe("Anyone tried the Acme rye?\nsubmitted by /u/breadfan");
  });

  it("reads a Hacker News search feed", () => {
    const hn = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Hacker News: "acme"</title><link>https://news.ycombinator.com/</link>
<item><title>Show HN: Acme, a bakery inventory tool</title>
<description><![CDATA[<p>Article URL: <a href="https://acme.example/">https://acme.example/</a></p><p>Points: 42</p>]]></description>
<pubDate>Sat, 04 May 2024 15:04:05 +0000</pubDate><link>https://acme.example/</link><dc:creator>pg_fan</dc:creator>
<comments>https://news.ycombinator.com/item?id=40000001</comments><guid isPermaLink="false">https://news.ycombinator.com/item?id=40000001</guid></item>
</channel></rss>`;
    const [m] = extractFeed(hn).mentions;
    expect(m).toMatchObject({
      key: "https://news.ycombinator.com/item?id=40000001",
      url: "https://acme.example/",
      author: "pg_fan",
      text: "Article URL: https://acme.example/\nPoints: 42",
      publishedAt: "2024-05-04T15:04:05.000Z",
    });
  });

  it("reads a YouTube channel feed, text from media:description", () => {
    const yt = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <title>Acme Baking Channel</title>
 <author><name>Acme Baking</name><uri>https://www.youtube.com/channel/UC123</uri></author>
 <entry>
  <id>yt:video:dQw4w9WgXcQ</id><yt:videoId>dQw4w9WgXcQ</yt:videoId>
  <title>How we bake rye</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
  <published>2024-01-10T16:00:00+00:00</published>
  <media:group><media:title>How we bake rye</media:title>
   <media:description>Step by step.
Recipe in the comments &amp; more.</media:description></media:group>
 </entry>
</feed>`;
    const [m] = extractFeed(yt).mentions;
    expect(m).toMatchObject({
      key: "yt:video:dQw4w9WgXcQ",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      title: "How we bake rye",
      text: "Step by step.\nRecipe in the comments & more.",
      author: "Acme Baking",
      publishedAt: "2024-01-10T16:00:00.000Z",
    });
  });

  it("prefers FeedBurner's original link over its click tracker", () => {
    const fb = `<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item>
      <title>t</title><link>http://feedproxy.google.com/~r/x/~3/abc/story.html</link>
      <feedburner:origLink>https://blog.example/2016/06/story.html</feedburner:origLink></item></channel></rss>`;
    expect(parseFeed(fb).entries[0].url).toBe("https://blog.example/2016/06/story.html");
  });
});

describe("parseFeed: RDF, RSS 0.90 and JSON Feed", () => {
  it("reads RSS 1.0 items beside the channel, dated by dc:date and identified by rdf:about", () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://s.example/"><title>Science</title><link>https://s.example/</link></channel>
      <item rdf:about="https://s.example/a?rss=1"><title>Food for fungi</title><link>https://s.example/a?rss=1</link>
      <dc:creator>Hines, P. J.</dc:creator><dc:date>2017-06-15T10:29:47-07:00</dc:date><description>Fungi eat.</description></item></rdf:RDF>`;
    const feed = parseFeed(rdf);
    expect(feed.format).toBe("rdf");
    expect(feed.title).toBe("Science");
    expect(feed.entries[0]).toEqual({
      id: "https://s.example/a?rss=1",
      url: "https://s.example/a?rss=1",
      title: "Food for fungi",
      text: "Fungi eat.",
      author: "Hines, P. J.",
      publishedAt: "2017-06-15T17:29:47.000Z",
    });
  });

  it("reads RSS 0.90", () => {
    const rss090 = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
      <channel><title>Old</title></channel><item><title>Item title</title><link>http://old.example/1</link></item></rdf:RDF>`;
    expect(parseFeed(rss090).entries).toEqual([{ id: null, url: "http://old.example/1", title: "Item title", text: "", author: null, publishedAt: null }]);
  });

  it("reads JSON Feed 1.1 with authors, HTML content, external links and paging", () => {
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "Acme &amp; Co",
      home_page_url: "https://acme.example/",
      next_url: "https://acme.example/feed.json?page=2",
      authors: [{ name: "Acme Team" }],
      items: [
        { id: 2, url: "/posts/2", title: "Two", content_html: "<p>Hi <script>alert(1)</script>there</p>", date_published: "2024-06-01T08:00:00+02:00" },
        { id: "1", external_url: "https://elsewhere.example/x", content_text: "Line one\nLine two", authors: [{ name: "Ann" }], date_modified: "2024-05-01T00:00:00Z" },
        { id: "3", url: "javascript:alert(1)", summary: "s" },
        "not an item",
      ],
    });
    const feed = parseFeed(json, { baseUrl: "https://acme.example/feed.json" });
    expect(feed.format).toBe("json");
    expect(feed.title).toBe("Acme & Co");
    expect(feed.nextUrl).toBe("https://acme.example/feed.json?page=2");
    expect(feed.entries).toEqual([
      { id: "2", url: "https://acme.example/posts/2", title: "Two", text: "Hi there", author: "Acme Team", publishedAt: "2024-06-01T06:00:00.000Z" },
      { id: "1", url: "https://elsewhere.example/x", title: null, text: "Line one\nLine two", author: "Ann", publishedAt: "2024-05-01T00:00:00.000Z" },
      { id: "3", url: null, title: null, text: "s", author: "Acme Team", publishedAt: null },
    ]);
  });
});

describe("parseFeed: broken and hostile input", () => {
  it("refuses a document that is not a feed, saying what it expected", () => {
    expect(() => parseFeed("<html><body>hi</body></html>")).toThrow(ExtractError);
    expect(() => parseFeed("<html><body>hi</body></html>")).toThrow(/expected a feed/);
    expect(() => parseFeed("")).toThrow(/expected a feed/);
    expect(() => parseFeed("{not json")).toThrow(/expected a JSON Feed/);
    expect(() => parseFeed('{"a":1}')).toThrow(/expected a JSON Feed/);
  });

  it("decodes HTML entities that XML does not define", () => {
    const feed = parseFeed(`<rss><channel><item><title>Caf&eacute;&nbsp;Acme &hellip;</title></item></channel></rss>`);
    expect(feed.entries[0].title).toBe("Café Acme …");
  });

  it("drops a truncated trailing CDATA section instead of turning it into junk", () => {
    const cut = `<rss version="2.0"><channel><title>t</title><item><title>ok</title></item><item><title><![CD`;
    expect(parseFeed(cut).entries.map((e) => e.title)).toEqual(["ok"]);
  });

  it("reads items after unescaped markup and stray tags", () => {
    const messy = `<rss><channel><item><title>One</title><description><p>raw <b>html</b><br>on two<script>bad()</script></p></description></item>
      <item><title>Two</title></bogus></item></channel></rss>`;
    const feed = parseFeed(messy);
    expect(feed.entries.map((e) => [e.title, e.text])).toEqual([["One", "raw html\non two"], ["Two", ""]]);
  });

  it("skips entries with nothing in them", () => {
    expect(parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><author></author></entry></feed>`).entries).toEqual([]);
  });

  it("stops at the entry limit", () => {
    const many = `<rss><channel>${"<item><title>x</title></item>".repeat(50)}</channel></rss>`;
    expect(parseFeed(many, { maxEntries: 10 }).entries).toHaveLength(10);
  });
});
