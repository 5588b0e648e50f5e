/**
 * The shape the code keeps (docs/adding-a-provider.md): no import cycles (type imports
 * included), low layers that import nothing from config/, provider knowledge only in
 * src/providers/, files of a readable size, every action.yml input owned by one reader, and
 * nothing that points outside the repository.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { CONTENT_INPUTS } from '../src/config/content.js'
import { NAMING_INPUTS } from '../src/config/naming.js'
import { PROVIDER_SECTION_INPUTS } from '../src/config/providers.js'
import { CLEANUP_INPUTS, PINNING_INPUTS, REPORT_INPUTS } from '../src/config/sections.js'
import { ENS_INPUTS } from '../src/ens/input-names.js'
import { HISTORY_INPUTS } from '../src/config/history.js'
import { IPNS_INPUTS } from '../src/config/ipns.js'
import { NAMES_INPUTS } from '../src/config/names.js'
import { PUBLISHERS } from '../src/ipns/registry.js'
import { DNS_PROVIDERS } from '../src/dns/registry.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { ROOT } from './support/action-harness.js'

const SRC = path.join(ROOT, 'src')

function files(dir: string, ext = '.ts'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = path.join(dir, name)
    if (statSync(abs).isDirectory()) return files(abs, ext)
    return abs.endsWith(ext) ? [abs] : []
  })
}

const rel = (abs: string): string => path.relative(ROOT, abs).split(path.sep).join('/')
const sources = files(SRC)

/** Every relative module a file imports or re-exports, `import type` included, as repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? '')
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => rel(path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts')))
}

const graph = new Map(sources.map((f) => [rel(f), importsOf(f)]))

/** The run's spine: the steps of one deploy, in flow order. */
const SPINE = ['src/run/']

