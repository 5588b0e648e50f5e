/**
 * Input sources: the action's (`INPUT_*` variables, read through `@actions/core` in
 * src/action-io.ts) and the CLI's (flags, then `IPFS_PIN_*` variables). Both fall back to
 * action.yml's defaults, so the action and the CLI parse the same strings into the same config.
 */
import { InputError } from '../errors.js'
import { PROFILE_ALIASES, PROFILE_NAMES } from '../content/profiles.js'
import { ACTION_INPUTS, ACTION_OUTPUTS, type InputName } from './action-spec.generated.js'
import { DNS_PROVIDERS } from '../dns/registry.js'
import { PUBLISHERS } from '../ipns/registry.js'
import { PROVIDERS } from '../providers/registry.js'
import { INPUT_DEFAULTS } from './config.js'
import type { InputSource } from './types.js'
import { nearest } from './nearest.js'
import { outputEnvName } from '../io.js'

/** A default that is a workflow expression (`${{ github.token }}`) means nothing outside Actions. */
export const usableDefault = (name: InputName): string =>
  INPUT_DEFAULTS[name].includes('${{') ? '' : INPUT_DEFAULTS[name]

export const INPUT_NAMES: readonly InputName[] = ACTION_INPUTS.map((i) => i.name)

/** Environment variable a CLI input can also come from: `github-token` → `IPFS_PIN_GITHUB_TOKEN`. */
export const envName = (name: InputName): string =>
  `IPFS_PIN_${name.toUpperCase().replace(/-/g, '_')}`

/** CLI flags (`--name value`, `--name=value`, bare `--flag` for true; repeated flags join with newlines). */
export function cliSource(
  flags: ReadonlyMap<InputName, readonly string[]>,
  env: Readonly<Record<string, string | undefined>>,
): InputSource {
  return {
    get(name) {
      const f = flags.get(name)
      if (f !== undefined) return f.join('\n')
      const e = env[envName(name)]
      if (e !== undefined) return e
      if (name === 'github-token') return env.GITHUB_TOKEN ?? ''
      return usableDefault(name)
    },
  }
}

const BOOLEAN_INPUTS = new Set<InputName>(
  ACTION_INPUTS.filter((i) => i.default === 'true' || i.default === 'false').map((i) => i.name),
)

/** Flags of the CLI alone (not action inputs). */
const CLI_FLAGS = ['outputs-file', 'summary-file', 'debug', 'help', 'version'] as const

/** Every flag `parseArgs` accepts, without the leading `--`: for "did you mean". */
const KNOWN_FLAGS: readonly string[] = [
  ...INPUT_NAMES,
  ...[...BOOLEAN_INPUTS].map((n) => `no-${n}`),
  ...CLI_FLAGS,
]

/**
 * `IPFS_PIN_*` variables that are not inputs: the run context outside GitHub Actions and GitLab
 * CI (read by `detectContext`, named in the name template's errors).
 */
export const CONTEXT_VARIABLES: Readonly<Record<string, string>> = {
  IPFS_PIN_REPOSITORY: 'owner/repo: {owner}, {repo} and the cleanup scope',
  IPFS_PIN_SHA: 'commit: {sha}, {sha7}',
  IPFS_PIN_REF: 'branch or tag: {ref}',
  IPFS_PIN_PR: 'pull or merge request number: {pr} and the preview scope',
  IPFS_PIN_RUN_ID: '{run_id}',
  IPFS_PIN_RUN_NUMBER: '{run_number}',
}

/** Prefix of the `--outputs-file` names (`IPFS_PIN_OUT_CID`): outputs, never read as inputs. */
const OUTPUT_PREFIX = outputEnvName('')

/**
 * Warnings for `IPFS_PIN_*` variables the CLI does not read (a misspelled input is otherwise
 * silently ignored: a misspelled `IPFS_PIN_PROVDER` would turn a deploy into an offline run). Names
 * only: a variable's value may be a credential.
 */
export function unknownVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  const known = [...INPUT_NAMES.map(envName), ...Object.keys(CONTEXT_VARIABLES)]
  const warnings: string[] = []
  for (const key of Object.keys(env).sort()) {
    const upper = key.toUpperCase()
    if (!upper.startsWith('IPFS_PIN_') || known.includes(key) || upper.startsWith(OUTPUT_PREFIX))
      continue
    const near = known.includes(upper) ? upper : nearest(upper, known)
    warnings.push(
      `The environment variable ${key} is not one ipfs-pin reads, so it is ignored.${
        near === undefined
          ? ' --help lists the IPFS_PIN_* variables.'
          : ` Did you mean ${near}?${near === upper ? ' (Variable names are case-sensitive.)' : ''}`
      }`,
    )
  }
  return warnings
}

