/**
 * The retrieval check (src/check/retrieval.ts) against the trustless gateway double, serving the
 * blocks a provider double received: verified block by block against the DAG built here, "not
 * yet" answers retried until check-timeout on a driven clock, and every broken answer a clear
 * failure naming the gateway and the block.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checkRetrieval, type CheckScope } from '../../src/check/retrieval.js'
import type { CarResult } from '../../src/content/car.js'
import { openSession } from '../../src/session.js'
import { CarBlockIterator } from '@ipld/car/iterator'
import * as dagPb from '@ipld/dag-pb'
import { Blocks, blockKey } from '../doubles/common.js'
import { startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { fakeClock } from '../support/clock.js'
import { carOf, scratch, writeTree } from '../support/fs-tree.js'
import { readFileSync } from 'node:fs'

const tmp = scratch('retrieval')
afterAll(tmp.remove)

let car: CarResult
const blocks = new Blocks()
beforeAll(async () => {
  const dir = writeTree(tmp.next('site'), {
    'index.html': '<h1>hi</h1>',
    // Three distinct 1 MiB chunks under a file node (the default profile's chunk size).
    'docs/guide.html': new Uint8Array(2_500_000).map((_, i) => (i * 31 + (i >> 11)) % 251),
    'docs/more.html': 'more',
    'img/logo.svg': '<svg/>',
  })
  car = await carOf(dir, tmp.next('car'))
  const r = await blocks.importCar(readFileSync(car.carPath))
  if ('error' in r) throw new Error(r.error)
})

let gw: GatewayDouble | undefined
afterEach(async () => {
  await gw?.close()
  gw = undefined
})

async function check(): Promise<GatewayDouble> {
  gw = await startGatewayDouble({ blocks: (k) => blocks.get(k) })
  return gw
}

/** Every CID of the CAR, in its order. */
async function blockCids(): Promise<string[]> {
  const it = await CarBlockIterator.fromBytes(readFileSync(car.carPath))
  const out: string[] = []
  for await (const b of it) out.push(b.cid.toString())
  return out
}

/** The CIDs of the leaves of the file at `path`, walked from the root through dag-pb links. */
function blockCidsOf(path: string): string[] {
  let at = car.root
  for (const seg of path.split('/')) {
    const node = dagPb.decode(blocks.get(blockKey(at)) ?? new Uint8Array())
    const link = node.Links.find((l) => l.Name === seg)
    if (link === undefined) throw new Error(`no ${seg}`)
    at = link.Hash
  }
  return dagPb
    .decode(blocks.get(blockKey(at)) ?? new Uint8Array())
    .Links.map((l) => l.Hash.toString())
}

async function run(g: GatewayDouble, scope: CheckScope = { kind: 'all' }, timeoutMs = 60_000) {
  const logs: string[] = []
  const session = openSession(
    { secrets: [], requestTimeoutMs: 2000, timeoutMs: 3_600_000, retries: 4 },
    { info: (m) => logs.push(m), setSecret: () => undefined },
    { clock: fakeClock(Date.now()) },
  )
  try {
    const [r] = await checkRetrieval(
      car.root,
      car.index,
      { gateways: [g.url], timeoutMs, scope },
      session,
      (m) => logs.push(m),
    )
    if (r === undefined) throw new Error('no result')
    return { r, logs }
  } finally {
    session.close()
  }
}

