/** action.yml, the generated spec, the README and package.json stay in step. */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { PROVIDER_IDS } from '../src/config/config.js'
import { PROFILE_NAMES } from '../src/content/profiles.js'
import { VERSION } from '../src/version.js'
import { ROOT } from './support/action-harness.js'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { description?: unknown; default?: unknown; required?: unknown }>
  outputs: Record<string, { description?: unknown }>
}
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')

describe('action.yml', () => {
  it('runs on node24 from the bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('describes every input, with a string default, and every output', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(
        typeof spec.description === 'string' && spec.description.trim().length > 10,
        name,
      ).toBe(true)
      expect(typeof spec.default, `${name} default`).toBe('string')
      expect(spec.required, name).toBe(false)
    }
    for (const [name, spec] of Object.entries(action.outputs))
      expect(typeof spec.description === 'string' && spec.description.length > 10, name).toBe(true)
  })

  it('lists the allowed values of the choice inputs in their descriptions', () => {
    const desc = (n: string): string => String(action.inputs[n]?.description)
    for (const p of PROFILE_NAMES) expect(desc('cid-profile')).toContain(`\`${p}\``)
    for (const p of PROVIDER_IDS) expect(desc('provider')).toContain(`\`${p}\``)
    for (const [input, values] of [
      ['hidden-files', ['include', 'exclude']],
      ['verify', ['fail', 'warn', 'off']],
      ['wait', ['pinned', 'queued', 'none']],
      ['mode', ['deploy', 'cleanup']],
      ['required-providers', ['all', 'any']],
    ] as const) {
      for (const v of values) expect(desc(input), input).toContain(`\`${v}\``)
    }
  })
})

describe('generated files and README', () => {
  it('the generated spec and README tables match action.yml (npm run gen)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-docs.mjs'), '--check'], {
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('has the sections users look for', () => {
    for (const heading of [
      '## Permissions',
      '## Quick start',
      '## Inputs',
      '## Outputs',
      '## CLI',
      '## CID profiles',
    ])
      expect(readme).toContain(heading)
  })

  it('gives the test command that .ci/run runs', () => {
    expect(readme).toContain('npm ci && npm test')
    expect(readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toContain('npm test')
  })

  it('uses only inputs that exist in its YAML examples, with one example per provider', () => {
    const steps: Array<Record<string, unknown>> = []
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>
        if (typeof o.uses === 'string' && o.uses.includes('ipfs-pin-action'))
          steps.push((o.with ?? {}) as Record<string, unknown>)
        Object.values(o).forEach(walk)
      }
    }
    for (const [, block] of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      const text = block ?? ''
      const indent = /^( *)/.exec(text)?.[1]?.length ?? 0
      walk(
        parse(
          text
            .split('\n')
            .map((l) => l.slice(Math.min(indent, l.search(/\S|$/))))
            .join('\n'),
        ),
      )
    }
    expect(steps.length).toBeGreaterThan(5)
    const used = new Set<string>()
    for (const w of steps) {
      for (const k of Object.keys(w)) expect(Object.keys(action.inputs), k).toContain(k)
      for (const p of (typeof w.provider === 'string' ? w.provider : '')
        .split(/[\s,]+/)
        .filter(Boolean)) {
        expect(PROVIDER_IDS as readonly string[]).toContain(p)
        used.add(p)
      }
    }
    // web3.storage shut its API down: the README says so instead of showing a step that fails.
    for (const p of PROVIDER_IDS.filter((id) => id !== 'web3-storage'))
      expect([...used], p).toContain(p)
    expect(readme).toMatch(/web3-storage.*shut its API down on 2024-01-09/)
  })

  it('version.ts matches package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    expect(VERSION).toBe(pkg.version)
  })
})

