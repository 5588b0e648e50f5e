/**
 * What a run leaves when it is run again or cut short, and how its time limits hold:
 * - a job cancelled once its pin request was made, then re-run, ends as one clean run would;
 * - the same content deployed again in the same scope keeps one live PSA request;
 * - one `timeout` bounds all network work of a run (deploy and cleanup together);
 * - a `timeout` past Node's timer limit (30 days) does not fire at once.
 */
import type { ChildProcess } from 'node:child_process'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/http/deadline.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startKuboDouble, type KuboDouble } from '../doubles/kubo.js'
import { startPsaDouble, type PsaDouble } from '../doubles/psa.js'
import { ROOT, runAction } from '../support/action-harness.js'
import { startDelayProxy } from '../support/delay-proxy.js'
import { scratch } from '../support/fs-tree.js'
import { runRecorded } from '../support/recorded-run.js'

const tmp = scratch('rerun')
afterAll(tmp.remove)

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const PSA_TOKEN = 'rerun-psa-token-88'
const ENV = { IPFS_PIN_REPOSITORY: 'acme/site', IPFS_PIN_SHA: 'a'.repeat(40) }

let kubo: KuboDouble | undefined
let psa: PsaDouble | undefined
let cluster: ClusterDouble | undefined
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all([kubo?.close(), psa?.close(), cluster?.close(), ...closers.map((c) => c())])
  kubo = psa = cluster = undefined
  closers.length = 0
})

/** Kills the job (SIGKILL, as a cancelled runner does) as soon as `now()` says so. */
const killWhen =
  (now: () => boolean) =>
  (child: ChildProcess): void => {
    const watch = setInterval(() => {
      if (now()) {
        clearInterval(watch)
        child.kill('SIGKILL')
      }
    }, 5)
    child.on('exit', () => clearInterval(watch))
  }

describe('re-runs and cancelled jobs converge', () => {
  it('a job killed after its pin request was made, then re-run, ends as one clean run', async () => {
    kubo = await startKuboDouble()
    psa = await startPsaDouble(PSA_TOKEN)
    const d = psa
    // The first run's request stays queued, so that run is still waiting when it is killed.
    d.stepped = { queued: 1_000_000, pinning: 0 }
    const inputs = {
      path: 'examples/planets',
      provider: 'kubo, psa',
      'kubo-url': kubo.url,
      'psa-endpoint': d.url,
      'psa-token': PSA_TOKEN,
      'wait-timeout': '10m',
    }
    const killed = await runAction(inputs, {
      cwd: ROOT,
      onSpawn: killWhen(() => d.pins.length > 0),
    })
    expect(killed.code).toBeNull()
    expect(d.pins).toHaveLength(1)
    const left = d.pins[0]?.requestid
    const postsBefore = d.server.requests.filter((r) => r.method === 'POST').length

    // The re-run of the job (same run id, same commit): the request is adopted once pinned.
    d.stepped = { queued: 0, pinning: 0 }
    const again = await runAction(inputs, { cwd: ROOT })
    expect(again.code).toBe(0)
    expect(JSON.parse(again.outputs.results ?? '[]')).toMatchObject([
      { provider: 'kubo', status: 'pinned' },
      { provider: 'psa', status: 'pinned', cid: PLANETS, id: left },
    ])
    expect(d.server.requests.filter((r) => r.method === 'POST')).toHaveLength(postsBefore)
    expect(d.pins).toHaveLength(1)
    // Its labels are complete: they went with the request the first run made.
    expect(d.pins[0]?.meta).toMatchObject({
      'ipfs-pin.scope': 'acme/site@production',
      'ipfs-pin.run': '1',
      'ipfs-pin.sha': '0123456789abcdef0123456789abcdef01234567',
    })
    expect(d.pins[0]?.meta['ipfs-pin.time']).toMatch(/^\d{4}-/)

    // The same content deployed again later (another run): still one live request, newer labels.
    const later = await runAction(inputs, { cwd: ROOT, env: { GITHUB_RUN_ID: '2' } })
    expect(later.code).toBe(0)
    expect(d.pins).toHaveLength(1)
    expect(d.pins[0]?.meta['ipfs-pin.run']).toBe('2')
  })

  it('a job killed while its CAR upload was in flight, then re-run, ends as one clean run', async () => {
    kubo = await startKuboDouble()
    psa = await startPsaDouble(PSA_TOKEN)
    const k = kubo
    const d = psa
    // The first run's upload is never answered: the job is killed in the middle of it.
    k.fault = (_n, p) => (p === '/api/v0/dag/import' ? 'stall' : undefined)
    const inputs = {
      path: 'examples/planets',
      provider: 'kubo, psa',
      'kubo-url': k.url,
      'psa-endpoint': d.url,
      'psa-token': PSA_TOKEN,
      'request-timeout': '10m',
    }
    const killed = await runAction(inputs, {
      cwd: ROOT,
      onSpawn: killWhen(() =>
        k.server.requests.some((r) => r.url.startsWith('/api/v0/dag/import')),
      ),
    })
    expect(killed.code).toBeNull()
    expect(d.pins).toHaveLength(0)

    k.fault = undefined
    const again = await runAction(inputs, { cwd: ROOT })
    expect(again.code, again.stdout).toBe(0)
    expect(JSON.parse(again.outputs.results ?? '[]')).toMatchObject([
      { provider: 'kubo', status: 'pinned', cid: PLANETS },
      { provider: 'psa', status: 'pinned', cid: PLANETS },
    ])
    expect(d.pins).toHaveLength(1)
    expect(d.pins[0]?.meta).toMatchObject({ 'ipfs-pin.scope': 'acme/site@production' })
  })
})

describe('the run time limit', () => {
  it('one timeout bounds the deploy and the cleanup together', async () => {
    cluster = await startClusterDouble()
    cluster.pinAfterReads = 0
    // An earlier deployment of the scope, for unpin-previous to find.
    cluster.seed('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', 'old', {
      'ipfs-pin.scope': 'acme/site@production',
      'ipfs-pin.time': '2026-10-01T00:00:00Z',
    })
    // Each request takes at least 150 ms: the deploy makes three, the cleanup three more.
    const slow = await startDelayProxy(cluster.url, 150)
    closers.push(() => slow.close())
    const r = await runRecorded(
      {
        path: 'examples/planets',
        provider: 'cluster',
        'cluster-url': slow.url,
        'unpin-previous': 'true',
        timeout: '600ms',
        retries: '0',
      },
      tmp.next('run'),
      ENV,
      // The limit itself is the subject: real time.
      { clock: systemClock },
    )
    // Reached in the cleanup (or, on a slow machine, already in the deploy): never a success.
    expect(r.error?.message).toMatch(
      /(the run reached its timeout of 600 ms|when the run reached its timeout) \(input "timeout"\)/,
    )
  })

  it('a timeout of 30 days works (Node timers overflow past 24.8 days)', async () => {
    kubo = await startKuboDouble()
    const r = await runRecorded(
      { path: 'examples/planets', provider: 'kubo', 'kubo-url': kubo.url, timeout: '30d' },
      tmp.next('run'),
      ENV,
    )
    expect(r.error).toBeUndefined()
    expect(r.results).toMatchObject([{ status: 'pinned', cid: PLANETS }])
  })
})
