/**
 * The retrieval check's bounds measured in a process of its own (retrieval-child.ts, bundled as
 * dist/ is), against the double playing hostile gateways from this process: peak RSS at most
 * `RSS_MB`, and an end within check-timeout plus `MARGIN_MS` on the real clock, whatever the
 * gateway sends (docs/names/trustless-gateway.md#limits states both).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GatewayDouble } from '../doubles/gateway.js'
import { ROOT } from '../support/action-harness.js'
import { scratch } from '../support/fs-tree.js'
import { siteAndGateways, wideDag } from './retrieval-fixture.js'

/**
 * The bounds stated in docs/names/trustless-gateway.md#limits: peak RSS (Node 24 holds more of
 * what the socket delivered before collecting it: receiving alone measures 20 to 45 MB more,
 * the faster the more), what the check may add to receiving the same bytes alone, and the time
 * past check-timeout.
 */
const RSS_MB = Number(process.versions.node.split('.')[0]) >= 24 ? 190 : 160
const OVER_RECEIVING_MB = 30
const MARGIN_MS = 2000

const { site, gateway } = siteAndGateways()
const tmp = scratch('retrieval-memory')
let child: string
let indexFile: string
beforeAll(() => {
  child = path.join(tmp.next('bundle'), 'child.mjs')
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      path.join(ROOT, 'test', 'names', 'retrieval-child.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--log-level=warning',
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      `--outfile=${child}`,
    ],
    { encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(r.stderr)
  const dir = tmp.next('index')
  mkdirSync(dir, { recursive: true })
  indexFile = path.join(dir, 'digests')
  writeFileSync(indexFile, Buffer.concat(site().dfs.map((c) => CID.parse(c).multihash.digest)))
}, 120_000)
afterAll(() => tmp.remove())

interface Measured {
  status: string
  error?: string
  blocks: number
  ms: number
  maxRssMB: number
  bytes?: number
}

/** Runs the check in the child process; the double answers meanwhile, from this one. */
function measure(
  g: GatewayDouble,
  root: CID,
  timeoutMs: number,
  index: boolean | 'fetch' = true,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const args = [
      child,
      ...(index === 'fetch' ? ['fetch'] : []),
      g.url,
      root.toString(),
      String(timeoutMs),
      ...(index === true ? [indexFile] : []),
    ]
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('error', reject)
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited ${String(code)}: ${err}`))
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Measured)
    })
  })
}

describe(`retrieval check bounds, measured in a child process: ≤ ${RSS_MB} MB RSS, ${OVER_RECEIVING_MB} MB over receiving alone, check-timeout + ${MARGIN_MS} ms`, () => {
  it('1 MiB blocks sent again without end (dups=y): ends at check-timeout, memory flat', async () => {
    const g = await gateway()
    g.dups = true
    // Every block is sent twice: stop after the first copy of the first 1 MiB leaf.
    const leaf = site().leavesOf('docs/guide.html')[0] ?? ''
    g.hostile = { afterBlocks: 2 * site().dfs.indexOf(leaf) + 1, send: 'duplicates' }
    const m = await measure(g, site().car.root, 3000)
    // The same bytes received alone, for 3 s too: the transport's own share of the memory.
    const alone = await measure(g, site().car.root, 3000, 'fetch')
    expect(m.error).toMatch(
      /^the retrieval check reached its limit of 3 s \("check-timeout"\), after \d+ blocks received/,
    )
    expect(m.ms).toBeLessThanOrEqual(3000 + MARGIN_MS)
    expect(m.maxRssMB).toBeLessThanOrEqual(RSS_MB)
    expect(m.maxRssMB).toBeLessThanOrEqual(alone.maxRssMB + OVER_RECEIVING_MB)
  }, 120_000)

  it('a length prefix of 3 GB followed by bytes without end: refused, nothing buffered', async () => {
    const g = await gateway()
    g.hostile = { afterBlocks: 1, send: 'section-length', length: 3_000_000_000 }
    const m = await measure(g, site().car.root, 60_000)
    expect(m.error).toMatch(/says it is 3000000000 bytes long/)
    expect(m.maxRssMB).toBeLessThanOrEqual(RSS_MB)
  }, 120_000)

  it('without the local DAG (cid input): a DAG linking 270,000 blocks, followed to the limit', async () => {
    const { root, store } = wideDag(6)
    const g = await gateway(store)
    g.breadthFirst = true
    const m = await measure(g, root, 60_000, false)
    expect(m.error).toMatch(/links more than 250000 blocks/)
    expect(m.maxRssMB).toBeLessThanOrEqual(RSS_MB)
  }, 120_000)

  it('foreign blocks without end, without the local DAG: refused after the budget', async () => {
    const g = await gateway()
    g.hostile = { afterBlocks: 1, send: 'foreign' }
    const m = await measure(g, site().car.root, 60_000, false)
    expect(m.error).toMatch(/that are not part of this DAG/)
    expect(m.maxRssMB).toBeLessThanOrEqual(RSS_MB)
  }, 120_000)
})
