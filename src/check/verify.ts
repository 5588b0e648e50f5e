/**
 * What a gateway's CAR must hold, checked block by block as it arrives and in bounded memory
 * (docs/names/trustless-gateway.md#client-verification):
 *
 * - every block taken is hashed and must match its CID: small blocks here at once, larger ones
 *   on the content engine's worker threads while the next block arrives (hasher.ts: the CAR
 *   reader gathers them into a ring of shared memory, freed as each hash completes);
 * - a block counts when it belongs to the DAG: the compact index of the DAG built here, or,
 *   without one (the `cid` input), when a block already taken links to it: what is reachable
 *   from the root as it arrives;
 * - duplicates and blocks that are not the DAG's are skipped, as the spec asks, without being
 *   hashed or remembered, up to a budget: then the gateway is refused;
 * - the blocks still owed are kept on a stack of CIDs (the walk a depth-first CAR follows), so
 *   the block named when the CAR stops early is the next one expected.
 *
 * Remembered: one compact index entry (16 to 32 bytes) per block taken, and without a local DAG
 * one per block linked, at most `MAX_BLOCKS_WITHOUT_INDEX`; the stack holds 34 to 36 bytes per
 * block owed.
 */
import { hash as hashNow } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { BlockIndex } from '../content/block-index.js'
import { quote } from '../errors.js'
import { CarRefused, type CarBlock } from './car-stream.js'
import type { Hasher, Region } from './hasher.js'
import { linkCid, linkNamed, nameLength, readNode, type PbNode } from './dag-pb.js'

/** What to fetch back: every block, the root block, or the entity a path names. */
export type CheckScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'root' }
  | { readonly kind: 'path'; readonly path: string }

/** Blocks a check without a local DAG follows at most (about 14 MB remembered at worst). */
export const MAX_BLOCKS_WITHOUT_INDEX = 250_000
/** Skipped blocks (not the DAG's, or again) taken at least, before the gateway is refused. */
const SKIP_FLOOR = 1024
/** Blocks at least this large are hashed on a worker thread; smaller ones at once, here. */
const HASH_AWAY = 64 * 1024
const SHA2_256 = 0x12
const DAG_PB = 0x70
const IDENTITY = 0x00
/** UnixFS `Data.Type` values (unixfs.proto). */
const UNIXFS = { raw: 0, directory: 1, file: 2, hamt: 5 } as const

/** The CAR ended, or was cut, before every block owed arrived: the gateway may not have it yet. */
export class Missing extends Error {
  override readonly name = 'Missing'
}

/** A CID for a message: whole when it is of a normal size, else its kind and a hex prefix. */
export function shortCid(cid: CID): string {
  if (cid.bytes.length <= 80) return cid.toString()
  return `a CID of ${cid.bytes.length} bytes (hash function 0x${cid.multihash.code.toString(16)}, starting ${Buffer.from(cid.bytes.subarray(0, 16)).toString('hex')}…)`
}

/** Why the check cannot verify blocks under `cid`, or undefined when it can. */
export function unverifiable(cid: CID): string | undefined {
  if (cid.multihash.code !== SHA2_256 || cid.multihash.size !== 32)
    return `${shortCid(cid)} is hashed with the function 0x${cid.multihash.code.toString(16)}: the check verifies SHA-256 blocks`
  if (cid.code !== DAG_PB && cid.code !== 0x55)
    return `${shortCid(cid)} is a block of codec 0x${cid.code.toString(16)}: the check reads dag-pb and raw blocks`
  return undefined
}

/** The UnixFS type in a dag-pb node's Data (field 1, a varint), if it has one. */
function unixfsType(data: Uint8Array | undefined): number | undefined {
  return data !== undefined && data[0] === 0x08 && (data[1] ?? 0x80) < 0x80 ? data[1] : undefined
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)

const keyOf = (digest: Uint8Array): string => Buffer.from(digest).toString('hex')

/** Bytes per CID on the stack: its length, then up to 36 bytes (CIDv0 34, CIDv1 36). */
const RECORD = 37
/** Records per page of the stack (about 600 KB): pages are added and dropped, never copied. */
const PER_PAGE = 16_384

