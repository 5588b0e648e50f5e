/**
 * `npm run bench:upload`: uploads a 512 MiB artifact's CAR and a 20,000-small-file CAR to a
 * local streaming sink through the Kubo and Cluster providers, against a raw single-stream POST
 * of the same CAR to the same server (the baseline), in one run. Prints throughput ratios and
 * peak RSS of the uploading process. The sink runs in its own process.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { best, printReport, writeRandomFile, writeSmallFiles } from './data.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DATA = path.join(ROOT, '.bench')
const MIB = 1 << 20
const quick = process.argv.includes('--quick')
const BIG = (quick ? 64 : 512) * MIB
const SMALL_FILES = quick ? 2000 : 20_000

interface Measure {
  seconds: number
  maxRssMiB: number
  bytes: number
}

function bundle(entry: string, out: string): void {
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      entry,
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
}

function run(script: string, ...args: string[]): Measure {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0)
    throw new Error(`${path.basename(script)} ${args.join(' ')} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Measure
}

mkdirSync(DATA, { recursive: true })
const big = path.join(DATA, `big-${BIG / MIB}m.bin`)
const small = path.join(DATA, `small-${SMALL_FILES}`)
writeRandomFile(big, BIG)
writeSmallFiles(small, SMALL_FILES)
const carWorker = path.join(DATA, 'worker.mjs')
const uploadWorker = path.join(DATA, 'upload-worker.mjs')
bundle(path.join(ROOT, 'bench', 'worker.ts'), carWorker)
bundle(path.join(ROOT, 'bench', 'upload-worker.ts'), uploadWorker)
const cars = [
  [`${BIG / MIB} MiB file`, path.join(DATA, `big-${BIG / MIB}m.car`), big],
  [`${SMALL_FILES} small files`, path.join(DATA, `small-${SMALL_FILES}.car`), small],
] as const
for (const [, car, src] of cars) if (!existsSync(car)) run(carWorker, 'car', src, car)

const sink = spawn(process.execPath, [path.join(ROOT, 'bench', 'sink-server.mjs')], {
  stdio: ['ignore', 'pipe', 'inherit'],
})
const port = await new Promise<string>((resolve, reject) => {
  sink.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))
  sink.once('error', reject)
})
const url = `http://127.0.0.1:${port}`
const rows: string[][] = []
const verdicts: string[] = []
try {
  for (const [label, car] of cars) {
    const raw = best(3, () => run(uploadWorker, 'raw', car, url))
    const kubo = best(3, () => run(uploadWorker, 'kubo', car, url))
    const cluster = best(3, () => run(uploadWorker, 'cluster', car, url))
    const gbps = (m: Measure): string => `${(m.bytes / m.seconds / 1e9).toFixed(2)} GB/s`
    rows.push(
      [
        `${label}: raw POST of the CAR`,
        raw.seconds.toFixed(3),
        gbps(raw),
        '1.00',
        raw.maxRssMiB.toFixed(0),
      ],
      [
        `${label}: kubo provider`,
        kubo.seconds.toFixed(3),
        gbps(kubo),
        (raw.seconds / kubo.seconds).toFixed(2),
        kubo.maxRssMiB.toFixed(0),
      ],
      [
        `${label}: cluster provider`,
        cluster.seconds.toFixed(3),
        gbps(cluster),
        (raw.seconds / cluster.seconds).toFixed(2),
        cluster.maxRssMiB.toFixed(0),
      ],
    )
    for (const [name, m] of [
      ['kubo', kubo],
      ['cluster', cluster],
    ] as const) {
      const ratio = raw.seconds / m.seconds
      verdicts.push(
        `${ratio >= 0.8 ? 'PASS' : 'MISS'} ${label}, ${name}: ${ratio.toFixed(2)} × raw POST throughput (target ≥ 0.8)`,
      )
      verdicts.push(
        `${m.maxRssMiB <= 150 ? 'PASS' : 'MISS'} ${label}, ${name}: peak RSS ${m.maxRssMiB.toFixed(0)} MiB (target ≤ 150)`,
      )
    }
  }
} finally {
  sink.kill()
}
printReport(
  quick,
  ['case', 'seconds', 'throughput', 'ratio to raw POST', 'peak RSS MiB'],
  rows,
  verdicts,
)
