/* Pure logic of the widget: options, language, time, validation, Markdown preview, the comment
   tree and browser storage. No DOM here, so node's test runner can check all of it. */

const REACTIONS = ["like", "love", "haha", "wow", "sad", "angry"];
const REACTION_EMOJI = { like: "👍", love: "❤️", haha: "😆", wow: "😮", sad: "😢", angry: "😠" };
const SORTS = ["oldest", "newest", "liked"];
const THEMES = ["light", "dark", "auto"];
// Mirrors commentsvc/forms.py and Config.MAX_BODY_LENGTH.
const LIMITS = { name: 80, email: 254, website: 300, body: 5000 };
const PENDING_DAYS = 14;

function pickLanguage(wanted, pageLang, strings) {
  for (const tag of [wanted, pageLang, "en"]) {
    const base = String(tag || "").trim().toLowerCase().split(/[-_]/)[0];
    if (base && strings[base]) return base;
  }
  return "en";
}

function translator(lang, strings) {
  const table = strings[lang] || strings.en;
  const plurals = new Intl.PluralRules(lang);
  return function t(path, vars) {
    let entry = path.split(".").reduce((node, part) => (node ? node[part] : undefined), table);
    if (entry === undefined) entry = path.split(".").reduce((node, part) => node && node[part], strings.en);
    if (entry && typeof entry === "object") entry = entry[plurals.select(vars.n)] || entry.other;
    return String(entry).replace(/\{(\w+)\}/g, (m, name) => (vars && name in vars ? vars[name] : m));
  };
}

function clampInt(raw, low, high, fallback) {
  const n = parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(high, Math.max(low, n)) : fallback;
}

function parseOptions(data, pageLang, strings) {
  return {
    site: (data.site || "").trim(),
    article: (data.article || "").trim(),
    title: data.title || "",
    url: data.url || "",
    lang: pickLanguage(data.lang, pageLang, strings),
    theme: THEMES.includes(data.theme) ? data.theme : "light",
    sort: SORTS.includes(data.sort) ? data.sort : "oldest",
    pageSize: clampInt(data.pageSize, 1, 200, 20),
    reactions: data.reactions !== "off",
    target: data.target || "#comments",
  };
}

function serviceBase(scriptSrc) {
  const url = new URL(scriptSrc);
  return url.origin + url.pathname.replace(/\/widget\/[^/]*$/, "");
}

const UNITS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

function relativeTime(iso, now, lang) {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, "second");
}

function exactTime(iso, lang) {
  return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(new Date(iso));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const WEB = /^https?:\/\/[^\s/$.?#][^\s]*\.[^\s]+$/i;

function validateComment(values, t) {
  const errors = {};
  const add = (field, message) => (errors[field] = errors[field] || []).push(message);
  if (!values.body.trim()) add("body", t("bodyRequired"));
  else if (values.body.length > LIMITS.body) add("body", t("bodyTooLong", { max: LIMITS.body }));
  if (!values.name.trim()) add("name", t("nameRequired"));
  else if (values.name.trim().length > LIMITS.name) add("name", t("tooLong", { max: LIMITS.name }));
  if (!values.email.trim()) add("email", t("emailRequired"));
  else if (values.email.trim().length > LIMITS.email) add("email", t("tooLong", { max: LIMITS.email }));
  else if (!EMAIL.test(values.email.trim())) add("email", t("emailInvalid"));
  const website = values.website.trim();
  if (website.length > LIMITS.website) add("website", t("tooLong", { max: LIMITS.website }));
  else if (website && !WEB.test(website)) add("website", t("websiteInvalid"));
  return errors;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function inlineMarkdown(escaped) {
  return escaped
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])[*_]([^*_\s][^*_]*)[*_](?![*\w])/g, "$1<em>$2</em>")
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" rel="nofollow ugc noopener">$1</a>');
}