/** CIDs owed: a stack in the order a depth-first walk meets them. */
class CidStack {
  private readonly pages: Uint8Array[] = []
  private count = 0
  get size(): number {
    return this.count
  }
  push(cid: Uint8Array): void {
    const p = Math.floor(this.count / PER_PAGE)
    if (p === this.pages.length) this.pages.push(new Uint8Array(RECORD * PER_PAGE))
    const page = this.pages[p] as Uint8Array
    const o = (this.count % PER_PAGE) * RECORD
    page[o] = cid.length
    page.set(cid, o + 1)
    this.count++
  }
  /** The entry `i` places below the top. */
  peek(i = 0): Uint8Array | undefined {
    const n = this.count - 1 - i
    if (n < 0) return undefined
    const page = this.pages[Math.floor(n / PER_PAGE)] as Uint8Array
    const o = (n % PER_PAGE) * RECORD
    return page.subarray(o + 1, o + 1 + (page[o] ?? 0))
  }
  pop(): void {
    this.count--
    // One empty page is kept, for a walk that goes up and down at a page's edge.
    if (this.pages.length > Math.floor(this.count / PER_PAGE) + 2) this.pages.pop()
  }
}

/** Path state (a path scope): the segment being resolved and the blocks that may resolve it. */
interface PathWalk {
  readonly segments: string[]
  at: number
  /** Digests (hex) of the directory nodes or HAMT shards that may hold the next segment. */
  readonly waiting: Set<string>
  done: boolean
}

export interface Answer {
  /** The response said `dups=y`: duplicates are expected, not counted against the gateway. */
  readonly dups: boolean
  /** The response said `order=dfs`: each block comes after one that links to it. */
  readonly ordered: boolean
}

export class DagCheck {
  blocks = 0
  bytes = 0
  foreign = 0
  duplicates = 0
  private readonly received = new BlockIndex()
  /** Without a local DAG: every block linked so far (what counts as the DAG's). */
  private readonly expected: BlockIndex | undefined
  private readonly owed = new CidStack()
  /** The region of the ring the block arriving is gathered in, if any. */
  private lent: Region | undefined
  private readonly hashing = new Set<Promise<void>>()
  private failure: Error | undefined
  private readonly path: PathWalk | undefined

  constructor(
    private readonly root: CID,
    private readonly index: BlockIndex | undefined,
    private readonly scope: CheckScope,
    private readonly answer: Answer,
    private readonly hasher: Hasher,
  ) {
    if (index === undefined) this.expected = new BlockIndex()
    this.expected?.add(root.multihash.digest)
    this.owed.push(root.bytes)
    if (scope.kind === 'path') {
      const segments = scope.path.split('/').filter((s) => s !== '')
      this.path = {
        segments,
        at: 0,
        waiting: new Set(segments.length > 0 ? [keyOf(root.multihash.digest)] : []),
        done: segments.length === 0,
      }
    }
  }

  /**
   * Lends `length` bytes of the ring to gather the next block in (it may wait for room), placed
   * at `align` modulo 8 like the block's first byte in the chunk it arrives in.
   */
  async space(length: number, align = 0): Promise<Uint8Array> {
    this.lent = await this.hasher.lease(length, align)
    return this.lent.bytes
  }

  /** The attempt ended: the block being gathered, if any, will not come. */
  abandon(): void {
    if (this.lent !== undefined) this.hasher.free(this.lent)
    this.lent = undefined
  }

  /** Takes the next block of the CAR; throws `CarRefused` when the gateway is to be refused. */
  async take(b: CarBlock): Promise<void> {
    const lent = this.lent?.bytes === b.bytes ? this.lent : undefined
    this.lent = undefined
    let taken = false
    try {
      if (this.failure !== undefined) throw this.failure
      const digest = b.cid.multihash.digest
      if ((this.index ?? this.expected)?.has(digest) !== true) {
        this.foreign++
        return this.budget()
      }
      if (this.received.has(digest)) {
        this.duplicates++
        return this.answer.dups ? undefined : this.budget()
      }
      this.received.add(digest)
      this.blocks++
      this.bytes += b.bytes.length
      if (b.cid.code === DAG_PB) this.follow(b)
      while (
        this.owed.size > 0 &&
        this.received.has((this.owed.peek() as Uint8Array).subarray(-32))
      )
        this.owed.pop()
      taken = true
    } finally {
      // A block skipped or refused is not hashed: its region of the ring is free again.
      if (!taken && lent !== undefined) this.hasher.free(lent)
    }
    await this.hash(b, lent)
  }

