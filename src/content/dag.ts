/**
 * Builds the UnixFS DAG of a collection with ipfs-unixfs-importer, every CID-relevant parameter
 * set explicitly from the profile (no library default decides a CID), and hands each block to a
 * sink: discard for CID-only, or a CAR writer.
 *
 * Reading is tuned for the two shapes CI output has: many small files
 * are read whole, one open file at a time per import slot (opening lazily avoids EMFILE); large
 * files are read in exact chunk-size pieces so the chunker passes them through without copying.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { importer, type ImportCandidate, type ImporterOptions } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { ContentError, quote } from '../errors.js'
import type { Collection, Entry } from './collect.js'
import type { ImportParams } from './profiles.js'

/** Where blocks go. `put` may be called concurrently and with duplicates. */
export interface BlockSink {
  put(cid: CID, bytes: Uint8Array): Promise<void> | void
}

export const discardSink: BlockSink = { put: () => undefined }

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
}

/** Files up to this size are read with one synchronous read: cheapest for the many-small-files case. */
const SMALL_FILE = 1 << 20

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
    // Up to 50 files in flight: enough to keep reads and hashing overlapped on small files.
    fileImportConcurrency: 50,
    blockWriteConcurrency: 10,
  }
}

function changed(rel: string): ContentError {
  return new ContentError(
    `The file ${quote(rel)} changed size while it was being read. Publish a finished build: run this step after the build has completed.`,
    rel,
  )
}

/** Reads a whole file of `size` bytes into a fresh buffer; a short read means the file changed under us. */
function readExactSync(fd: number, size: number, rel: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(size)
  for (let got = 0; got < size;) {
    const n = readSync(fd, buf, got, size - got, got)
    if (n === 0) throw changed(rel)
    got += n
  }
  return buf
}

/** Content of one file, opened only when the importer first pulls from it. */
function fileContent(
  entry: Entry,
  chunkSize: number,
  progress: ImportProgress,
): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      // Small files: open, fstat, one read, close, synchronously: cheaper than four promise
      // round trips per file when there are tens of thousands of them.
      let fd: number
      try {
        fd = openSync(entry.abs, 'r')
      } catch (err) {
        throw new ContentError(
          `Could not read ${quote(entry.rel)}: ${(err as Error).message}`,
          entry.rel,
          { cause: err },
        )
      }
      let size: number
      let whole: Buffer | undefined
      try {
        size = fstatSync(fd).size
        if (size <= SMALL_FILE) whole = readExactSync(fd, size, entry.rel)
      } finally {
        closeSync(fd)
      }
      if (whole !== undefined) {
        progress.bytes += size
        progress.files++
        if (size > 0) yield whole
        return
      }
      // Large files: exact chunk-size reads, so the fixed-size chunker never re-slices.
      const fh = await open(entry.abs, 'r')
      try {
        for (let pos = 0; pos < size;) {
          const len = Math.min(chunkSize, size - pos)
          const buf = Buffer.allocUnsafeSlow(len)
          for (let got = 0; got < len;) {
            const { bytesRead } = await fh.read(buf, got, len - got, pos + got)
            if (bytesRead === 0) throw changed(entry.rel)
            got += bytesRead
          }
          pos += len
          progress.bytes += len
          yield buf
        }
        progress.files++
      } finally {
        await fh.close()
      }
    },
  }
}

/** CID and cumulative DAG size (the Tsize a parent link records) of something already built. */
export interface Built {
  readonly cid: CID
  readonly size: bigint
}

const parentOf = (rel: string): string => rel.slice(0, Math.max(0, rel.lastIndexOf('/')))
const nameOf = (rel: string): string => rel.slice(rel.lastIndexOf('/') + 1)
const depth = (rel: string): number => (rel === '' ? 0 : rel.split('/').length)

/**
 * Imports the collection and returns the root: the file's or directory's own CID, or the
 * wrapping directory's with `wrapWithDirectory`.
 *
 * Directories are built bottom-up, one importer call per directory, each subdirectory passed in
 * already built. This is what makes HAMT sharding match kubo: the importer decides whether a
 * directory becomes a HAMT while entries are added, before subdirectories have CIDs, and counts
 * those links as 0 bytes; kubo counts them. With subdirectories already built, their links have
 * their final CID and size when the parent's size is estimated. (Found by the cross-check
 * against @ipld/unixfs in test/crosscheck.test.ts.)
 */
export async function buildDag(
  collection: Collection,
  params: ImportParams,
  opts: { wrapWithDirectory?: boolean; sink?: BlockSink; progress?: ImportProgress } = {},
): Promise<DagResult> {
  const progress = opts.progress ?? { files: 0, bytes: 0 }
  const sink = opts.sink ?? discardSink
  let top: Built
  if (collection.kind === 'file') {
    const entry = collection.entries[0]
    if (entry === undefined) throw new Error('a file collection has one entry')
    top = await importCandidates(
      [{ path: 'f', content: fileContent(entry, params.chunkSize, progress) }],
      'f',
      params,
      { sink },
    )
  } else {
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
    const built = new Map<string, Built>()
    for (const dir of dirs) {
      const kids = children.get(dir) ?? []
      const prebuilt = new Map<string, Built>()
      const source: ImportCandidate[] = [{ path: 'd' }]
      for (const k of kids) {
        const p = `d/${nameOf(k.rel)}`
        if (k.kind === 'dir') {
          const sub = built.get(k.rel)
          if (sub === undefined)
            throw new Error(`subdirectory ${k.rel} was not built before its parent`)
          prebuilt.set(p, sub)
          built.delete(k.rel)
          source.push({ path: p })
        } else if (k.kind === 'symlink') source.push({ path: p, link: k.target ?? '' })
        else source.push({ path: p, content: fileContent(k, params.chunkSize, progress) })
      }
      // An empty directory is one block the importer would not store (see dirBuilder below).
      const result =
        kids.length === 0
          ? await emptyDirectory(params, sink)
          : await importCandidates(source, 'd', params, { sink, prebuilt })
      built.set(dir, result)
    }
    const root = built.get('')
    if (root === undefined) throw new Error('the root directory was not built')
    top = root
  }
  if (opts.wrapWithDirectory === true) {
    const prebuilt = new Map([[`w/${collection.name}`, top]])
    top = await importCandidates([{ path: 'w' }, { path: `w/${collection.name}` }], 'w', params, {
      sink,
      prebuilt,
    })
  }
  return { root: top.cid, bytes: progress.bytes, files: progress.files }
}

/** The empty UnixFS directory: its CID and size, and its block stored in `sink` if given. */
export async function emptyDirectory(params: ImportParams, sink?: BlockSink): Promise<Built> {
  const block = dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'directory' }).marshal() }))
  const cid = CID.create(params.cidVersion, dagPb.code, await sha256.digest(block))
  await sink?.put(cid, block)
  return { cid, size: BigInt(block.length) }
}

/**
 * The importer call itself, on any candidates: returns the entry whose path is `rootPath`.
 * Directory candidates whose path is in `prebuilt` stand for directories built earlier: they
 * become links to those, with no new block. `buildDag` feeds files from disk; tests feed
 * generated content of sizes that would be slow to write to disk.
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
