/**
 * One CID, several scopes, runs at once (docs/concurrency.md), on every provider family that
 * keeps claims of several scopes (Pinata, Pinata v3 and Cluster: one record per CID; PSA: a
 * request per scope, safe by construction, checked all the same):
 * - a preview and production deploy the same CID at once: production's claim survives the
 *   preview's write, so the pull request's cleanup only releases its own;
 * - the merge case: production deploys the CID only the pull request claimed, while the pull
 *   request's cleanup runs: the CID stays pinned, claimed by production alone;
 * - a preview, production and another preview closing at once, the preview's write and the
 *   release each made from reads older than production's write: each run whose claim went
 *   missing merges it again, so production and the preview keep theirs;
 * - two previews of one CID closed at once: no closed pull request's claim keeps it pinned;
 * - the documented window (docs/concurrency.md, "A lost label update"): a write made from a read
 *   older than production's, landing after production's last read-back, drops production's
 *   claim on one record per CID; the pin and the name stay, and the name keeps the CID when the
 *   pull request that still claims it closes.
 * Every case forces its order: a case whose outcome depends on how the machine schedules the runs
 * fails on a busy machine (the first case of three runs did, when it let them run as they came).
 *
 * Not here: AIOZ (it keeps the first pin's labels only) and filebase-s3. Filebase holds one object
 * per deployment, never rewritten, and can neither release one scope's claim (no relabel) nor
 * remove one record while another scope's object holds the CID (src/providers/filebase-s3.ts:
 * Filebase does not document that the CID stays pinned then): a cleanup keeps its scope's object
 * whenever another scope holds the CID. So a closed pull request's object stays while production
 * (or another preview) holds the CID, which every case below forbids; that holds for runs one
 * after the other too, and is not a matter of concurrency.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { scratch } from '../support/fs-tree.js'
import { after, nth, traffic, type Traffic } from '../support/interleave.js'
import type { Ran } from '../support/recorded-run.js'
import {
  PROD_SCOPE,
  envOf,
  green,
  key,
  prScope,
  scopesOn,
  start,
  startFamily,
  type Family,
} from './world.js'

const tmp = scratch('concurrency-shared')
const CF_TOKEN = 'concurrency-cf-token-82'
const NAME = 'example.org'
afterAll(tmp.remove)

/** The run ended without an error (a cleanup has no CID to return). */
const ok = (r: Ran): void => expect(r.error?.message, r.host.text()).toBeUndefined()