  /** Every block owed has arrived: the rest of the stream is not needed. */
  get complete(): boolean {
    return (
      this.owed.size === 0 &&
      (this.path?.done ?? true) &&
      (this.scope.kind !== 'all' || this.index === undefined || this.blocks >= this.index.size)
    )
  }

  /** Waits for every hash; throws the first block found corrupt. */
  async settled(): Promise<void> {
    while (this.hashing.size > 0) await Promise.all(this.hashing)
    if (this.failure !== undefined) throw this.failure
  }

  /** After the CAR ended: every hash matched and every block owed arrived, or why not. */
  async finish(): Promise<void> {
    await this.settled()
    if (this.path !== undefined && !this.path.done)
      throw new Missing(
        `the CAR lacks the ${this.path.waiting.size > 1 ? 'HAMT shard' : 'directory node'} that lists "${this.path.segments[this.path.at] ?? ''}" on the path ${quote((this.scope as { path: string }).path)}`,
      )
    const next = this.next()
    // Without the DAG built here a block counts only after one linking to it: an unordered CAR
    // that sends children first cannot be checked so.
    const order =
      this.index === undefined && !this.answer.ordered && this.foreign > 0
        ? '; the CAR is in no stated order, and without the DAG built here (the "cid" input) a block counts only when it comes after one that links to it'
        : ''
    if (next !== undefined)
      throw new Missing(`the CAR ended without block ${next} (${this.status()}${order})`)
    if (this.scope.kind === 'all' && this.index !== undefined && this.blocks < this.index.size)
      throw new Missing(`the CAR ended with ${this.status()}`)
  }

  /** The next block owed (the one a depth-first CAR sends next), if any. */
  next(): string | undefined {
    for (let i = 0; i < this.owed.size; i++) {
      const c = this.owed.peek(i) as Uint8Array
      if (!this.received.has(c.subarray(-32))) return CID.decode(c).toString()
    }
    return undefined
  }

  /** `N blocks received (of the DAG's M)`, for messages. */
  status(): string {
    const of =
      this.index !== undefined && this.scope.kind === 'all'
        ? ` of the DAG's ${this.index.size}`
        : ''
    const skipped =
      this.foreign + this.duplicates > 0
        ? `; ${this.foreign} not of this DAG and ${this.duplicates} sent again were skipped`
        : ''
    return `${this.blocks} block${this.blocks === 1 ? '' : 's'} received${of}${skipped}`
  }

  /** Skipped blocks are taken up to the size of the DAG (1024 at least), then refused. */
  private budget(): void {
    const limit = Math.max(SKIP_FLOOR, this.index?.size ?? this.expected?.size ?? 0)
    const counted = this.foreign + (this.answer.dups ? 0 : this.duplicates)
    if (counted > limit)
      throw new CarRefused(
        `the gateway sent ${this.foreign} blocks that are not part of this DAG and ${this.duplicates} it had sent already, more than the ${limit} skipped blocks taken (${this.status()})`,
      )
  }

