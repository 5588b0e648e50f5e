/**
 * DNSLink on Route 53, Gandi and DigitalOcean through the bundles, in child processes: the
 * action with the AWS credentials configure-aws-credentials leaves in the environment (an OIDC
 * session), the CLI with a Gandi preview its cleanup removes, and the action on DigitalOcean.
 * Each checks what the service ended with and that no credential shows outside a mask command.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startDigitalOceanDouble, type DigitalOceanDouble } from '../doubles/digitalocean.js'
import { startGandiDouble, type GandiDouble } from '../doubles/gandi.js'
import { startRoute53Double, type Route53Double } from '../doubles/route53.js'
import { ROOT, runAction, runNode } from '../support/action-harness.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const AKID = 'ASIAE2EROUTE53KEYID'
const SECRET = 'e2e/route53+secret0123456789abcdefghijkl'
const SESSION = 'IQoJb3JpZ2luX2VjE2e2eSessionTokenFromOidc0123456789'
const PAT = 'gandi-e2e-pat-0f1e2d3c4b5a'
const DO = 'dop_v1_e2e0123456789abcdef0123456789abcdef'

let cluster: ClusterDouble
let r53: Route53Double | undefined
let gandi: GandiDouble | undefined
let ocean: DigitalOceanDouble | undefined
afterEach(async () => {
  await Promise.all([cluster.close(), r53?.close(), gandi?.close(), ocean?.close()])
  r53 = gandi = ocean = undefined
})
const storage = async (): Promise<void> => {
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
}
/** What a step printed, without the lines that register masks. */
const unmasked = (text: string): string => text.replace(/::add-mask::.*\n/g, '')

describe('DNSLink on more DNS providers, through the bundles', () => {
  it('the action sets a Route 53 name with the OIDC session configure-aws-credentials left, and waits for INSYNC', async () => {
    await storage()
    r53 = await startRoute53Double({
      accessKeyId: AKID,
      secretAccessKey: SECRET,
      sessionToken: SESSION,
      zones: ['example.org'],
    })
    r53.pendingPolls = 0
    r53.policy = { names: ['_dnslink.example.org'], types: ['TXT'], actions: ['CREATE', 'DELETE'] }
    r53.rrsets.push({
      zoneId: r53.zones[0]?.id ?? '',
      name: '_dnslink.example.org.',
      type: 'TXT',
      ttl: 120,
      values: ['"google-site-verification=abc"'],
    })
    const res = await runAction(
      {
        path: 'examples/planets',
        provider: 'cluster',
        'cluster-url': cluster.url,
        dnslink: 'example.org',
        'dns-provider': 'route53',
        'route53-api-url': r53.url,
      },
      {
        cwd: ROOT,
        env: {
          AWS_ACCESS_KEY_ID: AKID,
          AWS_SECRET_ACCESS_KEY: SECRET,
          AWS_SESSION_TOKEN: SESSION,
          AWS_REGION: 'eu-west-1',
        },
      },
    )
    expect(res.code, res.stdout).toBe(0)
    expect(
      r53.rrsets.find((r) => r.name === '_dnslink.example.org.' && r.type === 'TXT'),
    ).toMatchObject({
      ttl: 120,
      values: ['"google-site-verification=abc"', `"dnslink=/ipfs/${PLANETS}"`],
    })
    expect(r53.batches.map((b) => b.changes.map((c) => c.action))).toEqual([['DELETE', 'CREATE']])
    expect(r53.server.requests.some((r) => r.url.startsWith('/2013-04-01/change/'))).toBe(true)
    for (const secret of [SECRET, SESSION]) {
      expect(res.stdout).toContain(`::add-mask::${secret}`)
      expect(unmasked(res.everything)).not.toContain(secret)
    }
  })

  it('the CLI serves a Gandi preview and its cleanup removes only the DNSLink, keeping the TTL and the other value', async () => {
    await storage()
    gandi = await startGandiDouble({ token: PAT, domains: ['example.org'] })
    gandi.rrsets.push({
      zone: 'example.org',
      name: '_dnslink.pr-5.preview',
      type: 'TXT',
      ttl: 1800,
      values: ['"keep-me"'],
    })
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const flags = [
      '--provider',
      'cluster',
      '--cluster-url',
      cluster.url,
      '--dnslink',
      'pr-{pr}.preview.example.org',
      '--dns-provider',
      'gandi',
      '--gandi-api-url',
      gandi.url,
    ]
    const env = {
      PATH: process.env.PATH ?? '',
      IPFS_PIN_GANDI_TOKEN: PAT,
      IPFS_PIN_REPOSITORY: 'acme/site',
      IPFS_PIN_PR: '5',
    }
    const set = () =>
      gandi?.rrsets.find((r) => r.name === '_dnslink.pr-5.preview' && r.type === 'TXT')
    const up = await runNode(cli, ['--path', 'examples/planets', ...flags], { cwd: ROOT, env })
    expect(up.code, up.stderr).toBe(0)
    expect(set()).toMatchObject({ ttl: 1800, values: ['"keep-me"', `"dnslink=/ipfs/${PLANETS}"`] })
    const down = await runNode(cli, ['--mode', 'cleanup', ...flags], { cwd: ROOT, env })
    expect(down.code, down.stderr).toBe(0)
    expect(set()).toMatchObject({ ttl: 1800, values: ['"keep-me"'] })
    expect(up.stdout + up.stderr + down.stdout + down.stderr).not.toContain(PAT)
  })

  it('the action sets a DigitalOcean name, writing the relative name and raw data', async () => {
    await storage()
    ocean = await startDigitalOceanDouble({ token: DO, domains: ['example.org'] })
    const res = await runAction(
      {
        path: 'examples/planets',
        provider: 'cluster',
        'cluster-url': cluster.url,
        dnslink: 'www.example.org',
        'dns-provider': 'digitalocean',
        'digitalocean-token': DO,
        'digitalocean-api-url': ocean.url,
        'dns-ttl': '10',
      },
      { cwd: ROOT },
    )
    expect(res.code, res.stdout).toBe(0)
    expect(ocean.records.filter((r) => r.type === 'TXT')).toMatchObject([
      { name: '_dnslink.www', data: `dnslink=/ipfs/${PLANETS}`, ttl: 30 },
    ])
    expect(unmasked(res.everything)).not.toContain(DO)
  })
})
