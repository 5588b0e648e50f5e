/**
 * Each event changes only what it may, through the action (in process) against an IPFS
 * Cluster double and a Cloudflare double holding production's live record: one workflow with a
 * production name and a preview name (`dnslink: example.org, pr-{pr}.preview.example.org`)
 * run on a pull request of this repository, on a fork's `pull_request_target`, on a
 * `workflow_run` a fork's pull request started, and on a push.
 */
import { writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { ROOT, runActionInProcess } from '../support/action-harness.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import { VERSION } from '../../src/version.js'

const tmp = scratch('names-events')
const CF_TOKEN = 'cf-events-token-31'
const LIVE = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'

let cluster: ClusterDouble
let cf: CloudflareDouble
afterEach(async () => {
  await Promise.all([cluster.close(), cf.close()])
})

async function world(): Promise<Record<string, string>> {
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  cf = await startCloudflareDouble({ token: CF_TOKEN, zones: ['example.org'] })
  cf.records.push({
    id: 'live'.padEnd(32, '0'),
    zone_id: cf.zones[0]?.id ?? '',
    type: 'TXT',
    name: '_dnslink.example.org',
    content: `"dnslink=/ipfs/${LIVE}"`,
    ttl: 60,
  })
  return {
    provider: 'cluster',
    'cluster-url': cluster.url,
    'fork-unauthenticated': 'true',
    dnslink: 'example.org, pr-{pr}.preview.example.org',
    'dns-provider': 'cloudflare',
    'cloudflare-token': CF_TOKEN,
    'cloudflare-api-url': cf.url,
    path: writeTree(tmp.next('site'), { 'index.html': '<h1>preview</h1>' }),
  }
}

const dnslinkOf = (name: string): string[] =>
  cf.records
    .filter((r) => r.name === `_dnslink.${name}`)
    .map((r) => r.content.replace(/^"|"$/g, ''))

/** A GitHub event payload file. */
function payload(body: unknown): string {
  const file = `${tmp.next('event')}.json`
  writeFileSync(file, JSON.stringify(body))
  return file
}
const prPayload = (head: string) =>
  payload({
    number: 5,
    pull_request: {
      number: 5,
      head: { sha: 'f'.repeat(40), ref: 'feature', repo: { full_name: head } },
      base: { repo: { full_name: 'acme/site' } },
    },
  })

describe('one workflow with a production and a preview name', () => {
  it.each([
    [
      'a pull request of this repository',
      () => ({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: prPayload('acme/site') }),
    ],
    [
      'a fork’s pull_request_target',
      () => ({
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: prPayload('stranger/site'),
      }),
    ],
  ])('%s sets its preview name and never production’s, with one notice', async (_, env) => {
    const inputs = await world()
    const r = await runActionInProcess(inputs, { cwd: ROOT, env: env() })
    expect(r.code, r.stdout).toBe(0)
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${LIVE}`])
    expect(dnslinkOf('pr-5.preview.example.org')).toEqual([`dnslink=/ipfs/${r.outputs.cid ?? ''}`])
    expect(cf.server.requests.filter((q) => q.method !== 'GET' && q.body.includes(LIVE))).toEqual(
      [],
    )
    const notices = r.stdout.split('\n').filter((l) => l.startsWith('::notice::'))
    expect(notices).toEqual([
      '::notice::This run is for pull request #5: "example.org" is a production name, left as it is (pull requests set only the "dnslink" names with {pr}).',
    ])
    expect(JSON.parse(r.outputs.dnslink ?? '[]')).toEqual([
      expect.objectContaining({ name: 'pr-5.preview.example.org', action: 'created' }),
    ])
    expect(r.summary).toContain('What this run may change')
    expect(r.summary).toMatch(/set pr-5\.preview\.example\.org; left as they are .*example\.org/)
  })

  it('a workflow_run a fork’s pull request started changes no production name, even without its number', async () => {
    const inputs = await world()
    const r = await runActionInProcess(inputs, {
      cwd: ROOT,
      env: {
        GITHUB_EVENT_NAME: 'workflow_run',
        GITHUB_EVENT_PATH: payload({
          workflow_run: {
            event: 'pull_request',
            head_repository: { full_name: 'stranger/site' },
            repository: { full_name: 'acme/site' },
            pull_requests: [],
          },
        }),
      },
    })
    expect(r.code, r.stdout).toBe(0)
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${LIVE}`])
    expect(cf.server.requests.filter((q) => q.method !== 'GET')).toEqual([])
    expect(r.stdout).toContain(
      '::notice::This run (workflow_run) is for a pull request: "example.org" is a production name, left as it is',
    )
  })

  it('a push sets production and skips the preview name with a notice, not an input error', async () => {
    const inputs = await world()
    // Another tool left a second dnslink= record: removed, and said.
    cf.records.push({
      id: 'other'.padEnd(32, '0'),
      zone_id: cf.zones[0]?.id ?? '',
      type: 'TXT',
      name: '_dnslink.example.org',
      content: '"dnslink=/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"',
      ttl: 60,
    })
    const r = await runActionInProcess(inputs, { cwd: ROOT, env: { GITHUB_EVENT_NAME: 'push' } })
    expect(r.code, r.stdout).toBe(0)
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${r.outputs.cid ?? ''}`])
    expect(r.stdout).toMatch(
      /dnslink: example\.org: updated → \/ipfs\/\w+; 1 other dnslink= record was removed \(a name keeps one\)/,
    )
    expect(JSON.parse(r.outputs.dnslink ?? '[]')).toEqual([
      expect.objectContaining({ name: 'example.org', action: 'updated', duplicatesRemoved: 1 }),
    ])
    // Every request to every service says what sent it.
    for (const q of [...cluster.server.requests, ...cf.server.requests])
      expect(q.headers['user-agent']).toBe(`ipfs-pin-action/${VERSION}`)
    expect(r.stdout).toContain(
      '::notice::This run (push) is not for a pull request: the "dnslink" name "pr-{pr}.preview.example.org" was skipped',
    )
  })

  it('a dry run prints what the run may change, and changes nothing', async () => {
    const inputs = await world()
    const r = await runActionInProcess(
      { ...inputs, 'dry-run': 'true' },
      {
        cwd: ROOT,
        env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: prPayload('acme/site') },
      },
    )
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toContain(
      'dry run: may change: DNSLink: would set pr-5.preview.example.org; left as they are (read to keep what they point to): example.org',
    )
    expect(r.stdout).toContain(
      'dry run: may change: Run: pull_request, pull request #5; mode deploy',
    )
    expect(cf.server.requests.filter((q) => q.method !== 'GET')).toEqual([])
  })

  it('ends the summary with what the run may change, after the cleanup section', async () => {
    const inputs = await world()
    const r = await runActionInProcess(
      { ...inputs, 'dry-run': 'true', 'unpin-previous': 'true' },
      { cwd: ROOT, env: { GITHUB_EVENT_NAME: 'push' } },
    )
    expect(r.code, r.stdout).toBe(0)
    const summary = r.summary.trimEnd()
    expect(summary).toContain('Cleanup of scope')
    expect(summary.indexOf('What this run may change')).toBeGreaterThan(
      summary.indexOf('Cleanup of scope'),
    )
    expect(summary.endsWith('</details>')).toBe(true)
  })
})
