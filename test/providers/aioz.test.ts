/**
 * The AIOZ provider against the AIOZ double: underscored auth headers, the `{data,status}`
 * wrapper, 201 uploads with a `metadata` JSON string, "already exists" on a repeat, pin-by-hash
 * progress by pin id, Go zero times, unpin by pin ids found by paging, trailing slashes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import type { ProviderError } from '../../src/errors.js'
import { createAiozProvider, isNever } from '../../src/providers/aioz.js'
import type { ListedPin, PinInfo, Provider } from '../../src/providers/types.js'
import { startAiozDouble, type AiozDouble } from '../doubles/aioz.js'
import { multipartForm } from '../doubles/common.js'
import { testDeps } from '../support/deps.js'
import { scratch, uploadOf, writeTree } from '../support/fs-tree.js'
import { aioz as aiozProvider } from '../../src/providers/aioz.js'
import { providerContract } from '../support/contract.js'

const tmp = scratch('aioz')
afterAll(tmp.remove)
const KEY = 'aioz-unit-key-0f9e'
const SECRET = 'aioz-unit-secret-8d7c6b'
const TAGS = { name: 'site-0123456', metadata: { repo: 'acme/site', sha: '0123456' } }
const SOME_CID = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')

let site: string
beforeAll(() => {
  site = writeTree(tmp.next('dist'), {
    'index.html': '<h1>hello</h1>',
    '.well-known/security.txt': 'Contact: mailto:x@example.org',
    'assets/big.bin': new Uint8Array(600 * 1024).map((_, i) => (i * 17) % 253),
  })
})

let aioz: AiozDouble
afterEach(async () => aioz.close())

async function provider(secret = SECRET, retries = 1): Promise<Provider> {
  aioz = await startAiozDouble({ key: KEY, secret: SECRET })
  const { deps } = testDeps([KEY, SECRET], { retries })
  return createAiozProvider({ id: 'aioz', apiUrl: aioz.url, apiKey: KEY, secretKey: secret }, deps)
}

describe('aioz provider', () => {
  it('uploads file parts and a metadata string to /pinning/ (201); the CID is the local kubo-cid-v1 one', async () => {
    const p = await provider()
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1')
    const info = await p.uploadFiles?.(upload, TAGS)
    expect(info).toMatchObject({ cid: local, state: 'pinned', id: aioz.pins[0]?.id })
    const req = aioz.server.requests[0]
    if (req === undefined) throw new Error('no request')
    expect(req.url).toBe('/api/pinning/')
    expect(req.headers).toMatchObject({ pinning_api_key: KEY, pinning_secret_key: SECRET })
    const form = await multipartForm(req, req.body)
    expect(form.files.map((f) => f.filename)).toEqual([
      `${upload.name}/.well-known/security.txt`,
      `${upload.name}/assets/big.bin`,
      `${upload.name}/index.html`,
    ])
    expect(JSON.parse(form.fields.get('metadata')?.[0] ?? '')).toEqual({
      name: 'site-0123456',
      keyvalues: { repo: 'acme/site', sha: '0123456' },
    })
  })

  it('wraps with one more folder level when asked, and still gets the local CID', async () => {
    const p = await provider()
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1', true)
    expect((await p.uploadFiles?.(upload, TAGS))?.cid).toBe(local)
    const req = aioz.server.requests[0]
    if (req === undefined) throw new Error('no request')
    const form = await multipartForm(req, req.body)
    expect(form.files[0]?.filename).toBe(`root/${upload.name}/.well-known/security.txt`)
  })

  it('finds its earlier pin when the service says the content "already exists"', async () => {
    const p = await provider()
    const { upload, local } = await uploadOf(site, 'kubo-cid-v1')
    const first = await p.uploadFiles?.(upload, TAGS)
    const again = await p.uploadFiles?.({ ...upload, expected: local }, TAGS)
    expect(again).toEqual(first)
    expect(aioz.pins).toHaveLength(1)
    // Without the local CID to look for, "already exists" stays an error.
    await expect(p.uploadFiles?.(upload, TAGS)).rejects.toThrow(/already exists/)
  })

  it('follows a pin by hash through its pin id until DONE; a failed one is failed', async () => {
    const p = await provider()
    aioz.pinAfterReads = 3
    let info = (await p.pin?.(SOME_CID, TAGS)) as PinInfo
    expect(info).toMatchObject({ cid: SOME_CID.toString(), state: 'pinning', detail: 'PINNING' })
    expect(JSON.parse(aioz.server.requests[0]?.body.toString() ?? '')).toEqual({
      hash_to_pin: SOME_CID.toString(),
      metadata: { name: 'site-0123456', keyvalues: { repo: 'acme/site', sha: '0123456' } },
    })
    const states: string[] = []
    for (let i = 0; i < 6 && info.state !== 'pinned'; i++) {
      info = (await p.status?.(info)) as PinInfo
      states.push(info.state)
    }
    expect(states).toEqual(['pinning', 'pinning', 'pinned'])
    expect(aioz.server.requests.at(-1)?.url).toBe(`/api/pinning/${info.id ?? ''}`)
    // Pinning it again: "already exists" is the pin already there.
    expect(await p.pin?.(SOME_CID, TAGS)).toMatchObject({ state: 'pinned', id: info.id })

    aioz.hashOutcome = 'failed'
    aioz.pinAfterReads = 1
    const other = CID.parse('bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su')
    const failed = (await p.status?.((await p.pin?.(other, TAGS)) as PinInfo)) as PinInfo
    expect(failed).toMatchObject({ state: 'failed', detail: 'FAILED' })
  })

  it('unpins by CID: every pin id holding it, found by paging; then it is absent', async () => {
    const p = await provider()
    for (let i = 0; i < 250; i++) aioz.seed({ cid: `bafy-other-${i}` })
    const a = aioz.seed({ cid: SOME_CID.toString() })
    for (let i = 0; i < 120; i++) aioz.seed({ cid: `bafy-more-${i}` })
    const b = aioz.seed({ cid: SOME_CID.toString() })
    expect((await p.unpin?.({ cid: SOME_CID.toString() }))?.outcome).toBe('removed')
    expect(a.unpinned).toBeDefined()
    expect(b.unpinned).toBeDefined()
    expect(aioz.pins.filter((x) => x.unpinned !== undefined)).toHaveLength(2)
    const lists = aioz.server.requests.filter((r) => r.url.startsWith('/api/pinning/pins/'))
    expect(lists).toHaveLength(4)
    expect(lists[1]?.url).toBe(
      '/api/pinning/pins/?offset=100&limit=100&pinned=all&sortBy=created_at&sortOrder=DESC',
    )
    expect((await p.unpin?.({ cid: SOME_CID.toString() }))?.outcome).toBe('absent')
    expect((await p.status?.({ cid: SOME_CID.toString(), id: a.id }))?.state).toBe('absent')
  })

  it('lists by name and metadata; pins unpinned (a real date, not Go zero) are left out', async () => {
    const p = await provider()
    const ours = { scope: 'acme/site@production' }
    aioz.seed({ cid: 'bafy-1', name: 'a', keyvalues: ours })
    aioz.seed({ cid: 'bafy-2', name: 'b', keyvalues: { scope: 'acme/site@preview' } })
    aioz.seed({ cid: 'bafy-3', name: 'c', keyvalues: ours, unpinned: '2026-03-01T00:00:00.5Z' })
    aioz.seed({ cid: 'bafy-4', name: 'd', keyvalues: ours })
    const found: ListedPin[] = []
    for await (const x of p.list?.({ metadata: ours }) ?? []) found.push(x)
    expect(found.map((x) => x.cid)).toEqual(['bafy-4', 'bafy-1'])
    expect(found[0]).toMatchObject({ name: 'd', metadata: ours, state: 'pinned' })
  })

  it('fails clearly on wrong keys (one request) and on a redirect to an HTML page', async () => {
    const p = await provider('wrong-secret')
    const err = (await p.pin?.(SOME_CID, TAGS).catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(401)
    expect(err.message).toContain('Unauthorized')
    expect(err.message).not.toContain(KEY)
    expect(err.message).not.toContain('wrong-secret')
    expect(aioz.server.requests).toHaveLength(1)
    await aioz.close()
    const q = await provider()
    aioz.fault = () => ({
      status: 301,
      body: '<a href="/api/pinning/">Moved</a>',
      headers: { location: '/api/pinning/', 'content-type': 'text/html' },
    })
    await expect(q.pin?.(SOME_CID, TAGS)).rejects.toThrow(
      /redirects to \/api\/pinning\/; check the API URL/,
    )
  })

  it('reads Go zero times as never', () => {
    expect(isNever('0001-01-01T00:00:00Z')).toBe(true)
    expect(isNever(undefined)).toBe(true)
    expect(isNever('2026-06-07T03:52:39.331369Z')).toBe(false)
  })
})

providerContract({
  descriptor: aiozProvider,
  http: true,
  profile: 'kubo-cid-v1',
  async start() {
    const key = 'aioz-contract-key-51c3'
    const secret = 'aioz-contract-secret-9e7d'
    const d = await startAiozDouble({ key, secret })
    const inputs = {
      provider: 'aioz',
      'aioz-api-url': d.url,
      'aioz-api-key': key,
      'aioz-secret-key': secret,
    }
    return {
      double: d,
      inputs,
      wrong: { ...inputs, 'aioz-secret-key': 'aioz-wrong-secret' },
      secrets: [key, secret],
      lie: (cid) => (d.lieAboutCid = cid),
      holds: (cid) => d.pins.some((p) => p.cid === cid && p.unpinned === undefined),
      count: (cid) => d.pins.filter((p) => p.cid === cid && p.unpinned === undefined).length,
      writePath: /^\/api\/pinning\/$/,
      seed: (cid, tags) => void d.seed({ cid, name: tags.name, keyvalues: { ...tags.metadata } }),
      pageSize: (n) => (d.pageCap = n),
    }
  },
})
