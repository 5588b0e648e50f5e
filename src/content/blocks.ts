/**
 * UnixFS blocks, encoded exactly as ipfs-unixfs-importer 17 encodes them (docs/cid-engine.md,
 * "Blocks"): leaves, file nodes of the balanced layout, symlinks and basic directories. Nodes are
 * encoded with the same libraries the importer uses (@ipld/dag-pb, ipfs-unixfs); only the dag-pb
 * leaf wrapper of `unixfs-v0-2015` is written by hand, so that a chunk can be read straight into
 * its block. Tests compare every encoder here with the importer's output.
 */
import { createHash } from 'node:crypto'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { dataFieldSerializedSize, linkSerializedSize } from 'ipfs-unixfs-importer/utils'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import type { ImportParams } from './profiles.js'

const SHA2_256 = 0x12

/** CID and cumulative DAG size (the Tsize a parent link records) of something already built. */
export interface Built {
  readonly cid: CID
  readonly size: bigint
}

/** A node of a file's DAG as its parent sees it. */
export interface FileNode {
  readonly cid: CID
  /** Tsize: the node's block plus everything under it. */
  readonly tsize: number
  /** Bytes of file content under the node. */
  readonly fileSize: number
  /** A leaf (raw block or dag-pb leaf with data) rather than an inner node. */
  readonly leaf: boolean
}

export const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest()

export const cidOf = (version: 0 | 1, code: number, digest: Uint8Array): CID =>
  CID.create(version, code, Digest.create(SHA2_256, digest))

/** CID of a dag-pb node (file node, directory, symlink) of this profile. */
export const nodeCid = (params: ImportParams, block: Uint8Array): CID =>
  cidOf(params.cidVersion, dagPb.code, sha256(block))

function varintLength(n: number): number {
  let len = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    len++
  }
  return len
}

function putVarint(out: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    out[pos++] = (n % 0x80) | 0x80
    n = Math.floor(n / 0x80)
  }
  out[pos++] = n
  return pos
}

/**
 * The bytes around a chunk of `n` bytes in its dag-pb leaf (a UnixFS `file` node holding the
 * data): `head ‖ chunk ‖ tail` is the block. PBNode{Data: UnixFS{Type: File, Data, filesize}};
 * an empty chunk has no Data field.
 */
export function v0LeafFrame(n: number): { head: Uint8Array; tail: Uint8Array } {
  const dataField = n > 0 ? 1 + varintLength(n) + n : 0
  const unixfsLength = 2 + dataField + 1 + varintLength(n)
  const head = new Uint8Array(
    1 + varintLength(unixfsLength) + 2 + (n > 0 ? 1 + varintLength(n) : 0),
  )
  let p = 0
  head[p++] = 0x0a // PBNode.Data
  p = putVarint(head, p, unixfsLength)
  head[p++] = 0x08 // UnixFS.Type
  head[p++] = 0x02 // File
  if (n > 0) {
    head[p++] = 0x12 // UnixFS.Data
    p = putVarint(head, p, n)
  }
  const tail = new Uint8Array(1 + varintLength(n))
  tail[0] = 0x18 // UnixFS.filesize
  putVarint(tail, 1, n)
  return { head, tail }
}

/** The bytes that start a leaf's CID, before its SHA-256 digest: version, codec, multihash. */
export function leafCidPrefix(params: ImportParams): number[] {
  if (params.rawLeaves) return [0x01, raw.code, SHA2_256, 32]
  return params.cidVersion === 0 ? [SHA2_256, 32] : [0x01, dagPb.code, SHA2_256, 32]
}

/** A leaf as its parent sees it: its CID, its block's length and its chunk's. */
export const leafNode = (cid: CID, blockLength: number, chunkLength: number): FileNode => ({
  cid,
  tsize: blockLength,
  fileSize: chunkLength,
  leaf: true,
})

