/**
 * `npm run bench`: the performance targets (issues 15 and 23), each measured against a baseline
 * taken in the same run on the same bytes, printed with PASS or MISS and written to
 * .bench/results.json (git-ignored). Not a timed test: absolute figures depend on the machine;
 * the ratios much less so. Every measurement runs in a fresh process (peak RSS is its own, worker
 * threads included); each figure is the best of a few runs taken in rounds.
 *
 * Runtimes: the measurements run on Node 24, the runtime the action runs on (action.yml), and
 * the targets are judged there. The `file` and `small` sections also run on Node 22.13 (the
 * `engines` floor), shown beside. Whatever Node runs this script, each runtime is a Node binary:
 * this one when its major version matches, else the `node` package from the npm registry run
 * through `npx -p node@<version>` (fetched once into npm's cache).
 *
 *   npm run bench                       everything (about ten minutes; data generated once, kept)
 *   npm run bench -- --quick            smaller data, for development
 *   npm run bench -- --only=file,small  some sections: file, small, v0, upload, retrieve
 *   npm run bench -- --node=24          runtimes (comma-separated versions; the first is judged)
 *   npm run bench -- --no-profile       without the profiles (see below)
 *
 * Sections:
 * - file: a 512 MiB file. CID only against node:crypto SHA-256 on one core (read + hash), and
 *   how it scales with threads; CID + CAR against writing as many bytes to the same disk (both
 *   flushed to it with fsync for the target; unflushed, at page-cache speed, printed too), and
 *   against `ipfs-car pack`. The table's ratio compares each of ours with the baseline above it.
 * - small: 200,000 generated small files (CID + CAR, and CID only) against reading and hashing
 *   the same files concurrently on every core (and on one, whichever is faster); peak RSS; and the
 *   shipped CLI (dist/cli/index.js, as built: run `npm run build` after changing src/) computing
 *   the same CID + CAR, whose peak RSS is compared with the engine's alone.
 * - v0: a 2 GiB file under unixfs-v0-2015 (dag-pb leaves): peak RSS.
 * - upload: 20,000 files uploaded as files (Pinata, AIOZ) against a raw streamed multipart POST
 *   of the same files; CAR uploads (Kubo, Cluster, Filebase S3, Pinata v3) against a raw POST of
 *   the CAR (Pinata v3 by direct POST: TUS chunks are a service limit, not ours). To a loopback
 *   sink in its own process.
 * - retrieve: the retrieval check of the 512 MiB file's whole DAG, its CAR streamed from a
 *   loopback gateway in its own process (bench/gateway-server.mjs), against node:crypto SHA-256
 *   of the same CAR bytes read from disk on one core.
 *
 * Profiles (on the first runtime, unless --no-profile): the CPU-bound cases and their baselines
 * run once more with bench/profile.ts, which prints CPU seconds by thread and phase, and the main
 * thread's functions by self time: where a ratio misses its target, the profile shows which
 * thread's work bounds it (docs/performance.md, "Profiles").
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
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
const profiles = !argv.includes('--no-profile')
const NODE_SPECS = (
  argv.find((a) => a.startsWith('--node='))?.slice('--node='.length) ?? '24,22.13.0'
)
  .split(',')
  .filter((v) => v !== '')
if (NODE_SPECS.length === 0 || NODE_SPECS.some((v) => !/^\d+(\.\d+){0,2}$/.test(v)))
  throw new Error(
    `--node: versions such as 24 or 22.13.0, comma-separated; got ${NODE_SPECS.join(',')}`,
  )
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
  profile?: string[]
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

/** A Node binary to measure on. */
interface Runtime {
  readonly exec: string
  /** `v24.11.0` */
  readonly version: string
}

/** This Node when `spec` matches it, else the registry's `node` package of that version. */
function runtime(spec: string): Runtime {
  const mine = process.versions.node
  if (mine === spec || mine.startsWith(`${spec}.`))
    return { exec: process.execPath, version: process.version }
  const r = spawnSync(
    'npx',
    ['-y', '-p', `node@${spec}`, 'node', '-p', 'process.execPath + " " + process.version'],
    { encoding: 'utf8' },
  )
  const [exec, version] = r.stdout.trim().split('\n').pop()?.split(' ') ?? []
  if (r.status !== 0 || exec === undefined || version === undefined)
    throw new Error(`could not get Node ${spec} (npx -p node@${spec}): ${r.stderr.trim()}`)
  return { exec, version }
}

function node(rt: Runtime, script: string, ...args: string[]): Measure {
  const r = spawnSync(rt.exec, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0)
    throw new Error(
      `${path.basename(script)} ${args.join(' ')} on node ${rt.version} failed: ${r.stderr}`,
    )
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Measure
}

