/* Start a widget for the embed script tag that is running, once the page has its target. */

function safeStorage(name) {
  try {
    return window[name];
  } catch (e) {
    return null; /* blocked storage: the store falls back to memory */
  }
}

function adoptStyles(shadow, css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } catch (e) {
    shadow.append(h("style", {}, css));
  }
}

function boot(script) {
  const options = parseOptions(script.dataset, document.documentElement.lang, STRINGS);
  if (!options.site || !options.article) {
    console.warn("commentsvc: the embed script needs data-site and data-article");
    return;
  }
  const mount = () => {
    const target = document.querySelector(options.target);
    if (target) new Widget(target, options, serviceBase(script.src)).start();
    else console.warn(`commentsvc: no element matches ${options.target}`);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
  else mount();
}

if (typeof document !== "undefined") {
  const script = document.currentScript || [...document.querySelectorAll('script[src*="/widget/embed.js"]')].pop();
  if (script && !script.dataset.commentsvcBooted) {
    script.dataset.commentsvcBooted = "1";
    boot(script);
  }
}
