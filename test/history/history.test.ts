/**
 * The scope's history from labelled pins (src/history/history.ts, view.ts) and the rollback
 * target chosen from it (rollback.ts): merging one CID across providers and forms, another
 * scope's claim and unlabelled pins left out, the order, the bounds, the JSON shape, inert
 * Markdown, and every `to` the docs list. Plain data: no network, no clock.
 */
import { CID } from 'multiformats/cid'
import { base36 } from 'multiformats/bases/base36'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import type { RollbackError } from '../../src/history/index.js'
import {
  assertStillPinned,
  buildHistory,
  chooseRollbackTarget,
  historyJson,
  historyMarkdown,
  historyOutput,
  parseRollbackTo,
  rollbackKeep,
  rollbackRefusal,
  HISTORY_SHOWN,
  MAX_ENTRIES,
  type ListedRecord,
} from '../../src/history/index.js'
import type { ListedPin } from '../../src/providers/types.js'
import { TAG } from '../../src/tags.js'

const cidOf = async (s: string): Promise<CID> =>
  CID.createV1(0x70, await sha256.digest(new TextEncoder().encode(s)))
const [A, B, C, D] = (await Promise.all(['a', 'b', 'c', 'd'].map(cidOf))) as [CID, CID, CID, CID]
const SCOPE = 'acme/site@production'
const t = (day: number): string => new Date(Date.UTC(2026, 10, day, 12)).toISOString()

const pin = (
  cid: string,
  meta: Record<string, string>,
  more: Partial<ListedPin> = {},
): ListedPin => ({
  cid,
  state: 'pinned',
  metadata: meta,
  ...more,
})
const labels = (
  day: number,
  extra: Record<string, string> = {},
  scope = SCOPE,
): Record<string, string> => ({
  [TAG.scope]: scope,
  [TAG.time]: t(day),
  [TAG.sha]: `${day}`.padStart(2, '0').repeat(20),
  [TAG.ref]: 'refs/heads/main',
  [TAG.run]: `${1000 + day}`,
  ...extra,
})
const rec = (provider: string, p: ListedPin): ListedRecord => ({ provider, pin: p })

function sample(): ListedRecord[] {
  return [
    rec('pinata', pin(A.toString(), labels(1))),
    // The same CID as CIDv0 on one provider and as CIDv1 base36 on another.
    rec('filebase', pin(B.toV0().toString(), labels(2))),
    rec('pinata', pin(B.toString(base36), labels(2))),
    rec('pinata', pin(C.toString(), labels(3))),
    // A record two scopes claim, each at its own time: this scope's time counts.
    rec(
      'cluster',
      pin(D.toString(), {
        ...labels(4),
        [TAG.scope]: `preview-7 ${SCOPE}`,
        [TAG.time]: `${t(20)} ${t(4)}`,
        [TAG.pr]: '7',
      }),
    ),
    // Another scope only, and a pin without labels: not this scope's history.
    rec('pinata', pin(A.toString(), labels(30, {}, 'acme/site@staging'))),
    rec('pinata', pin(C.toString(), { note: 'made by hand' })),
  ]
}

