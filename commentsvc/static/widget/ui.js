/* DOM building blocks of the widget. Each view takes the widget (for t(), the language, the
   service base and the event handlers) and returns elements; the widget decides where they go. */

const HEART =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 20.3 4.6 13a4.9 4.9 0 0 1 7-7l.4.4.4-.4a4.9 4.9 0 0 1 7 7z"/></svg>';

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "html") el.innerHTML = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child != null && child !== false) el.append(child);
  return el;
}

function timeView(w, iso) {
  return h(
    "time",
    { class: "cs-time", datetime: iso, title: exactTime(iso, w.lang), "data-rel": "" },
    relativeTime(iso, Date.now(), w.lang),
  );
}

function avatarView(w, author) {
  if (!author.avatar) {
    const initial = (author.name || "?").trim().charAt(0).toUpperCase();
    return h("span", { class: "cs-avatar cs-initial", "aria-hidden": "true" }, initial);
  }
  const src = new URL(author.avatar, w.base + "/").href;
  return h("img", { class: "cs-avatar", src, alt: "", width: 44, height: 44 });
}

function authorView(author) {
  const website = /^https?:\/\//i.test(author.website || "") ? author.website : null;
  if (!website) return h("span", { class: "cs-author" }, author.name);
  const rel = "nofollow ugc noopener noreferrer";
  return h("a", { class: "cs-author", href: website, rel, target: "_blank" }, author.name);
}

function likeView(w, comment) {
  const button = h("button", { type: "button", class: "cs-like", "data-like": comment.id });
  button.addEventListener("click", () => w.toggleLike(comment, button));
  paintLike(w, button, comment, w.liked.has(comment.id));
  return button;
}

function paintLike(w, button, comment, pressed) {
  const n = comment.likes || 0;
  button.setAttribute("aria-pressed", String(pressed));
  button.setAttribute("aria-label", w.t("likeLabel", { n, name: comment.author.name }));
  button.innerHTML = HEART;
  button.append(h("span", { "aria-hidden": "true" }, n ? String(n) : w.t("like")));
}

function commentView(w, comment) {
  const main = h(
    "div",
    { class: "cs-main" },
    h("div", { class: "cs-meta" }, authorView(comment.author), timeView(w, comment.created_at)),
    h("div", { class: "cs-body", html: comment.body_html }),
    h(
      "div",
      { class: "cs-actions" },
      likeView(w, comment),
      h("button", { type: "button", class: "cs-link", onclick: () => w.startReply(comment) }, w.t("reply")),
    ),
  );
  const replies = h("ul", { class: "cs-replies" }, (comment.replies || []).map((r) => commentView(w, r)));
  const article = h("article", { class: "cs-comment", tabindex: "-1" }, avatarView(w, comment.author), main, replies);
  return h("li", { id: `comment-${comment.id}`, "data-id": comment.id }, article);
}

function pendingView(w, entry) {
  const main = h(
    "div",
    { class: "cs-main" },
    h("div", { class: "cs-meta" }, h("span", { class: "cs-author" }, entry.name), timeView(w, entry.created)),
    h("p", { class: "cs-awaiting" }, w.t("awaiting"), " ", h("span", { class: "cs-muted" }, w.t("awaitingNote"))),
    h("div", { class: "cs-body", html: renderMarkdown(entry.body) }),
  );
  const article = h("article", { class: "cs-comment" }, avatarView(w, { name: entry.name }), main);
  return h("li", { class: "cs-pending", "data-pending": entry.id }, article);
}

function reactionsView(w) {
  const buttons = REACTIONS.map((kind) =>
    h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "cs-reaction", "data-kind": kind, onclick: () => w.react(kind) },
        h("span", { class: "cs-emoji", "aria-hidden": "true" }, REACTION_EMOJI[kind]),
        h("span", { class: "cs-rlabel", "aria-hidden": "true" }, w.t(`reactions.${kind}`)),
        h("span", { class: "cs-count", "aria-hidden": "true" }, ""),
      ),
    ),
  );
  return h(
    "section",
    { class: "cs-section", "aria-labelledby": "cs-react-title" },
    h("h2", { class: "cs-heading", id: "cs-react-title" }, w.t("reactionsTitle")),
    h("ul", { class: "cs-reactions" }, buttons),
  );
}

function paintReactions(w, root) {
  for (const button of root.querySelectorAll(".cs-reaction")) {
    const kind = button.dataset.kind;
    const n = w.reactions.counts[kind] || 0;
    button.setAttribute("aria-pressed", String(w.reactions.mine === kind));
    button.setAttribute("aria-label", w.t("reactionCount", { n, name: w.t(`reactions.${kind}`) }));
    button.querySelector(".cs-count").textContent = String(n);
  }
}

