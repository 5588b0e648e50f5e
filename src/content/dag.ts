/**
 * Builds the UnixFS DAG of a collection, every CID-relevant parameter set explicitly from the
 * profile, and hands each block to a sink: none for CID-only, or a CAR writer.
 *
 * The blocks and CIDs are those ipfs-unixfs-importer 17 produces, and with a sink they come in
 * the order the importer stored them (docs/cid-engine.md, "Block order"); the work is arranged
 * for speed:
 *
 * - Files are read and hashed on worker threads (hash-pool.ts), ahead of their use: leaves are
 *   hashed on every core while this thread assembles nodes and writes the CAR.
 * - Leaves, file nodes, symlinks and basic directories are encoded here (blocks.ts) instead of
 *   going through the importer's per-file pipeline, whose promise and generator overhead
 *   dominated for many small files.
 * - The importer still builds HAMT-sharded directories, and, when a CAR is written, the batches
 *   whose block order depends on its scheduling (files of several chunks read whole): those
 *   batches run through it as before, with their content already read.
 *
 * Directories are built bottom-up, one at a time, each subdirectory already built when its parent
 * is. That is what makes HAMT sharding match kubo: a directory's size estimate must count its
 * subdirectories' links with their final CIDs. (Found by the cross-check against @ipld/unixfs in
 * test/crosscheck.test.ts.)
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import {
  importer,
  type ImportCandidate,
  type ImporterOptions,
  type TreeBuilder,
} from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CID } from 'multiformats/cid'
import { ContentError, quote } from '../errors.js'
import {
  FileLayout,
  directoryBlock,
  isSharded,
  leafCidPrefix,
  leafNode,
  nodeCid,
  symlinkBlock,
  v0LeafFrame,
  type Built,
  type DirEntry,
} from './blocks.js'
import type { Collection, Entry } from './collect.js'
import { HashPool, defaultThreads, type PoolOptions } from './hash-pool.js'
import type { HashResult } from './hash-runner.js'
import type { ImportParams } from './profiles.js'

export type { Built } from './blocks.js'

/** Where blocks go. `put` may be called with duplicates unless `unique` is set. */
export interface BlockSink {
  put(cid: CID, bytes: Uint8Array): Promise<void> | void
}

export const discardSink: BlockSink = { put: () => undefined }

/**
 * A sink that also takes a block as a whole CAR section (varint length, CID, block), laid out so
 * by the thread that read it: a CAR writer then writes it as it is.
 */
export interface SectionSink extends BlockSink {
  /**
   * `section` stays valid until `written` passes the bytes handed over so far; with `copy`, only
   * for the call (the sink copies it).
   */
  putSection(cid: CID, block: Uint8Array, section: Uint8Array, copy: boolean): Promise<void> | void
  /** Bytes handed over so far, and bytes of those already written: buffers holding bytes
   * handed over before `written` reached that count can be reused. */
  readonly queued: number
  readonly written: number
  /** Issues every write gathered and resolves once `written` has reached `mark`. */
  drain(mark: number): Promise<void>
}

const takesSections = (s: BlockSink): s is SectionSink =>
  typeof (s as Partial<SectionSink>).putSection === 'function'

/** Live counters, read by the progress reporter. */
export interface ImportProgress {
  files: number
  bytes: number
}

export interface DagResult {
  readonly root: CID
  /** Bytes of file content read. */
  readonly bytes: number
  readonly files: number
  /** Blocks handed to the sink. */
  readonly blocks: number
}

export interface BuildOptions {
  readonly wrapWithDirectory?: boolean
  /** Receives every block, in the order the importer stores them (the CAR order). */
  readonly sink?: BlockSink
  readonly progress?: ImportProgress
  /** Hand each distinct block to the sink once (a CAR holds no duplicates). */
  readonly unique?: boolean
  /**
   * Reading and hashing threads: 0 for this thread only; by default one per core (at most 4),
   * started once the content is large enough to repay them.
   */
  readonly threads?: number
  /** Tests: how much to do on this thread before starting the threads. */
  readonly pool?: Omit<PoolOptions, 'threads'>
}

