/**
 * Live at a name, through the action (in process, on a driven clock) against an IPFS Cluster
 * double, a trustless gateway serving what the cluster received, and a Cloudflare double:
 * release → release → preview → close. Production's name ends on the newest release, the preview
 * name exists only while the pull request is open, DNS changes only after the deploy and the
 * retrieval check, and nothing a name points to is ever unpinned.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { ROOT, runActionInProcess, type ActionResult } from '../support/action-harness.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import { VERSION } from '../../src/version.js'

const tmp = scratch('names-lifecycle')
const CF_TOKEN = 'cf-lifecycle-token-77'

let cluster: ClusterDouble
let gateway: GatewayDouble
let cf: CloudflareDouble
afterEach(async () => {
  await Promise.all([cluster.close(), gateway.close(), cf.close()])
})

async function world(): Promise<Record<string, string>> {
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  gateway = await startGatewayDouble({ blocks: (k) => cluster.blocks.get(k) })
  cf = await startCloudflareDouble({ token: CF_TOKEN, zones: ['example.org'] })
  return {
    provider: 'cluster',
    'cluster-url': cluster.url,
    'check-gateways': gateway.url,
    'dns-provider': 'cloudflare',
    'cloudflare-token': CF_TOKEN,
    'cloudflare-api-url': cf.url,
  }
}

const site = (v: string): string => writeTree(tmp.next('site'), { 'index.html': `<h1>${v}</h1>` })
const dnslinkOf = (name: string): string[] =>
  cf.records
    .filter((r) => r.name === `_dnslink.${name}`)
    .map((r) => r.content.replace(/^"|"$/g, ''))
const run = (
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionResult> => runActionInProcess(inputs, { cwd: ROOT, env })
const PR = { IPFS_PIN_PR: '5' }

describe('release → release → preview → close, with DNSLink', () => {
  it('keeps every name on what it should serve, and never unpins what a name points to', async () => {
    const inputs = await world()
    const prod = { ...inputs, dnslink: 'example.org', 'unpin-previous': 'true', keep: '1' }

    const v1 = await run({ ...prod, path: site('v1') })
    expect(v1.code, v1.stdout).toBe(0)
    const one = v1.outputs.cid ?? ''
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${one}`])
    expect(JSON.parse(v1.outputs.results ?? '[]')).toContainEqual(
      expect.objectContaining({ gateway: gateway.url, status: 'verified', cid: one }),
    )
    expect(v1.outputs['dnslink-url']).toBe('https://example-org.ipns.dweb.link')

    const v2 = await run({ ...prod, path: site('v2') })
    expect(v2.code, v2.stdout).toBe(0)
    const two = v2.outputs.cid ?? ''
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${two}`])
    // keep 1: the name moved first, so the older release could go.
    expect([...cluster.pins.keys()]).toEqual([two])

    const preview = { ...inputs, dnslink: 'pr-{pr}.preview.example.org' }
    const p = await run({ ...preview, path: site('v3') }, PR)
    expect(p.code, p.stdout).toBe(0)
    const three = p.outputs.cid ?? ''
    expect(dnslinkOf('pr-5.preview.example.org')).toEqual([`dnslink=/ipfs/${three}`])
    expect(p.outputs['dnslink-url']).toBe('https://pr--5-preview-example-org.ipns.dweb.link')
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${two}`])

    const closed = await run({ ...preview, mode: 'cleanup' }, PR)
    expect(closed.code, closed.stdout).toBe(0)
    expect(dnslinkOf('pr-5.preview.example.org')).toEqual([])
    expect([...cluster.pins.keys()]).toEqual([two])
    expect(JSON.parse(closed.outputs.dnslink ?? '[]')).toEqual([
      expect.objectContaining({
        name: 'pr-5.preview.example.org',
        action: 'deleted',
        from: `/ipfs/${three}`,
      }),
    ])

    // Retiring production's scope keeps what its name points to, and says why.
    const retired = await run({ ...prod, mode: 'cleanup', 'unpin-previous': 'false' })
    expect(retired.code, retired.stdout).toBe(0)
    expect([...cluster.pins.keys()]).toEqual([two])
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${two}`])
    expect(retired.summary).toContain('the DNSLink of example.org points to it')
    // The gateways were asked with our User-Agent too.
    expect(gateway.server.requests.length).toBeGreaterThan(0)
    for (const q of gateway.server.requests)
      expect(q.headers['user-agent']).toBe(`ipfs-pin-action/${VERSION}`)
  })

  it('changes no name when the retrieval check fails, and fails the step saying so', async () => {
    const inputs = await world()
    gateway.blocked = true
    const r = await run({ ...inputs, dnslink: 'example.org', path: site('v1') })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /::error::The retrieval check failed: .*HTTP 410.*No DNS or IPNS record was changed/,
    )
    expect(cf.server.requests.filter((q) => q.method !== 'GET')).toEqual([])
    expect(dnslinkOf('example.org')).toEqual([])
  })

  it('goes on with a warning under check-policy: warn', async () => {
    const inputs = await world()
    gateway.blocked = true
    const r = await run({
      ...inputs,
      dnslink: 'example.org',
      'check-policy': 'warn',
      path: site('v1'),
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/::warning::The retrieval check failed/)
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipfs/${r.outputs.cid ?? ''}`])
  })

  it('reports the change and writes nothing in a dry run', async () => {
    const inputs = await world()
    const r = await run({ ...inputs, dnslink: 'example.org', 'dry-run': 'true', path: site('v1') })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.outputs.dnslink ?? '[]')).toEqual([
      expect.objectContaining({ name: 'example.org', action: 'created', dryRun: true }),
    ])
    expect(cf.server.requests.filter((q) => q.method !== 'GET')).toEqual([])
  })
})
