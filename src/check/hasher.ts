/**
 * Hashing received blocks off the main thread, for every gateway of a check at once: large
 * blocks are gathered, as they arrive, into buffers of a bounded set (`RING_BYTES` in all), and
 * hashed by the content engine's worker threads (src/content/hash-pool.ts, the `sum` job) while
 * the next block arrives. Each block is copied once, from the socket's chunks into its buffer;
 * the buffer then moves to the thread and back (transferred, not copied), and is used again.
 *
 * Plain buffers, not shared memory: a block's pieces start wherever the socket's chunks cut
 * them, and V8 copies into a SharedArrayBuffer at an offset not aligned like the source byte by
 * byte, three times slower than a plain copy (docs/performance.md, "The retrieval check").
 *
 * A buffer is leased to a block as it starts arriving and comes back when its hash is done (or
 * when it is not hashed after all); a lease that finds no room waits for one to come back. So at
 * most `RING_BYTES` of blocks are held, whatever the gateways send.
 */
import { availableParallelism } from 'node:os'
import { HashPool } from '../content/hash-pool.js'
import { MAX_BLOCK } from './car-stream.js'

/** Memory blocks are gathered and hashed in, at most: four of the largest blocks. */
export const RING_BYTES = 4 * MAX_BLOCK
/** The smallest buffer made: sizes are powers of two from here, so buffers fit other blocks. */
const MIN_BUFFER = 64 * 1024

export interface Region {
  /** The block's bytes, gathered here. */
  readonly bytes: Uint8Array
}

interface Held extends Region {
  /** The whole buffer (its capacity is counted against `RING_BYTES`). */
  readonly buffer: ArrayBuffer
  readonly freed: Promise<void>
  /** Gives the buffer back (`back`: as it came back from a thread), or drops it when lost. */
  free(back?: ArrayBuffer | null): void
}

/** A buffer's capacity for a block of `length` bytes: the next power of two, 64 KiB at least. */
const capacity = (length: number): number => {
  let cap = MIN_BUFFER
  while (cap < length) cap *= 2
  return cap
}

export class Hasher {
  private pool: HashPool | undefined
  /** Capacity of every buffer made and not dropped: spare, leased or on a thread. */
  private made = 0
  /** Buffers back from their block, ready to be leased again. */
  private readonly spare: ArrayBuffer[] = []
  private readonly held = new Set<Held>()

  /**
   * `threads`: hashing threads (default one, none on a single core): the main thread receives,
   * and one thread hashes SHA-256 faster than a socket delivers; each more costs memory.
   */
  constructor(private readonly threads = availableParallelism() > 1 ? 1 : 0) {}

  /**
   * Lends a buffer of `length` bytes (at most `MAX_BLOCK`): a spare one large enough, else a new
   * one while the buffers made stay within `RING_BYTES` (spare ones too small are dropped to make
   * room); when there is no room, waits for a buffer to come back (a hash completing, mostly: a
   * slow gateway gathering a block holds one buffer only).
   */
  async lease(length: number): Promise<Region> {
    for (;;) {
      let buffer: ArrayBuffer | undefined
      const fit = this.spare.findIndex((b) => b.byteLength >= length)
      if (fit >= 0) buffer = this.spare.splice(fit, 1)[0]
      else {
        const cap = capacity(length)
        while (this.made + cap > RING_BYTES && this.spare.length > 0)
          this.made -= this.spare.pop()?.byteLength ?? 0
        if (this.made + cap <= RING_BYTES) {
          this.made += cap
          // Not zeroed: only the bytes a block writes are ever read.
          buffer = Buffer.allocUnsafeSlow(cap).buffer
        }
      }
      if (buffer === undefined) {
        await Promise.race([...this.held].map((h) => h.freed))
        continue
      }
      return this.hold(buffer, length)
    }
  }

  private hold(buffer: ArrayBuffer, length: number): Held {
    // Read now: the buffer reads as empty while a thread holds it.
    const cap = buffer.byteLength
    let resolve = (): void => undefined
    const freed = new Promise<void>((r) => (resolve = r))
    const region: Held = {
      bytes: new Uint8Array(buffer, 0, length),
      buffer,
      freed,
      free: (back) => {
        if (!this.held.delete(region)) return
        const b = back === undefined ? buffer : back
        if (b !== null && b.byteLength === cap) this.spare.push(b)
        else this.made -= cap
        resolve()
      },
    }
    this.held.add(region)
    return region
  }

  /** Frees a region that will not be hashed. */
  free(region: Region): void {
    ;(region as Held).free()
  }

  /**
   * The SHA-256 of a leased region, computed on a worker thread (its buffer moves there and
   * back); the region is freed after. Until then its bytes may not be touched.
   */
  async digest(region: Region): Promise<Uint8Array> {
    if (this.pool === undefined) {
      this.pool = new HashPool({ threads: this.threads })
      this.pool.warm()
    }
    const held = region as Held
    let back: ArrayBuffer | null = null
    try {
      const r = await this.pool.submit({
        t: 'sum',
        at: 0,
        len: held.bytes.length,
        buf: held.buffer,
      })
      back = r.buf
      return r.cids
    } finally {
      // A job that failed on a thread took the buffer with it: it is dropped.
      held.free(back)
    }
  }

  /** Stops the threads (when any were started). */
  async close(): Promise<void> {
    await this.pool?.close()
  }
}
