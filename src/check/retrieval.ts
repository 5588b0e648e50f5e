/**
 * The retrieval check: before success is reported or any name is changed, the content is fetched
 * back from trustless gateways and verified as a stream (docs/names/trustless-gateway.md).
 *
 * - First the probe (probe.ts): a gateway that cannot serve the format is reported in seconds.
 * - `all` (default): `GET /ipfs/<root>?format=car`; every block's bytes must hash to its CID and
 *   every block of the DAG must arrive (verify.ts); blocks that are not the DAG's, and
 *   duplicates, are skipped up to a budget. The CAR is read as it streams (car-stream.ts), its
 *   limits checked before anything is buffered.
 * - `root`: the root block alone (`?format=raw`), for artifacts too big to fetch whole.
 * - a path (`/docs/index.html`): the entity it names (`dag-scope=entity`): the path's blocks and
 *   the whole file (or the directory node).
 *
 * While content spreads a gateway answers 404 (or 502/504 from a recursive one): those, 429 and
 * a cut or incomplete CAR are asked again with backoff until `check-timeout`, each wait logged
 * with what it waits for and until when; 400, 406, 410, 451, a redirect, an answer that is not
 * the format asked for, and a block that is wrong or too large end the check at once.
 */
import { hash as hashNow } from 'node:crypto'
import type { CID } from 'multiformats/cid'
import type { BlockIndex } from '../content/block-index.js'
import { ProviderError, errorMessage } from '../errors.js'
import { createHttpClient, type HttpClient } from '../http/client.js'
import { deadlineSignal, formatLimit, waitReaches } from '../http/deadline.js'
import type { Session } from '../http/session.js'
import { CarCut, CarRefused, MAX_BLOCK, readCar } from './car-stream.js'
import { CAR_ACCEPT, RAW_TYPE, probe, typeOf, whatCame } from './probe.js'
import { Hasher } from './hasher.js'
import { DagCheck, Missing, unverifiable, type CheckScope } from './verify.js'

export type { CheckScope } from './verify.js'

export interface RetrievalOptions {
  readonly gateways: readonly string[]
  readonly timeoutMs: number
  readonly scope: CheckScope
}

/** One gateway's result, an entry of the `results` output. */
export interface GatewayResult {
  readonly gateway: string
  readonly status: 'verified' | 'failed'
  readonly cid: string
  readonly scope: string
  readonly blocks: number
  readonly bytes: number
  readonly durationMs: number
  /** Why it failed, without the gateway's name (messages put it first, once). */
  readonly error?: string
}

const scopeName = (s: CheckScope): string => (s.kind === 'path' ? s.path : s.kind)

/** A gateway's one name in messages: its host, and its path when it has one. */
export function gatewayName(url: string): string {
  const u = new URL(url)
  return `${u.host}${u.pathname.replace(/\/+$/, '')}`
}

/** The root block alone, `?format=raw`: at most 2 MiB, hashed against the root CID. */
async function fetchRoot(
  http: HttpClient,
  root: CID,
  signal: AbortSignal,
  redact: (t: string) => string,
): Promise<number> {
  return http.stream(
    {
      operation: 'retrieve',
      method: 'GET',
      path: `/ipfs/${root.toString()}`,
      query: { format: 'raw' },
      headers: { accept: RAW_TYPE },
      signal,
      waiting: 'waiting for the root block to reach this gateway',
    },
    async (body, res) => {
      const type = typeOf(res.headers)
      if (type.toLowerCase().split(';')[0]?.trim() !== RAW_TYPE)
        throw http.fail(
          'retrieve',
          `the gateway answered ${await whatCame(res.status, type, body, redact)}, not the raw block asked for`,
        )
      const chunks: Buffer[] = []
      let size = Number(res.headers['content-length'] ?? 0)
      if (size > MAX_BLOCK)
        throw http.fail('retrieve', `the root block is ${size} bytes long, over 2 MiB`)
      size = 0
      for await (const chunk of body) {
        size += chunk.length
        if (size > MAX_BLOCK) throw http.fail('retrieve', 'the root block is over 2 MiB')
        chunks.push(Buffer.from(chunk))
      }
      if (!hashNow('sha256', Buffer.concat(chunks), 'buffer').equals(root.multihash.digest))
        throw http.fail('retrieve', `block ${root.toString()} does not hash to its CID (corrupted)`)
      return size
    },
  )
}

