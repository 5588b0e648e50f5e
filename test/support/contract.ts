/**
 * The contract every provider meets, one suite for all: each provider's test file calls
 * `providerContract` with a subject that starts its double (docs/adding-a-provider.md). Through
 * the whole `run()` and through the provider object itself; the cases a provider's methods and
 * traits make relevant run, the others are skipped by name.
 *
 * - Deploys: an uploader gets the example folder and reports the CID the offline mode computes
 *   for its profile (the double recomputes it from what it received); a pin-only service pins an
 *   existing CID and is waited on until pinned.
 * - The provider object: status, unpin, unpin again (already gone), pin by CID until pinned.
 * - Labels, for providers that keep them: listed by scope and by CID with their claim; a label
 *   rewritten (one record per CID) or one record removed (a record per request).
 * - Wrong credentials: one request, a clear failure naming the inputs to check, no retry.
 * - Faults on the first write: 429 with Retry-After, a 5xx page, a reset (recovered, the write
 *   sent again once at most); a stall, an HTML page, a truncated body, another CID reported (a
 *   clear failure, in bounded time).
 * - Idempotency: the same CID deployed twice, and a write the service took whose answer was lost
 *   (the connection cut after the service acted), each leave one pin.
 * - Listings that page (the double answers a few pins per page), and cleanup through a full run
 *   (`unpin-previous`): the scope's older pin goes, this run's and another scope's stay.
 * - Under every case, no credential byte, raw or derived, in anything the run printed or set.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { create as digestOf } from 'multiformats/hashes/digest'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Config } from '../../src/config/types.js'
import { writeCar } from '../../src/content/car.js'
import { collect } from '../../src/content/collect.js'
import type { ProfileName } from '../../src/content/profiles.js'
import type { Registry } from '../../src/inputs/plugin.js'
import { fileUpload } from '../../src/providers/files.js'
import { createProvider, type AnyProviderDescriptor } from '../../src/providers/registry.js'
import type { PinInfo, PinTags, Provider } from '../../src/providers/types.js'
import type { Fault } from '../doubles/common.js'
import { testDeps } from './deps.js'
import { scratch, writeTree } from './fs-tree.js'
import { configFor, expectNoSecret, runRecorded, type Ran } from './recorded-run.js'
import type { TestServer } from './server.js'

/** What the suite needs from a double. An in-memory one has no server and takes no faults. */
export interface ContractDouble {
  readonly server?: TestServer
  fault?: (n: number, path: string, method: string) => Fault | undefined
  early?: (n: number, method?: string, path?: string) => 'reset-mid-body' | 'hold' | undefined
  close(): Promise<void>
}

export interface Started {
  readonly double: ContractDouble
  /** Inputs naming the provider, its URL and credentials. */
  readonly inputs: Record<string, string>
  /** The same inputs with a wrong credential (an HTTP double of a provider with credentials). */
  readonly wrong?: Record<string, string>
  /** Every credential byte string that must never show: raw and derived. */
  readonly secrets: readonly string[]
  /** Whether the double holds a live pin of `cid`. */
  holds(cid: string): boolean
  /** Makes the double report `cid` for what it is given. */
  lie(cid: string): void
  /** The path of the write a deploy sends (upload or pin request), for faults on it. */
  readonly writePath: RegExp
  /** The providers to read the inputs with (a test-only provider adds itself). */
  readonly registry?: Registry<AnyProviderDescriptor>
  /** The method of that write (default POST). */
  readonly writeMethod?: string
  /** Live pin records the double holds for `cid` (default: 1 when it holds it, else 0). */
  count?(cid: string): number
  /**
   * Puts a pin another run made straight into the double, labelled as this provider labels
   * (required of providers that keep labels: the listing and cleanup cases use it).
   */
  seed?(cid: string, tags: PinTags): void
  /** From now on, at most `n` pins per listing page (services whose listings page). */
  pageSize?(n: number): void
}

