/**
 * Streams a collection's DAG into a CARv1 file in one pass, in bounded memory.
 *
 * The root is known only at the end, so the header is written with a placeholder root of the
 * same byte length (a CIDv0 or CIDv1 sha2-256 CID, per the profile) and patched in place with
 * `CarWriter.updateRootsInFile`. Duplicate blocks (identical chunks, empty files) are written once.
 *
 * Blocks are framed here (varint length, CID, bytes) and written with positional `writev` calls
 * on libuv's thread pool, one at a time, while the next batch gathers: the disk write overlaps
 * the hashing of the blocks that follow instead of stalling it.
 */
import { closeSync, openSync, writev } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { CarWriter } from '@ipld/car/writer'
import { CID } from 'multiformats/cid'
import { ContentError, quote } from '../errors.js'
import { BlockIndex } from './block-index.js'
import type { Collection } from './collect.js'
import { buildDag, type BuildOptions, type ImportProgress } from './dag.js'
import type { SectionSink } from './sink.js'
import type { ImportParams } from './profiles.js'

/** The empty directory's CIDs: placeholders of the right length for each CID version. */
const PLACEHOLDER = {
  0: CID.parse('QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'),
  1: CID.parse('bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354'),
} as const

export interface CarResult {
  readonly root: CID
  readonly carPath: string
  readonly carSize: number
  readonly blocks: number
  readonly bytes: number
  readonly files: number
  /** Every block's digest, for the retrieval check (src/check/retrieval.ts). */
  readonly index?: BlockIndex
}

export interface CarOptions {
  readonly wrapWithDirectory?: boolean
  readonly progress?: ImportProgress
  /** The `car-path` value as the user gave it, for messages. */
  readonly asked?: string
  /** Reading and hashing threads (see `BuildOptions.threads`). */
  readonly threads?: number
  /** Tests: when the threads start (see `BuildOptions.pool`). */
  readonly pool?: BuildOptions['pool']
}

function carError(file: string, err: unknown): ContentError {
  // Node's "EFBIG: file too large, write '/tmp/.x.partial'": keep the reason, not the temp name.
  const msg = (err instanceof Error ? err.message : String(err)).replace(/, \w+ '[^']*'$/, '')
  return new ContentError(
    `Could not write the CAR file ${quote(file)}: ${msg}. Check "car-path" and the free space there.`,
    undefined,
    { cause: err },
  )
}

/**
 * Creates `dir` and its missing parents one level at a time, each step bounded: Node's
 * recursive mkdir loops forever on some file systems (`/proc`), where a plain mkdir fails.
 */
async function makeDirs(dir: string, shown: string): Promise<void> {
  const missing: string[] = []
  let cur = path.resolve(dir)
  for (let depth = 0; depth < 4096; depth++) {
    try {
      if (!(await stat(cur)).isDirectory())
        throw new ContentError(
          `Could not write the CAR to ${quote(shown)}: ${quote(cur)} is a file, not a directory. Check "car-path".`,
        )
      break
    } catch (err) {
      if (err instanceof ContentError) throw err
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw carError(shown, err)
      missing.push(cur)
      const parent = path.dirname(cur)
      if (parent === cur) break
      cur = parent
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue
      const msg = err instanceof Error ? err.message : String(err)
      throw new ContentError(
        `Could not write the CAR to ${quote(shown)}: cannot create the directory ${quote(d)} (${msg}). Check "car-path".`,
        undefined,
        { cause: err },
      )
    }
  }
}

/** The CARv1 header naming `root`, as CarWriter writes it. */
async function carHeader(root: CID): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([root])
  const chunks: Uint8Array[] = []
  const drained = (async () => {
    for await (const c of out) chunks.push(c)
  })()
  await writer.close()
  await drained
  return Buffer.concat(chunks)
}

/** A write starts when this much has gathered and no write is in flight. */
const START_WRITE_BYTES = 256 << 10
/** Writes in flight and gathered behind it beyond twice this make the caller wait. */
const WRITE_BYTES = 2 << 20
/** Size of the buffers small pieces and copied sections are gathered in. */
const GATHER_BYTES = 2 << 20
/** Blocks up to this size are copied into the gathering buffer; larger ones are referenced. */
const COPY_BELOW = 16 << 10
/** Most buffers in one writev (Linux's IOV_MAX is 1024). */
const MAX_IOV = 512

/** `writev` at `pos` until every byte is written (a short write is rare, but legal). */
async function writevAt(fd: number, bufs: Uint8Array[], pos: number): Promise<void> {
  let at = 0
  while (at < bufs.length) {
    const part = bufs.slice(at, at + MAX_IOV)
    let left = part.reduce((n, b) => n + b.length, 0)
    let written = await new Promise<number>((resolve, reject) =>
      writev(fd, part, pos, (err, n) => (err ? reject(err) : resolve(n))),
    )
    pos += written
    left -= written
    if (left > 0) {
      // Finish the rest of this part from one buffer.
      const rest = Buffer.concat(part).subarray(written)
      for (let off = 0; off < rest.length; off += written, pos += written)
        written = await new Promise<number>((resolve, reject) =>
          writev(fd, [rest.subarray(off)], pos, (err, n) => (err ? reject(err) : resolve(n))),
        )
    }
    at += MAX_IOV
  }
}