/**
 * Files up to this size were read whole by the importer-driven engine, larger ones in pieces
 * (asynchronously); where their blocks land in the CAR depends on it.
 */
const READ_WHOLE = 1 << 20
/** The importer's `fileImportConcurrency`: a directory's entries are imported in batches of 50. */
const ENTRY_BATCH = 50
/** Bytes of content per job sent to a thread: a files job stops after this much. */
const JOB_BYTES = 1 << 20
const FILES_PER_JOB = 256
/** A job's slot in the arena: its bytes, plus one more file read whole, plus section heads. */
const SLOT_BYTES = JOB_BYTES + READ_WHOLE + (256 << 10)
/** Files at least this large start the threads at once: they will repay them. */
const WARM_BYTES = 32 << 20

/** Importer options for a set of parameters. A fresh object each call: the importer writes into it. */
export function importerOptions(params: ImportParams): ImporterOptions {
  return {
    cidVersion: params.cidVersion,
    rawLeaves: params.rawLeaves,
    chunker: fixedSize({ chunkSize: params.chunkSize }),
    layout: balanced({ maxChildrenPerNode: params.maxLinks }),
    shardSplitThresholdBytes: params.hamtThreshold,
    shardSplitStrategy: params.hamtStrategy,
    shardFanoutBits: 8,
    reduceSingleLeafToSelf: true,
    // buildDag wraps by building one more directory level itself.
    wrapWithDirectory: false,
    leafType: 'file',
    fieldOrder: 'links-first',
    fileImportConcurrency: ENTRY_BATCH,
    blockWriteConcurrency: 10,
  }
}

function changed(rel: string): ContentError {
  return new ContentError(
    `The file ${quote(rel)} changed size while it was being read. Publish a finished build: run this step after the build has completed.`,
    rel,
  )
}

function unreadable(rel: string, err: { code: string; message: string }): ContentError {
  if (err.code === 'ECHANGED') return changed(rel)
  const cause = Object.assign(new Error(err.message), { code: err.code })
  return new ContentError(`Could not read ${quote(rel)}: ${err.message}`, rel, { cause })
}

/**
 * The blocks handed over so far, by codec and SHA-256 digest (same digest, same bytes): an
 * open-addressing table over one growing byte array, instead of a Set of strings, which cost
 * a string and a hash-table entry per block (about 100 bytes) and showed in profiles.
 */
class BlockSet {
  private keys = new Uint8Array(33 * 1024)
  private table = new Int32Array(2048).fill(-1)
  private count = 0

  /** Adds the block; false when it was there already. */
  add(cid: CID): boolean {
    const d = cid.multihash.digest
    const code = cid.code & 0xff
    const mask = this.table.length - 1
    // The digest is uniformly random: its first bytes are a good hash.
    let slot = ((d[0] ?? 0) | ((d[1] ?? 0) << 8) | ((d[2] ?? 0) << 16) | ((d[3] ?? 0) << 24)) & mask
    for (; ; slot = (slot + 1) & mask) {
      const at = this.table[slot] ?? -1
      if (at < 0) break
      if (this.equals(at, code, d)) return false
    }
    if (this.count * 33 + 33 > this.keys.length) {
      const keys = new Uint8Array(this.keys.length * 2)
      keys.set(this.keys)
      this.keys = keys
    }
    this.keys[this.count * 33] = code
    this.keys.set(d, this.count * 33 + 1)
    this.table[slot] = this.count++
    if (this.count * 2 > this.table.length) this.grow()
    return true
  }

  private equals(at: number, code: number, d: Uint8Array): boolean {
    const base = at * 33
    if (this.keys[base] !== code) return false
    for (let i = 0; i < 32; i++) if (this.keys[base + 1 + i] !== d[i]) return false
    return true
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1)
    const mask = table.length - 1
    for (let at = 0; at < this.count; at++) {
      const b = at * 33 + 1
      const k = this.keys
      let slot =
        ((k[b] ?? 0) | ((k[b + 1] ?? 0) << 8) | ((k[b + 2] ?? 0) << 16) | ((k[b + 3] ?? 0) << 24)) &
        mask
      while ((table[slot] ?? -1) >= 0) slot = (slot + 1) & mask
      table[slot] = at
    }
    this.table = table
  }
}

