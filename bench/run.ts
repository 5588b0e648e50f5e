/**
 * `npm run bench`: generates its own data under .bench/, then measures, in one run and on the
 * same bytes, our engine against two baselines: node:crypto SHA-256 (read + hash, the ceiling)
 * and `ipfs-car pack` (the usual JS tool). Prints ratios and peak RSS against the targets of
 * the foundation issue. Not a timed test: figures depend on the machine; ratios much less so.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { best, printReport, writeRandomFile, writeSmallFiles } from './data.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DATA = path.join(ROOT, '.bench')
const MIB = 1 << 20
const quick = process.argv.includes('--quick')
const BIG = (quick ? 64 : 512) * MIB
const HUGE = (quick ? 256 : 2048) * MIB
const SMALL_FILES = quick ? 2000 : 20_000

interface Measure {
  seconds: number
  maxRssMiB: number
  cid?: string
  bytes?: number
}

// The worker runs bundled, as the product does (dist/ is a bundle), so its RSS is the engine's.
const workerJs = path.join(DATA, 'worker.mjs')
function buildWorker(): void {
  const esbuild = path.join(ROOT, 'node_modules', '.bin', 'esbuild')
  const r = spawnSync(
    esbuild,
    [
      path.join(ROOT, 'bench', 'worker.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--log-level=warning',
      `--outfile=${workerJs}`,
    ],
    { encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(`bundling the worker failed: ${r.stderr}`)
}
function worker(...args: string[]): Measure {
  const r = spawnSync(process.execPath, [workerJs, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  if (r.status !== 0) throw new Error(`worker ${args.join(' ')} failed: ${r.stderr}`)
  const last = r.stdout.trim().split('\n').pop() ?? ''
  return JSON.parse(last) as Measure
}

function ipfsCar(target: string, out: string, isDir: boolean): Measure {
  const bin = path.join(ROOT, 'node_modules', 'ipfs-car', 'bin.js')
  const t0 = performance.now()
  // `pack` defaults to wrapping; --no-wrap gives the content's own CID, like ours.
  const r = spawnSync(process.execPath, [bin, 'pack', target, '--no-wrap', '--output', out], {
    encoding: 'utf8',
  })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`ipfs-car failed: ${r.stderr}`)
  void isDir
  return { seconds, maxRssMiB: NaN, cid: r.stdout.trim() || r.stderr.trim().split('\n').pop() }
}

mkdirSync(DATA, { recursive: true })
buildWorker()
const big = path.join(DATA, `big-${BIG / MIB}m.bin`)
const huge = path.join(DATA, `huge-${HUGE / MIB}m.bin`)
const small = path.join(DATA, `small-${SMALL_FILES}`)
console.log(`Generating data in ${DATA} (kept between runs)…`)
writeRandomFile(big, BIG)
writeRandomFile(huge, HUGE)
writeSmallFiles(small, SMALL_FILES)
const carOut = path.join(DATA, 'out.car')
const gbps = (bytes: number, s: number): string => `${(bytes / s / 1e9).toFixed(2)} GB/s`
const rows: string[][] = []
const check = (name: string, value: number, target: number, higherIsBetter = true): string => {
  const ok = higherIsBetter ? value >= target : value <= target
  return `${ok ? 'PASS' : 'MISS'} ${name} ${value.toFixed(2)} (target ${higherIsBetter ? '≥' : '≤'} ${target})`
}
const verdicts: string[] = []

// 1. one large file
const shaBig = best(3, () => worker('sha256', big))
const cidBig = best(3, () => worker('cid', big))
const carBig = best(3, () => worker('car', big, carOut))
const ipfsCarBig = best(2, () => ipfsCar(big, carOut, false))
rows.push(
  [
    `${BIG / MIB} MiB file: SHA-256 read+hash`,
    shaBig.seconds.toFixed(3),
    gbps(BIG, shaBig.seconds),
    '1.00',
    shaBig.maxRssMiB.toFixed(0),
  ],
  [
    `${BIG / MIB} MiB file: ours, CID only`,
    cidBig.seconds.toFixed(3),
    gbps(BIG, cidBig.seconds),
    (shaBig.seconds / cidBig.seconds).toFixed(2),
    cidBig.maxRssMiB.toFixed(0),
  ],
  [
    `${BIG / MIB} MiB file: ours, CID + CAR`,
    carBig.seconds.toFixed(3),
    gbps(BIG, carBig.seconds),
    (shaBig.seconds / carBig.seconds).toFixed(2),
    carBig.maxRssMiB.toFixed(0),
  ],
  [
    `${BIG / MIB} MiB file: ipfs-car pack`,
    ipfsCarBig.seconds.toFixed(3),
    gbps(BIG, ipfsCarBig.seconds),
    (shaBig.seconds / ipfsCarBig.seconds).toFixed(2),
    '-',
  ],
)
verdicts.push(check('CID-only throughput vs SHA-256', shaBig.seconds / cidBig.seconds, 0.8))
verdicts.push(check('CID+CAR speed-up vs ipfs-car', ipfsCarBig.seconds / carBig.seconds, 3))
if (cidBig.cid !== carBig.cid || carBig.cid !== ipfsCarBig.cid)
  verdicts.push(`NOTE CIDs differ: ours ${carBig.cid}, ipfs-car ${ipfsCarBig.cid}`)

// 2. many small files
const smallBytes = worker('sha256', small)
const shaSmall = best(3, () => worker('sha256', small))
const carSmall = best(3, () => worker('car', small, carOut))
const ipfsCarSmall = best(1, () => ipfsCar(small, carOut, true))
rows.push(
  [
    `${SMALL_FILES} small files (${((smallBytes.bytes ?? 0) / 1e6).toFixed(0)} MB): SHA-256 read+hash`,
    shaSmall.seconds.toFixed(3),
    gbps(smallBytes.bytes ?? 0, shaSmall.seconds),
    '1.00',
    shaSmall.maxRssMiB.toFixed(0),
  ],
  [
    `${SMALL_FILES} small files: ours, CID + CAR`,
    carSmall.seconds.toFixed(3),
    gbps(smallBytes.bytes ?? 0, carSmall.seconds),
    (shaSmall.seconds / carSmall.seconds).toFixed(2),
    carSmall.maxRssMiB.toFixed(0),
  ],
  [
    `${SMALL_FILES} small files: ipfs-car pack`,
    ipfsCarSmall.seconds.toFixed(3),
    gbps(smallBytes.bytes ?? 0, ipfsCarSmall.seconds),
    (shaSmall.seconds / ipfsCarSmall.seconds).toFixed(2),
    '-',
  ],
)
verdicts.push(check('small files speed-up vs ipfs-car', ipfsCarSmall.seconds / carSmall.seconds, 5))
if (carSmall.cid !== ipfsCarSmall.cid)
  verdicts.push(
    `NOTE small-file CIDs differ: ours ${carSmall.cid}, ipfs-car ${ipfsCarSmall.cid} (expected when a directory has 1001+ entries: ipfs-car shards by count)`,
  )

// 3. memory on a very large file
const carHuge = worker('car', huge, carOut)
rows.push([
  `${HUGE / MIB} MiB file: ours, CID + CAR`,
  carHuge.seconds.toFixed(3),
  gbps(HUGE, carHuge.seconds),
  '-',
  carHuge.maxRssMiB.toFixed(0),
])
verdicts.push(check(`peak RSS MiB, ${HUGE / MIB} MiB file`, carHuge.maxRssMiB, 150, false))
rmSync(carOut, { force: true })

printReport(
  quick,
  ['case', 'seconds', 'throughput', 'ratio to SHA-256', 'peak RSS MiB'],
  rows,
  verdicts,
)
