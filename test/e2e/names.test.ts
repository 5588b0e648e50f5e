/**
 * The recipes of README's "Live at a name" through the bundled action and the bundled CLI, in
 * child processes: a release to example.org with a retrieval check (Cloudflare), and a preview at
 * pr-N.preview.example.org (DNSimple) that the cleanup removes.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { unmarshalIPNSRecord } from 'ipns'
import { afterEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startDnsimpleDouble, type DnsimpleDouble } from '../doubles/dnsimple.js'
import { startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { startRoutingDouble } from '../doubles/routing.js'
import { ROOT, runAction, runNode } from '../support/action-harness.js'
import { scratch } from '../support/fs-tree.js'
import { VERSION } from '../../src/version.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const CF = 'cf-e2e-token-1234'
const DS = 'dnsimple-e2e-token-5678'
const tmp = scratch('e2e-names')

let cluster: ClusterDouble
let gateway: GatewayDouble
let cf: CloudflareDouble | undefined
let ds: DnsimpleDouble | undefined
afterEach(async () => {
  await Promise.all([cluster.close(), gateway.close(), cf?.close(), ds?.close()])
  cf = ds = undefined
})

async function storage(): Promise<void> {
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  gateway = await startGatewayDouble({ blocks: (k) => cluster.blocks.get(k) })
}

describe('live at a name, through the bundles', () => {
  it('the action releases to example.org after the content came back from the gateway', async () => {
    await storage()
    cf = await startCloudflareDouble({ token: CF, zones: ['example.org'] })
    const res = await runAction(
      {
        path: 'examples/planets',
        provider: 'cluster',
        'cluster-url': cluster.url,
        'check-gateways': gateway.url,
        dnslink: 'example.org',
        'dns-provider': 'cloudflare',
        'cloudflare-token': CF,
        'cloudflare-api-url': cf.url,
      },
      { cwd: ROOT },
    )
    expect(res.code, res.stdout).toBe(0)
    expect(cf.records.find((r) => r.name === '_dnslink.example.org')?.content).toBe(
      `"dnslink=/ipfs/${PLANETS}"`,
    )
    expect(res.outputs['dnslink-url']).toBe('https://example-org.ipns.dweb.link')
    expect(res.summary).toContain('Retrieval check')
    expect(res.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(CF)
  })

  it('the CLI serves a preview at pr-N.preview.example.org, and its cleanup removes it', async () => {
    await storage()
    ds = await startDnsimpleDouble({ token: DS, accountId: 7, zones: ['example.org'] })
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const flags = [
      '--provider',
      'cluster',
      '--cluster-url',
      cluster.url,
      '--dnslink',
      'pr-{pr}.preview.example.org',
      '--dns-provider',
      'dnsimple',
      '--dnsimple-api-url',
      ds.url,
    ]
    const env = {
      PATH: process.env.PATH ?? '',
      IPFS_PIN_DNSIMPLE_TOKEN: DS,
      IPFS_PIN_REPOSITORY: 'acme/site',
      IPFS_PIN_PR: '9',
    }
    const outputs = path.join(tmp.next('out'), '..', `outputs-${process.pid}.env`)
    const up = await runNode(
      cli,
      [
        '--path',
        'examples/planets',
        '--check-gateways',
        gateway.url,
        ...flags,
        '--outputs-file',
        outputs,
      ],
      { cwd: ROOT, env },
    )
    expect(up.code, up.stderr).toBe(0)
    const record = (): string | undefined =>
      ds?.records.find((r) => r.name === '_dnslink.pr-9.preview' && r.type === 'TXT')?.content
    expect(record()).toBe(`dnslink=/ipfs/${PLANETS}`)
    expect(readFileSync(outputs, 'utf8')).toContain(
      'IPFS_PIN_OUT_DNSLINK_URL=https://pr--9-preview-example-org.ipns.dweb.link',
    )
    const down = await runNode(cli, ['--mode', 'cleanup', ...flags], { cwd: ROOT, env })
    expect(down.code, down.stderr).toBe(0)
    expect(record()).toBeUndefined()
    expect([...cluster.pins.keys()]).toEqual([])
    expect(up.stderr + down.stderr).not.toContain(DS)
    // The CLI says so in its User-Agent, to every service.
    for (const q of [
      ...(ds?.server.requests ?? []),
      ...cluster.server.requests,
      ...gateway.server.requests,
    ])
      expect(q.headers['user-agent']).toBe(`ipfs-pin-action/${VERSION} cli`)
  })

  it('the CLI publishes an IPNS name with the deploy, then republishes it on its own', async () => {
    await storage()
    const router = await startRoutingDouble()
    try {
      const key = await generateKeyPair('Ed25519')
      const secret = Buffer.from(privateKeyToProtobuf(key)).toString('base64')
      const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
      const env = {
        PATH: process.env.PATH ?? '',
        IPFS_PIN_IPNS_KEY: secret,
        IPFS_PIN_IPNS_ROUTERS: `${router.url}/routing/v1`,
      }
      const outputs = path.join(tmp.next('ipns'), '..', `ipns-${process.pid}.env`)
      const up = await runNode(
        cli,
        [
          '--path',
          'examples/planets',
          '--provider',
          'cluster',
          '--cluster-url',
          cluster.url,
          '--outputs-file',
          outputs,
        ],
        { cwd: ROOT, env },
      )
      expect(up.code, up.stderr).toBe(0)
      const out = readFileSync(outputs, 'utf8')
      const name = /IPFS_PIN_OUT_IPNS_NAME=(k51\w+)/.exec(out)?.[1] ?? ''
      expect(name).not.toBe('')
      const first = unmarshalIPNSRecord(router.records.get(name) ?? new Uint8Array())
      expect(first.value).toBe(`/ipfs/${PLANETS}`)
      expect(out).toContain(`IPFS_PIN_OUT_IPNS_URL=https://${name}.ipns.dweb.link`)

      const again = await runNode(cli, ['--mode', 'republish'], { cwd: ROOT, env })
      expect(again.code, again.stderr).toBe(0)
      const second = unmarshalIPNSRecord(router.records.get(name) ?? new Uint8Array())
      expect(second.value).toBe(`/ipfs/${PLANETS}`)
      expect(second.sequence).toBeGreaterThan(first.sequence)
      for (const r of [up, again]) expect(r.stdout + r.stderr).not.toContain(secret)
      expect(out).not.toContain(secret)
    } finally {
      await router.close()
    }
  })
})
