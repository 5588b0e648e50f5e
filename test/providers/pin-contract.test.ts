/**
 * The contract the pin-only providers meet, through the whole `run()` with `cid` (pin existing
 * content, wait until pinned), against each one's local double: the PSA client (spec-faithful
 * double) and Sagittarius A*.
 *
 * - Pins the CID, waits until pinned, reports the request/pin id; unpins it again.
 * - Wrong credentials: one request, a clear failure, no retry.
 * - Faults: 429 with Retry-After, 500 then success, a connection reset (recovered); a stall,
 *   an HTML page, a truncated body, a wrong CID (a clear failure, in bounded time).
 * - Under every case, no credential byte in anything the run printed or set.
 */
import { CID } from 'multiformats/cid'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createProvider } from '../../src/providers/registry.js'
import type { Fault } from '../doubles/common.js'
import { startPsaDouble } from '../doubles/psa.js'
import { startSagittariusDouble } from '../doubles/sagittarius.js'
import { testDeps } from '../support/deps.js'
import { scratch } from '../support/fs-tree.js'
import { configFor, expectNoSecret, runRecorded, type Ran } from '../support/recorded-run.js'
import type { TestServer } from '../support/server.js'

const tmp = scratch('pin-contract')
afterAll(tmp.remove)

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const OTHER = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

interface Double {
  server: TestServer
  fault?: (n: number, path: string, method: string) => Fault | undefined
  close(): Promise<void>
}

interface Started {
  double: Double
  inputs: Record<string, string>
  wrong: Record<string, string>
  secrets: string[]
  holds(cid: string): boolean
  /** The path a pin request goes to (the first request of a run). */
  pinPath: RegExp
}

const SUBJECTS: Array<{ id: string; start(): Promise<Started> }> = [
  {
    id: 'psa',
    async start() {
      const token = 'psa-pin-contract-token-3f1'
      const d = await startPsaDouble(token)
      d.stepped = { queued: 1, pinning: 1 }
      const inputs = { provider: 'psa', 'psa-endpoint': d.url, 'psa-token': token }
      return {
        double: d,
        inputs,
        wrong: { ...inputs, 'psa-token': 'psa-wrong-token' },
        secrets: [token],
        holds: (cid) => d.pins.some((p) => p.cid === cid),
        pinPath: /^\/pins$/,
      }
    },
  },
  {
    id: 'sagittarius',
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
        holds: (cid) => d.records.has(`${key} ${cid}`),
        pinPath: /^\/ipfs\/pin\/add\//,
      }
    },
  },
]

const FAST = { retries: '2', 'request-timeout': '2s', timeout: '60s', 'wait-timeout': '20s' }
const runWith = (inputs: Record<string, string>): Promise<Ran> =>
  runRecorded({ cid: PLANETS, ...FAST, ...inputs }, tmp.next('run'))

