/**
 * The bundled CLI (dist/cli/index.js) in a child process against provider doubles: what the
 * in-process tests check of the logic, shown to hold through the bundle, flags and variables.
 */
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startAiozDouble, type AiozDouble } from '../doubles/aioz.js'
import { startKuboDouble, type KuboDouble } from '../doubles/kubo.js'
import { startSagittariusDouble, type SagittariusDouble } from '../doubles/sagittarius.js'
import { ROOT, runNode } from '../support/action-harness.js'
import { startPsaMock } from '../support/psa-mock.js'

const PASSWORD = 'kubo-pa55word-7f3a'
const KUBO_PLANETS_V1 = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const PLANETS = KUBO_PLANETS_V1
const BASIC = Buffer.from(`ci:${PASSWORD}`).toString('base64')
const PSA_TOKEN = 'cli-psa-token-4d2'
const SGR_KEY = 'cli-sgr-key-9a1'

let kubo: KuboDouble | undefined
let aioz: AiozDouble | undefined
let sgr: SagittariusDouble | undefined
let mock: Server | undefined
afterEach(async () => {
  await Promise.all([
    kubo?.close(),
    aioz?.close(),
    sgr?.close(),
    new Promise((r) => (mock !== undefined ? mock.close(r) : r(undefined))),
  ])
  kubo = aioz = sgr = mock = undefined
})

describe('the CLI with providers', () => {
  it('the CLI does the same and prints the same CID', async () => {
    kubo = await startKuboDouble({ authorization: `Basic ${BASIC}` })
    const res = await runNode(
      path.join(ROOT, 'dist', 'cli', 'index.js'),
      ['--path', 'examples/planets', '--provider', 'kubo', '--kubo-url', kubo.url],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', IPFS_PIN_KUBO_BASIC_AUTH: `ci:${PASSWORD}` },
      },
    )
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(KUBO_PLANETS_V1)
    expect(kubo.pins.has(KUBO_PLANETS_V1)).toBe(true)
    expect(res.stderr).not.toContain(PASSWORD)
  })

  it('the CLI uploads the example to AIOZ and prints the same CID', async () => {
    aioz = await startAiozDouble({ key: 'cli-aioz-key-1', secret: 'cli-aioz-secret-2' })
    const res = await runNode(
      path.join(ROOT, 'dist', 'cli', 'index.js'),
      ['--path', 'examples/planets', '--provider', 'aioz', '--aioz-api-url', aioz.url],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          IPFS_PIN_AIOZ_API_KEY: 'cli-aioz-key-1',
          IPFS_PIN_AIOZ_SECRET_KEY: 'cli-aioz-secret-2',
        },
      },
    )
    expect(res.stderr).not.toMatch(/error/i)
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(KUBO_PLANETS_V1)
    expect(aioz.pins.map((p) => p.cid)).toEqual([KUBO_PLANETS_V1])
    for (const s of ['cli-aioz-key-1', 'cli-aioz-secret-2']) expect(res.stderr).not.toContain(s)
  })

  it('the CLI does the same: pins on both, waits, prints the CID and writes results', async () => {
    const m = await startPsaMock(PSA_TOKEN)
    mock = m.server
    sgr = await startSagittariusDouble([SGR_KEY])
    const outputsFile = path.join(tmpdir(), `ipfs-pin-cli-outputs-${process.pid}.txt`)
    const res = await runNode(
      path.join(ROOT, 'dist', 'cli', 'index.js'),
      [
        '--cid',
        PLANETS,
        '--provider',
        'psa,sagittarius',
        '--name',
        'pinned-cli',
        '--psa-endpoint',
        m.url,
        '--sagittarius-api-url',
        sgr.url,
        '--wait-timeout',
        '30s',
        '--outputs-file',
        outputsFile,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          IPFS_PIN_PSA_TOKEN: PSA_TOKEN,
          IPFS_PIN_SAGITTARIUS_API_KEY: SGR_KEY,
        },
      },
    )
    expect(res.stderr).not.toMatch(/error/i)
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(PLANETS)
    expect(sgr.records.has(`${SGR_KEY} ${PLANETS}`)).toBe(true)
    const written = readFileSync(outputsFile, 'utf8')
    // The dotenv file names the JSON file, which holds the JSON outputs.
    const line = written.split('\n').find((l) => l.startsWith('IPFS_PIN_OUT_JSON='))
    const json = readFileSync(line?.slice('IPFS_PIN_OUT_JSON='.length) ?? '', 'utf8')
    expect((JSON.parse(json) as { results: unknown }).results).toMatchObject([
      { provider: 'psa', status: 'pinned', cid: PLANETS },
      { provider: 'sagittarius', status: 'pinned', cid: PLANETS },
    ])
    for (const s of [PSA_TOKEN, SGR_KEY])
      expect(res.stdout + res.stderr + written + json).not.toContain(s)
  })
})
