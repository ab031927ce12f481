// Unit tests of the count snippet's logic.
const test = require("node:test");
const assert = require("node:assert/strict");
const { STRINGS } = require("../commentsvc/static/widget/i18n.js");
const count = require("../commentsvc/static/widget/count.js");

test("articles are asked for in batches the API accepts", () => {
  const ids = Array.from({ length: 250 }, (_, i) => `a${i}`);
  const batches = count.batches(ids, 100);
  assert.deepEqual(batches.map((b) => b.length), [100, 100, 50]);
  assert.deepEqual(batches.flat(), ids);
});

test("labels are localised and pluralised", () => {
  assert.equal(count.countLabel(1, "en", STRINGS), "1 comment");
  assert.equal(count.countLabel(1234, "en", STRINGS), "1,234 comments");
  assert.equal(count.countLabel(2, "de", STRINGS), "2 Kommentare");
  assert.equal(count.countLabel(0, "es", STRINGS), "0 comentarios");
});

test("elements are grouped by article, so one id is asked for once", () => {
  const el = (id) => ({ getAttribute: () => id });
  const root = { querySelectorAll: () => [el("a"), el(" b "), el("a"), el("")] };
  const targets = count.countTargets(root);
  assert.deepEqual([...targets.keys()], ["a", "b"]);
  assert.equal(targets.get("a").length, 2);
});

test("the language comes from the script, then the page", () => {
  assert.equal(count.pickCountLanguage("fr", "de", STRINGS), "fr");
  assert.equal(count.pickCountLanguage("", "de-CH", STRINGS), "de");
  assert.equal(count.pickCountLanguage("", "", STRINGS), "en");
});
