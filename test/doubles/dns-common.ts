/**
 * What the DNS provider doubles share (Cloudflare, DigitalOcean, DNSimple, Gandi, Route 53): the
 * hooks tests drive them with, the server wiring (the `gate` awaited, then the `fault` played,
 * before the double's own handler), JSON answers, the request body as a JSON object, Bearer
 * tokens, `page`/`per_page` arithmetic and rate-limit headers. Only the mechanics live here: each
 * double keeps its own API's contract in its file (the envelope, status codes, error bodies, page
 * sizes and limits), so each still refuses what its real API refuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, type FaultHooks } from './common.js'

/** The part of every DNS double's interface that is the same for all of them. */
export interface DnsDoubleBase extends FaultHooks {
  /** The API base as a client is configured with it. */
  readonly url: string
  readonly server: TestServer
  /**
   * Record listings ignore the page asked for and serve the first one again (a broken pager);
   * where the double says so, its other listings too.
   */
  pageIgnored: boolean
  /**
   * Awaited before a request is served (its body already read): a test holds one run's request
   * until another's has been answered, to force an interleaving.
   */
  gate?: (n: number, path: string, method: string) => Promise<void> | undefined
  close(): Promise<void>
}

/** One request as a DNS double's handler sees it (`n` counts requests from 1). */
export interface DnsRequest {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly raw: Buffer
  readonly n: number
  /** The request's URL, on a dummy origin: read its path and query. */
  readonly url: URL
  readonly method: string
}

const urlOf = (req: IncomingMessage): URL => new URL(req.url ?? '/', 'http://x')

/**
 * Serves `handle` on 127.0.0.1:0 with the double's hooks: `early` before a body is read, `gate`
 * once it is, then `fault`; fills in `url` (the server's origin and `base`), `server` and `close`.
 */
export async function serveDnsDouble<D extends DnsDoubleBase>(
  state: D,
  base: string,
  handle: (r: DnsRequest) => void,
): Promise<D> {
  const server = await startServer(
    async (req, res, raw, n) => {
      const url = urlOf(req)
      const method = req.method ?? ''
      const held = state.gate?.(n, url.pathname, method)
      if (held !== undefined) await held
      if (applyFault(state.fault?.(n, url.pathname, method), req, res)) return
      handle({ req, res, raw, n, url, method })
    },
    (req, n) => state.early?.(n, req.method, urlOf(req).pathname),
  )
  return Object.assign(state, {
    url: `${server.url}${base}`,
    server,
    close: () => server.close(),
  })
}

/** A fixed rate-limit window end (Unix seconds), so answers are deterministic. */
export const RATE_RESET = 1798761600

/** `<prefix>-limit`, `-remaining` and `-reset` (by default RATE_RESET), in the API's spelling. */
export function rateLimitHeaders(
  res: ServerResponse,
  prefix: string,
  limit: number,
  remaining: number,
  reset = String(RATE_RESET),
): void {
  res.setHeader(`${prefix}-limit`, String(limit))
  res.setHeader(`${prefix}-remaining`, String(remaining))
  res.setHeader(`${prefix}-reset`, reset)
}

/**
 * A JSON answer with the API's content type (default `application/json`) and `headers`; without
 * a body, the status and `headers` alone (a 204).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  o: { type?: string; headers?: Record<string, string> } = {},
): void {
  if (body === undefined) {
    res.writeHead(status, o.headers ?? {})
    res.end()
    return
  }
  res.writeHead(status, { 'content-type': o.type ?? 'application/json', ...o.headers })
  res.end(JSON.stringify(body))
}

/**
 * The request body as a JSON object for `methods` (`{}` for any other method, whose body is not
 * read); undefined when it is not one (the double then answers its API's error).
 */
export function jsonObjectBody(
  r: Pick<DnsRequest, 'method' | 'raw'>,
  methods: readonly string[],
): Record<string, unknown> | undefined {
  if (!methods.includes(r.method)) return {}
  try {
    const parsed: unknown = JSON.parse(r.raw.toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    return parsed as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** The token of an `Authorization: Bearer <token>` header, if that is what was sent. */
export const bearerToken = (req: IncomingMessage): string | undefined =>
  /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]

/** A page of a listing, by `page` (from 1) and `per_page`. */
export interface Page<T> {
  readonly items: T[]
  readonly page: number
  readonly perPage: number
  readonly total: number
  /** Pages in all (0 for an empty listing). */
  readonly pages: number
}

/**
 * Page `page` of `items` (`ignorePage`: always the first, a broken pager), `per_page` (default
 * `perPage`) capped at `max`; or the parameter that is not a positive integer, with its value.
 */
export function pageOf<T>(
  items: readonly T[],
  url: URL,
  o: { perPage: number; max: number; ignorePage?: boolean },
): Page<T> | { bad: 'page' | 'per_page'; value: number } {
  const page = o.ignorePage === true ? 1 : Number(url.searchParams.get('page') ?? 1)
  const asked = Number(url.searchParams.get('per_page') ?? o.perPage)
  if (!Number.isInteger(page) || page < 1) return { bad: 'page', value: page }
  if (!Number.isInteger(asked) || asked < 1) return { bad: 'per_page', value: asked }
  const perPage = Math.min(asked, o.max)
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    page,
    perPage,
    total: items.length,
    pages: Math.ceil(items.length / perPage),
  }
}
