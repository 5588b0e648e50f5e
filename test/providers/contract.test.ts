/**
 * The contract every upload provider meets, run against each one's local double: the whole
 * `run()` (collect → DAG → upload → verify → wait → outputs) and the provider object itself.
 *
 * - The example folder uploaded: the CID reported (recomputed by the double with an
 *   independent implementation from what it received) equals the CID the offline mode
 *   computes for that provider's profile, and the double holds the pin.
 * - Status, unpin, unpin again (already gone), pin by CID and wait until pinned.
 * - Wrong credentials: one request, a clear failure, no retry.
 * - Faults: 429 with Retry-After, 500 then success, a reset mid-upload (success after retry);
 *   a stall, an HTML page, a truncated body, a wrong CID (a clear failure, in bounded time).
 * - Under every case, no credential byte, raw or derived, in anything the run printed or set.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Config } from '../../src/config/types.js'
import { collect } from '../../src/content/collect.js'
import { writeCar } from '../../src/content/car.js'
import type { ProfileName } from '../../src/content/profiles.js'
import { fileUpload } from '../../src/providers/files.js'
import { createProvider } from '../../src/providers/registry.js'
import type { PinInfo, Provider } from '../../src/providers/types.js'
import { startAiozDouble } from '../doubles/aioz.js'
import { startClusterDouble } from '../doubles/cluster.js'
import type { Fault } from '../doubles/common.js'
import { startKuboDouble } from '../doubles/kubo.js'
import { startPinataDouble } from '../doubles/pinata.js'
import { testDeps } from '../support/deps.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import {
  configFor as configForIn,
  expectNoSecret,
  runRecorded,
  type Ran,
} from '../support/recorded-run.js'
import type { TestServer } from '../support/server.js'

const tmp = scratch('contract')
afterAll(tmp.remove)

/** What the suite needs from a double. */
interface Double {
  server: TestServer
  fault?: (n: number, path: string) => Fault | undefined
  early?: (n: number, method?: string) => 'reset-mid-body' | 'hold' | undefined
  close(): Promise<void>
}

interface Started {
  double: Double
  /** Inputs naming the provider, its URL and credentials. */
  inputs: Record<string, string>
  /** The same inputs with a wrong credential. */
  wrong: Record<string, string>
  /** Every credential byte string that must never show: raw and derived. */
  secrets: string[]
  /** Makes the double report `cid` for uploads. */
  lie(cid: string): void
  holds(cid: string): boolean
}

interface Subject {
  id: string
  /** The profile `cid-profile: auto` resolves to with this provider. */
  profile: ProfileName
  start(): Promise<Started>
}

const b64 = (s: string): string => Buffer.from(s).toString('base64')

const SUBJECTS: Subject[] = [
  {
    id: 'kubo',
    profile: 'unixfs-v1-2025',
    async start() {
      const password = 'kubo-contract-pa55'
      const d = await startKuboDouble({ authorization: `Basic ${b64(`ci:${password}`)}` })
      return {
        double: d,
        inputs: { provider: 'kubo', 'kubo-url': d.url, 'kubo-basic-auth': `ci:${password}` },
        wrong: { provider: 'kubo', 'kubo-url': d.url, 'kubo-basic-auth': 'ci:nope-wrong-1' },
        secrets: [password, b64(`ci:${password}`)],
        lie: (cid) => (d.lieAboutRoot = cid),
        holds: (cid) => d.pins.has(cid),
      }
    },
  },
  {
    id: 'cluster',
    profile: 'unixfs-v1-2025',
    async start() {
      const token = 'eyJhbGciOiJIUzI1NiJ9.contract.cluster-sig'
      const d = await startClusterDouble({ token })
      return {
        double: d,
        inputs: { provider: 'cluster', 'cluster-url': d.url, 'cluster-token': token },
        wrong: { provider: 'cluster', 'cluster-url': d.url, 'cluster-token': 'eyJ.wrong.token' },
        secrets: [token],
        lie: (cid) => (d.lieAboutRoot = cid),
        holds: (cid) => d.pins.has(cid),
      }
    },
  },
  {
    id: 'pinata',
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
      }
    },
  },
  {
    id: 'aioz',
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
      }
    },
  },
]

