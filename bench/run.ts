/**
 * `npm run bench`: the performance targets of issue 15, each measured against a baseline taken
 * in the same run on the same bytes, printed with PASS or MISS and written to
 * .bench/results.json (git-ignored). Not a timed test: absolute figures depend on the machine;
 * the ratios much less so. Every measurement runs in a fresh process (peak RSS is its own, worker
 * threads included); each figure is the best of a few runs taken in rounds.
 *
 *   npm run bench                       everything (a few minutes; data generated once, kept)
 *   npm run bench -- --quick            smaller data, for development
 *   npm run bench -- --only=file,small  some sections: file, small, v0, upload, retrieve
 *
 * Sections:
 * - file: a 512 MiB file. CID only against node:crypto SHA-256 on one core (read + hash), and
 *   how it scales with threads; CID + CAR against writing as many bytes to the same disk (both
 *   flushed to it with fsync for the target; unflushed, at page-cache speed, printed too), and
 *   against `ipfs-car pack`. The table's ratio compares each of ours with the baseline above it.
 * - small: 200,000 generated small files (CID + CAR, and CID only) against reading and hashing
 *   the same files concurrently on every core (and on one, whichever is faster); peak RSS.
 * - v0: a 2 GiB file under unixfs-v0-2015 (dag-pb leaves): peak RSS.
 * - upload: 20,000 files uploaded as files (Pinata, AIOZ) against a raw streamed multipart POST
 *   of the same files; CAR uploads (Kubo, Cluster) against a raw POST of the CAR. To a loopback
 *   sink in its own process.
 * - retrieve: the retrieval check of the 512 MiB file's whole DAG, its CAR streamed from a
 *   loopback gateway in its own process (bench/gateway-server.mjs), against node:crypto SHA-256
 *   of the same CAR bytes read from disk on one core.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  bestOf,
  machine,
  passed,
  printTable,
  verdict,
  writeRandomFile,
  writeSmallFiles,
  type Target,
} from './data.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DATA = path.join(ROOT, '.bench')
const MIB = 1 << 20
const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const SECTIONS = ['file', 'small', 'v0', 'upload', 'retrieve'] as const
const unknown = only?.find((s) => !(SECTIONS as readonly string[]).includes(s))
if (unknown !== undefined)
  throw new Error(`--only: unknown section "${unknown}"; sections are ${SECTIONS.join(', ')}`)
const run = (s: (typeof SECTIONS)[number]): boolean => only === undefined || only.includes(s)

const BIG = (quick ? 64 : 512) * MIB
const HUGE = (quick ? 256 : 2048) * MIB
const SITE_FILES = quick ? 20_000 : 200_000
const UPLOAD_FILES = quick ? 2000 : 20_000
const ROUNDS = quick ? 2 : 3
const CORES = availableParallelism()

interface Measure {
  seconds: number
  cpuSeconds?: number
  maxRssMiB: number
  cid?: string
  bytes?: number
  files?: number
  carSize?: number
}

/** Starts a loopback server script in its own process; resolves to its URL once it listens. */
async function serve(script: string, ...args: string[]) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${script} exited with ${String(code)}`)))
  })
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() }
}

/** Bundles a bench script as the product is bundled (dist/ is a bundle), so RSS is the engine's. */
function bundle(entry: string, out: string): string {
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      path.join(ROOT, 'bench', entry),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--log-level=warning',
      // undici is CommonJS and requires node built-ins: give the ESM bundle a require.
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      `--outfile=${out}`,
    ],
    { encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(`bundling ${entry} failed: ${r.stderr}`)
  return out
}

function node(script: string, ...args: string[]): Measure {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0)
    throw new Error(`${path.basename(script)} ${args.join(' ')} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Measure
}

function ipfsCar(target: string, out: string): Measure {
  const bin = path.join(ROOT, 'node_modules', 'ipfs-car', 'bin.js')
  const t0 = performance.now()
  // `pack` wraps by default; --no-wrap gives the content's own CID, like ours.
  const r = spawnSync(process.execPath, [bin, 'pack', target, '--no-wrap', '--output', out], {
    encoding: 'utf8',
  })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`ipfs-car failed: ${r.stderr}`)
  return { seconds, maxRssMiB: NaN, cid: r.stdout.trim() || r.stderr.trim().split('\n').pop() }
}

mkdirSync(DATA, { recursive: true })
const worker = bundle('worker.ts', path.join(DATA, 'worker.mjs'))
const uploader = bundle('upload-worker.ts', path.join(DATA, 'upload-worker.mjs'))
const checker = bundle('check-worker.ts', path.join(DATA, 'check-worker.mjs'))
const w =
  (...args: string[]) =>
  (): Measure =>
    node(worker, ...args)
