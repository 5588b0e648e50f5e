/**
 * What the HTTP client (client.ts) reads in an answer: the response shape, a short secret-free
 * excerpt of a body, how long a service asks to wait, an error in a stream's trailer, whether a
 * body is an HTML page; and how a request URL is built.
 */
/** A query parameter's value; a list repeats the parameter. */
export type QueryValue = string | number | boolean | undefined | readonly string[]

export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
  readonly trailers: Readonly<Record<string, string | string[] | undefined>>
}

/** A request as it is about to be sent, for a hook that signs it. */
export interface Signable {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body?: string | Uint8Array | undefined
}

/** A short, single-line, secret-free excerpt of a response body for messages. */
export function excerpt(text: string, redact: (t: string) => string, max = 300): string {
  let t = text
  if (isXml(t)) t = t.replace(/<\?xml[^>]*\?>/, '').replace(/<[^>]*>/g, ' ')
  else if (/^\s*</.test(t)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(t)?.[1]
    t = `HTML page${title !== undefined ? ` "${title.trim()}"` : ''}: ${t.replace(/<[^>]*>/g, ' ')}`
  }
  t = redact(t.replace(/\s+/g, ' ').trim())
  return t.length > max ? `${t.slice(0, max)}…` : t
}

/** 401/403: which inputs to check, never their values. */
export function credentialHint(status: number, inputs: readonly string[] = []): string {
  if ((status !== 401 && status !== 403) || inputs.length === 0) return ''
  const names = inputs.map((i) => `"${i}"`).join(' or ')
  return status === 401
    ? `; the service did not accept the credentials: check ${names}`
    : `; the service refused this with the credentials given: check ${names} and what it may do`
}

/** Milliseconds the service asks us to wait, from `Retry-After` or `X-RateLimit-Reset`. */
export function retryAfterMs(
  headers: HttpResponse['headers'],
  now = Date.now(),
): number | undefined {
  const one = (name: string): string | undefined => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  const ra = one('retry-after')
  if (ra !== undefined) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000)
    const at = Date.parse(ra)
    if (!Number.isNaN(at)) return Math.max(0, at - now)
  }
  const reset = one('x-ratelimit-reset')
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset.trim())) {
    const n = Number(reset)
    // Epoch milliseconds, epoch seconds, or seconds from now: services use all three.
    if (n > 1e12) return Math.max(0, n - now)
    if (n > 1e9) return Math.max(0, n * 1000 - now)
    return Math.round(n * 1000)
  }
  return undefined
}

export function buildUrl(
  base: string,
  path: string,
  query?: Readonly<Record<string, QueryValue>>,
): string {
  const url = new URL(base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`))
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue
    if (Array.isArray(v))
      for (const item of v as readonly string[]) url.searchParams.append(k, item)
    else url.searchParams.append(k, String(v))
  }
  return url.toString()
}

/** An error a stream reported in its `X-Stream-Error` trailer after a 200 (IPFS RPC and REST APIs). */
export function streamError(res: HttpResponse): string | undefined {
  const t = res.trailers['x-stream-error']
  const v = Array.isArray(t) ? t.join(' ') : t
  return v !== undefined && v !== '' ? v : undefined
}

/** An XML document (an AWS answer or error), not an HTML page. */
const isXml = (text: string): boolean => /^\s*<\?xml/i.test(text) && !/<html[\s>]/i.test(text)

export const looksHtml = (res: HttpResponse): boolean => {
  const type = res.headers['content-type']
  return (
    (/^\s*</.test(res.text) && !isXml(res.text)) || (typeof type === 'string' && /html/i.test(type))
  )
}
