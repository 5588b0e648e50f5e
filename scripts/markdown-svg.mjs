// Renders GitHub-flavoured Markdown (a job summary, a pull-request comment) as a deterministic
// SVG picture, the way github.com shows it, with no browser: micromark turns the Markdown into
// HTML, and this lays that HTML out with fixed font metrics (Helvetica's, from its AFM) and
// pins each run of text to the width it was laid out with (`textLength`), so the picture looks
// the same whatever font the viewer has. The same Markdown always gives the same bytes, so CI
// can check the pictures are current (scripts/pictures.ts --check).
//
// It knows what the summary and the comment use (headings, paragraphs, lists, tables, block
// quotes, code spans, links, bold, italics, <details>) and throws on anything else, so a new
// construct in the output is noticed, not drawn wrong.
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

// Advance widths of ASCII 32–126 in 1/1000 em: Helvetica and Helvetica-Bold (Adobe's AFM, as
// groff ships it in font/devps/HR and HB). Arial and Liberation Sans share them.
const REGULAR =
  '278,278,355,556,556,889,667,222,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,333,556,222,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,333'
    .split(',')
    .map(Number)
const BOLD =
  '278,333,474,556,556,889,722,278,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,333,556,278,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,333'
    .split(',')
    .map(Number)

/** A few characters past ASCII the summary uses, from the same AFM files. */
const EXTRA = { '·': 278, '…': 1000, '×': 584, '–': 556, '—': 1000, '→': 1000, '▸': 600, '’': 222 }

const SANS = `-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif`
const MONO = `ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace`
const COLOR = {
  text: '#1f2328',
  muted: '#59636e',
  link: '#0969da',
  border: '#d1d9e0',
  codeBg: '#eff1f3',
  headBg: '#f6f8fa',
}

const isEmoji = (ch) => /\p{Extended_Pictographic}/u.test(ch)

/** Width in px of `text` in the style `s` (`mono`, `bold`, `size`). */
function measure(text, s) {
  let w = 0
  for (const ch of text) {
    if (ch === '\uFE0F' || ch === '\u200D') continue
    if (s.mono) w += 0.6 * s.size
    else if (isEmoji(ch)) w += 1.25 * s.size
    else {
      const c = ch.codePointAt(0) ?? 0
      const table = s.bold ? BOLD : REGULAR
      w += ((c >= 32 && c < 127 ? table[c - 32] : (EXTRA[ch] ?? 600)) / 1000) * s.size
    }
  }
  return w
}

const xml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const decode = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&')
const num = (n) => String(Math.round(n * 100) / 100)

/** The HTML micromark makes, as a tree of { tag, attrs, children } and strings. */
function tree(html) {
  const root = { tag: 'root', attrs: {}, children: [] }
  const stack = [root]
  const VOID = new Set(['br', 'hr', 'img', 'input'])
  for (const m of html.matchAll(/<!--[\s\S]*?-->|<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/g)) {
    if (m[0].startsWith('<!--')) continue
    const top = stack.at(-1)
    if (m[4] !== undefined) {
      top.children.push(decode(m[4]))
      continue
    }
    const [, close, tag, rest] = m
    if (close) {
      while (stack.length > 1 && stack.at(-1).tag !== tag) stack.pop()
      if (stack.length > 1) stack.pop()
      continue
    }
    const attrs = Object.fromEntries(
      [...rest.matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])]),
    )
    const node = { tag, attrs, children: [] }
    top.children.push(node)
    if (!VOID.has(tag) && !rest.trim().endsWith('/')) stack.push(node)
  }
  return root
}

const INLINE = new Set(['code', 'a', 'strong', 'em', 'del', 'span', 'br'])

/** Inline content as runs of words: { text, style, space } where `space` is a break before. */
function runs(nodes, base) {
  const out = []
  const walk = (n, s) => {
    if (typeof n === 'string') {
      const text = s.mono ? n : n.replace(/\s+/g, ' ')
      for (const [i, part] of text.split(' ').entries()) {
        if (i > 0) out.push({ space: true })
        if (part !== '') out.push({ text: part, style: s })
      }
      return
    }
    if (!INLINE.has(n.tag))
      throw new Error(`markdown-svg: <${n.tag}> inside a line is not supported`)
    if (n.tag === 'br') return out.push({ br: true })
    const next = { ...s }
    if (n.tag === 'code') Object.assign(next, { mono: true, size: s.size * 0.85, code: true })
    if (n.tag === 'a') next.color = COLOR.link
    if (n.tag === 'strong') next.bold = true
    if (n.tag === 'em') next.italic = true
    for (const c of n.children) walk(c, next)
  }
  for (const n of nodes) walk(n, base)
  return out
}