function markdownBlock(block) {
  const lines = block.split("\n");
  if (lines.every((l) => /^\s*>/.test(l))) {
    const inner = lines.map((l) => l.replace(/^\s*>\s?/, "")).join("\n");
    return `<blockquote>${renderMarkdown(inner)}</blockquote>`;
  }
  const inline = (line) => inlineMarkdown(escapeHtml(line));
  if (lines.every((l) => /^\s*[-*+]\s+/.test(l))) {
    const items = lines.map((l) => `<li>${inline(l.replace(/^\s*[-*+]\s+/, ""))}</li>`);
    return `<ul>${items.join("")}</ul>`;
  }
  return `<p>${lines.map(inline).join("<br>")}</p>`;
}

/* A preview of the server's Markdown subset; the server renders (and sanitises) the real thing.
   Every line is escaped before any tag is made, so only the tags made here can appear. */
function renderMarkdown(source) {
  return String(source)
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .filter((block) => block.trim())
    .map(markdownBlock)
    .join("");
}

function findComment(list, id) {
  for (const comment of list) {
    if (comment.id === id) return comment;
    const found = findComment(comment.replies || [], id);
    if (found) return found;
  }
  return null;
}

function countComments(list) {
  return list.reduce((sum, c) => sum + 1 + countComments(c.replies || []), 0);
}

/* Put a comment into the tree: under its parent, or at the top for the newest-first sort.
   Returns false when it is already there or its parent is not loaded. */
function insertComment(list, comment, sort) {
  if (findComment(list, comment.id)) return false;
  const node = { ...comment, replies: comment.replies || [] };
  if (comment.parent_id) {
    const parent = findComment(list, comment.parent_id);
    if (!parent) return false;
    parent.replies.push(node);
  } else if (sort === "newest") list.unshift(node);
  else list.push(node);
  return true;
}

function storage(backend) {
  const memory = new Map();
  const safe = (fn, fallback) => {
    try {
      return fn();
    } catch (e) {
      return fallback();
    }
  };
  return {
    get(key) {
      const raw = safe(() => backend.getItem(key), () => memory.get(key));
      try {
        return raw == null ? null : JSON.parse(raw);
      } catch (e) {
        return null;
      }
    },
    set(key, value) {
      const raw = JSON.stringify(value);
      safe(() => backend.setItem(key, raw), () => memory.set(key, raw));
    },
    remove(key) {
      safe(() => backend.removeItem(key), () => memory.delete(key));
    },
  };
}

function readerKey(store, randomBytes) {
  const known = store.get("commentsvc:reader");
  if (typeof known === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(known)) return known;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const key = Array.from(randomBytes(32), (b) => alphabet[b & 63]).join("");
  store.set("commentsvc:reader", key);
  return key;
}

function pendingKey(site, article) {
  return `commentsvc:pending:${site}:${article}`;
}

function pendingComments(store, site, article, now) {
  const all = store.get(pendingKey(site, article)) || [];
  const live = all.filter((p) => p && p.expires > now);
  if (live.length !== all.length) store.set(pendingKey(site, article), live);
  return live;
}

function addPending(store, site, article, entry, now) {
  const list = pendingComments(store, site, article, now).filter((p) => p.id !== entry.id);
  list.push({ ...entry, expires: now + PENDING_DAYS * 86400000 });
  store.set(pendingKey(site, article), list);
  return list;
}

function dropPending(store, site, article, ids, now) {
  const list = pendingComments(store, site, article, now).filter((p) => !ids.includes(p.id));
  store.set(pendingKey(site, article), list);
  return list;
}

if (typeof module === "object" && module && module.exports) {
  module.exports = {
    REACTIONS, SORTS, LIMITS, pickLanguage, translator, parseOptions, serviceBase, relativeTime,
    exactTime, validateComment, escapeHtml, renderMarkdown, findComment, countComments,
    insertComment, storage, readerKey, pendingComments, addPending, dropPending,
  };
}