/**
 * The CAR body as a sink: frames each block and writes in large positional writes, one in flight
 * while the next gathers. Small pieces are copied into a gathering buffer; sections the threads
 * laid out are written from where they are, adjacent ones joined into one buffer of the write.
 * `put` returns a promise only when the caller must wait (two writes' worth gathered), so the
 * writer never holds more than a few megabytes.
 */
class CarFile implements SectionSink {
  /** File position of the next write issued. */
  private pos = 0
  /** Where small pieces and copied sections gather: a part of `root`. */
  private root: Buffer = Buffer.allocUnsafe(GATHER_BYTES)
  private gather: Buffer<ArrayBufferLike> = this.root
  private gathered = 0
  /** Gathering buffers done with, whose bytes go out with the next write; reused after it. */
  private retired: Buffer[] = []
  private readonly spare: Buffer[] = []
  private bufs: Uint8Array[] = []
  /** A run of adjacent sections not yet cut into `bufs`. */
  private run: { memory: ArrayBufferLike; start: number; end: number } | undefined
  /** Bytes handed over and not yet issued (gathered, in `bufs`, in `run`). */
  private bytes = 0
  private inFlight: Promise<void> | undefined
  private failure: Error | undefined
  private readonly waiters: { mark: number; resolve: () => void }[] = []
  /** Bytes whose writes have completed. */
  written = 0
  /** Every block's digest, added as it is written (each block comes once). */
  readonly index = new BlockIndex()

  constructor(private readonly fd: number) {}

  /** Bytes handed over so far (issued or gathering). */
  get queued(): number {
    return this.pos + this.bytes
  }

  /** Ends the gathered pieces and the run of sections as buffers of the next write. */
  private cut(): void {
    if (this.gathered > 0) {
      this.bufs.push(this.gather.subarray(0, this.gathered))
      this.gather = this.gather.subarray(this.gathered)
      this.gathered = 0
    }
    if (this.run !== undefined) {
      const r = this.run
      this.bufs.push(new Uint8Array(r.memory, r.start, r.end - r.start))
      this.run = undefined
    }
  }

  private copy(src: Uint8Array): void {
    if (this.run !== undefined) this.cut()
    if (this.gathered + src.length > this.gather.length) {
      this.cut()
      this.retired.push(this.root)
      this.root = this.spare.pop() ?? Buffer.allocUnsafe(GATHER_BYTES)
      if (this.root.length < src.length) this.root = Buffer.allocUnsafe(src.length)
      this.gather = this.root
    }
    this.gather.set(src, this.gathered)
    this.gathered += src.length
    this.bytes += src.length
  }

  write(bytes: Uint8Array): void {
    if (bytes.length < COPY_BELOW) this.copy(bytes)
    else {
      this.cut()
      this.bufs.push(bytes)
      this.bytes += bytes.length
    }
  }

  put(cid: CID, bytes: Uint8Array): void | Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    this.index.add(cid.multihash.digest)
    const frame = Buffer.allocUnsafe(10)
    let n = cid.bytes.length + bytes.length
    let p = 0
    while (n >= 0x80) {
      frame[p++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    frame[p++] = n
    this.copy(frame.subarray(0, p))
    this.copy(cid.bytes)
    this.write(bytes)
    return this.pace()
  }

  /** A block already laid out as a CAR section by the thread that read it. */
  putSection(cid: CID, _block: Uint8Array, section: Uint8Array): void | Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    this.index.add(cid.multihash.digest)
    const r = this.run
    if (r !== undefined && r.memory === section.buffer && r.end === section.byteOffset)
      r.end += section.length
    else {
      this.cut()
      this.run = {
        memory: section.buffer,
        start: section.byteOffset,
        end: section.byteOffset + section.length,
      }
    }
    this.bytes += section.length
    return this.pace()
  }

  /**
   * Starts a write of what has gathered when none is in flight and enough has (a write then
   * follows the next as soon as it completes, so slots of the arena free early); asks the caller
   * to wait when two writes' worth has gathered behind the one in flight.
   */
  private pace(): void | Promise<void> {
    if (this.inFlight === undefined) {
      if (this.bytes >= START_WRITE_BYTES) this.issue()
      return
    }
    if (this.bytes >= 2 * WRITE_BYTES) return this.inFlight.then(() => this.pace())
  }

  /** Writes everything gathered, after the write in flight, and waits for it. */
  private async flush(): Promise<void> {
    while (this.inFlight !== undefined || this.bytes > 0 || this.run !== undefined) {
      if (this.inFlight === undefined) this.issue()
      await this.inFlight
    }
  }

