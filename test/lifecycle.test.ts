/**
 * The deployment lifecycle through the bundled action (dist/index.js), against local doubles
 * for the providers and for the GitHub REST API (GITHUB_API_URL): a release run, and a preview
 * that is deployed, pushed again and closed. Each leaves exactly the pins it should, with the
 * comment and status requests expected.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as digest } from 'multiformats/hashes/digest'
import { afterEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from './doubles/cluster.js'
import { startGithubDouble, type GithubDouble } from './doubles/github.js'
import { startKuboDouble } from './doubles/kubo.js'
import { startPsaDouble, type PsaDouble } from './doubles/psa.js'
import { startSagittariusDouble, type SagittariusDouble } from './doubles/sagittarius.js'
import { ROOT, runActionInProcess } from './support/action-harness.js'
import { fakeClock } from './support/clock.js'
import { writeTree } from './support/fs-tree.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const cidOf = (label: string): string =>
  CID.create(1, raw.code, digest(0x12, createHash('sha256').update(label).digest())).toString()
const TOKEN = 'ghs_lifecycleToken0000000000000000000001'
const PSA_TOKEN = 'lifecycle-psa-token-1'
const SGR_KEY = 'lifecycle-sgr-key-2'
const SHA = 'c0ffee00'.repeat(5)
const OLD = cidOf('release-v1')
const OTHER = cidOf('other-repo')

let gh: GithubDouble
let cluster: ClusterDouble
let psa: PsaDouble
let sgr: SagittariusDouble
afterEach(async () => {
  await Promise.all([gh.close(), cluster.close(), psa.close(), sgr.close()])
})

async function start(): Promise<Record<string, string>> {
  gh = await startGithubDouble(TOKEN)
  cluster = await startClusterDouble()
  psa = await startPsaDouble(PSA_TOKEN)
  sgr = await startSagittariusDouble([SGR_KEY])
  const prod = { 'ipfs-pin.scope': 'acme/site@production', 'ipfs-pin.time': '2026-10-01T00:00:00Z' }
  cluster.seed(OLD, 'site-v1', prod)
  psa.seed(OLD, { meta: prod })
  sgr.records.add(`${SGR_KEY} ${OLD}`)
  sgr.cluster.set(OLD, 9)
  const other = {
    'ipfs-pin.scope': 'acme/other@production',
    'ipfs-pin.time': '2026-10-02T00:00:00Z',
  }
  cluster.seed(OTHER, 'other', other)
  psa.seed(OTHER, { meta: other })
  return {
    provider: 'cluster, psa, sagittarius',
    'cluster-url': cluster.url,
    'psa-endpoint': psa.url,
    'psa-token': PSA_TOKEN,
    'sagittarius-api-url': sgr.url,
    'sagittarius-api-key': SGR_KEY,
    'github-token': TOKEN,
    retries: '1',
    'wait-timeout': '30s',
  }
}

const pinsOf = (): { cluster: string[]; psa: string[]; sagittarius: string[] } => ({
  cluster: [...cluster.pins.keys()].sort(),
  psa: [...new Set(psa.pins.map((p) => p.cid))].sort(),
  sagittarius: [...sgr.records].map((r) => r.split(' ')[1] ?? '').sort(),
})

const clean = (text: string): string => text.replace(/::add-mask::.*\n/g, '')

describe('release pipeline', () => {
  it('pins to three providers, unpins the previous release, sets a status and a deployment', async () => {
    const inputs = await start()
    const res = await runActionInProcess(
      {
        ...inputs,
        path: 'examples/planets',
        'unpin-previous': 'true',
        'commit-status': 'true',
        deployment: 'true',
      },
      { cwd: ROOT, env: { GITHUB_API_URL: gh.url, GITHUB_SHA: SHA, GITHUB_WORKFLOW: 'Release' } },
    )
    expect(res.stdout).not.toContain('::error::')
    expect(res.code).toBe(0)
    expect(pinsOf()).toEqual({
      cluster: [PLANETS, OTHER].sort(),
      psa: [PLANETS, OTHER].sort(),
      sagittarius: [PLANETS],
    })
    const unpinned = JSON.parse(res.outputs.unpinned ?? '[]') as Array<{
      provider: string
      cid: string
    }>
    expect(unpinned.map((u) => `${u.provider} ${u.cid}`).sort()).toEqual(
      ['cluster', 'psa', 'sagittarius'].map((p) => `${p} ${OLD}`),
    )
    expect(gh.statuses.map((s) => s.state)).toEqual(['pending', 'success'])
    expect(gh.statuses[1]).toMatchObject({
      sha: SHA,
      context: 'ipfs-pin / production',
      target_url: `https://dweb.link/ipfs/${PLANETS}`,
    })
    expect(gh.deployments).toMatchObject([
      {
        ref: SHA,
        environment: 'production',
        transient: false,
        statuses: [
          { state: 'in_progress' },
          { state: 'success', environment_url: `https://dweb.link/ipfs/${PLANETS}` },
        ],
      },
    ])
    expect(res.summary).toContain('Cleanup of scope `acme/site@production`')
    for (const s of [TOKEN, PSA_TOKEN, SGR_KEY]) expect(clean(res.everything)).not.toContain(s)
  })

  it('fails with the missing permission named when GitHub refuses the status, after the deploy', async () => {
    const inputs = await start()
    gh.deny.add('status')
    const res = await runActionInProcess(
      { ...inputs, path: 'examples/planets', 'commit-status': 'true' },
      { cwd: ROOT, env: { GITHUB_API_URL: gh.url, GITHUB_SHA: SHA } },
    )
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(
      /::error::GitHub: could not set the commit status to success: HTTP 403.*Resource not accessible by integration.*"statuses: write" permission/,
    )
    expect(res.outputs.cid).toBe(PLANETS)
    expect(pinsOf().psa).toContain(PLANETS)
    expect(gh.server.requests.filter((r) => r.url.includes('/statuses/'))).toHaveLength(2)
  })

  it.each([
    ['the deploy used 40 s of the 60 s timeout: the status cannot wait 30 s more', true],
    ['the deploy was quick: the status waits 30 s and is set', false],
  ])("GitHub feedback shares the run's one timeout with the deploy: %s", async (_, slow) => {
    await start() // the doubles afterEach closes; this run uses Kubo alone
    const kubo = await startKuboDouble()
    try {
      // Kubo asks the first request to wait 40 s (a rate limit): the deploy ends 40 s in.
      if (slow)
        kubo.fault = (n) =>
          n === 1 ? { status: 429, body: 'slow down', headers: { 'retry-after': '40' } } : undefined
      // GitHub asks the second status (success, after the deploy) to wait 30 s.
      let statuses = 0
      gh.fault = (_n, p, method) =>
        p.includes('/statuses/') && method === 'POST' && ++statuses === 2
          ? { status: 429, body: '{}', headers: { 'retry-after': '30' } }
          : undefined
      const clock = fakeClock(Date.now())
      const res = await runActionInProcess(
        {
          path: 'examples/planets',
          provider: 'kubo',
          'kubo-url': kubo.url,
          'github-token': TOKEN,
          'commit-status': 'true',
          timeout: '60s',
        },
        { cwd: ROOT, env: { GITHUB_API_URL: gh.url, GITHUB_SHA: SHA }, clock },
      )
      expect(res.outputs.cid).toBe(PLANETS)
      if (slow) {
        expect(res.code).toBe(1)
        expect(res.stdout).toMatch(
          /::error::GitHub: could not set the commit status to success: .*limit resets at .*after the limit set by "timeout"/,
        )
        expect(clock.sleeps).toContain(40_000)
        expect(clock.sleeps).not.toContain(30_000)
        expect(gh.statuses.map((x) => x.state)).toEqual(['pending'])
      } else {
        expect(res.code, res.stdout).toBe(0)
        expect(clock.sleeps).toContain(30_000)
        expect(gh.statuses.map((x) => x.state)).toEqual(['pending', 'success'])
      }
    } finally {
      await kubo.close()
    }
  })
})

describe('preview deploy, push again, close', () => {
  function prEnv(dir: string, action: string): Record<string, string> {
    const event = path.join(dir, `event-${action}.json`)
    writeFileSync(
      event,
      JSON.stringify({
        action,
        number: 7,
        pull_request: {
          number: 7,
          head: { sha: SHA, ref: 'feature', repo: { full_name: 'acme/site' } },
          base: { repo: { full_name: 'acme/site' } },
        },
      }),
    )
    return {
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_WORKFLOW: 'Preview',
    }
  }

  it('comments once and updates it, unpins the superseded preview, and removes all on close', async () => {
    const inputs = await start()
    const dir = mkdtempSync(path.join(tmpdir(), 'preview-'))
    // Someone else's comments come first, past one page.
    gh.comments.set(
      7,
      Array.from({ length: 120 }, (_, i) => ({ id: i + 1, body: `review ${i}`, user: 'alice' })),
    )
    const preview = {
      ...inputs,
      'pr-comment': 'true',
      'commit-status': 'true',
      deployment: 'true',
      'unpin-previous': 'true',
    }
    // Another pull request's preview, in the same environment: its deployment must stay.
    gh.deployments.push({
      id: 9000,
      ref: 'f'.repeat(40),
      sha: 'f'.repeat(40),
      created_at: '2026-10-01T00:00:00Z',
      environment: 'preview',
      transient: true,
      description: 'IPFS deploy (acme/site#pr-8)',
      statuses: [{ state: 'success' }],
    })
    const first = await runActionInProcess(
      { ...preview, path: 'examples/planets' },
      { cwd: ROOT, env: prEnv(dir, 'synchronize') },
    )
    expect(first.stdout).not.toContain('::error::')
    expect(first.code).toBe(0)

    const site2 = writeTree(path.join(dir, 'site2'), { 'index.html': '<h1>second push</h1>' })
    const second = await runActionInProcess(
      { ...preview, path: site2 },
      { cwd: ROOT, env: prEnv(dir, 'synchronize') },
    )
    expect(second.code).toBe(0)
    const cid2 = second.outputs.cid ?? ''
    expect(cid2).not.toBe(PLANETS)
    // The first preview was superseded and unpinned; production and the other repo untouched.
    expect(pinsOf().psa).toEqual([cid2, OLD, OTHER].sort())
    expect(pinsOf().cluster).toEqual([cid2, OLD, OTHER].sort())
    const ours = (gh.comments.get(7) ?? []).filter((c) =>
      c.body.includes('<!-- ipfs-pin-action:Preview -->'),
    )
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body).toContain(cid2)
    expect(ours[0]?.body).toContain(`https://${cid2}.ipfs.dweb.link`)
    expect(
      gh.server.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/comments')),
    ).toHaveLength(1)
    expect(gh.server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
    expect(gh.statuses.map((s) => s.state)).toEqual(['pending', 'success', 'pending', 'success'])

    const closed = await runActionInProcess(
      { ...inputs, mode: 'cleanup', 'pr-comment': 'true', deployment: 'true' },
      { cwd: ROOT, env: prEnv(dir, 'closed') },
    )
    expect(closed.stdout).not.toContain('::error::')
    expect(closed.code).toBe(0)
    expect(pinsOf()).toEqual({
      cluster: [OLD, OTHER].sort(),
      psa: [OLD, OTHER].sort(),
      sagittarius: [OLD],
    })
    const after = (gh.comments.get(7) ?? []).filter((c) =>
      c.body.includes('<!-- ipfs-pin-action:Preview -->'),
    )
    expect(after).toHaveLength(1)
    expect(after[0]?.body).toMatch(
      /IPFS preview removed[\s\S]*scope `acme\/site#pr-7`, 1 CID unpinned from 3 providers\./,
    )
    expect(gh.statuses).toHaveLength(4)
    // The pull request's deployments are retired; the other one's stays as it was.
    const mine = gh.deployments.filter((d) => d.id !== 9000)
    expect(mine).toHaveLength(2)
    for (const d of mine) expect(d.statuses.at(-1)?.state).toBe('inactive')
    expect(gh.deployments.find((d) => d.id === 9000)?.statuses).toEqual([{ state: 'success' }])
    for (const s of [TOKEN, PSA_TOKEN, SGR_KEY])
      for (const r of [first, second, closed]) expect(clean(r.everything)).not.toContain(s)
  })

  it('a pull request from a fork without secrets computes the CID, warns, and skips the rest', async () => {
    await start()
    const dir = mkdtempSync(path.join(tmpdir(), 'fork-'))
    const event = path.join(dir, 'event.json')
    writeFileSync(
      event,
      JSON.stringify({
        number: 9,
        pull_request: {
          number: 9,
          head: { sha: SHA, ref: 'patch-1', repo: { full_name: 'stranger/site' } },
          base: { repo: { full_name: 'acme/site' } },
        },
      }),
    )
    const res = await runActionInProcess(
      {
        path: 'examples/planets',
        provider: 'pinata, psa',
        'psa-endpoint': psa.url,
        'github-token': TOKEN,
        'pr-comment': 'true',
      },
      {
        cwd: ROOT,
        env: {
          GITHUB_API_URL: gh.url,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event,
        },
      },
    )
    expect(res.code).toBe(0)
    expect(res.outputs.cid).toBe(PLANETS)
    expect(res.stdout).toMatch(
      /::warning::This pull request comes from a fork.*pinata, psa skipped/,
    )
    expect(res.stdout).toMatch(
      /::warning::This pull request comes from a fork: its token cannot write/,
    )
    expect(gh.server.requests).toHaveLength(0)
    expect(psa.server.requests).toHaveLength(0)
  })
})
