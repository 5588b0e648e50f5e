/**
 * The Pinata v3 CAR upload provider against its double (which re-reads every CAR with
 * @ipld/car): the multipart fields, TUS above the threshold (409 answered by HEAD), the pending
 * CID window, one record per CID with merged claims, the legacy-scoped key, one store shared
 * with the legacy API. The contract suite covers the rest.
 */
import path from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CarResult } from '../../src/content/car.js'
import type { ProviderError } from '../../src/errors.js'
import { createPinataProvider } from '../../src/providers/pinata.js'
import {
  createPinataV3Provider,
  pinataV3,
  type PinataV3Options,
} from '../../src/providers/pinata-v3.js'
import type { CarFile, ListedPin, PinTags, Provider } from '../../src/providers/types.js'
import { multipartForm } from '../doubles/common.js'
import { startPinataDouble, type PinataDouble } from '../doubles/pinata.js'
import { startPinataV3Double, type PinataV3Double } from '../doubles/pinata-v3.js'
import { ROOT } from '../support/action-harness.js'
import { fakeClock } from '../support/clock.js'
import { providerContract } from '../support/contract.js'
import { testDeps } from '../support/deps.js'
import { carOf, scratch, writeTree } from '../support/fs-tree.js'
import { seededBytesSync } from '../support/seeded-random.js'

const tmp = scratch('pinata-v3')
afterAll(tmp.remove)
const JWT = 'eyJhbGciOiJIUzI1NiJ9.pinata-v3-unit.sig-77aa'
const LEGACY_JWT = 'eyJhbGciOiJIUzI1NiJ9.legacy-scoped.sig-11bb'
const TAGS: PinTags = {
  name: 'site-0123456',
  metadata: {
    'ipfs-pin.scope': 'acme/site@production',
    'ipfs-pin.time': '2026-11-01T00:00:00.000Z',
    'ipfs-pin.repo': 'acme/site',
  },
}
const KIB = 1024

let small: CarResult
let big: CarResult
beforeAll(async () => {
  small = await carOf(path.join(ROOT, 'examples', 'planets'), tmp.next('car'))
  const dir = writeTree(tmp.next('big'), { 'a.bin': seededBytesSync('pinata-v3-big', 3 << 20) })
  big = await carOf(dir, tmp.next('car'))
})
const carFile = (c: CarResult): CarFile => ({ path: c.carPath, size: c.carSize, root: c.root })

let v3: PinataV3Double
let legacy: PinataDouble | undefined
afterEach(async () => {
  await v3.close()
  await legacy?.close()
  legacy = undefined
})

async function provider(
  over: Partial<PinataV3Options> = {},
  opts: { shared?: boolean; retries?: number } = {},
): Promise<{ p: Provider; logs: string[]; clock: ReturnType<typeof fakeClock> }> {
  if (opts.shared === true) legacy = await startPinataDouble({ jwt: JWT })
  v3 = await startPinataV3Double({
    jwt: JWT,
    legacyScopedJwt: LEGACY_JWT,
    ...(legacy !== undefined ? { pins: legacy.pins } : {}),
  })
  const clock = fakeClock()
  const { deps, logs } = testDeps([JWT, LEGACY_JWT], { retries: opts.retries ?? 1, clock })
  const config: PinataV3Options = {
    id: 'pinata-v3',
    apiUrl: v3.url,
    uploadsUrl: v3.url,
    jwt: JWT,
    ...over,
  }
  return { p: createPinataV3Provider(config, deps), logs, clock }
}

async function all<T>(it: AsyncIterable<T> | undefined): Promise<T[]> {
  const out: T[] = []
  for await (const x of it ?? []) out.push(x)
  return out
}