describe.each(['pinata', 'cluster', 'psa', 'pinata-v3'] as const)(
  '%s: one CID, several scopes',
  (name) => {
    let f: Family
    let cf: CloudflareDouble
    beforeEach(async () => {
      f = await startFamily(name, tmp)
      cf = await startCloudflareDouble({ token: CF_TOKEN, zones: [NAME] })
    })
    afterEach(() => Promise.all([f.close(), cf.close()]))

    /** A deploy of `version` by `run` (production, or pull request `pr`) claimed at `minute`. */
    const deploy = async (
      t: Traffic,
      run: string,
      version: string,
      minute: number,
      pr?: number,
    ): Promise<Ran> =>
      start(
        tmp,
        t,
        run,
        { ...(await f.inputs(run, t)), ...f.content(version) },
        envOf(run, pr !== undefined ? { pr } : {}),
        minute,
      )
    /** Pull request `pr` closes: `mode: cleanup` of its scope. */
    const close = async (t: Traffic, run: string, minute: number, pr: number): Promise<Ran> =>
      start(
        tmp,
        t,
        run,
        { ...(await f.inputs(run, t)), mode: 'cleanup' },
        envOf(run, { pr }),
        minute,
      )

    /** Each record of `cid` with its scopes: one record with all, or one per scope (PSA). */
    const claimed = (scopes: string[]): string[][] =>
      name === 'psa' ? scopes.map((s) => [s]).sort() : [[...scopes].sort()]
    const scopes = (cid: string): string[][] => scopesOn(f, cid).sort()

    it("a preview and production deploy the same CID at once: production's claim survives", async () => {
      const t = traffic()
      const x = green(await deploy(t, 'P0', 'x', 0, 7))
      await Promise.all([f.inputs('PROD', t), f.inputs('P1', t)])
      // Both read the labels before either writes; the preview writes last, and production reads
      // its labels back only after that.
      t.hold('production writes after the preview read', f.labelWrite('PROD'), {
        answered: f.readCid('P1'),
      })
      t.hold('the preview writes after production', f.labelWrite('P1'), {
        answered: f.labelWrite('PROD'),
      })
      t.hold(
        "production reads back after the preview's write",
        after(f.labelWrite('PROD'), f.readCid('PROD')),
        { answered: f.labelWrite('P1') },
      )
      const [prod, p1] = await Promise.all([
        deploy(t, 'PROD', 'x', 10),
        deploy(t, 'P1', 'x', 11, 7),
      ])
      expect(green(prod)).toBe(x)
      expect(green(p1)).toBe(x)
      expect(scopes(x)).toEqual(claimed([PROD_SCOPE, prScope(7)]))
      // Where the preview's write dropped production's claim, production put it back.
      if (name !== 'psa') expect(prod.host.text()).toContain('merged it again')
      // The pull request closes: production's deployment stays, claimed by production alone.
      ok(await close(t, 'C7', 20, 7))
      expect(f.live()).toEqual([x])
      expect(scopes(x)).toEqual([[PROD_SCOPE]])
      expect(t.unmet()).toEqual([])
    })

    it("the merge case: the PR's cleanup decided before production's claim landed; the CID stays production's", async () => {
      const t = traffic()
      const x = green(await deploy(t, 'P0', 'x', 0, 7))
      await Promise.all([f.inputs('PROD', t), f.inputs('C7', t)])
      // The cleanup has made up its mind (it releases), then production writes its claim, then the
      // cleanup's release lands.
      t.hold("production writes once the cleanup's release is on its way", f.labelWrite('PROD'), {
        arrived: f.release('C7'),
      })
      t.hold("the cleanup's release lands after production's write", f.release('C7'), {
        answered: f.labelWrite('PROD'),
      })
      t.hold(
        "production reads back after the cleanup's release",
        after(f.labelWrite('PROD'), f.readCid('PROD')),
        { answered: f.release('C7') },
      )
      const [prod, closed] = await Promise.all([deploy(t, 'PROD', 'x', 10), close(t, 'C7', 11, 7)])
      ok(closed)
      expect(green(prod)).toBe(x)
      expect(f.live()).toEqual([x])
      expect(scopes(x)).toEqual([[PROD_SCOPE]])
      // Pinata v3 deletes the file whole: production pinned it again by CID (pin_by_cid, its job
      // followed until it became a file), with production's claim.
      if (name === 'pinata-v3') expect(prod.host.text()).toMatch(/pinned it again \(pinned\)/)
      expect(t.unmet()).toEqual([])
    })

    it("the merge case: the PR's cleanup reads the claims again right before acting, and only releases its own", async () => {
      const t = traffic()
      const x = green(await deploy(t, 'P0', 'x', 0, 7))
      await Promise.all([f.inputs('PROD', t), f.inputs('C7', t)])
      // The cleanup plans from the PR's claim alone; production's claim lands before it acts.
      t.hold('production writes after the cleanup listed', f.labelWrite('PROD'), {
        answered: f.listScope('C7'),
      })
      t.hold(
        "the cleanup's last read before acting comes after production's write",
        nth(f.readCid('C7'), 2),
        { answered: f.labelWrite('PROD') },
      )
      const [prod, closed] = await Promise.all([deploy(t, 'PROD', 'x', 10), close(t, 'C7', 11, 7)])
      expect(green(prod)).toBe(x)
      ok(closed)
      expect(f.live()).toEqual([x])
      expect(scopes(x)).toEqual([[PROD_SCOPE]])
      expect(t.unmet()).toEqual([])
    })

    it('a preview, production and the preview closing at once: both writes from older reads are repaired; production keeps the CID', async () => {
      const t = traffic()
      const x = green(await deploy(t, 'P0', 'x', 0, 7))
      await Promise.all(['PROD', 'P1', 'C8'].map((r) => f.inputs(r, t)))
      green(await deploy(t, 'P8', 'x', 1, 8))
      // All three read the claims before any writes: the preview's write and the closing PR's
      // release have arrived (each decided from its read) when production's write goes.
      t.hold('production writes once the others have sent theirs', f.labelWrite('PROD'), {
        all: [{ arrived: f.labelWrite('P1') }, { arrived: f.release('C8') }],
      })
      // Then the preview's write lands, then the release: each from its read made before
      // production's write, so each drops production's claim (and the release the preview's).
      t.hold("the preview's write lands after production's", f.labelWrite('P1'), {
        answered: f.labelWrite('PROD'),
      })
      t.hold("the release lands after the preview's write", f.release('C8'), {
        answered: f.labelWrite('P1'),
      })
      // Production reads back once the closing PR has ended; the preview once production has.
      t.hold(
        'production reads back after the closing PR ended',
        after(f.labelWrite('PROD'), f.readCid('PROD')),
        { ended: 'C8' },
      )
      t.hold(
        'the preview reads back after production ended',
        after(f.labelWrite('P1'), f.readCid('P1')),
        { ended: 'PROD' },
      )
      const [prod, p1, c8] = await Promise.all([
        deploy(t, 'PROD', 'x', 10),
        deploy(t, 'P1', 'x', 11, 7),
        close(t, 'C8', 12, 8),
      ])
      expect(green(prod)).toBe(x)
      expect(green(p1)).toBe(x)
      ok(c8)
      expect(f.live()).toEqual([x])
      expect(scopes(x)).toEqual(claimed([PROD_SCOPE, prScope(7)]))
      if (name !== 'psa') {
        expect(prod.host.text()).toContain('merged it again')
        expect(p1.host.text()).toContain('merged it again')
      }
      expect(t.unmet()).toEqual([])
    })

    /** Production's deploy with a DNSLink name, and a cleanup that reads it (src/names/dnslink.ts). */
    const named = async (t: Traffic, run: string): Promise<Record<string, string>> => ({
      dnslink: NAME,
      'dns-provider': 'cloudflare',
      'cloudflare-token': CF_TOKEN,
      'cloudflare-api-url': `${await t.url(cf.server, 'dns', run)}/client/v4`,
    })
    /** The CID the DNSLink name points to now. */
    const target = (): string | undefined => {
      const r = cf.records.find((x) => x.name === `_dnslink.${NAME}`)
      return r === undefined
        ? undefined
        : key(r.content.replace(/^"|"$/g, '').replace(/^dnslink=\/ipfs\//, ''))
    }

    const lostUpdates: ReadonlyArray<readonly [string, 'C8' | 'P1', boolean]> = [
      ["the closing PR's release", 'C8', true],
      [
        "the preview's label write (on Cluster: its pin by CID, one request, as Cluster holds the CID)",
        'P1',
        true,
      ],
      // What remains on Cluster: a CID it does not hold yet is uploaded by both, each upload
      // carrying the labels read before its CAR was sent.
      ...(name === 'cluster'
        ? ([
            [
              "the preview's upload of a CID Cluster does not hold yet, labels read before its CAR is sent",
              'P1',
              false,
            ],
          ] as const)
        : []),
    ]
    it.each(lostUpdates)(
      "the lost label update (docs/concurrency.md, Windows): %s, decided before production's write, lands after production's last read-back",
      async (_what, other, held) => {
        const t = traffic()
        const first = held ? green(await deploy(t, 'P0', 'x', 0, 7)) : undefined
        if (other === 'C8') green(await deploy(t, 'P8', 'x', 1, 8))
        await Promise.all([f.inputs('PROD', t), f.inputs(other, t)])
        const late = other === 'C8' ? f.release('C8') : f.labelWrite('P1')
        t.hold("production writes once the other run's write is on its way", f.labelWrite('PROD'), {
          arrived: late,
        })
        t.hold("the other run's write lands after production ended", late, { ended: 'PROD' })
        const [prod, o] = await Promise.all([
          start(
            tmp,
            t,
            'PROD',
            { ...(await f.inputs('PROD', t)), ...(await named(t, 'PROD')), ...f.content('x') },
            envOf('PROD'),
            10,
          ),
          other === 'C8' ? close(t, 'C8', 12, 8) : deploy(t, 'P1', 'x', 11, 7),
        ])
        const x = green(prod)
        if (first !== undefined) expect(x).toBe(first)
        ok(o)
        expect(target()).toBe(x)
        const adds = t.log.filter((l) => / cluster POST \/add$/.test(l))
        if (name === 'cluster' && held) {
          // Cluster held x (P0 deployed it): neither run sent the CAR again; each wrote its claim
          // with one pin by CID, so the window is one request long, as on Pinata.
          expect(adds).toEqual(['P0 cluster POST /add'])
          expect(t.log).toContainEqual(expect.stringMatching(/^PROD cluster POST \/pins\//))
        }
        if (name === 'cluster' && !held)
          expect(adds).toEqual(['PROD cluster POST /add', 'P1 cluster POST /add'])
        // The pin and the name stay; on one record per CID production's claim is gone (PSA: each
        // scope's request is its own, and the other run touched only its own).
        expect(f.live()).toEqual([x])
        expect(scopes(x)).toEqual(
          name === 'psa' ? claimed([PROD_SCOPE, prScope(7)]) : [[prScope(7)]],
        )
        // Pull request 7 closes: no other scope claims x any more on one record per CID, but the
        // name points to it, read right before the unpin: x stays.
        const c7 = await start(
          tmp,
          t,
          'C7',
          { ...(await f.inputs('C7', t)), ...(await named(t, 'C7')), mode: 'cleanup' },
          envOf('C7', { pr: 7 }),
          20,
        )
        ok(c7)
        expect(f.live()).toEqual([x])
        expect(c7.host.text()).toMatch(/points to it/)
        if (name !== 'psa') expect(scopes(x)).toEqual([[prScope(7)]])
        else expect(scopes(x).flat()).toContain(PROD_SCOPE)
        expect(t.unmet()).toEqual([])
      },
    )

    it.each([false, true])(
      'two previews of one CID closed at once (production also deploys it: %s): no closed PR keeps it',
      async (production) => {
        const t = traffic()
        const x = green(await deploy(t, 'P7', 'x', 0, 7))
        green(await deploy(t, 'P8', 'x', 1, 8))
        if (production) green(await deploy(t, 'PROD', 'x', 2))
        await Promise.all([f.inputs('C7', t), f.inputs('C8', t)])
        // Both read the claims before either writes; C8 writes last, and C7 reads back after it.
        t.hold("C7's release waits until C8's is on its way", f.release('C7'), {
          arrived: f.release('C8'),
        })
        t.hold("C8's release lands after C7's", f.release('C8'), { answered: f.release('C7') })
        t.hold("C7 reads back after C8's release", after(f.release('C7'), f.readCid('C7')), {
          answered: f.release('C8'),
        })
        const [c7, c8] = await Promise.all([close(t, 'C7', 10, 7), close(t, 'C8', 11, 8)])
        ok(c7)
        ok(c8)
        expect(f.live()).toEqual(production ? [x] : [])
        if (production) expect(scopes(x)).toEqual([[PROD_SCOPE]])
        expect(t.unmet()).toEqual([])
      },
    )
  },
)
