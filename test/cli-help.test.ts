/** The CLI's `--help`, its "did you mean" for flags, and the warning for unknown IPFS_PIN_* variables. */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_INPUTS, type InputName } from '../src/config/action-spec.generated.js'
import { INPUT_DEFAULTS, readConfig } from '../src/config/config.js'
import { detectContext } from '../src/config/context.js'
import { editDistance, nearest } from '../src/config/nearest.js'
import {
  ALLOWED_VALUES,
  CONTEXT_VARIABLES,
  EXIT,
  envName,
  helpText,
  parseArgs,
  unknownVariables,
  wrap,
} from '../src/config/sources.js'
import { InputError } from '../src/errors.js'
import { ROOT } from './support/action-harness.js'

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** The lines `--help` prints for one input: its heading up to the next heading. */
function block(help: string, name: string): string {
  const lines = help.split('\n')
  const start = lines.findIndex((l) => new RegExp(`^ {2}--${name}([ ,]|$)`).test(l))
  if (start < 0) throw new Error(`--help has no heading for --${name}`)
  const end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l))
  return lines.slice(start, end < 0 ? undefined : end).join('\n')
}

/** What readConfig accepts for a choice input, read from the error it gives for a wrong value. */
function acceptedBy(name: InputName): string[] {
  const inputs: Partial<Record<InputName, string>> = { path: '.', [name]: 'no-such-value' }
  try {
    readConfig(
      { get: (n) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, '') },
      { ...detectContext({}, ROOT) },
    )
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    const allowed = err.message.slice(err.message.indexOf('Allowed:'))
    return [...allowed.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '')
  }
  throw new Error(`readConfig accepted "no-such-value" for ${name}`)
}

describe('--help', () => {
  const help = helpText(80)

  it("prints every input's whole description, its variable and its default", () => {
    for (const i of ACTION_INPUTS) {
      const b = block(help, i.name)
      expect(squash(b), i.name).toContain(squash(i.description))
      expect(b, i.name).toContain(`\n      Variable: ${envName(i.name)}`)
      if (i.default !== '' && !i.default.includes('${{'))
        expect(b, i.name).toContain(`\n      Default: ${i.default}`)
    }
    expect(block(help, 'github-token')).toContain('Default: $GITHUB_TOKEN')
  })

  it('lists exactly the values readConfig accepts for each choice input, and true/false for booleans', () => {
    const choices = Object.keys(ALLOWED_VALUES).filter((n) => n !== 'required-providers')
    expect(choices.length).toBe(10)
    for (const name of choices as InputName[]) {
      // The last "Allowed:" (a description may say it too), up to the Default/Variable lines.
      const b = block(help, name)
      const allowed = b.slice(
        b.lastIndexOf('\n      Allowed: ') + 16,
        b.indexOf('\n      Variable:'),
      )
      const listed = squash(allowed.split('\n      Default:')[0] ?? '')
        .replace(/ \(.*\)$/, '')
        .split(', ')
      expect(listed.sort(), name).toEqual(acceptedBy(name).sort())
    }
    expect(block(help, 'required-providers')).toContain(
      'Allowed: all, any, or names from --provider',
    )
    for (const i of ACTION_INPUTS.filter((x) => x.default === 'true' || x.default === 'false')) {
      expect(block(help, i.name), i.name).toMatch(
        new RegExp(`^ {2}--${i.name}, --no-${i.name}\\n[\\s\\S]*Allowed: true, false`),
      )
      expect(acceptedBy(i.name).slice(0, 2), i.name).toEqual(['true', 'false'])
    }
  })

  it('wraps to the width it is given, never inside a `code span`', () => {
    for (const width of [60, 80, 132]) {
      const lines = helpText(width).split('\n')
      for (const l of lines) {
        // Only a single word too long for any line (a URL) may overflow.
        if (l.length >= width) expect(l.trim(), `${width}: ${l}`).not.toContain(' ')
      }
      expect(lines.some((l) => l.length > width - 10)).toBe(true)
    }
    expect(helpText(20)).toBe(helpText(60))
    expect(helpText(undefined)).toBe(helpText(80))
    expect(wrap('see `ipfs add -w` and `a b`.', 12, '  ')).toEqual([
      '  see',
      '  `ipfs add -w`',
      '  and `a b`.',
    ])
  })

  it('gives each value of a multi-value description its own paragraph', () => {
    const b = block(help, 'cid-profile')
    for (const v of [
      '`auto` (default):',
      '`unixfs-v1-2025`:',
      '`unixfs-v0-2015` (alias',
      '`kubo-cid-v1`:',
    ])
      expect(b, v).toContain(`\n      ${v}`)
  })

  it('lists the other flags, the run-context variables and the exit codes', () => {
    for (const f of [
      '--outputs-file <file>',
      '--summary-file <file>',
      '--debug',
      '--version',
      '-h, --help',
    ])
      expect(help).toContain(`\n  ${f}\n`)
    expect(help).toContain('IPFS_PIN_OUT_CID, IPFS_PIN_OUT_CID_V1,')
    for (const name of Object.keys(CONTEXT_VARIABLES))
      expect(help).toMatch(new RegExp(`\\n  ${name} +\\S`))
    expect(help).toMatch(
      new RegExp(
        `Exit codes:\\n  ${EXIT.ok} +success\\n  ${EXIT.failure} +failure: .*\\n(.*\\n)?  ${EXIT.input} +bad input`,
      ),
    )
    expect(EXIT).toEqual({ ok: 0, failure: 1, input: 2 })
  })
})

