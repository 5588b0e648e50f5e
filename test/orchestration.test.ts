/**
 * One step, several providers, through the bundled action: upload once to the upload-capable
 * provider, then pin that CID on the pin-only ones (with origins), wait with a limit, and let
 * the failure policy decide. And pinning an existing CID (`cid`) on pin-only services.
 */
import type { Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { NODE_ID, startKuboDouble, type KuboDouble } from './doubles/kubo.js'
import { startPsaDouble, type PsaDouble } from './doubles/psa.js'
import { startSagittariusDouble, type SagittariusDouble } from './doubles/sagittarius.js'
import { ROOT, runActionInProcess } from './support/action-harness.js'
import { startPsaMock } from './support/psa-mock.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const PSA_TOKEN = 'orchestra-psa-token-77'
const SGR_KEY = 'orchestra-sgr-key-99'

interface Result {
  provider: string
  status: string
  cid?: string
  id?: string
  error?: string
}

let kubo: KuboDouble | undefined
let psa: PsaDouble | undefined
let sgr: SagittariusDouble | undefined
let mock: Server | undefined
afterEach(async () => {
  await kubo?.close()
  await psa?.close()
  await sgr?.close()
  mock?.close()
  kubo = psa = sgr = mock = undefined
})

async function three(): Promise<Record<string, string>> {
  kubo = await startKuboDouble()
  psa = await startPsaDouble(PSA_TOKEN)
  sgr = await startSagittariusDouble([SGR_KEY])
  return {
    path: 'examples/planets',
    provider: 'kubo, psa, sagittarius',
    'kubo-url': kubo.url,
    'psa-endpoint': psa.url,
    'psa-token': PSA_TOKEN,
    'sagittarius-api-url': sgr.url,
    'sagittarius-api-key': SGR_KEY,
    retries: '1',
  }
}

const results = (outputs: Record<string, string>): Result[] =>
  JSON.parse(outputs.results ?? '[]') as Result[]

describe('upload once, pin everywhere', () => {
  it('uploads to Kubo, then pins the verified CID on a PSA service and on Sagittarius', async () => {
    const inputs = await three()
    const res = await runActionInProcess(inputs, { cwd: ROOT })
    expect(res.stdout).not.toContain('::error::')
    expect(res.code).toBe(0)
    expect(results(res.outputs)).toMatchObject([
      { provider: 'kubo', status: 'pinned', cid: PLANETS },
      { provider: 'psa', status: 'pinned', cid: PLANETS, id: psa?.pins[0]?.requestid },
      { provider: 'sagittarius', status: 'pinned', cid: PLANETS },
    ])
    // The pin-only services were asked only after the upload.
    const uploadedAt = kubo?.server.requests.findIndex((r) => r.url.includes('dag/import'))
    expect(uploadedAt).toBe(0)
    expect(psa?.pins.map((p) => p.cid)).toEqual([PLANETS])
    // The PSA service was told where to fetch from: the node's public addresses only.
    expect(psa?.pins[0]?.origins).toEqual(
      [
        '/ip4/203.0.113.7/tcp/4001',
        '/ip4/203.0.113.7/udp/4001/quic-v1',
        '/dns4/node.example.org/tcp/4001',
      ].map((a) => `${a}/p2p/${NODE_ID}`),
    )
    expect(sgr?.records.has(`${SGR_KEY} ${PLANETS}`)).toBe(true)
    for (const s of [PSA_TOKEN, SGR_KEY])
      expect(res.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(s)
  })

  it('a pin that never leaves queued fails at wait-timeout; the policy decides the step', async () => {
    const inputs = await three()
    if (psa === undefined) throw new Error('no psa')
    psa.queuedMs = Infinity
    const strict = await runActionInProcess({ ...inputs, 'wait-timeout': '2s' }, { cwd: ROOT })
    expect(strict.code).toBe(1)
    expect(strict.stdout).toMatch(
      /::error::psa: the pin failed: still queued after 2 s \(wait-timeout\)/,
    )
    expect(results(strict.outputs).map((r) => r.status)).toEqual(['pinned', 'failed', 'pinned'])

    const lenient = await runActionInProcess(
      { ...inputs, 'wait-timeout': '2s', 'required-providers': 'kubo, sagittarius' },
      { cwd: ROOT },
    )
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toMatch(/::warning::psa: the pin failed: still queued/)
  })

  it('asks no pin-only service when the upload failed: nothing is on the network to fetch', async () => {
    const inputs = await three()
    if (kubo === undefined) throw new Error('no kubo')
    kubo.fault = () => ({ status: 500, body: '{"Message":"disk full","Code":0,"Type":"error"}' })
    const res = await runActionInProcess({ ...inputs, 'required-providers': 'any' }, { cwd: ROOT })
    expect(res.code).toBe(1)
    expect(results(res.outputs).map((r) => r.status)).toEqual(['failed', 'failed', 'failed'])
    expect(res.stdout).toMatch(/psa: not asked to pin: no upload succeeded/)
    expect(psa?.server.requests).toHaveLength(0)
    expect(sgr?.server.requests).toHaveLength(0)
  })
})

describe('pinning an existing CID', () => {
  it('pins on mock-ipfs-pinning-service and Sagittarius, waiting until pinned', async () => {
    const m = await startPsaMock(PSA_TOKEN)
    mock = m.server
    sgr = await startSagittariusDouble([SGR_KEY])
    const res = await runActionInProcess(
      {
        cid: PLANETS,
        provider: 'psa, sagittarius',
        // The mock's status follows the name's prefix.
        name: 'pinned-{sha7}',
        'psa-endpoint': m.url,
        'psa-token': PSA_TOKEN,
        'sagittarius-api-url': sgr.url,
        'sagittarius-api-key': SGR_KEY,
        'wait-timeout': '30s',
      },
      { cwd: ROOT },
    )
    expect(res.stdout).not.toContain('::error::')
    expect(res.code).toBe(0)
    expect(res.outputs.cid).toBe(PLANETS)
    expect(res.outputs['car-path']).toBe('')
    expect(results(res.outputs)).toMatchObject([
      { provider: 'psa', status: 'pinned', cid: PLANETS },
      { provider: 'sagittarius', status: 'pinned', cid: PLANETS },
    ])
    expect(res.summary).toContain('already on IPFS, pinned by CID')
  })
})
