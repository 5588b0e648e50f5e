/**
 * A rollback on GitHub with `deployment: true` (docs/rollback.md#github-deployments), through
 * the action in process against IPFS Cluster (labelled pins), Cloudflare and GitHub API doubles:
 * the target is chosen from the labelled pins and the scope's GitHub Deployments; once the names
 * point to it, a Deployment of it is recorded (at the target's commit, else the run's), with a
 * `success` status the next history reads back; no commit status. A refused rollback and a dry
 * run write nothing to GitHub; names that fail part way leave a `failure` status.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as digest } from 'multiformats/hashes/digest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryJson } from '../../src/history/index.js'
import { TAG } from '../../src/tags.js'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startGithubDouble, type GithubDouble } from '../doubles/github.js'
import { ROOT, runActionInProcess, type ActionResult } from '../support/action-harness.js'

const TOKEN = 'ghs_rollbackGithubToken00000000000000000042'
const CF = 'cf-rollback-github-token-7'
const SCOPE = 'acme/site@production'
const cidOf = (label: string): string =>
  CID.create(1, raw.code, digest(0x12, createHash('sha256').update(label).digest())).toString()
const [V0, V1, V2] = [cidOf('rb-v0'), cidOf('rb-v1'), cidOf('rb-v2')]
const SHA = { v0: 'a0'.repeat(20), v1: 'a1'.repeat(20), v2: 'a2'.repeat(20), run: 'f0'.repeat(20) }
const day = (d: number): string => new Date(Date.UTC(2026, 10, d, 12)).toISOString()

let cluster: ClusterDouble
let cf: CloudflareDouble
let gh: GithubDouble
let seeded: { v0: number; v1: number; v2: number }

/** A deploy as the action records it on GitHub: in progress, then `Pinned <cid>`. */
function deployed(cid: string, sha: string, d: number): number {
  const id = 700 + gh.deployments.length
  gh.deployments.push({
    id,
    ref: sha,
    sha,
    environment: 'production',
    transient: false,
    description: `IPFS deploy (${SCOPE})`,
    created_at: day(d),
    statuses: [
      { state: 'in_progress' },
      { state: 'success', description: `Pinned ${cid}`, environment_url: 'https://example.org' },
    ],
  })
  return id
}

beforeEach(async () => {
  ;[cluster, cf, gh] = await Promise.all([
    startClusterDouble(),
    startCloudflareDouble({ token: CF, zones: ['example.org'] }),
    startGithubDouble(TOKEN),
  ])
  cluster.pinAfterReads = 0
  const label = (d: number, sha: string) => ({
    [TAG.scope]: SCOPE,
    [TAG.time]: day(d),
    [TAG.sha]: sha,
  })
  // v0 is pinned without the action's labels (another tool pinned it again): GitHub alone
  // remembers that this scope deployed it.
  cluster.seed(V0, 'v0', {})
  cluster.seed(V1, 'v1', label(2, SHA.v1))
  cluster.seed(V2, 'v2', label(3, SHA.v2))
  seeded = { v0: deployed(V0, SHA.v0, 1), v1: deployed(V1, SHA.v1, 2), v2: deployed(V2, SHA.v2, 3) }
  gh.refs = new Map(Object.values(SHA).map((s) => [s, s]))
  cf.records.push({
    id: 'r0'.padEnd(32, '0'),
    zone_id: cf.zones[0]?.id ?? '',
    type: 'TXT',
    name: '_dnslink.example.org',
    content: `"dnslink=/ipfs/${V2}"`,
    ttl: 60,
  })
})
afterEach(async () => Promise.all([cluster.close(), cf.close(), gh.close()]))

const rollback = (inputs: Record<string, string> = {}): Promise<ActionResult> =>
  runActionInProcess(
    {
      mode: 'rollback',
      provider: 'cluster',
      'cluster-url': cluster.url,
      dnslink: 'example.org',
      'dns-provider': 'cloudflare',
      'cloudflare-token': CF,
      'cloudflare-api-url': cf.url,
      'github-token': TOKEN,
      deployment: 'true',
      'commit-status': 'true',
      retries: '0',
      ...inputs,
    },
    {
      cwd: ROOT,
      env: {
        GITHUB_API_URL: gh.url,
        GITHUB_SHA: SHA.run,
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_RUN_ID: '4711',
      },
    },
  )
const dnslink = (): string | undefined =>
  cf.records.find((r) => r.name === '_dnslink.example.org')?.content
const history = (r: ActionResult): HistoryJson =>
  JSON.parse(r.outputs.history ?? '{}') as HistoryJson
const unmasked = (r: ActionResult): string => r.everything.replace(/::add-mask::.*\n/g, '')
const writes = () => gh.server.requests.filter((q) => q.method !== 'GET')

