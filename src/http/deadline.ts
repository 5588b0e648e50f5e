/**
 * Time as an input, and the limits a run works under.
 *
 * - `Clock`: the wall clock and a cancellable sleep, injected so tests can drive state machines
 *   (retries, polls, rate-limit resets) without waiting on real time.
 * - `Deadline`: when a signal will abort and which input set that limit (`timeout`,
 *   `wait-timeout`), so a wait that would outlast it fails at once with a message naming it,
 *   instead of sleeping into the abort.
 * - Timers of any length: Node's timers overflow above 2^31-1 ms (about 24.8 days) and then
 *   fire after 1 ms; every timer here is chained below that bound.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The longest single Node.js timer. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * `setTimeout` for any duration (chained below Node's limit); returns the cancel function. With
 * `unref`, the timer does not keep the process alive (a deadline nobody waits on any more).
 */
export function longTimeout(
  fn: () => void,
  ms: number,
  opts: { unref?: boolean } = {},
): () => void {
  let timer: NodeJS.Timeout | undefined
  let cancelled = false
  const arm = (left: number): void => {
    const step = Math.min(Math.max(0, left), MAX_TIMER_MS)
    timer = setTimeout(() => {
      if (cancelled) return
      if (left > step) arm(left - step)
      else fn()
    }, step)
    if (opts.unref === true) timer.unref()
  }
  arm(ms)
  return () => {
    cancelled = true
    clearTimeout(timer)
  }
}

const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error('aborted')

/** Real time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal))
        return
      }
      const onAbort = (): void => {
        cancel()
        reject(abortReason(signal as AbortSignal))
      }
      const cancel = longTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** When a signal aborts, and the input that set that limit (for messages). */
export interface Deadline {
  /** Epoch milliseconds (the clock's time). */
  readonly at: number
  /** The input that set it: `timeout`, `wait-timeout`. */
  readonly input: string
}

const DEADLINES = new WeakMap<AbortSignal, Deadline>()

/**
 * `deadline` when a wait of `ms` starting now would reach it (the signal carrying it aborts at
 * that moment, so the wait cannot finish), else undefined; a wait of 0 asks whether the
 * deadline has come. Without a deadline, never. The one place "would this wait pass the
 * deadline" is written: retries, rate-limit waits, status polls and the retrieval check ask it.
 */
export function waitReaches(
  deadline: Deadline | undefined,
  ms: number,
  clock: Pick<Clock, 'now'>,
): Deadline | undefined {
  return deadline !== undefined && clock.now() + ms >= deadline.at ? deadline : undefined
}

/** The earliest deadline known for `signal` (set by `deadlineSignal`), if any. */
export function deadlineOf(signal: AbortSignal | undefined): Deadline | undefined {
  return signal === undefined ? undefined : DEADLINES.get(signal)
}

/**
 * A signal that aborts when `parent` does or at `deadline`, whichever comes first; it carries
 * the earlier deadline for `deadlineOf`. `reason` is the error the abort carries. `dispose`
 * stops the timer (call it when the work is done).
 */
export function deadlineSignal(
  parent: AbortSignal | undefined,
  deadline: Deadline,
  reason: () => Error,
  clock: Pick<Clock, 'now'> = systemClock,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const cancel = longTimeout(() => controller.abort(reason()), deadline.at - clock.now(), {
    unref: true,
  })
  const signal =
    parent !== undefined ? AbortSignal.any([parent, controller.signal]) : controller.signal
  const inherited = deadlineOf(parent)
  DEADLINES.set(
    signal,
    inherited !== undefined && inherited.at <= deadline.at ? inherited : deadline,
  )
  return { signal, dispose: cancel }
}

/** A duration for messages: `800 ms`, `20 s`, `5 min`, `2 h`, `30 d`. */
export function formatLimit(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 6000) / 10} min`
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 360_000) / 10} h`
  return `${Math.round(ms / 8_640_000) / 10} d`
}
