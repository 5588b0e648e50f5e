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
 * test/e2e/crosscheck.test.ts.)
 */
import type { CID } from 'multiformats/cid'
import type { Collection } from './collect.js'
import { Engine, type BuildOptions } from './engine.js'
import type { ImportParams } from './profiles.js'

export { importCandidates } from './importer.js'
export type { BuildOptions, ImportProgress } from './engine.js'

export interface DagResult {
  readonly root: CID
  /** Bytes of file content read. */
  readonly bytes: number
  readonly files: number
  /** Blocks handed to the sink. */
  readonly blocks: number
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
