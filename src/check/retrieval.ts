/**
 * The retrieval check: before success is reported or any name is changed, the content is fetched
 * back from trustless gateways and verified as a stream (docs/names/trustless-gateway.md).
 *
 * - `all` (default): `GET /ipfs/<root>?format=car`; every block's bytes must hash to its CID,
 *   belong to the DAG built here (the compact index written with the CAR), and every block of
 *   that DAG must arrive: the CAR is read as it streams, memory bounded by the index.
 * - `root`: the root block alone (`?format=raw`), for artifacts too big to fetch whole.
 * - a path (`/docs/index.html`): the entity it names (`dag-scope=entity`): the path's blocks and
 *   the whole file (or the directory node), each hashed and checked to be this DAG's.
 *
 * While content spreads a gateway answers 404 (or 502/504 from a recursive one): those, 429 and
 * a cut or incomplete CAR are retried with backoff until `check-timeout`; 400, 406, 410 and 451
 * end the check at once, and so does a block that is wrong or not this DAG's, naming it.
 */
import { createHash } from 'node:crypto'
import { CarBlockIterator } from '@ipld/car/iterator'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import type { CID } from 'multiformats/cid'
import type { BlockIndex } from '../content/block-index.js'
import { ProviderError, errorMessage } from '../errors.js'
import { createHttpClient, type HttpClient } from '../http/client.js'
import { deadlineSignal, formatLimit } from '../http/deadline.js'
import type { Session } from '../session.js'

/** What to fetch back: every block, the root block, or the entity a path names. */
export type CheckScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'root' }
  | { readonly kind: 'path'; readonly path: string }

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
  readonly error?: string
}

/** Largest block a client should take (the trustless gateway spec's limit). */
const MAX_BLOCK = 2 * 1024 * 1024
const CAR_ACCEPT = 'application/vnd.ipld.car; version=1; order=dfs; dups=n'

const scopeName = (s: CheckScope): string => (s.kind === 'path' ? s.path : s.kind)

/** A block is this DAG's and intact: its bytes hash to its CID, and the index holds it. */
function verifyBlock(
  http: HttpClient,
  cid: CID,
  bytes: Uint8Array,
  index: BlockIndex | undefined,
): void {
  if (bytes.length > MAX_BLOCK)
    throw http.fail('retrieve', `block ${cid.toString()} is ${bytes.length} bytes, over 2 MiB`)
  if (cid.multihash.code !== 0x12)
    throw http.fail('retrieve', `block ${cid.toString()} is not a SHA-256 block of this DAG`)
  const digest = createHash('sha256').update(bytes).digest()
  if (!digest.equals(Buffer.from(cid.multihash.digest)))
    throw http.fail('retrieve', `block ${cid.toString()} does not hash to its CID (corrupted)`)
  if (index !== undefined && !index.has(cid.multihash.digest))
    throw http.fail('retrieve', `block ${cid.toString()} is not part of the DAG built here`)
}

/** A dag-pb node's UnixFS type and links (a raw block has neither). */
function nodeOf(
  cid: CID,
  bytes: Uint8Array,
): { type: string; links: Array<{ name: string; cid: CID }> } | undefined {
  if (cid.code !== dagPb.code) return undefined
  const node = dagPb.decode(bytes)
  let type = 'file'
  try {
    if (node.Data !== undefined) type = UnixFS.unmarshal(node.Data).type
  } catch {
    // Not UnixFS data: treat its links as content, all needed.
  }
  return { type, links: node.Links.map((l) => ({ name: l.Name ?? '', cid: l.Hash })) }
}

/** The links a node's content needs: all, for the whole DAG; a file's, for an entity. */
function neededLinks(node: ReturnType<typeof nodeOf>, scope: CheckScope): CID[] {
  if (node === undefined) return []
  if (scope.kind === 'all' || node.type === 'file' || node.type === 'raw')
    return node.links.map((l) => l.cid)
  return []
}

/**
 * Resolves `path` from the root through the directory nodes received (plain directories by link
 * name; HAMT shards by a name's two-hex-digit prefix, through every sub-shard received): the CID
 * each segment leads to, or the first that did not arrive.
 */
function resolvePath(
  root: CID,
  path: string,
  dirs: ReadonlyMap<string, { type: string; links: Array<{ name: string; cid: CID }> }>,
): { found: CID } | { missing: string } {
  let at = root
  for (const segment of path.split('/').filter((s) => s !== '')) {
    const find = (dir: CID, depth: number): CID | undefined => {
      const node = dirs.get(dir.toV1().toString())
      if (node === undefined || depth > 64) return undefined
      if (node.type !== 'hamt-sharded-directory')
        return node.links.find((l) => l.name === segment)?.cid
      for (const l of node.links) {
        if (l.name.length > 2 && l.name.slice(2) === segment) return l.cid
        if (l.name.length === 2) {
          const deeper = find(l.cid, depth + 1)
          if (deeper !== undefined) return deeper
        }
      }
      return undefined
    }
    if (!dirs.has(at.toV1().toString())) return { missing: at.toString() }
    const next = find(at, 0)
    if (next === undefined) return { missing: `${at.toString()} (the entry "${segment}")` }
    at = next
  }
  return { found: at }
}

