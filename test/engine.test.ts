/**
 * The content engine's own behaviour: the same CAR whatever the threads do, large files in one
 * directory in a fixed order (the importer-driven engine interleaved them by I/O timing), read
 * failures on a thread reported like any other, and the progress counters.
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { CarBlockIterator } from '@ipld/car/iterator'
import { afterAll, describe, expect, it } from 'vitest'
import { writeCar } from '../src/content/car.js'
import { collect, type Collection } from '../src/content/collect.js'
import { buildDag } from '../src/content/dag.js'
import { PROFILES } from '../src/content/profiles.js'
import { ContentError } from '../src/errors.js'
import { lcgBytes } from './support/car-trees.js'
import { scratch, writeTree } from './support/fs-tree.js'

const tmp = scratch('engine')
afterAll(tmp.remove)

const MIB = 1 << 20
const THREADS = { threads: 2, pool: { mode: 'threads' } } as const
const all = (root: string): Promise<Collection> =>
  collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })

async function blockCids(car: string): Promise<string[]> {
  const it = await CarBlockIterator.fromBytes(readFileSync(car))
  const cids: string[] = []
  for await (const b of it) cids.push(b.cid.toString())
  return cids
}

describe('large files in one directory', () => {
  const spec: Record<string, Uint8Array> = {}
  for (let i = 0; i < 4; i++) spec[`big-${i}.bin`] = lcgBytes(2 * MIB + i, 40 + i)
  for (let i = 0; i < 20; i++) spec[`small-${i}.txt`] = lcgBytes(100 * i, i)

  it('are written one after the other, after the small files of their batch, in every mode', async () => {
    const root = writeTree(tmp.next(), spec)
    const c = await all(root)
    const cars = []
    for (const opts of [THREADS, { threads: 0 }, {}]) {
      const car = `${tmp.next('car')}.car`
      await writeCar(c, PROFILES['unixfs-v1-2025'], car, opts)
      cars.push(readFileSync(car))
    }
    expect(cars[1]?.equals(cars[0] ?? Buffer.alloc(0))).toBe(true)
    expect(cars[2]?.equals(cars[0] ?? Buffer.alloc(0))).toBe(true)

    // Each large file alone gives its blocks in order; in the directory they follow each other.
    const car = `${tmp.next('car')}.car`
    await writeCar(c, PROFILES['unixfs-v1-2025'], car, THREADS)
    const order = await blockCids(car)
    const own: string[][] = []
    for (let i = 0; i < 4; i++) {
      const one = `${tmp.next('one')}.car`
      await writeCar(await all(path.join(root, `big-${i}.bin`)), PROFILES['unixfs-v1-2025'], one)
      own.push(await blockCids(one))
    }
    const start = order.indexOf(own[0]?.[0] ?? '')
    expect(start).toBe(20) // the 20 small files' leaves come first
    expect(order.slice(start, start + own.flat().length)).toEqual(own.flat())
  })
})

describe('a sink of its own', () => {
  it('receives the blocks of the CAR, in the same order, whatever the threads do', async () => {
    const spec: Record<string, Uint8Array> = { 'a/big': lcgBytes(3 * MIB + 5, 2) }
    for (let i = 0; i < 120; i++) spec[`b/${i}`] = lcgBytes(i * 3000, i)
    const c = await all(writeTree(tmp.next(), spec))
    for (const profile of ['unixfs-v1-2025', 'unixfs-v0-2015'] as const) {
      const car = `${tmp.next('car')}.car`
      await writeCar(c, PROFILES[profile], car, THREADS)
      for (const opts of [THREADS, { threads: 0 }]) {
        const got: string[] = []
        const res = await buildDag(c, PROFILES[profile], {
          ...opts,
          unique: true,
          sink: { put: (cid) => void got.push(cid.toString()) },
        })
        expect(got).toEqual(await blockCids(car))
        expect(res.blocks).toBe(got.length)
      }
    }
  })
})

describe('read failures on a thread', () => {
  it('name the file, and leave no CAR behind', async () => {
    const spec: Record<string, Uint8Array> = {}
    for (let i = 0; i < 300; i++) spec[`f-${String(i).padStart(3, '0')}`] = lcgBytes(i, i)
    const root = writeTree(tmp.next(), spec)
    const c = await all(root)
    rmSync(path.join(root, 'f-250'))
    const dir = tmp.next('out')
    const err = await writeCar(c, PROFILES['unixfs-v0-2015'], { dir }, THREADS).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ContentError)
    expect((err as Error).message).toMatch(/Could not read "f-250": ENOENT/)
    await expect(buildDag(c, PROFILES['unixfs-v1-2025'], THREADS)).rejects.toThrow(
      /Could not read "f-250": ENOENT/,
    )
  })
})

describe('progress', () => {
  it('counts every file and byte, in CID-only and CAR runs', async () => {
    const spec: Record<string, Uint8Array> = { 'a/big': lcgBytes(3 * MIB, 1) }
    for (let i = 0; i < 100; i++) spec[`b/${i}`] = lcgBytes(i * 10, i)
    const c = await all(writeTree(tmp.next(), spec))
    const bytes = 3 * MIB + 10 * ((99 * 100) / 2)
    for (const opts of [THREADS, { threads: 0 }]) {
      const progress = { files: 0, bytes: 0 }
      const dag = await buildDag(c, PROFILES['kubo-cid-v1'], { ...opts, progress })
      expect(progress).toEqual({ files: 101, bytes })
      expect([dag.files, dag.bytes]).toEqual([101, bytes])
      const p2 = { files: 0, bytes: 0 }
      const car = await writeCar(c, PROFILES['kubo-cid-v1'], `${tmp.next('car')}.car`, {
        ...opts,
        progress: p2,
      })
      expect(p2).toEqual({ files: 101, bytes })
      expect(car.root.toString()).toBe(dag.root.toString())
    }
  })
})
