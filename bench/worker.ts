/**
 * One measurement in a fresh process, so peak RSS belongs to it alone. Prints one JSON line:
 * { seconds, maxRssMiB, cid?, bytes? }.
 *
 *   tsx bench/worker.ts sha256 <file|dir>      read + node:crypto SHA-256 of every file (baseline)
 *   tsx bench/worker.ts cid <path>             our engine, CID only
 *   tsx bench/worker.ts car <path> <out.car>   our engine, CID + CAR to a file
 */
import { createHash } from 'node:crypto'
import { openSync, readSync, closeSync, fstatSync } from 'node:fs'
import { collect } from '../src/content/collect.js'
import { writeCar } from '../src/content/car.js'
import { buildDag } from '../src/content/dag.js'
import { PROFILES } from '../src/content/profiles.js'

const [mode, target, out] = process.argv.slice(2)
if (mode === undefined || target === undefined)
  throw new Error('usage: worker.ts sha256|cid|car <path> [out.car]')

const params = PROFILES['unixfs-v1-2025']
const t0 = performance.now()
let cid: string | undefined
let bytes = 0

if (mode === 'sha256') {
  // The fair baseline: same files, same 1 MiB reads, one SHA-256 per file.
  const c = await collect({ path: target, include: [], exclude: [], hiddenFiles: 'include' })
  const buf = Buffer.allocUnsafe(1 << 20)
  for (const e of c.entries) {
    if (e.kind !== 'file') continue
    const fd = openSync(e.abs, 'r')
    const h = createHash('sha256')
    const size = fstatSync(fd).size
    for (let pos = 0; pos < size;) {
      const n = readSync(fd, buf, 0, buf.length, pos)
      h.update(buf.subarray(0, n))
      pos += n
    }
    closeSync(fd)
    h.digest()
    bytes += size
  }
} else {
  const c = await collect({ path: target, include: [], exclude: [], hiddenFiles: 'include' })
  if (mode === 'cid') {
    const r = await buildDag(c, params)
    cid = r.root.toString()
    bytes = r.bytes
  } else {
    if (out === undefined) throw new Error('car needs an output path')
    const r = await writeCar(c, params, out)
    cid = r.root.toString()
    bytes = r.bytes
  }
}
const seconds = (performance.now() - t0) / 1000
console.log(
  JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, cid, bytes }),
)