/** The leaf block of a chunk (what a worker builds in place), for callers holding the chunk. */
export function leafBlock(params: ImportParams, chunk: Uint8Array): Uint8Array {
  if (params.rawLeaves) return chunk
  const { head, tail } = v0LeafFrame(chunk.length)
  const block = new Uint8Array(head.length + chunk.length + tail.length)
  block.set(head, 0)
  block.set(chunk, head.length)
  block.set(tail, head.length + chunk.length)
  return block
}

/**
 * A file node over `children` (the importer's balanced-layout reducer): links to every child
 * holding data, with their content sizes as UnixFS blocksizes.
 */
export function fileNodeBlock(
  params: ImportParams,
  children: readonly FileNode[],
): { block: Uint8Array; node: FileNode } {
  const f = new UnixFS({ type: 'file' })
  const links: dagPb.PBLink[] = []
  let tsize = 0
  for (const c of children) {
    if (c.fileSize === 0) continue
    f.addBlockSize(BigInt(c.fileSize))
    links.push({ Name: '', Tsize: c.tsize, Hash: c.cid })
    tsize += c.tsize
  }
  const block = dagPb.encode(dagPb.prepare({ Data: f.marshal(), Links: links }))
  return {
    block,
    node: {
      cid: nodeCid(params, block),
      tsize: block.length + tsize,
      fileSize: Number(f.fileSize()),
      leaf: false,
    },
  }
}

/** A UnixFS symlink node holding `target`. */
export function symlinkBlock(params: ImportParams, target: string): { block: Uint8Array } & Built {
  const unixfs = new UnixFS({ type: 'symlink', data: new TextEncoder().encode(target) })
  const block = dagPb.encode(dagPb.prepare({ Data: unixfs.marshal() }))
  return { block, cid: nodeCid(params, block), size: BigInt(block.length) }
}

export interface DirEntry {
  readonly name: string
  readonly cid: CID
  readonly size: bigint
}

const utf8 = (name: string): Buffer => Buffer.from(name, 'utf8')

/**
 * The importer's estimate of a basic directory's size, which decides HAMT sharding: names and
 * CIDs (`links-bytes`, kubo's default) or the exact serialized block (`block-bytes`).
 */
export function directoryEstimate(params: ImportParams, entries: readonly DirEntry[]): number {
  if (params.hamtStrategy === 'links-bytes') {
    let n = 0
    for (const e of entries) n += Buffer.byteLength(e.name, 'utf8') + e.cid.byteLength
    return n
  }
  let n = dataFieldSerializedSize(undefined, undefined)
  for (const e of entries)
    n += linkSerializedSize(Buffer.byteLength(e.name, 'utf8'), e.cid.byteLength, Number(e.size))
  return n
}

/** True when the importer would shard this directory (estimate over the threshold). */
export const isSharded = (params: ImportParams, entries: readonly DirEntry[]): boolean =>
  directoryEstimate(params, entries) > params.hamtThreshold

/** The Data field of every basic directory: UnixFS{Type: Directory}. */
const DIRECTORY_DATA = new UnixFS({ type: 'directory' }).marshal()

/**
 * A basic (unsharded) UnixFS directory over `entries`, links sorted by the bytes of their names.
 * Byte for byte what `dagPb.encode(dagPb.prepare(…))` gives (PBNode: each PBLink{Hash, Name,
 * Tsize} as field 2, then Data as field 1), without its comparator encoding every name again
 * at every comparison, which dominated for directories of many files.
 */
