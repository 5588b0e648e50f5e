/**
 * Reading ahead: the files of a collection read and hashed by the pool, in the order the engine
 * uses them, a few jobs ahead; large files in pieces; and the shared memory (arena) the threads
 * lay CAR sections out in.
 */
import { CID } from 'multiformats/cid'
import { Digest } from 'multiformats/hashes/digest'
import { ContentError, quote } from '../errors.js'
import { leafCidPrefix } from './blocks.js'
import { holdYoungGeneration } from './heap.js'
import type { Entry } from './collect.js'
import type { HashPool } from './hash-pool.js'
import type { HashResult } from './hash-runner.js'
import type { ImportParams } from './profiles.js'
import type { SectionSink } from './sink.js'

/**
 * Files up to this size were read whole by the importer-driven engine, larger ones in pieces
 * (asynchronously); where their blocks land in the CAR depends on it.
 */
export const READ_WHOLE = 1 << 20
/** Bytes of content per job sent to a thread: a files job stops after this much. */
export const JOB_BYTES = 1 << 20
const FILES_PER_JOB = 256
/** Bytes of a large file per job: whole chunks, and fewer messages than files jobs need. */
export const RANGE_BYTES = 2 << 20
/** A job's slot in the arena: its bytes, plus one more file read whole, plus section heads. */
const SLOT_BYTES = JOB_BYTES + READ_WHOLE + (256 << 10)
const SHA2_256 = 0x12
const DAG_PB = 0x70

export function changed(rel: string): ContentError {
  return new ContentError(
    `The file ${quote(rel)} changed size while it was being read. Publish a finished build: run this step after the build has completed.`,
    rel,
  )
}

export function unreadable(rel: string, err: { code: string; message: string }): ContentError {
  if (err.code === 'ECHANGED') return changed(rel)
  const cause = Object.assign(new Error(err.message), { code: err.code })
  return new ContentError(`Could not read ${quote(rel)}: ${err.message}`, rel, { cause })
}

/** One file's leaves as a job returned them. */
export interface FileLeaves {
  readonly entry: Entry
  readonly size: number
  /** Larger than READ_WHOLE: its leaves are read separately, in pieces. */
  readonly big: boolean
  readonly res: HashResult
  /** First leaf of this file in `res`. */
  readonly first: number
  readonly count: number
}

/**
 * Memory shared with the threads, in fixed slots, where they lay CAR sections out: each job gets
 * a slot, used again once the CAR writer has written what was handed to it from there. A fresh
 * buffer per job, transferred from thread to thread, made this thread's garbage collector run
 * every few jobs (V8 counts each transferred buffer as new memory).
 */
export class Arena {
  readonly memory: SharedArrayBuffer
  private readonly idle: number[] = []
  private readonly waiting: { at: number; mark: number }[] = []

  constructor(
    slots: number,
    private readonly sink: SectionSink,
  ) {
    this.memory = new SharedArrayBuffer(slots * SLOT_BYTES)
    for (let i = 0; i < slots; i++) this.idle.push(i * SLOT_BYTES)
  }

  /** A free slot now, or undefined. */
  tryTake(): readonly [number, number] | undefined {
    for (
      let w = this.waiting[0];
      w !== undefined && w.mark <= this.sink.written;
      w = this.waiting[0]
    ) {
      this.waiting.shift()
      this.idle.push(w.at)
    }
    const at = this.idle.pop()
    return at === undefined ? undefined : [at, SLOT_BYTES]
  }

  /**
   * A slot, once the writer has written what one holds if none is free; undefined when every
   * slot belongs to a job under way (the job then lays its sections out in a buffer of its own).
   */
  async take(): Promise<readonly [number, number] | undefined> {
    const now = this.tryTake()
    if (now !== undefined) return now
    const w = this.waiting[0]
    if (w === undefined) return undefined
    await this.sink.drain(w.mark)
    return this.tryTake()
  }

  /** The slot at `at` is no longer read from, except by writes of the bytes handed over so far. */
  give(at: number): void {
    if (at >= 0) this.waiting.push({ at, mark: this.sink.queued })
  }
}

/**
 * Reads and hashes the files of a collection ahead of their use, in the order they are used,
 * a bounded number of jobs ahead (and, for a CAR, a bounded number of bytes).
 */
export class Prefetch {
  private next = 0
  private readonly queue: { start: number; count: number; res: Promise<HashResult> }[] = []
  private head: { start: number; res: HashResult; at: number; leaf: number } | undefined
  /** Files of each result not yet done with: its slot is given back when none is left. */
  private readonly open = new Map<HashResult, number>()

  constructor(
    private readonly files: readonly Entry[],
    private readonly base: string,
    private readonly pool: HashPool,
    private readonly params: ImportParams,
    private readonly keep: boolean,
    private readonly arena: Arena | undefined,
  ) {}

  private submit(
    start: number,
    count: number,
    urgent: boolean,
    slot: readonly [number, number] | undefined,
  ): Promise<HashResult> {
    holdYoungGeneration()
    const res = this.pool.submit(
      {
        t: 'files',
        base: this.base,
        names: this.files
          .slice(start, start + count)
          .map((e) => e.rel)
          .join('\0'),
        chunk: this.params.chunkSize,
        v0: !this.params.rawLeaves,
        cid: leafCidPrefix(this.params),
        keep: this.keep,
        small: READ_WHOLE,
        cap: JOB_BYTES,
        ...(slot !== undefined ? { slot } : {}),
      },
      urgent,
    )
    // Failures surface when the result is taken, in order.
    res.catch(() => undefined)
    return res
  }

