/**
 * Where blocks go: the sink interfaces, and the emitter that hands each block over once (a CAR
 * holds no duplicates), keeping count.
 */
import type { CID } from 'multiformats/cid'

/** Where blocks go. `put` may be called with duplicates unless `unique` is set. */
export interface BlockSink {
  put(cid: CID, bytes: Uint8Array): Promise<void> | void
}

export const discardSink: BlockSink = { put: () => undefined }

/**
 * A sink that also takes a block as a whole CAR section (varint length, CID, block), laid out so
 * by the thread that read it: a CAR writer then writes it as it is.
 */
export interface SectionSink extends BlockSink {
  /**
   * `section` stays valid until `written` passes the bytes handed over so far.
   */
  putSection(cid: CID, block: Uint8Array, section: Uint8Array): Promise<void> | void
  /** Bytes handed over so far, and bytes of those already written: buffers holding bytes
   * handed over before `written` reached that count can be reused. */
  readonly queued: number
  readonly written: number
  /** Issues every write gathered and resolves once `written` has reached `mark`. */
  drain(mark: number): Promise<void>
}

export const takesSections = (s: BlockSink): s is SectionSink =>
  typeof (s as Partial<SectionSink>).putSection === 'function'

/**
 * The blocks handed over so far, by codec and SHA-256 digest (same digest, same bytes): an
 * open-addressing table over one growing byte array, instead of a Set of strings, which cost
 * a string and a hash-table entry per block (about 100 bytes) and showed in profiles.
 */
class BlockSet {
  private keys = new Uint8Array(33 * 1024)
  private table = new Int32Array(2048).fill(-1)
  private count = 0

  /** Adds the block; false when it was there already. */
  add(cid: CID): boolean {
    const d = cid.multihash.digest
    const code = cid.code & 0xff
    const mask = this.table.length - 1
    // The digest is uniformly random: its first bytes are a good hash.
    let slot = ((d[0] ?? 0) | ((d[1] ?? 0) << 8) | ((d[2] ?? 0) << 16) | ((d[3] ?? 0) << 24)) & mask
    for (; ; slot = (slot + 1) & mask) {
      const at = this.table[slot] ?? -1
      if (at < 0) break
      if (this.equals(at, code, d)) return false
    }
    if (this.count * 33 + 33 > this.keys.length) {
      const keys = new Uint8Array(this.keys.length * 2)
      keys.set(this.keys)
      this.keys = keys
    }
    this.keys[this.count * 33] = code
    this.keys.set(d, this.count * 33 + 1)
    this.table[slot] = this.count++
    if (this.count * 2 > this.table.length) this.grow()
    return true
  }

  private equals(at: number, code: number, d: Uint8Array): boolean {
    const base = at * 33
    if (this.keys[base] !== code) return false
    for (let i = 0; i < 32; i++) if (this.keys[base + 1 + i] !== d[i]) return false
    return true
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1)
    const mask = table.length - 1
    for (let at = 0; at < this.count; at++) {
      const b = at * 33 + 1
      const k = this.keys
      let slot =
        ((k[b] ?? 0) | ((k[b + 1] ?? 0) << 8) | ((k[b + 2] ?? 0) << 16) | ((k[b + 3] ?? 0) << 24)) &
        mask
      while ((table[slot] ?? -1) >= 0) slot = (slot + 1) & mask
      table[slot] = at
    }
    this.table = table
  }
}

/** Hands blocks to the sink, once each with `unique`. */
export class Emitter {
  private readonly seen = new BlockSet()
  blocks = 0
  private readonly sections: SectionSink | undefined
  constructor(
    readonly sink: BlockSink | undefined,
    readonly unique: boolean,
  ) {
    this.sections = sink !== undefined && takesSections(sink) ? sink : undefined
  }

  /** False when the block was handed over before (and `unique` is set). */
  claim(cid: CID): boolean {
    return !this.unique || this.seen.add(cid)
  }

  put(cid: CID, bytes: Uint8Array, section?: Uint8Array): void | Promise<void> {
    if (this.sink === undefined || !this.claim(cid)) return
    this.blocks++
    if (section !== undefined && this.sections !== undefined)
      return this.sections.putSection(cid, bytes, section)
    return this.sink.put(cid, bytes)
  }

  /** A block already claimed. Bytes in shared memory (the arena) are copied: it is reused. */
  forward(cid: CID, bytes: Uint8Array): void | Promise<void> {
    this.blocks++
    return this.sink?.put(cid, bytes.buffer instanceof SharedArrayBuffer ? bytes.slice() : bytes)
  }
}
