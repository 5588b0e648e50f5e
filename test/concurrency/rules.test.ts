/**
 * The rules concurrent runs rely on, on plain data (docs/concurrency.md): claim times order
 * cleanup, a CID is decided again from what is read right before acting, a claim counts as
 * this run's only at its time or later, the survivor among a scope's requests is one every run
 * picks alike, and a dropped claim is put back.
 */
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import {
  candidates,
  plan,
  recheck,
  type CleanupTraits,
  type Deployment,
  type PlanInput,
} from '../../src/cleanup/plan.js'
import { confirmClaim, survivor } from '../../src/providers/claims.js'
import type { ListedPin } from '../../src/providers/types.js'
import { claimsOf, holdsClaim, TAG } from '../../src/tags.js'
import { createMemoryProvider, MemoryStore } from '../support/memory-provider.js'
import { cidOf } from './world.js'

const SCOPE = 'acme/site@production'
const PR = 'acme/site#pr-7'
const iso = (minute: number): string => new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString()
const ms = (minute: number): number => Date.parse(iso(minute))
const labels = (scope: string, minute: number, more: Record<string, string> = {}) => ({
  [TAG.scope]: scope,
  [TAG.time]: iso(minute),
  ...more,
})
const pin = (
  cid: string,
  metadata: Record<string, string>,
  extra: Partial<ListedPin> = {},
): ListedPin => ({ cid, state: 'pinned', metadata, ...extra })

const [V1, V2, V3, V4] = ['v1', 'v2', 'v3', 'v4'].map(cidOf) as [string, string, string, string]
const cluster: CleanupTraits = {
  id: 'cluster',
  keepsLabels: true,
  unpin: true,
  remove: false,
  relabel: true,
}
const psa: CleanupTraits = {
  id: 'psa',
  keepsLabels: true,
  unpin: true,
  remove: true,
  relabel: false,
}
const kubo: CleanupTraits = {
  id: 'kubo',
  keepsLabels: false,
  unpin: true,
  remove: false,
  relabel: false,
}

const deployment = (cid: string, minute: number): Deployment => ({
  cid,
  time: ms(minute),
  records: [{ provider: 'cluster', pin: pin(cid, labels(SCOPE, minute)) }],
})
const input = (over: Partial<PlanInput>): PlanInput => ({
  scope: SCOPE,
  since: ms(10),
  mode: 'previous',
  keep: 1,
  current: [],
  protect: [],
  named: [],
  unpin: [],
  providers: [cluster, kubo],
  deployments: [],
  listingFailed: [],
  ...over,
})

describe('cleanup orders by claim time', () => {
  it('never makes a candidate of a deployment claimed at or after its own time, and counts it in keep', () => {
    const deployments = [
      deployment(V4, 12),
      deployment(V3, 10),
      deployment(V2, 9),
      deployment(V1, 1),
    ]
    // Run of v2 (claimed at 9) with keep 2: v4 and v3 are at least as new; only v1 can go.
    const two = candidates(input({ since: ms(9), keep: 2, current: [V2], deployments }))
    expect(two.candidates.map((d) => d.cid)).toEqual([V1])
    expect(two.kept.find((k) => k.cid === V3)?.reason).toBe(
      `deployed by a later run (${iso(10)}) than this one: that run decides about it`,
    )
    // Run of v3 (claimed at 10): v4 is newer, v3 its own, so v2 is past the newest two.
    const three = candidates(input({ since: ms(10), keep: 2, current: [V3], deployments }))
    expect(three.candidates.map((d) => d.cid)).toEqual([V2, V1])
    expect(three.kept.find((k) => k.cid === V3)?.reason).toBe('deployed by this run')
  })

  it('keeps a deployment claimed at the very same moment', () => {
    const d = candidates(input({ since: ms(10), current: [V2], deployments: [deployment(V3, 10)] }))
    expect(d.candidates).toEqual([])
    expect(d.kept[0]?.reason).toBe('deployed by another run at the same moment as this one')
  })
})