const up =
  (...args: string[]) =>
  (): Measure =>
    node(uploader, ...args)
const ck =
  (...args: string[]) =>
  (): Measure =>
    node(checker, ...args)

const carOut = path.join(DATA, 'out.car')
const writeOut = path.join(DATA, 'write-baseline.bin')
const gbps = (bytes: number | undefined, s: number): string =>
  bytes === undefined ? '-' : `${(bytes / s / 1e9).toFixed(2)} GB/s`
const mb = (m: Measure): number => (m.maxRssMiB * 1024 * 1024) / 1e6
const rows: string[][] = []
const row = (name: string, m: Measure, ratio: string): void => {
  rows.push([
    name,
    m.seconds.toFixed(3),
    m.cpuSeconds === undefined ? '-' : m.cpuSeconds.toFixed(3),
    gbps(m.bytes, m.seconds),
    ratio,
    Number.isNaN(m.maxRssMiB) ? '-' : mb(m).toFixed(0),
  ])
}
const targets: Target[] = []
const notes: string[] = []
const results: Record<string, unknown> = {}
const started = new Date().toISOString()
const host = machine(DATA)
console.log(
  `${quick ? 'Quick' : 'Full'} run on ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, ${host.os}, node ${host.node}, ${host.filesystem}; load average ${host.loadAverage}`,
)

if (run('file')) {
  const big = path.join(DATA, `big-${BIG / MIB}m.bin`)
  writeRandomFile(big, BIG)
  const label = `${BIG / MIB} MiB file`
  console.log(`${label}…`)
  const [sha, cid, car, carSync] = bestOf(ROUNDS, [
    w('sha256', big),
    w('cid', big),
    w('car', big, carOut),
    w('car', big, carOut, '--fsync'),
  ])
  if (sha === undefined || cid === undefined || car === undefined || carSync === undefined)
    throw new Error('no result')
  const carBytes = String(car.carSize ?? BIG)
  const [write, writeSync] = bestOf(ROUNDS, [
    w('write', carBytes, writeOut),
    w('write', carBytes, writeOut, '--fsync'),
  ])
  rmSync(writeOut, { force: true })
  if (write === undefined || writeSync === undefined) throw new Error('no result')
  const [pack] = bestOf(quick ? 1 : 2, [() => ipfsCar(big, carOut)])
  if (pack === undefined) throw new Error('no result')
  const threads = [...new Set([0, 1, 2, Math.min(CORES, 4), 4])].sort((a, b) => a - b)
  const scaling = bestOf(
    ROUNDS,
    threads.map((t) => w('cid', big, '--threads', String(t))),
  )
  row(`${label}: SHA-256, one core (read + hash)`, sha, '1.00')
  row(`${label}: ours, CID only`, cid, (sha.seconds / cid.seconds).toFixed(2))
  row(`${label}: ours, CID + CAR`, car, (write.seconds / car.seconds).toFixed(2))
  row(`${label}: writing the CAR's bytes`, { ...write, bytes: BIG }, '1.00')
  row(
    `${label}: ours, CID + CAR, flushed to disk`,
    carSync,
    (writeSync.seconds / carSync.seconds).toFixed(2),
  )
  row(`${label}: writing the CAR's bytes, flushed to disk`, { ...writeSync, bytes: BIG }, '1.00')
  row(`${label}: ipfs-car pack`, { ...pack, bytes: BIG }, '-')
  targets.push(
    {
      name: `${label}, CID only vs SHA-256 on one core`,
      value: sha.seconds / cid.seconds,
      op: '>=',
      target: 1.5,
      unit: '×',
    },
    {
      name: `${label}, CID + CAR vs writing the same bytes to the same disk (both flushed to it)`,
      value: writeSync.seconds / carSync.seconds,
      op: '>=',
      target: 0.8,
      unit: '×',
    },
    {
      name: `${label}, CID + CAR speed-up vs ipfs-car`,
      value: pack.seconds / car.seconds,
      op: '>=',
      target: 4,
      unit: '×',
    },
  )
  notes.push(
    `INFO ${label}, CID + CAR vs writing the same bytes, neither flushed (page cache speed): ${(write.seconds / car.seconds).toFixed(2)}×`,
  )
  if (cid.cid !== car.cid || car.cid !== pack.cid)
    notes.push(`NOTE CIDs differ: ours ${car.cid ?? '?'}, ipfs-car ${pack.cid ?? '?'}`)
  results.file = { bytes: BIG, sha256: sha, cid, car, carSync, write, writeSync, ipfsCar: pack }
  results.scaling = threads.map((t, i) => ({ threads: t, ...scaling[i] }))
  console.log('')
  console.log(`CID only of the ${label} by reading and hashing threads (${CORES} cores):`)
  printTable(
    ['threads', 'seconds', 'CPU s', 'throughput', 'vs SHA-256 on one core'],
    threads.map((t, i) => {
      const m: Measure = scaling[i] ?? { seconds: NaN, maxRssMiB: NaN }
      return [
        t === 0 ? '0 (this thread only)' : String(t),
        m.seconds.toFixed(3),
        m.cpuSeconds?.toFixed(3) ?? '-',
        gbps(BIG, m.seconds),
        (sha.seconds / m.seconds).toFixed(2),
      ]
    }),
  )
  console.log('')
}