/** Strongly connected components of more than one module, or a module importing itself. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0))
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        on.delete(w)
        scc.push(w)
        if (w === v) break
      }
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort())
    }
  }
  for (const v of g.keys()) if (!idx.has(v)) visit(v)
  return out
}

describe('architecture', () => {
  it('has no import cycles, type imports included', () => {
    expect(graph.size).toBeGreaterThan(30)
    expect(cycles(graph)).toEqual([])
    // The check itself finds a cycle when there is one.
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']])
  })

  /**
   * The layers, lowest first (docs/architecture.md). A module may import from its own layer and
   * the layers below, never from a higher one; `src/names/` and `src/history/` are declared for
   * the name kinds and the deploy history.
   */
  const LAYERS: readonly (readonly string[])[] = [
    ['src/errors.ts', 'src/text.ts', 'src/version.ts', 'src/cid.ts', 'src/io.ts'],
    ['src/http/'],
    ['src/inputs/'],
    ['src/content/', 'src/tags.ts'],
    ['src/providers/', 'src/dns/', 'src/ipns/', 'src/check/', 'src/ens/'],
    ['src/config/'],
    ['src/cleanup/', 'src/names/', 'src/history/'],
    SPINE,
    ['src/action.ts', 'src/action-io.ts', 'src/cli.ts', 'src/index.ts'],
  ]
  const layerOf = (f: string): number =>
    LAYERS.findIndex((l) => l.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p)))
  /** The unit of the folder-level graph: the folder under src/, or a file at the top of src/. */
  const unitOf = (f: string): string => f.split('/').slice(0, 2).join('/')

  it('puts every source file in one declared layer', () => {
    expect(sources.map(rel).filter((f) => layerOf(f) < 0)).toEqual([])
  })

  it('imports nothing from a higher layer (zero upward imports)', () => {
    const upward = [...graph].flatMap(([f, deps]) =>
      deps.filter((d) => graph.has(d) && layerOf(d) > layerOf(f)).map((d) => `${f} -> ${d}`),
    )
    expect(upward).toEqual([])
  })

  it('has no cycle between folders', () => {
    const folders = new Map<string, string[]>()
    for (const [f, deps] of graph) {
      const u = unitOf(f)
      const out = folders.get(u) ?? []
      for (const d of deps)
        if (graph.has(d) && unitOf(d) !== u && !out.includes(unitOf(d))) out.push(unitOf(d))
      folders.set(u, out)
    }
    expect(folders.size).toBeGreaterThan(10)
    expect(cycles(folders)).toEqual([])
  })

  it('keeps http/ and content/ free of config/', () => {
    const low = [...graph].filter(([f]) => /^src\/(http|content)\//.test(f))
    expect(low.length).toBeGreaterThan(5)
    for (const [f, deps] of low)
      expect(
        deps.filter((d) => d.startsWith('src/config/')),
        f,
      ).toEqual([])
  })

  it('gives cleanup the part of the configuration it reads (CleanupOptions), not the whole Config', () => {
    const cleanupFiles = sources.filter((f) => rel(f).startsWith('src/cleanup/'))
    expect(cleanupFiles.length).toBeGreaterThan(2)
    for (const f of cleanupFiles) {
      const text = readFileSync(f, 'utf8')
      expect(text, rel(f)).not.toMatch(/\bConfig\b/)
      // Only the section's types: no reader, no renderer from config/.
      expect(
        importsOf(f).filter((d) => d.startsWith('src/config/') && d !== 'src/config/types.ts'),
        rel(f),
      ).toEqual([])
    }
  })

  const FAMILIES = [
    ['src/providers/', PROVIDERS.ids],
    ['src/dns/', DNS_PROVIDERS.ids],
    ['src/ipns/', PUBLISHERS.ids],
  ] as const
  it.each(FAMILIES)(
    'names a plugin only in its family, %s (the CID engine may name kubo, its reference)',
    (home, pluginIds) => {
      // Another family with a plugin of the same id (kubo pins and publishes names) may name it.
      const alsoHome = (r: string, id: string): boolean =>
        FAMILIES.some(([h, ids]) => r.startsWith(h) && ids.includes(id.toLowerCase()))
      const ids = pluginIds.map((id) => id.replace(/[.-]/g, '[-.]'))
      const extra = home === 'src/providers/' ? '|web3\\.storage' : ''
      const word = new RegExp(`(?<![\\w-])(${ids.join('|')}${extra})(?![\\w-])`, 'i')
      const found: string[] = []
      for (const f of sources) {
        const r = rel(f)
        if (r.startsWith(home) || r.endsWith('.generated.ts')) continue
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const hit = word.exec(line)?.[1]
            if (hit === undefined) return
            if (r.startsWith('src/content/') && hit.toLowerCase() === 'kubo') return
            if (alsoHome(r, hit)) return
            found.push(`${r}:${i + 1}: ${hit}`)
          })
      }
      expect(found).toEqual([])
    },
  )

  it('keeps every source file under 450 lines', () => {
    const long = sources
      .filter((f) => !f.endsWith('.generated.ts'))
      .map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 450)
    expect(long).toEqual([])
  })

  it('has every action.yml input read by one config section or by provider descriptors', () => {
    const yml = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>
    }
    const inputs = Object.keys(yml.inputs)
    const sections: readonly string[][] = [
      [...CONTENT_INPUTS],
      [...PROVIDER_SECTION_INPUTS],
      [...NAMING_INPUTS],
      [...PINNING_INPUTS],
      [...CLEANUP_INPUTS],
      [...REPORT_INPUTS],
      [...NAMES_INPUTS],
      [...IPNS_INPUTS],
      [...ENS_INPUTS],
      [...HISTORY_INPUTS],
    ]
    const ofProviders = new Set(
      [...PROVIDERS.all, ...DNS_PROVIDERS.all, ...PUBLISHERS.all].flatMap((d) =>
        d.inputs.map((i) => i.name),
      ),
    )
    for (const name of inputs) {
      const owners =
        sections.filter((s) => s.includes(name)).length + (ofProviders.has(name as never) ? 1 : 0)
      expect(owners, `input "${name}" is read by ${owners} owners`).toBe(1)
    }
    for (const name of [...sections.flat(), ...ofProviders])
      expect(inputs, `"${name}" is not in action.yml`).toContain(name)
  })

  it('points at nothing outside the repository', () => {
    const texts = [
      ...sources,
      ...files(path.join(ROOT, 'test')),
      ...files(path.join(ROOT, 'docs'), '.md'),
      path.join(ROOT, 'README.md'),
    ]
    const outside = texts.filter((f) =>
      /\.\.\/shared|\bshared\/(providers|names|cid-engine|style|user-needs)\.md/.test(
        readFileSync(f, 'utf8'),
      ),
    )
    expect(outside.map(rel).filter((f) => f !== 'test/architecture.test.ts')).toEqual([])
  })

  it('keeps process-wide stubs out of the unit project, which shares modules between files', () => {
    // vitest.config.ts runs the unit project without isolation: a module mocked, an environment
    // stubbed or a directory changed there would leak into the next file. Such tests live in
    // test/e2e/, whose files each get a fresh process.
    const unit = files(path.join(ROOT, 'test')).filter(
      (f) => f.endsWith('.test.ts') && !rel(f).startsWith('test/e2e/'),
    )
    expect(unit.length).toBeGreaterThan(20)
    const leaky = unit.filter((f) =>
      /\bvi\.(mock|doMock|stubEnv|stubGlobal|resetModules)\(|process\.chdir\(/.test(
        readFileSync(f, 'utf8'),
      ),
    )
    expect(leaky.map(rel)).toEqual([])
  })
})
