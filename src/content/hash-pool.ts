/**
 * Reading and hashing on every core: a small pool of worker threads running the jobs of
 * hash-runner.ts, in-process until the content has shown itself large enough to be worth the
 * threads (starting one costs tens of milliseconds). Results come back per job, so the caller
 * decides the order blocks are used in; workers only read and hash.
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
type MakeRunner = (mods: { fs: typeof fs; crypto: typeof crypto }) => Runner

let inlineRunner: Runner | undefined
function inline(): Runner {
  inlineRunner ??= (runInThisContext(RUNNER_SOURCE) as MakeRunner)({ fs, crypto })
  return inlineRunner
}

const WORKER_SOURCE = `'use strict'
const { parentPort } = require('node:worker_threads')
const runner = (${RUNNER_SOURCE})({ fs: require('node:fs'), crypto: require('node:crypto') })
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
`

/** Default thread count: one per core, at most 4 (more adds little: reading is shared). */
export const defaultThreads = (): number => Math.max(1, Math.min(availableParallelism(), 4))

export interface PoolOptions {
  /** Worker threads; 0 hashes on this thread only. Default: one per core, at most 4. */
  readonly threads?: number
  /** Work done in-process before the threads start (0: start them with the first job). */
  readonly inlineBytes?: number
  readonly inlineJobs?: number
}

interface Pending {
  readonly job: HashJob
  readonly resolve: (r: HashResult) => void
  readonly reject: (e: Error) => void
}

interface Slot {
  readonly worker: Worker
  readonly inFlight: Pending[]
}

/** Jobs a worker holds at once: one running, one waiting, so it never idles between messages. */
const PER_WORKER = 2

export class HashPool {
  readonly threads: number
  private readonly inlineBytes: number
  private readonly inlineJobs: number
  private doneBytes = 0
  private doneJobs = 0
  private slots: Slot[] | undefined
  private readonly urgent: Pending[] = []
  private readonly ahead: Pending[] = []
  private failure: Error | undefined
  private closed = false

  constructor(opts: PoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(opts.threads ?? defaultThreads()))
    this.inlineBytes = opts.inlineBytes ?? 16 << 20
    this.inlineJobs = opts.inlineJobs ?? 16
  }

  /** True once the worker threads run the jobs. */
  get parallel(): boolean {
    return this.slots !== undefined
  }

  /**
   * Runs `job`: `urgent` jobs (the caller waits on them now) go before jobs read ahead. Until the
   * threads start, the job runs here and now.
   */
  submit(job: HashJob, urgent = false): Promise<HashResult> {
    if (this.closed) return Promise.reject(new Error('hash pool closed'))
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (this.slots === undefined) {
      const start =
        this.threads > 0 && (this.doneBytes >= this.inlineBytes || this.doneJobs >= this.inlineJobs)
      if (!start) {
        try {
          const res = inline().run(job)
          this.doneJobs++
          for (const s of res.sizes) if (s > 0) this.doneBytes += s
          return Promise.resolve(res)
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)))
        }
      }
      this.start()
    }
    return new Promise<HashResult>((resolve, reject) => {
      ;(urgent ? this.urgent : this.ahead).push({ job, resolve, reject })
      this.dispatch()
    })
  }

  private start(): void {
    this.slots = []
    for (let i = 0; i < this.threads; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true })
      worker.unref()
      const slot: Slot = { worker, inFlight: [] }
      worker.on('message', (msg: { res?: HashResult; fail?: string }) => {
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