/** Lays runs out in lines of `width` from (x, y); returns the height used and the drawing. */
function flow(items, x, y, width, lineHeight) {
  const parts = []
  const lines = [[]]
  let cx = 0
  let pendingSpace = false
  for (const it of items) {
    if (it.br) {
      lines.push([])
      cx = 0
      pendingSpace = false
      continue
    }
    if (it.space) {
      pendingSpace = true
      continue
    }
    let text = it.text
    while (text !== '') {
      const space = pendingSpace && cx > 0 ? measure(' ', it.style) : 0
      const w = measure(text, it.style)
      if (cx + space + w <= width || cx === 0) {
        if (cx === 0 && w > width) {
          // Too long for any line (a CID, a URL): cut it where the line ends.
          let cut = 1
          while (cut < text.length && measure(text.slice(0, cut + 1), it.style) <= width) cut++
          lines.at(-1).push({
            ...it,
            text: text.slice(0, cut),
            x: 0,
            w: measure(text.slice(0, cut), it.style),
          })
          text = text.slice(cut)
          lines.push([])
          cx = 0
          pendingSpace = false
          continue
        }
        lines.at(-1).push({ ...it, text, x: cx + space, w, spaceBefore: space > 0 })
        cx += space + w
        text = ''
      } else {
        lines.push([])
        cx = 0
      }
      pendingSpace = false
    }
  }
  for (const [i, line] of lines.entries()) {
    const base = y + i * lineHeight + lineHeight * 0.72
    // Words of one style next to each other are one <text>, spaces included.
    const groups = []
    for (const w of line) {
      const last = groups.at(-1)
      const same = last && last.style === w.style && !isEmoji(w.text[0] ?? '') && !last.emoji
      if (same) {
        last.text += `${w.spaceBefore ? ' ' : ''}${w.text}`
        last.w = w.x + w.w - last.x
      } else groups.push({ ...w, emoji: [...w.text].some(isEmoji) })
    }
    for (const g of groups) {
      const s = g.style
      if (s.code)
        parts.push(
          `<rect x="${num(x + g.x - 2)}" y="${num(base - s.size * 0.95)}" width="${num(g.w + 4)}" height="${num(s.size * 1.35)}" rx="3" fill="${COLOR.codeBg}"/>`,
        )
      const attrs = [
        `x="${num(x + g.x)}"`,
        `y="${num(base)}"`,
        `font-size="${num(s.size)}"`,
        s.mono ? `font-family="${MONO}"` : '',
        s.bold ? 'font-weight="600"' : '',
        s.italic ? 'font-style="italic"' : '',
        s.color && s.color !== COLOR.text ? `fill="${s.color}"` : '',
        g.emoji ? '' : `textLength="${num(g.w)}" lengthAdjust="spacingAndGlyphs"`,
      ].filter(Boolean)
      parts.push(`<text ${attrs.join(' ')}>${xml(g.text)}</text>`)
    }
  }
  const used = lines.filter((l) => l.length > 0).length || 1
  return { height: used * lineHeight, parts }
}

/** Natural (one-line) width of inline content. */
const naturalWidth = (items) => {
  let w = 0
  for (const it of items) {
    if (it.space) w += 4
    else if (it.text) w += measure(it.text, it.style)
  }
  return w
}

const BASE = { size: 14, bold: false, mono: false, color: COLOR.text }

/** Lays out block nodes from y; returns the new y. */
function blocks(nodes, x, y, width, out) {
  for (const n of nodes) {
    if (typeof n === 'string') {
      if (n.trim() !== '') y = paragraph([n], x, y, width, out, BASE, 0)
      continue
    }
    switch (n.tag) {
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4': {
        const size = { h1: 24, h2: 20, h3: 17, h4: 15 }[n.tag]
        y += 6
        y = paragraph(n.children, x, y, width, out, { ...BASE, size, bold: true }, 10, size * 1.45)
        break
      }
      case 'p':
        y = paragraph(n.children, x, y, width, out, BASE, 12)
        break
      case 'ul':
      case 'ol':
        for (const li of n.children.filter((c) => typeof c !== 'string')) {
          out.push(
            `<circle cx="${num(x + 8)}" cy="${num(y + 10.5)}" r="2.2" fill="${COLOR.text}"/>`,
          )
          const inline = li.children.every((c) => typeof c === 'string' || INLINE.has(c.tag))
          y = inline
            ? paragraph(li.children, x + 22, y, width - 22, out, BASE, 4)
            : blocks(li.children, x + 22, y, width - 22, out)
        }
        y += 8
        break
      case 'blockquote': {
        const top = y
        const inner = []
        y = blocks(n.children, x + 16, y, width - 16, inner)
        out.push(
          `<rect x="${num(x)}" y="${num(top)}" width="3.5" height="${num(y - top - 12)}" fill="${COLOR.border}"/>`,
          `<g fill="${COLOR.muted}">`,
          ...inner,
          '</g>',
        )
        break
      }
      case 'details': {
        const summary = n.children.find((c) => typeof c !== 'string' && c.tag === 'summary')
        y = paragraph(['▸ ', ...(summary?.children ?? [])], x, y, width, out, BASE, 12)
        break
      }
      case 'table':
        y = table(n, x, y, width, out)
        break
      case 'hr':
        out.push(
          `<rect x="${num(x)}" y="${num(y + 8)}" width="${num(width)}" height="2" fill="${COLOR.border}"/>`,
        )
        y += 24
        break
      default:
        throw new Error(`markdown-svg: <${n.tag}> is not supported`)
    }
  }
  return y
}