if (run('small')) {
  const site = path.join(DATA, `site-${SITE_FILES}`)
  console.log(`${SITE_FILES} small files (generated once; this can take a minute)…`)
  writeSmallFiles(site, SITE_FILES, 'nested')
  const [conc, one, car, cid] = bestOf(ROUNDS, [
    w('sha256-dir', site, String(CORES)),
    w('sha256-dir', site, '0'),
    w('car', site, carOut),
    w('cid', site),
  ])
  if (conc === undefined || one === undefined || car === undefined || cid === undefined)
    throw new Error('no result')
  const base = conc.seconds <= one.seconds ? conc : one
  const label = `${SITE_FILES} files (${((car.bytes ?? 0) / 1e6).toFixed(0)} MB)`
  row(
    `${label}: read + SHA-256 on ${CORES} threads`,
    conc,
    (base.seconds / conc.seconds).toFixed(2),
  )
  row(`${label}: read + SHA-256 on one thread`, one, (base.seconds / one.seconds).toFixed(2))
  row(`${label}: ours, CID + CAR`, car, (base.seconds / car.seconds).toFixed(2))
  row(`${label}: ours, CID only`, cid, (base.seconds / cid.seconds).toFixed(2))
  targets.push(
    {
      name: `${label}, CID + CAR, peak RSS`,
      value: mb(car),
      op: '<=',
      target: 200,
      unit: ' MB',
    },
    {
      name: `${label}, CID + CAR time vs read + SHA-256 (the faster of ${CORES} threads and one)`,
      value: car.seconds / base.seconds,
      op: '<=',
      target: 1.5,
      unit: '×',
    },
  )
  notes.push(
    `INFO ${label}, CID only: ${(cid.seconds / base.seconds).toFixed(2)}× the read + SHA-256 time, peak RSS ${mb(cid).toFixed(0)} MB`,
  )
  results.small = { files: SITE_FILES, concurrent: conc, oneThread: one, car, cid }
}

if (run('v0')) {
  const huge = path.join(DATA, `huge-${HUGE / MIB}m.bin`)
  console.log(`${HUGE / MIB} MiB file…`)
  writeRandomFile(huge, HUGE)
  const label = `${HUGE / MIB} MiB file`
  const v0 = node(worker, 'car', huge, carOut, '--profile', 'unixfs-v0-2015')
  const v1 = node(worker, 'car', huge, carOut, '--profile', 'unixfs-v1-2025')
  row(`${label}: ours, CID + CAR, unixfs-v0-2015`, v0, '-')
  row(`${label}: ours, CID + CAR, unixfs-v1-2025`, v1, '-')
  targets.push({
    name: `${label}, unixfs-v0-2015, CID + CAR, peak RSS`,
    value: mb(v0),
    op: '<=',
    target: 150,
    unit: ' MB',
  })
  notes.push(`INFO ${label}, unixfs-v1-2025, CID + CAR: peak RSS ${mb(v1).toFixed(0)} MB`)
  results.v0 = { bytes: HUGE, v0, v1 }
}
rmSync(carOut, { force: true })