/** Hands blocks to the sink, once each with `unique`. */
class Emitter {
  private readonly seen = new BlockSet()
  blocks = 0
  private readonly sections: SectionSink | undefined
  constructor(
    readonly sink: BlockSink | undefined,
    readonly unique: boolean,
  ) {
    this.sections = sink !== undefined && takesSections(sink) ? sink : undefined
  }

  /** False when the block was handed over before (and `unique` is set). */
  claim(cid: CID): boolean {
    return !this.unique || this.seen.add(cid)
  }

  put(cid: CID, bytes: Uint8Array, section?: Uint8Array, copy = false): void | Promise<void> {
    if (this.sink === undefined || !this.claim(cid)) return
    this.blocks++
    if (section !== undefined && this.sections !== undefined)
      return this.sections.putSection(cid, bytes, section, copy)
    return this.sink.put(cid, bytes)
  }

  /** A block already claimed. Bytes in shared memory (the arena) are copied: it is reused. */
  forward(cid: CID, bytes: Uint8Array): void | Promise<void> {
    this.blocks++
    return this.sink?.put(cid, bytes.buffer instanceof SharedArrayBuffer ? bytes.slice() : bytes)
  }
}

/** One file's leaves as a job returned them. */
interface FileLeaves {
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
class Arena {
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

  /** The slot at `at` is no longer read from at all. */
  free(at: number): void {
    if (at >= 0) this.idle.push(at)
  }
}

/**
 * Reads and hashes the files of a collection ahead of their use, in the order they are used,
 * a bounded number of jobs ahead (and, for a CAR, a bounded number of bytes).
 */
class Prefetch {
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
    const h = this.head
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

