/**
 * The one HTTP module, on undici: a client per provider with a base URL and auth headers,
 * streaming request bodies, a stall watchdog (no bytes either way for `stallMs` fails the
 * attempt), bounded retries decided by the operation's policy (`policy.ts`, `retry.ts`), and
 * failures turned into `ProviderError`s that carry provider, operation, status and a short,
 * secret-free body. A response is decoded inside the retry loop, so a truncated or malformed
 * body is retried like any other transient failure.
 */
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { ProviderError, type FailureKind } from '../errors.js'
import { formatLimit, systemClock, type Clock } from './deadline.js'
import {
  NETWORK_CODES,
  NOT_SENT_CODES,
  OPERATIONS,
  isPermanentError,
  isThrottled,
  isTransientStatus,
  type Operation,
  type OperationPolicy,
} from './policy.js'
import { identified } from './identity.js'
import { withRetry, type RetryPolicy } from './retry.js'
import {
  buildUrl,
  credentialHint,
  excerpt,
  looksHtml,
  retryAfterMs,
  type HttpResponse,
  type QueryValue,
  type Signable,
} from './answers.js'

export {
  excerpt,
  retryAfterMs,
  streamError,
  type HttpResponse,
  type QueryValue,
} from './answers.js'

const undici = () => import(/* webpackMode: "eager" */ 'undici') // docs/performance.md, "The CLI"
export interface HttpClientOptions {
  readonly provider: string
  readonly baseUrl: string
  /** Sent with every request (auth). Never logged. */
  readonly headers?: Readonly<Record<string, string>>
  /** The inputs holding the credentials, named (never their values) when the service refuses them. */
  readonly credentials?: readonly string[]
  /** An attempt fails when no byte has moved either way for this long. */
  readonly stallMs: number
  readonly retry: RetryPolicy
  readonly clock?: Clock
  /** Masks secrets in anything that goes into an error message. */
  readonly redact: (text: string) => string
  readonly log?: (message: string) => void
  readonly dispatcher?: Dispatcher
  /** Largest response body read into memory (streams are read line by line instead). */
  readonly maxBodyBytes?: number
  /** A warning for the user (a credential sent over plain http, identity.ts). */
  readonly warn?: (message: string) => void
  /** The headers to send, asked before every attempt (a signature fresh each time: aws.ts). */
  readonly authorize?: (req: Signable) => Promise<Record<string, string>>
}

export interface RequestSpec<T = unknown> {
  /** What the call does: decides the retry policy and names the call in messages. */
  readonly operation: Operation
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
  /** Appended to the base URL. */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly headers?: Readonly<Record<string, string>>
  /** Called once per attempt, so a streamed body is produced afresh for a retry. */
  readonly body?: () => string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>
  /**
   * Answers that count as success besides 2xx (a 404 on unpin, say), by status or by status
   * and body (a node's "not pinned" can come as a 500 with its JSON error; a proxy's 500 does not).
   */
  readonly accept?: readonly number[] | ((status: number, body: string) => boolean)
  /**
   * For `create` operations: after a failure the service may have taken the request, looks the
   * record up; what it finds is adopted instead of sending the request again.
   */
  readonly recover?: () => Promise<T | undefined>
  readonly signal?: AbortSignal
  /** Bytes of the body handed to the socket in the current attempt (reset on each attempt). */
  readonly progress?: { sent: number }
  /** Polled until its deadline: what the wait is for, said with its end in each retry's log. */
  readonly waiting?: string
}

class Stalled extends Error {}

