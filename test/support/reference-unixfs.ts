/**
 * Independent reference implementation of kubo's (boxo) `ipfs add` UnixFS DAG
 * construction, used by tests to cross-check the CIDs the product computes
 * with ipfs-unixfs-importer.
 *
 * Built on `@ipld/unixfs` (the storacha/web3.storage writer): its fixed-size
 * chunker, balanced layout, file/directory writers and its HAMT
 * (`createShardedDirectoryWriter`: fanout 256, murmur3-x64-64, i.e. go's
 * hamt). The only pieces done by hand are the ones that library has no writer
 * for: symlink nodes (encoded with its own `encode`), the CIDv0/CIDv1 linker,
 * the raw-leaf encoder choice and the flat-vs-HAMT decision (boxo's
 * `links-bytes` / `block-bytes` size estimate, shard when estimate > threshold).
 *
 * It deliberately does NOT use ipfs-unixfs-importer, ipfs-unixfs or
 * ipfs-unixfs-exporter so that it stays independent of the product's engine.
 * Everything is in memory; it is meant for test-sized inputs.
 */
import * as dagPB from '@ipld/dag-pb'
import * as UnixFS from '@ipld/unixfs'
import { withMaxChunkSize } from '@ipld/unixfs/file/chunker/fixed'
import type { EntryLink } from '@ipld/unixfs/directory'
import { withWidth } from '@ipld/unixfs/file/layout/balanced'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

/** DAG-building parameters, named after kubo's `ipfs add` options / IPIP-499 profile fields. */
export interface RefParams {
  /** CID version of dag-pb nodes (0 = `Qm…`, 1 = `bafy…`). Raw leaves are always CIDv1. */
  cidVersion: 0 | 1
  /** raw leaf blocks (v1 'bafkrei…') vs UnixFS file leaves wrapped in dag-pb */
  rawLeaves: boolean
  /** fixed-size chunker, bytes */
  chunkSize: number
  /** balanced layout width (kubo: 174; unixfs-v1-2025: 1024) */
  maxLinks: number
  /** how a directory's size is estimated for HAMT sharding */
  hamtStrategy: 'links-bytes' | 'block-bytes'
  /** shard when estimate > threshold (262144) */
  hamtThreshold: number
}

/** One input entry; `path` is relative to the imported directory, '/'-separated, parents implied. */
export type RefEntry =
  | { type: 'file'; path: string; content: Uint8Array }
  | { type: 'dir'; path: string }
  | { type: 'symlink'; path: string; target: string }

type Settings = UnixFS.EncoderSettings
type Linker = Settings['linker']

/** Content is handed to the file writer in slices of this size (bounded queues). */
const WRITE_SLICE = 4 * 1024 * 1024
const utf8 = new TextEncoder()

/**
 * In-memory block sink implementing `@ipld/unixfs`'s `BlockWriter` (a
 * WritableStreamDefaultWriter subset). Never applies back-pressure.
 */
class MemoryBlockWriter implements UnixFS.BlockWriter {
  readonly desiredSize = 1
  readonly ready: Promise<void> = Promise.resolve()
  constructor(private readonly sink: Map<string, Uint8Array> | undefined) {}
  write(block: UnixFS.Block): void {
    this.sink?.set(block.cid.toString(), block.bytes)
  }
  releaseLock(): void {}
  close(): void {}
  abort(): void {}
}

