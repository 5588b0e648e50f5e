/**
 * What `npm run gen` (scripts/gen-docs.mjs) writes stays written: every file is up to date with
 * action.yml and the plugin registries, every registry id is in every place generated from its
 * registry, and a hand edit inside a generated block, or a lost marker, fails `--check` with a
 * message naming the file.
 */
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { DNS_PROVIDERS } from '../src/dns/registry.js'
import type { AnyPlugin, Registry } from '../src/inputs/plugin.js'
import { PUBLISHERS } from '../src/ipns/registry.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { ROOT } from './support/action-harness.js'

const GEN = path.join(ROOT, 'scripts', 'gen-docs.mjs')
const gen = (...args: string[]) =>
  spawnSync(process.execPath, [GEN, ...args], { encoding: 'utf8', timeout: 60_000 })
const text = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8')

/** Each family: its registry and the page holding its index table, between its markers. */
const FAMILIES: ReadonlyArray<[Registry<AnyPlugin>, string, string]> = [
  [PROVIDERS, 'docs/providers/README.md', 'providers'],
  [DNS_PROVIDERS, 'docs/names/README.md', 'dns-providers'],
  [PUBLISHERS, 'docs/names/README.md', 'ipns-publishers'],
]

/** The text between `<!-- marker:start -->` and `<!-- marker:end -->`. */
const between = (body: string, marker: string): string => {
  const from = body.indexOf(`<!-- ${marker}:start -->`)
  const to = body.indexOf(`<!-- ${marker}:end -->`)
  expect(from, marker).toBeGreaterThan(-1)
  expect(to, marker).toBeGreaterThan(from)
  return body.slice(from, to)
}

const action = parse(text('action.yml')) as {
  inputs: Record<string, { description: string }>
}
const component = (
  parseAllDocuments(text('templates/ipfs-pin.yml'))[0]?.toJS() as {
    spec: { inputs: Record<string, { description: string }> }
  }
).spec.inputs

describe('npm run gen', () => {
  it('every generated file is up to date (npm run gen -- --check, as CI runs it)', () => {
    const r = gen('--check')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  describe.each(FAMILIES)('the %s registry', (registry, page, marker) => {
    const table = between(text(page), marker)
    const allowed = action.inputs[registry.family]?.description ?? ''
    const gitlab = component[registry.family]?.description ?? ''

    it.each(registry.all.map((p) => [p.id, p] as const))(
      '%s is in every generated place',
      (id, p) => {
        // action.yml: the description of the input that chooses it (the spec and --help follow).
        expect(allowed.slice(allowed.indexOf('Allowed:')), 'action.yml').toContain(`\`${id}\``)
        // The GitLab component's input of the same name.
        expect(gitlab.slice(gitlab.indexOf('Allowed:')), 'templates/ipfs-pin.yml').toContain(
          `\`${id}\``,
        )
        // The family's index table: one row, linking the plugin's page, which exists.
        const row = table.split('\n').find((l) => l.startsWith(`| \`${id}\` |`))
        expect(row, `${page}: ${id}`).toBeDefined()
        const docs = p.docs.split('#')[0] ?? ''
        expect(existsSync(path.join(ROOT, docs)), p.docs).toBe(true)
        expect(row).toContain(`(${path.posix.relative(path.posix.dirname(page), docs)}`)
        for (const i of p.inputs) expect(row, i.name).toContain(`\`${i.name}\``)
      },
    )
  })
})

describe('npm run gen -- --check on a copy edited by hand', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipfs-pin-gen-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const FILES = [
    'action.yml',
    'src/inputs/action-spec.generated.ts',
    'docs/inputs.md',
    'README.md',
    'templates/ipfs-pin.yml',
    'docs/providers/README.md',
    'docs/names/README.md',
  ]
  for (const f of FILES) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
    cpSync(path.join(ROOT, f), path.join(dir, f))
  }
  /** Replaces `from` (which must be there) by `to` in the copy of `file`. */
  const edit = (file: string, from: string | RegExp, to: string) => {
    const before = readFileSync(path.join(dir, file), 'utf8')
    const after = before.replace(from, to)
    expect(after, `${file}: ${String(from)}`).not.toBe(before)
    writeFileSync(path.join(dir, file), after)
  }

  it('fails naming each file whose generated block was edited or whose markers are gone; gen restores them', () => {
    // A DNS provider dropped from dns-provider's generated `Allowed:` line.
    edit('action.yml', /(\n {6}Allowed: .*)`gandi`, /, '$1')
    // A default changed in the component, and one of its variables removed.
    edit('templates/ipfs-pin.yml', /(\n {4}wait-timeout:\n {6}default: )10m/, '$115m')
    edit('templates/ipfs-pin.yml', "\n    IPFS_PIN_KEEP: '$[[ inputs.keep ]]'", '')
    // A provider's row dropped from its family's table.
    edit('docs/providers/README.md', /\n\| `sagittarius` \|.*/, '')
    // A cell of the README's outputs block.
    edit('README.md', /(\n\| `files` \| ).*/, '$1Files. |')
    // A family table's end marker deleted.
    edit('docs/names/README.md', '<!-- dns-providers:end -->', '')
    const r = gen('--check', `--root=${dir}`)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'gen-docs: docs/names/README.md lacks the "<!-- dns-providers:start -->" … "<!-- dns-providers:end -->" markers',
    )
    const stale = /Out of date with action.yml and the plugin registries: (.*)\. Run/.exec(r.stderr)
    expect(stale?.[1]?.split(', ').sort(), r.stderr).toEqual(
      ['README.md', 'action.yml', 'docs/providers/README.md', 'templates/ipfs-pin.yml'].sort(),
    )
    // With the markers back, gen writes the rest back: the copy equals the repository again.
    cpSync(path.join(ROOT, 'docs/names/README.md'), path.join(dir, 'docs/names/README.md'))
    const w = gen(`--root=${dir}`)
    expect(w.status, w.stderr).toBe(0)
    for (const f of FILES)
      expect(readFileSync(path.join(dir, f), 'utf8'), f).toBe(
        readFileSync(path.join(ROOT, f), 'utf8'),
      )
  })
})
