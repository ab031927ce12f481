/* Comment counts for index pages: every element with data-commentsvc-count="<article id>"
   gets "N comments", from one POST per 100 articles to /api/v1/sites/<site>/counts. */

const COUNT_BATCH = 100;

function countTargets(root) {
  const byArticle = new Map();
  for (const el of root.querySelectorAll("[data-commentsvc-count]")) {
    const id = el.getAttribute("data-commentsvc-count").trim();
    if (!id) continue;
    if (!byArticle.has(id)) byArticle.set(id, []);
    byArticle.get(id).push(el);
  }
  return byArticle;
}

function batches(ids, size) {
  const out = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

function countLabel(n, lang, strings) {
  const table = (strings[lang] || strings.en).comments;
  const form = new Intl.PluralRules(lang).select(n);
  return (table[form] || table.other).replace("{n}", new Intl.NumberFormat(lang).format(n));
}

async function fillCounts(script) {
  const site = script.dataset.site;
  const lang = pickCountLanguage(script.dataset.lang, document.documentElement.lang, STRINGS);
  const base = script.src.replace(/\/widget\/[^/]*$/, "");
  const targets = countTargets(document);
  for (const ids of batches([...targets.keys()], COUNT_BATCH)) {
    const response = await fetch(`${base}/api/v1/sites/${encodeURIComponent(site)}/counts`, {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ articles: ids }),
    });
    if (!response.ok) continue;
    const { counts } = await response.json();
    for (const id of ids) for (const el of targets.get(id)) el.textContent = countLabel(counts[id] || 0, lang, STRINGS);
  }
}

function pickCountLanguage(wanted, pageLang, strings) {
  for (const tag of [wanted, pageLang]) {
    const base = String(tag || "").toLowerCase().split(/[-_]/)[0];
    if (strings[base]) return base;
  }
  return "en";
}

if (typeof document !== "undefined") {
  const script = document.currentScript || document.querySelector('script[src*="/widget/count.js"]');
  const run = () => fillCounts(script).catch(() => {}); /* counts are decoration: fail quietly */
  if (script && script.dataset.site) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
    else run();
  }
}

if (typeof module === "object" && module && module.exports) {
  module.exports = { countTargets, batches, countLabel, pickCountLanguage };
}