export interface HttpClient {
  readonly provider: string
  /** Sends the request (retrying as its operation allows) and reads the whole body as text. */
  send(spec: RequestSpec<HttpResponse>): Promise<HttpResponse>
  /**
   * `send`, then `decode` on the answer, inside the retry loop: a body `decode` finds malformed
   * (it throws `malformed`, or `parse`/`lines` do) is a transient failure like a reset.
   */
  request<T>(spec: RequestSpec<T>, decode: (res: HttpResponse) => T): Promise<T>
  /**
   * `send`, with a 2xx body handed to `consume` as a stream, inside the retry loop: an error
   * `consume` throws as `malformed` (a cut stream, say) is retried like any transient failure.
   */
  stream<T>(
    spec: RequestSpec<T>,
    consume: (body: AsyncIterable<Uint8Array>, res: Omit<HttpResponse, 'text'>) => Promise<T>,
    /** For an answer `accept` lets through that is not a 2xx: read whole, decoded here. */
    otherwise?: (res: HttpResponse) => T,
  ): Promise<T>
  /** `request` that parses the body as JSON. */
  json<T>(spec: RequestSpec<{ status: number; value: T; response: HttpResponse }>): Promise<{
    status: number
    value: T
    response: HttpResponse
  }>
  /** A final (not retryable) failure of `operation`, masked and bounded like every other. */
  readonly fail: (operation: Operation, message: string, status?: number) => ProviderError
  /** A body that is not what the API sends: transient (an HTML page is told apart). */
  readonly malformed: (operation: Operation, message: string, res: HttpResponse) => ProviderError
  /** Service text for a message: masked first, then cut (a cut secret would not mask). */
  readonly said: (text: string, max?: number) => string
  /** A body parsed as JSON; malformed is a transient failure (retried inside `request`). */
  parse<T>(operation: Operation, res: HttpResponse): T
  /** A body as NDJSON lines; a line that is not JSON is a transient failure. */
  lines(operation: Operation, res: HttpResponse, who?: string): unknown[]
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const maxBody = opts.maxBodyBytes ?? 32 << 20
  const headers = identified(opts) // our User-Agent; a warning for a credential over plain http
  const clock = opts.clock ?? systemClock
  const doing = (operation: Operation): string => OPERATIONS[operation].doing
  const error = (
    operation: Operation,
    message: string,
    details: {
      status?: number
      body?: string
      kind: FailureKind
      transient: boolean
      notSent?: boolean
      retryAfterMs?: number
    },
    cause?: unknown,
  ): ProviderError =>
    new ProviderError(
      opts.provider,
      operation,
      opts.redact(`${opts.provider}: ${doing(operation)} failed: ${message}`).slice(0, 600),
      { ...details, reason: opts.redact(message).slice(0, 500) },
      { cause },
    )