/** Exit codes of the CLI, shared by `cli.ts` and `--help`. */
export const EXIT = { ok: 0, failure: 1, input: 2 } as const

export interface CliArgs {
  readonly flags: Map<InputName, string[]>
  readonly help: boolean
  readonly version: boolean
  readonly outputsFile?: string
  readonly summaryFile?: string
  readonly debug: boolean
}

/** Parses argv. Unknown flags fail with the list of known ones, like any other bad input. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const flags = new Map<InputName, string[]>()
  const extra: Record<string, string | undefined> = {}
  let help = false
  let version = false
  let debug = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h' || arg === '--help') {
      help = true
      continue
    }
    if (arg === '--version') {
      version = true
      continue
    }
    if (arg === '--debug') {
      debug = true
      continue
    }
    if (!arg.startsWith('--')) {
      throw new InputError(
        arg,
        arg.startsWith('-')
          ? `Unknown option "${arg}". Options are long flags such as --path, --help and --version.`
          : `Unexpected argument "${arg}": every input is a flag. Did you mean --path ${arg}? See --help.`,
      )
    }
    const eq = arg.indexOf('=')
    const key = arg.slice(2, eq < 0 ? undefined : eq)
    let value = eq < 0 ? undefined : arg.slice(eq + 1)
    const negated = key.startsWith('no-') && BOOLEAN_INPUTS.has(key.slice(3) as InputName)
    const name = (negated ? key.slice(3) : key) as InputName
    if (key === 'outputs-file' || key === 'summary-file') {
      value ??= argv[++i]
      if (value === undefined) throw new InputError(key, `Flag --${key} needs a file path.`)
      extra[key] = value
      continue
    }
    if (!INPUT_NAMES.includes(name)) {
      const near = nearest(key, KNOWN_FLAGS)
      throw new InputError(
        key,
        `Unknown flag "--${key}".${near === undefined ? '' : ` Did you mean --${near}?`} --help lists every flag.`,
      )
    }
    if (negated) value = 'false'
    else if (value === undefined) {
      const next = argv[i + 1]
      // A boolean flag alone means true; a value after it is taken (and checked like any input).
      if (BOOLEAN_INPUTS.has(name) && (next === undefined || next.startsWith('--'))) value = 'true'
      else if (next === undefined) throw new InputError(name, `Flag --${name} needs a value.`)
      else value = argv[++i] ?? ''
    }
    flags.set(name, [...(flags.get(name) ?? []), value])
  }
  return {
    flags,
    help,
    version,
    debug,
    outputsFile: extra['outputs-file'],
    summaryFile: extra['summary-file'],
  }
}

/** What `--help` lists as allowed for the inputs that take one of a few values. */
export const ALLOWED_VALUES: Partial<Record<InputName, readonly string[]>> = {
  'hidden-files': ['include', 'exclude'],
  'cid-profile': ['auto', ...PROFILE_NAMES, ...Object.keys(PROFILE_ALIASES)],
  provider: PROVIDERS.ids,
  verify: ['fail', 'warn', 'off'],
  wait: ['pinned', 'queued', 'none'],
  'required-providers': ['all', 'any'],
  mode: ['deploy', 'cleanup', 'republish'],
  'check-policy': ['fail', 'warn'],
  'dns-provider': DNS_PROVIDERS.ids,
  'ipns-publish': PUBLISHERS.ids,
  'dnslink-target': ['ipfs', 'ipns'],
}

/**
 * `text` in lines of at most `width` columns, broken between words but never inside a
 * `` `code span` `` (a word or span longer than the line gets a line of its own).
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = []
  let line = ''
  const words = text.match(/[^\s`]*(?:`[^`]*`[^\s`]*)+|\S+/g) ?? []
  for (const word of words.map((w) => w.replace(/\s+/g, ' '))) {
    if (line === '') line = indent + word
    else if (line.length + 1 + word.length <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = indent + word
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

/**
 * An input's description as paragraphs: action.yml breaks lines for width, except before a
 * value's own explanation (`` `auto` (default): …``), which starts a paragraph here too.
 */