function threadView(w) {
  const sort = h(
    "select",
    { class: "cs-select", id: "cs-sort", onchange: (e) => w.changeSort(e.target.value) },
    SORTS.map((s) => h("option", { value: s, selected: s === w.sort }, w.t(`sort.${s}`))),
  );
  return h(
    "section",
    { class: "cs-section", "aria-labelledby": "cs-count" },
    h(
      "div",
      { class: "cs-bar" },
      h("h2", { class: "cs-heading", id: "cs-count" }, w.t("loading")),
      h("div", { class: "cs-sort" }, h("label", { for: "cs-sort" }, w.t("sortLabel")), sort),
    ),
    h("button", { type: "button", class: "cs-new", hidden: true, onclick: () => w.showNew() }),
    h("ul", { class: "cs-list" }),
    h("p", { class: "cs-empty", hidden: true }, w.t("noComments")),
    h("div", { class: "cs-error", hidden: true }),
    h("button", { type: "button", class: "cs-btn cs-btn-quiet cs-more", hidden: true, onclick: () => w.loadMore() }, w.t("loadMore")),
    h("ul", { class: "cs-list cs-own" }),
  );
}

function fieldView(w, name, options) {
  const id = `cs-${name}`;
  const control = options.multiline
    ? h("textarea", { id, name, class: "cs-input", rows: 6, ...options.attrs })
    : h("input", { id, name, class: "cs-input", ...options.attrs });
  const described = [`${id}-error`, options.note && `${id}-note`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  const label = h(
    "label",
    { class: "cs-label", for: id },
    w.t(options.label),
    options.required ? h("span", { class: "cs-req", "aria-hidden": "true" }, " *") : null,
  );
  return h(
    "div",
    { class: `cs-field${options.wide ? " cs-field-wide" : ""}` },
    options.head ? h("div", { class: "cs-label-row" }, label, options.head) : label,
    control,
    options.after || null,
    h("div", { class: "cs-field-error", id: `${id}-error` }),
    options.note ? h("div", { class: "cs-help", id: `${id}-note` }, options.note) : null,
  );
}

function bodyField(w) {
  const tabs = h(
    "div",
    { class: "cs-tabs", role: "group", "aria-label": w.t("comment") },
    h("button", { type: "button", class: "cs-tab", "aria-pressed": "true", onclick: () => w.showPreview(false) }, w.t("write")),
    h("button", { type: "button", class: "cs-tab", "aria-pressed": "false", onclick: () => w.showPreview(true) }, w.t("preview")),
  );
  const note = [h("span", {}, w.t("markdownHint")), h("span", { class: "cs-chars" })];
  const preview = h("div", { class: "cs-preview cs-body", hidden: true, "aria-live": "polite" });
  const attrs = { required: true, "aria-required": "true", spellcheck: "true" };
  return fieldView(w, "body", { label: "comment", required: true, wide: true, multiline: true, head: tabs, after: preview, note, attrs });
}

function formView(w) {
  const text = (name, type, autocomplete, required, note) =>
    fieldView(w, name, {
      label: name,
      required,
      note: note && h("span", {}, w.t(note)),
      attrs: { type, autocomplete, maxlength: LIMITS[name], required, "aria-required": String(required) },
    });
  const form = h(
    "form",
    { class: "cs-form", novalidate: true, onsubmit: (e) => w.submit(e) },
    h(
      "div",
      { class: "cs-form-head" },
      h("h2", { class: "cs-heading", id: "cs-respond-title" }, w.t("leaveReply")),
      h("button", { type: "button", class: "cs-link cs-cancel", hidden: true, onclick: () => w.cancelReply() }, w.t("cancelReply")),
    ),
    h("p", { class: "cs-muted cs-note" }, w.t("required")),
    h(
      "div",
      { class: "cs-fields" },
      bodyField(w),
      text("name", "text", "name", true),
      text("email", "email", "email", true, "emailNote"),
      text("website", "url", "url", false),
    ),
    h(
      "div",
      { class: "cs-hp", "aria-hidden": "true" },
      h("label", { for: "cs-company" }, "Company"),
      h("input", { id: "cs-company", name: "company", type: "text", tabindex: "-1", autocomplete: "off" }),
    ),
    h("label", { class: "cs-check" }, h("input", { type: "checkbox", name: "remember" }), h("span", {}, w.t("remember"))),
    h(
      "div",
      { class: "cs-submit" },
      h("button", { type: "submit", class: "cs-btn" }, w.t("post")),
      h("p", { class: "cs-status", role: "status", "aria-live": "polite" }),
    ),
  );
  return h("section", { class: "cs-section cs-respond", "aria-labelledby": "cs-respond-title" }, form);
}
