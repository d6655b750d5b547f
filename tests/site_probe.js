/* Measurements of one loaded page for tests/test_site_a11y.py, taken in the real browser.
   Returns plain data; the test decides what fails. One call per page load. */
() => {
  "use strict";
  const vw = document.documentElement.clientWidth;

  function visible(el) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < vw;
  }

  function describe(el) {
    let out = el.tagName.toLowerCase();
    if (el.id) out += "#" + el.id;
    if (el.classList.length) out += "." + Array.from(el.classList).join(".");
    const text = (el.textContent || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    return out + (text ? ` 「${text.slice(0, 20)}」` : "");
  }

  function lines(el) {
    /* How many lines the element's text occupies (distinct line tops of its glyph boxes). */
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set();
    for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    return tops.size;
  }

  /* Sideways scrolling: the page itself, and any box inside the page that clips or scrolls. */
  const pageWidth = document.documentElement.scrollWidth;
  const clipped = [];
  for (const el of document.querySelectorAll(".md-content *, .md-footer *")) {
    const ox = getComputedStyle(el).overflowX;
    if (ox === "visible" || !visible(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) clipped.push(`${describe(el)} ${el.scrollWidth}>${el.clientWidth}`);
  }
  /* text wider than its own box (a cell, a paragraph): it spills over its neighbours */
  for (const el of document.querySelectorAll(".md-content :is(td, th, dd, dt, p, li, caption, h1, h2, h3)")) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) clipped.push(`${describe(el)} text ${el.scrollWidth}>${el.clientWidth}`);
  }
  const outside = [];
  for (const el of document.querySelectorAll(".md-content *")) {
    if (!visible(el) || el.children.length) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) outside.push(`${describe(el)} ${Math.round(r.left)}–${Math.round(r.right)}`);
  }

  /* The ledger: every amount and the 大写 line inside the viewport's width, visible. */
  const ledger = [];
  for (const el of document.querySelectorAll(".board-ledger .board-num, .board-ledger .board-capital")) {
    if (!(el.textContent || "").trim()) continue;
    const r = el.getBoundingClientRect();
    const ok = visible(el) && r.left >= -0.5 && r.right <= vw + 0.5;
    ledger.push({ text: el.textContent.trim(), ok, left: r.left, right: r.right });
  }

  /* Tap targets: ≥ 44×44 CSS px, except a link inside a sentence (WCAG 2.5.8's inline exception). */
  const small = [];
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, label[for], summary, [role=button]");
  for (const el of controls) {
    if (!visible(el)) continue;
    if (el.tagName === "LABEL" && el.classList.contains("md-search__overlay")) continue;
    const r = el.getBoundingClientRect();
    if (r.width >= 43.5 && r.height >= 43.5) continue;
    if (el.tagName === "A" && getComputedStyle(el).display === "inline"
        && !el.closest("nav, header, footer, .board-list, .board-links, .board-pages, .board-tools")) {
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
      const own = el.textContent.trim().length;
      if (block && block.textContent.trim().length > own) continue;
    }
    small.push(`${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }

  /* Text under 16 px (counted per text node that is shown). */
  const tiny = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || !visible(el) || el.closest("code, pre, script, style, svg, .md-skip")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 15.95) tiny.push(`${describe(el)} ${size}px`);
  }

  /* Labels and numbers that must stay on one line. */
  const broken = [];
  for (const el of document.querySelectorAll("dl.board-meta dt, .board-nobr, a[href^='tel:'], .board-num, .board-tool, .board-badge")) {
    if (visible(el) && lines(el) > 1) broken.push(describe(el));
  }

  /* Font sizes the 大字 mode must enlarge (first shown element of each kind). */
  const kinds = {
    body: ".board-body p, .board-lead, .md-content__inner > p",
    heading: ".md-content__inner h1",
    subheading: ".md-content__inner h2",
    metadata: "dl.board-meta dd, dl.board-meta dt, .board-entry-meta, .board-crumbs",
    table: ".md-content__inner td",
    badge: ".board-badge",
    button: ".board-tool",
    nav: ".md-nav__link, .md-header__topic",
    footer: ".md-footer-meta, .board-footer",
  };
  const sizes = {};
  for (const [kind, selector] of Object.entries(kinds)) {
    const el = Array.from(document.querySelectorAll(selector)).find(visible);
    if (el) sizes[kind] = parseFloat(getComputedStyle(el).fontSize);
  }
  const target = Array.from(document.querySelectorAll(".board-tool, .md-header__button")).filter(visible);
  sizes.controlHeight = Math.min(...target.map((el) => el.getBoundingClientRect().height), 1e9);

  return { vw, pageWidth, clipped, outside, ledger, small, tiny, broken, sizes,
           large: document.documentElement.classList.contains("board-large") };
}