export function directoryBlock(
  params: ImportParams,
  entries: readonly DirEntry[],
): { block: Uint8Array } & Built {
  const links = entries.map((e) => ({
    name: utf8(e.name),
    hash: e.cid.bytes,
    tsize: Number(e.size),
  }))
  links.sort((a, b) => Buffer.compare(a.name, b.name))
  let length = 1 + varintLength(DIRECTORY_DATA.length) + DIRECTORY_DATA.length
  let tsize = 0
  const inner = links.map((l) => {
    const n =
      1 +
      varintLength(l.hash.length) +
      l.hash.length +
      1 +
      varintLength(l.name.length) +
      l.name.length +
      1 +
      varintLength(l.tsize)
    length += 1 + varintLength(n) + n
    tsize += l.tsize
    return n
  })
  const block = new Uint8Array(length)
  let p = 0
  links.forEach((l, i) => {
    block[p++] = 0x12 // PBNode.Links
    p = putVarint(block, p, inner[i] ?? 0)
    block[p++] = 0x0a // PBLink.Hash
    p = putVarint(block, p, l.hash.length)
    block.set(l.hash, p)
    p += l.hash.length
    block[p++] = 0x12 // PBLink.Name
    p = putVarint(block, p, l.name.length)
    block.set(l.name, p)
    p += l.name.length
    block[p++] = 0x18 // PBLink.Tsize
    p = putVarint(block, p, l.tsize)
  })
  block[p++] = 0x0a // PBNode.Data
  p = putVarint(block, p, DIRECTORY_DATA.length)
  block.set(DIRECTORY_DATA, p)
  return { block, cid: nodeCid(params, block), size: BigInt(length + tsize) }
}

/**
 * Where a file's blocks go, in order. `section` is the block as a whole CAR section (varint
 * length, CID, block) when the thread that read it laid it out so.
 */
export type EmitBlock = (cid: CID, block: Uint8Array, section?: Uint8Array) => void | Promise<void>

/**
 * The importer's parallel batch of leaf writes (`blockWriteConcurrency` 10): a file node is
 * stored only after every leaf of the batch in which its last leaf fell.
 */
const LEAF_BATCH = 10

/**
 * Builds a file's balanced DAG from its leaves in order, emitting blocks in the order the
 * importer stores them: leaves as they come; each bottom-level file node (`maxLinks` leaves)
 * after the batch of 10 leaves that completed it; every upper level after all leaves, level by
 * level. A file of one leaf is that leaf. Memory: one bottom-level node's leaves, plus one entry
 * per bottom-level node.
 */
export class FileLayout {
  private readonly params: ImportParams
  private readonly emit: EmitBlock | undefined
  private current: FileNode[] = []
  private readonly level1: FileNode[] = []
  private readonly pending: { cid: CID; block: Uint8Array }[] = []
  private leaves = 0
  private first: FileNode | undefined

  constructor(params: ImportParams, emit?: EmitBlock) {
    this.params = params
    this.emit = emit
  }

  /** Adds the next leaf; `block` is stored (emitted) now. */
  async add(node: FileNode, block?: Uint8Array, section?: Uint8Array): Promise<void> {
    if (this.emit !== undefined && block !== undefined) await this.emit(node.cid, block, section)
    this.leaves++
    if (this.leaves === 1) this.first = node
    this.current.push(node)
    if (this.current.length === this.params.maxLinks) this.reduceCurrent()
    if (this.leaves % LEAF_BATCH === 0) await this.flushPending()
  }

  private reduceCurrent(): void {
    const { block, node } = fileNodeBlock(this.params, this.current)
    this.current = []
    this.level1.push(node)
    this.pending.push({ cid: node.cid, block })
  }

  private async flushPending(): Promise<void> {
    for (const p of this.pending.splice(0)) await this.emit?.(p.cid, p.block)
  }

  /** Finishes the DAG and returns its root. */
  async finish(): Promise<FileNode> {
    if (this.leaves === 1 && this.first !== undefined) return this.first
    if (this.current.length > 0) this.reduceCurrent()
    await this.flushPending()
    let level = this.level1
    while (level.length > 1) {
      const next: FileNode[] = []
      for (let i = 0; i < level.length; i += this.params.maxLinks) {
        const { block, node } = fileNodeBlock(this.params, level.slice(i, i + this.params.maxLinks))
        await this.emit?.(node.cid, block)
        next.push(node)
      }
      level = next
    }
    const root = level[0]
    if (root === undefined) throw new Error('a file has at least one leaf')
    return root
  }
}
