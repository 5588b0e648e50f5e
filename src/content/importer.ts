/**
 * The ipfs-unixfs-importer calls the engine still makes: HAMT-sharded directories over entries
 * already built, and the empty directory. Every CID-relevant option is set from the profile; no
 * library default decides a CID.
 */
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { importer, type ImportCandidate, type ImporterOptions } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import type { CID } from 'multiformats/cid'
import { quote } from '../errors.js'
import { nodeCid, type Built } from './blocks.js'
import type { ImportParams } from './profiles.js'
import { discardSink, type BlockSink } from './sink.js'

/** The importer's `fileImportConcurrency`: a directory's entries are imported in batches of 50. */
export const ENTRY_BATCH = 50

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
