/**
 * The one HTTP module, on undici: a client per provider with a base URL and auth headers,
 * streaming request bodies, a stall watchdog (no bytes either way for `stallMs` fails the
 * attempt), bounded retries for idempotent calls (`retry.ts`), and failures turned into
 * `ProviderError`s that carry provider, operation, status and a short, secret-free body.
 */
import { Readable } from 'node:stream'
import { request, type Dispatcher } from 'undici'
import { ProviderError } from '../errors.js'
import { withRetry, type RetryPolicy } from './retry.js'

export type QueryValue = string | number | boolean | undefined | readonly string[]

export interface HttpClientOptions {
  readonly provider: string
  readonly baseUrl: string
  /** Sent with every request (auth). Never logged. */
  readonly headers?: Readonly<Record<string, string>>
  /** An attempt fails when no byte has moved either way for this long. */
  readonly stallMs: number
  readonly retry: RetryPolicy
  /** Masks secrets in anything that goes into an error message. */
  readonly redact: (text: string) => string
  readonly log?: (message: string) => void
  readonly dispatcher?: Dispatcher
  /** Largest response body read into memory (streams are read line by line instead). */
  readonly maxBodyBytes?: number
}

export interface RequestSpec {
  /** What the call does, for messages: `pin`, `upload`, `status`. */
  readonly operation: string
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
  /** Appended to the base URL. */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly headers?: Readonly<Record<string, string>>
  /** Called once per attempt, so a streamed body is produced afresh for a retry. */
  readonly body?: () => string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>
  /**
   * Whether the call may be repeated: pin-by-CID, status, list, unpin, and uploads whose result
   * is keyed by content. Others get one attempt.
   */
  readonly idempotent: boolean
  /**
   * Answers that count as success besides 2xx (a 404 on unpin, say), by status or by status
   * and body (Kubo's "not pinned" comes as a 500 with its JSON error; a proxy's 500 does not).
   */
  readonly accept?: readonly number[] | ((status: number, body: string) => boolean)
  /**
   * Whether a failed status is worth retrying; by default 408, 429 and most 5xx. Kubo, say,
   * answers every application error with 500 and a JSON body: those are final.
   */
  readonly retryOn?: (status: number, body: string) => boolean
  readonly signal?: AbortSignal
}

export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
  readonly trailers: Readonly<Record<string, string | string[] | undefined>>
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 507, 520, 521, 522, 523, 524])

export const isRetryableStatus = (status: number): boolean => RETRYABLE_STATUS.has(status)

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
])

class Stalled extends Error {}

