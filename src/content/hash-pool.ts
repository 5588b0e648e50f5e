/**
 * Reading and hashing on every core: a small pool of worker threads running the jobs of
 * hash-runner.ts. Results come back per job, so the caller decides the order blocks are used in;
 * workers only read and hash.
 *
 * Starting a thread costs tens of milliseconds, so small content never pays for one: jobs run on
 * this thread until it has spent a little time on them (or the caller knows the content is large
 * and calls `warm`), and keep running here until a thread is ready. Later, when this thread
 * would wait for a job no thread has taken yet, it runs that job itself, and, reading a large
 * file with nothing else to do, any job waiting for a thread (`settle`).
 */
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import { availableParallelism } from 'node:os'
import { runInThisContext } from 'node:vm'
import { Worker } from 'node:worker_threads'
import { RUNNER_SOURCE, type HashJob, type HashResult } from './hash-runner.js'

interface Runner {
  run(job: HashJob): HashResult
}
type MakeRunner = (mods: {
  fs: typeof fs
  crypto: typeof crypto
  arena: SharedArrayBuffer | null
}) => Runner

let makeRunner: MakeRunner | undefined
const runnerFor = (arena: SharedArrayBuffer | null): Runner => {
  makeRunner ??= runInThisContext(RUNNER_SOURCE) as MakeRunner
  return makeRunner({ fs, crypto, arena })
}

const WORKER_SOURCE = `'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const runner = (${RUNNER_SOURCE})({
  fs: require('node:fs'),
  crypto: require('node:crypto'),
  arena: workerData.arena,
})
parentPort.on('message', (job) => {
  let res
  try {
    res = runner.run(job)
  } catch (err) {
    parentPort.postMessage({ fail: String((err && err.stack) || err) })
    return
  }
  const transfer = [res.cids.buffer, res.offsets.buffer, res.lengths.buffer]
  if (res.buf) transfer.push(res.buf)
  parentPort.postMessage({ res }, transfer)
})
parentPort.postMessage({ ready: true })
`

/**
 * Default thread count: one per core, at most 4 (more adds little: reading is shared); none on a
 * single core, where a thread would only take turns with this one.
 */
export const defaultThreads = (): number => {
  const cores = availableParallelism()
  return cores < 2 ? 0 : Math.min(cores, 4)
}

export interface PoolOptions {
  /** Worker threads; 0 hashes on this thread only. Default: one per core, at most 4. */
  readonly threads?: number
  /**
   * `auto` (default): as described above. `threads`: jobs go to the threads only, started with
   * the first job (tests use it to exercise them on small content).
   */
  readonly mode?: 'auto' | 'threads'
  /** Memory shared with the threads, where jobs with a `slot` lay their sections out. */
  readonly arena?: SharedArrayBuffer
}

interface Pending {
  readonly job: HashJob
  readonly resolve: (r: HashResult) => void
  readonly reject: (e: Error) => void
  promise?: Promise<HashResult>
}

interface Slot {
  readonly worker: Worker
  readonly inFlight: Pending[]
  ready: boolean
}

/** Jobs a worker holds at once: one running, one waiting, so it never idles between messages. */
const PER_WORKER = 2
/**
 * In auto mode, time spent on jobs on this thread before the threads are started, when the
 * caller cannot tell how much work there is: starting one costs about as much as hashing 50 MB.
 */
const START_AFTER_MS = 50

export class HashPool {
  readonly threads: number
  private readonly mode: 'auto' | 'threads'
  private inlineMs = 0
  private slots: Slot[] | undefined
  private readonly urgent: Pending[] = []
  private readonly ahead: Pending[] = []
  private failure: Error | undefined
  private closed = false
  private readonly arena: SharedArrayBuffer | null
  private readonly runner: Runner

