/** action.yml, the generated spec, the README and package.json stay in step. */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { INPUT_DEFAULTS, readConfig, secretInputs } from '../src/config/config.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { detectContext } from '../src/config/context.js'
import {
  ALLOWED_VALUES,
  cliSource,
  envName,
  parseArgs,
  unknownVariables,
} from '../src/config/sources.js'
import type { InputName } from '../src/config/action-spec.generated.js'
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
/** The README's YAML snippets, parsed (each dedented first: some sit in a list). */
const readmeYaml: unknown[] = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(([, block]) => {
  const text = block ?? ''
  const indent = /^( *)/.exec(text)?.[1]?.length ?? 0
  return parse(
    text
      .split('\n')
      .map((l) => l.slice(Math.min(indent, l.search(/\S|$/))))
      .join('\n'),
  ) as unknown
})
/** A walk that calls `visit` on every object in a parsed YAML document, nested ones included. */
const eachObject = (visit: (o: Record<string, unknown>) => void) => {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === 'object' && v !== null) {
      visit(v as Record<string, unknown>)
      Object.values(v).forEach(walk)
    }
  }
  return walk
}

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
    for (const p of PROVIDERS.ids) expect(desc('provider')).toContain(`\`${p}\``)
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
      '## Same CID as other tools',
      '## Debug locally',
    ])
      expect(readme).toContain(heading)
  })

  it('gives the test command that .ci/run runs', () => {
    expect(readme).toContain('npm ci && npm test')
    expect(readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toContain('npm test')
  })

  it('uses only inputs that exist in its YAML examples, with one example per provider', () => {
    const steps: Array<Record<string, unknown>> = []
    const walk = eachObject((o) => {
      if (typeof o.uses === 'string' && o.uses.includes('ipfs-pin-action'))
        steps.push((o.with ?? {}) as Record<string, unknown>)
    })
    readmeYaml.forEach(walk)
    expect(steps.length).toBeGreaterThan(5)
    const used = new Set<string>()
    for (const w of steps) {
      for (const k of Object.keys(w)) expect(Object.keys(action.inputs), k).toContain(k)
      for (const p of (typeof w.provider === 'string' ? w.provider : '')
        .split(/[\s,]+/)
        .filter(Boolean)) {
        expect(PROVIDERS.ids).toContain(p)
        used.add(p)
      }
    }
    // web3.storage shut its API down: the README says so instead of showing a step that fails.
    for (const p of PROVIDERS.ids.filter((id) => id !== 'web3-storage'))
      expect([...used], p).toContain(p)
    expect(readme).toMatch(/web3-storage.*shut its API down on 2024-01-09/)
  })

  it('passes outputs to scripts through env:, never as ${{ }} inside run: (README and examples)', () => {
    const runs: string[] = []
    const walk = eachObject((o) => {
      if (typeof o.run === 'string') runs.push(o.run)
    })
    readmeYaml.forEach(walk)
    const dir = path.join(ROOT, 'examples', 'workflows')
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yml')))
      walk(parse(readFileSync(path.join(dir, f), 'utf8')))
    expect(runs.length).toBeGreaterThan(10)
    for (const r of runs) expect(r).not.toContain('${{')
  })

  it('gives the preview snippet the concurrency group its cleanup notes rely on', () => {
    const preview = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(([, b]) => b ?? '')
      .find((b) => b.includes('mode: cleanup') && b.includes('pull_request'))
    const example = parse(
      readFileSync(path.join(ROOT, 'examples', 'workflows', 'preview.yml'), 'utf8'),
    ) as { concurrency: unknown }
    expect(example.concurrency).toEqual({
      group: 'preview-${{ github.event.pull_request.number }}',
    })
    expect((parse(preview ?? '') as { concurrency?: unknown }).concurrency).toEqual(
      example.concurrency,
    )
  })

  it('names only real settings in "Same CID as other tools"', () => {
    const section = readme.slice(
      readme.indexOf('## Same CID as other tools'),
      readme.indexOf('## Inputs'),
    )
    const settings = [...section.matchAll(/`([a-z-]+): ([a-z0-9-]+)`/g)]
    expect(settings.length).toBeGreaterThan(8)
    for (const [, input, value] of settings) {
      if (input === 'provider') expect(PROVIDERS.ids).toContain(value)
      else if (input === 'cid-profile')
        expect(ALLOWED_VALUES['cid-profile'], String(value)).toContain(value)
      else if (input === 'hidden-files') expect(['include', 'exclude']).toContain(value)
      else if (input === 'wrap-with-directory') expect(value).toBe('true')
    }
    for (const p of PROFILE_NAMES) expect(section).toContain(`\`cid-profile: ${p}\``)
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
    expect(files.sort()).toEqual(['ipns.yml', 'pin-existing.yml', 'preview.yml', 'release.yml'])
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
        for (const p of providers) expect(PROVIDERS.ids, f).toContain(p)
      }
    }
  })

  it('the shell example uses only real flags and IPFS_PIN_* variables', () => {
    const text = readFileSync(path.join(dir, 'shell.sh'), 'utf8')
    const commands = text
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((l) => l.includes('cli/index.js'))
      .map((l) => l.slice(l.indexOf('cli/index.js')))
    expect(commands.length).toBeGreaterThan(0)
    for (const [, flag] of commands.join('\n').matchAll(/\s--([a-z][a-z0-9-]*)/g))
      expect(() => parseArgs([`--${flag}`, 'x']), `--${flag}`).not.toThrow()
    expect(unknownVariables(variablesIn(text))).toEqual([])
  })

  it('the GitLab example includes the component with real inputs and overrides its jobs', () => {
    const text = readFileSync(path.join(dir, 'gitlab-ci.yml'), 'utf8')
    const ci = parse(text) as Record<string, unknown> & { include: unknown[] }
    const names = checkIncludes(ci.include)
    expect(names).toEqual(['ipfs-preview', 'ipfs-preview-stop', 'ipfs-production'])
    for (const n of names) expect(Object.keys(ci), n).toContain(n)
    // Outputs reach later jobs as variables from the dotenv report, never as interpolation.
    expect(text).toContain('$IPFS_PIN_OUT_CID')
    expect(unknownVariables(variablesIn(text))).toEqual([])
  })
})

