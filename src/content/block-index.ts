/**
 * A compact set of block digests: what the retrieval check (src/check/retrieval.ts) compares a
 * gateway's CAR against, built while the CAR is written (no second pass over the DAG).
 *
 * Each block is kept as the first 8 bytes of its SHA-256 digest, in an open-addressing hash
 * table of 32-bit words: 16 bytes per block at most (the table stays under half full), so a
 * million blocks take 16 MiB whatever their size. Every received block is also hashed in full and
 * compared with its CID, so a 64-bit prefix only has to tell this DAG's blocks from each other
 * and from the few foreign ones a gateway might send.
 */

const EMPTY = 0

export class BlockIndex {
  /** Pairs of words (high, low); a pair of zeros is an empty slot (a zero digest is remapped). */
  private table = new Uint32Array(2 * 1024)
  private count = 0

  /** Distinct blocks held. */
  get size(): number {
    return this.count
  }

  private static key(digest: Uint8Array): [number, number] {
    const v = new DataView(digest.buffer, digest.byteOffset, 8)
    const hi = v.getUint32(0)
    const lo = v.getUint32(4)
    // The all-zero pair marks an empty slot: move a (vanishingly unlikely) zero digest aside.
    return hi === EMPTY && lo === EMPTY ? [0, 1] : [hi, lo]
  }

  /** The slot of `key`, or of the empty slot where it would go. */
  private slot(hi: number, lo: number): number {
    const slots = this.table.length / 2
    const start = (hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0
    for (let probe = 0; probe < slots; probe++) {
      const s = (start + probe) % slots
      const h = this.table[2 * s] ?? 0
      const l = this.table[2 * s + 1] ?? 0
      if ((h === hi && l === lo) || (h === EMPTY && l === EMPTY)) return s
    }
    throw new Error('block index full')
  }

  /** Adds a block by its multihash digest (at least 8 bytes); true when it was new. */
  add(digest: Uint8Array): boolean {
    const [hi, lo] = BlockIndex.key(digest)
    const s = this.slot(hi, lo)
    if (this.table[2 * s] === hi && this.table[2 * s + 1] === lo) return false
    this.table[2 * s] = hi
    this.table[2 * s + 1] = lo
    this.count++
    if (this.count * 2 > this.table.length / 2) this.grow()
    return true
  }

  has(digest: Uint8Array): boolean {
    const [hi, lo] = BlockIndex.key(digest)
    const s = this.slot(hi, lo)
    return this.table[2 * s] === hi && this.table[2 * s + 1] === lo
  }

  private grow(): void {
    const old = this.table
    this.table = new Uint32Array(old.length * 2)
    for (let s = 0; s < old.length / 2; s++) {
      const hi = old[2 * s] ?? 0
      const lo = old[2 * s + 1] ?? 0
      if (hi === EMPTY && lo === EMPTY) continue
      const t = this.slot(hi, lo)
      this.table[2 * t] = hi
      this.table[2 * t + 1] = lo
    }
  }
}