/** A short, single-line, secret-free excerpt of a response body for messages. */
export function excerpt(text: string, redact: (t: string) => string, max = 300): string {
  let t = text
  if (/^\s*</.test(t)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(t)?.[1]
    t = `HTML page${title !== undefined ? ` "${title.trim()}"` : ''}: ${t.replace(/<[^>]*>/g, ' ')}`
  }
  t = redact(t.replace(/\s+/g, ' ').trim())
  return t.length > max ? `${t.slice(0, max)}…` : t
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

function buildUrl(base: string, path: string, query?: RequestSpec['query']): string {
  const url = new URL(base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`))
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue
    if (Array.isArray(v))
      for (const item of v as readonly string[]) url.searchParams.append(k, item)
    else url.searchParams.append(k, String(v))
  }
  return url.toString()
}

export interface HttpClient {
  readonly provider: string
  /** Sends the request (retrying as allowed) and reads the whole body as text. */
  send(spec: RequestSpec): Promise<HttpResponse>
  /** `send`, then parses the body as JSON; a malformed body is a retryable failure. */
  json<T>(spec: RequestSpec): Promise<{ status: number; value: T; response: HttpResponse }>
  /** A final (not retryable) failure of `operation`, masked and bounded like every other. */
  readonly fail: (operation: string, message: string, status?: number) => ProviderError
  /** Service text for a message: masked first, then cut (a cut secret would not mask). */
  readonly said: (text: string, max?: number) => string
  /** A body already received, parsed as JSON; malformed is a final failure. */
  parse<T>(operation: string, res: HttpResponse): T
  /** A body already received, as NDJSON lines; a line that is not JSON is a final failure. */
  lines(operation: string, res: HttpResponse, who?: string): unknown[]
}

/** An error a stream reported in its `X-Stream-Error` trailer after a 200 (Kubo, Cluster). */
export function streamError(res: HttpResponse): string | undefined {
  const t = res.trailers['x-stream-error']
  const v = Array.isArray(t) ? t.join(' ') : t
  return v !== undefined && v !== '' ? v : undefined
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const maxBody = opts.maxBodyBytes ?? 32 << 20
  const fail = (
    spec: RequestSpec,
    message: string,
    details: { status?: number; body?: string; retryable: boolean; retryAfterMs?: number },
    cause?: unknown,
  ): ProviderError =>
    new ProviderError(
      opts.provider,
      spec.operation,
      opts.redact(`${opts.provider}: ${spec.operation} failed: ${message}`).slice(0, 600),
      { ...details, reason: opts.redact(message).slice(0, 500) },
      {
        cause,
      },
    )

  async function attempt(spec: RequestSpec): Promise<HttpResponse> {
    const url = buildUrl(opts.baseUrl, spec.path, spec.query)
    const controller = new AbortController()
    const signal =
      spec.signal !== undefined
        ? AbortSignal.any([controller.signal, spec.signal])
        : controller.signal
    let last = performance.now()
    const touch = (): void => {
      last = performance.now()
    }
    const watchdog = setInterval(
      () => {
        if (performance.now() - last > opts.stallMs) controller.abort(new Stalled())
      },
      Math.max(10, Math.min(1000, opts.stallMs / 4)),
    )
    watchdog.unref()
    try {
      const given = spec.body?.()
      let body: string | Uint8Array | Readable | undefined
      if (given === undefined || typeof given === 'string' || given instanceof Uint8Array)
        body = given
      else {
        // Streamed: each chunk handed to the socket counts as progress for the watchdog.
        body = Readable.from(
          (async function* () {
            for await (const chunk of given) {
              touch()
              yield chunk
            }
          })(),
          { objectMode: false },
        )
      }
      const res = await request(url, {
        method: spec.method,
        headers: { ...opts.headers, ...spec.headers },
        body,
        signal,
        dispatcher: opts.dispatcher,
        // The watchdog handles stalls; undici's own timers would fire on a long but live upload.
        headersTimeout: 0,
        bodyTimeout: 0,
      })
      touch()
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        touch()
        size += chunk.length
        if (size > maxBody) {
          res.body.destroy()
          throw fail(spec, `the response is larger than ${maxBody} bytes`, {
            status: res.statusCode,
            retryable: false,
          })
        }
        chunks.push(chunk)
      }
      const text = Buffer.concat(chunks).toString('utf8')
      const response: HttpResponse = {
        status: res.statusCode,
        headers: res.headers,
        text,
        trailers: res.trailers,
      }
      const accept = spec.accept ?? []
      const ok =
        (res.statusCode >= 200 && res.statusCode < 300) ||
        (typeof accept === 'function'
          ? accept(res.statusCode, text)
          : accept.includes(res.statusCode))
      if (ok) return response
      const detail = excerpt(text, opts.redact)
      if (res.statusCode >= 300 && res.statusCode < 400) {
        const to = res.headers.location
        throw fail(
          spec,
          `HTTP ${res.statusCode}: the service redirects${typeof to === 'string' ? ` to ${opts.redact(to)}` : ''}; check the API URL`,
          {
            status: res.statusCode,
            body: detail,
            retryable: false,
          },
        )
      }
      throw fail(spec, `HTTP ${res.statusCode}${detail !== '' ? `: ${detail}` : ''}`, {
        status: res.statusCode,
        body: detail,
        retryable: (spec.retryOn ?? isRetryableStatus)(res.statusCode, text),
        retryAfterMs:
          res.statusCode === 429 || res.statusCode === 503 ? retryAfterMs(res.headers) : undefined,
      })
    } catch (err) {
      if (err instanceof ProviderError) throw err
      if (controller.signal.aborted && controller.signal.reason instanceof Stalled) {
        throw fail(
          spec,
          `no data moved for ${Math.round(opts.stallMs / 1000)} s (stalled; see "request-timeout")`,
          { retryable: true },
          err,
        )
      }
      if (spec.signal?.aborted === true) {
        const reason: unknown = spec.signal.reason
        throw fail(
          spec,
          reason instanceof Error ? reason.message : 'aborted',
          { retryable: false },
          err,
        )
      }
      const code =
        (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code
      const message = err instanceof Error ? err.message : String(err)
      throw fail(
        spec,
        `${code !== undefined ? `${code}: ` : ''}${message}`,
        { retryable: code !== undefined && NETWORK_CODES.has(code) },
        err,
      )
    } finally {
      clearInterval(watchdog)
    }
  }

  const send = (spec: RequestSpec): Promise<HttpResponse> =>
    withRetry(spec.idempotent ? opts.retry : { ...opts.retry, retries: 0 }, () => attempt(spec), {
      signal: spec.signal,
      log: opts.log,
    })

  const finalFailure = (operation: string, message: string, status?: number): ProviderError =>
    fail({ operation, method: 'GET', path: '', idempotent: false }, message, {
      status,
      retryable: false,
    })

  return {
    provider: opts.provider,
    send,
    fail: finalFailure,
    said: (text, max = 200) => excerpt(text, opts.redact, max),
    parse<T>(operation: string, res: HttpResponse): T {
      try {
        return JSON.parse(res.text) as T
      } catch {
        throw finalFailure(
          operation,
          `the response is not valid JSON: ${excerpt(res.text, opts.redact, 120)}`,
          res.status,
        )
      }
    },
    lines(operation, res, who = 'service') {
      return res.text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          try {
            return JSON.parse(l) as unknown
          } catch {
            throw finalFailure(
              operation,
              `the ${who} sent a line that is not JSON: ${l}`,
              res.status,
            )
          }
        })
    },
    async json<T>(spec: RequestSpec) {
      return withRetry(
        spec.idempotent ? opts.retry : { ...opts.retry, retries: 0 },
        async () => {
          const response = await attempt(spec)
          try {
            return { status: response.status, value: JSON.parse(response.text) as T, response }
          } catch (err) {
            throw fail(
              spec,
              `the response is not valid JSON: ${excerpt(response.text, opts.redact, 120)}`,
              { status: response.status, retryable: true },
              err,
            )
          }
        },
        { signal: spec.signal, log: opts.log },
      )
    },
  }
}