describe('pinata-v3 provider', () => {
  it('posts the CAR as one file part with network=public, car=true, its name and flat keyvalues', async () => {
    const { p } = await provider()
    const info = await p.uploadCar?.(carFile(small), TAGS)
    expect(info).toMatchObject({ cid: small.root.toString(), state: 'pinned' })
    const req = v3.server.requests[0]
    if (req === undefined) throw new Error('no request')
    expect(req.url).toBe('/v3/files')
    expect(req.headers.authorization).toBe(`Bearer ${JWT}`)
    const form = await multipartForm(req, req.body)
    expect(form.files.map((f) => [f.field, f.filename])).toEqual([
      ['file', `${small.root.toString()}.car`],
    ])
    expect(form.files[0]?.data.length).toBe(small.carSize)
    expect(Object.fromEntries([...form.fields].map(([k, v]) => [k, v[0]]))).toEqual({
      network: 'public',
      name: 'site-0123456',
      keyvalues: JSON.stringify(TAGS.metadata),
      car: 'true',
    })
  })

  it('uploads a large CAR by TUS in chunks, and resumes from the offset the server holds', async () => {
    const { p } = await provider({ tusAbove: 1024 * KIB, chunkSize: 700 * KIB })
    v3.maxDirect = 1024 * KIB
    v3.maxChunk = 700 * KIB
    let patches = 0
    // The second chunk arrives, but its answer is lost: the retry gets 409 and asks with HEAD.
    v3.fault = (_n, _path, method) =>
      method === 'PATCH' && ++patches === 2 ? 'reset-after' : undefined
    const progress = { sent: 0 }
    const info = await p.uploadCar?.(carFile(big), TAGS, { progress })
    expect(info?.cid).toBe(big.root.toString())
    const methods = v3.server.requests.map((r) => r.method)
    expect(methods[0]).toBe('POST')
    expect(methods).toContain('HEAD')
    const create = v3.server.requests[0]
    expect(create?.headers['tus-resumable']).toBe('1.0.0')
    expect(create?.headers['upload-length']).toBe(String(big.carSize))
    const meta = Object.fromEntries(
      String(create?.headers['upload-metadata'])
        .split(',')
        .map((kv) => kv.split(' '))
        .map(([k = '', v = '']) => [k, Buffer.from(v, 'base64').toString()]),
    )
    expect(meta).toMatchObject({
      network: 'public',
      car: 'true',
      keyvalues: JSON.stringify(TAGS.metadata),
    })
    const sent = v3.server.requests.filter((r) => r.method === 'PATCH' && r.body.length > 0)
    for (const r of sent) expect(r.body.length).toBeLessThanOrEqual(700 * KIB)
    expect(progress.sent).toBe(big.carSize)
    expect(v3.count(big.root.toString())).toBe(1)
  })

  it('reads the file by id while its CID is pending, and fails clearly when the import is dropped', async () => {
    const { p, clock } = await provider()
    v3.pendingReads = 3
    expect((await p.uploadCar?.(carFile(small), TAGS))?.cid).toBe(small.root.toString())
    // Three reads still say pending, the fourth has the CID: growing pauses before each.
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3375])
    await v3.close()
    const again = await provider()
    v3.pendingReads = 2
    v3.importFails = true
    await expect(again.p.uploadCar?.(carFile(small), TAGS)).rejects.toThrow(
      /dropped file .* while importing the CAR: the import failed/,
    )
  })

  it("keeps one record per CID: another scope's upload merges its claim into the keyvalues", async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(small), TAGS)
    const preview: PinTags = {
      name: 'site-pr7',
      metadata: {
        ...TAGS.metadata,
        'ipfs-pin.scope': 'acme/site#pr-7',
        'ipfs-pin.time': '2026-11-02T00:00:00.000Z',
      },
    }
    await p.uploadCar?.(carFile(small), preview)
    expect(v3.count(small.root.toString())).toBe(1)
    expect(v3.pins[0]?.keyvalues?.['ipfs-pin.scope']).toBe('acme/site@production acme/site#pr-7')
    const listed = await all(p.list?.({ scope: 'acme/site#pr-7' }))
    expect(listed.map((x) => x.cid)).toEqual([small.root.toString()])
  })

  it('names both causes of a 401 (a legacy-scoped key, or none), once, without the key', async () => {
    const { p } = await provider({ jwt: LEGACY_JWT })
    const err = (await p
      .uploadCar?.(carFile(small), TAGS)
      .catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(401)
    expect(err.message).toMatch(/no Authorization header found/)
    expect(err.message).toMatch(/check "pinata-jwt"/)
    expect(err.message).toMatch(/a key made for the legacy API is refused by v3/)
    expect(err.message).not.toContain(LEGACY_JWT)
    expect(v3.server.requests).toHaveLength(1)
  })

  it('refuses more than 10 keyvalues before sending anything', async () => {
    const { p } = await provider()
    const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    await expect(p.uploadCar?.(carFile(small), { name: 'x', metadata })).rejects.toThrow(
      /at most 10 keyvalues/,
    )
    expect(v3.server.requests).toHaveLength(0)
  })

  it('shares one store with the legacy API: each side lists, deletes and unpins the other side’s records', async () => {
    const { p } = await provider({}, { shared: true })
    if (legacy === undefined) throw new Error('no legacy double')
    const old = legacy.seed({
      cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
      keyvalues: { ...TAGS.metadata, 'ipfs-pin.time': '2026-01-01T00:00:00.000Z' },
    })
    await p.uploadCar?.(carFile(small), TAGS)
    const listed: ListedPin[] = await all(p.list?.({ scope: 'acme/site@production' }))
    expect(listed.map((x) => x.cid).sort()).toEqual([old.cid, small.root.toString()].sort())
    // v3 delete by id removes the legacy pin; legacy unpin by CID removes the v3 file.
    expect((await p.unpin?.({ cid: old.cid, id: old.id }))?.outcome).toBe('removed')
    expect(old.dateUnpinned).not.toBeNull()
    const legacyProvider = createPinataProvider(
      { id: 'pinata', apiUrl: legacy.url, auth: { jwt: JWT } },
      testDeps([JWT]).deps,
    )
    expect((await legacyProvider.unpin?.({ cid: small.root.toString() }))?.outcome).toBe('removed')
    expect((await p.status?.({ cid: small.root.toString() }))?.state).toBe('absent')
  })

  describe('pin by CID (pin_by_cid)', () => {
    const ORIGINS = Array.from(
      { length: 7 },
      (_, i) => `/ip4/192.0.2.${i}/tcp/4001/p2p/12D3KooW${i}`,
    )
    /** The example uploaded, then deleted: the CID is on the network, no file holds it. */
    async function gone(p: Provider): Promise<string> {
      const cid = small.root.toString()
      await p.uploadCar?.(carFile(small), TAGS)
      await p.unpin?.({ cid })
      expect(v3.count(cid)).toBe(0)
      v3.server.requests.length = 0
      return cid
    }

    it('queues a job with the labels as keyvalues and follows the queue through its statuses until it is a file', async () => {
      const { p, clock } = await provider()
      const cid = await gone(p)
      v3.jobSteps = ['searching', 'retrieving']
      const info = await p.pin?.(CID.parse(cid), TAGS, { origins: ORIGINS })
      const file = v3.pins.find((x) => x.cid === cid && x.dateUnpinned === null)
      expect(info).toEqual({ cid, id: file?.id, state: 'pinned' })
      expect(file?.keyvalues).toEqual(TAGS.metadata)
      expect(file?.name).toBe(TAGS.name)
      const [post, ...rest] = v3.server.requests
      expect(`${post?.method} ${post?.url}`).toBe('POST /v3/files/public/pin_by_cid')
      expect(post?.headers.authorization).toBe(`Bearer ${JWT}`)
      expect(post?.headers['content-type']).toBe('application/json')
      expect(JSON.parse(post?.body.toString() ?? '')).toEqual({
        cid,
        name: TAGS.name,
        keyvalues: TAGS.metadata,
        host_nodes: ORIGINS.slice(0, 5),
      })
      // The queue read at once, then after growing pauses: searching, retrieving, gone (a file).
      expect(rest.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        'GET /v3/files/public/pin_by_cid',
        'GET /v3/files/public/pin_by_cid',
        'GET /v3/files/public/pin_by_cid',
        'GET /v3/files/public',
        'GET /v3/files/public',
      ])
      expect(rest[0]?.url).toContain(`cid=${cid}`)
      expect(clock.sleeps).toEqual([1000, 1500])
      expect(v3.jobs).toEqual([])
    })

    it.each([
      ['expired', /job .* ended "expired": Pinata could not find the content on the IPFS network/],
      ['invalid_object', /ended "invalid_object": Pinata found no valid IPFS object/],
      ['over_free_limit', /ended "over_free_limit": the account's plan limit is reached/],
    ] as const)('fails clearly when the job ends %s, and pins nothing', async (end, message) => {
      const { p } = await provider()
      const cid = await gone(p)
      v3.jobSteps = ['searching']
      if (end === 'expired') v3.reachable.clear()
      else v3.jobEnd = end
      const err = (await p.pin?.(CID.parse(cid), TAGS).catch((e: unknown) => e)) as ProviderError
      expect(err.message).toMatch(message)
      expect(err.message).toMatch(/pinata-v3/)
      expect(v3.count(cid)).toBe(0)
      // Seen once in the queue, not read again after it failed.
      expect(
        v3.server.requests.filter((r) => r.url.startsWith('/v3/files/public/pin_by_cid?')),
      ).toHaveLength(2)
    })

    it('returns a job still running after its bounded wait as job:<id>; status and unpin follow it', async () => {
      const { p, clock } = await provider()
      const cid = await gone(p)
      const searching = (n: number): string[] => Array.from({ length: n }, () => 'searching')
      // Nine reads searching, the tenth retrieving, then a file.
      v3.jobSteps = [...searching(9), 'retrieving']
      const info = await p.pin?.(CID.parse(cid), TAGS)
      const job = v3.jobs[0]
      expect(info).toMatchObject({ cid, id: `job:${job?.id}`, state: 'queued' })
      expect(info?.detail).toMatch(/job .* is searching/)
      // Eight reads of the queue: at once, then 1 s growing by half.
      expect(clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5062.5, 7593.75, 11390.625])
      if (info === undefined) throw new Error('no pin')
      expect(await p.status?.(info)).toMatchObject({ id: info.id, state: 'queued' })
      expect(await p.status?.(info)).toMatchObject({ id: info.id, state: 'pinning' })
      const file = await p.status?.(info)
      expect(file).toMatchObject({ cid, state: 'pinned', id: v3.pins.at(-1)?.id })
      expect(v3.pins.at(-1)?.keyvalues).toEqual(TAGS.metadata)
      // A job still queued is cancelled by unpin.
      expect((await p.unpin?.({ cid }))?.outcome).toBe('removed')
      v3.jobSteps = searching(10)
      const again = await p.pin?.(CID.parse(cid), TAGS)
      expect(again?.id).toMatch(/^job:/)
      expect((await p.unpin?.(again ?? { cid }))?.outcome).toBe('removed')
      expect(v3.jobs).toEqual([])
      expect(
        v3.server.requests.filter((r) => r.method === 'DELETE').map((r) => r.url.split('/')[4]),
      ).toEqual([file?.id, 'pin_by_cid'])
    })

    it("merges this run's claim when the job ends in an existing file that lacks it", async () => {
      const { p } = await provider()
      const cid = small.root.toString()
      const preview: PinTags = {
        name: 'site-pr7',
        metadata: {
          ...TAGS.metadata,
          'ipfs-pin.scope': 'acme/site#pr-7',
          'ipfs-pin.time': '2026-11-02T00:00:00.000Z',
        },
      }
      await p.uploadCar?.(carFile(small), preview)
      const info = await p.pin?.(CID.parse(cid), TAGS)
      expect(v3.count(cid)).toBe(1)
      expect(info?.id).toBe(v3.pins[0]?.id)
      expect(v3.pins[0]?.keyvalues?.['ipfs-pin.scope']).toBe('acme/site#pr-7 acme/site@production')
    })

    it('names both causes of a 401 on pin by CID, sends nothing more, and never shows the key', async () => {
      const { p } = await provider({ jwt: LEGACY_JWT })
      const err = (await p
        .pin?.(CID.parse(small.root.toString()), TAGS)
        .catch((e: unknown) => e)) as ProviderError
      expect(err.status).toBe(401)
      expect(err.message).toMatch(/no Authorization header found/)
      expect(err.message).toMatch(/a key made for the legacy API is refused by v3/)
      expect(err.message).not.toContain(LEGACY_JWT)
      expect(v3.server.requests).toHaveLength(1)
      expect(v3.jobs).toEqual([])
    })

    it('the double holds the documented contract: auth, the body fields, the queue query', async () => {
      await provider()
      const cid = small.root.toString()
      const post = (body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${v3.url}/v3/files/public/pin_by_cid`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${JWT}`,
            'content-type': 'application/json',
            ...headers,
          },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        })
      expect((await post({ cid }, { authorization: `Bearer ${LEGACY_JWT}` })).status).toBe(401)
      expect((await post({ cid }, { 'content-type': 'text/plain' })).status).toBe(400)
      // The legacy pinByHash body is not v3's.
      expect((await post({ hashToPin: cid })).status).toBe(400)
      expect((await post({ cid: 'not-a-cid' })).status).toBe(400)
      const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
      expect((await post({ cid, keyvalues: eleven })).status).toBe(400)
      expect((await post({ cid, keyvalues: { n: 1 } })).status).toBe(400)
      expect((await post({ cid, host_nodes: ['1.2.3.4'] })).status).toBe(400)
      expect(v3.jobs).toEqual([])
      const ok = await post({ cid, name: 'n', keyvalues: { a: 'b' } })
      const answer = (await ok.json()) as { data: Record<string, unknown> }
      expect(answer.data).toMatchObject({
        cid,
        name: 'n',
        status: 'prechecking',
        keyvalues: { a: 'b' },
      })
      const get = (q: string) =>
        fetch(`${v3.url}/v3/files/public/pin_by_cid?${q}`, {
          headers: { authorization: `Bearer ${JWT}` },
        })
      expect((await get('limit=0')).status).toBe(400)
      expect((await get('order=UP')).status).toBe(400)
      const listed = (await (await get(`cid=${cid}&sort=DESC`)).json()) as {
        data: { jobs: unknown[]; next_page_token: string }
      }
      // Never imported here, so not on the network: the job expired, and stays listed.
      expect(listed.data.jobs).toMatchObject([{ id: answer.data.id, cid, status: 'expired' }])
      expect(listed.data.next_page_token).not.toBe('')
      expect(v3.count(cid)).toBe(0)
    })

    it('refuses more than 10 keyvalues before sending anything', async () => {
      const { p } = await provider()
      const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
      await expect(
        p.pin?.(CID.parse(small.root.toString()), { name: 'x', metadata }),
      ).rejects.toThrow(/at most 10 keyvalues/)
      expect(v3.server.requests).toHaveLength(0)
    })
  })

  it('lists through the cursor, with the extra empty page Pinata gives, skipping pending files', async () => {
    const { p } = await provider()
    for (let i = 0; i < 5; i++)
      v3.pins.push({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
        name: `n${i}`,
        keyvalues: { ...TAGS.metadata, n: String(i) },
        datePinned: '2026-01-01T00:00:00.000Z',
        dateUnpinned: null,
        size: 1,
      })
    v3.pageCap = 2
    const found = await all(p.list?.({ metadata: { 'ipfs-pin.repo': 'acme/site' } }))
    expect(found).toHaveLength(5)
    const pages = v3.server.requests.filter((r) => r.url.startsWith('/v3/files/public?'))
    expect(pages).toHaveLength(4) // 2 + 2 + 1, then an empty page
    expect(pages[0]?.url).toContain('keyvalues%5Bipfs-pin.repo%5D=acme%2Fsite')
  })
})

providerContract({
  descriptor: pinataV3,
  http: true,
  profile: 'unixfs-v1-2025',
  async start() {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.pinata-v3-contract.sig'
    const d = await startPinataV3Double({ jwt })
    const inputs = {
      provider: 'pinata-v3',
      'pinata-api-url': d.url,
      'pinata-uploads-url': d.url,
      'pinata-jwt': jwt,
    }
    return {
      double: d,
      inputs,
      wrong: { ...inputs, 'pinata-jwt': 'eyJ.wrong.v3' },
      secrets: [jwt],
      lie: (cid) => (d.lieAboutCid = cid),
      holds: (cid) => d.count(cid) > 0,
      count: (cid) => d.count(cid),
      writePath: /^\/v3\/files$/,
      seed: (cid, tags) =>
        void d.pins.push({
          id: crypto.randomUUID(),
          cid,
          name: tags.name,
          keyvalues: { ...tags.metadata },
          datePinned: tags.metadata['ipfs-pin.time'] ?? '2026-01-01T00:00:00.000Z',
          dateUnpinned: null,
          size: 1,
        }),
      pageSize: (n) => (d.pageCap = n),
    }
  },
})