describe('recheck: the claims read right before acting decide', () => {
  const mine = (cid: string, minute: number, provider = 'cluster') => ({
    provider,
    pin: pin(cid, labels(SCOPE, minute)),
  })

  it('unpins everywhere when the scope alone still claims it', () => {
    const r = recheck(input({}), V1, { records: [mine(V1, 1)], unread: [] })
    expect(r.kept).toBeUndefined()
    expect(r.actions.map((a) => `${a.kind} ${a.provider}`)).toEqual(['unpin cluster', 'unpin kubo'])
  })

  it('releases only its claim when another scope claimed it meanwhile', () => {
    const both = { ...labels(`${PR} ${SCOPE}`, 0), [TAG.time]: `${iso(11)} ${iso(1)}` }
    const r = recheck(input({}), V1, {
      records: [{ provider: 'cluster', pin: pin(V1, both) }],
      unread: [],
    })
    expect(r.actions).toHaveLength(1)
    const a = r.actions[0]
    expect(a?.kind).toBe('relabel')
    if (a?.kind === 'relabel') expect(claimsOf(a.metadata)).toEqual([{ scope: PR, time: iso(11) }])
    expect(r.kept).toContain(`also deployed by ${PR}`)
  })

  it("keeps what a run of the scope claimed again at this run's time or later", () => {
    const r = recheck(input({}), V1, { records: [mine(V1, 1), mine(V1, 12, 'psa')], unread: [] })
    expect(r.actions).toEqual([])
    expect(r.kept).toContain('deployed by a later run')
  })

  it('removes each request of the scope where a service keeps one per request', () => {
    const r = recheck(input({ providers: [psa] }), V1, {
      records: [
        { provider: 'psa', pin: pin(V1, labels(SCOPE, 1), { id: 'r1' }) },
        { provider: 'psa', pin: pin(V1, labels(PR, 2), { id: 'r2' }) },
      ],
      unread: [],
    })
    expect(r.actions).toEqual([expect.objectContaining({ kind: 'remove', provider: 'psa' })])
    expect(r.actions[0]?.kind === 'remove' && r.actions[0].pin.id).toBe('r1')
  })

  it('keeps the CID when its claims cannot be read again', () => {
    const r = recheck(input({}), V1, { records: [], unread: ['cluster: reset'] })
    expect(r).toEqual({ actions: [], kept: 'its claims could not be read again (cluster: reset)' })
  })
})

describe("a run's claim", () => {
  const run = labels(SCOPE, 10, { [TAG.run]: '42', [TAG.sha]: 'a'.repeat(40) })

  it('holds at its time or later, or when this very run wrote it', () => {
    expect(holdsClaim(labels(SCOPE, 10), run)).toBe(true)
    expect(holdsClaim(labels(SCOPE, 12), run)).toBe(true)
    expect(holdsClaim(labels(SCOPE, 9), run)).toBe(false)
    expect(holdsClaim(labels(PR, 12), run)).toBe(false)
    expect(holdsClaim(labels(SCOPE, 9, { [TAG.run]: '42', [TAG.sha]: 'a'.repeat(40) }), run)).toBe(
      true,
    )
  })

  it('survivor: the newest claim, then the oldest request, then the smallest id; live and of the scope only', () => {
    const reqs = [
      pin(V1, labels(SCOPE, 10), { id: 'b', created: iso(20) }),
      pin(V1, labels(SCOPE, 12), { id: 'c', created: iso(21) }),
      pin(V1, labels(SCOPE, 12), { id: 'a', created: iso(21) }),
      pin(V1, labels(SCOPE, 12), { id: 'z', created: iso(19) }),
      pin(V1, labels(SCOPE, 13), { id: 'f', state: 'failed' }),
      pin(V1, labels(PR, 14), { id: 'p' }),
    ]
    expect(survivor(reqs, SCOPE)?.id).toBe('z')
    expect(survivor(reqs.slice(0, 3), SCOPE)?.id).toBe('a')
    // The same answer whatever order the listing came in.
    expect(survivor([...reqs].reverse(), SCOPE)?.id).toBe('z')
  })

  it('is merged again when another run wrote the record without it, and pinned again when gone', async () => {
    const store = new MemoryStore()
    const p = createMemoryProvider(store)
    const root = CID.parse(V1)
    const tags = { name: 'site', metadata: labels(SCOPE, 10) }
    // Another scope's write, made from a read older than this run's write.
    store.pins.set(V1, { name: 'site', metadata: labels(PR, 11), created: iso(0) })
    const merged = await confirmClaim(p, tags, { restore: false, root })
    expect(merged).toMatchObject({ kind: 'held', merged: 1 })
    expect(claimsOf(store.pins.get(V1)?.metadata ?? {}).map((c) => c.scope)).toEqual([PR, SCOPE])

    store.pins.delete(V1)
    expect(await confirmClaim(p, tags, { restore: false, root })).toMatchObject({
      kind: 'unconfirmed',
      pending: true,
    })
    expect(
      await confirmClaim(p, tags, { restore: () => Promise.resolve(true), root }),
    ).toMatchObject({ kind: 'repinned' })
    expect(claimsOf(store.pins.get(V1)?.metadata ?? {})).toEqual([{ scope: SCOPE, time: iso(10) }])
  })

  it('asks whether it may restore before whether the provider can pin: a pin a newer run removed is left quietly', async () => {
    const store = new MemoryStore()
    const noPin = { ...createMemoryProvider(store), pin: undefined }
    const root = CID.parse(V1)
    const tags = { name: 'site', metadata: labels(SCOPE, 10) }
    let asked = 0
    const may = (answer: boolean) => () => (asked++, Promise.resolve(answer))
    // Gone, removed by a newer run's `keep`: pending (a debug line), not a failure.
    expect(await confirmClaim(noPin, tags, { restore: may(false), root })).toMatchObject({
      kind: 'unconfirmed',
      pending: true,
    })
    expect(asked).toBe(1)
    // Gone, and this run may put it back, but the provider cannot pin: a failure, saying why.
    expect(await confirmClaim(noPin, tags, { restore: may(true), root })).toMatchObject({
      kind: 'unconfirmed',
      pending: false,
      why: 'the CID is no longer pinned there, and memory cannot pin it again',
    })
    expect(asked).toBe(2)
  })
})

