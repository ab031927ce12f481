// Unit tests of the widget's pure logic: run with `node --test widget-tests/`.
const test = require("node:test");
const assert = require("node:assert/strict");
const { STRINGS } = require("../commentsvc/static/widget/i18n.js");
const core = require("../commentsvc/static/widget/core.js");

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    data,
  };
}

function keysOf(node, prefix = "") {
  return Object.entries(node).flatMap(([key, value]) =>
    value && typeof value === "object" && !("one" in value) ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

test("every language has every English string, with the same placeholders", () => {
  const english = keysOf(STRINGS.en).sort();
  assert.ok(Object.keys(STRINGS).length >= 3);
  for (const [lang, table] of Object.entries(STRINGS)) {
    assert.deepEqual(keysOf(table).sort(), english, lang);
    for (const key of english) {
      const get = (t) => key.split(".").reduce((n, p) => n[p], t);
      const holes = (v) => JSON.stringify(v).match(/\{\w+\}/g)?.sort() ?? [];
      assert.deepEqual(new Set(holes(get(table))), new Set(holes(get(STRINGS.en))), `${lang}.${key}`);
    }
  }
});

test("the language comes from the attribute, then the page, then English", () => {
  assert.equal(core.pickLanguage("de", "fr", STRINGS), "de");
  assert.equal(core.pickLanguage("", "fr-CA", STRINGS), "fr");
  assert.equal(core.pickLanguage("pt", "es_ES", STRINGS), "es");
  assert.equal(core.pickLanguage(undefined, "ja", STRINGS), "en");
});

test("translations fill placeholders and choose plural forms", () => {
  const en = core.translator("en", STRINGS);
  const fr = core.translator("fr", STRINGS);
  assert.equal(en("comments", { n: 1 }), "1 comment");
  assert.equal(en("comments", { n: 3 }), "3 comments");
  assert.equal(fr("comments", { n: 0 }), "0 commentaire");
  assert.equal(en("replyTo", { name: "Ann" }), "Reply to Ann");
  assert.equal(core.translator("de", STRINGS)("sort.liked"), "Beliebteste");
});

test("options are read from data attributes with safe defaults", () => {
  const options = core.parseOptions(
    { site: " demo ", article: "a1", theme: "dark", sort: "liked", pageSize: "500", lang: "es" },
    "en",
    STRINGS,
  );
  assert.deepEqual(
    { ...options },
    { site: "demo", article: "a1", title: "", url: "", lang: "es", theme: "dark", sort: "liked",
      pageSize: 200, reactions: true, target: "#comments" },
  );
  const fallback = core.parseOptions({ theme: "neon", sort: "random", pageSize: "x", reactions: "off" }, "", STRINGS);
  assert.equal(fallback.theme, "light");
  assert.equal(fallback.sort, "oldest");
  assert.equal(fallback.pageSize, 20);
  assert.equal(fallback.reactions, false);
});

test("the service base is the script's address without /widget/embed.js", () => {
  assert.equal(core.serviceBase("https://c.example.org/widget/embed.js?v=2"), "https://c.example.org");
  assert.equal(core.serviceBase("https://example.org/comments/widget/embed.js"), "https://example.org/comments");
});

test("relative times use the reader's language", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  assert.equal(core.relativeTime("2026-11-28T11:59:40Z", now, "en"), "now");
  assert.equal(core.relativeTime("2026-11-28T09:00:00Z", now, "en"), "3 hours ago");
  assert.equal(core.relativeTime("2026-11-27T12:00:00Z", now, "de"), "gestern");
  assert.equal(core.relativeTime("2026-11-14T12:00:00Z", now, "fr"), "il y a 2 semaines");
  assert.match(core.exactTime("2026-11-28T09:00:00Z", "en"), /November 28, 2026/);
});

test("client checks mirror the server's form", () => {
  const t = core.translator("en", STRINGS);
  const ok = { name: "Ann", email: "ann@example.org", website: "", body: "Hi" };
  assert.deepEqual(core.validateComment(ok, t), {});
  assert.deepEqual(core.validateComment({ ...ok, email: "" }, t), { email: ["Please enter your email address."] });
  assert.deepEqual(core.validateComment({ ...ok, email: "ann@" }, t), { email: ["Please enter a valid email address."] });
  assert.deepEqual(core.validateComment({ ...ok, name: " ", body: "" }, t), {
    body: ["Please write a comment."],
    name: ["Please enter your name."],
  });
  assert.deepEqual(core.validateComment({ ...ok, website: "javascript:alert(1)" }, t), {
    website: ["Enter a full web address starting with http:// or https://."],
  });
  assert.deepEqual(core.validateComment({ ...ok, body: "x".repeat(5001) }, t), {
    body: ["Comments are limited to 5000 characters."],
  });
  assert.deepEqual(core.validateComment({ ...ok, name: "n".repeat(81) }, t), { name: ["Please use at most 80 characters."] });
  assert.equal(core.LIMITS.body, 5000);
});

test("the Markdown preview escapes everything it does not make itself", () => {
  const html = core.renderMarkdown('Hi *there* **you** <img src=x onerror=alert(1)>\n\n> [a](https://x.org/?q="1")\n\n- one\n- `two`');
  assert.equal(
    html,
    "<p>Hi <em>there</em> <strong>you</strong> &#60;img src=x onerror=alert(1)&#62;</p>" +
      '<blockquote><p><a href="https://x.org/?q=&#34;1&#34;" rel="nofollow ugc noopener">a</a></p></blockquote>' +
      "<ul><li>one</li><li><code>two</code></li></ul>",
  );
  assert.equal(core.renderMarkdown("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>");
  assert.equal(core.renderMarkdown("  \n\n "), "");
});

test("live comments go under their parent, at the top for newest first, never twice", () => {
  const tree = [{ id: 1, replies: [{ id: 2, parent_id: 1, replies: [] }] }, { id: 3, replies: [] }];
  assert.equal(core.insertComment(tree, { id: 4, parent_id: 2 }, "oldest"), true);
  assert.equal(core.findComment(tree, 4).parent_id, 2);
  assert.equal(core.insertComment(tree, { id: 4, parent_id: 2 }, "oldest"), false);
  assert.equal(core.insertComment(tree, { id: 5, parent_id: 99 }, "oldest"), false);
  assert.equal(core.insertComment(tree, { id: 6, parent_id: null }, "newest"), true);
  assert.equal(tree[0].id, 6);
  assert.equal(core.insertComment(tree, { id: 7, parent_id: null }, "oldest"), true);
  assert.equal(tree.at(-1).id, 7);
  assert.equal(core.countComments(tree), 6);
});

test("the reader key is random, kept, and replaced when tampered with", () => {
  const backend = memoryStorage();
  const store = core.storage(backend);
  const random = (n) => Uint8Array.from({ length: n }, (_, i) => i * 7);
  const key = core.readerKey(store, random);
  assert.match(key, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(core.readerKey(store, () => new Uint8Array(32)), key);
  backend.setItem("commentsvc:reader", JSON.stringify("<bad>"));
  assert.notEqual(core.readerKey(store, random), "<bad>");
});

test("storage falls back to memory when the browser refuses it", () => {
  const refusing = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); }, removeItem() { throw new Error("denied"); } };
  const store = core.storage(refusing);
  store.set("k", { a: 1 });
  assert.deepEqual(store.get("k"), { a: 1 });
  store.remove("k");
  assert.equal(store.get("k"), null);
  assert.equal(core.storage(null).get("nothing"), null);
});

test("pending comments are kept per article until approved or expired", () => {
  const store = core.storage(memoryStorage());
  const now = Date.parse("2026-11-28T12:00:00Z");
  core.addPending(store, "demo", "a1", { id: 7, name: "Ann", body: "Hi" }, now);
  core.addPending(store, "demo", "a1", { id: 8, name: "Ann", body: "Again" }, now);
  assert.deepEqual(core.pendingComments(store, "demo", "a2", now), []);
  assert.deepEqual(core.pendingComments(store, "demo", "a1", now).map((p) => p.id), [7, 8]);
  assert.deepEqual(core.dropPending(store, "demo", "a1", [7], now).map((p) => p.id), [8]);
  const later = now + 15 * 86400000;
  assert.deepEqual(core.pendingComments(store, "demo", "a1", later), []);
});
