/**
 * Builds the UnixFS DAG of a collection with ipfs-unixfs-importer, every CID-relevant parameter
 * set explicitly from the profile (no library default decides a CID), and hands each block to a
 * sink: discard for CID-only, or a CAR writer.
 *
 * Reading is tuned for the two shapes CI output has (shared/cid-engine.md §4.3): many small files
 * are read whole, one open file at a time per import slot (opening lazily avoids EMFILE); large
 * files are read in exact chunk-size pieces so the chunker passes them through without copying.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { importer, type ImportCandidate, type ImporterOptions } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import type { CID } from 'multiformats/cid'
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
export function importerOptions(params: ImportParams, wrapWithDirectory: boolean): ImporterOptions {
  return {
    cidVersion: params.cidVersion,
    rawLeaves: params.rawLeaves,
    chunker: fixedSize({ chunkSize: params.chunkSize }),
    layout: balanced({ maxChildrenPerNode: params.maxLinks }),
    shardSplitThresholdBytes: params.hamtThreshold,
    shardSplitStrategy: params.hamtStrategy,
    shardFanoutBits: 8,
    reduceSingleLeafToSelf: true,
    wrapWithDirectory,
    leafType: 'file',
    fieldOrder: 'links-first',
    // Up to 50 files in flight: enough to keep reads and hashing overlapped on small files.
    fileImportConcurrency: 50,
    blockWriteConcurrency: 10,
  }
}

function changed(rel: string): ContentError {
  return new ContentError(`The file ${quote(rel)} changed size while it was being read. Publish a finished build: run this step after the build has completed.`, rel)
}

/** Reads `size` bytes at `pos` into a fresh buffer; a short read means the file changed under us. */
function readExactSync(fd: number, size: number, rel: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(size)
  for (let got = 0; got < size; ) {
    const n = readSync(fd, buf, got, size - got, got)
    if (n === 0) throw changed(rel)
    got += n
  }
  return buf
}

/** Content of one file, opened only when the importer first pulls from it. */
function fileContent(entry: Entry, chunkSize: number, progress: ImportProgress): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      // Small files: open, fstat, one read, close, synchronously: cheaper than four promise
      // round trips per file when there are tens of thousands of them.
      const fd = openSync(entry.abs, 'r')
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
        for (let pos = 0; pos < size; ) {
          const len = Math.min(chunkSize, size - pos)
          const buf = Buffer.allocUnsafeSlow(len)
          for (let got = 0; got < len; ) {
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

function* candidates(collection: Collection, params: ImportParams, progress: ImportProgress): Generator<ImportCandidate> {
  const top = collection.name
  if (collection.kind === 'file') {
    const entry = collection.entries[0]
    if (entry !== undefined) yield { path: top, content: fileContent(entry, params.chunkSize, progress) }
    return
  }
  yield { path: top }
  for (const e of collection.entries) {
    const p = `${top}/${e.rel}`
    if (e.kind === 'dir') yield { path: p }
    else if (e.kind === 'symlink') yield { path: p, link: e.target ?? '' }
    else yield { path: p, content: fileContent(e, params.chunkSize, progress) }
  }
}

/**
 * Imports the collection and returns the root CID: the file's or directory's own CID, or the
 * wrapping directory's with `wrapWithDirectory`.
 */
export async function buildDag(
  collection: Collection,
  params: ImportParams,
  opts: { wrapWithDirectory?: boolean; sink?: BlockSink; progress?: ImportProgress } = {},
): Promise<DagResult> {
  const progress = opts.progress ?? { files: 0, bytes: 0 }
  const wrap = opts.wrapWithDirectory ?? false
  const root = await importCandidates(candidates(collection, params, progress), wrap ? '' : collection.name, params, {
    wrapWithDirectory: wrap,
    sink: opts.sink,
  })
  return { root, bytes: progress.bytes, files: progress.files }
}

/**
 * The importer call itself, on any candidates: returns the CID of the entry whose path is
 * `rootPath` (`''` for the wrapping directory). `buildDag` feeds it files from disk; tests
 * feed it generated content of sizes that would be slow to write to disk.
 */
export async function importCandidates(
  source: Iterable<ImportCandidate> | AsyncIterable<ImportCandidate>,
  rootPath: string,
  params: ImportParams,
  opts: { wrapWithDirectory?: boolean; sink?: BlockSink } = {},
): Promise<CID> {
  const sink = opts.sink ?? discardSink
  const blockstore = {
    put: async (cid: CID, bytes: Uint8Array): Promise<CID> => {
      await sink.put(cid, bytes)
      return cid
    },
  }
  let root: CID | undefined
  for await (const entry of importer(source, blockstore, importerOptions(params, opts.wrapWithDirectory ?? false))) {
    if (entry.path === rootPath) root = entry.cid
  }
  if (root === undefined) throw new Error(`the importer yielded no entry for ${quote(rootPath)}`)
  return root
}