describe('a rollback recorded as a GitHub Deployment', () => {
  it('records the target at its commit with a success status, no commit status; the next rollback reads it', async () => {
    const back = await rollback()
    expect(back.code, back.stdout).toBe(0)
    expect(dnslink()).toBe(`"dnslink=/ipfs/${V1}"`)
    const recorded = gh.deployments.at(-1)
    expect(recorded).toMatchObject({
      ref: SHA.v1,
      environment: 'production',
      transient: false,
      description: `IPFS rollback (${SCOPE})`,
      statuses: [
        {
          state: 'success',
          description: `Pinned ${V1}`,
          environment_url: 'https://example-org.ipns.dweb.link',
          log_url: 'https://github.com/acme/site/actions/runs/4711',
        },
      ],
    })
    expect(gh.deployments).toHaveLength(4)
    // A rollback has no commit of its own: no commit status, though `commit-status` is on.
    expect(gh.statuses).toEqual([])
    // The history read GitHub: every entry carries its Deployment.
    expect(history(back).entries.map((e) => [e.cid, e.github?.id])).toEqual([
      [V2, seeded.v2],
      [V1, seeded.v1],
      [V0, seeded.v0],
    ])
    expect(unmasked(back)).not.toContain(TOKEN)

    // The next rollback counts from v1 (the names) and reaches v0, which only GitHub knows as
    // this scope's: still pinned, so the names move there.
    const again = await rollback()
    expect(again.code, again.stdout).toBe(0)
    expect(dnslink()).toBe(`"dnslink=/ipfs/${V0}"`)
    const h = history(again)
    // v1 keeps its deploy's time and place; GitHub's newest record of it is the rollback's.
    expect(h.entries.map((e) => [e.cid, e.time, e.github?.id, e.live])).toEqual([
      [V2, day(3), seeded.v2, false],
      [V1, day(2), recorded?.id, false],
      [V0, day(1), seeded.v0, true],
    ])
    expect(gh.deployments.at(-1)).toMatchObject({
      ref: SHA.v0,
      description: `IPFS rollback (${SCOPE})`,
      statuses: [{ state: 'success', description: `Pinned ${V0}` }],
    })
    expect(unmasked(again)).not.toContain(TOKEN)

    // Once more to v0, where the names already are: nothing moves, GitHub records it again. v0,
    // known to GitHub only, keeps its deploy's time, not the rollback's: still the oldest.
    const dnsWrites = () => cf.server.requests.filter((q) => q.method !== 'GET').length
    const before = dnsWrites()
    const twice = await rollback({ to: V0 })
    expect(twice.code, twice.stdout).toBe(0)
    expect(history(twice).entries.map((e) => [e.cid, e.time])).toEqual([
      [V2, day(3)],
      [V1, day(2)],
      [V0, day(1)],
    ])
    expect(gh.deployments).toHaveLength(6)
    expect(dnsWrites()).toBe(before)
  })

  it("records it at the run's commit when GitHub no longer has the target's", async () => {
    gh.refs = new Map([[SHA.run, SHA.run]])
    const back = await rollback()
    expect(back.code, back.stdout).toBe(0)
    expect(gh.deployments.at(-1)).toMatchObject({
      ref: SHA.run,
      description: `IPFS rollback (${SCOPE})`,
      statuses: [{ state: 'success', description: `Pinned ${V1}` }],
    })
    expect(back.stdout).toContain(`no commit ${SHA.v1} in the repository`)
  })

  it('writes nothing when refused or on a dry run; a failure status when the names fail part way', async () => {
    const refused = await rollback({ to: cidOf('never-deployed') })
    expect(refused.code).toBe(1)
    const dry = await rollback({ 'dry-run': 'true' })
    expect(dry.code, dry.stdout).toBe(0)
    expect(dry.stdout).toContain(
      `dry run: would record the rollback to ${V1} as a GitHub Deployment`,
    )
    expect(writes()).toEqual([])
    expect(dnslink()).toBe(`"dnslink=/ipfs/${V2}"`)

    cf.fault = (_n, _path, method) =>
      method === 'GET'
        ? undefined
        : {
            status: 400,
            body: JSON.stringify({
              success: false,
              errors: [{ code: 9999, message: 'refused' }],
              messages: [],
              result: null,
            }),
          }
    const failed = await rollback()
    expect(failed.code).toBe(1)
    expect(gh.deployments).toHaveLength(4)
    const record = gh.deployments.at(-1)
    expect(record).toMatchObject({ ref: SHA.v1, description: `IPFS rollback (${SCOPE})` })
    expect(record?.statuses.map((x) => x.state)).toEqual(['failure'])
    expect(record?.statuses[0]?.description).toMatch(/^(?!Pinned)./)
    expect(gh.statuses).toEqual([])
  })
})
