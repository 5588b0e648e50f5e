/**
 * What the CLI evaluates at startup (docs/performance.md, "The CLI"): no module its entry point
 * reaches through static imports may import undici or @actions/core (type-only imports aside),
 * so a run that makes no request never evaluates them. The HTTP client loads undici with its
 * first request; @actions/core is the action's alone (src/action-io.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HEAVY = [
  'undici',
  '@actions/core',
  '@actions/github',
  '@actions/http-client',
  // The IPNS libraries load when a run has an IPNS name (its key, its records); viem when it
  // has an ENS name.
  'ipns',
  '@libp2p',
  'viem',
]

/** Static value imports of a source file: [specifier, line]. `import type` and `import()` are not. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(
    /^\s*(import|export)\s+(type\s+)?([^'"]*?)\bfrom\s*['"]([^'"]+)['"]/gm,
  ))
    if (m[2] === undefined && m[4] !== undefined) out.push(m[4])
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) if (m[1]) out.push(m[1])
  return out
}

/** Every file reached from `entry` through static imports, with the packages each imports. */
function reach(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>()
  const todo = [entry]
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f)) continue
    const packages: string[] = []
    seen.set(f, packages)
    for (const spec of staticImports(f)) {
      if (!spec.startsWith('.')) {
        packages.push(spec)
        continue
      }
      const next = path.resolve(path.dirname(f), spec).replace(/\.js$/, '.ts')
      if (existsSync(next)) todo.push(next)
    }
  }
  return seen
}

describe('the CLI at startup', () => {
  it('reaches neither undici nor the Actions toolkit through static imports', () => {
    const heavy = [...reach(path.join(ROOT, 'src', 'cli.ts'))].flatMap(([file, packages]) =>
      packages
        .filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)))
        .map((p) => `${path.relative(ROOT, file)} imports ${p}`),
    )
    expect(heavy).toEqual([])
  })

  it('reaches no ENS module through static imports (loaded when a run has an ENS name)', () => {
    // The one exception: the list of ENS input names, which imports no value (the config reads
    // those inputs, untouched, for every run).
    const ens = [...reach(path.join(ROOT, 'src', 'cli.ts'))]
      .map(([f, packages]) => [path.relative(ROOT, f).split(path.sep).join('/'), packages] as const)
      .filter(([f]) => f.startsWith('src/ens/') || f === 'src/names/ens.ts')
    expect(ens).toEqual([['src/ens/input-names.ts', []]])
  })

  it('reads the IPNS key by loading its reader only when "ipns-key" is set', async () => {
    const { loadConfig, INPUT_DEFAULTS } = await import('../src/config/config.js')
    const { detectContext } = await import('../src/inputs/context.js')
    const { InputError } = await import('../src/errors.js')
    const source = (key: string) => ({
      get: (n: keyof typeof INPUT_DEFAULTS) =>
        n === 'ipns-key'
          ? key
          : n === 'path'
            ? 'src'
            : INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, ''),
    })
    const context = detectContext({}, ROOT)
    expect((await loadConfig(source(''), context)).names.ipns).toBeUndefined()
    const bad = await loadConfig(source('not a key!'), context).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(InputError)
    expect((bad as InstanceType<typeof InputError>).input).toBe('ipns-key')
  })

  it('is a check that finds them: the action reaches @actions/core', () => {
    const packages = [...reach(path.join(ROOT, 'src', 'action.ts')).values()].flat()
    expect(packages).toContain('@actions/core')
  })
})