function ipfsCar(rt: Runtime, target: string, out: string): Measure {
  const bin = path.join(ROOT, 'node_modules', 'ipfs-car', 'bin.js')
  const t0 = performance.now()
  // `pack` wraps by default; --no-wrap gives the content's own CID, like ours.
  const r = spawnSync(rt.exec, [bin, 'pack', target, '--no-wrap', '--output', out], {
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
const RUNTIMES = NODE_SPECS.map(runtime)
const PRIMARY = RUNTIMES[0] as Runtime
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js')
const cliRunner = path.join(ROOT, 'bench', 'cli-run.mjs')
const w =
  (rt: Runtime, ...args: string[]) =>
  (): Measure =>
    node(rt, worker, ...args)
const up =
  (...args: string[]) =>
  (): Measure =>
    node(PRIMARY, uploader, ...args)
const ck =
  (...args: string[]) =>
  (): Measure =>
    node(PRIMARY, checker, ...args)
const cli =
  (rt: Runtime, ...args: string[]) =>
  (): Measure =>
    node(rt, cliRunner, CLI, ...args)
/** Profiles printed at the end. */
const profileLines: string[] = []
const profileOf = (m: Measure): void => {
  if (m.profile !== undefined) profileLines.push(...m.profile, '')
}

const carOut = path.join(DATA, 'out.car')
const writeOut = path.join(DATA, 'write-baseline.bin')
const gbps = (bytes: number | undefined, s: number): string =>
  bytes === undefined ? '-' : `${(bytes / s / 1e9).toFixed(2)} GB/s`
const mb = (m: Measure): number => (m.maxRssMiB * 1024 * 1024) / 1e6
const tables = new Map<Runtime, string[][]>()
const row = (name: string, m: Measure, ratio: string, rt: Runtime = PRIMARY): void => {
  let rows = tables.get(rt)
  if (rows === undefined) tables.set(rt, (rows = []))
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
/** Values of each target on the other runtimes, by target name. */
const elsewhere = new Map<string, string[]>()
/** A target measured on `rt`: judged on the first runtime, shown beside it for the others. */
const target = (rt: Runtime, t: Target): void => {
  if (rt === PRIMARY) targets.push(t)
  else {
    const list = elsewhere.get(t.name) ?? []
    list.push(`node ${rt.version}: ${t.value.toFixed(2)}${t.unit}`)
    elsewhere.set(t.name, list)
  }
}
const notes: string[] = []
const results: Record<string, unknown> = {}
const started = new Date().toISOString()
const host = machine(DATA)
const versions = RUNTIMES.map((r, i) => (i === 0 ? `${r.version} (judged)` : r.version)).join(', ')
console.log(
  `${quick ? 'Quick' : 'Full'} run on ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, ${host.os}, ${host.filesystem}; node ${versions}; load average ${host.loadAverage}`,
)

if (run('file')) {
  const big = path.join(DATA, `big-${BIG / MIB}m.bin`)
  writeRandomFile(big, BIG)
  const label = `${BIG / MIB} MiB file`
  const perRuntime: Record<string, unknown> = {}
  for (const rt of RUNTIMES) {
    console.log(`${label}, node ${rt.version}…`)
    const [sha, cid, car, carSync] = bestOf(ROUNDS, [
      w(rt, 'sha256', big),
      w(rt, 'cid', big),
      w(rt, 'car', big, carOut),
      w(rt, 'car', big, carOut, '--fsync'),
    ])
    if (sha === undefined || cid === undefined || car === undefined || carSync === undefined)
      throw new Error('no result')
    const carBytes = String(car.carSize ?? BIG)
    const [write, writeSync] = bestOf(ROUNDS, [
      w(rt, 'write', carBytes, writeOut),
      w(rt, 'write', carBytes, writeOut, '--fsync'),
    ])
    rmSync(writeOut, { force: true })
    if (write === undefined || writeSync === undefined) throw new Error('no result')
    // ipfs-car runs on the same runtime as ours.
    const [pack] = bestOf(quick ? 1 : 2, [() => ipfsCar(rt, big, carOut)])
    if (pack === undefined) throw new Error('no result')
    row(`${label}: SHA-256, one core (read + hash)`, sha, '1.00', rt)
    row(`${label}: ours, CID only`, cid, (sha.seconds / cid.seconds).toFixed(2), rt)
    row(`${label}: ours, CID + CAR`, car, (write.seconds / car.seconds).toFixed(2), rt)
    row(`${label}: writing the CAR's bytes`, { ...write, bytes: BIG }, '1.00', rt)
    row(
      `${label}: ours, CID + CAR, flushed to disk`,
      carSync,
      (writeSync.seconds / carSync.seconds).toFixed(2),
      rt,
    )
    row(
      `${label}: writing the CAR's bytes, flushed to disk`,
      { ...writeSync, bytes: BIG },
      '1.00',
      rt,
    )
    row(`${label}: ipfs-car pack`, { ...pack, bytes: BIG }, '-', rt)
    target(rt, {
      name: `${label}, CID only vs SHA-256 on one core`,
      value: sha.seconds / cid.seconds,
      op: '>=',
      target: 1.5,
      unit: '×',
    })
    target(rt, {
      name: `${label}, CID + CAR vs writing the same bytes to the same disk (both flushed to it)`,
      value: writeSync.seconds / carSync.seconds,
      op: '>=',
      target: 0.8,
      unit: '×',
    })
    target(rt, {
      name: `${label}, CID + CAR speed-up vs ipfs-car`,
      value: pack.seconds / car.seconds,
      op: '>=',
      target: 4,
      unit: '×',
    })
    notes.push(
      `INFO ${label}, CID + CAR vs writing the same bytes, neither flushed (page cache speed), node ${rt.version}: ${(write.seconds / car.seconds).toFixed(2)}×`,
    )
    if (cid.cid !== car.cid || car.cid !== pack.cid)
      notes.push(`NOTE CIDs differ: ours ${car.cid ?? '?'}, ipfs-car ${pack.cid ?? '?'}`)
    const entry: Record<string, unknown> = {
      sha256: sha,
      cid,
      car,
      carSync,
      write,
      writeSync,
      ipfsCar: pack,
    }
    if (rt === PRIMARY) {
      const threads = [...new Set([0, 1, 2, Math.min(CORES, 4), 4])].sort((a, b) => a - b)
      const scaling = bestOf(
        ROUNDS,
        threads.map((t) => w(rt, 'cid', big, '--threads', String(t))),
      )
      entry.scaling = threads.map((t, i) => ({ threads: t, ...scaling[i] }))
      console.log('')
      console.log(
        `CID only of the ${label} by reading and hashing threads (${CORES} cores), node ${rt.version}:`,
      )
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
      if (profiles) {
        for (const m of [
          w(rt, 'sha256', big, '--profile')(),
          w(rt, 'cid', big, '--profile')(),
          w(rt, 'write', carBytes, writeOut, '--fsync', '--profile')(),
          w(rt, 'car', big, carOut, '--fsync', '--profile')(),
        ])
          profileOf(m)
        rmSync(writeOut, { force: true })
      }
    }
    perRuntime[rt.version] = entry
  }
  results.file = { bytes: BIG, ...perRuntime }
}

if (run('small')) {
  const site = path.join(DATA, `site-${SITE_FILES}`)
  console.log(`${SITE_FILES} small files (generated once; this can take a minute)…`)
  writeSmallFiles(site, SITE_FILES, 'nested')
  if (!existsSync(CLI))
    throw new Error(`${path.relative(ROOT, CLI)} is missing: run npm run build first`)
  const perRuntime: Record<string, unknown> = {}
  for (const rt of RUNTIMES) {
    console.log(`${SITE_FILES} small files, node ${rt.version}…`)
    const [conc, one, car, cid, shipped] = bestOf(ROUNDS, [
      w(rt, 'sha256-dir', site, String(CORES)),
      w(rt, 'sha256-dir', site, '0'),
      w(rt, 'car', site, carOut),
      w(rt, 'cid', site),
      cli(rt, '--path', site, '--car-path', carOut),
    ])
    if (
      conc === undefined ||
      one === undefined ||
      car === undefined ||
      cid === undefined ||
      shipped === undefined
    )
      throw new Error('no result')
    if (shipped.cid !== car.cid)
      notes.push(`NOTE CIDs differ: engine ${car.cid ?? '?'}, CLI ${shipped.cid ?? '?'}`)
    const base = conc.seconds <= one.seconds ? conc : one
    const label = `${SITE_FILES} files (${((car.bytes ?? 0) / 1e6).toFixed(0)} MB)`
    row(
      `${label}: read + SHA-256 on ${CORES} threads`,
      conc,
      (base.seconds / conc.seconds).toFixed(2),
      rt,
    )
    row(`${label}: read + SHA-256 on one thread`, one, (base.seconds / one.seconds).toFixed(2), rt)
    row(`${label}: ours, CID + CAR`, car, (base.seconds / car.seconds).toFixed(2), rt)
    row(`${label}: ours, CID only`, cid, (base.seconds / cid.seconds).toFixed(2), rt)
    row(
      `${label}: the CLI (dist/cli), CID + CAR`,
      shipped,
      (base.seconds / shipped.seconds).toFixed(2),
      rt,
    )
    target(rt, {
      name: `${label}, CID + CAR, peak RSS`,
      value: mb(car),
      op: '<=',
      target: 200,
      unit: ' MB',
    })
    target(rt, {
      name: `${label}, CID + CAR time vs read + SHA-256 (the faster of ${CORES} threads and one)`,
      value: car.seconds / base.seconds,
      op: '<=',
      target: 1.5,
      unit: '×',
    })
    target(rt, {
      name: `${label}, CID + CAR by the CLI (dist/cli/index.js), peak RSS vs the engine's alone`,
      value: mb(shipped) / mb(car),
      op: '<=',
      target: 1.1,
      unit: '×',
    })
    notes.push(
      `INFO ${label}, node ${rt.version}: CID only ${(cid.seconds / base.seconds).toFixed(2)}× the read + SHA-256 time, peak RSS ${mb(cid).toFixed(0)} MB; the CLI's CID + CAR peak RSS ${mb(shipped).toFixed(0)} MB (engine ${mb(car).toFixed(0)} MB)`,
    )
    if (rt === PRIMARY && profiles)
      for (const m of [
        w(rt, 'sha256-dir', site, String(CORES), '--profile')(),
        w(rt, 'car', site, carOut, '--profile')(),
      ])
        profileOf(m)
    perRuntime[rt.version] = { concurrent: conc, oneThread: one, car, cid, cli: shipped }
  }
  results.small = { files: SITE_FILES, ...perRuntime }
}

if (run('v0')) {
  const huge = path.join(DATA, `huge-${HUGE / MIB}m.bin`)
  console.log(`${HUGE / MIB} MiB file…`)
  writeRandomFile(huge, HUGE)
  const label = `${HUGE / MIB} MiB file`
  const v0 = node(PRIMARY, worker, 'car', huge, carOut, '--cid-profile', 'unixfs-v0-2015')
  const v1 = node(PRIMARY, worker, 'car', huge, carOut, '--cid-profile', 'unixfs-v1-2025')
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
  for (const [, car, src] of cars) node(PRIMARY, worker, 'car', src, car)
  const expected = node(PRIMARY, worker, 'cid', files, '--cid-profile', 'kubo-cid-v1').cid ?? ''
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
      const [rawCar, kubo, cluster, filebase, pinataV3] = bestOf(ROUNDS, [
        up('raw', car, url),
        up('kubo', car, url),
        up('cluster', car, url),
        up('filebase-s3', car, url),
        up('pinata-v3', car, url),
      ])
      if (
        rawCar === undefined ||
        kubo === undefined ||
        cluster === undefined ||
        filebase === undefined ||
        pinataV3 === undefined
      )
        throw new Error('no result')
      row(`CAR of the ${what}: raw POST`, rawCar, '1.00')
      for (const [name, m] of [
        ['kubo', kubo],
        ['cluster', cluster],
        ['filebase-s3', filebase],
        ['pinata-v3', pinataV3],
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
      upload[what] = { raw: rawCar, kubo, cluster, filebase, pinataV3 }
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
  node(PRIMARY, worker, 'car', big, car)
  const gateway = await serve('gateway-server.mjs', car)
  try {
    const [sha, check, fetch] = bestOf(ROUNDS, [
      w(PRIMARY, 'sha256', car),
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
    if (profiles)
      for (const m of [
        w(PRIMARY, 'sha256', car, '--profile')(),
        ck('retrieve', big, car, gateway.url, '--profile')(),
        ck('fetch', `${gateway.url}/ipfs/x?format=car`, '--profile')(),
      ])
        profileOf(m)
    results.retrieve = { sha256: sha, check, fetch }
  } finally {
    gateway.stop()
    rmSync(car, { force: true })
  }
}

for (const [rt, rows] of tables) {
  console.log(
    `\nnode ${rt.version}${rt === PRIMARY ? ' (targets judged here)' : ''}, ${quick ? 'quick' : 'full'} run\n`,
  )
  printTable(['case', 'seconds', 'CPU s', 'throughput', 'ratio to baseline', 'peak RSS MB'], rows)
}
if (profileLines.length > 0) {
  console.log(`\nProfiles, node ${PRIMARY.version} (one run each, with the profiler on):\n`)
  for (const l of profileLines) console.log(l)
}
console.log(`\nTargets, node ${PRIMARY.version}:`)
for (const t of targets) {
  const other = elsewhere.get(t.name)
  console.log(`${verdict(t)}${other === undefined ? '' : ` [${other.join('; ')}]`}`)
}
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
      runtimes: RUNTIMES.map((r) => r.version),
      targets: targets.map((t) => ({
        ...t,
        node: PRIMARY.version,
        pass: passed(t),
        elsewhere: elsewhere.get(t.name) ?? [],
      })),
      notes,
      results,
    },
    null,
    2,
  )}\n`,
)
console.log(`\nFigures written to ${path.relative(ROOT, file)}`)