describe.each(SUBJECTS)('pin-only contract: $id', (subject) => {
  let s: Started | undefined
  const start = async (): Promise<Started> => (s = await subject.start())
  afterEach(async () => {
    await s?.double.close()
    s = undefined
  })

  it('pins an existing CID, waits until pinned, then unpins it', async () => {
    const d = await start()
    const r = await runWith(d.inputs)
    expect(r.error).toBeUndefined()
    expect(r.host.outputs.cid).toBe(PLANETS)
    expect(r.results).toMatchObject([{ status: 'pinned', cid: PLANETS }])
    expect(d.holds(PLANETS)).toBe(true)
    expectNoSecret(d, r.host.text())

    const cfg = configFor({ ...d.inputs, cid: PLANETS }, tmp.next('run')).providers[0]
    if (cfg === undefined) throw new Error('no provider')
    const p = createProvider(cfg, testDeps(d.secrets, { retries: 1 }).deps)
    expect((await p.unpin?.({ cid: PLANETS }))?.outcome).toBe('removed')
    expect(d.holds(PLANETS)).toBe(false)
    expect((await p.unpin?.({ cid: PLANETS }))?.outcome).toBe('absent')
    expect((await p.status?.({ cid: PLANETS }))?.state).toBe('absent')
  })

  it('fails on wrong credentials after one request, without retrying or printing them', async () => {
    const d = await start()
    const r = await runWith(d.wrong)
    // PSA looks for a request it already made first: that listing is the one refused.
    expect(r.error?.message).toMatch(
      new RegExp(`^${subject.id}: (pinning the CID|listing pins( by label)?) failed: HTTP 40[013]`),
    )
    // The inputs to check are named, never their values.
    expect(r.error?.message).toContain(
      `check "${subject.id === 'psa' ? 'psa-token' : 'sagittarius-api-key'}"`,
    )
    expect(d.double.server.requests).toHaveLength(1)
    expect(r.results).toMatchObject([{ status: 'failed' }])
    expectNoSecret(d, r.host.text(), r.error?.message ?? '')
  })

  const recovers: Array<[string, Fault]> = [
    ['429 with Retry-After', { status: 429, body: 'slow down', headers: { 'retry-after': '1' } }],
    ['a 502 page', { status: 502, body: '<html>Bad Gateway</html>' }],
    ['a reset connection', 'reset'],
  ]
  it.each(recovers)('recovers from %s on the pin request', async (_name, fault) => {
    const d = await start()
    // The first pin request (PSA looks for a request of its own before it asks for one).
    let faulted = false
    d.double.fault = (_n, path, method) => {
      if (faulted || method !== 'POST' || !d.pinPath.test(path)) return undefined
      faulted = true
      return fault
    }
    const r = await runWith(d.inputs)
    expect(r.error).toBeUndefined()
    expect(r.results).toMatchObject([{ status: 'pinned', cid: PLANETS }])
    expect(r.host.text()).toMatch(/retry/i)
    // The pin request was sent again once (after the service said it had not taken it, or had
    // looked it up and found nothing), never more.
    const pins = d.double.server.requests.filter(
      (q) => q.method === 'POST' && d.pinPath.test(new URL(q.url, 'http://x').pathname),
    )
    expect(pins).toHaveLength(2)
    expectNoSecret(d, r.host.text())
  })

  const fails: Array<[string, Fault, RegExp]> = [
    [
      'a stalled answer',
      'stall',
      /^(psa|sagittarius): [a-zA-Z ]+ failed: no data moved for 300 ms; see "request-timeout"/,
    ],
    [
      'an HTML page',
      {
        status: 200,
        body: '<!doctype html><title>Login</title>',
        headers: { 'content-type': 'text/html' },
      },
      /answered HTTP 200 with HTML page "Login"/,
    ],
    [
      'a truncated body',
      { status: 200, body: '{"requestid":"x","sta', headers: {} },
      /not valid JSON: \{"requestid":"x","sta/,
    ],
  ]
  it.each(fails)('fails clearly on %s, in bounded time', async (_name, fault, message) => {
    const d = await start()
    d.double.fault = () => fault
    const r = await runWith({ retries: '1', 'request-timeout': '300ms', ...d.inputs })
    expect(r.error?.message).toMatch(message)
    expect(r.results[0]?.status).toBe('failed')
    expect(r.ms).toBeLessThan(15_000)
    expectNoSecret(d, r.host.text(), r.error?.message ?? '')
  })

  it('fails when the service reports another CID than the one asked', async () => {
    const d = await start()
    // Every answer speaks of OTHER: PSA's PinStatus, Sagittarius's `result` record.
    d.double.fault = (n, path) =>
      subject.id === 'psa' && n === 1
        ? // PSA first looks for a request of its own for the CID: there is none.
          {
            status: 200,
            body: JSON.stringify({ count: 0, results: [] }),
            headers: { 'content-type': 'application/json' },
          }
        : subject.id === 'psa'
          ? {
              status: 202,
              body: JSON.stringify({
                requestid: 'r1',
                status: 'pinned',
                created: new Date().toISOString(),
                pin: { cid: OTHER },
                delegates: [],
              }),
              headers: { 'content-type': 'application/json' },
            }
          : {
              status: 200,
              body: JSON.stringify(
                path.includes('/add/')
                  ? { message: 'Pin added successfully', result: { cid: OTHER, type: 'pin' } }
                  : {
                      message: 'Pin status retrieved successfully',
                      result: { cid: OTHER, peer_map: [{ peername: 'p', status: 'pinned' }] },
                    },
              ),
              headers: { 'content-type': 'application/json' },
            }
    const r = await runWith(d.inputs)
    expect(r.error?.message).toMatch(new RegExp(`reported CID ${OTHER}`))
    // A CID given in "cid" was not built here: no talk of import profiles or hidden files.
    expect(r.error?.message).toMatch(/it was asked to pin \(input "cid"\)/)
    expect(r.error?.message).not.toMatch(/cid-profile|hidden-files|wrap-with-directory/)
    expect(r.results[0]?.status).toBe('mismatch')
    expect(CID.parse(r.host.outputs.cid ?? '').toString()).toBe(PLANETS)
  })
})
