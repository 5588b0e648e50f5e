/** action.yml, the generated spec, the README and package.json stay in step. */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { INPUT_DEFAULTS, readConfig, secretInputs } from '../src/config/config.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { DNS_PROVIDERS } from '../src/dns/registry.js'
import { PUBLISHERS } from '../src/ipns/registry.js'
import { detectContext } from '../src/inputs/context.js'
import {
  ALLOWED_VALUES,
  HELP_TOPICS,
  cliSource,
  envName,
  parseArgs,
  unknownVariables,
} from '../src/config/sources.js'
import { ACTION_SECTIONS, type InputName } from '../src/inputs/action-spec.generated.js'
import { COMMON_FLAGS, HELP_MAX_WIDTH, helpText } from '../src/config/help.js'
import { PROFILE_NAMES } from '../src/content/profiles.js'
import { outputsJsonPath } from '../src/io.js'
import { NODE_FLOOR, VERSION, nodeWarning, olderThan } from '../src/version.js'
import { ROOT } from './support/action-harness.js'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { description?: unknown; default?: unknown; required?: unknown }>
  outputs: Record<string, { description?: unknown }>
}
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
/** Every Markdown file under docs/, by path relative to the root. */
const docFiles: string[] = (function list(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? list(path.join(dir, e.name))
      : e.name.endsWith('.md')
        ? [path.join(dir, e.name)]
        : [],
  )
})('docs')
const docs: Record<string, string> = Object.fromEntries(
  docFiles.map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]),
)
/** The README and every page under docs/: every snippet in them is checked. */
const allDocs = [readme, ...Object.values(docs)].join('\n')
/** The YAML snippets of the README and docs/, parsed (each dedented first: some sit in a list). */
const readmeYaml: unknown[] = [...allDocs.matchAll(/```yaml\n([\s\S]*?)```/g)].map(([, block]) => {
  const text = block ?? ''
  const indent = /^( *)/.exec(text)?.[1]?.length ?? 0
  return parse(
    text
      .split('\n')
      .map((l) => l.slice(Math.min(indent, l.search(/\S|$/))))
      .join('\n'),
  ) as unknown
})
/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

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
    // Every family's ids, from its registry: a new plugin missing from its input fails here.
    for (const r of [PROVIDERS, DNS_PROVIDERS, PUBLISHERS])
      for (const p of r.ids) expect(desc(r.family), r.family).toContain(`\`${p}\``)
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
  // Every generated file is up to date (npm run gen -- --check): test/generated.test.ts.

  it('has the sections users look for, in the README or docs/', () => {
    for (const heading of [
      '## Quick start',
      '## Use it today',
      '## Permissions',
      '## Inputs',
      '## Outputs',
    ])
      expect(readme).toContain(heading)
    for (const [file, heading] of [
      ['docs/cli.md', '# The CLI and other CIs'],
      ['docs/cid.md', '## CID profiles'],
      ['docs/cid.md', '## Same CID as other tools'],
      ['docs/development.md', '## Debug locally'],
      ['docs/cleanup.md', '# Cleanup and retention'],
      ['docs/security.md', '# Security model'],
      ['docs/performance.md', '# Performance'],
      ['docs/releasing.md', '# Releasing'],
      ['docs/names/README.md', '## Retrieval check and DNSLink'],
      ['docs/providers/README.md', '## Pinata'],
    ] as const)
      expect(docs[file], `${file}: ${heading}`).toContain(heading)
  })

  it('README: under 300 lines; its first screen a paragraph, the smallest workflow, the pictures, then contents', () => {
    const lines = readme.split('\n')
    expect(lines.length).toBeLessThanOrEqual(300)
    const first = lines.slice(0, 60).join('\n')
    // One paragraph before the workflow.
    const intro = first.slice(first.indexOf('\n\n') + 2, first.indexOf('```yaml'))
    expect(intro.trim().split('\n\n')).toHaveLength(1)
    const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(first)?.[1] ?? '') as {
      jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>
    }
    const step = Object.values(workflow.jobs)[0]?.steps.find((x) =>
      x.uses?.includes('ipfs-pin-action'),
    )
    expect(Object.keys(step?.with ?? {}).sort()).toEqual(['path', 'pinata-jwt', 'provider'])
    for (const picture of ['docs/pictures/summary.svg', 'docs/pictures/pr-comment.svg']) {
      expect(first).toContain(`src="${picture}"`)
      expect(readFileSync(path.join(ROOT, picture), 'utf8')).toMatch(/^<svg /)
    }
    expect(first).toMatch(/\n## Contents\n/)
    expect(first.indexOf('## Contents')).toBeGreaterThan(first.indexOf('docs/pictures/'))
    // Every heading of the README is in its contents.
    const contents = readme.slice(
      readme.indexOf('## Contents'),
      readme.indexOf('\n## ', readme.indexOf('## Contents') + 5),
    )
    for (const [, h] of readme.matchAll(/^## (.+)$/gm))
      if (h !== 'Contents') expect(contents, h).toContain(`(#${anchor(h ?? '')})`)
  })

  it('every relative link in the README and docs/ points at a file that exists, and its heading', () => {
    const files: Array<[string, string]> = [['README.md', readme], ...Object.entries(docs)]
    let n = 0
    for (const [file, text] of files) {
      const prose = text.replace(/```[\s\S]*?```/g, '')
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)|src="([^"]+)"/g)) {
        if (target === undefined || /^(https?:|mailto:)/.test(target)) continue
        const [rel, hash] = target.split('#')
        const at = rel === '' ? file : path.join(path.dirname(file), rel ?? '')
        expect(existsSync(path.join(ROOT, at)), `${file}: ${target}`).toBe(true)
        n++
        if (hash !== undefined && at.endsWith('.md')) {
          const heads = [
            ...readFileSync(path.join(ROOT, at), 'utf8')
              .replace(/```[\s\S]*?```/g, '')
              .matchAll(/^#+ (.+)$/gm),
          ].map((m) => anchor(m[1] ?? ''))
          expect(heads, `${file}: ${target}`).toContain(hash)
        }
      }
    }
    expect(n).toBeGreaterThan(40)
  })

  it('the headline figures are those of the Performance table they summarise', () => {
    const perf = docs['docs/performance.md'] ?? ''
    const flat = perf.replace(/\s+/g, ' ')
    const fig = (re: RegExp): number[] => (re.exec(flat)?.slice(1) ?? []).map(Number)
    const car = fig(/against `ipfs-car` ([\d.]+), ([\d.]+) and ([\d.]+) ×/)
    const big = fig(/the 2 GiB `unixfs-v0-2015` file (\d+), (\d+) and (\d+) MB/)
    const small = fig(/the 200,000 files (\d+), (\d+) and (\d+) MB/)
    for (const f of [car, big, small]) expect(f).toHaveLength(3)
    // The recorded run's table holds the last of each.
    expect(flat).toContain(`${car[2]} × faster`)
    expect(flat).toMatch(
      new RegExp(`2 GiB file, \`unixfs-v0-2015\`, CID \\+ CAR \\| \\| ${big[2]} MB peak RSS`),
    )
    expect(flat).toMatch(
      new RegExp(`200,000 files \\(811 MB\\), CID \\+ CAR \\| \\| ${small[2]} MB peak RSS`),
    )
    const head = readme.replace(/\s+/g, ' ')
    const about = Number(/a 2 GiB file in about (\d+) MB of memory/.exec(head)?.[1])
    for (const b of big) expect(Math.abs(about - b) / b).toBeLessThan(0.1)
    const under = Number(/200,000 small files in under (\d+) MB/.exec(head)?.[1])
    for (const x of small) expect(x).toBeLessThan(under)
    const [lo, hi] = (
      /a 512 MiB file (\d+) to (\d+) × faster than `ipfs-car`/.exec(head)?.slice(1) ?? []
    ).map(Number)
    expect(Math.abs((lo ?? 0) - Math.min(...car))).toBeLessThan(0.5)
    expect(Math.abs((hi ?? 0) - Math.max(...car))).toBeLessThan(0.5)
    // The README's short table quotes the same figures.
    const table = readme.slice(readme.indexOf('## Performance'), readme.indexOf('## Development'))
    expect(table).toContain(`${car.join(', ').replace(/, ([^,]+)$/, ' and $1')} × faster`)
    expect(table).toContain(`${Math.min(...big)} to ${Math.max(...big)} MB peak RSS`)
    expect(table).toContain(`${Math.min(...small)} to ${Math.max(...small)} MB peak RSS`)
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
    expect(allDocs).toMatch(/web3-storage.*shut its API down on 2024-01-09/)
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
    const preview = [...allDocs.matchAll(/```yaml\n([\s\S]*?)```/g)]
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

  it('gives every release example a concurrency group that never cancels a running release', () => {
    const releases = [...allDocs.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(([, b]) => parse(b ?? '') as { on?: Record<string, unknown>; concurrency?: unknown })
      .filter((wf) => wf.on?.release !== undefined || wf.on?.push !== undefined)
      .filter((wf) => JSON.stringify(wf.on).includes('tags') || wf.on?.release !== undefined)
    const example = parse(
      readFileSync(path.join(ROOT, 'examples', 'workflows', 'release.yml'), 'utf8'),
    ) as { concurrency?: unknown }
    expect(releases.length).toBeGreaterThanOrEqual(2)
    for (const wf of [...releases, example])
      expect(wf.concurrency).toEqual({ group: 'ipfs-pin-production', 'cancel-in-progress': false })
  })

  it('names only real settings in "Same CID as other tools"', () => {
    const cid = docs['docs/cid.md'] ?? ''
    const section = cid.slice(cid.indexOf('## Same CID as other tools'))
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

/** action.yml's sections, read from its `# ---- title ----` comments, independently of gen-docs. */
function actionSections(): Array<{ id: string; inputs: string[] }> {
  const out: Array<{ id: string; inputs: string[] }> = []
  const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
  const body = text.slice(text.indexOf('\ninputs:'), text.indexOf('\noutputs:'))
  for (const line of body.split('\n')) {
    const head = /^ {2}# -+ (\S+?)[\s:]/.exec(line)
    if (head) out.push({ id: (head[1] ?? '').toLowerCase(), inputs: [] })
    const input = /^ {2}([a-z0-9-]+):$/.exec(line)
    if (input) out.at(-1)?.inputs.push(input[1] ?? '')
  }
  return out
}

describe('--help, grouped by the sections of action.yml', () => {
  const sections = actionSections()
  /** The input headings of a help text, in order, with the section heading above each. */
  const headings = (help: string): Array<{ section: string; input: string }> => {
    const found: Array<{ section: string; input: string }> = []
    let section = ''
    for (const line of help.split('\n')) {
      // A heading starts a section, or ends it ("Other flags:").
      if (/^\S/.test(line)) section = /^\S.* \(--help ([a-z]+)\):$/.exec(line)?.[1] ?? ''
      const i = /^ {2}--([a-z0-9-]+)[ ,]/.exec(`${line} `)
      if (i && section !== '') found.push({ section, input: i[1] ?? '' })
    }
    return found
  }

  it('has the sections action.yml has, every input in one, in order', () => {
    expect(sections.map((s) => s.id)).toEqual(ACTION_SECTIONS.map((s) => s.id))
    expect(sections.flatMap((s) => s.inputs).sort()).toEqual(Object.keys(action.inputs).sort())
    expect(HELP_TOPICS).toEqual(['all', ...sections.map((s) => s.id)])
  })

  it('--help all: every input once, under the heading of its section', () => {
    const found = headings(helpText(100, 'all'))
    expect(found.map((f) => f.input)).toEqual(sections.flatMap((s) => s.inputs))
    for (const f of found)
      expect(sections.find((s) => s.id === f.section)?.inputs, f.input).toContain(f.input)
  })

  it('--help <section>: that section in full, and nothing else', () => {
    for (const s of sections) {
      const help = helpText(100, s.id)
      expect(headings(help).map((f) => f.input)).toEqual(s.inputs)
      for (const i of s.inputs) expect(help, i).toContain(`Variable: ${envName(i as InputName)}`)
    }
  })

  it('plain --help fits a screen: the common flags, each section, and how to see the rest', () => {
    const help = helpText(80)
    const lines = help.split('\n')
    expect(lines.length).toBeLessThanOrEqual(50)
    expect(help).toContain('--help all')
    expect(help).toContain('--help <section>')
    for (const s of sections) expect(help).toMatch(new RegExp(`\\n  ${s.id} +\\d+: `))
    for (const n of Object.keys(COMMON_FLAGS)) {
      expect(Object.keys(action.inputs)).toContain(n)
      expect(help).toMatch(new RegExp(`\\n  --${n}( <value>)? +\\S`))
    }
    for (const l of lines) expect(l.length, l).toBeLessThan(80)
    // Defaults it states are action.yml's.
    for (const [, name, def] of help.matchAll(/\n {2}--([a-z-]+) .*\(default:? ([^)]+)\)/g))
      expect(def, name).toBe(action.inputs[name ?? '']?.default)
    expect(help).not.toMatch(/\n\n\n/)
    for (const s of sections) expect(helpText(80, s.id)).not.toMatch(/\n\n\n/)
  })

  it('uses the terminal width, up to 100 columns', () => {
    const wide = helpText(160, 'all').split('\n')
    expect(Math.max(...wide.map((l) => l.length))).toBeLessThanOrEqual(HELP_MAX_WIDTH)
    expect(wide.some((l) => l.length > 90)).toBe(true)
    const narrow = helpText(80, 'all').split('\n')
    expect(narrow.length).toBeGreaterThan(wide.length)
  })
})

describe('the Node.js floor', () => {
  it('the CLI knows the engines floor, and says on an older Node what may break, in one line', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string }
    }
    expect(`>=${NODE_FLOOR}`).toBe(pkg.engines.node)
    expect(nodeWarning(NODE_FLOOR)).toBeUndefined()
    expect(nodeWarning('v24.1.0')).toBeUndefined()
    expect(nodeWarning('22.13.1')).toBeUndefined()
    expect(nodeWarning('v20.20.2')).toBe(
      `warning: Node.js 20.20.2 is older than ${NODE_FLOOR}, the oldest ipfs-pin supports; it is untested there: if anything fails, try a newer Node.js before anything else.`,
    )
    expect(nodeWarning('v18.19.0')).toMatch(
      /^warning: Node\.js 18\.19\.0 is older than 22\.13\.0, .*its HTTP client needs 20\.18\.1 or later, so uploads, pins, names and GitHub feedback will fail; computing the CID offline may still work\.$/,
    )
    for (const v of ['v8.0.0', '20.18.0', '22.12.9']) expect(nodeWarning(v)).not.toContain('\n')
    expect(olderThan('22.12.9', '22.13.0')).toBe(true)
    expect(olderThan('22.13.0', '22.13.0')).toBe(false)
    expect(olderThan('23.0.0', '22.13.0')).toBe(false)
    expect(olderThan('9.0.0', '10.0.0')).toBe(true)
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
    expect(artifacts.paths).toEqual([args.summaryFile, outputsJsonPath(args.outputsFile ?? '')])
  })

  it('the README and docs include it with real inputs', () => {
    let n = 0
    for (const [, block] of allDocs.matchAll(/```yaml\n([\s\S]*?)```/g)) {
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

  it('ships only the CLI bundle, the README, the license and package.json, at the size the README states', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    const [packed] = JSON.parse(r.stdout) as Array<{ size: number; files: Array<{ path: string }> }>
    const files = (packed?.files ?? []).map((f) => f.path).sort()
    expect(files).toContain('dist/cli/index.js')
    // npx needs the CLI alone: not the action's bundle, nor action.yml.
    for (const f of files) expect(f).toMatch(/^(dist\/cli\/.+|README\.md|LICENSE|package\.json)$/)
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md']))
    // The README's "about N MB" is the packed size, within 15 %.
    const stated = /npm package is about ([\d.]+) MB packed/.exec(allDocs.replace(/\s+/g, ' '))?.[1]
    expect(stated, 'the size stated in README or docs').toBeDefined()
    const mb = (packed?.size ?? 0) / 1e6
    expect(Math.abs(mb - Number(stated)) / mb).toBeLessThan(0.15)
  })
})

describe('the release workflow (docs/releasing.md)', () => {
  const release = parse(
    readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8'),
  ) as {
    on: { push: { tags: string[] } }
    jobs: Record<
      string,
      {
        needs?: string
        permissions?: Record<string, string>
        steps: Array<{ run?: string; uses?: string }>
      }
    >
  }
  const runs = (job: string): string =>
    (release.jobs[job]?.steps ?? []).map((s) => s.run ?? '').join('\n')

  it('runs on a version tag: checks dist/ and the tests, then publishes with provenance', () => {
    expect(release.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    const check = runs('check')
    expect(check).toContain('npm run build')
    expect(check).toContain('git status --porcelain -- dist')
    expect(check).toContain('npm test')
    expect(check).toContain('bash .ci/smoke')
    expect(check).toMatch(/TAG" != "v\$VERSION"/)
    const publish = release.jobs.publish
    expect(publish?.needs).toBe('check')
    expect(publish?.permissions).toEqual({ contents: 'write', 'id-token': 'write' })
    const steps = runs('publish')
    expect(steps).toMatch(/npm publish .*--provenance/)
    expect(steps).toMatch(/gh release create "\$TAG" "ipfs-pin-action-\$VERSION\.tgz"/)
    expect(steps).toContain('MAJOR="${TAG%%.*}"')
    expect(steps).toContain('git push -f origin "refs/tags/$MAJOR"')
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

describe('the CAR as a CI artifact (docs/recipes.md, docs/car-artifact.md)', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'car-artifact.md'), 'utf8')
  const recipes = readFileSync(path.join(ROOT, 'docs', 'recipes.md'), 'utf8')
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
    for (const block of [...blocks(recipes), ...blocks(doc)]) {
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