  /** Done with a file taken: its blocks are with the sink, which copied them. */
  done(f: FileLeaves): void {
    const left = (this.open.get(f.res) ?? 1) - 1
    if (left > 0) this.open.set(f.res, left)
    else {
      this.open.delete(f.res)
      this.arena?.free(f.res.at)
    }
  }
}

/** Leaf `i` of a job's result: its CID, block, and CAR section when the thread laid one out. */
function leafAt(
  res: HashResult,
  i: number,
  arena: Arena | undefined,
): { cid: CID; blockLength: number; block?: Uint8Array; section?: Uint8Array } {
  const length = res.cids.length / (res.offsets.length || 1)
  const cid = CID.decode(res.cids.subarray(i * length, (i + 1) * length))
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

function varintLength(n: number): number {
  let len = 1
  for (; n >= 0x80; n = Math.floor(n / 0x80)) len++
  return len
}

/** Length of the chunk that leaf `i` of a file of `size` bytes holds. */
const chunkLength = (size: number, chunk: number, i: number): number =>
  Math.max(0, Math.min(chunk, size - i * chunk))

const parentOf = (rel: string): string => rel.slice(0, Math.max(0, rel.lastIndexOf('/')))
const nameOf = (rel: string): string => rel.slice(rel.lastIndexOf('/') + 1)
const depth = (rel: string): number => (rel === '' ? 0 : rel.split('/').length)

/** A UnixFS directory over `entries`: basic, or HAMT-sharded by the importer past the threshold. */
async function directory(
  params: ImportParams,
  entries: readonly DirEntry[],
  emit: Emitter,
): Promise<Built> {
  if (isSharded(params, entries)) {
    const prebuilt = new Map<string, Built>()
    const source: ImportCandidate[] = [{ path: 'd' }]
    for (const e of entries) {
      const p = `d/${e.name}`
      prebuilt.set(p, e)
      source.push({ path: p })
    }
    return importCandidates(source, 'd', params, {
      sink: { put: (cid, bytes) => emit.put(cid, bytes) },
      prebuilt,
    })
  }
  const { block, cid, size } = directoryBlock(params, entries)
  await emit.put(cid, block)
  return { cid, size }
}

class Engine {
  readonly progress: ImportProgress
  readonly emit: Emitter
  readonly pool: HashPool
  /** Blocks are kept for a sink that stores them; without one, only digests come back. */
  readonly keep: boolean
  /** Where the threads lay sections out for a CAR writer (none for other sinks). */
  readonly arena: Arena | undefined

  constructor(
    readonly params: ImportParams,
    opts: BuildOptions,
  ) {
    this.progress = opts.progress ?? { files: 0, bytes: 0 }
    const sink = opts.sink === discardSink ? undefined : opts.sink
    this.emit = new Emitter(sink, opts.unique ?? false)
    this.keep = sink !== undefined
    const threads = opts.threads ?? defaultThreads()
    // Enough slots for the jobs read ahead, the one in use, and two writes' worth unwritten.
    this.arena =
      sink !== undefined && takesSections(sink) ? new Arena(threads * 2 + 4, sink) : undefined
    this.pool = new HashPool({
      ...opts.pool,
      threads,
      ...(this.arena !== undefined ? { arena: this.arena.memory } : {}),
    })
  }

  /** Emits a block read in pieces: the sink may keep referring to the arena slot it is in. */
  private readonly emitBlock = (
    cid: CID,
    block: Uint8Array,
    section?: Uint8Array,
  ): void | Promise<void> => this.emit.put(cid, block, section)

  /** Emits a block of a file read whole: copied, so the slot is free as soon as it is used. */
  private readonly emitCopied = (
    cid: CID,
    block: Uint8Array,
    section?: Uint8Array,
  ): void | Promise<void> => this.emit.put(cid, block, section, true)

  /**
   * A file read in pieces, `size` bytes from its start, its leaves hashed on every thread a few
   * pieces ahead, its blocks emitted in the importer's order.
   */
  async streamFile(entry: Entry, size: number): Promise<Built> {
    const { chunkSize } = this.params
    const perJob = Math.max(1, Math.floor(JOB_BYTES / chunkSize)) * chunkSize
    if (size >= WARM_BYTES) this.pool.warm()
    const layout = new FileLayout(this.params, this.keep ? this.emitBlock : undefined)
    const jobs: Promise<HashResult>[] = []
    let submitted = 0
    const more = (): boolean => submitted < size || (size === 0 && submitted === 0)
    const submit = (slot: readonly [number, number] | undefined): void => {
      const len = Math.min(perJob, size - submitted)
      const job = this.pool.submit(
        {
          t: 'range',
          path: entry.abs,
          pos: submitted,
          len,
          chunk: chunkSize,
          v0: !this.params.rawLeaves,
          cid: leafCidPrefix(this.params),
          keep: this.keep,
          ...(slot !== undefined ? { slot } : {}),
        },
        true,
      )
      job.catch(() => undefined)
      jobs.push(job)
      submitted += Math.max(len, 1)
    }
    const ahead = async (): Promise<void> => {
      const depth = this.pool.parallel ? this.pool.threads * 2 + 1 : 1
      while (jobs.length < depth && more()) {
        const slot = this.arena?.tryTake()
        if (this.arena !== undefined && slot === undefined) break
        submit(slot)
      }
      // Nothing under way and no slot free: wait for the writer to free one.
      if (jobs.length === 0 && more()) submit(await this.arena?.take())
    }
    let leaf = 0
    try {
      for (;;) {
        await ahead()
        const job = jobs.shift()
        if (job === undefined) break
        const res = await this.pool.settle(job)
        const err = res.errors[0]
        if (err) throw unreadable(entry.rel, err)
        if (res.short) throw changed(entry.rel)
        const count = res.leaves[0] ?? 0
        for (let i = 0; i < count; i++) {
          const l = leafAt(res, i, this.arena)
          const node = leafNode(l.cid, l.blockLength, chunkLength(size, chunkSize, leaf))
          await layout.add(node, l.block, l.section)
          leaf++
        }
        this.arena?.give(res.at)
        this.progress.bytes += res.sizes[0] ?? 0
      }
    } finally {
      // Let reads already under way finish before the caller moves on.
      await Promise.allSettled(jobs)
    }
    this.progress.files++
    const root = await layout.finish()
    return { cid: root.cid, size: BigInt(root.tsize) }
  }

  /** A file read whole by a prefetch job: its leaves are in the job's result. */
  async wholeFile(f: FileLeaves, emit: boolean): Promise<Built> {
    this.progress.files++
    this.progress.bytes += f.size
    if (f.count === 1) {
      // One chunk: the leaf is the file (the common case, kept free of the layout's promises).
      const l = leafAt(f.res, f.first, this.arena)
      if (emit && l.block !== undefined) {
        const wait = this.emit.put(l.cid, l.block, l.section, true)
        if (wait !== undefined) await wait
      }
      return { cid: l.cid, size: BigInt(l.blockLength) }
    }
    const layout = new FileLayout(this.params, emit ? this.emitCopied : undefined)
    for (let i = 0; i < f.count; i++) {
      const l = leafAt(f.res, f.first + i, this.arena)
      const node = leafNode(l.cid, l.blockLength, chunkLength(f.size, this.params.chunkSize, i))
      await layout.add(node, l.block, l.section)
    }
    const root = await layout.finish()
    return { cid: root.cid, size: BigInt(root.tsize) }
  }

  /** The collection's root: the file's or the directory's own node. */
  async build(collection: Collection): Promise<Built> {
    if (collection.kind === 'file') {
      const entry = collection.entries[0]
      if (entry === undefined) throw new Error('a file collection has one entry')
      let size: number
      try {
        size = statSync(entry.abs).size
      } catch (err) {
        throw unreadable(entry.rel, err as { code: string; message: string })
      }
      return this.streamFile(entry, size)
    }
    const children = new Map<string, Entry[]>()
    for (const e of collection.entries) {
      const p = parentOf(e.rel)
      const list = children.get(p)
      if (list === undefined) children.set(p, [e])
      else list.push(e)
    }
    // Deepest first, so every subdirectory is built before its parent.
    const dirs = ['', ...collection.entries.filter((e) => e.kind === 'dir').map((e) => e.rel)].sort(
      (a, b) => depth(b) - depth(a),
    )
    const files: Entry[] = []
    for (const d of dirs)
      for (const k of children.get(d) ?? []) if (k.kind === 'file') files.push(k)
    const base = `${collection.root}${path.sep}`
    const prefetch = new Prefetch(files, base, this.pool, this.params, this.keep, this.arena)
    const built = new Map<string, Built>()
    for (const dir of dirs) {
      const kids = children.get(dir) ?? []
      children.delete(dir)
      let result: Built
      if (kids.length === 0) {
        // An empty directory: one block of its own.
        const block = dagPb.encode(
          dagPb.prepare({ Data: new UnixFS({ type: 'directory' }).marshal() }),
        )
        result = { cid: nodeCid(this.params, block), size: BigInt(block.length) }
        await this.emit.put(result.cid, block)
      } else {
        const entries: DirEntry[] = []
        // The importer's batches: the directory itself takes the first place of the first.
        for (let slot = 0; slot <= kids.length; slot += ENTRY_BATCH) {
          const batch = kids.slice(Math.max(0, slot - 1), slot + ENTRY_BATCH - 1)
          for (const e of await this.batch(batch, prefetch, built)) entries.push(e)
        }
        result = await directory(this.params, entries, this.emit)
      }
      built.set(dir, result)
    }
    const root = built.get('')
    if (root === undefined) throw new Error('the root directory was not built')
    return root
  }

  /**
   * One batch of a directory's entries, in the order the importer stored their blocks: its
   * symlinks, then its empty files, then files of one chunk, each in turn; files over 1 MiB
   * last, one after the other. A batch holding a file of several chunks read whole goes
   * through the importer itself, whose scheduling decides that order.
   */
  private async batch(
    kids: readonly Entry[],
    prefetch: Prefetch,
    built: Map<string, Built>,
  ): Promise<DirEntry[]> {
    const out = new Map<Entry, Built>()
    const files: FileLeaves[] = []
    for (const k of kids) {
      if (k.kind === 'dir') {
        const sub = built.get(k.rel)
        if (sub === undefined)
          throw new Error(`subdirectory ${k.rel} was not built before its parent`)
        built.delete(k.rel)
        out.set(k, sub)
      } else if (k.kind === 'file') {
        const f = await prefetch.take()
        if (f.entry !== k) throw new Error(`read ${f.entry.rel} for ${k.rel}`)
        files.push(f)
      }
    }
    const whole = files.filter((f) => !f.big)
    const ordered = this.emit.sink !== undefined
    if (ordered && whole.some((f) => f.count > 1)) {
      for (const [k, b] of await this.throughImporter(kids, whole)) out.set(k, b)
    } else {
      const links = kids.filter((k) => k.kind === 'symlink')
      for (const k of links) {
        const { block, cid, size } = symlinkBlock(this.params, k.target ?? '')
        await this.emit.put(cid, block)
        out.set(k, { cid, size })
      }
      for (const f of whole) if (f.size === 0) out.set(f.entry, await this.wholeFile(f, ordered))
      for (const f of whole) if (f.size > 0) out.set(f.entry, await this.wholeFile(f, ordered))
    }
    for (const f of files) if (f.big) out.set(f.entry, await this.streamFile(f.entry, f.size))
    for (const f of files) prefetch.done(f)
    return kids.map((k) => {
      const b = out.get(k)
      if (b === undefined) throw new Error(`${k.rel} was not built`)
      return { name: nameOf(k.rel), cid: b.cid, size: b.size }
    })
  }

  /**
   * A batch run through the importer, as the importer-driven engine ran it, to store its blocks
   * in the same order: same options, same content iterables, a sink that awaits a CarWriter
   * as the CAR sink did (`put` resolves as its bytes are consumed). The order is recorded, and
   * the blocks are then handed to the real sink in it. Only the symlinks and the files read
   * whole take part: directories and large files stored nothing within the batch's turn.
   */
  private async throughImporter(
    kids: readonly Entry[],
    whole: readonly FileLeaves[],
  ): Promise<Map<Entry, Built>> {
    const byEntry = new Map(whole.map((f) => [f.entry, f]))
    const source: ImportCandidate[] = []
    const byPath = new Map<string, Entry>()
    for (const k of kids) {
      const p = `d/${nameOf(k.rel)}`
      if (k.kind === 'symlink') source.push({ path: p, link: k.target ?? '' })
      else if (k.kind === 'file') {
        const f = byEntry.get(k)
        if (f === undefined) continue
        const data = this.contentOf(f)
        source.push({
          path: p,
          content: {
            // Today's reader: open, read and close synchronously, then yield (nothing if empty).
            // eslint-disable-next-line @typescript-eslint/require-await
            async *[Symbol.asyncIterator]() {
              if (data.length > 0) yield data
            },
          },
        })
      } else continue
      byPath.set(p, k)
    }
    const recorded: { cid: CID; bytes: Uint8Array }[] = []
    const { writer, out } = CarWriter.create([])
    const drained = (async () => {
      for await (const _ of out) {
        /* consumed as the CAR file was */
      }
    })()
    // The header's chunk is consumed first, as it was long before the first block.
    await new Promise((resolve) => setImmediate(resolve))
    const pending = new Promise<never>(() => undefined)
    const blockstore = {
      put: async (cid: CID, bytes: Uint8Array): Promise<CID> => {
        await sink(cid, bytes)
        return cid
      },
    }
    const sink = async (cid: CID, bytes: Uint8Array): Promise<void> => {
      if (!this.emit.claim(cid)) return
      recorded.push({ cid, bytes })
      await Promise.race([writer.put({ cid, bytes }), pending])
    }
    const options = importerOptions(this.params)
    const passThrough: TreeBuilder = async function* (source) {
      for await (const e of source) yield e
    }
    options.treeBuilder = passThrough
    const results = new Map<Entry, Built>()
    for await (const e of importer(source, blockstore, options)) {
      const k = byPath.get(e.path ?? '')
      if (k !== undefined) results.set(k, { cid: e.cid, size: e.size })
    }
    await writer.close()
    await drained
    for (const r of recorded) await this.emit.forward(r.cid, r.bytes)
    for (const f of whole) {
      this.progress.files++
      this.progress.bytes += f.size
    }
    return results
  }

  /** A file's content from its leaf blocks (raw leaves are the chunks; dag-pb ones wrap them). */
  private contentOf(f: FileLeaves): Uint8Array {
    if (f.count === 0 || f.size === 0) return new Uint8Array(0)
    const parts: Uint8Array[] = []
    for (let i = 0; i < f.count; i++) {
      const { block } = leafAt(f.res, f.first + i, this.arena)
      if (block === undefined) throw new Error('blocks were not kept')
      if (this.params.rawLeaves) parts.push(block)
      else {
        const n = chunkLength(f.size, this.params.chunkSize, i)
        const { head } = v0LeafFrame(n)
        parts.push(block.subarray(head.length, head.length + n))
      }
    }
    return parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts)
  }

  /** The directory that wraps `top` under `name`, as `ipfs add -w` does. */
  async wrap(top: Built, name: string): Promise<Built> {
    return directory(this.params, [{ name, cid: top.cid, size: top.size }], this.emit)
  }
}

/**
 * Imports the collection and returns the root: the file's or directory's own CID, or the
 * wrapping directory's with `wrapWithDirectory`.
 */
export async function buildDag(
  collection: Collection,
  params: ImportParams,
  opts: BuildOptions = {},
): Promise<DagResult> {
  const engine = new Engine(params, opts)
  try {
    let top = await engine.build(collection)
    if (opts.wrapWithDirectory === true) top = await engine.wrap(top, collection.name)
    return {
      root: top.cid,
      bytes: engine.progress.bytes,
      files: engine.progress.files,
      blocks: engine.emit.blocks,
    }
  } finally {
    await engine.pool.close()
  }
}

/** The empty UnixFS directory: its CID and size, and its block stored in `sink` if given. */
export async function emptyDirectory(params: ImportParams, sink?: BlockSink): Promise<Built> {
  const block = dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'directory' }).marshal() }))
  const cid = nodeCid(params, block)
  await sink?.put(cid, block)
  return { cid, size: BigInt(block.length) }
}

