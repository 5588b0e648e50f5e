/**
 * The retrieval check's hasher (src/check/hasher.ts): large blocks gathered into a ring of
 * shared memory and hashed on a thread. What it must keep: every digest right (recomputed here
 * with @noble/hashes, another library than the product's node:crypto), each region placed as
 * the block's bytes sit in their chunk (modulo 8: copies into shared memory are three times
 * slower otherwise), and at most `RING_BYTES` held whatever is leased.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_BLOCK } from '../../src/check/car-stream.js'
import { Hasher, RING_BYTES, type Region } from '../../src/check/hasher.js'

/** Lets queued callbacks run, without waiting on the clock. */
const turns = async (n = 20): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r))
}

describe('retrieval hasher', () => {
  it('hashes blocks of every size and alignment right, placed at the alignment asked', async () => {
    const hasher = new Hasher(1)
    try {
      const sizes = [1, 1000, 65_536, 65_537, 1 << 20, (1 << 20) + 7, MAX_BLOCK, 300_000]
      for (let round = 0; round < 4; round++) {
        const jobs: Promise<void>[] = []
        for (const [i, size] of sizes.entries()) {
          const align = (i + round) % 8
          const region = await hasher.lease(size, align)
          expect(region.bytes.length).toBe(size)
          expect(region.bytes.byteOffset % 8).toBe(align)
          expect(region.end - region.start).toBe(size)
          const data = randomBytes(size)
          region.bytes.set(data)
          jobs.push(
            hasher.digest(region).then((got) => {
              expect(Buffer.from(got).toString('hex')).toBe(
                Buffer.from(sha256(data)).toString('hex'),
              )
            }),
          )
        }
        await Promise.all(jobs)
      }
    } finally {
      await hasher.close()
    }
  })

  it('holds at most RING_BYTES: a lease past it waits until a region is freed', async () => {
    const hasher = new Hasher(0)
    try {
      // Four of the largest blocks, each at an odd alignment, fill the ring but for the gaps.
      const held: Region[] = []
      for (let i = 0; i < RING_BYTES / MAX_BLOCK - 1; i++)
        held.push(await hasher.lease(MAX_BLOCK, 7))
      held.push(await hasher.lease(MAX_BLOCK - 64, 3))
      for (const r of held) expect(r.end).toBeLessThanOrEqual(RING_BYTES)
      let next: Region | undefined
      const waiting = hasher.lease(MAX_BLOCK, 5).then((r) => (next = r))
      await turns()
      expect(next).toBeUndefined()
      // A region freed without hashing (a block skipped) makes room for the waiting lease.
      hasher.free(held.shift() as Region)
      await waiting
      expect(next?.bytes.byteOffset).toBe(5)
      // No region overlaps another.
      const spans = [...held, next as Region].sort((a, b) => a.start - b.start)
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]?.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? Infinity)
    } finally {
      await hasher.close()
    }
  })
})
