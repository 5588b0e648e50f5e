/**
 * The trustless gateway double does what docs/names/trustless-gateway.md#test-double says: every
 * CAR is read with @ipld/car and every block hashed with node:crypto (not the product's code),
 * against a DAG built by the independent reference UnixFS implementation.
 */
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { CarBlockIterator } from '@ipld/car/iterator'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KUBO_V1, blockKey } from '../doubles/common.js'
import { PROBE_CID, startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { referenceDirBlocks } from '../support/reference-unixfs.js'

const RAW = 'application/vnd.ipld.raw'
const CAR = 'application/vnd.ipld.car'

/** A site: two identical files (one leaf twice), a chunked file in a folder, an empty file. */
const big = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 251)
const same = new TextEncoder().encode('same bytes in two files')
let root: CID
let store: Map<string, Uint8Array>
/** The site's CIDs: root, `sub`, `sub/big.bin`. */
let sub: CID
let bigFile: CID

beforeAll(async () => {
  const built = await referenceDirBlocks(
    [
      { type: 'file', path: 'a.txt', content: same },
      { type: 'file', path: 'b.txt', content: same },
      { type: 'file', path: 'empty', content: new Uint8Array() },
      { type: 'file', path: 'sub/big.bin', content: big },
    ],
    { ...KUBO_V1, chunkSize: 64, maxLinks: 3 },
  )
  root = CID.parse(built.root)
  store = new Map([...built.blocks].map(([c, b]) => [blockKey(CID.parse(c)), b]))
  const link = (parent: CID, name: string): CID => {
    const l = dagPb
      .decode(store.get(blockKey(parent)) ?? new Uint8Array())
      .Links.find((x) => x.Name === name)
    if (l === undefined) throw new Error(`no ${name}`)
    return l.Hash
  }
  sub = link(root, 'sub')
  bigFile = link(sub, 'big.bin')
})

let gw: GatewayDouble
afterEach(async () => {
  await gw.close()
})
const start = async (): Promise<GatewayDouble> =>
  (gw = await startGatewayDouble({ blocks: (k) => store.get(k) }))

/** The non-identity blocks under `cid` (the whole DAG), as `blockKey`s. */
function dagKeys(cid: CID, out = new Set<string>()): Set<string> {
  if (cid.multihash.code === 0) return out
  out.add(blockKey(cid))
  if (cid.code === dagPb.code)
    for (const l of dagPb.decode(store.get(blockKey(cid)) ?? new Uint8Array()).Links)
      dagKeys(l.Hash, out)
  return out
}

interface Got {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** The body ended as HTTP says; false when the connection was cut. */
  complete: boolean
}

/** A request with node:http, keeping whatever arrived even when the connection is cut. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(`${gw.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', () => undefined)
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          complete: res.complete,
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}
const car = (
  path = `/ipfs/${root.toString()}`,
  query = '',
  accept = `${CAR}; version=1`,
): Promise<Got> => get(`${path}?format=car${query}`, { accept })

/** Every block of a CAR, each hashed with node:crypto against its CID. */
async function blocksOf(
  body: Uint8Array,
): Promise<Array<{ cid: CID; bytes: Uint8Array; hashOk: boolean }>> {
  const it = await CarBlockIterator.fromBytes(body)
  const out = []
  for await (const { cid, bytes } of it) {
    const digest = createHash('sha256').update(bytes).digest()
    out.push({ cid, bytes, hashOk: digest.equals(Buffer.from(cid.multihash.digest)) })
  }
  return out
}
const keys = (bs: Array<{ cid: CID }>): string[] => bs.map((b) => blockKey(b.cid))

