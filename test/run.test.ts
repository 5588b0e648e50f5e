/** `run()` in process, with the CLI host: outputs, summary, progress lines, masking. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { InputName } from '../src/inputs/action-spec.generated.js'
import { INPUT_DEFAULTS, readConfig } from '../src/config/config.js'
import { detectContext } from '../src/inputs/context.js'
import { cliHost, masker } from '../src/io.js'
import { run } from '../src/run/run.js'

function site(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'run-'))
  const dir = path.join(root, 'public')
  mkdirSync(path.join(dir, '.git'), { recursive: true })
  writeFileSync(path.join(dir, 'index.html'), '<h1>hi</h1>')
  writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(48 * 1024 * 1024, 1))
  writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main')
  writeFileSync(path.join(dir, '.env.local'), 'TOKEN=x')
  return root
}

function configFor(cwd: string, inputs: Partial<Record<InputName, string>>) {
  return readConfig(
    { get: (n) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, '') },
    { ...detectContext({}, cwd), tempDir: cwd },
  )
}

describe('run', () => {
  it('sets every output, writes a summary listing skipped entries, and logs progress on long work', async () => {
    const cwd = site()
    const lines: string[] = []
    const summaryFile = path.join(cwd, 'summary.md')
    const host = cliHost({ summaryFile, stderr: (l) => lines.push(l) })
    // A driven ticker: one tick as the work starts, one as it stops.
    const ticker = (tick: () => void) => {
      tick()
      return tick
    }
    const res = await run(configFor(cwd, { path: 'public' }), host, { ticker })
    expect(Object.keys(host.outputs).sort()).toEqual([
      'car-path',
      'car-size',
      'cid',
      'cid-v1',
      'dnslink',
      'dnslink-url',
      'files',
      'gateway-url',
      'results',
      'size',
      'unpinned',
    ])
    expect(host.outputs.cid).toBe(res.cid)
    expect(host.outputs.files).toBe('2')
    expect(host.outputs.size).toBe(String(48 * 1024 * 1024 + 11))
    const progress = lines.filter((l) => l.startsWith('Building the CAR: '))
    expect(progress).toHaveLength(2)
    expect(progress[0]).toMatch(
      /^Building the CAR: (0% of 48\.0 MiB \(0 B read\)|0 B read), 0 of 2 files, 0 B\/s$/,
    )
    expect(progress[1]).toMatch(
      /^Building the CAR: (100% of 48\.0 MiB \(48\.0 MiB read\)|48\.0 MiB read), 2 of 2 files, [\d.]+ [KMG]?i?B\/s$/,
    )
    expect(lines).toContain('  .env.local (never published unless named in "include")')
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary.split('\n')[0]).toContain(`\`${res.cid}\``)
    expect(summary).toContain('Skipped 2 entries')
    expect(summary).toContain('- `.git/`: `.git` / `.env*`: name it in `include` to publish')
    expect(summary).toContain('No provider configured')
  })

  it('writes no summary with summary: false', async () => {
    const cwd = site()
    const summaryFile = path.join(cwd, 'none.md')
    await run(
      configFor(cwd, { path: 'public', summary: 'false' }),
      cliHost({ summaryFile, stderr: () => undefined }),
    )
    expect(() => readFileSync(summaryFile)).toThrow(/ENOENT/)
  })
})

describe('content a file-upload provider cannot carry', () => {
  it.each([
    [
      'an empty directory',
      { 'index.html': 'x', 'empty/': null },
      /empty directories cannot be sent as files: empty\b/,
    ],
    [
      'a symlink',
      { 'index.html': 'x', 'home.html': { link: 'index.html' } },
      /symlinks cannot be sent as files: home\.html/,
    ],
  ] as const)(
    'stops before any upload on %s, saying why and what to do',
    async (_name, spec, why) => {
      const { startPinataDouble } = await import('./doubles/pinata.js')
      const { writeTree } = await import('./support/fs-tree.js')
      const cwd = mkdtempSync(path.join(tmpdir(), 'run-'))
      writeTree(
        path.join(cwd, 'public'),
        Object.fromEntries(Object.entries(spec).map(([k, v]) => [k.replace(/\/$/, ''), v])),
      )
      const pinata = await startPinataDouble({ jwt: 'j.w.t' })
      try {
        const err = (await run(
          configFor(cwd, {
            path: 'public',
            provider: 'pinata',
            'pinata-jwt': 'j.w.t',
            'pinata-api-url': pinata.url,
          }),
          cliHost({ stderr: () => undefined }),
        ).catch((e: unknown) => e)) as Error
        expect(err.name).toBe('ContentError')
        expect(err.message).toMatch(why)
        expect(err.message).toContain('use a provider that takes the CAR (cluster, kubo)')
        expect(pinata.server.requests).toHaveLength(0)
      } finally {
        await pinata.close()
      }
    },
  )
})

describe('masking', () => {
  it('masks every registered secret, longest first, in everything the CLI host prints (not in outputs)', () => {
    const lines: string[] = []
    const host = cliHost({ stderr: (l) => lines.push(l) })
    host.setSecret('abc123')
    host.setSecret('abc123-longer')
    host.info('token abc123-longer and abc123')
    host.setOutput('x', 'value abc123')
    expect(lines).toEqual(['token *** and ***'])
    expect(host.outputs.x).toBe('value abc123') // masking is for logs
  })

  it('ignores values too short to mask safely', () => {
    const m = masker()
    m.add('ab')
    expect(m.mask('abc')).toBe('abc')
  })
})
