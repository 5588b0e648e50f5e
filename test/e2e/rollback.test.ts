/**
 * `mode: rollback` through the bundles (dist/index.js and dist/cli/index.js, in child
 * processes) against a labelled-pins double (IPFS Cluster keeps the action's labels), a DNS
 * double and (the action) a GitHub API double: deploy v1, deploy v2, roll back (the names go
 * back to v1, checked still pinned and retrievable first; cleanup keeps v1; GitHub records a
 * Deployment of v1), then a normal deploy v3. A rollback on a pull request is refused before
 * anything changes. Every deploy's summary and `history` output list the scope's deployments,
 * with their GitHub Deployments.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { startGithubDouble, type GithubDouble } from '../doubles/github.js'
import { ROOT, runAction, runNode, type ProcessResult } from '../support/action-harness.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import type { HistoryJson } from '../../src/history/index.js'

const CF = 'cf-rollback-token-4321'
const GH = 'ghs_e2eRollbackToken000000000000000000000009'
const SHA = ['c1', 'c2', 'c3', 'ff'].map((s) => s.repeat(20))
const tmp = scratch('e2e-rollback')
afterAll(tmp.remove)

let cluster: ClusterDouble
let gateway: GatewayDouble
let cf: CloudflareDouble
let gh: GithubDouble
beforeEach(async () => {
  gh = await startGithubDouble(GH)
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  gateway = await startGatewayDouble({ blocks: (k) => cluster.blocks.get(k) })
  cf = await startCloudflareDouble({ token: CF, zones: ['example.org'] })
})
afterEach(async () => Promise.all([cluster.close(), gateway.close(), cf.close(), gh.close()]))

const site = (v: string): string =>
  writeTree(tmp.next(v), { 'index.html': `<h1>release ${v}</h1>`, 'app.js': `// ${v}` })
const dnslink = (): string | undefined =>
  cf.records.find((r) => r.name === '_dnslink.example.org')?.content
const pinned = (): string[] => [...cluster.pins.keys()]
const prEvent = (): string =>
  path.join(
    writeTree(tmp.next('event'), {
      'event.json': JSON.stringify({ number: 5, pull_request: { number: 5 } }),
    }),
    'event.json',
  )

describe('rollback through the bundled action', () => {
  it('v1, v2, rollback to v1 (kept by cleanup), then v3 as usual; refused on a pull request', async () => {
    const common = {
      provider: 'cluster',
      'cluster-url': cluster.url,
      'check-gateways': gateway.url,
      dnslink: 'example.org',
      'dns-provider': 'cloudflare',
      'cloudflare-token': CF,
      'cloudflare-api-url': cf.url,
      'unpin-previous': 'true',
      keep: '2',
      'github-token': GH,
      deployment: 'true',
      'commit-status': 'true',
    }
    const at = (sha: string, env: Record<string, string> = {}) => ({
      cwd: ROOT,
      env: { GITHUB_API_URL: gh.url, GITHUB_SHA: sha, ...env },
    })
    const v1 = await runAction({ ...common, path: site('v1') }, at(SHA[0] ?? ''))
    expect(v1.code, v1.stdout).toBe(0)
    const v2 = await runAction({ ...common, path: site('v2') }, at(SHA[1] ?? ''))
    expect(v2.code, v2.stdout).toBe(0)
    const [c1, c2] = [v1.outputs.cid ?? '', v2.outputs.cid ?? '']
    expect(dnslink()).toBe(`"dnslink=/ipfs/${c2}"`)
    // Every deploy lists the scope's history, newest first, the live one marked, with the
    // GitHub Deployment that recorded it (v2's own is still in progress while it runs).
    const [d1, d2] = gh.deployments
    const h2 = JSON.parse(v2.outputs.history ?? '{}') as HistoryJson
    expect(h2.entries.map((e) => [e.cid, e.live, e.github?.id ?? null])).toEqual([
      [c2, true, null],
      [c1, false, d1?.id],
    ])
    expect(v2.summary).toContain('Deployment history of')
    const statuses = gh.statuses.length

    // A rollback on a pull request: refused before any request, nothing changed.
    const refused = await runAction(
      { ...common, mode: 'rollback' },
      at(SHA[3] ?? '', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: prEvent() }),
    )
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/"mode: rollback" is refused: this run is for pull request #5/)
    expect(dnslink()).toBe(`"dnslink=/ipfs/${c2}"`)
    expect(gh.deployments).toHaveLength(2)

    // The rollback, with keep 1: cleanup keeps the target all the same.
    const back = await runAction(
      { ...common, mode: 'rollback', keep: '1' },
      at(SHA[3] ?? '', { GITHUB_EVENT_NAME: 'workflow_dispatch' }),
    )
    expect(back.code, back.stdout).toBe(0)
    // GitHub records it: a Deployment of v1 at v1's commit, live; no commit status.
    const d3 = gh.deployments[2]
    expect(gh.deployments).toHaveLength(3)
    expect(d3).toMatchObject({
      ref: SHA[0],
      environment: 'production',
      description: 'IPFS rollback (acme/site@production)',
      statuses: [{ state: 'success', description: `Pinned ${c1}` }],
    })
    expect(d3?.statuses[0]?.environment_url).toBe(d2?.statuses.at(-1)?.environment_url)
    expect(gh.statuses).toHaveLength(statuses)
    expect(back.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(GH)
    expect(dnslink()).toBe(`"dnslink=/ipfs/${c1}"`)
    expect(back.outputs.cid).toBe(c1)
    expect(back.outputs['rollback-from']).toBe(c2)
    expect(pinned()).toContain(c1)
    expect(back.stdout).toMatch(/move back to .*Names otherwise only move forward/)
    expect(back.summary).toMatch(/Rolled back to/)
    // The retrieval check ran on the target before the name moved.
    expect(JSON.parse(back.outputs.results ?? '[]')).toContainEqual(
      expect.objectContaining({ status: 'verified', cid: c1 }),
    )

    // The next deploy behaves as usual.
    const v3 = await runAction({ ...common, path: site('v3') }, at(SHA[2] ?? ''))
    expect(v3.code, v3.stdout).toBe(0)
    expect(dnslink()).toBe(`"dnslink=/ipfs/${v3.outputs.cid}"`)
    const h3 = JSON.parse(v3.outputs.history ?? '{}') as HistoryJson
    expect(h3.entries[0]).toMatchObject({ cid: v3.outputs.cid, live: true })
    // The next history reads the rollback's Deployment as v1's newest record.
    expect(h3.entries.find((e) => e.cid === c1)?.github).toMatchObject({
      id: d3?.id,
      state: 'success',
    })
    expect(pinned()).toContain(v3.outputs.cid)
  })
})

describe('rollback through the CLI', () => {
  it('rolls back with --mode rollback --to 1, and refuses a pull request run', async () => {
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const env = {
      PATH: process.env.PATH ?? '',
      IPFS_PIN_REPOSITORY: 'acme/site',
      IPFS_PIN_CLOUDFLARE_TOKEN: CF,
    }
    const flags = [
      '--provider',
      'cluster',
      '--cluster-url',
      cluster.url,
      '--dnslink',
      'example.org',
      '--dns-provider',
      'cloudflare',
      '--cloudflare-api-url',
      cf.url,
    ]
    const ok = (r: ProcessResult): void => expect(r.code, r.stderr).toBe(0)
    const one = await runNode(cli, [...flags, '--path', site('c1')], { cwd: ROOT, env })
    ok(one)
    const two = await runNode(cli, [...flags, '--path', site('c2')], { cwd: ROOT, env })
    ok(two)
    const [c1, c2] = [one.stdout.trim(), two.stdout.trim()]
    expect(dnslink()).toBe(`"dnslink=/ipfs/${c2}"`)

    const pr = await runNode(cli, [...flags, '--mode', 'rollback'], {
      cwd: ROOT,
      env: { ...env, IPFS_PIN_PR: '5' },
    })
    expect(pr.code).toBe(1)
    expect(pr.stderr).toMatch(/refused: this run is for pull request #5/)

    const bad = await runNode(cli, [...flags, '--mode', 'rollback', '--to', 'yesterday'], {
      cwd: ROOT,
      env,
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--to \(IPFS_PIN_TO\) has "yesterday"/)

    const back = await runNode(cli, [...flags, '--mode', 'rollback', '--to', '1'], {
      cwd: ROOT,
      env,
    })
    ok(back)
    expect(back.stdout.trim()).toBe(c1)
    expect(dnslink()).toBe(`"dnslink=/ipfs/${c1}"`)
    expect(pinned()).toEqual(expect.arrayContaining([c1, c2]))
  })
})
