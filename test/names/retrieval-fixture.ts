/**
 * What the retrieval check tests share: a small site built into a CAR by the product, its blocks
 * in a store the gateway double serves, the double itself, and a check run on a driven clock.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { checkRetrieval, type CheckScope } from '../../src/check/retrieval.js'
import type { BlockIndex } from '../../src/content/block-index.js'
import type { CarResult } from '../../src/content/car.js'
import { openSession } from '../../src/http/session.js'
import { Blocks, blockKey } from '../doubles/common.js'
import { startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { fakeClock, type FakeClock } from '../support/clock.js'
import { carOf, scratch, writeTree } from '../support/fs-tree.js'

export interface Site {
  readonly car: CarResult
  readonly blocks: Blocks
  /** The site's blocks in the order the double's depth-first CAR sends them. */
  readonly dfs: string[]
  /** The CIDs of the chunks of the file at `path` (`docs/guide.html`). */
  leavesOf(path: string): string[]
  remove(): void
}

export async function buildSite(): Promise<Site> {
  const tmp = scratch('retrieval')
  const dir = writeTree(tmp.next('site'), {
    'index.html': '<h1>hi</h1>',
    // Three distinct 1 MiB chunks under a file node (the default profile's chunk size).
    'docs/guide.html': new Uint8Array(2_500_000).map((_, i) => (i * 31 + (i >> 11)) % 251),
    'docs/more.html': 'more',
    'img/logo.svg': '<svg/>',
  })
  const car = await carOf(dir, tmp.next('car'))
  const blocks = new Blocks()
  const r = await blocks.importCar(readFileSync(car.carPath))
  if ('error' in r) throw new Error(r.error)
  const node = (cid: CID): dagPb.PBNode | undefined =>
    cid.code === dagPb.code
      ? dagPb.decode(blocks.get(blockKey(cid)) ?? new Uint8Array())
      : undefined
  const dfs: string[] = []
  const seen = new Set<string>()
  const walk = (cid: CID): void => {
    if (seen.has(blockKey(cid))) return
    seen.add(blockKey(cid))
    dfs.push(cid.toString())
    for (const l of node(cid)?.Links ?? []) walk(l.Hash)
  }
  walk(car.root)
  return {
    car,
    blocks,
    dfs,
    leavesOf(path) {
      let at = car.root
      for (const seg of path.split('/')) {
        const link = node(at)?.Links.find((l) => l.Name === seg)
        if (link === undefined) throw new Error(`no ${seg}`)
        at = link.Hash
      }
      return (node(at)?.Links ?? []).map((l) => l.Hash.toString())
    },
    remove: tmp.remove,
  }
}

export const gatewayOf = (blocks: Map<string, Uint8Array>): Promise<GatewayDouble> =>
  startGatewayDouble({ blocks: (k) => blocks.get(k) })

/**
 * For a test file: the site, built once, and `gateway()`, a double serving its blocks (or
 * `blocks`), closed after each test.
 */
export function siteAndGateways(): {
  readonly site: () => Site
  readonly gateway: (blocks?: Map<string, Uint8Array>) => Promise<GatewayDouble>
} {
  let site: Site | undefined
  const open: GatewayDouble[] = []
  beforeAll(async () => {
    site = await buildSite()
  }, 120_000)
  afterAll(() => site?.remove())
  afterEach(async () => {
    await Promise.all(open.splice(0).map((g) => g.close()))
  })
  const built = (): Site => {
    if (site === undefined) throw new Error('the site is built in beforeAll')
    return site
  }
  return {
    site: built,
    gateway: async (blocks) => {
      const g = await gatewayOf(blocks ?? built().blocks)
      open.push(g)
      return g
    },
  }
}

/** Requests after the probe. */
export const contentRequests = (g: GatewayDouble) =>
  g.server.requests.filter((q) => !q.url.includes('bafkqaaa'))

/**
 * A root linking `nodes` dag-pb nodes of 45,000 links each (about 2 MiB, the most a block
 * holds), to raw blocks that need not exist. Encoded here (a Links field holding Hash and
 * Tsize): as many CID objects would take longer to make than the check takes to refuse them.
 */
export function wideDag(nodes: number): { root: CID; store: Map<string, Uint8Array> } {
  const store = new Map<string, Uint8Array>()
  const put = (bytes: Uint8Array): CID => {
    const digest = Digest.create(0x12, createHash('sha256').update(bytes).digest())
    const cid = CID.createV1(dagPb.code, digest)
    store.set(blockKey(cid), bytes)
    return cid
  }
  const digests = randomBytes(nodes * 45_000 * 32)
  const wide = Array.from({ length: nodes }, (_, w) => {
    const links: Uint8Array[] = []
    for (let i = 0; i < 45_000; i++) {
      const at = (w * 45_000 + i) * 32
      links.push(Uint8Array.of(0x12, 40, 0x0a, 36, 0x01, raw.code, 0x12, 0x20))
      links.push(digests.subarray(at, at + 32), Uint8Array.of(0x18, 1))
    }
    return put(Buffer.concat(links))
  })
  return { root: put(dagPb.encode({ Links: wide.map((Hash) => ({ Hash, Tsize: 1 })) })), store }
}

export interface Run {
  readonly scope?: CheckScope
  readonly timeoutMs?: number
  /** The local DAG's index; `null` checks as the `cid` input does, without one. */
  readonly index?: BlockIndex | null
  readonly root?: CID
  readonly clock?: FakeClock
}

/** Runs the check against `gateways` on a driven clock; its results and every log line. */
export async function runCheck(site: Site, gateways: GatewayDouble[], o: Run = {}) {
  const logs: string[] = []
  const clock = o.clock ?? fakeClock(Date.now())
  const session = openSession(
    { secrets: [], requestTimeoutMs: 2000, timeoutMs: 3_600_000, retries: 4 },
    { info: (m) => logs.push(m), setSecret: () => undefined },
    { clock },
  )
  try {
    const results = await checkRetrieval(
      o.root ?? site.car.root,
      o.index === null ? undefined : (o.index ?? site.car.index),
      {
        gateways: gateways.map((g) => g.url),
        timeoutMs: o.timeoutMs ?? 60_000,
        scope: o.scope ?? { kind: 'all' },
      },
      session,
      (m) => logs.push(m),
    )
    const r = results[0]
    if (r === undefined) throw new Error('no result')
    return { r, results, logs, clock }
  } finally {
    session.close()
  }
}
