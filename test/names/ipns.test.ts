/**
 * IPNS through the action (in process, on a driven clock) against a Kubo node double, a
 * Delegated Routing V1 double and a Cloudflare double: a release publishes the name and points
 * DNSLink at it once; the next release only publishes IPNS; a scheduled republish re-signs the
 * value; cleanup keeps what the name points to; a fork without the key leaves the name alone;
 * and no form of the key reaches any output, log, summary or outputs file.
 */
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { createIPNSRecordWithExpiration, marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import { readIpnsKey } from '../../src/ipns/key.js'
import { VERSION } from '../../src/version.js'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startKuboDouble, type KuboDouble } from '../doubles/kubo.js'
import { startRoutingDouble, type RoutingDouble } from '../doubles/routing.js'
import { ROOT, runActionInProcess, type ActionResult } from '../support/action-harness.js'
import { fakeClock, type FakeClock } from '../support/clock.js'
import { scratch, writeTree } from '../support/fs-tree.js'

const tmp = scratch('names-ipns')
const CF_TOKEN = 'cf-ipns-token-31'
const HOUR = 3_600_000

let kubo: KuboDouble
let cluster: ClusterDouble
let router: RoutingDouble
let cf: CloudflareDouble
let clock: FakeClock
afterEach(async () => {
  await Promise.all([kubo.close(), cluster.close(), router.close(), cf.close()])
})

async function world(): Promise<{ inputs: Record<string, string>; keyForms: string[] }> {
  clock = fakeClock(Date.now())
  kubo = await startKuboDouble({ now: () => clock.now() })
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  router = await startRoutingDouble({ now: () => clock.now() })
  cf = await startCloudflareDouble({ token: CF_TOKEN, zones: ['example.org'] })
  const key = await generateKeyPair('Ed25519')
  const proto = Buffer.from(privateKeyToProtobuf(key))
  const raw = Buffer.from(key.raw)
  return {
    inputs: {
      provider: 'cluster',
      'cluster-url': cluster.url,
      // The node gets the IPNS record only (routing/put); the cluster pins.
      'kubo-url': kubo.url,
      'ipns-key': proto.toString('base64'),
      'ipns-publish': 'delegated-routing, kubo',
      'ipns-routers': `${router.url}/routing/v1`,
      'dns-provider': 'cloudflare',
      'cloudflare-token': CF_TOKEN,
      'cloudflare-api-url': cf.url,
    },
    keyForms: [
      proto.toString('base64'),
      proto.toString('base64url'),
      proto.toString('hex'),
      raw.toString('base64'),
      raw.toString('hex'),
      raw.subarray(0, 32).toString('base64'),
    ],
  }
}