export interface Subject {
  /** The provider under test: what its traits say decides which cases run. */
  readonly descriptor: AnyProviderDescriptor
  /** Its double speaks HTTP (fault cases run); false for an in-memory provider. */
  readonly http: boolean
  /** For an uploader, the profile `cid-profile: auto` resolves to with it. */
  readonly profile?: ProfileName
  start(): Promise<Started>
}

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const OTHER = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const FAST = { retries: '2', 'request-timeout': '2s', timeout: '60s', 'wait-timeout': '20s' }
const SCOPE = 'acme/site@production'
/** A valid CID that no test content has: the `i`th of a series. */
const fakeCid = (i: number): string =>
  CID.createV1(0x55, digestOf(0x12, createHash('sha256').update(`seed ${i}`).digest())).toString()
/** The labels an earlier run of `scope` wrote, `day` days into 2026. */
const earlier = (scope: string, day: number): PinTags => ({
  name: `site-old${day}`,
  metadata: {
    'ipfs-pin.scope': scope,
    'ipfs-pin.time': new Date(Date.UTC(2026, 0, day)).toISOString(),
    'ipfs-pin.repo': 'acme/site',
    'ipfs-pin.env': 'production',
  },
})
const TAGS: PinTags = {
  name: 'site-0123456',
  metadata: {
    'ipfs-pin.scope': SCOPE,
    'ipfs-pin.time': '2026-11-01T00:00:00.000Z',
    'ipfs-pin.repo': 'acme/site',
    'ipfs-pin.sha': '0123456',
  },
}

/** Polls status until it leaves queued/pinning: bounded, never a hang. */
async function settle(p: Provider, pin: PinInfo): Promise<PinInfo> {
  let info = pin
  for (let i = 0; i < 10 && (info.state === 'queued' || info.state === 'pinning'); i++)
    info = (await p.status?.(info)) ?? info
  return info
}

async function collectAll<T>(it: AsyncIterable<T> | undefined): Promise<T[]> {
  const out: T[] = []
  for await (const x of it ?? []) out.push(x)
  return out
}