describe('retrieval check', () => {
  it('verifies every block of the DAG and that each is this DAG’s', async () => {
    const g = await check()
    const { r } = await run(g)
    expect(r).toMatchObject({
      status: 'verified',
      cid: car.root.toString(),
      scope: 'all',
      blocks: car.blocks,
    })
    expect(g.server.requests[0]?.url).toMatch(/^\/ipfs\/b[a-z0-9]+\?format=car&dag-scope=all$/)
    expect(g.server.requests[0]?.headers.accept).toBe(
      'application/vnd.ipld.car; version=1; order=dfs; dups=n',
    )
  })

  it('waits while the content spreads: 404s, then a recursive gateway’s 504/502, then verifies', async () => {
    const g = await check()
    g.notFoundFor = 3
    g.recursiveDelays = 2
    const { r, logs } = await run(g)
    expect(r.status).toBe('verified')
    expect(g.server.requests.length).toBe(6)
    expect(logs.join('\n')).toMatch(/retrying/)
  })

  it('honours 429 with Retry-After', async () => {
    const g = await check()
    g.rateLimitOnce = true
    expect((await run(g)).r.status).toBe('verified')
  })

  it('gives up at check-timeout when the content never arrives, saying so', async () => {
    const g = await check()
    g.notFoundFor = 1_000_000
    const { r } = await run(g, { kind: 'all' }, 30_000)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(
      /^gateway 127\.0\.0\.1:\d+: fetching the content failed: HTTP 404.*"check-timeout"/,
    )
  })

  it('fails at once on a corrupted block, naming it', async () => {
    const g = await check()
    g.corrupt = (await blockCids())[2]
    const { r } = await run(g)
    expect(r.status).toBe('failed')
    expect(r.error).toContain(`block ${g.corrupt ?? ''} does not hash to its CID`)
    expect(g.server.requests).toHaveLength(1)
  })

  it('fails, after retrying, on a CAR that lacks a block, naming it', async () => {
    const g = await check()
    // A leaf (the CAR is written leaves first): not the root, which would be a 404.
    const leaf = (await blockCids())[0] ?? ''
    g.missing = leaf
    const { r } = await run(g, { kind: 'all' }, 20_000)
    expect(r.status).toBe('failed')
    expect(r.error).toContain(`the CAR ended without block ${leaf}`)
    expect(g.server.requests.length).toBeGreaterThan(1)
  })

  it('retries a stream cut mid-block', async () => {
    const g = await check()
    g.cutAfterBlocks = 2
    const { r } = await run(g, { kind: 'all' }, 20_000)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/stream broke|ended/)
    expect(g.server.requests.length).toBeGreaterThan(1)
  })

  it('stops at once on 410 (refused by the gateway)', async () => {
    const g = await check()
    g.blocked = true
    const { r } = await run(g)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/HTTP 410/)
    expect(g.server.requests).toHaveLength(1)
  })

  it('takes duplicates and a legacy content type, and fails on a block that is not this DAG’s', async () => {
    let g = await check()
    g.dups = true
    expect((await run(g)).r.status).toBe('verified')
    await g.close()
    g = await check()
    g.legacyContentType = true
    expect((await run(g)).r.status).toBe('verified')
    await g.close()
    g = await check()
    g.extraBlock = new TextEncoder().encode('not ours')
    const { r } = await run(g)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/is not part of the DAG built here/)
  })

  it('checks the root block alone with check-scope: root', async () => {
    const g = await check()
    const { r } = await run(g, { kind: 'root' })
    expect(r).toMatchObject({ status: 'verified', blocks: 1, scope: 'root' })
    expect(g.server.requests[0]?.url).toMatch(/\?format=raw$/)
  })

  it('checks the entity a path names: the path’s blocks and the whole file, each this DAG’s', async () => {
    const g = await check()
    const { r } = await run(g, { kind: 'path', path: '/docs/guide.html' })
    expect(r).toMatchObject({ status: 'verified', scope: '/docs/guide.html' })
    expect(r.blocks).toBeGreaterThan(3)
    expect(r.blocks).toBeLessThan(car.blocks)
    // One of the file's chunks missing: not verified, though the root and the path came.
    g.missing = blockCidsOf('docs/guide.html').at(-1)
    const again = await run(g, { kind: 'path', path: '/docs/guide.html' }, 10_000)
    expect(again.r.status).toBe('failed')
    expect(again.r.error).toContain(`block ${g.missing ?? ''}`)
  })
})