const configFor = (inputs: Record<string, string>): Config => configForIn(inputs, tmp.next('run'))
const runWith = (inputs: Record<string, string>): Promise<Ran> =>
  runRecorded({ path: 'examples/planets', ...inputs }, tmp.next('run'))

/** The offline CID of the example for a profile (the product's engine, no provider). */
const offline = new Map<string, string>()
async function offlineCid(profile: ProfileName): Promise<string> {
  const known = offline.get(profile)
  if (known !== undefined) return known
  const r = await runWith({ 'cid-profile': profile })
  expect(r.error).toBeUndefined()
  const cid = r.host.outputs.cid ?? ''
  offline.set(profile, cid)
  return cid
}

/** Uploads the example through the provider object, the way `run` does. */
async function upload(p: Provider, config: Config): Promise<PinInfo> {
  if (config.content.kind !== 'path') throw new Error('path content expected')
  const c = await collect(config.content)
  if (p.uploadCar !== undefined) {
    const car = await writeCar(c, config.content.params, { dir: tmp.next('car') })
    return p.uploadCar({ path: car.carPath, size: car.carSize, root: car.root }, TAGS)
  }
  if (p.uploadFiles === undefined) throw new Error(`${p.id} takes no uploads`)
  return p.uploadFiles(await fileUpload(c, config.content.params, false), TAGS)
}

const TAGS = { name: 'site-0123456', metadata: { repo: 'acme/site', sha: '0123456' } }

/** Polls status until it leaves queued/pinning: bounded, never a hang. */
async function settle(p: Provider, pin: PinInfo): Promise<PinInfo> {
  let info = pin
  for (let i = 0; i < 10 && (info.state === 'queued' || info.state === 'pinning'); i++)
    info = (await p.status?.(info)) ?? info
  return info
}

const FAST = { retries: '2', 'request-timeout': '2s', timeout: '60s', 'wait-timeout': '20s' }

