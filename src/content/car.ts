/**
 * Streams a collection's DAG into a CARv1 file in one pass, in bounded memory.
 *
 * The root is known only at the end, so the header is written with a placeholder root of the
 * same byte length (a CIDv0 or CIDv1 sha2-256 CID, per the profile) and patched in place with
 * `CarWriter.updateRootsInFile`. Duplicate blocks (identical chunks, empty files) are written once.
 */
import { closeSync, openSync, writeSync, writevSync } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { CarWriter } from '@ipld/car/writer'
import { CID } from 'multiformats/cid'
import { ContentError, quote } from '../errors.js'
import type { Collection } from './collect.js'
import { buildDag, type ImportProgress } from './dag.js'
import { BlockIndex } from './block-index.js'
import type { ImportParams } from './profiles.js'

/** The empty directory's CIDs: placeholders of the right length for each CID version. */
const PLACEHOLDER = {
  0: CID.parse('QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'),
  1: CID.parse('bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354'),
} as const

export interface CarResult {
  readonly root: CID
  /** Every block's digest, for the retrieval check (src/check/retrieval.ts). */
  readonly index?: BlockIndex
  readonly carPath: string
  readonly carSize: number
  readonly blocks: number
  readonly bytes: number
  readonly files: number
}

/**
 * Consumes the CAR writer's output into an open file: chunks gathered up to 1 MiB and written
 * with one `writev`, synchronously. It is several times faster than piping through a write
 * stream, which pays an async round trip per chunk (three per block). Memory stays bounded: the
 * writer only produces more once this loop has taken what it had.
 */
async function drainToFile(out: AsyncIterable<Uint8Array>, fd: number): Promise<void> {
  let batch: Uint8Array[] = []
  let size = 0
  for await (const chunk of out) {
    batch.push(chunk)
    size += chunk.length
    if (size >= 1 << 20) {
      writeAll(fd, batch, size)
      batch = []
      size = 0
    }
  }
  writeAll(fd, batch, size)
}

function writeAll(fd: number, chunks: Uint8Array[], size: number): void {
  const done = writevSync(fd, chunks)
  if (done === size) return
  // A short write (rare): finish the rest from one buffer.
  const rest = Buffer.concat(chunks).subarray(done)
  for (let off = 0; off < rest.length;) off += writeSync(fd, rest, off)
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

/** Key for de-duplication: the multihash bytes identify the block (codec aside, same bytes). */
const blockKey = (cid: CID): string =>
  `${cid.code}:${Buffer.from(cid.multihash.bytes).toString('base64')}`

/**
 * One pass: import into the CAR writer while a drain loop writes its output to `file`. The file
 * is opened first, so an unwritable path fails before any work; a write failure mid-way (disk
 * full, file size limit) stops the import at the next block instead of leaving it waiting for a
 * consumer that is gone.
 */
async function writeOnce(
  collection: Collection,
  params: ImportParams,
  file: string,
  headerRoot: CID,
  opts: { wrapWithDirectory: boolean; progress?: ImportProgress; shown: string },
): Promise<Omit<CarResult, 'carPath' | 'carSize'>> {
  let fd: number
  try {
    fd = openSync(file, 'w')
  } catch (err) {
    throw carError(opts.shown, err)
  }
  const { writer, out } = CarWriter.create([headerRoot])
  const drained = drainToFile(out, fd)
  // Observed here and awaited below: a failure must not surface as an unhandled rejection.
  const failed = drained.then(
    () => new Promise<never>(() => undefined),
    (err: unknown) => Promise.reject(carError(opts.shown, err)),
  )
  failed.catch(() => undefined)
  const seen = new Set<string>()
  const index = new BlockIndex()
  let blocks = 0
  try {
    const dag = await buildDag(collection, params, {
      wrapWithDirectory: opts.wrapWithDirectory,
      progress: opts.progress,
      sink: {
        put: async (cid, bytes) => {
          const key = blockKey(cid)
          if (seen.has(key)) return
          seen.add(key)
          index.add(cid.multihash.digest)
          blocks++
          await Promise.race([writer.put({ cid, bytes }), failed])
        },
      },
    })
    await Promise.race([writer.close(), failed])
    await Promise.race([drained, failed])
    return { root: dag.root, blocks, bytes: dag.bytes, files: dag.files, index }
  } finally {
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
  opts: {
    wrapWithDirectory?: boolean
    progress?: ImportProgress
    /** The `car-path` value as the user gave it, for messages. */
    asked?: string
  } = {},
): Promise<CarResult> {
  const wrapWithDirectory = opts.wrapWithDirectory ?? false
  const dir = typeof target === 'string' ? path.dirname(target) : target.dir
  const shown = opts.asked ?? (typeof target === 'string' ? target : path.join(dir, '<cid>.car'))
  await makeDirs(dir, shown)
  const partial = path.join(dir, `.ipfs-pin-${process.pid}-${Date.now()}.car.partial`)
  try {
    let res = await writeOnce(collection, params, partial, PLACEHOLDER[params.cidVersion], {
      wrapWithDirectory,
      progress: opts.progress,
      shown,
    })
    const fh = await open(partial, 'r+')
    try {
      await CarWriter.updateRootsInFile(fh, [res.root])
    } catch {
      // Only a CIDv0 profile with raw leaves has roots of two lengths (a single small file is a
      // 36-byte raw CIDv1). Write again with the root now known: correct, just slower.
      await fh.close()
      res = await writeOnce(collection, params, partial, res.root, { wrapWithDirectory, shown })
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