/** Rejects parameter values kubo would not accept (and that would make the layout loop). */
function checkParams(params: RefParams): void {
  const { cidVersion, chunkSize, maxLinks, hamtStrategy, hamtThreshold } = params
  if (cidVersion !== 0 && cidVersion !== 1)
    throw new RangeError(`cidVersion must be 0 or 1, got ${String(cidVersion)}`)
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`)
  if (!Number.isSafeInteger(maxLinks) || maxLinks < 2)
    throw new RangeError(`maxLinks must be an integer >= 2, got ${maxLinks}`)
  if (hamtStrategy !== 'links-bytes' && hamtStrategy !== 'block-bytes') {
    throw new RangeError(
      `hamtStrategy must be 'links-bytes' or 'block-bytes', got ${String(hamtStrategy)}`,
    )
  }
  if (!Number.isSafeInteger(hamtThreshold) || hamtThreshold < 0) {
    throw new RangeError(`hamtThreshold must be a non-negative integer, got ${hamtThreshold}`)
  }
}

/** `@ipld/unixfs` encoder settings equivalent to kubo's `ipfs add` flags for `params`. */
function settingsFor(params: RefParams): Settings {
  checkParams(params)
  // CIDv0 can only address dag-pb + sha2-256; raw leaves stay CIDv1 (as in kubo).
  const linker = {
    createLink: (code: number, digest: Parameters<typeof CID.createV0>[0]) =>
      params.cidVersion === 0 && code === dagPB.code
        ? CID.createV0(digest)
        : CID.createV1(code, digest),
  } as unknown as Linker
  // Raw leaves: the multiformats raw codec (0x55). Otherwise a dag-pb UnixFS
  // `File` node carrying the data (boxo's leaf type), also used for a
  // single-chunk file, which is then the file's root.
  const leaf = params.rawLeaves ? raw : UnixFS.UnixFSLeaf
  return UnixFS.configure({
    chunker: withMaxChunkSize(params.chunkSize),
    fileLayout: withWidth(params.maxLinks),
    fileChunkEncoder: leaf,
    smallFileEncoder: leaf,
    hasher: sha256,
    linker,
  })
}

interface Context {
  readonly writer: MemoryBlockWriter
  readonly settings: Settings
  readonly params: RefParams
}

/** Writes one file with `@ipld/unixfs`'s file writer (fixed chunker + balanced layout). */
async function writeFile(ctx: Context, content: Uint8Array): Promise<EntryLink> {
  const file = UnixFS.createFileWriter({ writer: ctx.writer, settings: ctx.settings })
  for (let offset = 0; offset < content.byteLength; offset += WRITE_SLICE) {
    await file.write(content.subarray(offset, offset + WRITE_SLICE))
  }
  return await file.close()
}

/** Symlink node as boxo writes it: UnixFS `Symlink`, Data = target, no filesize. */
async function writeSymlink(ctx: Context, target: string): Promise<EntryLink> {
  const bytes = UnixFS.encode({ type: UnixFS.NodeType.Symlink, content: utf8.encode(target) })
  const digest = await ctx.settings.hasher.digest(bytes)
  const cid = ctx.settings.linker.createLink(UnixFS.code, digest)
  ctx.writer.write({ cid, bytes })
  return { cid, dagByteLength: bytes.byteLength } as unknown as EntryLink
}

/**
 * Size estimate boxo compares against the HAMT threshold.
 * - `links-bytes`: Σ (utf8 length of name + byte length of the child CID).
 * - `block-bytes`: exact byte length of the basic (flat) directory block.
 */
function estimateDirSize(
  links: ReadonlyMap<string, EntryLink>,
  strategy: RefParams['hamtStrategy'],
): number {
  if (strategy === 'links-bytes') {
    let size = 0
    for (const [name, link] of links)
      size += utf8.encode(name).byteLength + link.cid.bytes.byteLength
    return size
  }
  const entries = [...links].map(([name, link]) => ({
    name,
    cid: link.cid,
    dagByteLength: link.dagByteLength,
  }))
  return UnixFS.encode({ type: UnixFS.NodeType.Directory, entries } as unknown as Parameters<
    typeof UnixFS.encode
  >[0]).byteLength
}

interface DirNode {
  readonly kind: 'dir'
  readonly children: Map<string, TreeNode>
}
type TreeNode =
  | DirNode
  | { readonly kind: 'file'; readonly content: Uint8Array }
  | { readonly kind: 'symlink'; readonly target: string }

/** Splits a relative '/'-separated path into names ('' and '.' segments dropped; '..' rejected). */
function splitPath(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.includes('..'))
    throw new Error(`reference-unixfs: '..' is not allowed in entry path "${path}"`)
  return parts
}

/** Builds the in-memory tree of `entries` (parents implied, duplicates rejected). */
function buildTree(entries: readonly RefEntry[]): DirNode {
  const root: DirNode = { kind: 'dir', children: new Map() }
  const ensureDir = (names: readonly string[], path: string): DirNode => {
    let dir = root
    for (const name of names) {
      const existing = dir.children.get(name)
      if (existing === undefined) {
        const created: DirNode = { kind: 'dir', children: new Map() }
        dir.children.set(name, created)
        dir = created
      } else if (existing.kind === 'dir') {
        dir = existing
      } else {
        throw new Error(
          `reference-unixfs: "${path}" needs "${name}" to be a directory, but it is a ${existing.kind}`,
        )
      }
    }
    return dir
  }
  for (const entry of entries) {
    const names = splitPath(entry.path)
    if (entry.type === 'dir') {
      ensureDir(names, entry.path)
      continue
    }
    const name = names.pop()
    if (name === undefined)
      throw new Error(`reference-unixfs: ${entry.type} entry needs a non-empty path`)
    const parent = ensureDir(names, entry.path)
    if (parent.children.has(name))
      throw new Error(`reference-unixfs: duplicate entry "${entry.path}"`)
    parent.children.set(
      name,
      entry.type === 'file'
        ? { kind: 'file', content: entry.content }
        : { kind: 'symlink', target: entry.target },
    )
  }
  return root
}

/** Writes a directory bottom-up: children first, then a flat directory or a HAMT depending on the estimate. */
async function writeDir(ctx: Context, dir: DirNode): Promise<EntryLink> {
  const links = new Map<string, EntryLink>()
  for (const [name, child] of dir.children) links.set(name, await writeNode(ctx, child))
  const { writer, settings, params } = ctx
  const sharded = estimateDirSize(links, params.hamtStrategy) > params.hamtThreshold
  const view = sharded
    ? UnixFS.createShardedDirectoryWriter({ writer, settings })
    : UnixFS.createDirectoryWriter({ writer, settings })
  for (const [name, link] of links) view.set(name, link)
  return await view.close()
}

function writeNode(ctx: Context, node: TreeNode): Promise<EntryLink> {
  switch (node.kind) {
    case 'dir':
      return writeDir(ctx, node)
    case 'file':
      return writeFile(ctx, node.content)
    case 'symlink':
      return writeSymlink(ctx, node.target)
  }
}

function context(params: RefParams, sink: Map<string, Uint8Array> | undefined): Context {
  return { writer: new MemoryBlockWriter(sink), settings: settingsFor(params), params }
}

/**
 * CID (string) of a single file, as `ipfs add` gives it (a single-chunk file is its leaf).
 *
 * Fixed-size chunks of `params.chunkSize`, balanced DAG of width
 * `params.maxLinks`; an empty file is an empty leaf (raw block or dag-pb
 * UnixFS file with filesize 0).
 */
export async function referenceFileCid(content: Uint8Array, params: RefParams): Promise<string> {
  const link = await writeFile(context(params, undefined), content)
  return link.cid.toString()
}

/**
 * CID of the directory that holds `entries` (paths relative to it, '/'-separated, parents implied),
 * like `ipfs add -r dir`. Empty dirs kept, symlinks stored as UnixFS symlink nodes.
 *
 * Each directory (the root included) becomes a HAMT (fanout 256,
 * murmur3-x64-64) when its `params.hamtStrategy` size estimate is strictly
 * greater than `params.hamtThreshold`, otherwise a flat directory with links
 * sorted by name bytes. No mode/mtime metadata is stored.
 */
export async function referenceDirCid(entries: RefEntry[], params: RefParams): Promise<string> {
  const link = await writeDir(context(params, undefined), buildTree(entries))
  return link.cid.toString()
}

/**
 * Same as {@link referenceDirCid}, and also returns every block (cid string -> bytes) so a test can
 * inspect a CAR against it. CID strings are the default `toString()` (base58btc for v0, base32 for v1).
 */
export async function referenceDirBlocks(
  entries: RefEntry[],
  params: RefParams,
): Promise<{ root: string; blocks: Map<string, Uint8Array> }> {
  const blocks = new Map<string, Uint8Array>()
  const link = await writeDir(context(params, blocks), buildTree(entries))
  return { root: link.cid.toString(), blocks }
}
