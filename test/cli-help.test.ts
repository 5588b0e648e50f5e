/** The CLI's `--help`, its "did you mean" for flags, and the warning for unknown IPFS_PIN_* variables. */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_INPUTS, type InputName } from '../src/inputs/action-spec.generated.js'
import { INPUT_DEFAULTS, readConfig } from '../src/config/config.js'
import { detectContext } from '../src/inputs/context.js'
import { helpText, wrap } from '../src/config/help.js'
import { didYouMean, editDistance, nearest } from '../src/inputs/nearest.js'
import {
  ALLOWED_VALUES,
  CONTEXT_VARIABLES,
  EXIT,
  cliWording,
  envName,
  parseArgs,
  unknownVariables,
  variableProblems,
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

describe('--help all', () => {
  const help = helpText(80, 'all')

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
    for (const width of [60, 80, 100]) {
      const lines = helpText(width, 'all').split('\n')
      for (const l of lines) {
        // Only a single word too long for any line (a URL) may overflow.
        if (l.length >= width) expect(l.trim(), `${width}: ${l}`).not.toContain(' ')
      }
      expect(lines.some((l) => l.length > width - 10)).toBe(true)
    }
    expect(helpText(20)).toBe(helpText(60))
    expect(helpText(undefined)).toBe(helpText(80))
    // Up to 100 columns, whatever the terminal: wider lines are hard to read.
    expect(helpText(250, 'all')).toBe(helpText(100, 'all'))
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
      '-h, --help [all|<section>]',
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

describe('typos in values', () => {
  /** The error readConfig gives for these inputs (and the defaults). */
  const errorFor = (inputs: Partial<Record<InputName, string>>): string => {
    try {
      readConfig(
        { get: (n) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, '') },
        detectContext({}, ROOT),
      )
    } catch (err) {
      if (err instanceof InputError) return err.message
      throw err
    }
    throw new Error('readConfig accepted it')
  }

  it.each([
    [
      { path: '.', provider: 'pinnata' },
      'Input "provider" has "pinnata", which is not allowed. Did you mean "pinata"? Allowed: ',
    ],
    [{ path: '.', provider: 'Filebsae' }, 'Did you mean "filebase"?'],
    [{ path: '.', 'cid-profile': 'unixfs-v1-2052' }, 'Did you mean "unixfs-v1-2025"?'],
    [
      { path: '.', wait: 'pined' },
      'Input "wait" has "pined", which is not allowed. Did you mean "pinned"?',
    ],
    [{ path: '.', 'dry-run': 'ture' }, 'which is not a boolean. Did you mean "true"?'],
    [{ mode: 'clenaup', provider: 'kubo' }, 'Did you mean "cleanup"?'],
    [
      { path: '.', provider: 'kubo', 'required-providers': 'kbuo' },
      'which is not in "provider". Did you mean "kubo"?',
    ],
  ] as const)('%j: "did you mean", like a flag', (inputs, expected) => {
    expect(errorFor(inputs)).toContain(expected)
  })

  it('suggests nothing when no value is close', () => {
    expect(errorFor({ path: '.', provider: 'zzzzzzzz' })).not.toContain('Did you mean')
    expect(didYouMean('', ['a'])).toBe('')
    expect(didYouMean('PINATA', ['pinata'])).toBe(' Did you mean "pinata"?')
  })
})

describe('input errors in the CLI', () => {
  it('name the flag, and the variable the first time, where the action names the input', () => {
    expect(
      cliWording(
        'Provider "pinata" needs credentials: set "pinata-jwt", or "pinata-api-key" and "pinata-api-secret".',
      ),
    ).toBe(
      'Provider "pinata" needs credentials: set --pinata-jwt (IPFS_PIN_PINATA_JWT), or --pinata-api-key (IPFS_PIN_PINATA_API_KEY) and --pinata-api-secret (IPFS_PIN_PINATA_API_SECRET).',
    )
    expect(
      cliWording(
        'Inputs "path" and "cid" cannot be used together: "path" uploads content, "cid" pins content that is already on IPFS. Set one of them.',
      ),
    ).toBe(
      '--path (IPFS_PIN_PATH) and --cid (IPFS_PIN_CID) cannot be used together: --path uploads content, --cid pins content that is already on IPFS. Set one of them.',
    )
    expect(cliWording('one of the newest 3 (input "keep")')).toBe(
      'one of the newest 3 (--keep, IPFS_PIN_KEEP)',
    )
  })

  it('leaves quoted values alone, even one spelled like an input', () => {
    expect(
      cliWording('Input "pr-comment" has "summary", which is not a boolean. Did you mean "true"?'),
    ).toBe(
      '--pr-comment (IPFS_PIN_PR_COMMENT) has "summary", which is not a boolean. Did you mean "true"?',
    )
    expect(cliWording('Input "mode" is "cleanup", which needs at least one "provider".')).toBe(
      '--mode (IPFS_PIN_MODE) is "cleanup", which needs at least one --provider (IPFS_PIN_PROVIDER).',
    )
    expect(cliWording('Input "provider" names "kubo" twice.')).toBe(
      '--provider (IPFS_PIN_PROVIDER) names "kubo" twice.',
    )
    expect(cliWording('Unexpected argument "path": every input is a flag.')).toBe(
      'Unexpected argument "path": every input is a flag.',
    )
  })

  it("a run's failure names flags only where no quoted service text could be taken for one", () => {
    expect(
      cliWording(
        'HTTP 422: {"to":["Checksum address validation failed"],"path":"x"}; check "ens-safe-api-key". Check input "ens-safe" and input "ens-private-key".',
        { failure: true },
      ),
    ).toBe(
      'HTTP 422: {"to":["Checksum address validation failed"],"path":"x"}; check --ens-safe-api-key (IPFS_PIN_ENS_SAFE_API_KEY). Check --ens-safe (IPFS_PIN_ENS_SAFE) and --ens-private-key (IPFS_PIN_ENS_PRIVATE_KEY).',
    )
  })

  it('every input error readConfig gives for a bad value reads with flags in the CLI', () => {
    for (const i of ACTION_INPUTS) {
      const inputs: Partial<Record<InputName, string>> = { path: '.', [i.name]: '\u0000bad value' }
      let message: string | undefined
      try {
        readConfig(
          { get: (n) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, '') },
          detectContext({}, ROOT),
        )
      } catch (err) {
        if (err instanceof InputError) message = err.message
      }
      if (message === undefined) continue
      const said = cliWording(message)
      expect(said, i.name).not.toMatch(/\bInputs? "/)
      expect(said, i.name).toMatch(/--[a-z]/)
    }
  })
})

describe('--help topics', () => {
  it('takes all or a section after it, or none', () => {
    expect(parseArgs(['--help']).helpTopic).toBeUndefined()
    expect(parseArgs(['--help', 'all']).helpTopic).toBe('all')
    expect(parseArgs(['-h', 'Providers', '--debug'])).toMatchObject({
      help: true,
      helpTopic: 'providers',
      debug: true,
    })
    expect(parseArgs(['--help=cleanup']).helpTopic).toBe('cleanup')
    expect(parseArgs(['--help', '--path', 'x'])).toMatchObject({ help: true })
    expect(parseArgs(['--help', '--path', 'x']).helpTopic).toBeUndefined()
  })

  it('names the sections for an unknown topic, and the nearest', () => {
    expect(() => parseArgs(['--help', 'provders'])).toThrow(
      '--help takes "all" or a section: content, providers, naming, pinning, cleanup, reporting, names, ipns, ens, rollback; not "provders". Did you mean --help providers?',
    )
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
  it('a misspelled input variable is an error naming the nearest (and its flag), never the value', () => {
    const found = variableProblems({
      IPFS_PIN_PROVDER: 'pinata',
      IPFS_PIN_PINATA_JWTT: 'eyJ-secret-value',
      PATH: '/usr/bin',
    })
    expect(found.warnings).toEqual([])
    expect(found.errors).toEqual([
      'The environment variable IPFS_PIN_PINATA_JWTT is not one ipfs-pin reads: did you mean IPFS_PIN_PINATA_JWT (--pinata-jwt)? Rename it, or unset it: as it is, it would be ignored.',
      'The environment variable IPFS_PIN_PROVDER is not one ipfs-pin reads: did you mean IPFS_PIN_PROVIDER (--provider)? Rename it, or unset it: as it is, it would be ignored.',
    ])
    expect(found.errors.join('\n')).not.toMatch(/pinata'|eyJ-secret-value/)
  })

  it("names the right case as an error; only warns when nothing is close (another tool's variable)", () => {
    expect(variableProblems({ ipfs_pin_provider: 'kubo' }).errors).toEqual([
      'The environment variable ipfs_pin_provider is not one ipfs-pin reads: did you mean IPFS_PIN_PROVIDER (--provider)? Variable names are case-sensitive. Rename it, or unset it: as it is, it would be ignored.',
    ])
    expect(variableProblems({ IPFS_PIN_QQQQQQQQQQ: '1', IPFS_PIN_CI_FLOOR: '1' })).toEqual({
      errors: [],
      warnings: [
        'The environment variable IPFS_PIN_CI_FLOOR is not one ipfs-pin reads, so it is ignored. --help all lists the IPFS_PIN_* variables.',
        'The environment variable IPFS_PIN_QQQQQQQQQQ is not one ipfs-pin reads, so it is ignored. --help all lists the IPFS_PIN_* variables.',
      ],
    })
    // A run-context variable is known too, and its typo is caught the same way.
    expect(variableProblems({ IPFS_PIN_REPOSITROY: 'acme/site' }).errors).toEqual([
      'The environment variable IPFS_PIN_REPOSITROY is not one ipfs-pin reads: did you mean IPFS_PIN_REPOSITORY? Rename it, or unset it: as it is, it would be ignored.',
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
