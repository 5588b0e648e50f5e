/**
 * One retrieval-check measurement in a fresh process, apart from bench/worker.ts so the engine's
 * bundle (and its peak RSS) does not carry the HTTP client and the CAR reader. Prints one JSON
 * line: { seconds, cpuSeconds, maxRssMiB, cid?, bytes, files? }.
 *
 *   check-worker retrieve <path> <out.car> <url>
 *                                writes the CAR of <path> to <out.car> (not timed: it builds the
 *                                block index), then, timed, the retrieval check of the whole DAG
 *                                from the gateway at <url> (bench/gateway-server.mjs serving
 *                                <out.car>); `files` is the number of blocks verified
 *   check-worker fetch <url>     GET <url> with undici, bytes counted and dropped: what receiving
 *                                alone costs (the transport's floor)
 *
 * flag: --profile (CPU seconds by thread, and the main thread's functions: bench/profile.ts; the
 * line then has `profile`, lines of text).
 */
import path from 'node:path'
import { request } from 'undici'
import { checkRetrieval } from '../src/check/retrieval.js'
import { writeCar } from '../src/content/car.js'
import { collect } from '../src/content/collect.js'
import { PROFILES } from '../src/content/profiles.js'
import { openSession } from '../src/http/session.js'
import { measurement } from './measure.js'
import { formatProfile, mainProfiler, profilingThreads, threadClock } from './profile.js'

const args = process.argv.slice(2)
const [mode, target, out, url] = args.filter((a) => !a.startsWith('--'))
const profiling = args.includes('--profile') && profilingThreads()
if (mode === undefined || target === undefined) throw new Error('usage: check-worker <mode> …')

const clock = measurement()
let threadsClock: ReturnType<typeof threadClock> | undefined
let mainClock: Awaited<ReturnType<typeof mainProfiler>> | undefined
const startProfile = async (): Promise<void> => {
  if (!profiling) return
  threadsClock = threadClock()
  mainClock = await mainProfiler()
}
let cid: string | undefined
let bytes = 0
let files: number | undefined

if (mode === 'fetch') {
  await startProfile()
  clock.restart()
  const res = await request(target, { highWaterMark: 1 << 20 })
  for await (const chunk of res.body) bytes += (chunk as Buffer).length
} else if (mode === 'retrieve') {
  if (out === undefined || url === undefined) throw new Error('retrieve needs <out.car> <url>')
  const c = await collect({ path: target, include: [], exclude: [], hiddenFiles: 'include' })
  const r = await writeCar(c, PROFILES['unixfs-v1-2025'], out)
  if (r.index === undefined) throw new Error('the CAR writer gave no block index')
  await startProfile()
  clock.restart()
  const session = openSession(
    { secrets: [], requestTimeoutMs: 120_000, timeoutMs: 3_600_000, retries: 0 },
    { info: () => undefined, setSecret: () => undefined },
  )
  try {
    const [g] = await checkRetrieval(
      r.root,
      r.index,
      { gateways: [url], timeoutMs: 600_000, scope: { kind: 'all' } },
      session,
      () => undefined,
    )
    if (g?.status !== 'verified') throw new Error(`retrieval check: ${g?.error ?? 'no result'}`)
    cid = g.cid
    bytes = r.carSize
    files = g.blocks
  } finally {
    session.close()
  }
} else throw new Error(`unknown mode ${mode}`)

const wall = clock.elapsed()
threadsClock?.mark(mode)
const profile =
  threadsClock !== undefined
    ? formatProfile(
        `${mode} ${mode === 'fetch' ? 'from the gateway' : path.basename(target)} (node ${process.version})`,
        wall,
        threadsClock.finish(),
        await mainClock?.stop(),
      )
    : undefined
clock.print({ cid, bytes, files, profile })