  /**
   * One attempt. With `consume`, a 2xx body is handed over as a stream (the stall watchdog and
   * the caller's signal still apply while it is read); otherwise it is read whole.
   */
  async function attempt(
    spec: RequestSpec<never>,
    consume?: (
      body: AsyncIterable<Uint8Array>,
      res: Omit<HttpResponse, 'text'>,
    ) => Promise<unknown>,
  ): Promise<HttpResponse | { consumed: unknown }> {
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
    let sent = false
    const progress = spec.progress
    if (progress !== undefined) progress.sent = 0
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
              sent = true
              if (progress !== undefined) progress.sent += (chunk as Uint8Array).length
              yield chunk
            }
          })(),
          { objectMode: false },
        )
      }
      const { request: undiciRequest } = await undici()
      const outgoing = { ...spec.headers, ...headers }
      const plain = typeof given === 'string' || given instanceof Uint8Array ? given : undefined
      const res = await undiciRequest(url, {
        method: spec.method,
        headers: opts.authorize
          ? await opts.authorize({ method: spec.method, url, headers: outgoing, body: plain })
          : outgoing,
        body,
        signal,
        dispatcher: opts.dispatcher,
        // The watchdog handles stalls; undici's own timers would fire on a long but live upload.
        headersTimeout: 0,
        bodyTimeout: 0,
      })
      sent = true
      touch()
      if (consume !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
        const body = res.body as AsyncIterable<Uint8Array>
        const live = (async function* () {
          for await (const chunk of body) {
            touch()
            yield chunk
          }
        })()
        const consumed = await consume(live, {
          status: res.statusCode,
          headers: res.headers,
          trailers: res.trailers,
        })
        return { consumed }
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        touch()
        size += chunk.length
        if (size > maxBody) {
          res.body.destroy()
          throw error(spec.operation, `the response is larger than ${maxBody} bytes`, {
            status: res.statusCode,
            kind: 'final',
            transient: false,
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
        throw error(
          spec.operation,
          `HTTP ${res.statusCode}: the service redirects${typeof to === 'string' ? ` to ${opts.redact(to)}` : ''}; check ${(OPERATIONS[spec.operation] as OperationPolicy).checkUrl ?? 'the API URL'}`,
          { status: res.statusCode, body: detail, kind: 'final', transient: false },
        )
      }
      const status = res.statusCode
      throw error(
        spec.operation,
        `HTTP ${status}${detail !== '' ? `: ${detail}` : ''}${credentialHint(status, opts.credentials)}`,
        {
          status,
          body: detail,
          kind: 'status',
          // A 5xx is transient unless the service's words say the input itself is wrong.
          transient:
            (isTransientStatus(status) ||
              isThrottled(status, text) ||
              (OPERATIONS[spec.operation] as OperationPolicy).alsoTransient?.includes(status) ===
                true) &&
            !(status >= 500 && isPermanentError(text)),
          // 429 and 408: the service says it did not take the request.
          notSent: status === 429 || status === 408 || isThrottled(status, text),
          retryAfterMs: [429, 502, 503, 504].includes(status)
            ? retryAfterMs(res.headers, clock.now())
            : undefined,
        },
      )
    } catch (err) {
      if (err instanceof ProviderError) throw err
      if (controller.signal.aborted && controller.signal.reason instanceof Stalled) {
        throw error(
          spec.operation,
          `no data moved for ${formatLimit(opts.stallMs)}; see "request-timeout"`,
          { kind: 'stall', transient: true, notSent: !sent },
          err,
        )
      }
      if (spec.signal?.aborted === true) {
        const reason: unknown = spec.signal.reason
        throw error(
          spec.operation,
          reason instanceof Error ? reason.message : 'aborted',
          { kind: 'aborted', transient: false },
          err,
        )
      }
      const code =
        (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code
      const message = err instanceof Error ? err.message : String(err)
      throw error(
        spec.operation,
        `${code !== undefined ? `${code}: ` : ''}${message}`,
        {
          kind: 'network',
          transient: code !== undefined && NETWORK_CODES.has(code),
          notSent: code !== undefined && NOT_SENT_CODES.has(code),
        },
        err,
      )
    } finally {
      clearInterval(watchdog)
    }
  }

  const fail = (operation: Operation, message: string, status?: number): ProviderError =>
    error(operation, message, { status, kind: 'final', transient: false })

  const malformed = (operation: Operation, message: string, res: HttpResponse): ProviderError => {
    if (looksHtml(res))
      return error(
        operation,
        `the service answered HTTP ${res.status} with ${excerpt(res.text, opts.redact, 160)}, not an API answer`,
        { status: res.status, kind: 'html', transient: true },
      )
    return error(operation, message, { status: res.status, kind: 'malformed', transient: true })
  }

  async function request<T>(
    spec: RequestSpec<T>,
    decode: (res: HttpResponse) => T,
    consume?: (body: AsyncIterable<Uint8Array>, res: Omit<HttpResponse, 'text'>) => Promise<T>,
  ): Promise<T> {
    const policy = OPERATIONS[spec.operation]
    let htmlPages = 0
    let ambiguous = false
    const shouldRetry = (err: ProviderError): boolean => {
      if (!err.transient) return false
      if (policy.retry === 'probe') return err.status === undefined
      if (err.kind === 'html' && policy.retry === 'upload') return ++htmlPages <= 1
      if (policy.retry !== 'create' || err.notSent) return true
      // The service may have taken it: look it up before sending it again.
      if (spec.recover === undefined) return false
      ambiguous = true
      return true
    }
    return withRetry(
      opts.retry,
      async () => {
        if (ambiguous && spec.recover !== undefined) {
          ambiguous = false
          let found: T | undefined
          try {
            found = await spec.recover()
          } catch (err) {
            throw fail(
              spec.operation,
              `the first attempt failed in a way that leaves unknown whether the service took it, and looking it up failed too (${err instanceof ProviderError ? err.reason : String(err)}); not sent again, so as not to make a second one`,
            )
          }
          if (found !== undefined) {
            opts.log?.(
              `${opts.provider}: the service had taken the request before the failure; using it`,
            )
            return found
          }
        }
        if (consume !== undefined) {
          const got = await attempt(spec as RequestSpec<never>, consume)
          // An answer `accept` lets through that is not a 2xx is read whole and decoded.
          return 'consumed' in got ? (got.consumed as T) : decode(got)
        }
        return decode((await attempt(spec as RequestSpec<never>)) as HttpResponse)
      },
      { signal: spec.signal, log: opts.log, clock, shouldRetry, waiting: spec.waiting },
    )
  }

  const parse = <T>(operation: Operation, res: HttpResponse): T => {
    try {
      return JSON.parse(res.text) as T
    } catch {
      throw malformed(
        operation,
        `the response is not valid JSON: ${excerpt(res.text, opts.redact, 120)}`,
        res,
      )
    }
  }

  const noWholeBody = (): never => {
    throw new Error('a streamed request has no whole body')
  }
  return {
    provider: opts.provider,
    send: (spec) => request(spec, (res) => res),
    request: (spec, decode) => request(spec, decode),
    stream: (spec, consume, otherwise) => request(spec, otherwise ?? noWholeBody, consume),
    json: <T>(spec: RequestSpec<{ status: number; value: T; response: HttpResponse }>) =>
      request(spec, (response) => ({
        status: response.status,
        value: parse<T>(spec.operation, response),
        response,
      })),
    fail,
    malformed,
    said: (text, max = 200) => excerpt(text, opts.redact, max),
    parse,
    lines(operation, res, who = 'service') {
      return res.text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          try {
            return JSON.parse(l) as unknown
          } catch {
            throw malformed(
              operation,
              `the ${who} sent a line that is not JSON: ${excerpt(l, opts.redact, 120)}`,
              res,
            )
          }
        })
    },
  }
}
