/**
 * The engine behind buildDag (dag.ts): directories bottom-up, batch by batch, blocks in the
 * importer's order (docs/cid-engine.md, "Block order"), leaves from the reading threads.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { importer, type ImportCandidate, type TreeBuilder } from 'ipfs-unixfs-importer'
import type { CID } from 'multiformats/cid'
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
import { holdYoungGeneration } from './heap.js'
import type { HashResult } from './hash-runner.js'
import { ENTRY_BATCH, importCandidates, importerOptions } from './importer.js'
import type { ImportParams } from './profiles.js'
import {
  Arena,
  RANGE_BYTES,
  Prefetch,
  changed,
  chunkLength,
  leafAt,
  unreadable,
  type FileLeaves,
} from './reads.js'
import { Emitter, discardSink, takesSections, type BlockSink } from './sink.js'

/** Live counters, read by the progress reporter. */
export interface ImportProgress {
  files: number
  bytes: number
}

export interface BuildOptions {
  readonly wrapWithDirectory?: boolean
  /** Receives every block, in the order the importer stores them (the CAR order). */
  readonly sink?: BlockSink
  readonly progress?: ImportProgress
  /** Hand each distinct block to the sink once (a CAR holds no duplicates). */
  readonly unique?: boolean
  /**
   * Reading and hashing threads: 0 for this thread only; by default one per core (at most 4;
   * none on a single core),
   * started once the content is large enough to repay them.
   */
  readonly threads?: number
  /** Tests: `mode: 'threads'` sends every job to the threads, started with the first. */
  readonly pool?: Omit<PoolOptions, 'threads'>
}

/**
 * Content at least this large starts the threads at once; a file alone that is smaller is hashed
 * on this thread only: the threads would be ready about when it is done.
 */
const WARM_BYTES = 128 << 20
/** Directories of at least this many files start the threads at once. */
const WARM_FILES = 2000

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

export class Engine {
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
    // Enough slots for the jobs read ahead (2 per thread, 1 more), the one in use, and the
    // sections of large files waiting for their write (about two writes' worth).
    this.arena =
      sink !== undefined && takesSections(sink) ? new Arena(threads * 2 + 4, sink) : undefined
    this.pool = new HashPool({
      ...opts.pool,
      threads,
      ...(this.arena !== undefined ? { arena: this.arena.memory } : {}),
    })
  }

  /** Emits a block; the sink may keep referring to the arena slot it is in until written. */
  private readonly emitBlock = (
    cid: CID,
    block: Uint8Array,
    section?: Uint8Array,
  ): void | Promise<void> => this.emit.put(cid, block, section)

  /**
   * A file read in pieces, `size` bytes from its start, its leaves hashed on every thread a few
   * pieces ahead, its blocks emitted in the importer's order.
   */
  async streamFile(entry: Entry, size: number): Promise<Built> {
    const { chunkSize } = this.params
    const perJob = Math.max(1, Math.floor(RANGE_BYTES / chunkSize)) * chunkSize
    if (size >= WARM_BYTES) this.pool.warm()
    const layout = new FileLayout(this.params, this.keep ? this.emitBlock : undefined)
    const jobs: Promise<HashResult>[] = []
    let submitted = 0
    const more = (): boolean => submitted < size || (size === 0 && submitted === 0)
    const submit = (slot: readonly [number, number] | undefined): void => {
      const len = Math.min(perJob, size - submitted)
      holdYoungGeneration()
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
        const res = await this.pool.settle(job, true)
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

  /** A file of one chunk, read whole: the leaf is the file. A promise only to wait for the sink. */
  private oneLeaf(f: FileLeaves, emit: boolean): Built | Promise<Built> {
    this.progress.files++
    this.progress.bytes += f.size
    const l = leafAt(f.res, f.first, this.arena)
    const built = { cid: l.cid, size: BigInt(l.blockLength) }
    const wait =
      emit && l.block !== undefined ? this.emit.put(l.cid, l.block, l.section) : undefined
    return wait === undefined ? built : wait.then(() => built)
  }

  /** A file read whole by a prefetch job: its leaves are in the job's result. */
  async wholeFile(f: FileLeaves, emit: boolean): Promise<Built> {
    if (f.count === 1) return this.oneLeaf(f, emit)
    this.progress.files++
    this.progress.bytes += f.size
    const layout = new FileLayout(this.params, emit ? this.emitBlock : undefined)
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
      if (size < WARM_BYTES) this.pool.cool()
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
    if (files.length >= WARM_FILES) this.pool.warm()
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
        const f = prefetch.takeNow() ?? (await prefetch.take())
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
      for (const f of whole) {
        if (f.size === 0) continue
        // One leaf and no wait for the writer (most small files): no promise.
        const b = f.count === 1 ? this.oneLeaf(f, ordered) : this.wholeFile(f, ordered)
        out.set(f.entry, b instanceof Promise ? await b : b)
      }
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