  /**
   * Hashes a block taken: a small one here and now; a large one on a worker thread, from the
   * ring (gathered there as it arrived, or copied there when it lay whole in one chunk).
   */
  private async hash(b: CarBlock, lent: Region | undefined): Promise<void> {
    const want = b.cid.multihash.digest
    const corrupt = (): CarRefused =>
      new CarRefused(`block ${b.cid.toString()} does not hash to its CID (corrupted)`)
    if (b.bytes.length < HASH_AWAY) {
      if (lent !== undefined) this.hasher.free(lent)
      if (!sameBytes(hashNow('sha256', b.bytes, 'buffer'), want)) throw corrupt()
      return
    }
    let region = lent
    if (region === undefined) {
      region = await this.hasher.lease(b.bytes.length, b.bytes.byteOffset % 8)
      region.bytes.set(b.bytes)
    }
    const done = this.hasher.digest(region).then(
      (got) => {
        if (!sameBytes(got, want)) this.failure ??= corrupt()
      },
      (err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err))
      },
    )
    this.hashing.add(done)
    void done.then(() => this.hashing.delete(done))
  }

  /** A dag-pb node taken: the links its scope needs become owed; a path is walked on. */
  private follow(b: CarBlock): void {
    let node: PbNode
    try {
      node = readNode(b.bytes)
    } catch (err) {
      throw new CarRefused(
        `block ${b.cid.toString()} is not valid dag-pb (${err instanceof Error ? err.message : String(err)})`,
      )
    }
    if (this.path !== undefined && this.path.waiting.has(keyOf(b.cid.multihash.digest)))
      return this.walk(b.cid, node, this.path)
    if (this.scope.kind !== 'all') {
      // An entity: a file's blocks (or non-UnixFS data's links) are all needed; a directory's are not.
      const type = unixfsType(node.data)
      if (type !== undefined && type !== UNIXFS.file && type !== UNIXFS.raw) return
    }
    this.owe(node, b.cid, { owed: true })
  }

  /**
   * The links of `node` (those `only` picks) are the DAG's (without a local DAG, this is what
   * makes them so); with `owed`, those not received yet are owed, the first on top. With `path`,
   * they may hold the next segment of the path. Identity CIDs hold their bytes, never sent.
   */
  private owe(
    node: PbNode,
    parent: CID,
    opts: { owed: boolean; path?: PathWalk; only?: (i: number) => boolean },
  ): void {
    for (let i = node.count - 1; i >= 0; i--) {
      if (opts.only !== undefined && !opts.only(i)) continue
      const c = linkCid(node, i)
      const kind = linkKind(c)
      if (kind.problem !== undefined)
        throw new CarRefused(`block ${parent.toString()} links to ${kind.problem}`)
      if (!kind.sent) continue
      const digest = c.subarray(-32)
      opts.path?.waiting.add(keyOf(digest))
      let fresh = true
      if (this.expected !== undefined) {
        fresh = !this.expected.has(digest)
        if (fresh) this.expected.add(digest)
        if (this.expected.size > MAX_BLOCKS_WITHOUT_INDEX)
          throw new CarRefused(
            `the DAG under ${this.root.toString()} links more than ${MAX_BLOCKS_WITHOUT_INDEX} blocks, the most a check without the DAG built here follows (${this.status()}); use "check-scope: root" for such content`,
          )
      }
      if (opts.owed && fresh && !this.received.has(digest)) this.owed.push(c)
    }
  }

  /** A directory node on the path: finds the next segment in it (or its HAMT shards). */
  private walk(cid: CID, node: PbNode, path: PathWalk): void {
    const segment = Buffer.from(path.segments[path.at] ?? '')
    const where = quote(`/${path.segments.slice(0, path.at).join('/')}`)
    const asked = quote((this.scope as { path: string }).path)
    const type = unixfsType(node.data)
    const find = (skip: number): number => {
      for (let i = 0; i < node.count; i++) if (linkNamed(node, i, segment, skip)) return i
      return -1
    }
    let next = -1
    if (type === UNIXFS.hamt) {
      next = find(2)
      // Not in this shard: one of its sub-shards lists it.
      if (next < 0)
        return this.owe(node, cid, { owed: false, path, only: (i) => nameLength(node, i) === 2 })
    } else if (type === UNIXFS.directory) {
      next = find(0)
      if (next < 0)
        throw new CarRefused(
          `the directory ${where} (block ${cid.toString()}) has no entry ${quote(segment.toString())}: ${asked} is not in this DAG`,
        )
    } else
      throw new CarRefused(
        `${where} (block ${cid.toString()}) is not a directory: ${asked} is not in this DAG`,
      )
    path.waiting.clear()
    path.at++
    path.done = path.at === path.segments.length
    const only = (i: number): boolean => i === next
    this.owe(node, cid, { owed: true, only, ...(path.done ? {} : { path }) })
  }
}

/**
 * A link's CID: whether it is a block the gateway sends (an identity CID holds its bytes), or
 * why the check cannot follow it (only CIDv0, and CIDv1 dag-pb or raw with SHA-256, are taken).
 */
function linkKind(c: Uint8Array): { sent: boolean; problem?: string } {
  if (c.length === 34 && c[0] === 0x12 && c[1] === 0x20) return { sent: true }
  if (
    c.length === 36 &&
    c[0] === 0x01 &&
    (c[1] === 0x70 || c[1] === 0x55) &&
    c[2] === 0x12 &&
    c[3] === 0x20
  )
    return { sent: true }
  let cid: CID
  try {
    cid = CID.decode(c)
  } catch {
    const hex = `${Buffer.from(c.subarray(0, 16)).toString('hex')}${c.length > 16 ? '…' : ''}`
    return { sent: false, problem: `bytes that are not a CID (${hex})` }
  }
  if (cid.multihash.code === IDENTITY) return { sent: false }
  return { sent: true, problem: unverifiable(cid) ?? shortCid(cid) }
}