async function checkOne(
  gateway: string,
  root: CID,
  index: BlockIndex | undefined,
  opts: RetrievalOptions,
  session: Session,
  log: (message: string) => void,
  hasher: Hasher,
): Promise<GatewayResult> {
  const name = gatewayName(gateway)
  const started = session.clock.now()
  const deadline = { at: started + opts.timeoutMs, input: 'check-timeout' }
  const reached = `the retrieval check reached its limit of ${formatLimit(opts.timeoutMs)} ("check-timeout")`
  let blocks = 0
  let bytes = 0
  let skipped = ''
  const result = (status: GatewayResult['status'], error?: string): GatewayResult => {
    const r: GatewayResult = {
      gateway,
      status,
      cid: root.toString(),
      scope: scopeName(opts.scope),
      blocks,
      bytes,
      durationMs: Math.round(session.clock.now() - started),
      ...(error !== undefined ? { error: session.clean(error) } : {}),
    }
    log(
      r.error === undefined
        ? `${name}: verified ${blocks} blocks (${bytes} bytes) in ${formatLimit(r.durationMs)}${skipped}`
        : `${name}: ${r.error}`,
    )
    return r
  }
  const cannot = unverifiable(root)
  if (cannot !== undefined)
    return result('failed', `the check cannot verify this content: ${cannot}`)
  const redact = session.deps.redact
  const client = (retries: number): HttpClient =>
    createHttpClient({
      ...session.deps,
      provider: name,
      baseUrl: gateway,
      retry: { ...session.deps.retry, retries },
      maxBodyBytes: 1 << 20,
    })
  const limit = deadlineSignal(session.limit(), deadline, () => new Error(reached), session.clock)
  try {
    const format = opts.scope.kind === 'root' ? 'raw' : 'car'
    const refused = await probe(client(0), format, limit.signal, redact)
    if (refused !== undefined) return result('failed', refused)
    // Asked again until check-timeout, whatever `retries` says: content takes time to spread.
    const http = client(Infinity)
    if (opts.scope.kind === 'root') {
      bytes = await fetchRoot(http, root, limit.signal, redact)
      blocks = 1
      return result('verified')
    }
    const path = opts.scope.kind === 'path' ? opts.scope.path : ''
    await http.stream(
      {
        operation: 'retrieve',
        method: 'GET',
        path: `/ipfs/${root.toString()}${path.split('/').map(encodeURIComponent).join('/')}`,
        query: { format: 'car', 'dag-scope': opts.scope.kind === 'all' ? 'all' : 'entity' },
        headers: { accept: CAR_ACCEPT },
        signal: limit.signal,
        waiting: 'waiting for the content to reach this gateway',
      },
      async (body, res) => {
        const type = typeOf(res.headers)
        // The first answer decides: a 200 that is not a CAR will not become one.
        if (!/^application\/vnd\.ipld\.car\s*(;|$)/i.test(type))
          throw http.fail(
            'retrieve',
            `the gateway answered ${await whatCame(res.status, type, body, redact)}, not a CAR: not a trustless gateway, or not its URL`,
          )
        if (/version=(?!1\b)/i.test(type))
          throw http.fail('retrieve', `the CAR is not version 1 (${type.slice(0, 100)})`)
        const check = new DagCheck(
          root,
          index,
          opts.scope,
          {
            dups: /\bdups=y\b/i.test(type),
            ordered: /\border=dfs\b/i.test(type),
          },
          hasher,
        )
        const progress = { sections: 0, bytes: 0 }
        try {
          for await (const block of readCar(body, (n, align) => check.space(n, align), progress)) {
            await check.take(block)
            if (check.complete) break
            if (waitReaches(deadline, 0, session.clock) !== undefined) throw new Error(reached)
          }
          await check.finish()
        } catch (err) {
          // A corrupt block found meanwhile says more than how the stream ended.
          await check.settled().catch((bad: unknown) => {
            throw http.fail('retrieve', errorMessage(bad))
          })
          const next = check.next()
          const where = `${check.status()}${next !== undefined ? `; the next block expected was ${next}` : ''}`
          if (err instanceof CarRefused) throw http.fail('retrieve', err.message)
          if (err instanceof Missing)
            throw http.malformed('retrieve', err.message, { ...res, text: '' })
          if (limit.signal.aborted || errorMessage(err) === reached)
            throw http.fail('retrieve', `${reached}, after ${where}`)
          // Cut: inside a section (CarCut), or the connection broke (a boxo gateway that meets a
          // missing block aborts it, even between two blocks).
          throw http.malformed(
            'retrieve',
            `the CAR stream was cut after ${where} (${err instanceof CarCut ? err.message : errorMessage(err)})`,
            { ...res, text: '' },
          )
        } finally {
          check.abandon()
          blocks = check.blocks
          bytes = check.bytes
          if (check.foreign + check.duplicates > 0)
            skipped = `; ${check.foreign} blocks not of this DAG and ${check.duplicates} sent again were skipped`
        }
      },
    )
    return result('verified')
  } catch (err) {
    return result('failed', err instanceof ProviderError ? err.reason : errorMessage(err))
  } finally {
    limit.dispose()
  }
}

/** Fetches the content back from every gateway at once; one result each. */
export async function checkRetrieval(
  root: CID,
  index: BlockIndex | undefined,
  opts: RetrievalOptions,
  session: Session,
  log: (message: string) => void,
): Promise<GatewayResult[]> {
  const names = opts.gateways.map(gatewayName)
  log(
    `Checking retrieval of ${root.toString()} (${scopeName(opts.scope)}) from ${names.join(', ')}, for up to ${formatLimit(opts.timeoutMs)} ("check-timeout")`,
  )
  // One ring and one set of hashing threads for every gateway.
  const hasher = new Hasher()
  try {
    return await Promise.all(
      opts.gateways.map((g) => checkOne(g, root, index, opts, session, log, hasher)),
    )
  } finally {
    await hasher.close()
  }
}
