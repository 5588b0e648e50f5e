/**
 * The CAR the product writes, read back with @ipld/car: root in the header, every block hashes
 * to its CID, no duplicates, the DAG complete from the root, and the block set equal to the one
 * the independent implementation builds for the same tree.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { CarReader } from '@ipld/car/reader'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, describe, expect, it } from 'vitest'
import { writeCar } from '../src/content/car.js'
import { collect } from '../src/content/collect.js'
import { ContentError } from '../src/errors.js'
import { PROFILES, type ImportParams } from '../src/content/profiles.js'
import { scratch, specOf, writeTree } from './support/fs-tree.js'
import { referenceDirBlocks, type RefEntry } from './support/reference-unixfs.js'

const tmp = scratch('car')
afterAll(tmp.remove)

const TREE: RefEntry[] = [
  { type: 'file', path: 'index.html', content: new TextEncoder().encode('<h1>hello</h1>\n') },
  { type: 'file', path: 'empty.txt', content: new Uint8Array(0) },
  { type: 'file', path: 'again-empty.txt', content: new Uint8Array(0) },
  {
    type: 'file',
    path: 'assets/big.bin',
    content: new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 7) & 0xff),
  },
  {
    type: 'file',
    path: 'assets/copy.bin',
    content: new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 7) & 0xff),
  },
  { type: 'dir', path: 'nothing-here' },
  { type: 'symlink', path: 'assets/link', target: 'big.bin' },
  {
    type: 'file',
    path: '.well-known/security.txt',
    content: new TextEncoder().encode('Contact: x\n'),
  },
]

const writeEntries = (entries: RefEntry[]): string => writeTree(tmp.next(), specOf(entries))

async function readCar(
  file: string,
): Promise<{ roots: CID[]; blocks: Map<string, Uint8Array>; count: number }> {
  const reader = await CarReader.fromBytes(readFileSync(file))
  const blocks = new Map<string, Uint8Array>()
  let count = 0
  for await (const { cid, bytes } of reader.blocks()) {
    count++
    blocks.set(cid.toString(), bytes)
  }
  return { roots: await reader.getRoots(), blocks, count }
}

describe.each([
  ['unixfs-v1-2025', PROFILES['unixfs-v1-2025']],
  ['unixfs-v0-2015', PROFILES['unixfs-v0-2015']],
  ['kubo-cid-v1', PROFILES['kubo-cid-v1']],
] as const)('CAR for %s', (_name, params: ImportParams) => {
  it('has the root in its header, valid hashes, no duplicates, a complete DAG, and the reference block set', async () => {
    const root = writeEntries(TREE)
    const c = await collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })
    const carPath = `${tmp.next('out')}.car`
    const res = await writeCar(c, params, carPath)
    const car = await readCar(carPath)

    expect(car.roots.map(String)).toEqual([res.root.toString()])
    expect(car.count).toBe(car.blocks.size) // no block written twice
    expect(res.blocks).toBe(car.count)
    expect(res.carSize).toBe(readFileSync(carPath).length)

    for (const [cidStr, bytes] of car.blocks) {
      const cid = CID.parse(cidStr)
      expect(cid.multihash.code).toBe(sha256.code)
      expect(
        Buffer.from((await sha256.digest(bytes)).digest).equals(Buffer.from(cid.multihash.digest)),
        cidStr,
      ).toBe(true)
    }

    // Walk from the root: every link resolves to a block in the CAR.
    const seen = new Set<string>()
    const walk = (cid: CID): void => {
      const key = cid.toString()
      if (seen.has(key)) return
      seen.add(key)
      const bytes = car.blocks.get(key)
      expect(bytes, `block ${key} missing`).toBeDefined()
      if (cid.code === dagPb.code && bytes !== undefined)
        for (const l of dagPb.decode(bytes).Links) walk(l.Hash)
    }
    walk(res.root)
    expect(seen.size).toBe(car.blocks.size) // nothing unreachable either

    const ref = await referenceDirBlocks(TREE, params)
    expect(res.root.toString()).toBe(ref.root)
    expect([...car.blocks.keys()].sort()).toEqual([...ref.blocks.keys()].sort())
  })
})

describe('writeCar', () => {
  it('writes exactly the blocks the DAG links to (no stray empty-directory blocks)', async () => {
    const tree: RefEntry[] = [
      { type: 'file', path: 'a/b/c.txt', content: new TextEncoder().encode('c') },
      { type: 'file', path: 'a/d.txt', content: new TextEncoder().encode('d') },
      { type: 'file', path: 'e.txt', content: new TextEncoder().encode('e') },
    ]
    const c = await collect({
      path: writeEntries(tree),
      include: [],
      exclude: [],
      hiddenFiles: 'include',
    })
    const carPath = `${tmp.next('exact')}.car`
    const res = await writeCar(c, PROFILES['unixfs-v1-2025'], carPath, { wrapWithDirectory: true })
    const car = await readCar(carPath)
    // 3 raw leaves + directories a/b, a, the root and the wrapper.
    expect(car.count).toBe(7)
    const ref = await referenceDirBlocks(
      [{ type: 'dir', path: c.name }, ...tree.map((e) => ({ ...e, path: `${c.name}/${e.path}` }))],
      PROFILES['unixfs-v1-2025'],
    )
    expect(res.root.toString()).toBe(ref.root)
    expect([...car.blocks.keys()].sort()).toEqual([...ref.blocks.keys()].sort())
  })

  it('fails fast, with a clear error and nothing left behind, when the CAR cannot be created', async () => {
    const root = writeEntries([{ type: 'file', path: 'a', content: new Uint8Array(10) }])
    const c = await collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })
    // A path under a regular file: the directory cannot be made.
    const blocker = path.join(root, 'a')
    const err = await writeCar(c, PROFILES['unixfs-v1-2025'], path.join(blocker, 'x.car')).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ContentError)
    expect((err as Error).message).toMatch(
      /Could not write the CAR to .* is a file, not a directory\. Check "car-path"/,
    )
  })

  it('quotes the car-path that was asked for when a parent is a file', async () => {
    const root = writeEntries([
      { type: 'file', path: 'site/index.html', content: new Uint8Array(3) },
    ])
    const c = await collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })
    const err = await writeCar(
      c,
      PROFILES['unixfs-v1-2025'],
      path.join(root, 'site/index.html/x.car'),
      {
        asked: 'site/index.html/x.car',
      },
    ).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(
      /^Could not write the CAR to "site\/index\.html\/x\.car": ".*site\/index\.html" is a file, not a directory\. Check "car-path"\.$/,
    )
  })

  it.skipIf(process.platform !== 'linux')(
    'fails at once on a file system where the directory cannot be made (/proc), naming car-path',
    async () => {
      const root = writeEntries([{ type: 'file', path: 'a', content: new Uint8Array(3) }])
      const c = await collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })
      // Node's recursive mkdir loops forever here: bounded by this race, it must fail first.
      const hang = new Promise((resolve) => setTimeout(() => resolve('hung'), 5000).unref())
      const err = await Promise.race([
        writeCar(c, PROFILES['unixfs-v1-2025'], '/proc/nope/x.car', {
          asked: '/proc/nope/x.car',
        }).catch((e: unknown) => e),
        hang,
      ])
      expect(err).toBeInstanceOf(ContentError)
      expect((err as Error).message).toMatch(
        /^Could not write the CAR to "\/proc\/nope\/x\.car": cannot create the directory "\/proc\/nope" \(.*\)\. Check "car-path"\.$/,
      )
    },
  )

  it('names the CAR after the root CID in a target directory', async () => {
    const root = writeEntries([{ type: 'file', path: 'a', content: new Uint8Array([1, 2, 3]) }])
    const c = await collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })
    const dir = tmp.next('dir')
    const res = await writeCar(c, PROFILES['unixfs-v1-2025'], { dir })
    expect(res.carPath).toBe(path.join(dir, `${res.root.toString()}.car`))
    expect(readdirSync(dir)).toEqual([`${res.root.toString()}.car`])
  })

  it('rewrites the header when the root length differs from the placeholder (CIDv0 with raw leaves)', async () => {
    const root = writeEntries([
      { type: 'file', path: 'tiny.txt', content: new TextEncoder().encode('hi') },
    ])
    const c = await collect({
      path: path.join(root, 'tiny.txt'),
      include: [],
      exclude: [],
      hiddenFiles: 'include',
    })
    const carPath = `${tmp.next('raw')}.car`
    const res = await writeCar(c, { ...PROFILES['unixfs-v0-2015'], rawLeaves: true }, carPath)
    expect(res.root.version).toBe(1) // a single raw leaf is its own root
    expect((await readCar(carPath)).roots.map(String)).toEqual([res.root.toString()])
  })

  it('leaves no CAR behind when a file disappears mid-run', async () => {
    const root = writeEntries([
      { type: 'file', path: 'a', content: new Uint8Array(10) },
      { type: 'file', path: 'b', content: new Uint8Array(10) },
    ])
    const c = await collect({ path: root, include: [], exclude: [], hiddenFiles: 'include' })
    rmSync(path.join(root, 'b'))
    const dir = tmp.next('fail')
    await expect(writeCar(c, PROFILES['unixfs-v1-2025'], path.join(dir, 'x.car'))).rejects.toThrow(
      /ENOENT/,
    )
    expect(existsSync(path.join(dir, 'x.car'))).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })
})