describe('trustless gateway double: requests', () => {
  it('answers the bafkqaaa probe: an empty raw block, a CAR with only a header', async () => {
    await start()
    const r = await get(`/ipfs/${PROBE_CID}?format=raw`, { accept: RAW })
    expect([r.status, r.headers['content-type'], r.body.length]).toEqual([200, RAW, 0])
    const c = await car(`/ipfs/${PROBE_CID}`)
    expect(c.status).toBe(200)
    const it = await CarBlockIterator.fromBytes(c.body)
    expect((await it.getRoots()).map(String)).toEqual([PROBE_CID])
    expect(await blocksOf(c.body)).toEqual([])
  })

  it('serves a raw block with the spec headers, the format parameter winning over Accept', async () => {
    await start()
    const r = await get(`/ipfs/${root.toString()}?format=raw`, { accept: CAR })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe(RAW)
    expect(r.body.equals(Buffer.from(store.get(blockKey(root)) ?? []))).toBe(true)
    expect(r.headers.etag).toBe(`"${root.toString()}.raw"`)
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${root.toString()}.bin"`)
    expect(r.headers['cache-control']).toBe('public, max-age=29030400, immutable')
    expect(r.headers['content-location']).toBeUndefined()
    // Negotiated by Accept alone: the answer says where its format-specific URL is.
    const a = await get(`/ipfs/${root.toString()}`, { accept: RAW })
    expect([a.status, a.headers['content-location']]).toEqual([
      200,
      `/ipfs/${root.toString()}?format=raw`,
    ])
  })

  it('refuses what a strict trustless gateway refuses: no format, a raw path, a bad CID', async () => {
    await start()
    expect((await get(`/ipfs/${root.toString()}`)).status).toBe(400)
    expect((await get(`/ipfs/${root.toString()}/sub?format=raw`, { accept: RAW })).status).toBe(400)
    expect((await get('/ipfs/not-a-cid?format=raw', { accept: RAW })).status).toBe(400)
    expect((await car(undefined, '&dag-scope=everything')).status).toBe(400)
    expect((await car(undefined, '', `${CAR}; version=2`)).status).toBe(400)
    expect((await get(`/ipfs/${root.toString()}?format=raw`, {}, 'POST')).status).toBe(405)
  })

  it('answers 404 when the root block is missing, to GET and HEAD alike', async () => {
    await start()
    const absent = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
    expect((await get(`/ipfs/${absent.toString()}?format=raw`, { accept: RAW })).status).toBe(404)
    expect((await car(`/ipfs/${absent.toString()}`)).status).toBe(404)
    const head = await get(`/ipfs/${absent.toString()}?format=car`, { accept: CAR }, 'HEAD')
    expect([head.status, head.body.length]).toEqual([404, 0])
    const ok = await get(`/ipfs/${root.toString()}?format=car`, { accept: CAR }, 'HEAD')
    expect([ok.status, ok.body.length]).toEqual([200, 0])
  })
})