describe('examples/workflows', () => {
  const dir = path.join(ROOT, 'examples', 'workflows')
  const inputs = Object.keys(action.inputs)

  it('every workflow parses and its steps use only real inputs and providers', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml') && f !== 'gitlab-ci.yml')
    expect(files.sort()).toEqual(['pin-existing.yml', 'preview.yml', 'release.yml'])
    for (const f of files) {
      const wf = parse(readFileSync(path.join(dir, f), 'utf8')) as {
        jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>
      }
      const steps = Object.values(wf.jobs)
        .flatMap((j) => j.steps)
        .filter((s) => s.uses?.includes('ipfs-pin-action'))
      expect(steps.length, f).toBeGreaterThan(0)
      for (const s of steps) {
        for (const k of Object.keys(s.with ?? {})) expect(inputs, `${f}: ${k}`).toContain(k)
        const providers = (typeof s.with?.provider === 'string' ? s.with.provider : '')
          .split(/[\s,]+/)
          .filter(Boolean)
        for (const p of providers) expect(PROVIDER_IDS as readonly string[], f).toContain(p)
      }
    }
  })

  it('the GitLab and shell examples use only real flags and IPFS_PIN_* variables', () => {
    for (const f of ['gitlab-ci.yml', 'shell.sh']) {
      const text = readFileSync(path.join(dir, f), 'utf8')
      const commands = text
        .replace(/\\\n/g, ' ')
        .split('\n')
        .filter((l) => l.includes('cli/index.js'))
        .map((l) => l.slice(l.indexOf('cli/index.js')))
      expect(commands.length, f).toBeGreaterThan(0)
      for (const [, flag] of commands.join('\n').matchAll(/\s--([a-z][a-z0-9-]*)/g))
        expect([...inputs, 'outputs-file', 'summary-file'], `${f}: --${flag}`).toContain(flag)
      const context = ['REPOSITORY', 'SHA', 'REF', 'PR', 'RUN_ID', 'RUN_NUMBER']
      for (const [, v] of text.matchAll(/IPFS_PIN_([A-Z0-9_]+)/g)) {
        const name = (v ?? '').toLowerCase().replace(/_/g, '-')
        if (context.includes(v ?? '')) continue
        expect(inputs, `${f}: IPFS_PIN_${v}`).toContain(name)
      }
    }
  })
})

describe('the npm package', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  > & { bin: Record<string, string>; engines: { node: string } }

  it('is publishable: public, named, with a bin, repository and keywords', () => {
    expect(pkg.private).toBeUndefined()
    expect(pkg.name).toBe('ipfs-pin-action')
    expect(pkg.bin).toEqual({ 'ipfs-pin': 'dist/cli/index.js' })
    expect(pkg.repository).toMatchObject({ type: 'git' })
    expect((pkg.keywords as string[]).length).toBeGreaterThan(3)
    expect(pkg.license).toBe('MIT')
    // The bundles carry their dependencies: installing the package installs nothing else.
    expect(pkg.dependencies).toBeUndefined()
  })

  it('ships only dist/, action.yml, the README, the license and package.json (npm pack --dry-run)', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    const [packed] = JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>
    const files = (packed?.files ?? []).map((f) => f.path).sort()
    expect(files).toContain('dist/cli/index.js')
    expect(files).toContain('dist/licenses.txt')
    for (const f of files)
      expect(f).toMatch(/^(dist\/.+|action\.yml|README\.md|LICENSE|package\.json)$/)
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'action.yml']))
  })
})

describe('Node versions', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string }
  }

  it('engines.node is what the dependency tree needs, and CI tests that floor and Node 24', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-engines.mjs')], {
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const floor = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1]
    expect(floor).toBeDefined()
    const ci = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: Record<string, { strategy?: { matrix?: { node?: string[] } } }>
    }
    expect(ci.jobs.test?.strategy?.matrix?.node).toEqual([floor, '24'])
    const run = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
    expect(run).toContain('npx -y -p "node@$FLOOR"')
    expect(run).toContain('npx -y -p node@24 node node_modules/vitest/vitest.mjs run')
  })
})
