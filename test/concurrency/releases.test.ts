/**
 * Releases started at once (docs/concurrency.md): cleanup compares claim times, so the newest
 * `keep` by claim time survive whatever order the runs finish in, on every provider family that
 * keeps labels. Each case forces the interleaving that used to lose the live release (both runs
 * deploy before either lists; the older run cleans up last; the newer run removes the older
 * release before the older run reads it back; the older run deploys after the newer one ended).
 * No case lets the runs interleave as they will: an outcome that depends on the machine's
 * scheduling is not a test (docs/concurrency.md).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scratch } from '../support/fs-tree.js'
import { after, byRun, traffic, type Traffic } from '../support/interleave.js'
import type { Ran } from '../support/recorded-run.js'
import { PROD_SCOPE, envOf, green, scopesOn, start, startFamily, type Family } from './world.js'

const tmp = scratch('concurrency-releases')
afterAll(tmp.remove)

describe.each(['pinata', 'cluster', 'psa', 'aioz', 'filebase-s3', 'pinata-v3'] as const)(
  '%s: releases at once',
  (name) => {
    let f: Family
    beforeEach(async () => {
      f = await startFamily(name, tmp)
    })
    afterEach(() => f.close())

    /** A production release of `version` as run `run`, claimed at `minute`. */
    const release = async (
      t: Traffic,
      run: string,
      version: string,
      minute: number,
      keep: number,
    ): Promise<Ran> =>
      start(
        tmp,
        t,
        run,
        {
          ...(await f.inputs(run, t)),
          ...f.content(version),
          'unpin-previous': 'true',
          keep: String(keep),
        },
        envOf(run),
        minute,
      )

    /** v1, released alone before the runs under test. */
    const first = async (t: Traffic, keep: number): Promise<string> =>
      green(await release(t, 'R1', 'v1', 0, keep))

    it('keep 1, both deployed before either cleans up: the newer release stays, alone', async () => {
      const t = traffic()
      const v1 = await first(t, 1)
      // The release runs' aliases first, so the rules below see every request they make.
      await Promise.all([f.inputs('A', t), f.inputs('B', t)])
      t.hold('A lists after B deployed', f.listScope('A'), { answered: f.write('B') })
      t.hold('B lists after A deployed', f.listScope('B'), { answered: f.write('A') })
      const [a, b] = await Promise.all([release(t, 'A', 'v2', 10, 1), release(t, 'B', 'v3', 11, 1)])
      const [v2, v3] = [green(a), green(b)]
      expect(f.live()).toEqual([v3])
      expect(scopesOn(f, v3)).toEqual([[PROD_SCOPE]])
      expect([v1, v2]).not.toContain(v3)
      // The older run says why it left the newer release alone.
      expect(a.host.text()).toContain('deployed by a later run')
      // The forced order did happen (checked last: the state above is what matters).
      expect(t.unmet()).toEqual([])
    })

    it('keep 1, the older run cleans up last: it never unpins the newer release', async () => {
      const t = traffic()
      await first(t, 1)
      await Promise.all([f.inputs('A', t), f.inputs('B', t)])
      t.hold('B lists after A deployed', f.listScope('B'), { answered: f.write('A') })
      t.hold('A cleans up after B ended', f.listScope('A'), { ended: 'B' })
      const [a, b] = await Promise.all([release(t, 'A', 'v2', 10, 1), release(t, 'B', 'v3', 11, 1)])
      // B removed v2 by its `keep` before A read it back: A leaves it so, and says nothing loud.
      green(a)
      const v3 = green(b)
      expect(f.live()).toEqual([v3])
      expect(scopesOn(f, v3)).toEqual([[PROD_SCOPE]])
      // The forced order did happen (checked last: the state above is what matters).
      expect(t.unmet()).toEqual([])
    })

    it('keep 1, the newer run removes the older release before the older run has read it back: the older run leaves it so, green', async () => {
      const t = traffic()
      await first(t, 1)
      await Promise.all([f.inputs('A', t), f.inputs('B', t)])
      // B cleans up once A's upload landed; A reads its pin (its state, its labels) only after
      // B ended (on Cluster the pin then reads absent instead of pinned).
      t.hold('B lists after A deployed', f.listScope('B'), { answered: f.write('A') })
      t.hold('A goes on after B ended', after(f.write('A'), byRun('A')), { ended: 'B' })
      const [a, b] = await Promise.all([release(t, 'A', 'v2', 10, 1), release(t, 'B', 'v3', 11, 1)])
      green(a)
      const v3 = green(b)
      expect(f.live()).toEqual([v3])
      expect(scopesOn(f, v3)).toEqual([[PROD_SCOPE]])
      // The forced order did happen (checked last: the state above is what matters).
      expect(t.unmet()).toEqual([])
    })

    it('keep 1, the older release deploys after the newer run ended: it lingers, alone, until the next release', async () => {
      const t = traffic()
      const v1 = await first(t, 1)
      await Promise.all([f.inputs('A', t), f.inputs('B', t)])
      t.hold('A deploys after B ended', f.write('A'), { ended: 'B' })
      const [a, b] = await Promise.all([release(t, 'A', 'v2', 10, 1), release(t, 'B', 'v3', 11, 1)])
      const [v2, v3] = [green(a), green(b)]
      // B removed v1; A keeps v3 (claimed after A started) and its own v2.
      expect(f.live()).toEqual([v2, v3].sort())
      expect(f.live()).not.toContain(v1)
      expect(t.unmet()).toEqual([])
      // The next release removes v2 (and v3, by its keep 1).
      const v4 = green(await release(t, 'R4', 'v4', 20, 1))
      expect(f.live()).toEqual([v4])
    })

    it('keep 2, three releases at once, each listing after all three deployed: the newest two stay', async () => {
      const t = traffic()
      await first(t, 2)
      const runs = ['B2', 'B3', 'B4']
      await Promise.all(runs.map((r) => f.inputs(r, t)))
      for (const r of runs)
        t.hold(`${r} lists after the others deployed`, f.listScope(r), {
          all: runs.filter((o) => o !== r).map((o) => ({ answered: f.write(o) })),
        })
      const [r2, r3, r4] = await Promise.all([
        release(t, 'B2', 'v2', 10, 2),
        release(t, 'B3', 'v3', 11, 2),
        release(t, 'B4', 'v4', 12, 2),
      ])
      green(r2)
      const [v3, v4] = [green(r3), green(r4)]
      expect(f.live()).toEqual([v3, v4].sort())
      // The forced order did happen (checked last: the state above is what matters).
      expect(t.unmet()).toEqual([])
    })
  },
)