describe('trustless gateway double: CAR', () => {
  it('streams the whole DAG in DFS order, each block once, every block hashing to its CID', async () => {
    await start()
    const r = await car()
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe(`${CAR}; version=1; order=dfs; dups=n`)
    expect(r.headers.etag).toMatch(/^W\/"/)
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${root.toString()}.car"`)
    const got = await blocksOf(r.body)
    expect(got.every((b) => b.hashOk)).toBe(true)
    expect(new Set(keys(got))).toEqual(dagKeys(root))
    expect(keys(got).length).toBe(dagKeys(root).size)
    expect(keys(got)[0]).toBe(blockKey(root))
    // Pre-order: every block's parent came before it.
    const at = new Map(keys(got).map((k, i) => [k, i]))
    for (const b of got)
      if (b.cid.code === dagPb.code)
        for (const l of dagPb.decode(b.bytes).Links)
          if (l.Hash.multihash.code !== 0)
            expect(at.get(blockKey(l.Hash))).toBeGreaterThan(at.get(blockKey(b.cid)) ?? 0)
  })

  it('repeats a block each time the walk meets it with dups=y', async () => {
    await start()
    const r = await car(undefined, '', `${CAR}; version=1; order=dfs; dups=y`)
    expect(r.headers['content-type']).toBe(`${CAR}; version=1; order=dfs; dups=y`)
    const got = keys(await blocksOf(r.body))
    expect(got.length).toBe(dagKeys(root).size + 1)
    // car-dups in the query wins over Accept.
    const q = await car(undefined, '&car-dups=n', `${CAR}; version=1; dups=y`)
    expect(keys(await blocksOf(q.body)).length).toBe(dagKeys(root).size)
  })

  it('sends the path blocks, then the entity: a whole file, or a directory node alone', async () => {
    await start()
    const file = await car(`/ipfs/${root.toString()}/sub/big.bin`, '&dag-scope=entity')
    expect(keys(await blocksOf(file.body))).toEqual([
      blockKey(root),
      blockKey(sub),
      ...[...dagKeys(bigFile)],
    ])
    expect(dagKeys(bigFile).size).toBeGreaterThan(3)
    const dir = await car(`/ipfs/${root.toString()}/sub`, '&dag-scope=entity')
    expect(keys(await blocksOf(dir.body))).toEqual([blockKey(root), blockKey(sub)])
    const block = await car(`/ipfs/${root.toString()}/sub/big.bin`, '&dag-scope=block')
    expect(keys(await blocksOf(block.body))).toEqual([
      blockKey(root),
      blockKey(sub),
      blockKey(bigFile),
    ])
    const all = await car(`/ipfs/${root.toString()}/sub`, '&dag-scope=all')
    expect(keys(await blocksOf(all.body))).toEqual([blockKey(root), ...dagKeys(sub)])
    expect((await car(`/ipfs/${root.toString()}/nope`)).status).toBe(404)
  })
})

describe('trustless gateway double: faults', () => {
  it('answers 404 while content spreads, then serves it (412 for only-if-cached)', async () => {
    await start()
    gw.notFoundFor = 3
    expect((await car()).status).toBe(404)
    expect((await get(`/ipfs/${PROBE_CID}?format=raw`, { accept: RAW })).status).toBe(200)
    const cached = await car(undefined, '', CAR)
    expect(cached.status).toBe(404)
    const only = await get(`/ipfs/${root.toString()}?format=raw`, {
      accept: RAW,
      'cache-control': 'only-if-cached',
    })
    expect(only.status).toBe(412)
    expect(gw.notFoundFor).toBe(0)
    expect((await car()).status).toBe(200)
  })

  it('answers as a recursive gateway still looking: 504, then 502, with Retry-After: 0', async () => {
    await start()
    gw.recursiveDelays = 2
    const a = await car()
    const b = await car()
    expect([a.status, a.headers['retry-after'], b.status, b.headers['retry-after']]).toEqual([
      504,
      '0',
      502,
      '0',
    ])
    expect((await car()).status).toBe(200)
  })

  it('rate-limits one request, refuses blocked content with 410', async () => {
    await start()
    gw.rateLimitOnce = true
    const limited = await car()
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '1'])
    expect(gw.rateLimitOnce).toBe(false)
    expect((await car()).status).toBe(200)
    gw.blocked = true
    expect((await car()).status).toBe(410)
    expect((await get(`/ipfs/${PROBE_CID}?format=raw`, { accept: RAW })).status).toBe(200)
  })

  it('leaves a block out: the CAR ends cleanly at a block boundary, short of the DAG', async () => {
    await start()
    const leaf = [...dagKeys(bigFile)][2] ?? ''
    gw.missing = CID.parse(leaf).toString()
    const r = await car()
    expect([r.status, r.complete]).toEqual([200, true])
    const got = keys(await blocksOf(r.body))
    expect(got).not.toContain(leaf)
    expect(got.length).toBeLessThan(dagKeys(root).size)
    gw.missing = root.toString()
    expect((await car()).status).toBe(404)
  })

  it('corrupts a block under its own CID, in a CAR and as a raw block', async () => {
    await start()
    gw.corrupt = sub.toString()
    const got = await blocksOf((await car()).body)
    expect(got.filter((b) => !b.hashOk).map((b) => b.cid.toString())).toEqual([sub.toString()])
    // The walk still follows the real links: every other block arrives.
    expect(new Set(keys(got))).toEqual(dagKeys(root))
    const raw = await get(`/ipfs/${sub.toString()}?format=raw`, { accept: RAW })
    expect(raw.body.equals(Buffer.from(store.get(blockKey(sub)) ?? []))).toBe(false)
  })

  it('cuts the stream inside the block after N whole ones and drops the connection', async () => {
    await start()
    gw.cutAfterBlocks = 2
    const r = await car()
    expect([r.status, r.complete]).toEqual([200, false])
    const seen: string[] = []
    const read = async (): Promise<void> => {
      for await (const b of await CarBlockIterator.fromBytes(r.body)) seen.push(blockKey(b.cid))
    }
    await expect(read()).rejects.toThrow(/Unexpected end of data/)
    expect(seen.length).toBe(2)
    // Past the last block: every block arrives, but the response never ends properly.
    gw.cutAfterBlocks = 1000
    const all = await car()
    expect(all.complete).toBe(false)
    expect(new Set(keys(await blocksOf(all.body)))).toEqual(dagKeys(root))
  })

  it('can answer a legacy plain CAR type with blocks in a non-DFS order', async () => {
    await start()
    gw.legacyContentType = true
    const r = await car()
    expect(r.headers['content-type']).toBe(CAR)
    const got = keys(await blocksOf(r.body))
    expect(new Set(got)).toEqual(dagKeys(root))
    expect(got[got.length - 1]).toBe(blockKey(root))
  })

  it('can send duplicates and an unrelated extra block', async () => {
    await start()
    gw.dups = true
    gw.extraBlock = new TextEncoder().encode('not part of the site')
    const r = await car()
    expect(r.headers['content-type']).toBe(`${CAR}; version=1; order=dfs; dups=y`)
    const got = await blocksOf(r.body)
    expect(got.every((b) => b.hashOk)).toBe(true)
    const extra = got.filter((b) => !dagKeys(root).has(blockKey(b.cid)))
    expect(extra.map((b) => Buffer.from(b.bytes).toString())).toEqual(['not part of the site'])
    // dups=y meets the shared leaf twice (one more than the DAG's blocks), each sent twice.
    expect(got.length).toBe((dagKeys(root).size + 1) * 2 + 1)
  })

  it('plays an injected fault first and records every request', async () => {
    await start()
    gw.fault = (n) => (n === 1 ? { status: 500, body: 'boom' } : undefined)
    expect((await car()).status).toBe(500)
    expect((await car()).status).toBe(200)
    expect(gw.server.requests.map((q) => q.method)).toEqual(['GET', 'GET'])
    expect(gw.server.requests[1]?.url).toBe(`/ipfs/${root.toString()}?format=car`)
  })
})

