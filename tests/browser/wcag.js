// The WCAG 2.1 AA checks that axe-core cannot make, as window.wcag for tests/browser/wcag.py.
// Each check returns a list of what it found, in Dutch, described so that the element can be
// found again: tag, id, classes and the start of its text. Nothing here changes the page.
() => {
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === "string" && el.className.trim()) {
      s += `.${el.className.trim().split(/\s+/).join(".")}`;
    }
    const text = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  // Hidden on purpose: not drawn, or drawn for a screen reader only (clipped to nothing), or
  // the skip link while it waits off screen for its focus.
  const hiddenOnPurpose = (el) => {
    if (!el.checkVisibility({ visibilityProperty: true })) return true;
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.clipPath !== "none" || style.clip !== "auto") return true;
      // an icon button's text, moved out of its box for a screen reader only
      if (Math.abs(parseFloat(style.textIndent)) > 999) return true;
      const placed = style.position === "fixed" || style.position === "absolute";
      if (placed && e.getBoundingClientRect().bottom + window.scrollY <= 0) return true;
    }
    return false;
  };
  const scrolls = (el) => {
    const style = getComputedStyle(el);
    const inline = ["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const block = ["auto", "scroll"].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    return inline || block;
  };
  const insideScrollBox = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") return true;
    }
    return false;
  };
  // The part of a box that its clipping ancestors (overflow other than visible) leave in view.
  const inView = (rect, el) => {
    let { left, top, right, bottom } = rect;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX === "visible" && getComputedStyle(e).overflowY === "visible") continue;
      const box = e.getBoundingClientRect();
      left = Math.max(left, box.left);
      top = Math.max(top, box.top);
      right = Math.min(right, box.right);
      bottom = Math.min(bottom, box.bottom);
    }
    return { left, top, right, bottom };
  };
  const TABBABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  const tabbable = () =>
    [...document.querySelectorAll(TABBABLE)].filter(
      (el) => el.tabIndex >= 0 && !el.disabled && !el.closest("[inert]")
        && (!hiddenOnPurpose(el) || el.matches('a[href^="#"]') && el.checkVisibility()),
    );
  // What can show focus: the outline, a shadow, the border, the colours, the underline.
  const look = (el) => {
    const style = getComputedStyle(el);
    return {
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1
        && style.outlineColor !== "rgba(0, 0, 0, 0)",
      key: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
        style.borderColor, style.borderWidth, style.backgroundColor, style.color,
        style.textDecorationLine].join("|"),
    };
  };

  window.wcag = {
    // 1.4.10: what sticks out past the right edge of the window, when the page scrolls sideways.
    horizontalOverflow() {
      const root = document.scrollingElement;
      if (root.scrollWidth <= root.clientWidth + 1) return [];
      const width = root.clientWidth;
      const out = [];
      for (const el of document.body.querySelectorAll("*")) {
        if (hiddenOnPurpose(el) || insideScrollBox(el)) continue;
        const right = el.getBoundingClientRect().right + window.scrollX;
        if (right <= width + 1) continue;
        // the one that sticks out of its parent, not every ancestor that it widens
        const parent = el.parentElement.getBoundingClientRect().right + window.scrollX;
        if (right > parent + 1 || el.parentElement === document.body) {
          out.push(`${describe(el)} reikt tot ${Math.round(right)}px`);
        }
      }
      if (out.length) return out;
      // Text for a screen reader only, placed absolutely: it escapes a table box's overflow.
      for (const el of document.body.querySelectorAll("*")) {
        const right = el.getBoundingClientRect().right + window.scrollX;
        if (right > width + 1 && hiddenOnPurpose(el) && el.checkVisibility()) {
          out.push(`${describe(el)} (alleen voor een schermlezer) reikt tot ${Math.round(right)}px`);
        }
      }
      return out.length ? out : [`de pagina is ${root.scrollWidth}px breed`];
    },
    // 1.4.10's exception: a table may scroll in a box of its own, one a keyboard user can reach
    // (tabindex=0) and a screen reader names (role=region with a label).
    unnamedScrollBoxes() {
      const out = [];
      for (const el of document.body.querySelectorAll("*")) {
        // a list box or text area scrolls by itself, and its label names it
        if (["SELECT", "TEXTAREA"].includes(el.tagName) || !scrolls(el) || hiddenOnPurpose(el)) continue;
        const name = (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || "").trim();
        if (el.getAttribute("role") !== "region" || !name || el.tabIndex !== 0) out.push(describe(el));
      }
      return out;
    },
    // 1.4.4 and 1.4.12: text that a box with overflow hidden (or an ellipsis) cuts off.
    clippedText() {
      const out = [];
      for (const el of document.body.querySelectorAll("*")) {
        if (["INPUT", "SELECT", "TEXTAREA", "OPTION"].includes(el.tagName)) continue;
        const style = getComputedStyle(el);
        const hiddenX = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
        const hiddenY = ["hidden", "clip"].includes(style.overflowY);
        if (!hiddenX && !hiddenY) continue;
        if (!el.innerText || !el.innerText.trim() || hiddenOnPurpose(el)) continue;
        const cutX = hiddenX && el.scrollWidth > el.clientWidth + 1;
        const cutY = hiddenY && el.scrollHeight > el.clientHeight + 1;
        if (cutX || cutY) {
          out.push(`${describe(el)} (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
        }
      }
      return out;
    },
    // 1.4.4 and 1.4.12: text drawn over other text (a box of fixed size that its text outgrew,
    // a float or a negative margin that assumed the text's size).
    overlappingText() {
      const lines = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.data.trim() || hiddenOnPurpose(node.parentElement)) continue;
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
          const r = inView(rect, node.parentElement);
          if (r.right - r.left > 1 && r.bottom - r.top > 1) lines.push({ r, node });
        }
      }
      lines.sort((a, b) => a.r.top - b.r.top);
      const out = new Set();
      for (let i = 0; i < lines.length; i++) {
        const a = lines[i];
        for (let j = i + 1; j < lines.length && lines[j].r.top < a.r.bottom - 2; j++) {
          const b = lines[j];
          if (b.node === a.node) continue;
          const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (w > 2 && h > 2) {
            out.add(`"${a.node.data.trim().slice(0, 30)}" over "${b.node.data.trim().slice(0, 30)}"`);
          }
        }
      }
      return [...out];
    },
    // 2.4.7 and 2.1.1: before the first Tab, how each element looks without focus; then, per
    // Tab, what has focus and whether it shows that.
    startTabbing() {
      this.unfocused = new Map(tabbable().map((el) => [el, look(el)]));
      this.reached = [];
    },
    focused() {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { end: true };
      const before = this.unfocused.get(el);
      const now = look(el);
      const again = this.reached.includes(el);
      if (!again) this.reached.push(el);
      const r = el.getBoundingClientRect();
      return {
        end: false,
        again,
        what: describe(el),
        shows: now.outline || (before !== undefined && before.key !== now.key),
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
          && r.right > 0 && r.left < innerWidth,
        skipLink: el.matches('a[href^="#"]') && /inhoud/i.test(el.innerText),
        target: el.matches('a[href^="#"]') ? el.getAttribute("href").slice(1) : "",
      };
    },
    notReached() {
      const radios = new Set(this.reached.filter((el) => el.type === "radio").map((el) => el.name));
      return tabbable()
        .filter((el) => !this.reached.includes(el) && !(el.type === "radio" && radios.has(el.name)))
        .map(describe);
    },
    // 2.4.1: a page with anything to Tab to before its main content needs the skip link.
    hasBlocksBeforeMain() {
      const main = document.querySelector("main");
      return tabbable().some((el) => !main || !main.contains(el)
        && main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
    },
    // The skip link's target: main itself, or in it.
    isMainContent(el) {
      const main = document.querySelector("main");
      return Boolean(el && main && (main === el || main.contains(el) || el.contains(main)));
    },
  };
}
