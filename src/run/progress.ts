/**
 * Progress lines people can read, for long work only: building the DAG and CAR here (percent of
 * the bytes, files, rate, time left) and each upload (bytes sent of the body, rate, time left).
 * A line comes every `progress` tick (10 s by default), so work that ends before the first tick
 * prints none. The total size is measured only once a tick is due, in the background, so a
 * short run never pays for it; until it is known the line shows what was read.
 */
import { lstat } from 'node:fs/promises'
import type { Entry } from '../content/collect.js'
import { countOf, formatBytes } from '../text.js'

/** Calls `tick` every so often until the returned function is called. */
export type Ticker = (tick: () => void) => () => void

export const intervalTicker =
  (ms: number): Ticker =>
  (tick) => {
    const timer = setInterval(tick, ms)
    timer.unref()
    return () => clearInterval(timer)
  }

/** "12 s", "3 min 5 s", "2 h 10 min". */
export function formatLeft(seconds: number): string {
  const s = Math.max(1, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

/** "45% of 1.2 GiB, 30.0 MiB/s, about 20 s left" (or what is known of it). */
function amount(done: number, total: number | undefined, elapsedMs: number, verb: string): string {
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0
  const speed = `${formatBytes(rate)}/s`
  if (total === undefined || total <= 0) return `${formatBytes(done)} ${verb}, ${speed}`
  const pct = Math.min(100, Math.floor((done / total) * 100))
  const left = rate > 0 && done < total ? `, about ${formatLeft((total - done) / rate)} left` : ''
  return `${pct}% of ${formatBytes(total)} (${formatBytes(done)} ${verb}), ${speed}${left}`
}

export interface BuildSnapshot {
  readonly bytes: number
  readonly files: number
  readonly totalFiles: number
  /** Undefined until measured. */
  readonly totalBytes?: number
  readonly elapsedMs: number
}

/** `Building the CAR: 45% of 1.2 GiB (540.0 MiB read), 3 of 7 files, 120.0 MiB/s, about 5 s left` */
export function buildLine(p: BuildSnapshot): string {
  const files =
    p.totalFiles === 1
      ? '1 file'
      : `${p.files.toLocaleString('en-US')} of ${countOf(p.totalFiles, 'file')}`
  const [head, ...rest] = amount(p.bytes, p.totalBytes, p.elapsedMs, 'read').split(', ')
  return `Building the CAR: ${[head, files, ...rest].join(', ')}`
}

/** One upload in flight: bytes of its body sent, of how many. */
export interface Transfer {
  readonly provider: string
  /** Updated by the HTTP client as the body goes out (reset when an attempt starts again). */
  readonly progress: { sent: number }
  readonly total: number
  /** The total is the files' bytes; the multipart body adds a little per file. */
  readonly approximate?: boolean
  readonly startedAt: number
  done?: boolean
}

/** `Uploading to <provider>: 45% of 1.2 GiB (540.0 MiB sent), 30.0 MiB/s, about 20 s left` */
export function uploadLine(t: Transfer, now: number): string {
  const sent = t.progress.sent
  if (t.total > 0 && sent >= t.total)
    return `Uploading to ${t.provider}: all ${formatBytes(t.total)} sent, waiting for its answer`
  const line = amount(sent, t.total, now - t.startedAt, 'sent')
  return `Uploading to ${t.provider}: ${t.approximate === true ? line.replace(' of ', ' of about ') : line}`
}

/**
 * The bytes of the files among `entries` (symlinks are stored as links, not followed), with a
 * bounded number of `lstat` calls in flight. A file that vanished counts as 0: this is for a
 * progress line, and the build itself reports such files.
 */
export async function totalBytes(entries: readonly Entry[], parallel = 64): Promise<number> {
  let next = 0
  let sum = 0
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const e = entries[next++]
      if (e?.kind !== 'file') continue
      // Awaited first: `sum += await …` would read `sum` before the wait and lose other workers' sizes.
      const size = await lstat(e.abs).then(
        (s) => s.size,
        () => 0,
      )
      sum += size
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, entries.length) }, worker))
  return sum
}