export function providerContract(subject: Subject): void {
  const id = subject.descriptor.id
  const traits = subject.descriptor.traits
  describe(`provider contract: ${id}`, () => {
    const tmp = scratch(`contract-${id}`)
    afterAll(tmp.remove)
    let s: Started | undefined
    const start = async (): Promise<Started> => (s = await subject.start())
    afterEach(async () => {
      await s?.double.close()
      s = undefined
    })
    const uploads = subject.profile !== undefined
    const runWith = (d: Started, inputs: Record<string, string>): Promise<Ran> =>
      runRecorded(
        uploads ? { path: 'examples/planets', ...inputs } : { cid: PLANETS, ...inputs },
        tmp.next('run'),
        {},
        d.registry !== undefined ? { registry: d.registry } : {},
      )
    const configOf = (d: Started, inputs: Record<string, string>): Config =>
      configFor(
        uploads ? { path: 'examples/planets', ...inputs } : { cid: PLANETS, ...inputs },
        tmp.next('run'),
        {},
        d.registry,
      )
    const providerOf = (d: Started): { p: Provider; config: Config } => {
      const config = configOf(d, d.inputs)
      const cfg = config.providers[0]
      if (cfg === undefined) throw new Error('no provider')
      return { p: createProvider(cfg, testDeps(d.secrets, { retries: 1 }).deps), config }
    }
    /** What a deploy gives the provider: the example uploaded, or the existing CID pinned. */
    async function put(p: Provider, config: Config): Promise<PinInfo> {
      if (!uploads) return (await p.pin?.(CID.parse(PLANETS), TAGS)) as PinInfo
      if (config.content.kind !== 'path') throw new Error('path content expected')
      const c = await collect(config.content)
      if (p.uploadCar !== undefined) {
        const car = await writeCar(c, config.content.params, { dir: tmp.next('car') })
        return p.uploadCar({ path: car.carPath, size: car.carSize, root: car.root }, TAGS)
      }
      if (p.uploadFiles === undefined) throw new Error(`${p.id} takes no uploads`)
      return p.uploadFiles(await fileUpload(c, config.content.params, false), TAGS)
    }
    /** The offline CID of the example for the subject's profile (the product's engine). */
    let offline: string | undefined
    const expectedCid = async (): Promise<string> => {
      if (!uploads) return PLANETS
      if (offline !== undefined) return offline
      const r = await runRecorded(
        { path: 'examples/planets', 'cid-profile': subject.profile ?? '' },
        tmp.next('run'),
      )
      expect(r.error).toBeUndefined()
      offline = r.host.outputs.cid ?? ''
      return offline
    }

    const deployTitle = uploads
      ? 'uploads the example and reports the offline CID of its profile'
      : 'pins an existing CID and waits until it is pinned'
    it(`${deployTitle}`, async () => {
      const d = await start()
      const expected = await expectedCid()
      const r = await runWith(d, { ...d.inputs, ...FAST })
      expect(r.error).toBeUndefined()
      expect(r.host.outputs.cid).toBe(expected)
      expect(r.results).toMatchObject([{ status: 'pinned', cid: expected, expectedCid: expected }])
      expect(d.holds(expected)).toBe(true)
      expectNoSecret(d, r.host.text())
    })

    it.runIf(uploads)('builds with its profile: a tree with a file over 256 KiB', async () => {
      const d = await start()
      const dir = writeTree(tmp.next('big'), {
        'index.html': '<p>big</p>',
        'media/clip.bin': new Uint8Array(1_300_000).map((_, i) => (i * 7 + (i >> 9)) % 256),
      })
      const offlineFor = async (profile: string): Promise<string | undefined> =>
        (await runRecorded({ path: dir, 'cid-profile': profile }, tmp.next('run'))).host.outputs.cid
      const expected = await offlineFor(subject.profile ?? '')
      const r = await runWith(d, { ...d.inputs, ...FAST, path: dir })
      expect(r.error).toBeUndefined()
      expect(r.host.outputs.cid).toBe(expected)
      expect(r.results).toMatchObject([{ status: 'pinned', cid: expected }])
      // The profiles differ on this tree, so this shows which one the run used.
      const other = subject.profile === 'kubo-cid-v1' ? 'unixfs-v1-2025' : 'kubo-cid-v1'
      expect(await offlineFor(other)).not.toBe(expected)
    })

    it('reads status, unpins, treats a second unpin as gone, and pins by CID until pinned (where it can)', async () => {
      const d = await start()
      const { p, config } = providerOf(d)
      const up = await put(p, config)
      const pinned = await settle(p, up)
      expect(pinned.state).toBe('pinned')
      expect(d.holds(up.cid)).toBe(true)
      expect((await p.unpin?.(pinned))?.outcome).toBe('removed')
      expect(d.holds(up.cid)).toBe(false)
      expect((await p.status?.({ cid: up.cid }))?.state).toBe('absent')
      expect((await p.unpin?.({ cid: up.cid }))?.outcome).toBe('absent')
      // An upload-only service (an S3 store) cannot pin a CID it does not hold.
      if (p.pin === undefined) return
      const again = await settle(p, await p.pin(CID.parse(up.cid), TAGS))
      expect(again).toMatchObject({ cid: up.cid, state: 'pinned' })
      expect(d.holds(up.cid)).toBe(true)
    })

    it.runIf(traits.keepsLabels)(
      'lists its pins with their labels by scope and by CID, and rewrites or removes one record',
      async () => {
        const d = await start()
        const { p, config } = providerOf(d)
        const up = await settle(p, await put(p, config))
        const byScope = await collectAll(p.list?.({ scope: SCOPE }))
        expect(byScope.map((x) => x.cid)).toEqual([up.cid])
        expect(byScope[0]?.metadata).toMatchObject({ 'ipfs-pin.scope': SCOPE })
        expect((await collectAll(p.list?.({ cid: up.cid }))).map((x) => x.cid)).toEqual([up.cid])
        expect(await collectAll(p.list?.({ scope: 'acme/other@production' }))).toEqual([])
        const listed = byScope[0]
        if (listed === undefined) throw new Error('not listed')
        if (p.relabel !== undefined) {
          const claims = { ...listed.metadata, 'ipfs-pin.scope': `${SCOPE} acme/site#pr-7` }
          await p.relabel(listed, {
            ...claims,
            'ipfs-pin.time': '2026-11-01T00:00:00.000Z 2026-11-02T00:00:00.000Z',
          })
          const pr = await collectAll(p.list?.({ scope: 'acme/site#pr-7' }))
          expect(pr.map((x) => x.cid)).toEqual([up.cid])
        }
        if (p.remove !== undefined) {
          expect(await p.remove(listed)).toBe('removed')
          expect(await collectAll(p.list?.({ scope: SCOPE }))).toEqual([])
        }
      },
    )

    it.runIf(subject.http && subject.descriptor.credentials.length > 0)(
      'fails on wrong credentials after one request, without retrying or printing them',
      async () => {
        const d = await start()
        if (d.wrong === undefined || d.double.server === undefined)
          throw new Error('no wrong inputs')
        const r = await runWith(d, { ...d.wrong, ...FAST })
        expect(r.error?.message).toMatch(new RegExp(`^${id}: [a-zA-Z ]+ failed: HTTP 40[013]`))
        // The inputs to check are named, never their values.
        expect(r.error?.message).toMatch(/check "[a-z0-9-]+"/)
        expect(d.double.server.requests).toHaveLength(1)
        expect(r.results).toMatchObject([{ status: 'failed' }])
        expectNoSecret(d, r.host.text(), r.error?.message ?? '')
      },
    )

    const recovers: Array<[string, Fault]> = [
      ['429 with Retry-After', { status: 429, body: 'slow down', headers: { 'retry-after': '1' } }],
      ['a 502 page', { status: 502, body: '<html>Bad Gateway</html>' }],
      ['a reset connection', 'reset'],
    ]
    it.runIf(subject.http).each(recovers)(
      'recovers from %s on its write, sent again once',
      async (_name, fault) => {
        const d = await start()
        const server = d.double.server
        if (server === undefined) throw new Error('an HTTP double has a server')
        let faulted = false
        const write = d.writeMethod ?? 'POST'
        d.double.fault = (_n, path, method) => {
          if (faulted || method !== write || !d.writePath.test(path)) return undefined
          faulted = true
          return fault
        }
        const expected = await expectedCid()
        const r = await runWith(d, { ...d.inputs, ...FAST })
        expect(r.error).toBeUndefined()
        expect(r.results).toMatchObject([{ status: 'pinned', cid: expected }])
        expect(r.host.text()).toMatch(/retry/i)
        const writes = server.requests.filter(
          (q) => q.method === write && d.writePath.test(new URL(q.url, 'http://x').pathname),
        )
        expect(writes).toHaveLength(2)
        expectNoSecret(d, r.host.text())
      },
    )

    const countOf = (d: Started, cid: string): number => d.count?.(cid) ?? (d.holds(cid) ? 1 : 0)

    it('holds one pin after deploying the same CID twice', async () => {
      const d = await start()
      const expected = await expectedCid()
      for (const run of [1, 2]) {
        const r = await runWith(d, { ...d.inputs, ...FAST, scope: SCOPE })
        expect(r.error, `run ${run}`).toBeUndefined()
        expect(r.results, `run ${run}`).toMatchObject([{ status: 'pinned', cid: expected }])
      }
      expect(countOf(d, expected)).toBe(1)
      expectNoSecret(d, ...(d.double.server?.requests.map((q) => q.url) ?? []))
    })

    it.runIf(subject.http)(
      'holds one pin when the service took the write but the answer was lost',
      async () => {
        const d = await start()
        let faulted = false
        d.double.fault = (_n, path, method) => {
          if (faulted || method !== (d.writeMethod ?? 'POST') || !d.writePath.test(path))
            return undefined
          faulted = true
          return 'reset-after'
        }
        const expected = await expectedCid()
        const r = await runWith(d, { ...d.inputs, ...FAST, scope: SCOPE })
        expect(faulted).toBe(true)
        expect(r.error).toBeUndefined()
        expect(r.results).toMatchObject([{ status: 'pinned', cid: expected }])
        expect(countOf(d, expected)).toBe(1)
        expectNoSecret(d, r.host.text())
      },
    )

    it.runIf(traits.keepsLabels)(
      "lists every pin of a scope across pages, and none of another scope's",
      async () => {
        const d = await start()
        if (d.seed === undefined) throw new Error('a provider that keeps labels gives seed')
        const { p } = providerOf(d)
        const mine = [1, 2, 3, 4, 5].map(fakeCid)
        mine.forEach((cid, i) => d.seed?.(cid, earlier(SCOPE, i + 1)))
        d.seed(fakeCid(9), earlier('acme/other@production', 9))
        d.pageSize?.(2)
        const before = d.double.server?.requests.length ?? 0
        const listed = await collectAll(p.list?.({ scope: SCOPE }))
        expect(listed.map((x) => x.cid).sort()).toEqual([...mine].sort())
        for (const x of listed) expect(x.metadata['ipfs-pin.scope']).toContain(SCOPE)
        // Five pins two to a page: at least three pages were asked for.
        if (d.pageSize !== undefined && d.double.server !== undefined)
          expect(d.double.server.requests.length - before).toBeGreaterThanOrEqual(3)
        const byCid = await collectAll(p.list?.({ cid: mine[2] ?? '' }))
        expect(byCid.map((x) => x.cid)).toEqual([mine[2]])
      },
    )

    it.runIf(traits.keepsLabels)(
      "cleans up through a full run: the scope's older pin goes, this run's and another scope's stay",
      async () => {
        const d = await start()
        if (d.seed === undefined) throw new Error('a provider that keeps labels gives seed')
        const old = fakeCid(1)
        const other = fakeCid(2)
        d.seed(old, earlier(SCOPE, 1))
        d.seed(other, earlier('acme/other@production', 2))
        d.pageSize?.(2)
        const expected = await expectedCid()
        const r = await runWith(d, {
          ...d.inputs,
          ...FAST,
          scope: SCOPE,
          'unpin-previous': 'true',
          keep: '1',
        })
        expect(r.error).toBeUndefined()
        expect(r.results).toMatchObject([{ status: 'pinned', cid: expected }])
        expect(d.holds(expected)).toBe(true)
        expect(d.holds(old)).toBe(false)
        expect(d.holds(other)).toBe(true)
        expect(r.host.outputs.unpinned).toContain(old)
        expect(r.host.outputs.unpinned).not.toContain(other)
        expectNoSecret(d, r.host.text())
      },
    )

    const fails: Array<[string, (d: Started) => void, RegExp]> = [
      [
        'a stalled answer',
        (d) => (d.double.early = () => 'hold'),
        new RegExp(`^${id}: [a-zA-Z ]+ failed: no data moved for 300 ms; see "request-timeout"`),
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
        (d) => (d.double.fault = () => ({ status: 200, body: '{"cid":"bafy', headers: {} })),
        // JSON services, and XML ones (S3).
        /not (valid )?JSON|not the XML expected/,
      ],
    ]
    it.runIf(subject.http).each(fails)(
      'fails clearly on %s, in bounded time',
      async (_name, arm, message) => {
        const d = await start()
        arm(d)
        const r = await runWith(d, {
          ...d.inputs,
          ...FAST,
          retries: '1',
          'request-timeout': '300ms',
        })
        expect(r.error?.message).toMatch(message)
        expect(r.results[0]?.status).toBe('failed')
        expect(r.host.outputs.cid).toMatch(/^b/)
        expect(r.ms).toBeLessThan(15_000)
        expectNoSecret(d, r.host.text(), r.error?.message ?? '')
      },
    )

    it('fails when it reports another CID than the one built or asked for', async () => {
      const d = await start()
      d.lie(OTHER)
      const r = await runWith(d, { ...d.inputs, ...FAST })
      expect(r.error?.message).toMatch(new RegExp(`${id} reported CID ${OTHER}`))
      expect(r.error?.message).toMatch(
        uploads
          ? /the CID computed locally is b\S+\. .*cid-profile/
          : /it was asked to pin \(input "cid"\)/,
      )
      // A CID given as input was not built here: profiles and hidden files do not explain it.
      if (!uploads) expect(r.error?.message).not.toMatch(/profile|hidden/i)
      expect(r.results[0]?.status).toBe('mismatch')
      expect(CID.parse(r.host.outputs.cid ?? '').toString()).toBe(await expectedCid())
      expectNoSecret(d, r.host.text(), r.error?.message ?? '')
    })
  })
}