describe("a provider that cannot release one scope's claim (Filebase S3)", () => {
  const filebase: CleanupTraits = {
    id: 'filebase-s3',
    keepsLabels: true,
    unpin: true,
    remove: false,
    relabel: false,
  }
  const shared: Deployment = {
    cid: V1,
    time: ms(1),
    records: [{ provider: 'filebase-s3', pin: pin(V1, labels(SCOPE, 1)) }],
  }

  it('keeps the object because another scope deployed the CID, and says nothing was released', () => {
    const i = input({ providers: [filebase], deployments: [shared], keep: 0 })
    const p = plan(i, candidates(i), new Map([[V1, { others: new Set([PR]) }]]))
    expect(p.actions).toEqual([])
    expect(p.doomed.size).toBe(0)
    const reasons = p.kept.filter((k) => k.cid === V1).map((k) => k.reason)
    expect(reasons).toEqual([
      `also deployed by ${PR}: kept on filebase-s3, because another scope deployed the same CID (filebase-s3 cannot release only this scope's claim; nothing was released there)`,
    ])
    expect(reasons.join('\n')).not.toMatch(/claim is released/)
    // Read again right before acting: the same words.
    const r = recheck(i, V1, {
      records: [{ provider: 'filebase-s3', pin: pin(V1, labels(`${PR} ${SCOPE}`, 1)) }],
      unread: [],
    })
    expect(r.actions).toEqual([])
    expect(r.kept).toBe(reasons[0])
  })

  it('beside a provider that releases the claim, each says what it did', () => {
    const i = input({
      providers: [filebase, cluster],
      deployments: [
        {
          ...shared,
          records: [
            ...shared.records,
            { provider: 'cluster', pin: pin(V1, labels(`${PR} ${SCOPE}`, 1)) },
          ],
        },
      ],
      keep: 0,
    })
    const p = plan(i, candidates(i), new Map([[V1, { others: new Set([PR]) }]]))
    expect(p.actions.map((a) => `${a.kind} ${a.provider}`)).toEqual(['relabel cluster'])
    expect(p.kept.filter((k) => k.cid === V1).map((k) => k.reason)).toEqual([
      expect.stringMatching(
        /^also deployed by .*: kept on filebase-s3, because another scope deployed the same CID/,
      ),
      `also deployed by ${PR}: only this scope's claim is released`,
    ])
  })
})
