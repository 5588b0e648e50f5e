/** The Kubo RPC provider against the Kubo double: contract, faults, secrets. */
import path from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KuboOptions } from '../../src/providers/kubo.js'
import type { CarResult } from '../../src/content/car.js'
import { ProviderError } from '../../src/errors.js'
import { createKuboProvider } from '../../src/providers/kubo.js'
import type { Provider } from '../../src/providers/types.js'
import { startKuboDouble, type KuboDouble } from '../doubles/kubo.js'
import { ROOT } from '../support/action-harness.js'
import { testDeps } from '../support/deps.js'
import { carOf, scratch, writeTree } from '../support/fs-tree.js'
import { kubo as kuboProvider } from '../../src/providers/kubo.js'
import { providerContract } from '../support/contract.js'

const tmp = scratch('kubo')
afterAll(tmp.remove)
const PASSWORD = 'n0de-pa55word-xyz'
const BASIC = `Basic ${Buffer.from(`deploy:${PASSWORD}`).toString('base64')}`
const TAGS = { name: 'site-0123456', metadata: {} }

let car: CarResult
/** Several MiB: large enough that a reset can land in the middle of the upload. */
let bigCar: CarResult
let kubo: KuboDouble
beforeAll(async () => {
  const big = writeTree(tmp.next('big'), {
    'a.bin': new Uint8Array(6 << 20).map((_, i) => (i * 13) & 0xff),
    'b.txt': 'b',
  })
  bigCar = await carOf(big, tmp.next('car'))
  car = await carOf(path.join(ROOT, 'examples', 'planets'), tmp.next('car'))
})
afterEach(async () => kubo.close())

async function provider(
  opts: { auth?: boolean; stallMs?: number; retries?: number } = {},
): Promise<{ p: Provider; logs: string[]; secrets: string[] }> {
  kubo = await startKuboDouble({ authorization: opts.auth === false ? undefined : BASIC })
  const { deps, logs, registered } = testDeps([PASSWORD], opts)
  const config: KuboOptions = {
    id: 'kubo',
    url: kubo.url,
    auth:
      opts.auth === false ? undefined : { kind: 'basic', username: 'deploy', password: PASSWORD },
  }
  const p = createKuboProvider(config, deps)
  return { p, logs, secrets: registered }
}

const carFile = (): { path: string; size: number; root: CID } => ({
  path: car.carPath,
  size: car.carSize,
  root: car.root,
})

describe('kubo provider', () => {
  it('imports the CAR, pins its root, reports the CID, and every block arrives intact', async () => {
    const { p } = await provider()
    const info = await p.uploadCar?.(carFile(), TAGS)
    expect(info).toEqual({ cid: car.root.toString(), state: 'pinned' })
    expect(kubo.blocks.size).toBe(car.blocks)
    expect(kubo.server.requests[0]?.url).toBe('/api/v0/dag/import?pin-roots=true&stats=false')
    expect(Number(kubo.server.requests[0]?.headers['content-length'])).toBe(
      kubo.server.requests[0]?.body.length,
    )
  })

  it('reads status, unpins, and treats a second unpin as already gone', async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(), TAGS)
    const ref = { cid: car.root.toString() }
    expect(await p.status?.(ref)).toEqual({ cid: car.root.toString(), state: 'pinned' })
    expect((await p.unpin?.(ref))?.outcome).toBe('removed')
    expect((await p.status?.(ref))?.state).toBe('absent')
    expect((await p.unpin?.(ref))?.outcome).toBe('absent')
    expect(kubo.server.requests.every((r) => r.method === 'POST')).toBe(true)
  })

  it("pins a CID whose blocks the node has; a missing one fails with Kubo's message after the retries", async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(), TAGS)
    await p.unpin?.({ cid: car.root.toString() })
    expect(await p.pin?.(car.root, TAGS)).toEqual({ cid: car.root.toString(), state: 'pinned' })
    const unknown = CID.parse('bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e')
    const before = kubo.server.requests.length
    const err = await p.pin?.(unknown, TAGS).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect((err as Error).message).toMatch(
      /kubo: pinning the CID failed: HTTP 500: .*could not find/,
    )
    // Kubo's own 500 is retried (the block may yet arrive), within the policy's bound.
    expect(kubo.server.requests.length - before).toBe(3)
  })

  it('reports the root the node names, so a different DAG shows as a different CID', async () => {
    const { p } = await provider()
    kubo.lieAboutRoot = 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354'
    expect((await p.uploadCar?.(carFile(), TAGS))?.cid).toBe(
      'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354',
    )
  })

  it('fails on wrong credentials without retrying and without printing them', async () => {
    const { secrets } = await provider()
    const bad = createKuboProvider(
      {
        id: 'kubo',
        url: kubo.url,
        auth: { kind: 'basic', username: 'deploy', password: 'wrong-pa55' },
      },
      testDeps([], { retries: 3 }).deps,
    )
    const err = await bad.status?.({ cid: car.root.toString() }).catch((e: unknown) => e)
    expect((err as ProviderError).status).toBe(403)
    expect(kubo.server.requests).toHaveLength(1)
    expect(secrets).toContain(BASIC) // the header value was registered for masking
  })
})