/** Every IPFS_PIN_* name a text mentions, as an environment for unknownVariables. */
function variablesIn(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/IPFS_PIN_[A-Z0-9_]*[A-Z0-9]/g)].map(([m]) => [m, 'x']),
  )
}

interface InputSpec {
  default?: unknown
  description?: unknown
  options?: unknown[]
  type?: string
}
const templateText = readFileSync(path.join(ROOT, 'templates', 'ipfs-pin.yml'), 'utf8')
const [templateHeader, templateBody] = parseAllDocuments(templateText)
const componentInputs = (templateHeader?.toJS() as { spec: { inputs: Record<string, InputSpec> } })
  .spec.inputs
/** Inputs of the component's own, not of the action. */
const COMPONENT_ONLY = ['job-name', 'stage', 'image', 'version']
/** Action inputs that mean nothing outside GitHub (its feedback), and credentials. */
const NOT_COMPONENT_INPUTS: readonly string[] = [
  ...secretInputs(),
  'pr-comment',
  'commit-status',
  'deployment',
]

/** The template's job as GitLab would make it: inputs (defaults, then `given`) interpolated. */
function renderComponent(given: Record<string, string> = {}): [string, Record<string, unknown>] {
  const body = templateText.slice(templateText.indexOf('\n---\n') + 5)
  const values = Object.fromEntries(
    Object.entries(componentInputs).map(([n, s]) => [n, given[n] ?? String(s.default)]),
  )
  const rendered = body.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, n: string) => {
    expect(Object.keys(values), `the template uses an undeclared input ${n}`).toContain(n)
    return values[n] ?? ''
  })
  const jobs = parse(rendered) as Record<string, Record<string, unknown>>
  expect(Object.keys(jobs)).toHaveLength(1)
  const [name, job] = Object.entries(jobs)[0] ?? ['', {}]
  return [name, job]
}

