/**
 * One measurement in a fresh process, so peak RSS belongs to it alone (worker threads included).
 * Prints one JSON line: { seconds, cpuSeconds, maxRssMiB, cid?, bytes?, files?, carSize? }
 * (CPU time of every thread of the process: how much work it took, whatever else the machine
 * was doing).
 *
 *   worker sha256 <file>                  read (64 KiB reads) + node:crypto SHA-256, one thread
 *   worker sha256-dir <dir> [threads]     walk, then read + SHA-256 of every file spread over
 *                                         <threads> worker threads (0: this thread): the
 *                                         concurrent read+hash baseline
 *   worker write <bytes> <out>            write that many bytes to <out> (4 MiB writes): the disk
 *   worker cid <path> [flags]             our engine, CID only
 *   worker car <path> <out.car> [flags]   our engine, CID + CAR to a file
 *
 * flags: --threads N (reading and hashing threads), --cid-profile NAME (default unixfs-v1-2025),
 * --fsync (write and car: the file is flushed to the disk before the clock stops), --profile
 * (CPU seconds by thread and phase, and the main thread's functions: bench/profile.ts; the
 * line then has `profile`, lines of text).
 */
import { createHash } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { writeCar } from '../src/content/car.js'
import { collect } from '../src/content/collect.js'
import { buildDag } from '../src/content/dag.js'
import { PROFILES, type ProfileName } from '../src/content/profiles.js'
import { measurement } from './measure.js'
import { formatProfile, mainProfiler, profilingThreads, threadClock } from './profile.js'

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const [mode, target, out] = args.filter(
  (a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'),
)
if (mode === undefined || target === undefined) throw new Error('usage: worker <mode> <path> …')

/** Read + hash of files, one after the other: what each baseline thread runs (as below). */
const HASH_FILES = `
const { createHash } = require('node:crypto')
const fs = require('node:fs')
module.exports = function hashFiles(paths) {
  let bytes = 0
  for (const p of paths) {
    const fd = fs.openSync(p, 'r')
    const size = fs.fstatSync(fd).size
    const buf = Buffer.allocUnsafe(size)
    for (let got = 0; got < size; ) got += fs.readSync(fd, buf, got, size - got, got)
    fs.closeSync(fd)
    createHash('sha256').update(buf).digest()
    bytes += size
  }
  return bytes
}`

function walk(dir: string, files: string[]): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name)
    if (d.isDirectory()) walk(p, files)
    else if (d.isFile()) files.push(p)
  }
}

// BENCH_MEM=1: also report the process's memory at its largest sample (where RSS goes).
let peak: NodeJS.MemoryUsage | undefined
const sampler =
  process.env.BENCH_MEM === '1'
    ? setInterval(() => {
        const m = process.memoryUsage()
        if (peak === undefined || m.rss > peak.rss) peak = m
      }, 20)
    : undefined
const profiling = args.includes('--profile') && profilingThreads()
const threadsClock = profiling ? threadClock() : undefined
const mainClock = profiling ? await mainProfiler() : undefined
const phase = (name: string): void => threadsClock?.mark(name)
const clock = measurement()
let cid: string | undefined
let bytes = 0
let files: number | undefined
let carSize: number | undefined

if (mode === 'sha256') {
  const fd = openSync(target, 'r')
  const size = fstatSync(fd).size
  // 64 KiB reads: each piece is hashed while still in the processor's cache, the fastest way
  // measured here (1 MiB reads were about a third slower).
  const buf = Buffer.allocUnsafe(64 << 10)
  const h = createHash('sha256')
  for (let pos = 0; pos < size;) {
    const n = readSync(fd, buf, 0, buf.length, pos)
    h.update(buf.subarray(0, n))
    pos += n
  }
  closeSync(fd)
  h.digest()
  bytes = size
  phase('read + hash')
} else if (mode === 'sha256-dir') {
  const threads = Number(out ?? 0)
  const list: string[] = []
  walk(target, list)
  files = list.length
  phase('walk')
  if (threads === 0) {
    for (const p of list) {
      const fd = openSync(p, 'r')
      const size = fstatSync(fd).size
      const buf = Buffer.allocUnsafe(size)
      for (let got = 0; got < size;) got += readSync(fd, buf, got, size - got, got)
      closeSync(fd)
      createHash('sha256').update(buf).digest()
      bytes += size
    }
  } else {
    // Contiguous shares, so each thread reads whole directories as the engine does.
    const share = Math.ceil(list.length / threads)
    const parts = Array.from({ length: threads }, (_, i) => list.slice(i * share, (i + 1) * share))
    const src = `const hashFiles = (() => { const module = {}; ${HASH_FILES}; return module.exports })()
      const { parentPort, workerData } = require('node:worker_threads')
      parentPort.postMessage(hashFiles(workerData))`
    const counts = await Promise.all(
      parts.map(
        (p) =>
          new Promise<number>((resolve, reject) => {
            const w = new Worker(src, { eval: true, workerData: p })
            w.once('message', resolve)
            w.once('error', reject)
          }),
      ),
    )
    bytes = counts.reduce((a, b) => a + b, 0)
  }
  phase('read + hash')
} else if (mode === 'write') {
  if (out === undefined) throw new Error('write needs an output path')
  const total = Number(target)
  rmSync(out, { force: true })
  const buf = Buffer.alloc(4 << 20, 0x5a)
  const fd = openSync(out, 'w')
  for (let left = total; left > 0; left -= buf.length)
    writeSync(fd, buf, 0, Math.min(left, buf.length))
  if (args.includes('--fsync')) fsyncSync(fd)
  closeSync(fd)
  bytes = total
} else {
  const threads = flag('threads')
  const profile = (flag('cid-profile') ?? 'unixfs-v1-2025') as ProfileName
  const params = PROFILES[profile]
  const opts = threads !== undefined ? { threads: Number(threads) } : {}
  const c = await collect({ path: target, include: [], exclude: [], hiddenFiles: 'include' })
  phase('collect')
  if (mode === 'cid') {
    const r = await buildDag(c, params, opts)
    phase('build')
    cid = r.root.toString()
    bytes = r.bytes
    files = r.files
  } else if (mode === 'car') {
    if (out === undefined) throw new Error('car needs an output path')
    const r = await writeCar(c, params, out, opts)
    phase('build + write')
    if (args.includes('--fsync')) {
      const fd = openSync(r.carPath, 'r+')
      fsyncSync(fd)
      closeSync(fd)
      phase('flush')
    }
    cid = r.root.toString()
    bytes = r.bytes
    carSize = r.carSize
    files = r.files
  } else throw new Error(`unknown mode ${mode}`)
}
if (sampler !== undefined) clearInterval(sampler)
const mib = (n: number): number => Math.round(n / 2 ** 20)
const memory =
  peak === undefined
    ? undefined
    : {
        rss: mib(peak.rss),
        heapTotal: mib(peak.heapTotal),
        heapUsed: mib(peak.heapUsed),
        external: mib(peak.external),
        arrayBuffers: mib(peak.arrayBuffers),
      }
const wall = clock.elapsed()
const profileText =
  threadsClock !== undefined
    ? formatProfile(
        `${mode} ${path.basename(target)} (node ${process.version})`,
        wall,
        threadsClock.finish(),
        await mainClock?.stop(),
      )
    : undefined
clock.print({ cid, bytes, files, carSize, memory, profile: profileText })
