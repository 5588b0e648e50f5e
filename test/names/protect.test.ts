/**
 * Cleanup never unpins what a name points to, in whatever form the name writes the CID, through
 * the action (in process) against an IPFS Cluster double and a Cloudflare double: every
 * `dnslink=` value at a name counts, CIDs in upper-case base32, base36, base16 and base58 match
 * the pins, and a value that names no readable CID stops the cleanup with nothing unpinned.
 */
import { base16 } from 'multiformats/bases/base16'
import { base32upper } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { ROOT, runActionInProcess, type ActionResult } from '../support/action-harness.js'
import { scratch, writeTree } from '../support/fs-tree.js'

const tmp = scratch('names-protect')
const CF_TOKEN = 'cf-protect-token-55'

let cluster: ClusterDouble
let cf: CloudflareDouble
afterEach(async () => {
  await Promise.all([cluster.close(), cf.close()])
})

async function world(): Promise<Record<string, string>> {
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  cf = await startCloudflareDouble({ token: CF_TOKEN, zones: ['example.org'] })
  return { provider: 'cluster', 'cluster-url': cluster.url }
}

const run = (inputs: Record<string, string>): Promise<ActionResult> =>
  runActionInProcess(inputs, { cwd: ROOT })
const site = (v: string): string => writeTree(tmp.next('site'), { 'index.html': `<h1>${v}</h1>` })
let n = 0
const point = (name: string, text: string): void => {
  cf.records.push({
    id: `r${n++}`.padEnd(32, '0'),
    zone_id: cf.zones[0]?.id ?? '',
    type: 'TXT',
    name: `_dnslink.${name}`,
    content: `"${text}"`,
    ttl: 60,
  })
}
const names = {
  dnslink: 'example.org, www.example.org',
  'dns-provider': 'cloudflare',
  'cloudflare-token': CF_TOKEN,
}

describe('what names point to is never unpinned', () => {
  it('reads every dnslink= value at every name, the CID in any multibase', async () => {
    const inputs = await world()
    const v1 = await run({ ...inputs, path: site('v1') })
    const v2 = await run({ ...inputs, path: site('v2') })
    expect([v1.code, v2.code]).toEqual([0, 0])
    const one = CID.parse(v1.outputs.cid ?? '')
    const two = CID.parse(v2.outputs.cid ?? '')
    // Two dnslink= records at one name (another tool's, an /ipns/ move half done)…
    point('example.org', `dnslink=/ipfs/${one.toString(base36)}`)
    point('example.org', `dnslink=/ipfs/${two.toString(base32upper)}/index.html`)
    // …and the other name in base16, with another tool's TXT beside it.
    point('www.example.org', 'v=spf1 -all')
    point('www.example.org', `dnslink=/ipfs/${two.toString(base16)}`)

    const r = await run({
      ...inputs,
      ...names,
      'cloudflare-api-url': cf.url,
      mode: 'cleanup',
    })
    expect(r.code, r.stdout).toBe(0)
    expect([...cluster.pins.keys()].sort()).toEqual([one.toString(), two.toString()].sort())
    expect(r.summary).toContain('the DNSLink of example.org points to it')
    expect(r.summary).toContain('the DNSLink of www.example.org points to it')
    // Nothing was written to DNS by a cleanup on push: the names were only read.
    expect(cf.server.requests.filter((q) => q.method !== 'GET')).toEqual([])
  })

  it('matches a CIDv0 name and a base58 CIDv1 against the pins too', async () => {
    const inputs = await world()
    const v1 = await run({ ...inputs, path: site('v1') })
    const one = CID.parse(v1.outputs.cid ?? '')
    point('example.org', `dnslink=/ipfs/${one.toString(base58btc)}`)
    point('www.example.org', `dnslink=/ipfs/${one.toV0().toString()}`)
    const r = await run({ ...inputs, ...names, 'cloudflare-api-url': cf.url, mode: 'cleanup' })
    expect(r.code, r.stdout).toBe(0)
    expect([...cluster.pins.keys()]).toEqual([one.toString()])
  })

  it('stops the cleanup, unpinning nothing, on a value that names no CID, quoting it safely', async () => {
    const inputs = await world()
    const v1 = await run({ ...inputs, path: site('v1') })
    point('example.org', 'dnslink=/ipfs/QmNotACid`<b>x</b>\u0007')
    const r = await run({ ...inputs, ...names, 'cloudflare-api-url': cf.url, mode: 'cleanup' })
    expect(r.code).toBe(1)
    expect([...cluster.pins.keys()]).toEqual([v1.outputs.cid])
    expect(r.stdout).toContain(
      '::error::Nothing was unpinned: the DNSLink of example.org holds "/ipfs/QmNotACid`<b>x</b>\\u0007", which names no CID this run can read',
    )
    // In the summary it is a code span: inert.
    expect(r.summary).toMatch(/Cleanup failed: `+Nothing was unpinned: [^`]*QmNotACid`/)
  })

  it('stops the cleanup on a name whose DNSLink points at another IPNS name it cannot read', async () => {
    const inputs = await world()
    const v1 = await run({ ...inputs, path: site('v1') })
    point('example.org', 'dnslink=/ipns/docs.example.net')
    const r = await run({ ...inputs, ...names, 'cloudflare-api-url': cf.url, mode: 'cleanup' })
    expect(r.code).toBe(1)
    expect([...cluster.pins.keys()]).toEqual([v1.outputs.cid])
    expect(r.stdout).toMatch(
      /Nothing was unpinned: the DNSLink of example\.org holds "\/ipns\/docs\.example\.net"/,
    )
  })
})
