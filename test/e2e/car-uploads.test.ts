/**
 * The CAR upload providers through the bundle: the action (dist/index.js, as the runner runs
 * it) and the CLI (dist/cli/index.js) upload the example to the Filebase S3 double and the
 * Pinata v3 double, deploy again with cleanup, and never print a credential.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keyFor } from '../../src/providers/filebase-s3.js'
import { startFilebaseDouble, type FilebaseDouble } from '../doubles/filebase.js'
import { startPinataV3Double, type PinataV3Double } from '../doubles/pinata-v3.js'
import { ROOT, runAction, runNode } from '../support/action-harness.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const OLD = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const KEY_ID = 'E2EFILEBASEKEY00001'
const SECRET = 'e2e-filebase-secret-5c6d7e8f9a0b'
const JWT = 'eyJhbGciOiJIUzI1NiJ9.e2e-pinata-v3.sig-3e4f'
const SCOPE = 'acme/site@production'

let fb: FilebaseDouble | undefined
let v3: PinataV3Double | undefined
afterEach(async () => {
  await Promise.all([fb?.close(), v3?.close()])
  fb = v3 = undefined
})

const old = {
  name: 'site-old',
  metadata: {
    'ipfs-pin.scope': SCOPE,
    'ipfs-pin.time': '2026-01-01T00:00:00.000Z',
    'ipfs-pin.repo': 'acme/site',
    'ipfs-pin.env': 'production',
  },
}

describe('CAR uploads through the bundle', () => {
  it('the action uploads to Filebase S3, reads the CID, and unpins the previous deploy', async () => {
    fb = await startFilebaseDouble({
      bucket: 'e2e-bucket',
      keys: new Map([[KEY_ID, { secretAccessKey: SECRET }]]),
    })
    fb.seed(keyFor(old, OLD, 0), OLD)
    const res = await runAction(
      {
        path: 'examples/planets',
        provider: 'filebase-s3',
        'filebase-bucket': 'e2e-bucket',
        'filebase-access-key-id': KEY_ID,
        'filebase-secret-access-key': SECRET,
        'filebase-s3-url': fb.url,
        'unpin-previous': 'true',
        keep: '1',
      },
      { cwd: ROOT },
    )
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.outputs.cid).toBe(PLANETS)
    expect(JSON.parse(res.outputs.results ?? '[]')).toMatchObject([
      { provider: 'filebase-s3', status: 'pinned', cid: PLANETS },
    ])
    expect(fb.pinned(PLANETS)).toBe(true)
    expect(fb.pinned(OLD)).toBe(false)
    expect(res.outputs.unpinned).toContain(OLD)
    // Its key carries the run's labels.
    expect([...fb.objects.keys()]).toEqual([
      expect.stringMatching(
        /^ipfs-pin-action\/acme~2Fsite~40production\/acme\/site\/production\/\d{8}T\d{6}\.\d{3}Z-bafybei\S+\.car$/,
      ),
    ])
    // Registered with the runner's masker (::add-mask::), and nowhere else.
    expect(res.stdout).toContain(`::add-mask::${SECRET}`)
    const shown = res.everything
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const s of [KEY_ID, SECRET]) expect(shown).not.toContain(s)
  })

  it('the CLI uploads to Pinata v3 and prints the CID; a wrong key fails naming the input', async () => {
    v3 = await startPinataV3Double({ jwt: JWT })
    v3.pendingReads = 1
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const args = [
      '--path',
      'examples/planets',
      '--provider',
      'pinata-v3',
      '--pinata-api-url',
      v3.url,
      '--pinata-uploads-url',
      v3.url,
    ]
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }
    const res = await runNode(cli, args, { cwd: ROOT, env: { ...env, IPFS_PIN_PINATA_JWT: JWT } })
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(PLANETS)
    expect(v3.count(PLANETS)).toBe(1)
    expect(res.stderr).not.toContain(JWT)
    const bad = await runNode(cli, args, {
      cwd: ROOT,
      env: { ...env, IPFS_PIN_PINATA_JWT: 'eyJ.wrong.e2e' },
    })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/pinata-v3: uploading the CAR failed: HTTP 401/)
    expect(bad.stderr).toMatch(/legacy API/)
  })
})