function paragraphs(description: string): string[] {
  const out: string[] = []
  for (const line of description.split('\n')) {
    const last = out.length - 1
    if (last < 0 || /^`[^`]+`( \([^)]*\))?:/.test(line)) out.push(line)
    else out[last] = `${out[last]} ${line}`
  }
  return out
}

/**
 * `--help` text, from action.yml: every input with its whole description wrapped to `columns`
 * (the terminal's width; 80 when not a terminal), its allowed values, default and variable.
 */
export function helpText(columns?: number): string {
  const width = Math.max(60, columns !== undefined && columns > 0 ? columns : 80) - 1
  const lines: string[] = []
  const para = (text: string, indent = ''): void => {
    lines.push(...wrap(text, width, indent))
  }
  const item = (head: string, body: readonly string[]): void => {
    lines.push(`  ${head}`)
    for (const b of body) para(b, '      ')
  }
  /** `head` and `text` side by side, `text` wrapped in a column starting at `col`. */
  const row = (head: string, text: string, col: number): void => {
    const [first = '', ...rest] = wrap(text, width, ' '.repeat(col))
    lines.push(`  ${head}`.padEnd(col) + first.slice(col), ...rest)
  }
  lines.push(
    'Usage: ipfs-pin --path <dir|file> [options]',
    '       ipfs-pin --cid <cid> --provider <name> [options]',
    '       ipfs-pin --mode cleanup --provider <name> [options]',
    '',
  )
  para(
    'Computes the CID of a file or directory as `ipfs add` does (IPIP-499 profiles), writes a CAR, and (with --provider) pins it. Every input of the GitHub Action is a flag here, and can also be set as the environment variable shown with it: prefer variables for credentials. Prints the CID on stdout; logs go to stderr.',
  )
  lines.push('', 'Inputs:')
  for (const i of ACTION_INPUTS) {
    const bool = BOOLEAN_INPUTS.has(i.name)
    const allowed = bool ? ['true', 'false'] : ALLOWED_VALUES[i.name]
    const body = paragraphs(i.description)
    if (allowed !== undefined) {
      const extra =
        i.name === 'provider' || i.name === 'ipns-publish'
          ? ' (one or several)'
          : i.name === 'required-providers'
            ? ', or names from --provider'
            : bool
              ? ` (--${i.name} alone means true)`
              : ''
      body.push(`Allowed: ${allowed.join(', ')}${extra}`)
    }
    if (i.name === 'github-token') body.push('Default: $GITHUB_TOKEN')
    else if (i.default !== '') body.push(`Default: ${i.default}`)
    body.push(`Variable: ${envName(i.name)}`)
    item(bool ? `--${i.name}, --no-${i.name}` : `--${i.name} <value>`, body)
  }
  lines.push('', 'Other flags:')
  item('--outputs-file <file>', [
    `Also write every output as ${OUTPUT_PREFIX}<NAME>=value lines (a dotenv file, for example for GitLab): ${ACTION_OUTPUTS.map((o) => outputEnvName(o.name)).join(', ')}.`,
  ])
  item('--summary-file <file>', ['Write the Markdown summary there.'])
  item('--debug', ['Print debug lines.'])
  item('--version', ['Print the version.'])
  item('-h, --help', ['Print this help.'])
  lines.push('')
  para(
    'Run context, outside GitHub Actions and GitLab CI (which set it themselves): for the name template, the labels and the cleanup scope.',
  )
  const col = Math.max(...Object.keys(CONTEXT_VARIABLES).map((n) => n.length)) + 4
  for (const [name, what] of Object.entries(CONTEXT_VARIABLES)) row(name, what, col)
  lines.push('')
  para(
    `${OUTPUT_PREFIX}* variables (outputs) are never read. Any other IPFS_PIN_* variable is ignored with a warning naming the nearest known one (names are case-sensitive).`,
  )
  lines.push('', 'Exit codes:')
  row(`${EXIT.ok}`, 'success', 6)
  row(
    `${EXIT.failure}`,
    'failure: the content, a provider, verification, cleanup or GitHub feedback failed',
    6,
  )
  row(`${EXIT.input}`, 'bad input: a flag or value is wrong (the error names it)', 6)
  return lines.join('\n')
}
