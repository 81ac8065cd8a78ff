/* Run by tests/browser/test_every_page.py after axe.min.js is injected: axe's violations, and every colour-contrast
 * item axe leaves "needs review" measured against what is painted under it. */
(async () => {
  const result = await axe.run(document, {resultTypes: ['violations', 'incomplete'],
                                          runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
                                                                           'wcag21aa', 'best-practice']}});
  const parse = (c) => { const m = (c || '').match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const painted = (el) => { const s = getComputedStyle(el);
    if (el instanceof SVGElement && !(el instanceof SVGSVGElement)) {
      if (['text', 'tspan', 'g', 'title', 'line', 'polyline'].includes(el.tagName)) return null;
      const f = parse(s.fill); return f && f.a > 0 && s.fill !== 'none' && parseFloat(s.fillOpacity || 1) > 0.5 ? f : null; }
    const b = parse(s.backgroundColor); return b && b.a > 0.5 ? b : null; };
  const measure = (node) => {
    const el = document.querySelector(node.target[0]); if (!el) return {unmeasurable: 'gone'};
    const texts = el.matches('text, tspan') ? [el] : Array.from(el.querySelectorAll('text')).concat(
        el.querySelectorAll('text').length ? [] : [el]);
    let worst = null;
    for (const t of texts) {
      const s = getComputedStyle(t); const fg = parse(t instanceof SVGElement ? s.fill : s.color);
      if (!fg) return {unmeasurable: 'no colour'};
      t.scrollIntoView({block: 'center', inline: 'center'});
      const box = t.getBoundingClientRect(); if (!box.width || !box.height) continue;
      let bg = {r: 255, g: 255, b: 255, a: 1};
      for (const under of document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)) {
        if (under === t || t.contains(under)) continue;
        const p = painted(under); if (p) { bg = p; break; }
      }
      const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
      const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
      const r = ratio(fg, bg);
      if (!worst || r / needed < worst.ratio / worst.needed) worst = {ratio: r, needed, fontSize: size};
    }
    return worst || {unmeasurable: 'not visible'};
  };
  const brief = (items, measured) => items.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: (n.failureSummary || '').slice(0, 300),
                                data: (n.any[0] || {}).data || null, html: n.html.slice(0, 160),
                                measured: measured ? measure(n) : null}))}));
  window.scrollTo(0, 0);
  return {violations: brief(result.violations, false), incomplete: brief(result.incomplete.filter(
      v => v.id === 'color-contrast'), true)};
})
