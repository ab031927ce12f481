/* The widget: state, network and event handling. Boots once per embed script tag. */

const FIELDS = ["body", "name", "email", "website"];

class Widget {
  constructor(target, options, base) {
    Object.assign(this, { options, base, sort: options.sort, lang: options.lang });
    this.t = translator(options.lang, STRINGS);
    this.store = storage(safeStorage("localStorage"));
    this.session = storage(safeStorage("sessionStorage"));
    this.reader = readerKey(this.store, (n) => crypto.getRandomValues(new Uint8Array(n)));
    this.liked = new Set(this.store.get(this.likesKey()) || []);
    this.reactions = { counts: {}, mine: this.store.get(this.reactionKey()), sent: 0 };
    this.comments = [];
    this.buffer = [];
    this.formToken = null;
    this.mount(target);
  }

  mount(target) {
    this.host = document.createElement("commentsvc-thread");
    const shadow = this.host.attachShadow({ mode: "open" });
    adoptStyles(shadow, CSS);
    this.root = h("div", { class: "cs", "data-theme": this.options.theme, lang: this.lang });
    if (this.options.reactions) this.root.append(reactionsView(this));
    this.root.append(threadView(this), formView(this), h("p", { class: "cs-sr", "aria-live": "polite" }));
    shadow.append(this.root);
    target.append(this.host);
    this.form = this.root.querySelector("form");
    this.respond = this.root.querySelector(".cs-respond");
    this.restoreForm();
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  likesKey() {
    return `commentsvc:likes:${this.options.site}`;
  }

  reactionKey() {
    return `commentsvc:reaction:${this.options.site}:${this.options.article}`;
  }

  draftKey() {
    return `commentsvc:draft:${this.options.site}:${this.options.article}`;
  }

  async api(path, init) {
    const url = `${this.base}/api/v1/sites/${encodeURIComponent(this.options.site)}${path}`;
    const headers = init && init.body ? { "Content-Type": "application/json" } : {};
    const response = await fetch(url, { credentials: "omit", ...init, headers });
    const body = await response.json().catch(() => null);
    return { status: response.status, ok: response.ok, body: body || {} };
  }

  post(path, data) {
    return this.api(path, { method: "POST", body: JSON.stringify(data) });
  }

  start() {
    this.loadThread();
    if (this.options.reactions) this.loadReactions();
    this.listen();
    setInterval(() => this.refreshTimes(), 60000);
  }

  announce(message) {
    const region = this.root.lastElementChild;
    region.textContent = "";
    setTimeout(() => (region.textContent = message), 50);
  }

  /* Thread */

  async loadThread(cursor) {
    const query = new URLSearchParams({ article: this.options.article, sort: this.sort, limit: this.options.pageSize });
    if (cursor) query.set("cursor", cursor);
    let result;
    try {
      result = await this.api(`/comments?${query}`);
    } catch (e) {
      result = { ok: false };
    }
    if (!result.ok) return this.showLoadError(cursor);
    if (!cursor) this.resetThread();
    this.addPage(result.body);
  }

  resetThread() {
    this.comments = [];
    this.$(".cs-list").replaceChildren();
    this.$(".cs-error").hidden = true;
  }

  addPage(page) {
    this.formToken = this.formToken || page.form_token;
    this.total = page.total;
    this.next = page.next_cursor;
    const list = this.$(".cs-list");
    for (const comment of page.comments) {
      if (findComment(this.comments, comment.id)) continue;
      this.comments.push(comment);
      list.append(commentView(this, comment));
    }
    this.$(".cs-more").hidden = !this.next;
    this.settlePending();
    this.paintCount();
  }

  showLoadError(cursor) {
    const box = this.$(".cs-error");
    box.replaceChildren(this.t("loadFailed"), " ");
    box.append(h("button", { type: "button", class: "cs-link", onclick: () => this.loadThread(cursor) }, this.t("retry")));
    box.hidden = false;
    if (!cursor) this.$("#cs-count").textContent = this.t("comments", { n: 0 });
  }

  paintCount() {
    this.$("#cs-count").textContent = this.t("comments", { n: this.total });
    this.$(".cs-empty").hidden = this.total > 0 || this.$(".cs-own").children.length > 0;
  }

  loadMore() {
    if (this.next) this.loadThread(this.next);
  }

  changeSort(sort) {
    this.sort = sort;
    this.buffer = [];
    this.paintBanner();
    this.loadThread();
  }

  refreshTimes() {
    for (const time of this.root.querySelectorAll("time[data-rel]")) {
      time.textContent = relativeTime(time.getAttribute("datetime"), Date.now(), this.lang);
    }
  }

  /* Placing comments that arrive after the first load */

  place(comment) {
    if (!insertComment(this.comments, comment, this.sort)) return null;
    const node = commentView(this, { ...comment, replies: [] });
    if (comment.parent_id) {
      this.root.querySelector(`[data-id="${comment.parent_id}"] > article > .cs-replies`).append(node);
    } else if (this.sort === "newest") this.$(".cs-list").prepend(node);
    else this.$(".cs-list").append(node);
    node.firstElementChild.classList.add("cs-flash");
    return node;
  }

  onLiveComment(comment) {
    if (findComment(this.comments, comment.id) || this.buffer.some((c) => c.id === comment.id)) return;
    const mine = this.pending().some((p) => p.id === comment.id);
    if (!mine) {
      this.buffer.push(comment);
      this.paintBanner();
      return;
    }
    this.total += 1;
    this.place(comment);
    this.settlePending();
    this.paintCount();
    this.announce(this.t("published"));
  }

  paintBanner() {
    const banner = this.$(".cs-new");
    const n = this.buffer.length;
    banner.hidden = n === 0;
    banner.textContent = n ? `${this.t("newComments", { n })} – ${this.t("show")}` : "";
    if (n) this.announce(this.t("newComments", { n }));
  }

  showNew() {
    const nodes = this.buffer.map((comment) => this.place(comment)).filter(Boolean);
    // Every one counts towards "N comments", even a reply whose parent is on a page not loaded
    // yet: it is published, and "Load more" will bring it with its parent.
    this.total += this.buffer.length;
    this.buffer = [];
    this.paintBanner();
    this.paintCount();
    if (nodes.length) nodes[0].firstElementChild.focus();
  }

  onLiveLikes(update) {
    const comment = findComment(this.comments, update.id);
    const button = this.root.querySelector(`[data-like="${update.id}"]`);
    if (!comment || !button) return;
    comment.likes = update.likes;
    paintLike(this, button, comment, this.liked.has(comment.id));
  }

  listen() {
    if (!window.EventSource) return;
    const query = new URLSearchParams({ article: this.options.article });
    const source = new EventSource(`${this.base}/api/v1/sites/${encodeURIComponent(this.options.site)}/stream?${query}`);
    const on = (name, handler) => source.addEventListener(name, (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; } // a malformed event is dropped, never thrown into the host page
      handler.call(this, data);
    });
    on("comment", this.onLiveComment);
    on("reactions", (data) => this.paintReactionCounts(data.counts));
    on("likes", this.onLiveLikes);
    source.onopen = () => this.host.setAttribute("data-live", "on");
    source.onerror = () => {
      this.host.setAttribute("data-live", "off");
      if (source.readyState === EventSource.CLOSED) setTimeout(() => this.listen(), 30000);
    };
  }

