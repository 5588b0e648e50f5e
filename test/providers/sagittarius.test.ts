/**
 * The Sagittarius A* provider against its double: two API keys showing the per-key refcount
 * end to end, "already exists" as success, the echoed key masked, rate limits respected.
 */
import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProviderError } from '../../src/errors.js'
import { createSagittariusProvider } from '../../src/providers/sagittarius.js'
import type { PinInfo, Provider } from '../../src/providers/types.js'
import { startSagittariusDouble, type SagittariusDouble } from '../doubles/sagittarius.js'
import { deadlineSignal } from '../../src/http/deadline.js'
import { fakeClock, type FakeClock } from '../support/clock.js'
import { testDeps } from '../support/deps.js'
import { sagittarius as sagittariusProvider } from '../../src/providers/sagittarius.js'
import { providerContract } from '../support/contract.js'

const KEY_A = 'sgr-key-alpha-3f9c2a'
const KEY_B = 'sgr-key-bravo-81d0e4'
const A = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
const TAGS = { name: 'site', metadata: {} }

let sgr: SagittariusDouble | undefined
afterEach(async () => {
  await sgr?.close()
  sgr = undefined
})

function client(
  key: string,
  s: SagittariusDouble,
  clock?: FakeClock,
): { p: Provider; registered: string[]; logs: string[] } {
  const { deps, registered, logs } = testDeps([key], {
    retries: 2,
    ...(clock !== undefined ? { clock } : {}),
  })
  return {
    p: createSagittariusProvider({ id: 'sagittarius', apiUrl: s.url, apiKey: key }, deps),
    registered,
    logs,
  }
}

describe('sagittarius provider', () => {
  it('two keys pin one CID: the first removal releases it for that key only, the second removes it', async () => {
    sgr = await startSagittariusDouble([KEY_A, KEY_B])
    const a = client(KEY_A, sgr)
    const b = client(KEY_B, sgr)
    expect(await a.p.pin?.(A, TAGS)).toMatchObject({ cid: A.toString(), state: 'queued' })
    expect(a.registered).toContain(KEY_A) // the answer echoed the key
    // Already pinned by this key: success, same record.
    expect((await a.p.pin?.(A, TAGS))?.detail).toMatch(/already exists/)
    await b.p.pin?.(A, TAGS)
    let info = (await a.p.status?.({ cid: A.toString() })) as PinInfo
    for (let i = 0; i < 5 && info.state !== 'pinned'; i++)
      info = (await a.p.status?.(info)) as PinInfo
    expect(info.state).toBe('pinned')
    expect((await a.p.unpin?.({ cid: A.toString() }))?.outcome).toBe('released-for-this-key')
    expect(sgr.cluster.has(A.toString())).toBe(true)
    expect((await a.p.unpin?.({ cid: A.toString() }))?.outcome).toBe('absent')
    expect((await b.p.unpin?.({ cid: A.toString() }))?.outcome).toBe('removed')
    expect(sgr.cluster.has(A.toString())).toBe(false)
    expect((await b.p.status?.({ cid: A.toString() }))?.state).toBe('absent')
  })

  it('lists the CIDs this key pinned', async () => {
    sgr = await startSagittariusDouble([KEY_A, KEY_B])
    const a = client(KEY_A, sgr)
    await a.p.pin?.(A, TAGS)
    const found: string[] = []
    for await (const x of a.p.list?.({}) ?? []) found.push(x.cid)
    expect(found).toEqual([A.toString()])
  })

  it('waits for the per-minute reset when the budget is spent, and fails clearly on the daily one', async () => {
    const clock = fakeClock()
    sgr = await startSagittariusDouble([KEY_A], () => clock.now())
    sgr.perMinute = 2
    const a = client(KEY_A, sgr, clock)
    await a.p.pin?.(A, TAGS)
    await a.p.status?.({ cid: A.toString() }) // remaining 0 now
    await a.p.status?.({ cid: A.toString() })
    expect(clock.sleeps).toEqual([1000])
    expect(a.logs.join('\n')).toMatch(/rate limit reached; waiting 1 s/)
    expect(sgr.server.requests.every((r) => r.url !== '' && r.headers['x-api-key'] === KEY_A)).toBe(
      true,
    )

    await sgr.close()
    sgr = await startSagittariusDouble([KEY_A])
    sgr.daily = 1
    const d = client(KEY_A, sgr)
    await d.p.pin?.(A, TAGS)
    const err = (await d.p
      .status?.({ cid: A.toString() })
      .catch((e: unknown) => e)) as ProviderError
    expect(err.message).toMatch(/daily request limit \(1\) is used up; it resets at 2026-11-22/)
    expect(sgr.server.requests).toHaveLength(1)
  })

  it('fails at once, saying when as an ISO time, when a limit resets after the wait-timeout', async () => {
    const clock = fakeClock()
    sgr = await startSagittariusDouble([KEY_A], () => clock.now())
    sgr.perMinute = 1
    sgr.resetSeconds = 60
    const a = client(KEY_A, sgr, clock)
    await a.p.pin?.(A, TAGS) // remaining 0 now: the next call may go in 60 s
    const { signal, dispose } = deadlineSignal(
      undefined,
      { at: clock.now() + 20_000, input: 'wait-timeout' },
      () => new Error('wait-timeout'),
      clock,
    )
    const err = (await a.p
      .status?.({ cid: A.toString() }, { signal })
      .catch((e: unknown) => e)) as ProviderError
    dispose()
    expect(clock.sleeps).toEqual([])
    expect(err.message).toMatch(
      /per-minute request limit is used up until 2026-12-01T12:01:00Z, after the limit set by "wait-timeout" \(2026-12-01T12:00:20Z\)/,
    )
    expect(sgr.server.requests).toHaveLength(1)
  })

  it('says when a daily limit given in epoch seconds resets, as an ISO time', async () => {
    const clock = fakeClock()
    sgr = await startSagittariusDouble([KEY_A], () => clock.now())
    sgr.daily = 1
    sgr.dailyReset = String(Math.floor(clock.now() / 1000) + 3600)
    const a = client(KEY_A, sgr, clock)
    await a.p.pin?.(A, TAGS)
    const err = (await a.p
      .status?.({ cid: A.toString() })
      .catch((e: unknown) => e)) as ProviderError
    expect(err.message).toMatch(
      /daily request limit \(1\) is used up; it resets at 2026-12-01T13:00:00Z/,
    )
  })

  it('fails on an unknown key without retrying, never showing it', async () => {
    sgr = await startSagittariusDouble([KEY_A])
    const x = client('sgr-key-unknown-000', sgr)
    const err = (await x.p.pin?.(A, TAGS).catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(401)
    expect(err.message).not.toContain('sgr-key-unknown-000')
    expect(sgr.server.requests).toHaveLength(1)
  })
})

providerContract({
  descriptor: sagittariusProvider,
  http: true,
  async start() {
    const key = 'sgr-pin-contract-key-8c2'
    const d = await startSagittariusDouble([key])
    const inputs = {
      provider: 'sagittarius',
      'sagittarius-api-url': d.url,
      'sagittarius-api-key': key,
    }
    return {
      double: d,
      inputs,
      wrong: { ...inputs, 'sagittarius-api-key': 'sgr-wrong-key' },
      secrets: [key],
      lie: (cid) => (d.lieAboutCid = cid),
      holds: (cid) => d.records.has(`${key} ${cid}`),
      writePath: /^\/ipfs\/pin\/add\//,
    }
  },
})
