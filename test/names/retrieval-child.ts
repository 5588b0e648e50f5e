/**
 * One retrieval check in a process of its own, for retrieval-memory.test.ts: bundled as dist/ is
 * (esbuild), run with the test's Node, it checks `root` at `url` and prints one JSON line with
 * the result, the time it took and the process's peak RSS (worker threads included).
 *
 *   retrieval-child <url> <root> <timeoutMs> [<index file>]
 *   retrieval-child fetch <url> <root> <timeoutMs>
 *                    receives the same CAR with undici for <timeoutMs>, bytes dropped: what the
 *                    transport alone costs (the control for the check's figures)
 *
 * The index file holds the DAG's block digests, 32 bytes each (without it: the `cid` input).
 */
import { readFileSync } from 'node:fs'
import { CID } from 'multiformats/cid'
import { request } from 'undici'
import { checkRetrieval } from '../../src/check/retrieval.js'
import { BlockIndex } from '../../src/content/block-index.js'
import { openSession } from '../../src/http/session.js'

/**
 * Peak RSS of this process in MB: VmHWM on Linux. `process.resourceUsage().maxRSS` is kept across
 * exec (getrusage(2)), so it counts the test process this one was forked from.
 */
function peakMB(): number {
  try {
    const kB = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    if (kB !== undefined) return Math.round((Number(kB) * 1024) / 1e6)
  } catch {
    // Not Linux.
  }
  return Math.round((process.resourceUsage().maxRSS * 1024) / 1e6)
}

const control = process.argv[2] === 'fetch'
const [url, root, timeout, indexFile] = process.argv.slice(control ? 3 : 2)
if (url === undefined || root === undefined || timeout === undefined)
  throw new Error('usage: retrieval-child <url> <root> <timeoutMs> [<index file>]')
let index: BlockIndex | undefined
if (indexFile !== undefined) {
  index = new BlockIndex()
  const digests = readFileSync(indexFile)
  for (let at = 0; at < digests.length; at += 32) index.add(digests.subarray(at, at + 32))
}
if (control) {
  const t0 = performance.now()
  const res = await request(`${url}/ipfs/${root}?format=car`, {
    headers: { accept: 'application/vnd.ipld.car; version=1; order=dfs; dups=n' },
    signal: AbortSignal.timeout(Number(timeout)),
  })
  let bytes = 0
  try {
    for await (const chunk of res.body) bytes += (chunk as Buffer).length
  } catch {
    // The time is up.
  }
  console.log(
    JSON.stringify({
      bytes,
      ms: Math.round(performance.now() - t0),
      maxRssMB: peakMB(),
    }),
  )
  process.exit(0)
}
const session = openSession(
  { secrets: [], requestTimeoutMs: 30_000, timeoutMs: 3_600_000, retries: 4 },
  { info: () => undefined, setSecret: () => undefined },
)
const t0 = performance.now()
const [r] = await checkRetrieval(
  CID.parse(root),
  index,
  { gateways: [url], timeoutMs: Number(timeout), scope: { kind: 'all' } },
  session,
  () => undefined,
)
session.close()
console.log(
  JSON.stringify({
    status: r?.status,
    error: r?.error,
    blocks: r?.blocks,
    ms: Math.round(performance.now() - t0),
    maxRssMB: peakMB(),
  }),
)
