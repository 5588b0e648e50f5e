/**
 * The bundled action uploading to the Kubo double: the CID the node reports is verified against
 * the local one, results and the summary say what happened, and the policy decides the step.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../src/http/deadline.js'
import { startClusterDouble, type ClusterDouble } from './doubles/cluster.js'
import { startKuboDouble, type KuboDouble } from './doubles/kubo.js'
import { startPinataDouble, type PinataDouble } from './doubles/pinata.js'
import { ROOT, runActionInProcess } from './support/action-harness.js'

const KUBO_PLANETS_V1 = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const PASSWORD = 'kubo-pa55word-7f3a'
const BASIC = Buffer.from(`ci:${PASSWORD}`).toString('base64')

let kubo: KuboDouble | undefined
let cluster: ClusterDouble | undefined
afterEach(async () => {
  await kubo?.close()
  await cluster?.close()
  kubo = undefined
  cluster = undefined
})

const inputs = (url: string, extra: Record<string, string> = {}): Record<string, string> => ({
  path: 'examples/planets',
  provider: 'kubo',
  'kubo-url': url,
  'kubo-basic-auth': `ci:${PASSWORD}`,
  retries: '1',
  ...extra,
})

interface Result {
  provider: string
  status: string
  cid?: string
  expectedCid: string
  error?: string
}

describe('action with provider: kubo', () => {
  it('uploads the CAR, verifies the CID, and reports it in outputs and the summary', async () => {
    kubo = await startKuboDouble({ authorization: `Basic ${BASIC}` })
    const res = await runActionInProcess(inputs(kubo.url), { cwd: ROOT })
    expect(res.stdout).not.toContain('::error::')
    expect(res.code).toBe(0)
    expect(res.outputs.cid).toBe(KUBO_PLANETS_V1)
    const results = JSON.parse(res.outputs.results ?? '[]') as Result[]
    expect(results).toMatchObject([
      { provider: 'kubo', status: 'pinned', cid: KUBO_PLANETS_V1, expectedCid: KUBO_PLANETS_V1 },
    ])
    expect(kubo.pins.has(KUBO_PLANETS_V1)).toBe(true)
    expect(res.summary).toMatch(/^### ✅ Pinned on kubo: `bafybeih7e5d/m)
    expect(res.summary).toMatch(/\| kubo \| ✅ pinned \| \d+\.\d s \| {2}\|/)
    for (const s of [PASSWORD, BASIC])
      expect(res.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(s)
  })

  it('fails the step when the node reports another CID, naming both and the likely causes', async () => {
    kubo = await startKuboDouble({ authorization: `Basic ${BASIC}` })
    kubo.lieAboutRoot = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'
    const res = await runActionInProcess(inputs(kubo.url), { cwd: ROOT })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(
      /::error::kubo reported CID QmUNLL\S+, but the CID computed locally is bafybeih7e5d\S+\..*cid-profile unixfs-v1-2025.*hidden-files.*wrap-with-directory/,
    )
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([
      { status: 'mismatch', cid: 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn' },
    ])
  })

  it('only warns on a mismatch with verify: warn', async () => {
    kubo = await startKuboDouble({ authorization: `Basic ${BASIC}` })
    kubo.lieAboutRoot = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'
    const res = await runActionInProcess(inputs(kubo.url, { verify: 'warn' }), { cwd: ROOT })
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/::warning::kubo reported CID QmUNLL/)
  })

  it('fails clearly, in bounded time, when the node is down', async () => {
    kubo = await startKuboDouble()
    const url = kubo.url
    await kubo.close()
    kubo = undefined
    const t0 = performance.now()
    const res = await runActionInProcess(inputs(url), { cwd: ROOT })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/::error::kubo: uploading the CAR failed: ECONNREFUSED/)
    expect(performance.now() - t0).toBeLessThan(20_000)
    expect(res.outputs.cid).toBe(KUBO_PLANETS_V1) // outputs still say what was built
  })

  it('changes nothing with dry-run', async () => {
    kubo = await startKuboDouble({ authorization: `Basic ${BASIC}` })
    const res = await runActionInProcess(inputs(kubo.url, { 'dry-run': 'true' }), { cwd: ROOT })
    expect(res.code).toBe(0)
    expect(kubo.server.requests).toHaveLength(0)
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([
      { provider: 'kubo', status: 'skipped' },
    ])
  })
})

describe('action with provider: cluster', () => {
  const clusterInputs = (
    url: string,
    extra: Record<string, string> = {},
  ): Record<string, string> => ({
    path: 'examples/planets',
    provider: 'cluster',
    'cluster-url': url,
    'cluster-basic-auth': `ci:${PASSWORD}`,
    metadata: 'team=web',
    ...extra,
  })

  it('adds the CAR, waits until every peer has pinned it, and records name and metadata', async () => {
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    const res = await runActionInProcess(clusterInputs(cluster.url), { cwd: ROOT })
    expect(res.stdout).not.toContain('::error::')
    expect(res.code).toBe(0)
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([
      { provider: 'cluster', status: 'pinned', cid: KUBO_PLANETS_V1 },
    ])
    expect(cluster.pins.get(KUBO_PLANETS_V1)).toMatchObject({
      name: 'site-0123456',
      metadata: { team: 'web' },
    })
    expect(cluster.pins.get(KUBO_PLANETS_V1)?.reads).toBeGreaterThanOrEqual(2)
  })

  it('fails when the pin is still pending at wait-timeout, saying so', async () => {
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    cluster.pinAfterReads = 1000
    const t0 = performance.now()
    const res = await runActionInProcess(clusterInputs(cluster.url, { 'wait-timeout': '2s' }), {
      cwd: ROOT,
    })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(
      /::error::cluster: the pin failed: still (queued|pinning) after 2 s \(wait-timeout\)/,
    )
    expect(performance.now() - t0).toBeLessThan(15_000)
  })

  it('catches a wrong CID on a status read, and masks provider text in every output', async () => {
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    cluster.lieOnStatus = 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e'
    const res = await runActionInProcess(clusterInputs(cluster.url), { cwd: ROOT })
    expect(res.code).toBe(1)
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([
      { status: 'mismatch', cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e' },
    ])
    await cluster.close()
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    cluster.pinError = `ipfs: dial with ci:${PASSWORD} refused`
    const masked = await runActionInProcess(clusterInputs(cluster.url), { cwd: ROOT })
    expect(masked.code).toBe(1)
    expect(masked.outputs.results).toContain('pin_error: ipfs: dial with *** refused')
    expect(masked.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(PASSWORD)
  })

  it("stops all provider work at the run's timeout", async () => {
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    cluster.early = () => 'hold'
    const t0 = performance.now()
    // Real time: the limit itself is what is tested.
    const res = await runActionInProcess(clusterInputs(cluster.url, { timeout: '500ms' }), {
      cwd: ROOT,
      clock: systemClock,
    })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(
      // The double holds every request: the first, reading whether the cluster holds the CID
      // already (its status) before the upload, is cut.
      /::error::cluster: (reading the pin status|reading the labels of the existing pin|uploading the CAR) failed: the run reached its timeout of 500 ms \(input "timeout"\)/,
    )
    expect(performance.now() - t0).toBeLessThan(15_000)
  })

  it('does not wait with wait: queued', async () => {
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    cluster.pinAfterReads = 1000
    const res = await runActionInProcess(clusterInputs(cluster.url, { wait: 'queued' }), {
      cwd: ROOT,
    })
    expect(res.code).toBe(0)
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([{ status: 'pinning' }])
  })

  it('uploads to Kubo and Cluster in one step; required-providers decides when one fails', async () => {
    cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD } })
    kubo = await startKuboDouble({ authorization: `Basic ${BASIC}` })
    kubo.fault = () => ({ status: 403, body: '403 - Forbidden' })
    const both = {
      ...clusterInputs(cluster.url),
      provider: 'cluster, kubo',
      'kubo-url': kubo.url,
      'kubo-basic-auth': `ci:${PASSWORD}`,
    }
    const strict = await runActionInProcess(both, { cwd: ROOT })
    expect(strict.code).toBe(1)
    expect(strict.stdout).toMatch(/::error::kubo: uploading the CAR failed: HTTP 403/)
    const lenient = await runActionInProcess(
      { ...both, 'required-providers': 'cluster' },
      { cwd: ROOT },
    )
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toMatch(/::warning::kubo: uploading the CAR failed: HTTP 403/)
    expect(JSON.parse(lenient.outputs.results ?? '[]')).toMatchObject([
      { provider: 'cluster', status: 'pinned' },
      { provider: 'kubo', status: 'failed' },
    ])
  })
})

describe('action and CLI with the file-upload providers', () => {
  let pinata: PinataDouble | undefined
  afterEach(async () => {
    await pinata?.close()
    pinata = undefined
  })
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.deploy-pinata.sig-5e6f'

  it("the action uploads the example to Pinata and sets kubo's --cid-version=1 CID, the offline one for that profile", async () => {
    const offline = await runActionInProcess(
      { path: 'examples/planets', 'cid-profile': 'kubo-cid-v1' },
      { cwd: ROOT },
    )
    expect(offline.outputs.cid).toBe(KUBO_PLANETS_V1)
    pinata = await startPinataDouble({ jwt: JWT })
    const res = await runActionInProcess(
      {
        path: 'examples/planets',
        provider: 'pinata',
        'pinata-jwt': JWT,
        'pinata-api-url': pinata.url,
        metadata: 'team=web',
      },
      { cwd: ROOT },
    )
    expect(res.stdout).not.toContain('::error::')
    expect(res.outputs.cid).toBe(offline.outputs.cid)
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([
      { provider: 'pinata', status: 'pinned', cid: KUBO_PLANETS_V1 },
    ])
    expect(pinata.lastMetadata).toMatchObject({ keyvalues: { team: 'web' } })
    expect(res.stdout).toMatch(/pinata: uploading 2 files .*pinata builds the DAG itself/)
    expect(res.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(JWT)
  })
})