const site = (v: string): string => writeTree(tmp.next('site'), { 'index.html': `<h1>${v}</h1>` })
const run = (
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionResult> => runActionInProcess(inputs, { cwd: ROOT, env, clock })
const dnslinkOf = (name: string): string[] =>
  cf.records
    .filter((r) => r.name === `_dnslink.${name}`)
    .map((r) => r.content.replace(/^"|"$/g, ''))
const heldBy = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : unmarshalIPNSRecord(bytes)

describe('IPNS through the action', () => {
  it('release → release → republish → cleanup, with DNSLink pointing at the name', async () => {
    const { inputs, keyForms } = await world()
    const prod = { ...inputs, dnslink: 'example.org', 'dnslink-target': 'ipns' }

    const v1 = await run({ ...prod, path: site('v1') })
    expect(v1.code, v1.stdout).toBe(0)
    const name = v1.outputs['ipns-name'] ?? ''
    expect(name).toMatch(/^k51/)
    expect(v1.outputs['ipns-url']).toBe(`https://${name}.ipns.dweb.link`)
    expect(v1.outputs['ipns-path-url']).toBe(`https://dweb.link/ipns/${name}`)
    const one = v1.outputs.cid ?? ''
    expect(heldBy(router.records.get(name))?.value).toBe(`/ipfs/${one}`)
    expect(heldBy(kubo.ipnsRecords.get(name))?.value).toBe(`/ipfs/${one}`)
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipns/${name}`])
    const first = JSON.parse(v1.outputs.ipns ?? '{}') as { sequence: string; targets: unknown[] }
    expect(first.targets).toHaveLength(2)
    expect(v1.summary).toContain(`Name \`${name}\``)

    clock.advance(HOUR)
    const dnsWrites = cf.server.requests.filter((q) => q.method !== 'GET').length
    const v2 = await run({ ...prod, path: site('v2') })
    expect(v2.code, v2.stdout).toBe(0)
    const two = v2.outputs.cid ?? ''
    expect(heldBy(router.records.get(name))?.value).toBe(`/ipfs/${two}`)
    expect(
      BigInt((JSON.parse(v2.outputs.ipns ?? '{}') as { sequence: string }).sequence),
    ).toBeGreaterThan(BigInt(first.sequence))
    // DNSLink already says /ipns/<name>: no DNS write on this deploy.
    expect(cf.server.requests.filter((q) => q.method !== 'GET').length).toBe(dnsWrites)
    expect(dnslinkOf('example.org')).toEqual([`dnslink=/ipns/${name}`])

    // A scheduled republish, 40 hours on: same value, fresh validity, no content, no providers.
    clock.advance(40 * HOUR)
    const re = await run({
      mode: 'republish',
      'ipns-key': inputs['ipns-key'] ?? '',
      'ipns-publish': 'delegated-routing',
      'ipns-routers': inputs['ipns-routers'] ?? '',
    })
    expect(re.code, re.stdout).toBe(0)
    const again = heldBy(router.records.get(name))
    expect(again?.value).toBe(`/ipfs/${two}`)
    expect(re.summary.split('\n')[0]).toBe(
      `### 🔁 IPNS \`${name}\` republished: \`/ipfs/${two}\` · [open](https://${name}.ipns.dweb.link)`,
    )

    // Cleanup of the scope keeps what the name points to, and says why.
    const clean = await run({ ...prod, mode: 'cleanup' })
    expect(clean.code, clean.stdout).toBe(0)
    expect([...cluster.pins.keys()]).toEqual([two])
    expect(clean.summary).toContain(`the IPNS name ${name} points to it`)

    for (const r of [v1, v2, re, clean]) {
      const shown = r.everything.replace(/::add-mask::.*\n/g, '')
      for (const form of keyForms) expect(shown).not.toContain(form)
    }
    // Every request to every service says what sent it.
    for (const q of [
      ...kubo.server.requests,
      ...cluster.server.requests,
      ...router.server.requests,
      ...cf.server.requests,
    ])
      expect(q.headers['user-agent']).toBe(`ipfs-pin-action/${VERSION}`)
  })

  it('changes no name when IPNS cannot be published, and fails the step', async () => {
    const { inputs } = await world()
    router.fault = (_n, _p, method) =>
      method === 'GET' ? { status: 503, body: 'down' } : undefined
    const r = await run({
      ...inputs,
      dnslink: 'example.org',
      'dnslink-target': 'ipns',
      path: site('v1'),
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /::error::IPNS k51\w+: not published: the current record could not be read/,
    )
    expect(kubo.ipnsRecords.size).toBe(0)
    expect(dnslinkOf('example.org')).toEqual([])
    // The name is known without publishing: it is derived from the key.
    expect(r.outputs['ipns-name']).toMatch(/^k51/)
  })

  it('leaves the name alone in a fork’s pull request, which gets no key', async () => {
    const { inputs } = await world()
    const event = path.join(
      writeTree(tmp.next('event'), {
        'event.json': JSON.stringify({
          number: 9,
          pull_request: {
            number: 9,
            head: { sha: 'f'.repeat(40), ref: 'patch-1', repo: { full_name: 'stranger/site' } },
            base: { repo: { full_name: 'acme/site' } },
          },
        }),
      }),
      'event.json',
    )
    // The workflow passes the same inputs; GitHub gives the fork's run empty secrets.
    const r = await run(
      {
        ...inputs,
        'ipns-key': '',
        'cloudflare-token': '',
        path: site('fork'),
        'dnslink-target': 'ipns',
        dnslink: 'example.org',
      },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/site',
      },
    )
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toContain('without "ipns-key": the IPNS name was left as it is')
    expect(router.server.requests).toEqual([])
  })

  it('publishes nothing from a pull request of this repository, and its cleanup still keeps what the name points to', async () => {
    const { inputs: all } = await world()
    const { 'dns-provider': _p, 'cloudflare-token': _t, 'cloudflare-api-url': _u, ...inputs } = all
    const v1 = await run({ ...inputs, path: site('v1') })
    expect(v1.code, v1.stdout).toBe(0)
    const name = v1.outputs['ipns-name'] ?? ''
    const prod = heldBy(router.records.get(name))
    const puts = router.server.requests.filter((q) => q.method === 'PUT').length

    const pr = await run({ ...inputs, path: site('preview') }, { IPFS_PIN_PR: '4' })
    expect(pr.code, pr.stdout).toBe(0)
    expect(pr.stdout).toContain(
      'This run is for pull request #4: the IPNS name is not published from pull requests',
    )
    expect(router.server.requests.filter((q) => q.method === 'PUT')).toHaveLength(puts)
    expect(heldBy(router.records.get(name))?.sequence).toBe(prod?.sequence)
    expect(pr.outputs['ipns-url'] ?? '').toBe('')

    // The pull request closes: its cleanup reads the name and keeps what it points to: once to
    // plan, and again right before it unpins the preview (docs/concurrency.md).
    const gets = router.server.requests.filter((q) => q.method === 'GET').length
    const closed = await run({ ...inputs, mode: 'cleanup' }, { IPFS_PIN_PR: '4' })
    expect(closed.code, closed.stdout).toBe(0)
    expect(router.server.requests.filter((q) => q.method === 'GET').length).toBe(gets + 2)
    expect([...cluster.pins.keys()]).toEqual([v1.outputs.cid])
  })

  it('at the largest sequence, fails naming the name and the sequence, and still writes outputs and the summary', async () => {
    const { inputs: all } = await world()
    const { 'dns-provider': _p, 'cloudflare-token': _t, 'cloudflare-api-url': _u, ...inputs } = all
    const key = privateKeyFromProtobuf(Buffer.from(inputs['ipns-key'] ?? '', 'base64'))
    const name = readIpnsKey(inputs['ipns-key'] ?? '', () => undefined).name
    router.records.set(
      name,
      marshalIPNSRecord(
        await createIPNSRecordWithExpiration(
          key,
          '/ipfs/bafkqaaa',
          2n ** 64n - 1n,
          new Date(clock.now() + 48 * HOUR).toISOString(),
          { v1Compatible: true },
        ),
      ),
    )
    const r = await run({ ...inputs, path: site('max') })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      `::error::IPNS ${name}: not published: the current record (on ${router.url.replace('http://', '')}/routing/v1) has sequence 18446744073709551615, the largest an IPNS record can hold`,
    )
    expect(r.outputs.cid).toMatch(/^bafy/)
    expect(r.outputs['ipns-name']).toBe(name)
    expect(JSON.parse(r.outputs.ipns ?? '{}')).toMatchObject({ name, sequence: '' })
    expect(r.summary).toContain('IPNS')
    expect(r.summary).toContain('18446744073709551615')
  })
})
