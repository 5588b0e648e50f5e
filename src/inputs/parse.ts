/**
 * Small, pure parsers for input values. Each throws an `InputError` that names the input, quotes
 * the value and says what is allowed.
 */
import { CID } from 'multiformats/cid'
import { base36 } from 'multiformats/bases/base36'
import { InputError, listAllowed, quote } from '../errors.js'
import { didYouMean } from './nearest.js'

/** `core.getBooleanInput` semantics: the YAML 1.2 core-schema booleans, nothing else. */
export function parseBoolean(input: string, value: string): boolean {
  const v = value.trim()
  if (['true', 'True', 'TRUE'].includes(v)) return true
  if (['false', 'False', 'FALSE'].includes(v)) return false
  throw new InputError(
    input,
    `Input "${input}" has ${quote(value)}, which is not a boolean.${didYouMean(v, ['true', 'false'])} Allowed: "true" or "false" (also True, TRUE, False, FALSE).`,
  )
}

export function parseChoice<T extends string>(
  input: string,
  value: string,
  allowed: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T {
  const v = value.trim()
  if ((allowed as readonly string[]).includes(v)) return v as T
  const alias = aliases[v]
  if (alias !== undefined) return alias
  throw new InputError(
    input,
    `Input "${input}" has ${quote(value)}, which is not allowed.${didYouMean(v, [...allowed, ...Object.keys(aliases)])} Allowed: ${listAllowed([...allowed, ...Object.keys(aliases)])}.`,
  )
}

export function parseInteger(
  input: string,
  value: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = value.trim()
  const n = /^-?\d+$/.test(v) ? Number(v) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? `a whole number of at least ${min}`
        : `a whole number from ${min} to ${max}`
    throw new InputError(input, `Input "${input}" has ${quote(value)}; it must be ${range}.`)
  }
  return n
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90`, `90s`, `1.5m`, `2h`, `500ms`, `1d` → milliseconds. A bare number is seconds. */
export function parseDuration(input: string, value: string, { allowZero = true } = {}): number {
  const m = /^(-?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value.trim())
  const ms = m ? Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000) : NaN
  if (!m || !Number.isFinite(ms)) {
    throw new InputError(
      input,
      `Input "${input}" has ${quote(value)}, which is not a duration. Use seconds (\`90\`) or a number with a unit: ms, s, m, h or d (\`90s\`, \`10m\`, \`1h\`).`,
    )
  }
  if (ms < 0 || (!allowZero && ms === 0)) {
    throw new InputError(
      input,
      `Input "${input}" has ${quote(value)}; it must be ${allowZero ? 'zero or more' : 'more than zero'}.`,
    )
  }
  return Math.round(ms)
}

/**
 * Splits a list input on newlines and on commas that are not inside `{…}` (so glob braces such
 * as `*.{html,css}` survive). Trims items and drops empty ones.
 */
export function parseList(value: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of value) {
    if (ch === '{') depth++
    else if (ch === '}') depth = Math.max(0, depth - 1)
    if (ch === '\n' || ch === '\r' || (ch === ',' && depth === 0)) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out.map((s) => s.trim()).filter((s) => s !== '')
}

/** Parses a CID string (CIDv0 `Qm…`, or CIDv1 in base32, base58btc or base36). */
export function parseCid(input: string, value: string): CID {
  const v = value.trim()
  try {
    return v.startsWith('k') ? CID.parse(v, base36) : CID.parse(v)
  } catch (err) {
    throw new InputError(
      input,
      `Input "${input}" has ${quote(value)}, which is not a valid CID. Allowed: a CIDv0 (\`Qm…\`) or a CIDv1 (\`bafy…\`, \`bafk…\`).`,
      { cause: err },
    )
  }
}

/** An http(s) URL without credentials in it (they would end up in logs); no trailing slash. */
export function parseHttpUrl(input: string, value: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch (err) {
    throw new InputError(
      input,
      `Input "${input}" has ${quote(value)}, which is not a URL. Allowed: an http:// or https:// URL.`,
      {
        cause: err,
      },
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      input,
      `Input "${input}" has ${quote(value)}; only http:// and https:// URLs are allowed.`,
    )
  }
  if (url.username !== '' || url.password !== '') {
    // Do not quote the value: it holds a credential.
    throw new InputError(
      input,
      `Input "${input}" has a URL with a user name or password in it. Put credentials in the provider's credential inputs instead, so they stay masked.`,
    )
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(
      input,
      `Input "${input}" has ${quote(value)}; a base URL takes no query string or fragment.`,
    )
  }
  return url.toString().replace(/\/+$/, '')
}

const META_KEY = /^[A-Za-z0-9_.-]{1,64}$/
const META_VALUE_MAX = 256

/** `key=value` lines, or a JSON object of strings (numbers and booleans are turned into strings). */
export function parseKeyValues(input: string, value: string): Record<string, string> {
  const v = value.trim()
  const out: Record<string, string> = {}
  const put = (key: string, val: string): void => {
    if (!META_KEY.test(key)) {
      throw new InputError(
        input,
        `Input "${input}" has the key ${quote(key)}; keys are 1 to 64 letters, digits, "_", "-" or ".".`,
      )
    }
    // Labels are read back by later runs and shown in logs and summaries: one printable line.
    const control = /[\p{Cc}\p{Zl}\p{Zp}]/u.exec(val)?.[0]
    if (control !== undefined) {
      const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
      throw new InputError(
        input,
        `Input "${input}" has a value for ${quote(key)} with a line break or another control character (U+${code}); a value is one line of printable text.`,
      )
    }
    if (val.length > META_VALUE_MAX) {
      throw new InputError(
        input,
        `Input "${input}" has a value for ${quote(key)} longer than ${META_VALUE_MAX} characters.`,
      )
    }
    if (Object.hasOwn(out, key))
      throw new InputError(input, `Input "${input}" sets the key ${quote(key)} twice.`)
    out[key] = val
  }
  if (v === '') return out
  if (v.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(v)
    } catch (err) {
      throw new InputError(
        input,
        `Input "${input}" starts with "{" but is not valid JSON (${(err as Error).message}). Allowed: a JSON object of strings, or key=value lines.`,
        { cause: err },
      )
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError(
        input,
        `Input "${input}" must be a JSON object of strings, or key=value lines.`,
      )
    }
    for (const [k, val] of Object.entries(parsed)) {
      if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') {
        throw new InputError(
          input,
          `Input "${input}" has a non-string value for ${quote(k)}; allowed values are strings, numbers or booleans.`,
        )
      }
      put(k, String(val))
    }
    return out
  }
  for (const line of v.split(/\r?\n/)) {
    const l = line.trim()
    if (l === '' || l.startsWith('#')) continue
    const eq = l.indexOf('=')
    if (eq <= 0) {
      throw new InputError(
        input,
        `Input "${input}" has the line ${quote(l)}, which is not key=value. Allowed: key=value lines, or a JSON object.`,
      )
    }
    put(l.slice(0, eq).trim(), l.slice(eq + 1).trim())
  }
  return out
}

/** `user:password` for Basic auth. */
export function parseBasicAuth(
  input: string,
  value: string,
): { username: string; password: string } {
  const v = value.trim()
  const colon = v.indexOf(':')
  if (colon <= 0) {
    // Never quote: it is a secret.
    throw new InputError(
      input,
      `Input "${input}" must be "user:password" (the value is hidden because it is a credential).`,
    )
  }
  return { username: v.slice(0, colon), password: v.slice(colon + 1) }
}