if (run('upload')) {
  const files = path.join(DATA, `small-${UPLOAD_FILES}`)
  const big = path.join(DATA, `big-${BIG / MIB}m.bin`)
  writeSmallFiles(files, UPLOAD_FILES)
  writeRandomFile(big, BIG)
  console.log(`Uploads to a loopback sink…`)
  const cars = [
    [`${BIG / MIB} MiB file`, path.join(DATA, `big-${BIG / MIB}m.car`), big],
    [`${UPLOAD_FILES} files`, path.join(DATA, `small-${UPLOAD_FILES}.car`), files],
  ] as const
  for (const [, car, src] of cars) node(worker, 'car', src, car)
  const expected = node(worker, 'cid', files, '--profile', 'kubo-cid-v1').cid ?? ''
  const sink = await serve('sink-server.mjs')
  const url = sink.url
  const upload: Record<string, unknown> = {}
  try {
    const label = `${UPLOAD_FILES} files as files`
    const [raw, pinata, aioz] = bestOf(ROUNDS, [
      up('multipart', files, url),
      up('pinata', files, url, expected),
      up('aioz', files, url, expected),
    ])
    if (raw === undefined || pinata === undefined || aioz === undefined)
      throw new Error('no result')
    row(`${label}: raw streamed multipart POST`, raw, '1.00')
    for (const [name, m] of [
      ['pinata', pinata],
      ['aioz', aioz],
    ] as const) {
      row(`${label}: ${name} provider`, m, (raw.seconds / m.seconds).toFixed(2))
      targets.push({
        name: `${label}, ${name} vs a raw streamed multipart POST`,
        value: raw.seconds / m.seconds,
        op: '>=',
        target: 0.8,
        unit: '×',
      })
    }
    upload.files = { count: UPLOAD_FILES, raw, pinata, aioz }
    for (const [what, car] of cars) {
      const [rawCar, kubo, cluster] = bestOf(ROUNDS, [
        up('raw', car, url),
        up('kubo', car, url),
        up('cluster', car, url),
      ])
      if (rawCar === undefined || kubo === undefined || cluster === undefined)
        throw new Error('no result')
      row(`CAR of the ${what}: raw POST`, rawCar, '1.00')
      for (const [name, m] of [
        ['kubo', kubo],
        ['cluster', cluster],
      ] as const) {
        row(`CAR of the ${what}: ${name} provider`, m, (rawCar.seconds / m.seconds).toFixed(2))
        targets.push(
          {
            name: `CAR of the ${what}, ${name} vs a raw POST`,
            value: rawCar.seconds / m.seconds,
            op: '>=',
            target: 0.8,
            unit: '×',
          },
          {
            name: `CAR of the ${what}, ${name}, peak RSS`,
            value: mb(m),
            op: '<=',
            target: 150,
            unit: ' MB',
          },
        )
      }
      upload[what] = { raw: rawCar, kubo, cluster }
    }
  } finally {
    sink.stop()
  }
  results.upload = upload
}

if (run('retrieve')) {
  const big = path.join(DATA, `big-${BIG / MIB}m.bin`)
  writeRandomFile(big, BIG)
  const car = path.join(DATA, `big-${BIG / MIB}m-retrieve.car`)
  const label = `CAR of the ${BIG / MIB} MiB file`
  console.log(`Retrieval check from a loopback gateway…`)
  node(worker, 'car', big, car)
  const gateway = await serve('gateway-server.mjs', car)
  try {
    const [sha, check, fetch] = bestOf(ROUNDS, [
      w('sha256', car),
      ck('retrieve', big, car, gateway.url),
      ck('fetch', `${gateway.url}/ipfs/x?format=car`),
    ])
    if (sha === undefined || check === undefined || fetch === undefined)
      throw new Error('no result')
    row(`${label}: SHA-256, one core (read + hash)`, sha, '1.00')
    row(
      `${label}: retrieval check (every block) from a loopback gateway`,
      check,
      (sha.seconds / check.seconds).toFixed(2),
    )
    row(
      `${label}: receiving it alone from the gateway (undici, bytes dropped)`,
      fetch,
      (sha.seconds / fetch.seconds).toFixed(2),
    )
    notes.push(
      `INFO ${label}, receiving it alone is ${(sha.seconds / fetch.seconds).toFixed(2)}× SHA-256 on one core; CPU seconds: check ${check.cpuSeconds?.toFixed(2) ?? '-'} (hashing threads included), receiving alone ${fetch.cpuSeconds?.toFixed(2) ?? '-'}`,
    )
    targets.push(
      {
        name: `${label}, retrieval check vs receiving the same bytes alone (issue 23)`,
        value: fetch.seconds / check.seconds,
        op: '>=',
        target: 0.8,
        unit: '×',
      },
      {
        name: `${label}, retrieval check vs SHA-256 of the same bytes on one core`,
        value: sha.seconds / check.seconds,
        op: '>=',
        target: 0.7,
        unit: '×',
      },
    )
    results.retrieve = { sha256: sha, check, fetch }
  } finally {
    gateway.stop()
    rmSync(car, { force: true })
  }
}

console.log(`\nnode ${process.version}, ${quick ? 'quick' : 'full'} run\n`)
printTable(['case', 'seconds', 'CPU s', 'throughput', 'ratio to baseline', 'peak RSS MB'], rows)
console.log('')
for (const t of targets) console.log(verdict(t))
for (const n of notes) console.log(n)

const file = path.join(DATA, 'results.json')
writeFileSync(
  file,
  `${JSON.stringify(
    {
      started,
      finished: new Date().toISOString(),
      quick,
      machine: { ...host, loadAverageAtEnd: machine(DATA).loadAverage },
      targets: targets.map((t) => ({ ...t, pass: passed(t) })),
      notes,
      results,
    },
    null,
    2,
  )}\n`,
)
console.log(`\nFigures written to ${path.relative(ROOT, file)}`)