  /* Reactions and likes */

  async loadReactions() {
    try {
      const result = await this.api(`/reactions?${new URLSearchParams({ article: this.options.article })}`);
      if (result.ok) this.paintReactionCounts(result.body.counts);
    } catch (e) {
      /* the bar stays at zero; a click will try again */
    }
  }

  paintReactionCounts(counts) {
    this.reactions.counts = { ...counts };
    if (this.options.reactions) paintReactions(this, this.root);
  }

  async react(kind) {
    const before = { counts: { ...this.reactions.counts }, mine: this.reactions.mine };
    const mine = before.mine === kind ? null : kind;
    const counts = { ...before.counts };
    if (before.mine) counts[before.mine] = Math.max(0, (counts[before.mine] || 0) - 1);
    if (mine) counts[mine] = (counts[mine] || 0) + 1;
    this.setReaction(mine, counts);
    // A reader may click again before the first answer arrives; only the last click's
    // answer may paint, or a late "love" would undo the "haha" clicked after it.
    const sent = ++this.reactions.sent;
    const { title, url, article } = this.options;
    const data = { article, reader: this.reader, reaction: mine, article_title: title, article_url: url };
    const result = await this.post("/reactions", data).catch(() => ({ ok: false }));
    if (sent !== this.reactions.sent) return;
    if (result.ok) this.setReaction(result.body.mine, result.body.counts);
    else {
      this.setReaction(before.mine, before.counts);
      this.announce(this.t("reactFailed"));
    }
  }

  setReaction(mine, counts) {
    this.reactions.mine = mine;
    if (mine) this.store.set(this.reactionKey(), mine);
    else this.store.remove(this.reactionKey());
    this.paintReactionCounts(counts);
  }

  async toggleLike(comment, button) {
    const liked = !this.liked.has(comment.id);
    const before = comment.likes || 0;
    this.setLiked(comment, button, liked, before + (liked ? 1 : -1));
    const result = await this.post(`/comments/${comment.id}/likes`, { reader: this.reader, liked }).catch(() => ({ ok: false }));
    if (result.ok) this.setLiked(comment, button, result.body.liked, result.body.likes);
    else this.setLiked(comment, button, !liked, before);
  }

  setLiked(comment, button, liked, likes) {
    comment.likes = Math.max(0, likes);
    if (liked) this.liked.add(comment.id);
    else this.liked.delete(comment.id);
    this.store.set(this.likesKey(), [...this.liked].slice(-1000));
    paintLike(this, button, comment, liked);
  }
}
