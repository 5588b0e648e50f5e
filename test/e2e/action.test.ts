/**
 * The bundled action and CLI, run as processes on the bundled example. The expected CIDs are
 * kubo's own: t0040-add-and-cat.sh adds exactly this `planets` folder and asserts
 * `bafybeih7e5d…` for `ipfs add -r --cid-version=1` (equal to unixfs-v1-2025 for files this
 * small) and `QmWSgS…` for kubo's default (unixfs-v0-2015).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CarReader } from '@ipld/car/reader'
import { describe, expect, it } from 'vitest'
import { ACTION_INPUTS } from '../../src/inputs/action-spec.generated.js'
import { ROOT, runAction, runNode } from '../support/action-harness.js'

const KUBO_PLANETS_V1 = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const KUBO_PLANETS_V0 = 'QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY'
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js')
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }

describe('the action (dist/index.js) offline', () => {
  it("computes kubo's CID for the example, writes the CAR, sets outputs and the summary", async () => {
    const res = await runAction({ path: 'examples/planets' }, { cwd: ROOT })
    expect(res.code).toBe(0)
    expect(res.outputs).toMatchObject({
      cid: KUBO_PLANETS_V1,
      'cid-v1': KUBO_PLANETS_V1,
      size: '25',
      files: '2',
      'gateway-url': `https://dweb.link/ipfs/${KUBO_PLANETS_V1}`,
      results: '[]',
      unpinned: '[]',
    })
    const carPath = res.outputs['car-path'] ?? ''
    expect(path.basename(carPath)).toBe(`${KUBO_PLANETS_V1}.car`)
    expect(Number(res.outputs['car-size'])).toBe(readFileSync(carPath).length)
    const reader = await CarReader.fromBytes(readFileSync(carPath))
    expect((await reader.getRoots()).map(String)).toEqual([KUBO_PLANETS_V1])
    expect(res.summary).toContain(KUBO_PLANETS_V1)
    expect(res.summary).toContain(`https://${KUBO_PLANETS_V1}.ipfs.dweb.link`)
    expect(res.stdout).toContain(`CID ${KUBO_PLANETS_V1}`)
  })

  it("gives kubo's default CID with the legacy profile, and honours car-path and summary: false", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'car-'))
    const carPath = path.join(dir, 'out', 'site.car')
    const res = await runAction(
      {
        path: 'examples/planets',
        'cid-profile': 'unixfs-v0-2015',
        'car-path': carPath,
        summary: 'false',
      },
      { cwd: ROOT },
    )
    expect(res.code).toBe(0)
    expect(res.outputs['cid']).toBe(KUBO_PLANETS_V0)
    expect(res.outputs['car-path']).toBe(carPath)
    expect(existsSync(carPath)).toBe(true)
    expect(res.summary).toBe('')
  })

  it('fails the step on bad input with one ::error:: naming the input, and sets no outputs', async () => {
    const res = await runAction({ path: 'examples/planets', 'cid-profile': 'v2' }, { cwd: ROOT })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(
      /::error::Input "cid-profile" has "v2", which is not allowed\. Allowed: "auto", "unixfs-v1-2025"/,
    )
    expect(res.outputs).toEqual({})
  })

  it('masks credentials even when an input error stops the run before the config exists', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.early-failure.sig-9876543210'
    const res = await runAction(
      { path: 'examples/planets', 'cid-profile': 'v2', 'pinata-jwt': jwt },
      { cwd: ROOT },
    )
    expect(res.code).toBe(1)
    const lines = res.stdout.split('\n')
    const mask = lines.findIndex((l) => l === `::add-mask::${jwt}`)
    const error = lines.findIndex((l) => l.startsWith('::error::'))
    expect(mask).toBeGreaterThanOrEqual(0)
    expect(mask).toBeLessThan(error)
  })

  it('fails on a missing path before doing anything', async () => {
    const res = await runAction({ path: 'no/such/dir' }, { cwd: ROOT })
    expect(res.code).toBe(1)
    expect(res.stdout).toContain('::error::Input "path" is "no/such/dir", which does not exist')
  })

  it('masks credentials and never prints them, even when the run fails', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-0123456789'
    const basic = 'deploy:cluster-pa55word'
    const res = await runAction(
      {
        path: 'examples/planets',
        provider: 'pinata, cluster',
        'pinata-jwt': jwt,
        'pinata-api-url': 'http://127.0.0.1:1',
        'cluster-url': 'http://127.0.0.1:1',
        'cluster-basic-auth': basic,
        retries: '0',
      },
      { cwd: ROOT },
    )
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/::error::pinata: uploading the files failed: ECONNREFUSED/)
    expect(res.stdout).toContain(`::add-mask::${jwt}`)
    expect(res.stdout).toContain(`::add-mask::${Buffer.from(basic).toString('base64')}`)
    const printed = res.everything
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const secret of [jwt, basic, 'cluster-pa55word', Buffer.from(basic).toString('base64')])
      expect(printed).not.toContain(secret)
  })
})

describe('the CLI (dist/cli/index.js)', () => {
  it("prints kubo's CID on stdout and logs on stderr", async () => {
    const res = await runNode(CLI, ['--path', 'examples/planets'], { cwd: ROOT, env: baseEnv })
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(`${KUBO_PLANETS_V1}\n`)
    expect(res.stderr).toContain('Collecting')
  })

  it('reads IPFS_PIN_* variables and writes outputs and summary files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-'))
    const res = await runNode(
      CLI,
      [
        '--path',
        'examples/planets',
        '--outputs-file',
        path.join(dir, 'o.env'),
        '--summary-file',
        path.join(dir, 's.md'),
      ],
      {
        cwd: ROOT,
        env: {
          ...baseEnv,
          IPFS_PIN_CID_PROFILE: 'unixfs-v0-2015',
          IPFS_PIN_CAR_PATH: path.join(dir, 'x.car'),
        },
      },
    )
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(KUBO_PLANETS_V0)
    const outputs = readFileSync(path.join(dir, 'o.env'), 'utf8')
    expect(outputs).toContain(`IPFS_PIN_OUT_CID=${KUBO_PLANETS_V0}\n`)
    expect(outputs).toContain(`IPFS_PIN_OUT_CAR_PATH=${path.join(dir, 'x.car')}\n`)
    expect(readFileSync(path.join(dir, 's.md'), 'utf8')).toContain(KUBO_PLANETS_V0)
  })

  it('stops with a clear error and no partial CAR when the disk refuses a write mid-way', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'efbig-'))
    const src = path.join(dir, 'site')
    mkdirSync(src)
    writeFileSync(path.join(src, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7))
    // A 200 KiB file-size limit (with SIGXFSZ ignored, writes fail with EFBIG instead).
    const res = await runNode(
      '/bin/bash',
      [
        '-c',
        `trap '' XFSZ; ulimit -f 200; exec "${process.execPath}" "${CLI}" --path site --car-path out/x.car`,
      ],
      {
        cwd: dir,
        env: baseEnv,
        node: '/usr/bin/env',
      },
    )
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/error: Could not write the CAR file .*(EFBIG|too large)/i)
    expect(res.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(readdirSync(path.join(dir, 'out'))).toEqual([])
  })

  it('keeps its outputs file from feeding back in as inputs', async () => {
    const res = await runNode(CLI, ['--path', 'examples/planets'], {
      cwd: ROOT,
      env: {
        ...baseEnv,
        IPFS_PIN_OUT_CID: 'bafy-from-an-earlier-job',
        IPFS_PIN_OUT_CAR_PATH: '/nonexistent/x.car',
      },
    })
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(KUBO_PLANETS_V1)
  })

  it.each([
    [['-v'], 'Unknown option "-v"'],
    [
      ['--path', 'examples/planets', '--summary', 'yes'],
      '--summary (IPFS_PIN_SUMMARY) has "yes", which is not a boolean',
    ],
    [
      ['--path', 'examples/planets', '--outputs-file', '/nonexistent/dir/o.env'],
      'Flag --outputs-file: cannot write',
    ],
  ])('exits 2 for %j', async (args, message) => {
    const res = await runNode(CLI, args, { cwd: ROOT, env: baseEnv })
    expect(res.code).toBe(2)
    expect(res.stderr).toContain(message)
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 with a clear message on bad input, 0 with --help (all listing every input)', async () => {
    const bad = await runNode(CLI, ['--path', 'examples/planets', '--wait-timeout', '-1s'], {
      cwd: ROOT,
      env: baseEnv,
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      'error: --wait-timeout (IPFS_PIN_WAIT_TIMEOUT) has "-1s"; it must be zero or more.',
    )
    expect(bad.stdout).toBe('')
    const plain = await runNode(CLI, ['--help'], { cwd: ROOT, env: baseEnv })
    expect(plain.code).toBe(0)
    expect(plain.stdout).toContain('Common flags:')
    expect(plain.stdout).toContain('--help all')
    const help = await runNode(CLI, ['--help', 'all'], { cwd: ROOT, env: baseEnv })
    expect(help.code).toBe(0)
    for (const i of ACTION_INPUTS) expect(help.stdout).toContain(`--${i.name}`)
    // Not a terminal: 80 columns.
    expect(Math.max(...help.stdout.split('\n').map((l) => l.length))).toBeLessThan(80)
    expect(help.stdout).toContain('Allowed: deploy, cleanup')
    expect(help.stdout).toContain('Variable: IPFS_PIN_PINATA_JWT')
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 +success/)
  })

  it('suggests the nearest flag for an unknown one, on stderr, with exit code 2', async () => {
    const res = await runNode(CLI, ['--path', 'examples/planets', '--dryrun'], {
      cwd: ROOT,
      env: baseEnv,
    })
    expect(res.code).toBe(2)
    expect(res.stderr).toBe(
      'error: Unknown flag "--dryrun". Did you mean --dry-run? --help lists every flag.\n',
    )
  })

  it('fails with exit code 2 on a misspelled IPFS_PIN_* variable, naming the nearest, before any work', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'typo-'))
    const res = await runNode(CLI, ['--path', 'examples/planets', '--car-path', `${dir}/`], {
      cwd: ROOT,
      env: { ...baseEnv, IPFS_PIN_PROVDER: 'pinata', IPFS_PIN_PINATA_JWTT: 'eyJ.secret-jwt.x' },
    })
    expect(res.code).toBe(2)
    expect(res.stdout).toBe('')
    expect(res.stderr).toContain(
      'error: The environment variable IPFS_PIN_PROVDER is not one ipfs-pin reads: did you mean IPFS_PIN_PROVIDER (--provider)?',
    )
    expect(res.stderr).toContain('did you mean IPFS_PIN_PINATA_JWT (--pinata-jwt)?')
    expect(res.stderr).not.toContain('secret-jwt')
    expect(readdirSync(dir)).toEqual([])
  })

  it('suggests the nearest value, and names flags and variables in input errors', async () => {
    const typo = await runNode(CLI, ['--path', 'examples/planets', '--provider', 'pinnata'], {
      cwd: ROOT,
      env: baseEnv,
    })
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(
      /^error: --provider \(IPFS_PIN_PROVIDER\) has "pinnata", which is not allowed\. Did you mean "pinata"\? Allowed: /,
    )
    const creds = await runNode(CLI, ['--path', 'examples/planets', '--provider', 'pinata'], {
      cwd: ROOT,
      env: baseEnv,
    })
    expect(creds.code).toBe(2)
    expect(creds.stderr).toBe(
      'error: Provider "pinata" needs credentials: set --pinata-jwt (IPFS_PIN_PINATA_JWT), or --pinata-api-key (IPFS_PIN_PINATA_API_KEY) and --pinata-api-secret (IPFS_PIN_PINATA_API_SECRET).\n',
    )
  })
})