/** Up to `max` bytes of an answer, then the connection is dropped (for endless ones). */
function getSome(path: string, max: number, headers: Record<string, string> = { accept: CAR }) {
  return new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
    const req = request(`${gw.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      const done = (): void =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks).subarray(0, max),
        })
      res.on('data', (c: Buffer) => {
        chunks.push(c)
        size += c.length
        if (size >= max) {
          res.destroy()
          done()
        }
      })
      res.on('error', () => undefined)
      res.on('close', done)
    })
    req.on('error', reject)
    req.end()
  })
}

/** The sections of a CAR body after its header, read by hand: [length, first bytes]. */
function sections(body: Buffer): Array<[number, Buffer]> {
  const varint = (at: number): [number, number] => {
    let v = 0
    let mul = 1
    for (let i = at; i < body.length; i++) {
      v += ((body[i] ?? 0) & 0x7f) * mul
      if (((body[i] ?? 0) & 0x80) === 0) return [v, i + 1]
      mul *= 128
    }
    return [v, body.length]
  }
  const [h, start] = varint(0)
  const out: Array<[number, Buffer]> = []
  for (let at = start + h; at < body.length;) {
    const [n, from] = varint(at)
    out.push([n, body.subarray(from, Math.min(from + n, body.length))])
    at = from + n
  }
  return out
}

describe('trustless gateway double: hostile servers', () => {
  it('answers as a path gateway, whatever the format: an HTML page, or octet-stream bytes', async () => {
    await start()
    gw.pathGateway = 'html'
    const page = await car(`/ipfs/${PROBE_CID}`)
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8'])
    expect(page.body.toString()).toMatch(/^<!DOCTYPE html>/)
    gw.pathGateway = 'octet-stream'
    const probe = await car(`/ipfs/${PROBE_CID}`)
    expect([probe.status, probe.headers['content-type'], probe.body.length]).toEqual([
      200,
      'application/octet-stream',
      0,
    ])
    expect((await car()).body.length).toBeGreaterThan(0)
  })

  it('redirects every /ipfs/ request to another origin', async () => {
    await start()
    gw.redirectTo = 'https://elsewhere.example'
    const r = await car()
    expect([r.status, r.headers.location]).toEqual([
      301,
      `https://elsewhere.example/ipfs/${root.toString()}?format=car`,
    ])
  })

  it('sends any Retry-After, and rate-limits content requests only, not the probe', async () => {
    await start()
    gw.rateLimitOnce = true
    gw.retryAfter = '-5'
    expect((await car(`/ipfs/${PROBE_CID}`)).status).toBe(200)
    const r = await car()
    expect([r.status, r.headers['retry-after']]).toEqual([429, '-5'])
  })

  it('drops the connection where a missing block would be (missingCut), after every block before it', async () => {
    await start()
    gw.missing = bigFile.toString()
    gw.missingCut = true
    const r = await car()
    expect([r.status, r.complete]).toEqual([200, false])
    const got = keys(await blocksOf(r.body))
    expect(got).not.toContain(blockKey(bigFile))
    expect(got.length).toBeGreaterThan(0)
  })

  it('sends blocks breadth-first with order=unk, and the extra block right after the first', async () => {
    await start()
    gw.breadthFirst = true
    gw.extraBlock = new TextEncoder().encode('extra')
    const r = await car()
    expect(r.headers['content-type']).toBe(`${CAR}; version=1; order=unk; dups=n`)
    const got = await blocksOf(r.body)
    expect(blockKey(got[0]?.cid as CID)).toBe(blockKey(root))
    expect(Buffer.from(got[1]?.bytes ?? []).toString()).toBe('extra')
    const ours = keys(got.filter((_, i) => i !== 1))
    expect(new Set(ours)).toEqual(dagKeys(root))
    // Breadth-first: sub (a child of the root) comes before big.bin (its child).
    expect(ours.indexOf(blockKey(sub))).toBeLessThan(ours.indexOf(blockKey(bigFile)))
  })

  it('plays the hostile CARs: lengths, CIDs, endless foreign or repeated blocks (not for the probe)', async () => {
    await start()
    gw.hostile = { afterBlocks: 1, send: 'section-length', length: 3_000_000_000 }
    expect((await car(`/ipfs/${PROBE_CID}`)).body.length).toBeLessThan(100)
    let s = sections((await getSome(`/ipfs/${root.toString()}?format=car`, 100_000)).body)
    expect(s[0]?.[1].subarray(0, 36).equals(Buffer.from(root.bytes))).toBe(true)
    expect(s[1]?.[0]).toBe(3_000_000_000)

    gw.hostile = { send: 'header-length', length: 100_000_000 }
    const h = (await getSome(`/ipfs/${root.toString()}?format=car`, 10_000)).body
    expect([h[0], h[1], h[2], h[3]]).toEqual([0x80, 0xc2, 0xd7, 0x2f])

    const cid = Uint8Array.of(0x01, 0x55, 0x00, 0x80, 0x01, ...new Uint8Array(128))
    // The connection is held open after the CID: read exactly that much.
    gw.hostile = undefined
    const plain = (await car()).body
    const header = (plain[0] ?? 0) + 1
    gw.hostile = { send: 'section', cid }
    s = sections(
      (await getSome(`/ipfs/${root.toString()}?format=car`, header + 2 + cid.length)).body,
    )
    expect(s[0]?.[0]).toBe(cid.length + 16)
    expect(s[0]?.[1].equals(Buffer.from(cid))).toBe(true)

    gw.hostile = { afterBlocks: 2, send: 'foreign' }
    s = sections((await getSome(`/ipfs/${root.toString()}?format=car`, 300_000)).body)
    const decoded = s
      .slice(0, -1)
      .map(([, b]) => ({ cid: CID.decode(b.subarray(0, 36)), bytes: b.subarray(36) }))
    expect(decoded.length).toBeGreaterThan(100)
    for (const b of decoded.slice(2)) {
      expect(dagKeys(root).has(blockKey(b.cid))).toBe(false)
      expect(createHash('sha256').update(b.bytes).digest().equals(b.cid.multihash.digest)).toBe(
        true,
      )
    }
    expect(new Set(decoded.map((b) => blockKey(b.cid))).size).toBe(decoded.length)

    gw.hostile = { afterBlocks: 1, send: 'duplicates' }
    s = sections((await getSome(`/ipfs/${root.toString()}?format=car`, 100_000)).body)
    expect(new Set(s.slice(0, -1).map(([, b]) => b.toString('hex'))).size).toBe(1)
    expect(s.length).toBeGreaterThan(10)
  })
})
