/**
 * The Pinata provider against the Pinata double: what goes over the wire (multipart parts,
 * JSON-in-string fields, auth headers), CID options per profile, wrapping, the pin-job queue,
 * unpinning what is not pinned, listing beyond 1,000 rows. The contract suite covers the rest.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import type { PinataOptions } from '../../src/providers/pinata.js'
import type { ProviderError } from '../../src/errors.js'
import { createPinataProvider } from '../../src/providers/pinata.js'
import type { ListedPin, PinInfo, Provider } from '../../src/providers/types.js'
import { multipartForm } from '../doubles/common.js'
import { startPinataDouble, type PinataDouble } from '../doubles/pinata.js'
import { testDeps } from '../support/deps.js'
import { scratch, uploadOf, writeTree } from '../support/fs-tree.js'
import { pinata as pinataProvider } from '../../src/providers/pinata.js'
import { providerContract } from '../support/contract.js'

const tmp = scratch('pinata')
afterAll(tmp.remove)
const JWT = 'eyJhbGciOiJIUzI1NiJ9.pinata-unit.sig-0a1b2c'
const KEY = 'pinata-key-7d1e'
const SECRET = 'pinata-secret-b2c4e6f8a0'
const TAGS = { name: 'site-0123456', metadata: { repo: 'acme/site', sha: '0123456' } }

let site: string
let single: string
beforeAll(() => {
  // Dotfiles, nesting and a file over one 256 KiB chunk, as a double must reproduce (docs/providers/README.md).
  site = writeTree(tmp.next('dist'), {
    'index.html': '<h1>hello</h1>',
    '.nojekyll': '',
    'css/app.css': 'body{}',
    'café/ünïcödé 文字.txt': 'utf-8 names',
    'assets/big.bin': new Uint8Array(700 * 1024).map((_, i) => (i * 31) % 251),
  })
  single = `${writeTree(tmp.next('one'), { 'notes.txt': 'just one file\n' })}/notes.txt`
})

let pinata: PinataDouble
afterEach(async () => pinata.close())

async function provider(
  auth: PinataOptions['auth'] = { jwt: JWT },
  retries = 1,
): Promise<{ p: Provider; registered: string[] }> {
  pinata = await startPinataDouble({ jwt: JWT, apiKey: KEY, apiSecret: SECRET })
  const { deps, registered } = testDeps([JWT, KEY, SECRET], { retries })
  return { p: createPinataProvider({ id: 'pinata', apiUrl: pinata.url, auth }, deps), registered }
}

describe('pinata provider', () => {
  it('sends one file part per file under the root folder, metadata and options as JSON strings', async () => {
    const { p, registered } = await provider()
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1')
    const info = await p.uploadFiles?.(upload, TAGS)
    expect(info).toEqual({ cid: local, state: 'pinned' })
    const req = pinata.server.requests[0]
    if (req === undefined) throw new Error('no request')
    expect(req.url).toBe('/pinning/pinFileToIPFS')
    expect(req.headers.authorization).toBe(`Bearer ${JWT}`)
    expect(registered).toContain(`Bearer ${JWT}`)
    expect(Number(req.headers['content-length'])).toBe(req.body.length)
    const form = await multipartForm(req, req.body)
    const name = upload.name
    expect(form.files.map((f) => [f.field, f.filename])).toEqual([
      ['file', `${name}/.nojekyll`],
      ['file', `${name}/assets/big.bin`],
      ['file', `${name}/café/ünïcödé 文字.txt`],
      ['file', `${name}/css/app.css`],
      ['file', `${name}/index.html`],
    ])
    expect(JSON.parse(form.fields.get('pinataMetadata')?.[0] ?? '')).toEqual({
      name: 'site-0123456',
      keyvalues: { repo: 'acme/site', sha: '0123456' },
    })
    expect(JSON.parse(form.fields.get('pinataOptions')?.[0] ?? '')).toEqual({ cidVersion: 1 })
  })

  it("relabels a duplicate with this run's name and keyvalues (hashMetadata)", async () => {
    const { p } = await provider()
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1')
    await p.uploadFiles?.(upload, { name: 'site-old', metadata: { sha: 'old' } })
    expect(await p.uploadFiles?.(upload, TAGS)).toEqual({ cid: local, state: 'pinned' })
    expect(pinata.pins).toHaveLength(1)
    expect(pinata.pins[0]).toMatchObject({ name: 'site-0123456', keyvalues: TAGS.metadata })
    expect(pinata.server.requests.at(-1)?.url).toBe('/pinning/hashMetadata')
  })

  it("adds its claim to another scope's duplicate within 10 keyvalues, dropping its own extras", async () => {
    const { p } = await provider()
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1')
    const labels = (scope: string, time: string, extra: Record<string, string>) => ({
      'ipfs-pin.scope': scope,
      'ipfs-pin.time': time,
      'ipfs-pin.env': 'production',
      'ipfs-pin.repo': 'acme/site',
      'ipfs-pin.ref': 'main',
      'ipfs-pin.sha': 'a'.repeat(40),
      'ipfs-pin.run': '1',
      ...extra,
    })
    const prod = labels('acme/site@production', '2026-11-01T00:00:00.000Z', { team: 'web' })
    await p.uploadFiles?.(upload, { name: 'site-prod', metadata: prod })
    const preview = labels('acme/site#pr-7', '2026-11-02T00:00:00.000Z', {
      'ipfs-pin.pr': '7',
      note: 'x',
      owner: 'y',
    })
    expect(await p.uploadFiles?.(upload, { name: 'site-pr', metadata: preview })).toEqual({
      cid: local,
      state: 'pinned',
    })
    const kv = pinata.pins[0]?.keyvalues ?? {}
    expect(Object.keys(kv).length).toBeLessThanOrEqual(10)
    expect(kv['ipfs-pin.scope']).toBe('acme/site@production acme/site#pr-7')
    expect(kv.team).toBe('web')
  })

  it('asks for CIDv0 with the legacy profile and gets the Qm CID computed locally', async () => {
    const { p } = await provider()
    const { upload, local } = await uploadOf(site, 'unixfs-v0-2015')
    expect(local).toMatch(/^Qm/)
    expect(await p.uploadFiles?.(upload, TAGS)).toEqual({ cid: local, state: 'pinned' })
    expect(pinata.lastOptions).toEqual({ cidVersion: 0 })
  })

  it('uploads a single file, and wraps a file or a directory when asked', async () => {
    const { p } = await provider()
    const file = await uploadOf(single, 'kubo-cid-v1')
    expect(file.local).toMatch(/^bafkrei/)
    expect((await p.uploadFiles?.(file.upload, TAGS))?.cid).toBe(file.local)
    expect(pinata.lastOptions).toEqual({ cidVersion: 1, wrapWithDirectory: false })
    const wrappedFile = await uploadOf(single, 'kubo-cid-v1', true)
    expect(wrappedFile.local).toMatch(/^bafybei/)
    expect((await p.uploadFiles?.(wrappedFile.upload, TAGS))?.cid).toBe(wrappedFile.local)
    expect(pinata.lastOptions).toEqual({ cidVersion: 1, wrapWithDirectory: true })
    const wrappedDir = await uploadOf(site, 'kubo-cid-v1', true)
    expect((await p.uploadFiles?.(wrappedDir.upload, TAGS))?.cid).toBe(wrappedDir.local)
  })

  it('authenticates with the key and secret headers too; a wrong pair is a 401, not retried', async () => {
    const { p } = await provider({ apiKey: KEY, apiSecret: SECRET })
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1')
    expect((await p.uploadFiles?.(upload, TAGS))?.cid).toBe(local)
    expect(pinata.server.requests[0]?.headers).toMatchObject({
      pinata_api_key: KEY,
      pinata_secret_api_key: SECRET,
    })
    expect(pinata.server.requests[0]?.headers.authorization).toBeUndefined()
    await pinata.close()
    const none = await provider({ apiKey: '', apiSecret: '' })
    const err = (await none.p.uploadFiles?.(upload, TAGS).catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(401)
    expect(err.message).toContain('INVALID_CREDENTIALS')
    expect(pinata.server.requests).toHaveLength(1)
  })

  it('refuses more than 10 metadata pairs before sending anything', async () => {
    const { p } = await provider()
    const { upload } = await uploadOf(single, 'kubo-cid-v1')
    const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    await expect(p.uploadFiles?.(upload, { name: 'x', metadata })).rejects.toThrow(
      /at most 10 metadata pairs/,
    )
    expect(pinata.server.requests).toHaveLength(0)
  })

  it('follows a pin-by-hash job from prechecking to pinned, and reports an expired one as failed', async () => {
    const { p } = await provider()
    const cid = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
    const first = await p.pin?.(cid, TAGS)
    expect(first).toMatchObject({ cid: cid.toString(), state: 'queued', detail: 'prechecking' })
    const seen: string[] = []
    let info = first as PinInfo
    for (let i = 0; i < 6 && info.state !== 'pinned'; i++) {
      info = (await p.status?.(info)) as PinInfo
      seen.push(info.detail ?? info.state)
    }
    expect(seen).toEqual(['searching', 'retrieving', 'pinned'])
    expect(JSON.parse(pinata.server.requests[0]?.body.toString() ?? '')).toEqual({
      hashToPin: cid.toString(),
      pinataMetadata: { name: 'site-0123456', keyvalues: { repo: 'acme/site', sha: '0123456' } },
    })

    pinata.jobOutcome = 'expired'
    const other = CID.parse('bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su')
    let job = (await p.pin?.(other, TAGS)) as PinInfo
    for (let i = 0; i < 6 && job.state !== 'failed'; i++) job = (await p.status?.(job)) as PinInfo
    expect(job).toMatchObject({ state: 'failed', detail: 'expired' })
  })

  it('treats CURRENT_USER_HAS_NOT_PINNED_CID as already gone, and OK as removed', async () => {
    const { p } = await provider()
    const { upload, local } = await uploadOf(single, 'kubo-cid-v1')
    await p.uploadFiles?.(upload, TAGS)
    expect((await p.unpin?.({ cid: local }))?.outcome).toBe('removed')
    expect((await p.unpin?.({ cid: local }))?.outcome).toBe('absent')
    expect(pinata.server.requests.at(-1)?.method).toBe('DELETE')
  })

  it('lists by metadata across more than 1,000 rows, pinned only, exact matches only', async () => {
    const { p } = await provider()
    const ours = { repo: 'acme/site', scope: 'acme/site@production' }
    const expected: string[] = []
    for (let i = 0; i < 2300; i++) {
      const kind = i % 3
      const pin = pinata.seed({
        cid: `bafy-test-${i}`,
        name: `site-${i}`,
        keyvalues: kind === 2 ? { ...ours, scope: 'acme/site@preview' } : kind === 1 ? ours : null,
      })
      if (kind === 1 && i % 7 === 0) pin.dateUnpinned = '2026-02-01T00:00:00.000Z'
      else if (kind === 1) expected.push(pin.cid)
      if (kind === 0) pin.keyvalues = { ...ours }
      if (kind === 0) expected.push(pin.cid)
    }
    pinata.pageCap = 700 // a service that caps pageLimit below what was asked
    const found: ListedPin[] = []
    for await (const pin of p.list?.({ metadata: ours }) ?? []) found.push(pin)
    expect(found.map((f) => f.cid).sort()).toEqual(expected.sort())
    expect(found[0]).toMatchObject({ state: 'pinned', metadata: ours })
    expect(found[0]?.name).toMatch(/^site-\d+$/)
    const pages = pinata.server.requests.filter((r) => r.url.startsWith('/data/pinList'))
    expect(pages.length).toBe(4) // three pages of rows, then an empty one
    for (const r of pages) expect(r.url).toContain('status=pinned')
  })
})

providerContract({
  descriptor: pinataProvider,
  http: true,
  profile: 'kubo-cid-v1',
  async start() {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.pinata-contract.sig'
    const d = await startPinataDouble({ jwt })
    return {
      double: d,
      inputs: { provider: 'pinata', 'pinata-api-url': d.url, 'pinata-jwt': jwt },
      wrong: { provider: 'pinata', 'pinata-api-url': d.url, 'pinata-jwt': 'eyJ.wrong.jwt' },
      secrets: [jwt],
      lie: (cid) => (d.lieAboutCid = cid),
      holds: (cid) => d.pins.some((p) => p.cid === cid && p.dateUnpinned === null),
      count: (cid) => d.pins.filter((p) => p.cid === cid && p.dateUnpinned === null).length,
      writePath: /^\/pinning\/pinFileToIPFS$/,
      seed: (cid, tags) => void d.seed({ cid, name: tags.name, keyvalues: { ...tags.metadata } }),
      pageSize: (n) => (d.pageCap = n),
    }
  },
})