describe('kubo provider under faults', () => {
  it('retries a 502 from a proxy, then succeeds', async () => {
    const { p, logs } = await provider()
    kubo.fault = (n) =>
      n === 1 ? { status: 502, body: '<html><title>Bad Gateway</title></html>' } : undefined
    expect((await p.uploadCar?.(carFile(), TAGS))?.state).toBe('pinned')
    expect(logs[0]).toMatch(/attempt 1 of 3 failed \(HTTP 502\)/)
  })

  it('retries a connection reset in the middle of the upload, sending the whole CAR again', async () => {
    const { p } = await provider()
    kubo.early = (n) => (n === 1 ? 'reset-mid-body' : undefined)
    const big = { path: bigCar.carPath, size: bigCar.carSize, root: bigCar.root }
    expect(await p.uploadCar?.(big, TAGS)).toEqual({ cid: bigCar.root.toString(), state: 'pinned' })
    expect(kubo.server.requests).toHaveLength(1) // the first never completed
    expect(kubo.server.requests[0]?.body.length).toBeGreaterThan(bigCar.carSize)
    expect(kubo.blocks.size).toBe(bigCar.blocks)
  })

  it('fails an upload the node stops reading, within the stall limit', async () => {
    const { p } = await provider({ stallMs: 300, retries: 0 })
    kubo.early = () => 'hold'
    const t0 = performance.now()
    await expect(
      p.uploadCar?.({ path: bigCar.carPath, size: bigCar.carSize, root: bigCar.root }, TAGS),
    ).rejects.toThrow(/kubo: uploading the CAR failed: no data moved/)
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  it('gives up on a stalled node within its limit', async () => {
    const { p } = await provider({ stallMs: 150, retries: 1 })
    kubo.fault = () => 'stall'
    const t0 = performance.now()
    await expect(p.status?.({ cid: car.root.toString() })).rejects.toThrow(
      /no data moved for .*request-timeout/,
    )
    expect(performance.now() - t0).toBeLessThan(2000)
  })

  it('fails clearly on a malformed answer', async () => {
    const { p } = await provider({ retries: 0 })
    kubo.fault = () => ({ status: 200, body: '{"Root": {"Cid": ' })
    await expect(p.uploadCar?.(carFile(), TAGS)).rejects.toThrow(
      /kubo: uploading the CAR failed: the node sent a line that is not JSON/,
    )
  })

  it('never puts the password or the Basic header in an error, under any fault', async () => {
    for (const fault of [
      { status: 500, body: `{"Message":"bad ${BASIC} ${PASSWORD}","Type":"error"}` },
      { status: 401, body: PASSWORD },
    ] as const) {
      const { p } = await provider({ retries: 0, stallMs: 200 })
      kubo.fault = () => fault
      const err = (await p.uploadCar?.(carFile(), TAGS).catch((e: unknown) => e)) as ProviderError
      expect(err).toBeInstanceOf(ProviderError)
      for (const s of [PASSWORD, BASIC, Buffer.from(`deploy:${PASSWORD}`).toString('base64')]) {
        expect(err.message).not.toContain(s)
        expect(err.body ?? '').not.toContain(s)
      }
      await kubo.close()
    }
    kubo = await startKuboDouble() // for afterEach
  })
})

providerContract({
  descriptor: kuboProvider,
  http: true,
  profile: 'unixfs-v1-2025',
  async start() {
    const password = 'kubo-contract-pa55'
    const basic = Buffer.from(`ci:${password}`).toString('base64')
    const d = await startKuboDouble({ authorization: `Basic ${basic}` })
    return {
      double: d,
      inputs: { provider: 'kubo', 'kubo-url': d.url, 'kubo-basic-auth': `ci:${password}` },
      wrong: { provider: 'kubo', 'kubo-url': d.url, 'kubo-basic-auth': 'ci:nope-wrong-1' },
      secrets: [password, basic],
      lie: (cid) => (d.lieAboutRoot = cid),
      holds: (cid) => d.pins.has(cid),
      writePath: /^\/api\/v0\/dag\/import$/,
    }
  },
})
