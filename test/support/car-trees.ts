/**
 * Trees whose CAR bytes are pinned by test/car-bytes.test.ts: every shape that decides where a
 * block lands in the CAR (symlinks, empty files, files of exactly one chunk, files of several
 * chunks read whole, one large file among small ones, a file alone, nested and empty
 * directories, a HAMT directory, more than 50 entries in a directory). Content is generated
 * from a seed, so the trees are the same on every machine.
 */
import { PROFILES, type ImportParams } from '../../src/content/profiles.js'
import type { TreeSpec } from './fs-tree.js'

const KIB = 1024
const MIB = 1024 * KIB

/** `n` bytes from a 32-bit LCG seeded with `seed`: cheap, and never a repeated chunk. */
export function lcgBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  const view = new DataView(out.buffer)
  let x = (seed * 2654435761) >>> 0
  let i = 0
  for (; i + 4 <= n; i += 4) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    view.setUint32(i, x, true)
  }
  for (; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = x >>> 24
  }
  return out
}

export interface CarTree {
  readonly name: string
  readonly spec: TreeSpec
  /** The collection's path under the tree: a file, or the tree itself when absent. */
  readonly file?: string
}

/** A directory whose batches of 50 mix every kind of entry, with `chunk`-relative sizes. */
function mixedDir(prefix: string, chunk: number, seed: number): TreeSpec {
  const spec: TreeSpec = {}
  const sizes = [5, 0, chunk, 1, chunk - 1, 3 * chunk + 1, 200, 0, chunk + 1, 7, 2 * chunk]
  for (let i = 0; i < 64; i++) {
    const name = `${prefix}${String(i).padStart(2, '0')}`
    if (i % 13 === 4) spec[name] = { link: `target-${i % 3}` }
    else if (i % 29 === 10) spec[name] = null
    else spec[name] = lcgBytes(Math.min(sizes[i % sizes.length] ?? 0, MIB), seed + i)
  }
  return spec
}

export function carTrees(): CarTree[] {
  const site: TreeSpec = {
    'index.html': new TextEncoder().encode('<h1>hello</h1>\n'),
    'empty.txt': new Uint8Array(0),
    'again-empty.txt': new Uint8Array(0),
    'assets/app.js': lcgBytes(70 * KIB, 1),
    'assets/logo.png': lcgBytes(300 * KIB, 2),
    'assets/hero.jpg': lcgBytes(900 * KIB, 3),
    'assets/video.bin': lcgBytes(3 * MIB + 17, 4),
    'assets/link': { link: 'app.js' },
    'nothing-here': null,
    '.well-known/security.txt': new TextEncoder().encode('Contact: x\n'),
    'docs/a/b/c.md': lcgBytes(1000, 5),
    'docs/a/d.md': lcgBytes(2000, 6),
    'docs/e.md': lcgBytes(KIB, 7),
  }
  const batches: TreeSpec = {}
  for (const [k, v] of Object.entries(mixedDir('m', 256 * KIB, 100))) batches[`x/${k}`] = v
  for (const [k, v] of Object.entries(mixedDir('n', 1024, 200))) batches[`y/${k}`] = v
  // One large file (read in pieces) per batch of 50, among small files.
  batches['y/n30'] = lcgBytes(MIB + 5, 300)
  const wide: TreeSpec = {}
  for (let i = 0; i < 3500; i++) wide[`${String(i).padStart(60, 'w')}`] = lcgBytes(i % 97, i)
  return [
    { name: 'site', spec: site },
    { name: 'batches', spec: batches },
    { name: 'wide', spec: wide },
    { name: 'file-0', spec: { f: new Uint8Array(0) }, file: 'f' },
    { name: 'file-1k', spec: { f: lcgBytes(1024, 8) }, file: 'f' },
    { name: 'file-5m', spec: { f: lcgBytes(5 * MIB + 3, 9) }, file: 'f' },
    // 175 chunks of 256 KiB: two levels under the 174-link layout.
    { name: 'file-44m', spec: { f: lcgBytes(175 * 256 * KIB + 9, 10) }, file: 'f' },
  ]
}

const tiny = (base: ImportParams, over: Partial<ImportParams>): ImportParams => ({
  ...base,
  chunkSize: 1024,
  maxLinks: 3,
  ...over,
})

/** The production profiles, and variants with tiny chunks, widths and HAMT thresholds. */
export const CAR_PROFILES: Readonly<Record<string, ImportParams>> = {
  ...PROFILES,
  'tiny-v0': tiny(PROFILES['unixfs-v0-2015'], { hamtThreshold: 300 }),
  'tiny-v1': tiny(PROFILES['unixfs-v1-2025'], { maxLinks: 11, hamtThreshold: 400 }),
  'v0-raw-leaves': { ...PROFILES['unixfs-v0-2015'], rawLeaves: true },
}

/** `tree/profile/wrap|nowrap` for every pinned case. */
export function carCases(): string[] {
  const keys: string[] = []
  for (const t of carTrees())
    for (const p of Object.keys(CAR_PROFILES)) {
      // 44 MiB in 1 KiB chunks is slow and adds nothing the 5 MiB file does not.
      if (t.name === 'file-44m' && p.startsWith('tiny')) continue
      // Wrapping adds one node on top: checked on the production profiles.
      const wraps = t.name === 'wide' || !(p in PROFILES) ? ['nowrap'] : ['nowrap', 'wrap']
      for (const wrap of wraps) keys.push(`${t.name}/${p}/${wrap}`)
    }
  return keys
}
