/**
 * The retrieval check (src/check/retrieval.ts) against the trustless gateway double, serving the
 * blocks a provider double received: verified block by block against the DAG built here, "not
 * yet" answers retried until check-timeout on a driven clock with a message that says what is
 * waited for and until when, and every broken answer a clear failure naming the gateway once
 * and the block. Hostile gateways: retrieval-hostile.test.ts; memory: retrieval-memory.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { GatewayDouble } from '../doubles/gateway.js'
import {
  contentRequests as content,
  runCheck,
  siteAndGateways,
  type Run,
} from './retrieval-fixture.js'

const { site: built, gateway } = siteAndGateways()
const run = (g: GatewayDouble, o: Run = {}) => runCheck(built(), [g], o)

describe('retrieval check', () => {
  it('probes the gateway, then verifies every block of the DAG and that each is this DAG’s', async () => {
    const g = await gateway()
    const { r } = await run(g)
    expect(r).toMatchObject({
      status: 'verified',
      cid: built().car.root.toString(),
      scope: 'all',
      blocks: built().car.blocks,
    })
    expect(g.server.requests.map((q) => [q.url, q.headers.accept])).toEqual([
      ['/ipfs/bafkqaaa?format=car', 'application/vnd.ipld.car; version=1; order=dfs; dups=n'],
      [
        `/ipfs/${built().car.root.toString()}?format=car&dag-scope=all`,
        'application/vnd.ipld.car; version=1; order=dfs; dups=n',
      ],
    ])
  })

  it('waits while the content spreads, saying what for and until when, then verifies', async () => {
    const g = await gateway()
    g.notFoundFor = 3
    g.recursiveDelays = 2
    const { r, logs, clock } = await run(g)
    expect(r.status).toBe('verified')
    expect(content(g)).toHaveLength(6)
    const until = new Date(clock.now() - clock.sleeps.reduce((a, b) => a + b, 0) + 60_000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
    const waits = logs.filter((l) => l.includes('not yet'))
    expect(waits).toHaveLength(5)
    expect(waits[0]).toMatch(
      new RegExp(
        `^127\\.0\\.0\\.1:\\d+: waiting for the content to reach this gateway: not yet \\(HTTP 404\\); asking again in \\d+\\.\\d s \\(attempt 2\\), until ${until} \\("check-timeout"\\)$`,
      ),
    )
    expect(waits[3]).toMatch(/not yet \(HTTP 504\)/)
    expect(logs.join('\n')).not.toMatch(/attempt \d+ of \d+/)
  })

  it('names each gateway once, by one name, in every line', async () => {
    const a = await gateway()
    const b = await gateway()
    a.notFoundFor = 1
    b.blocked = true
    const { results, logs } = await runCheck(built(), [a, b])
    expect(results.map((x) => x.status)).toEqual(['verified', 'failed'])
    const names = [a, b].map((g) => new URL(g.url).host)
    expect(logs[0]).toMatch(
      new RegExp(
        `from ${names[0] ?? ''}, ${names[1] ?? ''}, for up to 60 s \\("check-timeout"\\)$`,
      ),
    )
    for (const line of logs.slice(1)) {
      const count = names.reduce((n, name) => n + line.split(name).length - 1, 0)
      expect(count, line).toBe(1)
      expect(line, line).not.toMatch(/http:\/\/|gateway 127/)
    }
    // The result's error leaves the name out: whoever shows it puts the gateway first.
    expect(results[1]?.error).toMatch(/^HTTP 410: /)
  })

  it('honours 429 with Retry-After', async () => {
    const g = await gateway()
    g.rateLimitOnce = true
    g.retryAfter = '7'
    const { r, logs, clock } = await run(g)
    expect(r.status).toBe('verified')
    expect(clock.sleeps).toContain(7000)
    expect(logs.join('\n')).toMatch(
      /not yet \(HTTP 429\); asking again in 7\.0 s, as the service asked/,
    )
  })

  it.each(['-5', '0', 'soon', '1.5', 'Sun, 31 Feb 2026 10:00:00 GMT'])(
    'takes Retry-After: %s as no hint: backs off as usual, and says so at the deadline',
    async (value) => {
      const g = await gateway()
      g.recursiveDelays = 1_000_000
      g.retryAfter = value
      const { r, logs } = await run(g, { timeoutMs: 30_000 })
      expect(r.status).toBe('failed')
      expect(r.error).toMatch(
        /^HTTP 50[24]: .*\(no time is left for another attempt before the limit set by "check-timeout"\)$/,
      )
      expect(r.error).not.toMatch(/limit resets/)
      expect(logs.join('\n')).not.toMatch(/as the service asked/)
    },
  )

  it('gives up at check-timeout when the content never arrives, saying so', async () => {
    const g = await gateway()
    g.notFoundFor = 1_000_000
    const { r } = await run(g, { timeoutMs: 30_000 })
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(
      /^HTTP 404: block b[a-z0-9]+ not found \(no time is left.*"check-timeout"\)$/,
    )
  })

  it('fails at once on a corrupted block, naming it', async () => {
    const g = await gateway()
    g.corrupt = built().dfs[3]
    const { r } = await run(g)
    expect(r.status).toBe('failed')
    expect(r.error).toBe(`block ${g.corrupt ?? ''} does not hash to its CID (corrupted)`)
    expect(content(g)).toHaveLength(1)
  })

  it('fails, after retrying, on a CAR that lacks a block, naming it', async () => {
    const g = await gateway()
    const leaf = built().leavesOf('docs/guide.html')[1] ?? ''
    g.missing = leaf
    const { r } = await run(g, { timeoutMs: 20_000 })
    expect(r.status).toBe('failed')
    expect(r.error).toContain(`the CAR ended without block ${leaf} (`)
    expect(content(g).length).toBeGreaterThan(1)
  })

  it('names the next block expected and how many arrived when the stream is cut mid-block', async () => {
    const g = await gateway()
    g.cutAfterBlocks = 2
    const { r } = await run(g, { timeoutMs: 20_000 })
    expect(r.status).toBe('failed')
    expect(r.error).toContain(
      `the CAR stream was cut after 2 blocks received of the DAG's ${built().car.blocks}; the next block expected was ${built().dfs[2] ?? ''} (`,
    )
    expect(content(g).length).toBeGreaterThan(1)
  })

  it('names the next block expected when a gateway drops the connection between blocks (boxo, a block missing)', async () => {
    const g = await gateway()
    const leaf = built().leavesOf('docs/guide.html')[1] ?? ''
    g.missing = leaf
    g.missingCut = true
    const { r, logs } = await run(g, { timeoutMs: 20_000 })
    expect(r.status).toBe('failed')
    const before = built().dfs.indexOf(leaf)
    expect(r.error).toContain(
      `the CAR stream was cut after ${before} blocks received of the DAG's ${built().car.blocks}; the next block expected was ${leaf} (`,
    )
    expect(logs.join('\n')).toMatch(/not yet \(the CAR stream was cut after/)
    expect(content(g).length).toBeGreaterThan(1)
  })

  it('stops at once on 410 (refused by the gateway)', async () => {
    const g = await gateway()
    g.blocked = true
    const { r } = await run(g)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/^HTTP 410/)
    expect(content(g)).toHaveLength(1)
  })

  it('takes duplicates and a legacy content type (any order)', async () => {
    let g = await gateway()
    g.dups = true
    expect((await run(g)).r.status).toBe('verified')
    g = await gateway()
    g.legacyContentType = true
    expect((await run(g)).r.status).toBe('verified')
  })

  it('skips a block that is not this DAG’s, as the spec asks, and says so', async () => {
    const g = await gateway()
    g.extraBlock = new TextEncoder().encode('not ours')
    const { r, logs } = await run(g)
    expect(r).toMatchObject({ status: 'verified', blocks: built().car.blocks })
    expect(logs.at(-1)).toMatch(
      /verified \d+ blocks .*; 1 blocks not of this DAG and 0 sent again were skipped$/,
    )
  })

  it('checks the root block alone with check-scope: root', async () => {
    const g = await gateway()
    const { r } = await run(g, { scope: { kind: 'root' } })
    expect(r).toMatchObject({ status: 'verified', blocks: 1, scope: 'root' })
    expect(g.server.requests.map((q) => q.url)).toEqual([
      '/ipfs/bafkqaaa?format=raw',
      `/ipfs/${built().car.root.toString()}?format=raw`,
    ])
  })

  it('checks the entity a path names: the path’s blocks and the whole file, each this DAG’s', async () => {
    const g = await gateway()
    const { r } = await run(g, { scope: { kind: 'path', path: '/docs/guide.html' } })
    expect(r).toMatchObject({ status: 'verified', scope: '/docs/guide.html' })
    expect(r.blocks).toBe(3 + 1 + built().leavesOf('docs/guide.html').length - 1)
    // One of the file's chunks missing: not verified, though the root and the path came.
    g.missing = built().leavesOf('docs/guide.html').at(-1)
    const again = await run(g, {
      scope: { kind: 'path', path: '/docs/guide.html' },
      timeoutMs: 10_000,
    })
    expect(again.r.status).toBe('failed')
    expect(again.r.error).toContain(`block ${g.missing ?? ''}`)
  })

  it('checks a path without the local DAG (cid input)', async () => {
    const g = await gateway()
    const scope = { kind: 'path', path: '/docs/guide.html' } as const
    const { r } = await run(g, { scope, index: null })
    expect(r).toMatchObject({
      status: 'verified',
      blocks: 3 + built().leavesOf('docs/guide.html').length,
    })
  })

  it('verifies without the local DAG (cid input): what is reachable from the root', async () => {
    const g = await gateway()
    const { r } = await run(g, { index: null })
    expect(r).toMatchObject({ status: 'verified', blocks: built().car.blocks })
    const g2 = await gateway()
    g2.missing = built().leavesOf('docs/guide.html')[0]
    const missing = await run(g2, { index: null, timeoutMs: 10_000 })
    expect(missing.r.error).toContain(`the CAR ended without block ${g2.missing ?? ''}`)
    // Children before parents, in no stated order: only the local DAG can place them.
    const g3 = await gateway()
    g3.legacyContentType = true
    const unordered = await run(g3, { index: null, timeoutMs: 10_000 })
    expect(unordered.r.error).toMatch(
      /the CAR is in no stated order, and without the DAG built here \(the "cid" input\) a block counts only when it comes after one that links to it\)/,
    )
  })
})
