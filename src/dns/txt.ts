/**
 * TXT values in DNS presentation form, as the record-set APIs keep them: one or more
 * `"…"` character strings separated by spaces, each at most 255 bytes, `\"` and `\\` escaped
 * inside, other bytes as a backslash and three digits: **octal** on Route 53
 * (docs/names/route53.md#reading), decimal in RFC 1035 (Gandi, docs/names/gandi.md#reading).
 * Values cross the DNS family interface as plain text; each plugin quotes as its API wants.
 */

export type Escapes = 'octal' | 'decimal'

/** Presentation text to plain text: the strings joined, escapes undone; a bare value as is. */
export function parseTxt(value: string, escapes: Escapes): string {
  const v = value.trim()
  if (!v.startsWith('"')) return v
  const bytes: number[] = []
  let i = 0
  while (i < v.length) {
    if (v[i] !== '"') {
      i++
      continue
    }
    i++
    while (i < v.length && v[i] !== '"') {
      const c = v[i] ?? ''
      if (c === '\\') {
        const digits = /^\d{3}/.exec(v.slice(i + 1, i + 4))?.[0]
        if (digits !== undefined) {
          bytes.push(parseInt(digits, escapes === 'octal' ? 8 : 10) & 0xff)
          i += 4
          continue
        }
        bytes.push(...Buffer.from(v[i + 1] ?? '', 'utf8'))
        i += 2
        continue
      }
      const cp = v.codePointAt(i) ?? 0
      const ch = String.fromCodePoint(cp)
      bytes.push(...Buffer.from(ch, 'utf8'))
      i += ch.length
    }
    i++
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * Plain text to presentation form: quoted, `"` and `\` escaped, bytes outside printable ASCII
 * escaped, split into strings of at most 255 bytes (never inside an escape).
 */
export function presentTxt(text: string, escapes: Escapes): string {
  const bytes = Buffer.from(text, 'utf8')
  const strings: string[] = []
  let current = ''
  let size = 0
  for (const b of bytes) {
    if (size === 255) {
      strings.push(current)
      current = ''
      size = 0
    }
    if (b === 0x22 || b === 0x5c) current += `\\${String.fromCharCode(b)}`
    else if (b < 0x20 || b > 0x7e)
      current +=
        escapes === 'octal'
          ? `\\${b.toString(8).padStart(3, '0')}`
          : `\\${b.toString(10).padStart(3, '0')}`
    else current += String.fromCharCode(b)
    size++
  }
  strings.push(current)
  return strings.map((s) => `"${s}"`).join(' ')
}