  constructor(opts: PoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(opts.threads ?? defaultThreads()))
    this.mode = opts.mode ?? 'auto'
    this.arena = opts.arena ?? null
    this.runner = runnerFor(this.arena)
  }

  /** True once a thread is ready to take jobs. */
  get parallel(): boolean {
    return this.slots?.some((s) => s.ready) ?? false
  }

  private stayHere = false

  /** Starts the threads now: the caller knows there is a lot of work. */
  warm(): void {
    if (this.slots === undefined && this.threads > 0 && !this.closed) this.start()
  }

  /** Never starts the threads (auto mode): the caller knows there is too little work. */
  cool(): void {
    if (this.mode === 'auto') this.stayHere = true
  }

  /**
   * Runs `job`: `urgent` jobs (the caller waits on them now) go before jobs read ahead. Until a
   * thread is ready (in auto mode), the job runs here and now.
   */
  submit(job: HashJob, urgent = false): Promise<HashResult> {
    if (this.closed) return Promise.reject(new Error('hash pool closed'))
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (this.threads > 0 && this.slots === undefined) {
      if (this.mode === 'threads' || (!this.stayHere && this.inlineMs >= START_AFTER_MS))
        this.start()
    }
    if (this.threads === 0 || (this.mode === 'auto' && !this.parallel)) {
      try {
        return Promise.resolve(this.runHere(job))
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)))
      }
    }
    let pending: Pending | undefined
    const promise = new Promise<HashResult>((resolve, reject) => {
      pending = { job, resolve, reject }
    })
    if (pending === undefined) throw new Error('unreachable')
    pending.promise = promise
    ;(urgent ? this.urgent : this.ahead).push(pending)
    this.dispatch()
    return promise
  }

  private runHere(job: HashJob): HashResult {
    const t0 = performance.now()
    const res = this.runner.run(job)
    this.inlineMs += performance.now() - t0
    return res
  }

  /**
   * Waits for `result`; if its job is still queued (every thread busy), runs it on this thread
   * instead of waiting for a thread to take it (auto mode). With `help`, also runs other queued
   * jobs here while it waits: for a caller with nothing else to do meanwhile.
   */
  async settle(result: Promise<HashResult>, help = false): Promise<HashResult> {
    // Threads starting: let their "ready" messages in. Jobs run here meanwhile only ever await
    // settled promises, which would never give the event loop a turn.
    if (this.slots !== undefined && !this.parallel) await new Promise((r) => setImmediate(r))
    if (this.mode !== 'auto') return result
    if (this.runQueued((p) => p.promise === result)) return result
    if (help) {
      let done = false
      const mark = (): void => {
        done = true
      }
      result.then(mark, mark)
      await Promise.resolve()
      // One job at a time, taking in the results that arrived meanwhile between two.
      while (!done && this.runQueued(() => true))
        await new Promise((resolve) => setImmediate(resolve))
    }
    return result
  }

  /** Runs here the first queued job `which` picks; false if there is none. */
  private runQueued(which: (p: Pending) => boolean): boolean {
    for (const queue of [this.urgent, this.ahead]) {
      const i = queue.findIndex(which)
      if (i < 0) continue
      const [p] = queue.splice(i, 1)
      if (p === undefined) return false
      try {
        p.resolve(this.runHere(p.job))
      } catch (err) {
        p.reject(err instanceof Error ? err : new Error(String(err)))
      }
      return true
    }
    return false
  }

  private start(): void {
    this.slots = []
    for (let i = 0; i < this.threads; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { arena: this.arena } })
      worker.unref()
      const slot: Slot = { worker, inFlight: [], ready: false }
      worker.on('message', (msg: { res?: HashResult; fail?: string; ready?: boolean }) => {
        if (msg.ready === true) {
          slot.ready = true
          this.dispatch()
          return
        }
        const p = slot.inFlight.shift()
        if (p === undefined) return
        if (msg.res !== undefined) p.resolve(msg.res)
        else p.reject(new Error(`hashing thread failed: ${msg.fail ?? 'unknown error'}`))
        this.dispatch()
      })
      const die = (err: Error): void => {
        this.failure ??= err
        for (const p of slot.inFlight.splice(0)) p.reject(err)
        for (const p of this.urgent.splice(0)) p.reject(err)
        for (const p of this.ahead.splice(0)) p.reject(err)
      }
      worker.on('error', die)
      worker.on('exit', (code) => {
        if (!this.closed) die(new Error(`hashing thread exited (code ${code})`))
      })
      this.slots.push(slot)
    }
  }

  private dispatch(): void {
    if (this.slots === undefined) return
    for (;;) {
      const queue = this.urgent.length > 0 ? this.urgent : this.ahead
      if (queue.length === 0) return
      let best: Slot | undefined
      for (const s of this.slots)
        if (
          s.ready &&
          s.inFlight.length < PER_WORKER &&
          (best === undefined || s.inFlight.length < best.inFlight.length)
        )
          best = s
      if (best === undefined) return
      const p = queue.shift()
      if (p === undefined) return
      best.inFlight.push(p)
      best.worker.postMessage(p.job)
    }
  }

  /** Stops the threads; jobs still queued fail. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const err = new Error('hash pool closed')
    for (const p of this.urgent.splice(0)) p.reject(err)
    for (const p of this.ahead.splice(0)) p.reject(err)
    const slots = this.slots ?? []
    this.slots = undefined
    await Promise.all(
      slots.map(async (s) => {
        for (const p of s.inFlight.splice(0)) p.reject(err)
        await s.worker.terminate()
      }),
    )
  }
}
