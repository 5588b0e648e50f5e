/** Benchmark data, generated once under .bench/ and kept between runs. */
import { randomFillSync } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'

const MIB = 1 << 20

export function writeRandomFile(file: string, size: number): void {
  if (existsSync(file) && statSync(file).size === size) return
  const fd = openSync(file, 'w')
  const buf = Buffer.allocUnsafe(4 * MIB)
  for (let left = size; left > 0; left -= buf.length) {
    randomFillSync(buf)
    writeSync(fd, buf, 0, Math.min(buf.length, left))
  }
  closeSync(fd)
}

/** 20,000 files averaging 4 KiB (80 MB) in 100 directories, as a static site or docs build. */
export function writeSmallFiles(dir: string, count: number): void {
  const marker = `${dir}.complete`
  if (existsSync(marker)) return
  rmSync(dir, { recursive: true, force: true })
  let seed = 1
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
  const buf = Buffer.allocUnsafe(8192)
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `d${String(i % 100).padStart(3, '0')}`)
    if (i < 100) mkdirSync(sub, { recursive: true })
    randomFillSync(buf)
    const fd = openSync(path.join(sub, `file-${i}.html`), 'w')
    writeSync(fd, buf, 0, Math.floor(rand() * 8192))
    closeSync(fd)
  }
  closeSync(openSync(marker, 'w'))
}

/** Best of n runs (fewest seconds): the least disturbed by whatever else the machine does. */
export function best<M extends { seconds: number }>(n: number, f: () => M): M {
  let b: M | undefined
  for (let i = 0; i < n; i++) {
    const m = f()
    if (b === undefined || m.seconds < b.seconds) b = m
  }
  if (b === undefined) throw new Error('best of zero runs')
  return b
}

/** Prints the run's table (columns padded) and then its verdict lines. */
export function printReport(
  quick: boolean,
  header: string[],
  rows: string[][],
  verdicts: string[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  console.log(`\nnode ${process.version}, ${quick ? 'quick' : 'full'} run\n`)
  console.log(line(header))
  for (const r of rows) console.log(line(r))
  console.log('')
  for (const v of verdicts) console.log(v)
}
