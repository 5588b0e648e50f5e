/** Benchmark data (generated once under .bench/ and kept between runs), runs and the report. */
import { spawnSync } from 'node:child_process'
import { randomFillSync } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os'
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

/**
 * `count` files of 0–8 KiB (4 KiB on average), as a static site or a docs build: in 100
 * directories (`flat`), or spread over 20 × 50 nested directories.
 */
export function writeSmallFiles(
  dir: string,
  count: number,
  layout: 'flat' | 'nested' = 'flat',
): void {
  const marker = `${dir}.complete`
  if (existsSync(marker)) return
  rmSync(dir, { recursive: true, force: true })
  let seed = 1
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
  const buf = Buffer.allocUnsafe(8192)
  const made = new Set<string>()
  for (let i = 0; i < count; i++) {
    const sub =
      layout === 'flat'
        ? path.join(dir, `d${String(i % 100).padStart(3, '0')}`)
        : path.join(
            dir,
            `s${String(i % 20).padStart(2, '0')}`,
            `d${String(Math.floor(i / 20) % 50).padStart(2, '0')}`,
          )
    if (!made.has(sub)) {
      mkdirSync(sub, { recursive: true })
      made.add(sub)
    }
    randomFillSync(buf)
    const fd = openSync(path.join(sub, `file-${i}.html`), 'w')
    writeSync(fd, buf, 0, Math.floor(rand() * 8192))
    closeSync(fd)
  }
  closeSync(openSync(marker, 'w'))
}

/**
 * Runs each function `n` times, in rounds (one of each per round, so that a slow spell of the
 * machine hits them alike), and keeps the best (fewest seconds) of each.
 */
export function bestOf<M extends { seconds: number }>(n: number, fs: (() => M)[]): M[] {
  const best: (M | undefined)[] = fs.map(() => undefined)
  for (let round = 0; round < n; round++)
    fs.forEach((f, i) => {
      const m = f()
      const b = best[i]
      if (b === undefined || m.seconds < b.seconds) best[i] = m
    })
  return best.map((b) => {
    if (b === undefined) throw new Error('best of zero runs')
    return b
  })
}

/** The machine a run measured, for the report and results.json. */
export function machine(dataDir: string): Record<string, string | number> {
  const fs = spawnSync('stat', ['-f', '-c', '%T', dataDir], { encoding: 'utf8' })
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    filesystem: fs.status === 0 ? fs.stdout.trim() : 'unknown',
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  }
}

export interface Target {
  readonly name: string
  readonly value: number
  readonly op: '>=' | '<='
  readonly target: number
  readonly unit: string
}

export const verdict = (t: Target): string => {
  const ok = t.op === '>=' ? t.value >= t.target : t.value <= t.target
  return `${ok ? 'PASS' : 'MISS'} ${t.name}: ${t.value.toFixed(2)}${t.unit} (target ${t.op === '>=' ? '≥' : '≤'} ${t.target}${t.unit})`
}

export const passed = (t: Target): boolean =>
  t.op === '>=' ? t.value >= t.target : t.value <= t.target

/** Prints a table, columns padded. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  console.log(line(header))
  for (const r of rows) console.log(line(r))
}