/**
 * The importer call itself, on any candidates: returns the entry whose path is `rootPath`.
 * Directory candidates whose path is in `prebuilt` stand for directories built earlier: they
 * become links to those, with no new block. Tests feed it generated content of sizes that would
 * be slow to write to disk.
 */
export async function importCandidates(
  source: Iterable<ImportCandidate> | AsyncIterable<ImportCandidate>,
  rootPath: string,
  params: ImportParams,
  opts: { sink?: BlockSink; prebuilt?: ReadonlyMap<string, Built> } = {},
): Promise<Built> {
  const sink = opts.sink ?? discardSink
  const blockstore = {
    put: async (cid: CID, bytes: Uint8Array): Promise<CID> => {
      await sink.put(cid, bytes)
      return cid
    },
  }
  const prebuilt = opts.prebuilt ?? new Map<string, Built>()
  const options = importerOptions(params)
  // Directory candidates: a prebuilt subdirectory becomes a link to it; any other stands for a
  // directory its children will fill, so no block is stored for it here (the importer's own
  // dirBuilder stores an empty-directory block each time, which would put unreferenced blocks
  // in the CAR). buildDag stores the block of a directory that really is empty.
  options.dirBuilder = async (dir) => {
    const path = dir.path ?? ''
    const done = prebuilt.get(path) ?? (await emptyDirectory(params))
    const unixfs = new UnixFS({ type: 'directory' })
    return { cid: done.cid, size: done.size, path, unixfs, originalPath: dir.originalPath }
  }
  let root: Built | undefined
  for await (const entry of importer(source, blockstore, options)) {
    if (entry.path === rootPath) root = { cid: entry.cid, size: entry.size }
  }
  if (root === undefined) throw new Error(`the importer yielded no entry for ${quote(rootPath)}`)
  return root
}