describe.each(SUBJECTS)('provider contract: $id', (subject) => {
  let s: Started | undefined
  const start = async (): Promise<Started> => (s = await subject.start())
  afterEach(async () => {
    await s?.double.close()
    s = undefined
  })

  it("uploads the example and reports the offline CID of the provider's profile", async () => {
    const expected = await offlineCid(subject.profile)
    const d = await start()
    const r = await runWith({ ...d.inputs, ...FAST })
    expect(r.error).toBeUndefined()
    expect(r.host.outputs.cid).toBe(expected)
    expect(r.results).toMatchObject([{ status: 'pinned', cid: expected, expectedCid: expected }])
    expect(d.holds(expected)).toBe(true)
    expectNoSecret(d, r.host.text())
  })

  it("builds with the provider's profile: a tree with a file over 256 KiB", async () => {
    const dir = writeTree(tmp.next('big'), {
      'index.html': '<p>big</p>',
      'media/clip.bin': new Uint8Array(1_300_000).map((_, i) => (i * 7 + (i >> 9)) % 256),
    })
    const offlineFor = async (profile: ProfileName): Promise<string | undefined> =>
      (await runWith({ path: dir, 'cid-profile': profile })).host.outputs.cid
    const expected = await offlineFor(subject.profile)
    const d = await start()
    const r = await runWith({ ...d.inputs, ...FAST, path: dir })
    expect(r.error).toBeUndefined()
    expect(r.host.outputs.cid).toBe(expected)
    expect(r.results).toMatchObject([{ status: 'pinned', cid: expected }])
    // The profiles differ on this tree, so this shows which one the run used.
    const other: ProfileName = subject.profile === 'kubo-cid-v1' ? 'unixfs-v1-2025' : 'kubo-cid-v1'
    expect(await offlineFor(other)).not.toBe(expected)
  })

  it('reads status, unpins, treats a second unpin as gone, and pins by CID until pinned', async () => {
    const d = await start()
    const config = configFor({ path: 'examples/planets', ...d.inputs })
    const cfg = config.providers[0]
    if (cfg === undefined) throw new Error('no provider')
    const p = createProvider(cfg, testDeps(d.secrets, { retries: 1 }).deps)
    const up = await upload(p, config)
    const pinned = await settle(p, up)
    expect(pinned.state).toBe('pinned')
    expect(d.holds(up.cid)).toBe(true)
    expect((await p.unpin?.(pinned))?.outcome).toBe('removed')
    expect(d.holds(up.cid)).toBe(false)
    expect((await p.status?.({ cid: up.cid }))?.state).toBe('absent')
    expect((await p.unpin?.({ cid: up.cid }))?.outcome).toBe('absent')
    const { CID } = await import('multiformats/cid')
    const again = await settle(p, (await p.pin?.(CID.parse(up.cid), TAGS)) as PinInfo)
    expect(again).toMatchObject({ cid: up.cid, state: 'pinned' })
    expect(d.holds(up.cid)).toBe(true)
  })

  it('fails on wrong credentials after one request, without retrying or printing them', async () => {
    const d = await start()
    const r = await runWith({ ...d.wrong, ...FAST })
    // The call that is refused: the upload, or (Cluster) reading the pin's labels before it.
    expect(r.error?.message).toMatch(
      new RegExp(
        `^${subject.id}: (uploading the (CAR|files)|reading the labels of the existing pin) failed: HTTP 40[013]`,
      ),
    )
    // The inputs to check are named, never their values.
    expect(r.error?.message).toMatch(new RegExp(`check "${subject.id}-[a-z-]+"`))
    expect(d.double.server.requests).toHaveLength(1)
    expect(r.results).toMatchObject([{ status: 'failed' }])
    expectNoSecret(d, r.host.text(), r.error?.message ?? '')
  })

  const recovers: Array<[string, (d: Double) => void]> = [
    [
      '429 with Retry-After',
      (d) =>
        (d.fault = (n) =>
          n === 1
            ? { status: 429, body: 'slow down', headers: { 'retry-after': '0' } }
            : undefined),
    ],
    [
      '500 then success',
      (d) =>
        (d.fault = (n) =>
          n === 1
            ? { status: 500, body: '<html>Internal Server Error</html>', headers: {} }
            : undefined),
    ],
    [
      'a reset mid-upload',
      (d) => {
        // The first request with a body (the upload; Cluster reads the pin's labels first).
        let done = false
        d.early = (_n, method) => {
          if (done || method !== 'POST') return undefined
          done = true
          return 'reset-mid-body'
        }
      },
    ],
  ]
  it.each(recovers)('recovers from %s and still verifies the CID', async (_name, arm) => {
    const expected = await offlineCid(subject.profile)
    const d = await start()
    arm(d.double)
    const r = await runWith({ ...d.inputs, ...FAST })
    expect(r.error).toBeUndefined()
    expect(r.results).toMatchObject([{ status: 'pinned', cid: expected }])
    expect(r.host.text()).toMatch(/retrying|retry/i)
    expectNoSecret(d, r.host.text())
  })

  const fails: Array<[string, (d: Started) => void, RegExp]> = [
    [
      'a stalled answer',
      (d) => (d.double.early = () => 'hold'),
      /^[a-z]+: [a-zA-Z ]+ failed: no data moved for 300 ms; see "request-timeout"/,
    ],
    [
      'an HTML page',
      (d) =>
        (d.double.fault = () => ({
          status: 200,
          body: '<!doctype html><title>Login</title>',
          headers: { 'content-type': 'text/html' },
        })),
      /answered HTTP 200 with HTML page "Login"/,
    ],
    [
      'a truncated body',
      (d) => (d.double.fault = () => ({ status: 200, body: '{"IpfsHash":"bafy', headers: {} })),
      /not (valid )?JSON/,
    ],
    [
      'a wrong CID',
      (d) => d.lie('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'),
      /reported CID bafkreigh2aki\S+, but the CID computed locally is b\S+\. .*cid-profile/,
    ],
  ]
  it.each(fails)('fails clearly on %s, in bounded time', async (_name, arm, message) => {
    const d = await start()
    arm(d)
    const r = await runWith({ ...d.inputs, ...FAST, retries: '1', 'request-timeout': '300ms' })
    expect(r.error?.message).toMatch(message)
    expect(r.results[0]?.status).toMatch(/^(failed|mismatch)$/)
    expect(r.host.outputs.cid).toMatch(/^b/)
    expect(r.ms).toBeLessThan(15_000)
    expectNoSecret(d, r.host.text(), r.error?.message ?? '')
  })
})
