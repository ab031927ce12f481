/* The "Leave a Reply" form: replies, preview, validation, posting and the reader's own
   comments awaiting moderation. Nothing typed is cleared until the server has accepted it. */

Object.assign(Widget.prototype, {
  field(name) {
    return this.form.elements[name];
  },

  values() {
    return Object.fromEntries(FIELDS.map((name) => [name, this.field(name).value]));
  },

  restoreForm() {
    const saved = this.store.get("commentsvc:identity");
    if (saved) {
      for (const name of ["name", "email", "website"]) this.field(name).value = saved[name] || "";
      this.field("remember").checked = true;
    }
    const draft = this.session.get(this.draftKey());
    if (draft && typeof draft.body === "string") this.field("body").value = draft.body;
    for (const name of FIELDS) this.field(name).addEventListener("input", () => this.onInput(name));
    this.paintChars();
  },

  onInput(name) {
    if (this.field(name).getAttribute("aria-invalid") === "true") this.showFieldError(name, []);
    if (name !== "body") return;
    this.session.set(this.draftKey(), { body: this.field("body").value });
    this.paintChars();
  },

  paintChars() {
    const left = LIMITS.body - this.field("body").value.length;
    this.$(".cs-chars").textContent = left < 500 ? this.t("charsLeft", { n: left }) : "";
  },

  showPreview(on) {
    const preview = this.$(".cs-preview");
    const body = this.field("body");
    const empty = `<p class="cs-muted">${escapeHtml(this.t("nothingToPreview"))}</p>`;
    preview.innerHTML = on ? renderMarkdown(body.value) || empty : "";
    preview.hidden = !on;
    body.hidden = on;
    this.root.querySelectorAll(".cs-tab").forEach((tab, i) => tab.setAttribute("aria-pressed", String(on === (i === 1))));
  },

  startReply(comment) {
    this.replyTo = comment;
    this.root.querySelector(`[data-id="${comment.id}"] > article > .cs-main`).append(this.form);
    this.form.classList.add("cs-replying");
    this.$("#cs-respond-title").textContent = this.t("replyTo", { name: comment.author.name });
    this.$(".cs-cancel").hidden = false;
    this.field("body").focus();
  },

  cancelReply() {
    const id = this.replyTo && this.replyTo.id;
    this.endReply();
    const button = id && this.root.querySelector(`[data-id="${id}"] > article .cs-actions .cs-link`);
    if (button) button.focus();
  },

  endReply() {
    this.replyTo = null;
    this.respond.append(this.form);
    this.form.classList.remove("cs-replying");
    this.$("#cs-respond-title").textContent = this.t("leaveReply");
    this.$(".cs-cancel").hidden = true;
  },

  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const values = this.values();
    const errors = validateComment(values, this.t);
    this.showErrors(errors);
    if (Object.keys(errors).length) return this.status(this.t("fixFields"), "error");
    this.setBusy(true);
    try {
      this.handlePosted(await this.post("/comments", this.payload(values)), values);
    } catch (e) {
      this.status(this.t("network"), "error");
    } finally {
      this.setBusy(false);
    }
  },

  payload(values) {
    const { article, title, url } = this.options;
    const data = { ...values, article, form_token: this.formToken || "", company: this.field("company").value };
    if (title) data.article_title = title;
    if (url) data.article_url = url;
    if (this.replyTo) data.parent_id = this.replyTo.id;
    return data;
  },

  handlePosted(result, values) {
    if (result.status === 201) return this.published(result.body.comment, values);
    if (result.status === 202) return this.held(result.body, values);
    const fields = { ...(result.body.fields || {}) };
    if (result.status === 413 && !fields.body) fields.body = [this.t("bodyTooLong", { max: LIMITS.body })];
    if (Object.keys(fields).length) {
      this.showErrors(fields);
      const other = Object.keys(fields).filter((name) => !FIELDS.includes(name));
      return this.status([this.t("fixFields"), ...other.map((name) => fields[name].join(" "))].join(" "), "error");
    }
    const closed = result.body.error === "article_closed";
    this.status(closed ? this.t("closed") : result.body.message || this.t("failed"), "error");
  },

  published(comment, values) {
    this.accepted(values);
    this.total += 1;
    const node = this.place(comment);
    this.paintCount();
    this.status(this.t("published"), "ok");
    if (node) node.firstElementChild.focus();
  },

  held(body, values) {
    const parent = this.replyTo ? this.replyTo.id : null;
    const entry = { id: body.id, parent_id: parent, name: values.name.trim(), body: values.body, created: new Date().toISOString() };
    addPending(this.store, this.options.site, this.options.article, entry, Date.now());
    this.accepted(values);
    this.renderPending();
    this.paintCount();
    this.status(this.t("awaiting"), "ok");
  },

  accepted(values) {
    if (this.field("remember").checked) {
      this.store.set("commentsvc:identity", { name: values.name, email: values.email, website: values.website });
    } else this.store.remove("commentsvc:identity");
    this.field("body").value = "";
    this.session.remove(this.draftKey());
    this.paintChars();
    this.showPreview(false);
    if (this.replyTo) this.endReply();
  },

  pending() {
    return pendingComments(this.store, this.options.site, this.options.article, Date.now());
  },

  settlePending() {
    const approved = this.pending().filter((p) => findComment(this.comments, p.id)).map((p) => p.id);
    if (approved.length) dropPending(this.store, this.options.site, this.options.article, approved, Date.now());
    this.renderPending();
  },

  renderPending() {
    this.root.querySelectorAll("[data-pending]").forEach((node) => node.remove());
    for (const entry of this.pending()) {
      const parent = entry.parent_id && this.root.querySelector(`[data-id="${entry.parent_id}"] > article > .cs-replies`);
      (parent || this.$(".cs-own")).append(pendingView(this, entry));
    }
  },

  showErrors(errors) {
    let first = null;
    for (const name of FIELDS) {
      const messages = errors[name] || [];
      this.showFieldError(name, messages);
      if (messages.length && !first) first = this.field(name);
    }
    if (errors.body) this.showPreview(false);
    if (first) first.focus();
  },

  showFieldError(name, messages) {
    this.$(`#cs-${name}-error`).textContent = messages.join(" ");
    this.field(name).setAttribute("aria-invalid", String(messages.length > 0));
  },

  setBusy(on) {
    this.busy = on;
    const button = this.form.querySelector('[type="submit"]');
    button.disabled = on;
    button.textContent = this.t(on ? "posting" : "post");
    this.form.setAttribute("aria-busy", String(on));
  },

  status(message, kind) {
    const status = this.form.querySelector(".cs-status");
    status.dataset.kind = kind;
    status.textContent = message;
  },
});