describe('history', () => {
  it('merges one CID across providers and forms, newest first by this scope claim', () => {
    const h = buildHistory({ scope: SCOPE, records: sample() })
    expect(h.entries.map((e) => e.cid)).toEqual([D, C, B, A].map((c) => c.toString()))
    const d = h.entries[0]
    expect(d?.time).toBe(t(4))
    expect(d?.pr).toBe(7)
    const b = h.entries[2]
    expect(b?.pinned).toEqual([
      { provider: 'filebase', state: 'pinned' },
      { provider: 'pinata', state: 'pinned' },
    ])
    expect(b).toMatchObject({ sha: '02'.repeat(20), ref: 'refs/heads/main', run: '1002' })
    // The staging claim on A (newer) does not move A: only this scope's claim counts.
    expect(h.entries[3]?.time).toBe(t(1))
    expect(h.truncated).toBe(false)
  })

  it('falls back to the pin creation time, then sorts undated entries last', () => {
    const h = buildHistory({
      scope: SCOPE,
      records: [
        rec('psa', pin(A.toString(), { [TAG.scope]: SCOPE }, { created: t(5) })),
        rec('psa', pin(B.toString(), { [TAG.scope]: SCOPE })),
        rec('psa', pin(C.toString(), labels(2))),
      ],
    })
    expect(h.entries.map((e) => [e.cid, e.time])).toEqual([
      [A.toString(), t(5)],
      [C.toString(), t(2)],
      [B.toString(), undefined],
    ])
  })

  it('keeps the best state where one provider holds several requests of a CID', () => {
    const h = buildHistory({
      scope: SCOPE,
      records: [
        rec('psa', pin(A.toString(), labels(1), { state: 'failed' })),
        rec('psa', pin(A.toString(), labels(1), { state: 'pinned' })),
        rec('psa', pin(A.toString(), labels(1), { state: 'queued' })),
      ],
    })
    expect(h.entries[0]?.pinned).toEqual([{ provider: 'psa', state: 'pinned' }])
  })

  it('ignores labels that are not what the action writes', () => {
    const h = buildHistory({
      scope: SCOPE,
      records: [
        rec(
          'psa',
          pin(
            A.toString(),
            labels(1, { [TAG.ref]: 'x\ny', [TAG.pr]: '-3', [TAG.sha]: 'f'.repeat(65) }),
          ),
        ),
      ],
    })
    expect(h.entries[0]).not.toHaveProperty('ref')
    expect(h.entries[0]).not.toHaveProperty('pr')
    expect(h.entries[0]).not.toHaveProperty('sha')
  })

  it('is bounded: at most MAX_ENTRIES CIDs, and says so', async () => {
    const records = await Promise.all(
      Array.from({ length: MAX_ENTRIES + 5 }, async (_, i) =>
        rec('psa', pin((await cidOf(`n${i}`)).toString(), labels(1 + (i % 28)))),
      ),
    )
    const h = buildHistory({ scope: SCOPE, records })
    expect(h.entries).toHaveLength(MAX_ENTRIES)
    expect(h.truncated).toBe(true)
    expect(historyJson(h).entries).toHaveLength(HISTORY_SHOWN)
    expect(historyJson(h).more).toBe(MAX_ENTRIES - HISTORY_SHOWN)
  })

  it('adds what GitHub Deployments say, matched by CID; a CID only GitHub knows is listed unpinned', () => {
    const h = buildHistory({
      scope: SCOPE,
      records: sample(),
      deployments: [
        {
          id: 9,
          cid: C.toV1().toString(),
          sha: 'c'.repeat(40),
          state: 'success',
          environmentUrl: 'https://site.example/',
        },
        { id: 8, cid: C.toString(), state: 'inactive' },
        {
          id: 5,
          cid: CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy').toString(),
          createdAt: t(0),
          sha: 'e'.repeat(40),
        },
        { id: 4 },
      ],
      incomplete: ['github'],
    })
    const c = h.entries.find((e) => e.cid === C.toString())
    expect(c?.github).toEqual({ id: 9, state: 'success', url: 'https://site.example/' })
    // The pin's own labels win over GitHub's.
    expect(c?.sha).toBe('03'.repeat(20))
    const last = h.entries.at(-1)
    expect(last).toMatchObject({ sha: 'e'.repeat(40), pinned: [], github: { id: 5 } })
    expect(h.incomplete).toEqual(['github'])
  })
})

describe('views', () => {
  it('gives the documented JSON shape, one line, live entries marked', () => {
    const h = buildHistory({ scope: SCOPE, records: sample() })
    const out = historyOutput(h, { live: [C.toV1().toString()] })
    expect(out).not.toContain('\n')
    const j = JSON.parse(out) as ReturnType<typeof historyJson>
    expect(j.version).toBe(1)
    expect(j.entries[1]).toEqual({
      cid: C.toString(),
      time: t(3),
      sha: '03'.repeat(20),
      ref: 'refs/heads/main',
      pr: null,
      run: '1003',
      pinned: [{ provider: 'pinata', state: 'pinned' }],
      live: true,
      github: null,
    })
    expect(j.entries.filter((e) => e.live)).toHaveLength(1)
    expect(historyJson(h, { limit: 2 })).toMatchObject({ more: 2, incomplete: [] })
  })

  it('renders untrusted labels inert in the summary', () => {
    const evil = 'main`|@team <img src=x> [x](https://evil.example) #1'
    const h = buildHistory({
      scope: SCOPE,
      records: [
        rec('psa|x', pin(A.toString(), labels(1, { [TAG.ref]: evil, [TAG.sha]: 'abc`def' }))),
      ],
      incomplete: ['pinata'],
    })
    const md = historyMarkdown(h, { live: [A.toString()] })
    expect(md).toContain('**live**')
    expect(md).toContain('``main`\\|@team <img src=x> [x](https://evil.example) #1``')
    expect(md).toContain('``abc`def``')
    expect(md).toContain('`psa\\|x`')
    expect(md).toMatch(/Could not read `pinata`/)
    // Each row stays one table row: 6 cells.
    const row = md.split('\n').find((l) => l.includes('**live**')) ?? ''
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8)
  })

  it('says so when the scope has no deployment', () => {
    expect(historyMarkdown(buildHistory({ scope: SCOPE, records: [] }))).toContain(
      'No earlier deployment',
    )
  })
})