function paragraph(children, x, y, width, out, style, after, lineHeight = 21) {
  const r = flow(runs(children, style), x, y, width, lineHeight)
  out.push(...r.parts)
  return y + r.height + after
}

function table(n, x, y, width, out) {
  const rows = []
  const walk = (node, head) => {
    for (const c of node.children) {
      if (typeof c === 'string') continue
      if (c.tag === 'thead' || c.tag === 'tbody') walk(c, c.tag === 'thead')
      else if (c.tag === 'tr')
        rows.push({
          head,
          cells: c.children.filter((d) => typeof d !== 'string').map((d) => d.children),
        })
    }
  }
  walk(n, false)
  const pad = 12
  const cols = Math.max(...rows.map((r) => r.cells.length))
  const natural = Array.from({ length: cols }, (_, i) =>
    Math.max(
      ...rows.map((r) => naturalWidth(runs(r.cells[i] ?? [], { ...BASE, bold: r.head })) + 2 * pad),
    ),
  )
  // Shrink the widest columns until the table fits.
  const widths = [...natural]
  while (widths.reduce((a, b) => a + b, 0) > width) {
    const i = widths.indexOf(Math.max(...widths))
    widths[i] -= Math.min(8, widths.reduce((a, b) => a + b, 0) - width)
  }
  const total = widths.reduce((a, b) => a + b, 0)
  const cellParts = []
  const lines = []
  let cy = y
  for (const [ri, r] of rows.entries()) {
    const laid = r.cells.map((c, i) =>
      flow(runs(c, { ...BASE, bold: r.head }), 0, 0, widths[i] - 2 * pad, 20),
    )
    const h = Math.max(...laid.map((l) => l.height)) + 12
    if (!r.head && ri % 2 === 0)
      cellParts.push(
        `<rect x="${num(x)}" y="${num(cy)}" width="${num(total)}" height="${num(h)}" fill="${COLOR.headBg}"/>`,
      )
    let cx = x
    for (const [i, l] of laid.entries()) {
      cellParts.push(
        `<g transform="translate(${num(cx + pad)} ${num(cy + 6)})">`,
        ...l.parts,
        '</g>',
      )
      cx += widths[i]
    }
    lines.push(cy)
    cy += h
  }
  lines.push(cy)
  out.push(...cellParts)
  for (const ly of lines)
    out.push(
      `<rect x="${num(x)}" y="${num(ly - 0.5)}" width="${num(total)}" height="1" fill="${COLOR.border}"/>`,
    )
  let cx = x
  for (const w of [0, ...widths]) {
    cx += w
    out.push(
      `<rect x="${num(cx - 0.5)}" y="${num(y)}" width="1" height="${num(cy - y)}" fill="${COLOR.border}"/>`,
    )
  }
  return cy + 16
}

/**
 * The picture: `markdown` rendered in a GitHub-like card `width` px wide under a header line
 * (`title`, in the header bar; `caption`, muted, after it).
 */
export function markdownSvg(markdown, { title, caption = '', width = 760 }) {
  const html = micromark(markdown, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
    allowDangerousHtml: true,
  })
  const out = []
  const pad = 20
  const headerH = 40
  const end = blocks(tree(html).children, pad, headerH + 16, width - 2 * pad, out)
  const height = Math.ceil(end + 4)
  const head = flow(
    runs([title, ...(caption ? [' '] : [])], { ...BASE, bold: true }).concat(
      runs([caption], { ...BASE, color: COLOR.muted }),
    ),
    pad,
    10,
    width - 2 * pad,
    21,
  )
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SANS}" fill="${COLOR.text}">`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="6" fill="#ffffff" stroke="${COLOR.border}"/>`,
    `<path d="M0.5 ${headerH} V6.5 a6 6 0 0 1 6 -6 H${width - 6.5} a6 6 0 0 1 6 6 V${headerH} Z" fill="${COLOR.headBg}" stroke="${COLOR.border}"/>`,
    ...head.parts,
    ...out,
    '</svg>',
    '',
  ].join('\n')
}