  /** Reads ahead: a few jobs per thread, as far as free slots allow. */
  private fill(): void {
    const depth = this.pool.parallel ? this.pool.threads * 2 + 1 : 1
    while (this.queue.length < depth && this.next < this.files.length) {
      const slot = this.arena?.tryTake()
      if (this.arena !== undefined && slot === undefined) return
      const count = Math.min(FILES_PER_JOB, this.files.length - this.next)
      this.queue.push({ start: this.next, count, res: this.submit(this.next, count, false, slot) })
      this.next += count
    }
  }

  /**
   * The next file's leaves when the job holding them is in already (most files): no promise,
   * which for many small files was a good part of this thread's allocations. Else `take`.
   */
  takeNow(): FileLeaves | undefined {
    const h = this.head
    return h !== undefined && h.at < h.res.done ? this.nextOf(h) : undefined
  }

  /** The next file's leaves. */
  async take(): Promise<FileLeaves> {
    if (this.head === undefined || this.head.at >= this.head.res.done) {
      this.fill()
      if (this.queue.length === 0 && this.next < this.files.length) {
        // No slot was free: wait for the writer to free one.
        const count = Math.min(FILES_PER_JOB, this.files.length - this.next)
        const slot = await this.arena?.take()
        this.queue.push({ start: this.next, count, res: this.submit(this.next, count, true, slot) })
        this.next += count
      }
      const job = this.queue.shift()
      if (job === undefined) throw new Error('read past the last file')
      const res = await this.pool.settle(job.res)
      this.open.set(res, res.done)
      if (res.done < job.count) {
        // The job stopped at its byte cap: the rest goes next, before anything read ahead.
        const slot = await this.arena?.take()
        this.queue.unshift({
          start: job.start + res.done,
          count: job.count - res.done,
          res: this.submit(job.start + res.done, job.count - res.done, true, slot),
        })
      }
      this.head = { start: job.start, res, at: 0, leaf: 0 }
      this.fill()
    }
    return this.nextOf(this.head)
  }

  private nextOf(h: { start: number; res: HashResult; at: number; leaf: number }): FileLeaves {
    const i = h.at++
    const entry = this.files[h.start + i]
    if (entry === undefined) throw new Error('file index out of range')
    const err = h.res.errors[i]
    if (err) throw unreadable(entry.rel, err)
    const count = h.res.leaves[i] ?? 0
    const first = h.leaf
    h.leaf += count
    return {
      entry,
      size: h.res.sizes[i] ?? 0,
      big: h.res.big[i] === 1,
      res: h.res,
      first,
      count,
    }
  }

  /** Done with a file taken: its blocks are with the sink. */
  done(f: FileLeaves): void {
    const left = (this.open.get(f.res) ?? 1) - 1
    if (left > 0) this.open.set(f.res, left)
    else {
      this.open.delete(f.res)
      this.arena?.give(f.res.at)
    }
  }
}

/** Leaf `i` of a job's result: its CID, block, and CAR section when the thread laid one out. */
export function leafAt(
  res: HashResult,
  i: number,
  arena: Arena | undefined,
): { cid: CID; blockLength: number; block?: Uint8Array; section?: Uint8Array } {
  const length = res.cids.length / (res.offsets.length || 1)
  const cid = leafCidAt(res.cids, i, length)
  const blockLength = res.lengths[i] ?? 0
  let memory: ArrayBufferLike
  let off = res.offsets[i] ?? 0
  if (res.at >= 0 && arena !== undefined) {
    memory = arena.memory
    off += res.at
  } else if (res.buf !== null) memory = res.buf
  else return { cid, blockLength }
  const head = varintLength(length + blockLength) + length
  return {
    cid,
    blockLength,
    block: new Uint8Array(memory, off, blockLength),
    section: new Uint8Array(memory, off - head, head + blockLength),
  }
}

/**
 * Leaf `i`'s CID from the CIDs a job wrote: `[0x01, codec] ‖ 0x12 0x20 ‖ digest` (CIDv1) or
 * `0x12 0x20 ‖ digest` (CIDv0), as `leafCidPrefix` makes them. Built from views of those bytes,
 * as `CID.decode` builds it, without parsing them again: decoding made a third of what this
 * thread allocated for many small files (docs/performance.md).
 */
function leafCidAt(cids: Uint8Array, i: number, length: number): CID {
  const bytes = cids.subarray(i * length, (i + 1) * length)
  const multihash = bytes.subarray(length - 34)
  const digest = new Digest(SHA2_256, 32, multihash.subarray(2), multihash)
  return length === 34
    ? new CID(0, DAG_PB, digest, multihash)
    : new CID(1, bytes[1] ?? 0, digest, bytes)
}

function varintLength(n: number): number {
  let len = 1
  for (; n >= 0x80; n = Math.floor(n / 0x80)) len++
  return len
}

/** Length of the chunk that leaf `i` of a file of `size` bytes holds. */
export const chunkLength = (size: number, chunk: number, i: number): number =>
  Math.max(0, Math.min(chunk, size - i * chunk))
