/**
 * The retrieval check's hasher (src/check/hasher.ts): large blocks gathered into plain buffers
 * that move to a hashing thread and back. What it must keep: every digest right (recomputed here
 * with @noble/hashes, another library than the product's node:crypto), at most `RING_BYTES` of
 * buffers made whatever is leased, and buffers used again rather than made anew.
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
  it('hashes blocks of every size right, on the thread (and here until it is ready)', async () => {
    const hasher = new Hasher(1)
    try {
      const sizes = [1, 1000, 65_536, 65_537, 1 << 20, (1 << 20) + 7, MAX_BLOCK, 300_000]
      for (let round = 0; round < 6; round++) {
        const jobs: Promise<void>[] = []
        for (const size of sizes) {
          const region = await hasher.lease(size)
          expect(region.bytes.length).toBe(size)
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
        await turns(2)
      }
    } finally {
      await hasher.close()
    }
  })

  it('holds at most RING_BYTES: a lease past it waits until a buffer comes back', async () => {
    const hasher = new Hasher(0)
    try {
      const held: Region[] = []
      for (let i = 0; i < RING_BYTES / MAX_BLOCK; i++) held.push(await hasher.lease(MAX_BLOCK))
      let next: Region | undefined
      const waiting = hasher.lease(MAX_BLOCK).then((r) => (next = r))
      await turns()
      expect(next).toBeUndefined()
      // A region freed without hashing (a block skipped) gives its buffer to the waiting lease.
      const first = held.shift() as Region
      const memory = first.bytes.buffer
      hasher.free(first)
      await waiting
      expect(next?.bytes.buffer).toBe(memory)
      // Smaller leases fit the spare room left by none: still bounded, they wait too.
      let small: Region | undefined
      const smallWaiting = hasher.lease(100).then((r) => (small = r))
      await turns()
      expect(small).toBeUndefined()
      hasher.free(held.shift() as Region)
      await smallWaiting
      expect(small?.bytes.length).toBe(100)
      // Its buffer is a spare 2 MiB one: nothing new was made.
      expect(small?.bytes.buffer.byteLength).toBe(MAX_BLOCK)
    } finally {
      await hasher.close()
    }
  })

  it('drops spare buffers too small for a block to make room, within the bound', async () => {
    const hasher = new Hasher(0)
    try {
      const smalls: Region[] = []
      // 128 buffers of 64 KiB: the whole bound.
      for (let i = 0; i < RING_BYTES / 65_536; i++) smalls.push(await hasher.lease(10))
      for (const r of smalls) hasher.free(r)
      // Every spare is too small for 2 MiB blocks: enough are dropped to make four of them.
      const big: Region[] = []
      for (let i = 0; i < RING_BYTES / MAX_BLOCK; i++) big.push(await hasher.lease(MAX_BLOCK))
      let more: Region | undefined
      void hasher.lease(MAX_BLOCK).then((r) => (more = r))
      await turns()
      expect(more).toBeUndefined()
      for (const r of big) hasher.free(r)
      await turns()
      expect(more?.bytes.length).toBe(MAX_BLOCK)
    } finally {
      await hasher.close()
    }
  })
})