async function checkOne(
  gateway: string,
  root: CID,
  index: BlockIndex | undefined,
  opts: RetrievalOptions,
  session: Session,
): Promise<GatewayResult> {
  const started = session.clock.now()
  const host = new URL(gateway).host
  const http = createHttpClient({
    ...session.deps,
    provider: `gateway ${host}`,
    baseUrl: gateway,
    // Retried until check-timeout, whatever `retries` says: content takes time to spread.
    retry: { ...session.deps.retry, retries: 1000 },
  })
  const limit = deadlineSignal(
    session.limit(),
    { at: started + opts.timeoutMs, input: 'check-timeout' },
    () =>
      new Error(
        `the retrieval check reached its limit of ${formatLimit(opts.timeoutMs)} ("check-timeout")`,
      ),
    session.clock,
  )
  let blocks = 0
  let bytes = 0
  const result = (status: GatewayResult['status'], error?: string): GatewayResult => ({
    gateway,
    status,
    cid: root.toString(),
    scope: scopeName(opts.scope),
    blocks,
    bytes,
    durationMs: Math.round(session.clock.now() - started),
    ...(error !== undefined ? { error } : {}),
  })
  try {
    if (opts.scope.kind === 'root') {
      await http.stream(
        {
          operation: 'retrieve',
          method: 'GET',
          path: `/ipfs/${root.toString()}`,
          query: { format: 'raw' },
          headers: { accept: 'application/vnd.ipld.raw' },
          signal: limit.signal,
        },
        async (body) => {
          const chunks: Buffer[] = []
          let size = 0
          for await (const chunk of body) {
            size += chunk.length
            if (size > MAX_BLOCK) throw http.fail('retrieve', 'the root block is over 2 MiB')
            chunks.push(Buffer.from(chunk))
          }
          verifyBlock(http, root, Buffer.concat(chunks), index)
          blocks = 1
          bytes = size
        },
      )
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
      },
      async (body, res) => {
        const type = String(res.headers['content-type'] ?? '')
        if (!/^application\/vnd\.ipld\.car\b/i.test(type))
          throw http.malformed('retrieve', `the answer is ${type || 'untyped'}, not a CAR`, {
            ...res,
            text: '',
          })
        if (/version=(?!1\b)/i.test(type))
          throw http.fail('retrieve', `the CAR is not version 1 (${type})`)
        blocks = 0
        bytes = 0
        const seen = new Set<string>()
        const pending = new Set<string>([root.toString()])
        // For a path: the directory nodes received (small), to resolve the path through.
        const dirs = new Map<string, NonNullable<ReturnType<typeof nodeOf>>>()
        // The walk a depth-first CAR follows: the top not yet received is the block expected
        // next, so the one to name when the CAR stops early.
        const walk: string[] = []
        const settle = (): void => {
          while (walk.length > 0 && !pending.has(walk[walk.length - 1] ?? '')) walk.pop()
        }
        let iterator: CarBlockIterator
        try {
          iterator = await CarBlockIterator.fromIterable(body)
          for await (const block of iterator) {
            verifyBlock(http, block.cid, block.bytes, index)
            const key = block.cid.toV1().toString()
            pending.delete(block.cid.toString())
            pending.delete(key)
            if (seen.has(key)) continue
            seen.add(key)
            blocks++
            bytes += block.bytes.length
            const node = nodeOf(block.cid, block.bytes)
            if (opts.scope.kind === 'path' && node !== undefined && node.type !== 'file')
              dirs.set(key, node)
            const group = neededLinks(node, opts.scope)
              .filter((l) => !seen.has(l.toV1().toString()))
              .map((l) => l.toString())
            for (const l of group) pending.add(l)
            settle()
            for (let i = group.length - 1; i >= 0; i--) walk.push(group[i] ?? '')
          }
        } catch (err) {
          if (err instanceof ProviderError) throw err
          // A cut stream, or bytes that are not a CAR: try again while there is time.
          throw http.malformed('retrieve', `the CAR stream broke: ${errorMessage(err)}`, {
            ...res,
            text: '',
          })
        }
        if (opts.scope.kind === 'path') {
          // The path's blocks and the entity it names must be there, not just the root.
          const r = resolvePath(root, opts.scope.path, dirs)
          if ('missing' in r)
            throw http.malformed(
              'retrieve',
              `the CAR lacks block ${r.missing} on the path ${opts.scope.path}`,
              { ...res, text: '' },
            )
          if (!seen.has(r.found.toV1().toString())) pending.add(r.found.toString())
        }
        settle()
        const missing = walk[walk.length - 1] ?? [...pending][0]
        if (missing !== undefined)
          throw http.malformed(
            'retrieve',
            `the CAR ended without block ${missing} (${blocks} blocks received${index !== undefined && opts.scope.kind === 'all' ? ` of ${index.size}` : ''})`,
            { ...res, text: '' },
          )
        if (opts.scope.kind === 'all' && index !== undefined && blocks < index.size)
          throw http.malformed(
            'retrieve',
            `the CAR ended with ${blocks} of the ${index.size} blocks of the DAG`,
            { ...res, text: '' },
          )
      },
    )
    return result('verified')
  } catch (err) {
    return result('failed', session.clean(errorMessage(err)))
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
  log(
    `Checking retrieval of ${root.toString()} (${scopeName(opts.scope)}) from ${opts.gateways.join(', ')}, up to ${formatLimit(opts.timeoutMs)}`,
  )
  return Promise.all(
    opts.gateways.map(async (g) => {
      const r = await checkOne(g, root, index, opts, session)
      log(
        r.status === 'verified'
          ? `${g}: verified ${r.blocks} blocks (${r.bytes} bytes) in ${formatLimit(r.durationMs)}`
          : `${g}: ${r.error ?? 'failed'}`,
      )
      return r
    }),
  )
}
