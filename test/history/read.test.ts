/**
 * Reading a scope's history from real provider clients against their doubles (PSA, one record
 * per request, paged listings; a second PSA service standing in for another provider), and from
 * a GitHub Deployments double that enforces the REST contract (Bearer token, paths, pages, the
 * newest-first order). A failing listing makes the history incomplete, never the run fail; the
 * still-pinned check asks every provider and tells pinned, absent and unknown apart.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../src/http/client.js'
import {
  buildHistory,
  chooseRollbackTarget,
  readGithubDeployments,
  readScope,
  stillPinned,
  type GetJson,
} from '../../src/history/index.js'
import { createPsaProvider } from '../../src/providers/psa-client.js'
import type { Provider } from '../../src/providers/types.js'
import { TAG } from '../../src/tags.js'
import { startPsaDouble, type PsaDouble } from '../doubles/psa.js'
import { testDeps } from '../support/deps.js'
import { startServer, type TestServer } from '../support/server.js'

const TOKEN = 'psa-history-token-7c1d'
const GH_TOKEN = 'ghs_historyToken0123456789'
const SCOPE = 'acme/site@production'
const V = [
  'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  'bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su',
  'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4',
] as const
const t = (day: number): string => new Date(Date.UTC(2026, 10, day, 12)).toISOString()
const labels = (day: number, scope = SCOPE): Record<string, string> => ({
  [TAG.scope]: scope,
  [TAG.time]: t(day),
  [TAG.sha]: String(day).repeat(40).slice(0, 40),
})

let a: PsaDouble
let b: PsaDouble
const client = (d: PsaDouble, id: 'psa' | 'filebase'): Provider =>
  createPsaProvider(
    { id, endpoint: d.url, auth: { kind: 'bearer', token: TOKEN }, credentials: ['psa-token'] },
    testDeps([TOKEN], { retries: 1 }).deps,
  )

beforeAll(async () => {
  ;[a, b] = await Promise.all([startPsaDouble(TOKEN), startPsaDouble(TOKEN)])
})
afterAll(async () => Promise.all([a.close(), b.close()]))

describe('reading the history from the providers', () => {
  it('merges both providers through every page, leaves other scopes and unlabelled pins out', async () => {
    a.pins.length = 0
    b.pins.length = 0
    a.pageCap = 2
    for (let i = 0; i < 3; i++) a.seed(V[i] ?? '', { meta: labels(i + 1) })
    a.seed(V[0], { meta: labels(9, 'acme/site@staging') })
    a.seed(V[1], { meta: {} })
    b.seed(CID.parse(V[2]).toV0().toString(), { meta: labels(3) })
    const providers = [client(a, 'psa'), client(b, 'filebase')]
    const listing = await readScope(providers, SCOPE)
    expect(listing.incomplete).toEqual([])
    const h = buildHistory({ scope: SCOPE, records: listing.records })
    expect(h.entries.map((e) => [e.cid, e.pinned.map((p) => p.provider)])).toEqual([
      [V[2], ['filebase', 'psa']],
      [V[1], ['psa']],
      [V[0], ['psa']],
    ])
    // Only records claiming this scope come back, whatever the service filtered.
    expect(listing.records.every((r) => r.pin.metadata[TAG.scope] === SCOPE)).toBe(true)
  })

  it('stops a listing at its bound, and a failing listing leaves the history incomplete', async () => {
    a.pins.length = 0
    a.pageCap = 1
    for (let i = 0; i < 3; i++) a.seed(V[i] ?? '', { meta: labels(i + 1) })
    const bounded = await readScope([client(a, 'psa')], SCOPE, { maxPins: 2 })
    expect(bounded.records).toHaveLength(2)
    expect(bounded.incomplete[0]?.why).toContain('more than 2 pins')
    b.fault = () => ({ status: 500, body: 'down' })
    try {
      const listing = await readScope([client(a, 'psa'), client(b, 'filebase')], SCOPE)
      expect(listing.records).toHaveLength(3)
      expect(listing.incomplete.map((i) => i.provider)).toEqual(['filebase'])
    } finally {
      b.fault = undefined
    }
  })

  it('still pinned: asks every provider, any form of the CID', async () => {
    a.pins.length = 0
    b.pins.length = 0
    a.pageCap = 50
    a.seed(V[2], { meta: labels(1) })
    b.seed(V[2], { meta: labels(1) })
    b.failing.add(V[2])
    // A provider that reports a status only, and one that can do neither.
    const statusOnly: Provider = {
      id: 'status-only',
      status: (p) => Promise.resolve({ cid: p.cid, state: p.cid === V[2] ? 'pinned' : 'absent' }),
    }
    const mute: Provider = { id: 'mute' }
    const check = await stillPinned(
      [client(a, 'psa'), client(b, 'filebase'), statusOnly, mute],
      CID.parse(V[2]).toV0().toString(),
    )
    expect(check.cid).toBe(V[2])
    expect(check.pinnedOn).toEqual(['psa', 'status-only'])
    expect(check.notPinned).toEqual([{ provider: 'filebase', state: 'failed' }])
    expect(check.unknown.map((u) => u.provider)).toEqual(['mute'])
    b.failing.clear()
    a.pins.length = 0
    const gone = await stillPinned([client(a, 'psa')], V[2])
    expect([gone.pinnedOn, gone.notPinned]).toEqual([[], [{ provider: 'psa', state: 'absent' }]])
  })
})

describe('GitHub Deployments', () => {
  let gh: TestServer
  const deployments: Array<Record<string, unknown>> = []
  const statuses = new Map<number, Array<Record<string, unknown>>>()
  const send = (res: ServerResponse, status: number, v: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(v))
  }

  beforeAll(async () => {
    for (let i = 1; i <= 130; i++) {
      const scope = i % 2 === 0 ? SCOPE : 'acme/site@pr-7'
      deployments.push({
        id: i,
        sha: String(i % 10).repeat(40),
        ref: 'main',
        environment: 'production',
        created_at: t(1 + (i % 27)),
        description: `IPFS deploy (${scope})`,
      })
      statuses.set(i, [
        {
          state: 'success',
          description: `Pinned ${V[i % 3]}`,
          environment_url: 'https://site.example/',
        },
        { state: 'in_progress' },
      ])
    }
    // The newest deployment's final status is not the action's words.
    statuses.set(130, [{ state: 'failure', description: 'Pinned <img src=x>' }])
    gh = await startServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.authorization !== `Bearer ${GH_TOKEN}`)
        return send(res, 401, { message: 'Bad credentials' })
      const url = new URL(req.url ?? '/', 'http://x')
      const p = url.pathname.replace('/repos/acme/site', '')
      const per = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
      const page = Number(url.searchParams.get('page') ?? 1)
      if (p === '/deployments' && req.method === 'GET') {
        const env = url.searchParams.get('environment')
        const all = deployments
          .filter((d) => env === null || d.environment === env)
          .slice()
          .reverse()
        return send(res, 200, all.slice((page - 1) * per, page * per))
      }
      const m = /^\/deployments\/(\d+)\/statuses$/.exec(p)
      if (m !== null && req.method === 'GET')
        return send(res, 200, (statuses.get(Number(m[1])) ?? []).slice(0, per))
      return send(res, 404, { message: 'Not Found' })
    })
  })
  afterAll(async () => gh.close())

  /** The glue the run writes: a GET through the project's HTTP client with the run's token. */
  const getter = (): GetJson => {
    const t = testDeps([GH_TOKEN])
    const http = createHttpClient({
      ...t.deps,
      provider: 'github',
      baseUrl: gh.url,
      headers: { authorization: `Bearer ${GH_TOKEN}`, accept: 'application/vnd.github+json' },
      credentials: ['github-token'],
    })
    return async (path, query) =>
      (
        await http.json<unknown>({
          operation: 'github-read',
          method: 'GET',
          path: `/repos/acme/site${path}`,
          query,
        })
      ).value
  }

  it('reads the scope newest first, with the CID of the final status, bounded', async () => {
    gh.requests.length = 0
    const records = await readGithubDeployments(getter(), {
      environment: 'production',
      scope: SCOPE,
      limit: 5,
    })
    expect(records.map((r) => r.id)).toEqual([130, 128, 126, 124, 122])
    expect(records[0]).toMatchObject({ id: 130, state: 'failure', sha: '0'.repeat(40) })
    expect(records[0]).not.toHaveProperty('cid')
    expect(records[1]).toMatchObject({
      cid: V[128 % 3],
      state: 'success',
      environmentUrl: 'https://site.example/',
    })
    // One page of deployments, then one statuses request per deployment kept.
    expect(gh.requests).toHaveLength(6)
    const h = buildHistory({ scope: SCOPE, records: [], deployments: records })
    expect(h.entries.map((e) => e.github?.id)).toEqual([128, 126, 124])
    expect(chooseRollbackTarget(h, { kind: 'previous' }, { live: [V[2]] }).target.github?.id).toBe(
      126,
    )
  })

  it('reads at most 3 pages of deployments', async () => {
    gh.requests.length = 0
    const records = await readGithubDeployments(getter(), {
      environment: 'production',
      scope: 'acme/site@nowhere',
    })
    expect(records).toEqual([])
    expect(gh.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual([
      '1',
      '2',
    ])
  })
})