/**
 * Checks the `include:` items that use the component (`component:` …/ipfs-pin@…, or `remote:`
 * …/templates/ipfs-pin.yml): each input exists, option inputs get an allowed value. Returns
 * the job names they give.
 */
function checkIncludes(include: unknown): string[] {
  const names: string[] = []
  for (const item of (Array.isArray(include) ? include : [include]) as Array<
    Record<string, unknown>
  >) {
    const target =
      typeof item.component === 'string'
        ? item.component
        : typeof item.remote === 'string'
          ? item.remote
          : ''
    if (!/\/ipfs-pin@|templates\/ipfs-pin\.yml$/.test(target)) continue
    const inputs = (item.inputs ?? {}) as Record<string, unknown>
    for (const [k, v] of Object.entries(inputs)) {
      expect(Object.keys(componentInputs), `${target}: input ${k}`).toContain(k)
      const options = componentInputs[k]?.options
      if (options !== undefined)
        expect(options.map(String), `${k}: ${String(v)}`).toContain(String(v))
    }
    names.push(String(inputs['job-name'] ?? componentInputs['job-name']?.default))
  }
  return names
}

describe('templates/ipfs-pin.yml (GitLab CI/CD component)', () => {
  const [jobName, job] = renderComponent()
  const variables = job.variables as Record<string, unknown>
  const script = job.script as string[]

  it('has a spec header and one job, named by its job-name input', () => {
    expect(templateBody).toBeDefined()
    expect(jobName).toBe('ipfs-pin')
    expect(renderComponent({ 'job-name': 'ipfs-cleanup' })[0]).toBe('ipfs-cleanup')
    for (const [n, s] of Object.entries(componentInputs)) {
      expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(typeof s.description === 'string' && s.description.length > 10, n).toBe(true)
      // An input without a default is mandatory in GitLab: every one has one.
      expect('default' in s, n).toBe(true)
    }
  })

  it('maps each input to the CLI input of the same name, with its default, through IPFS_PIN_*', () => {
    const inputs = Object.keys(componentInputs).filter((n) => !COMPONENT_ONLY.includes(n))
    for (const n of inputs) {
      expect(Object.keys(action.inputs), n).toContain(n)
      expect(() => parseArgs([`--${n}`, 'x']), `--${n} is a CLI flag`).not.toThrow()
      expect(templateText, n).toContain(`\n    ${envName(n as InputName)}: '$[[ inputs.${n} ]]'\n`)
      expect(String(componentInputs[n]?.default), `${n} default`).toBe(
        INPUT_DEFAULTS[n as InputName],
      )
      const def = INPUT_DEFAULTS[n as InputName]
      expect(componentInputs[n]?.type === 'boolean', `${n} type`).toBe(
        def === 'true' || def === 'false',
      )
      const options = componentInputs[n]?.options
      if (options !== undefined)
        expect(options.map(String).sort(), n).toEqual(
          [...(ALLOWED_VALUES[n as InputName] ?? [])].sort(),
        )
    }
    // Every variable is one of those, and every action input not left out on purpose is there.
    expect(Object.keys(variables).sort()).toEqual(inputs.map((n) => envName(n as InputName)).sort())
    expect(inputs.sort()).toEqual(
      Object.keys(action.inputs)
        .filter((n) => !NOT_COMPONENT_INPUTS.includes(n))
        .sort(),
    )
    for (const v of Object.values(variables)) expect(typeof v).toBe('string')
  })

  it('never takes a credential as an input', () => {
    for (const secret of secretInputs()) expect(Object.keys(componentInputs)).not.toContain(secret)
  })

  it('with its defaults and a path, gives the CLI a config it accepts', () => {
    const [, j] = renderComponent({ path: 'examples/planets' })
    const env = j.variables as Record<string, string>
    expect(unknownVariables(env)).toEqual([])
    const context = detectContext(
      { ...env, GITLAB_CI: 'true', CI_PROJECT_PATH: 'acme/site', CI_COMMIT_SHA: 'abc1234' },
      ROOT,
    )
    const config = readConfig(cliSource(new Map(), env), context)
    expect(config.mode).toBe('deploy')
    expect(config.providers).toEqual([])
    expect(config.context.ci).toBe('gitlab')
  })

  it('runs the npm package of its version, with flags the CLI knows, and keeps the outputs', () => {
    expect(script).toHaveLength(1)
    const line = script[0] ?? ''
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      name: string
      version: string
    }
    expect(line).toMatch(new RegExp(`^npx --yes '${pkg.name}@${pkg.version}' `))
    // The component's version follows the package's: component X runs the CLI of release X.
    expect(componentInputs.version?.default).toBe(pkg.version)
    const cliArgs = line.slice(line.indexOf(`@${pkg.version}' `) + pkg.version.length + 3)
    const flags = [...` ${cliArgs}`.matchAll(/\s--([a-z][a-z0-9-]*)(?: (\S+))?/g)]
    expect(flags.map(([, f]) => f)).toEqual(['outputs-file', 'summary-file'])
    expect(() => parseArgs(flags.flatMap(([, f, v]) => [`--${f}`, v ?? '']))).not.toThrow()
    const args = parseArgs(flags.flatMap(([, f, v]) => [`--${f}`, v ?? '']))
    const artifacts = job.artifacts as { reports: { dotenv: string }; paths: string[] }
    expect(artifacts.reports.dotenv).toBe(args.outputsFile)
    expect(artifacts.paths).toEqual([args.summaryFile])
  })

  it('the README includes it with real inputs', () => {
    let n = 0
    for (const [, block] of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      const doc = parse(block ?? '') as { include?: unknown } | null
      if (doc?.include === undefined) continue
      n += checkIncludes(doc.include).length
    }
    expect(n).toBeGreaterThan(1)
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

describe('the CAR as a CI artifact (README, docs/car-artifact.md)', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'car-artifact.md'), 'utf8')
  const blocks = (text: string): unknown[] =>
    [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map(([, b]) => {
      const t = b ?? ''
      const indent = /^( *)/.exec(t)?.[1]?.length ?? 0
      return parse(
        t
          .split('\n')
          .map((l) => l.slice(Math.min(indent, l.search(/\S|$/))))
          .join('\n'),
      ) as unknown
    })
  type Step = { id?: string; uses?: string; with?: Record<string, unknown> }

  it('uploads the file the car-path output names, unzipped, with upload-artifact v7', () => {
    expect(Object.keys(action.outputs)).toContain('car-path')
    let n = 0
    for (const block of [...blocks(readme), ...blocks(doc)]) {
      if (!Array.isArray(block)) continue
      const steps = block as Step[]
      const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
      if (upload === undefined) continue
      n++
      const pin = steps.find((s) => s.uses?.includes('ipfs-pin-action'))
      expect(pin?.id).toMatch(/^[a-z-]+$/)
      expect(upload.uses).toBe('actions/upload-artifact@v7')
      expect(upload.with).toMatchObject({
        path: `\${{ steps.${pin?.id ?? ''}.outputs.car-path }}`,
        archive: false,
      })
      for (const k of Object.keys(pin?.with ?? {})) expect(Object.keys(action.inputs)).toContain(k)
    }
    expect(n).toBe(2)
  })

  it("keeps the CAR in GitLab's artifacts next to the component's own files", () => {
    const [, job] = renderComponent()
    const own = (job.artifacts as { paths: string[] }).paths
    const gitlab = blocks(doc).find(
      (b): b is Record<string, unknown> & { include: unknown } =>
        typeof b === 'object' && b !== null && 'include' in b,
    )
    if (gitlab === undefined) throw new Error('no GitLab snippet')
    const [name] = checkIncludes(gitlab.include)
    const inputs = (gitlab.include as Array<{ inputs: Record<string, string> }>)[0]?.inputs ?? {}
    const car = inputs['car-path'] ?? ''
    expect(car).toMatch(/^[\w./-]+\.car$/)
    expect(car).not.toMatch(/^\/|\.\./)
    const override = gitlab[name ?? ''] as { artifacts: { paths: string[]; expire_in?: string } }
    expect(override.artifacts.paths).toEqual(expect.arrayContaining([...own, car]))
    for (const v of Object.keys(inputs)) expect(Object.keys(componentInputs)).toContain(v)
  })
})
