/**
 * Hashing received blocks off the main thread, for every gateway of a check at once: a ring of
 * shared memory (`RING_BYTES`) that large blocks are gathered into as they arrive, hashed there
 * by the content engine's worker threads (src/content/hash-pool.ts, the `sum` job) while the
 * next block arrives. Each block is copied once, from the socket's chunks into the ring.
 *
 * A block is placed in the ring at the same offset modulo 8 as its first byte in the chunk it
 * arrives in: V8 copies into shared memory with relaxed atomic moves, word by word only when
 * source and target are aligned alike, byte by byte (three times slower) otherwise, and a
 * block's pieces start wherever the socket's chunks cut them (docs/performance.md).
 *
 * A region of the ring is leased to a block as it starts arriving and freed when its hash is
 * done (or when it is not hashed after all); a lease that finds no room waits for the oldest
 * region in the way. So at most `RING_BYTES` of blocks are held, whatever the gateways send.
 */
import { availableParallelism } from 'node:os'
import { HashPool } from '../content/hash-pool.js'
import { MAX_BLOCK } from './car-stream.js'

/** Shared memory blocks are gathered and hashed in: four of the largest blocks. */
export const RING_BYTES = 4 * MAX_BLOCK

export interface Region {
  readonly start: number
  readonly end: number
  /** The region, as a view of the ring. */
  readonly bytes: Uint8Array
}

interface Held extends Region {
  readonly freed: Promise<void>
  free(): void
}

export class Hasher {
  private ring: SharedArrayBuffer | undefined
  private pool: HashPool | undefined
  private head = 0
  private readonly held = new Set<Held>()

  /**
   * `threads`: hashing threads (default one, none on a single core): the main thread receives,
   * and one thread hashes SHA-256 faster than a socket delivers; each more costs memory.
   */
  constructor(private readonly threads = availableParallelism() > 1 ? 1 : 0) {}

  /**
   * Reserves `length` bytes of the ring (at most `MAX_BLOCK`), starting at `align` modulo 8: the
   * first free gap from where the last lease ended, else from the start; when there is none,
   * waits for a region to be freed (a hash completing, mostly: a slow gateway gathering a block
   * holds one region only).
   */
  async lease(length: number, align = 0): Promise<Region> {
    this.ring ??= new SharedArrayBuffer(RING_BYTES)
    for (;;) {
      const start = this.gap(this.head, length, align) ?? this.gap(0, length, align)
      if (start === undefined) {
        await Promise.race([...this.held].map((h) => h.freed))
        continue
      }
      this.head = start + length
      let free = (): void => undefined
      const freed = new Promise<void>((resolve) => (free = resolve))
      const region: Held = {
        start,
        end: start + length,
        bytes: new Uint8Array(this.ring, start, length),
        freed,
        free: () => {
          this.held.delete(region)
          free()
        },
      }
      this.held.add(region)
      return region
    }
  }

  /** The start (`align` modulo 8) of the first free gap of `length` bytes at or after `from`. */
  private gap(from: number, length: number, align: number): number | undefined {
    const aligned = (at: number): number => at + ((align - (at % 8) + 8) % 8)
    let start = aligned(from)
    const spans = [...this.held].sort((a, b) => a.start - b.start)
    for (const h of spans) {
      if (h.end <= start) continue
      if (h.start >= start + length) break
      start = aligned(h.end)
    }
    return start + length <= RING_BYTES ? start : undefined
  }

  /** Frees a region that will not be hashed. */
  free(region: Region): void {
    ;(region as Held).free()
  }

  /** The SHA-256 of a leased region, computed on a worker thread; the region is freed after. */
  async digest(region: Region): Promise<Uint8Array> {
    if (this.pool === undefined) {
      this.pool = new HashPool({ arena: this.ring, threads: this.threads })
      this.pool.warm()
    }
    try {
      const r = await this.pool.submit({
        t: 'sum',
        at: region.start,
        len: region.end - region.start,
      })
      return r.cids
    } finally {
      this.free(region)
    }
  }

  /** Stops the threads (when any were started). */
  async close(): Promise<void> {
    await this.pool?.close()
  }
}