describe('unknown flags', () => {
  it.each([
    ['--provder', 'provider'],
    ['--cid-profle', 'cid-profile'],
    ['--no-dry-runn', 'no-dry-run'],
    ['--dryrun', 'dry-run'],
    ['--outputs-fil', 'outputs-file'],
    ['--hlep', 'help'],
  ])('%s suggests --%s instead of listing every flag', (flag, near) => {
    expect(() => parseArgs([flag, 'x'])).toThrow(
      `Unknown flag "${flag}". Did you mean --${near}? --help lists every flag.`,
    )
  })

  it('suggests nothing when no flag is close', () => {
    expect(() => parseArgs(['--zzzzzz'])).toThrow(
      /^Unknown flag "--zzzzzz". --help lists every flag.$/,
    )
  })

  it('nearest: edit distance, a limit that grows with the word, first of equals', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('same', 'same')).toBe(0)
    expect(editDistance('hlep', 'help')).toBe(1)
    expect(editDistance('ca', 'abc')).toBe(3)
    expect(nearest('wiat', ['wait', 'path'])).toBe('wait')
    expect(nearest('abc', ['xyz'])).toBeUndefined()
    expect(nearest('ab', ['xy'])).toBe('xy') // 2 edits: within the minimum limit
    expect(nearest('keep', ['deep', 'keel'])).toBe('deep')
  })
})

describe('unknown IPFS_PIN_* variables', () => {
  it('warns about a misspelled input variable, naming the nearest, never the value', () => {
    const warnings = unknownVariables({
      IPFS_PIN_PROVDER: 'pinata',
      IPFS_PIN_PINATA_JWTT: 'eyJ-secret-value',
      PATH: '/usr/bin',
    })
    expect(warnings).toEqual([
      'The environment variable IPFS_PIN_PINATA_JWTT is not one ipfs-pin reads, so it is ignored. Did you mean IPFS_PIN_PINATA_JWT?',
      'The environment variable IPFS_PIN_PROVDER is not one ipfs-pin reads, so it is ignored. Did you mean IPFS_PIN_PROVIDER?',
    ])
    expect(warnings.join('\n')).not.toMatch(/pinata'|eyJ-secret-value/)
  })

  it('names the right case, and says when nothing is close', () => {
    expect(unknownVariables({ ipfs_pin_provider: 'kubo' })).toEqual([
      'The environment variable ipfs_pin_provider is not one ipfs-pin reads, so it is ignored. Did you mean IPFS_PIN_PROVIDER? (Variable names are case-sensitive.)',
    ])
    expect(unknownVariables({ IPFS_PIN_QQQQQQQQQQ: '1' })).toEqual([
      'The environment variable IPFS_PIN_QQQQQQQQQQ is not one ipfs-pin reads, so it is ignored. --help lists the IPFS_PIN_* variables.',
    ])
  })

  it('knows every input variable, the run context and the outputs-file names', () => {
    const env: Record<string, string> = {}
    for (const i of ACTION_INPUTS) env[envName(i.name)] = 'x'
    for (const n of Object.keys(CONTEXT_VARIABLES)) env[n] = 'x'
    env.IPFS_PIN_OUT_CID = 'bafy'
    env.IPFS_PIN_OUT_SOMETHING_OLDER = 'x'
    expect(unknownVariables(env)).toEqual([])
  })

  it('the run-context variables are the ones detectContext reads', () => {
    const base = detectContext({}, ROOT)
    for (const n of Object.keys(CONTEXT_VARIABLES)) {
      const value = n === 'IPFS_PIN_PR' ? '12' : 'acme/value'
      expect(detectContext({ [n]: value }, ROOT), n).not.toEqual(base)
    }
  })

  it('every IPFS_PIN_* name the source mentions is known, so none is warned about', () => {
    const files: string[] = []
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name)
        if (e.isDirectory()) walk(p)
        // sources.ts holds the lists themselves (and a typo as an example).
        else if (p.endsWith('.ts') && e.name !== 'sources.ts') files.push(p)
      }
    }
    walk(path.join(ROOT, 'src'))
    const mentioned = new Set<string>()
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      for (const [m] of text.matchAll(/IPFS_PIN_[A-Z0-9_]*[A-Z0-9]/g))
        if (!m.startsWith('IPFS_PIN_OUT')) mentioned.add(m)
      // context.ts reads its overrides as o('NAME') → IPFS_PIN_NAME.
      for (const [, n] of text.matchAll(/\bo\('([A-Z0-9_]+)'\)/g)) mentioned.add(`IPFS_PIN_${n}`)
    }
    expect(mentioned.size).toBeGreaterThan(5)
    expect([...mentioned]).toContain('IPFS_PIN_ENVIRONMENT')
    expect([...mentioned]).toContain('IPFS_PIN_RUN_NUMBER')
    const env = Object.fromEntries([...mentioned].map((n) => [n, 'x']))
    expect(unknownVariables(env)).toEqual([])
  })
})