  private issue(): void {
    this.cut()
    if (this.bufs.length === 0) return
    const bufs = this.bufs
    const pos = this.pos
    const length = this.bytes
    const retired = this.retired
    this.pos += length
    this.bufs = []
    this.retired = []
    this.bytes = 0
    this.inFlight = writevAt(this.fd, bufs, pos).then(
      () => {
        this.inFlight = undefined
        this.written += length
        for (const b of retired)
          if (b.length === GATHER_BYTES && this.spare.length < 3) this.spare.push(b)
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const w = this.waiters[i]
          if (w !== undefined && w.mark <= this.written) {
            this.waiters.splice(i, 1)
            w.resolve()
          }
        }
        // The next write goes now if enough has gathered, or if someone waits for it.
        if (this.bytes >= START_WRITE_BYTES || (this.waiters.length > 0 && this.bytes > 0))
          this.issue()
      },
      (err: unknown) => {
        this.inFlight = undefined
        this.failure ??= err instanceof Error ? err : new Error(String(err))
        for (const w of this.waiters.splice(0)) w.resolve()
        throw this.failure
      },
    )
    // Observed by the next put, by drain or by close.
    this.inFlight.catch(() => undefined)
  }

  async drain(mark: number): Promise<void> {
    while (this.written < mark) {
      this.check()
      const done = new Promise<void>((resolve) => this.waiters.push({ mark, resolve }))
      if (this.inFlight === undefined) this.issue()
      await done
    }
    this.check()
  }

  /** Waits for the write in flight, if any, whatever its outcome: then the file can be closed. */
  async settled(): Promise<void> {
    await this.inFlight?.catch(() => undefined)
  }

  /** Writes everything still gathered and waits for it. */
  async close(): Promise<void> {
    this.check()
    await this.flush()
    this.check()
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure
  }
}

/**
 * One pass: import into the CAR file. The file is opened first, so an unwritable path fails
 * before any work; a write failure mid-way (disk full, file size limit) stops the import at the
 * next block.
 */
async function writeOnce(
  collection: Collection,
  params: ImportParams,
  file: string,
  headerRoot: CID,
  opts: BuildOptions & { shown: string },
): Promise<Omit<CarResult, 'carPath' | 'carSize'>> {
  let fd: number
  try {
    fd = openSync(file, 'w')
  } catch (err) {
    throw carError(opts.shown, err)
  }
  const car = new CarFile(fd)
  try {
    car.write(await carHeader(headerRoot))
    const { shown: _, ...build } = opts
    let dag
    try {
      dag = await buildDag(collection, params, { ...build, sink: car, unique: true })
      await car.close()
    } catch (err) {
      // A failed write surfaces as the rejection of a put: name the CAR file.
      if (err instanceof ContentError) throw err
      if (err !== undefined && (err as { syscall?: string }).syscall === 'write')
        throw carError(opts.shown, err)
      throw err
    }
    return {
      root: dag.root,
      blocks: dag.blocks,
      bytes: dag.bytes,
      files: dag.files,
      index: car.index,
    }
  } finally {
    await car.settled()
    closeSync(fd)
  }
}

/**
 * Writes the CAR for `collection` to `target`: a file path, or a directory where it becomes
 * `<root cid>.car` (parent directories are created). The file is written under a temporary name
 * and renamed when complete, so a failed run leaves no partial CAR where a later step would
 * pick it up.
 */
export async function writeCar(
  collection: Collection,
  params: ImportParams,
  target: string | { readonly dir: string },
  opts: CarOptions = {},
): Promise<CarResult> {
  const dir = typeof target === 'string' ? path.dirname(target) : target.dir
  const { asked, ...rest } = opts
  const shown = asked ?? (typeof target === 'string' ? target : path.join(dir, '<cid>.car'))
  await makeDirs(dir, shown)
  const partial = path.join(dir, `.ipfs-pin-${process.pid}-${Date.now()}.car.partial`)
  const build = { ...rest, shown }
  try {
    let res = await writeOnce(collection, params, partial, PLACEHOLDER[params.cidVersion], build)
    const fh = await open(partial, 'r+')
    try {
      await CarWriter.updateRootsInFile(fh, [res.root])
    } catch {
      // Only a CIDv0 profile with raw leaves has roots of two lengths (a single small file is a
      // 36-byte raw CIDv1). Write again with the root now known: correct, just slower.
      await fh.close()
      res = await writeOnce(collection, params, partial, res.root, {
        ...build,
        progress: undefined,
      })
    } finally {
      await fh.close().catch(() => undefined)
    }
    const carPath =
      typeof target === 'string' ? target : path.join(target.dir, `${res.root.toString()}.car`)
    try {
      await rename(partial, carPath)
    } catch (err) {
      throw carError(carPath, err)
    }
    const { size } = await stat(carPath)
    return { ...res, carPath, carSize: size }
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}