describe('rollback target', () => {
  const h = buildHistory({ scope: SCOPE, records: sample() })
  const [d, c, b, a] = h.entries

  it('reads `to`: empty, a number back, a CID in any form; refuses the rest naming the input', () => {
    expect(parseRollbackTo('')).toEqual({ kind: 'previous' })
    expect(parseRollbackTo(' previous ')).toEqual({ kind: 'previous' })
    expect(parseRollbackTo('3')).toEqual({ kind: 'back', n: 3 })
    const v0 = 'QmRAQB6YaCyidP37UdDnjFY5vQuiBrcqdyoW1CuDgwxkD4'
    const v1 = 'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4'
    for (const form of [v0, v1, `ipfs://${v1}`, `/ipfs/${v0}/`, CID.parse(v1).toString(base36)])
      expect(parseRollbackTo(form)).toEqual({ kind: 'cid', cid: v1 })
    for (const bad of ['0', '101', '-1', '1.5', 'latest', 'bafy-not-a-cid', 'ipns://k51x']) {
      const err = (() => {
        try {
          parseRollbackTo(bad)
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(InputError)
      expect((err as InputError).input).toBe('to')
      expect((err as Error).message).toContain(JSON.stringify(bad))
      expect((err as Error).message).toMatch(/Allowed: empty .* from 1 to 100 .* a CID/)
    }
  })

  it('previous: the deployment before the one the names point to', () => {
    expect(chooseRollbackTarget(h, { kind: 'previous' }, { live: [d?.cid ?? ''] }).target).toBe(c)
    // After a rollback to B, the previous one is A: repeated rollbacks walk back.
    const r = chooseRollbackTarget(h, { kind: 'previous' }, { live: [b?.cid ?? ''] })
    expect([r.target, r.from]).toEqual([a, b])
    expect(r.why).toContain('the names point to')
  })

  it('previous without names to read: the second newest; names elsewhere: the same, said so', () => {
    expect(chooseRollbackTarget(h, { kind: 'previous' }).target).toBe(c)
    const r = chooseRollbackTarget(
      h,
      { kind: 'previous' },
      { live: ['bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'] },
    )
    expect(r.target).toBe(c)
    expect(r.why).toContain('nothing this scope deployed')
  })

  it('names that disagree: counted from the newest of them', () => {
    expect(
      chooseRollbackTarget(h, { kind: 'back', n: 1 }, { live: [a?.cid ?? '', c?.cid ?? ''] })
        .target,
    ).toBe(b)
  })

  it('n back, and a clear refusal past the oldest', () => {
    expect(chooseRollbackTarget(h, { kind: 'back', n: 3 }, { live: [d?.cid ?? ''] }).target).toBe(a)
    const err = (() => {
      try {
        chooseRollbackTarget(h, { kind: 'back', n: 2 }, { live: [b?.cid ?? ''] })
      } catch (e) {
        return e as RollbackError
      }
    })()
    expect(err?.reason).toBe('no-target')
    expect(err?.message).toContain('only 1 older')
  })

  it('a CID: any form of one this scope deployed; another scope only is refused', () => {
    const r = chooseRollbackTarget(h, parseRollbackTo(`ipfs://${B.toV0().toString()}`), {
      live: [d?.cid ?? ''],
    })
    expect([r.target, r.alreadyLive]).toEqual([b, false])
    expect(
      chooseRollbackTarget(h, { kind: 'cid', cid: d?.cid ?? '' }, { live: [d?.cid ?? ''] })
        .alreadyLive,
    ).toBe(true)
    const staging = buildHistory({
      scope: SCOPE,
      records: [rec('pinata', pin(A.toString(), labels(1, {}, 'other')))],
      incomplete: ['filebase'],
    })
    expect(() => chooseRollbackTarget(staging, { kind: 'cid', cid: A.toString() })).toThrow(
      /not a deployment of scope "acme\/site@production".*listing of filebase failed/,
    )
  })

  it('checks the target is still pinned before any name changes', () => {
    const target = c ?? h.entries[0]!
    expect(() =>
      assertStillPinned(
        { cid: target.cid, pinnedOn: ['pinata'], notPinned: [], unknown: [] },
        target,
      ),
    ).not.toThrow()
    expect(() =>
      assertStillPinned(
        {
          cid: target.cid,
          pinnedOn: [],
          notPinned: [{ provider: 'pinata', state: 'absent' }],
          unknown: [{ provider: 'kubo', why: 'HTTP 503' }],
        },
        target,
      ),
    ).toThrow(
      /not pinned on any provider now \(pinata: absent; kubo: could not tell \(HTTP 503\)\); no name was changed/,
    )
  })

  it('is refused on pull requests; cleanup keeps the target', () => {
    expect(rollbackRefusal({})).toBeUndefined()
    expect(rollbackRefusal({ pullRequest: { number: 12 } })).toMatch(
      /pull request #12.*never change a production name/,
    )
    expect(rollbackRefusal({ pullRequest: {} })).toMatch(/a pull request/)
    expect(rollbackKeep(B.toString())).toEqual({
      cid: B.toV1().toString(),
      reason: 'the target of this rollback',
    })
  })
})
