/**
 * The rollback flow's order (src/history/run.ts): refused on a pull request before anything is
 * read, `to` checked before any request, the still-pinned check and the retrieval check before
 * the names, nothing set when the names already point there. And `readHistory` against a PSA
 * double with GitHub failing: the history is incomplete, never the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import {
  buildHistory,
  isRollbackRefusal,
  pinnedOn,
  readHistory,
  rollback,
  RollbackError,
  type History,
  type PinCheck,
  type RollbackPorts,
} from '../../src/history/index.js'
import { createPsaProvider } from '../../src/providers/psa-client.js'
import type { Provider } from '../../src/providers/types.js'
import { TAG } from '../../src/tags.js'
import { startPsaDouble, type PsaDouble } from '../doubles/psa.js'
import { testDeps } from '../support/deps.js'

const SCOPE = 'acme/site@production'
const V = [
  'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  'bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su',
  'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4',
] as const
const t = (day: number): string => new Date(Date.UTC(2026, 10, day, 12)).toISOString()
const TOKEN = 'psa-run-token-51a0'

const history: History = buildHistory({
  scope: SCOPE,
  records: V.map((cid, i) => ({
    provider: 'psa',
    pin: { cid, state: 'pinned', metadata: { [TAG.scope]: SCOPE, [TAG.time]: t(i + 1) } },
  })),
})

function ports(over: Partial<RollbackPorts> = {}): { ports: RollbackPorts; calls: string[] } {
  const calls: string[] = []
  const pinned = (cid: string): PinCheck => ({ cid, pinnedOn: ['psa'], notPinned: [], unknown: [] })
  return {
    calls,
    ports: {
      history: () => (calls.push('history'), Promise.resolve(history)),
      live: () => (calls.push('live'), Promise.resolve([V[2]])),
      stillPinned: (cid) => (calls.push(`pinned ${cid}`), Promise.resolve(pinned(cid))),
      retrieval: (cid) => (calls.push(`retrieval ${cid}`), Promise.resolve()),
      setNames: (cid) => (calls.push(`names ${cid}`), Promise.resolve()),
      log: () => undefined,
      ...over,
    },
  }
}

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  )

describe('rollback flow', () => {
  it('checks pinned, then retrieval, then sets the names, in that order', async () => {
    const { ports: p, calls } = ports()
    const r = await rollback({ to: '' }, p)
    expect(r).toMatchObject({ changed: true, target: { cid: V[1] }, from: { cid: V[2] } })
    expect(calls.slice(2)).toEqual([`pinned ${V[1]}`, `retrieval ${V[1]}`, `names ${V[1]}`])
  })

  it('is refused on a pull request before anything is read; a bad `to` before any request', async () => {
    const { ports: p, calls } = ports()
    const err = await caught(rollback({ to: '', pullRequest: { number: 3 } }, p))
    expect(err).toBeInstanceOf(RollbackError)
    expect((err as RollbackError).reason).toBe('refused')
    const bad = await caught(rollback({ to: 'yesterday' }, p))
    expect(bad).toBeInstanceOf(InputError)
    expect([isRollbackRefusal(err), isRollbackRefusal(bad)]).toEqual([true, true])
    expect(calls).toEqual([])
  })

  it('changes no name when the target is not pinned or not retrievable', async () => {
    const gone = ports({
      stillPinned: (cid) =>
        Promise.resolve({
          cid,
          pinnedOn: [],
          notPinned: [{ provider: 'psa', state: 'absent' }],
          unknown: [],
        }),
    })
    expect(((await caught(rollback({ to: '2' }, gone.ports))) as RollbackError).reason).toBe(
      'not-pinned',
    )
    const broken = ports({ retrieval: () => Promise.reject(new Error('gateway: 404')) })
    expect(await caught(rollback({ to: V[0] }, broken.ports))).toMatchObject({
      message: 'gateway: 404',
    })
    expect([...gone.calls, ...broken.calls].some((c) => c.startsWith('names'))).toBe(false)
  })

  it('sets nothing when the names already point to the target', async () => {
    const { ports: p, calls } = ports()
    const r = await rollback({ to: V[2] }, p)
    expect(r.changed).toBe(false)
    expect(calls.some((c) => c.startsWith('names') || c.startsWith('retrieval'))).toBe(false)
  })
})

describe('readHistory', () => {
  let psa: PsaDouble
  let provider: Provider
  beforeAll(async () => {
    psa = await startPsaDouble(TOKEN)
    provider = createPsaProvider(
      {
        id: 'psa',
        endpoint: psa.url,
        auth: { kind: 'bearer', token: TOKEN },
        credentials: ['psa-token'],
      },
      testDeps([TOKEN], { retries: 1 }).deps,
    )
  })
  afterAll(async () => psa.close())

  it('reads the providers; GitHub failing leaves the history incomplete, said once, masked', async () => {
    psa.seed(V[0], { meta: { [TAG.scope]: SCOPE, [TAG.time]: t(1) } })
    psa.seed(V[1], { meta: { [TAG.scope]: SCOPE, [TAG.time]: t(2) } })
    const warnings: string[] = []
    const h = await readHistory({
      scope: SCOPE,
      providers: [provider],
      github: {
        environment: 'production',
        get: () => Promise.reject(new Error('HTTP 403 for ghs_secret')),
      },
      clean: (s) => s.replace('ghs_secret', '***'),
      warn: (m) => warnings.push(m),
    })
    expect(h.entries.map((e) => e.cid)).toEqual([V[1], V[0]])
    expect(h.incomplete).toEqual(['github'])
    expect(warnings).toEqual([
      'The deployment history leaves GitHub Deployments out: HTTP 403 for ***',
    ])
    // The still-pinned port asks the same providers.
    expect((await pinnedOn([provider])(V[1])).pinnedOn).toEqual(['psa'])
  })
})
