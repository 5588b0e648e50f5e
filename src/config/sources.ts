/**
 * Input sources: the action's (`INPUT_*` variables, read through `@actions/core` in
 * src/action-io.ts) and the CLI's (flags, then `IPFS_PIN_*` variables). Both fall back to
 * action.yml's defaults, so the action and the CLI parse the same strings into the same config.
 */
import { InputError } from '../errors.js'
import { PROFILE_ALIASES, PROFILE_NAMES } from '../content/profiles.js'
import { ACTION_INPUTS, ACTION_SECTIONS, type InputName } from '../inputs/action-spec.generated.js'
import { DNS_PROVIDERS } from '../dns/registry.js'
import { PUBLISHERS } from '../ipns/registry.js'
import { PROVIDERS } from '../providers/registry.js'
import { INPUT_DEFAULTS } from './config.js'
import type { InputSource } from './types.js'
import { nearest } from '../inputs/nearest.js'
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

export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set<InputName>(
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
export const OUTPUT_PREFIX = outputEnvName('')

const PREFIX = 'IPFS_PIN_'

/**
 * `IPFS_PIN_*` variables the CLI does not read. One close to a known name (a misspelling,
 * another case) is an error: a misspelled `IPFS_PIN_PROVDER` would otherwise turn a deploy into
 * an offline run that passes. One close to nothing is only a warning (another tool's variable).
 * Names only: a variable's value may be a credential. Closeness is measured on the part after
 * `IPFS_PIN_`, which every name shares.
 */
export function variableProblems(env: Readonly<Record<string, string | undefined>>): {
  errors: string[]
  warnings: string[]
} {
  const known = [...INPUT_NAMES.map(envName), ...Object.keys(CONTEXT_VARIABLES)]
  const errors: string[] = []
  const warnings: string[] = []
  for (const key of Object.keys(env).sort()) {
    const upper = key.toUpperCase()
    if (!upper.startsWith(PREFIX) || known.includes(key) || upper.startsWith(OUTPUT_PREFIX))
      continue
    const near = known.includes(upper)
      ? upper
      : nearest(
          upper.slice(PREFIX.length),
          known.map((k) => k.slice(PREFIX.length)),
        )
    if (near === undefined) {
      warnings.push(
        `The environment variable ${key} is not one ipfs-pin reads, so it is ignored. --help all lists the IPFS_PIN_* variables.`,
      )
      continue
    }
    const name = near === upper ? upper : `${PREFIX}${near}`
    const input = INPUT_NAMES.find((n) => envName(n) === name)
    errors.push(
      `The environment variable ${key} is not one ipfs-pin reads: did you mean ${name}${input !== undefined ? ` (--${input})` : ''}?${near === upper ? ' Variable names are case-sensitive.' : ''} Rename it, or unset it: as it is, it would be ignored.`,
    )
  }
  return { errors, warnings }
}

/** Every problem `variableProblems` finds, errors first: empty when every name is known. */
export function unknownVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  const { errors, warnings } = variableProblems(env)
  return [...errors, ...warnings]
}

/**
 * Words after which a quoted word in an input error is a value, not an input name: `has
 * "path"`, `is "cleanup"`, `names "x" twice`… (Messages name inputs as `"name"` and quote
 * values with `quote()`; both look alike.)
 */
const VALUE_BEFORE =
  /(?:\b(?:has|is|names|pattern|key|line|gives|sets|argument|for|uses|zone|Provider|provider|mode|profile)\s|[=(]\s?)$/

/**
 * An input error as the CLI says it: each input it names becomes its flag, and its variable the
 * first time (`set "cid-profile"` → `set --cid-profile (IPFS_PIN_CID_PROFILE)`), so the fix can be
 * made where the value came from. The action says `Input "cid-profile"`, as its workflow does.
 *
 * `failure`: a run's failure (not an input error), which may quote what a service said: there,
 * only the forms that cannot be a quoted value change: `input "x"`, `(input "x")`, and a quoted
 * input name with a hyphen (`check "ens-safe-api-key"`; services' fields are not kebab-case).
 */
export function cliWording(message: string, opts: { failure?: boolean } = {}): string {
  const seen = new Set<string>()
  const mention = (name: string): string => {
    const first = !seen.has(name)
    seen.add(name)
    return first ? `--${name} (${envName(name as InputName)})` : `--${name}`
  }
  const isInput = (w: string): boolean => (INPUT_NAMES as readonly string[]).includes(w)
  return message
    .replace(/\(input "([a-z0-9][a-z0-9-]*)"\)/g, (m, name: string) => {
      if (!isInput(name)) return m
      const first = !seen.has(name)
      seen.add(name)
      return `(--${name}${first ? `, ${envName(name as InputName)}` : ''})`
    })
    .replace(/\b[Ii]nputs? "([a-z0-9][a-z0-9-]*)"/g, (m, name: string) =>
      isInput(name) ? mention(name) : m,
    )
    .replace(/"([a-z0-9][a-z0-9-]*)"/g, (m, name: string, at: number, whole: string) =>
      isInput(name) &&
      (opts.failure !== true || name.includes('-')) &&
      !VALUE_BEFORE.test(whole.slice(Math.max(0, at - 12), at))
        ? mention(name)
        : m,
    )
}

/** Exit codes of the CLI, shared by `cli.ts` and `--help`. */
export const EXIT = { ok: 0, failure: 1, input: 2 } as const

export interface CliArgs {
  readonly flags: Map<InputName, string[]>
  readonly help: boolean
  /** What `--help` was asked about: `all`, a section of action.yml, or nothing (the common flags). */
  readonly helpTopic?: string
  readonly version: boolean
  readonly outputsFile?: string
  readonly summaryFile?: string
  readonly debug: boolean
}

/** What `--help` takes after it: `all`, or a section id of action.yml. */
export const HELP_TOPICS: readonly string[] = ['all', ...ACTION_SECTIONS.map((s) => s.id)]

function helpTopicOf(word: string): string {
  const w = word.toLowerCase()
  if (HELP_TOPICS.includes(w)) return w
  const near = nearest(w, HELP_TOPICS)
  throw new InputError(
    'help',
    `--help takes "all" or a section: ${HELP_TOPICS.filter((t) => t !== 'all').join(', ')}; not ${JSON.stringify(word)}.${near !== undefined ? ` Did you mean --help ${near}?` : ''}`,
  )
}

/** Parses argv. Unknown flags fail with the list of known ones, like any other bad input. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const flags = new Map<InputName, string[]>()
  const extra: Record<string, string | undefined> = {}
  let help = false
  let helpTopic: string | undefined
  let version = false
  let debug = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h' || arg === '--help' || arg.startsWith('--help=')) {
      help = true
      // `--help all`, `--help providers`, `--help=cleanup`: a word after it is its topic.
      const next = arg.startsWith('--help=') ? arg.slice(7) : argv[i + 1]
      if (next !== undefined && !next.startsWith('-')) {
        helpTopic = helpTopicOf(next)
        if (!arg.startsWith('--help=')) i++
      }
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
    ...(helpTopic !== undefined ? { helpTopic } : {}),
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
  mode: ['deploy', 'cleanup', 'republish', 'rollback'],
  'check-policy': ['fail', 'warn'],
  'dns-provider': DNS_PROVIDERS.ids,
  'ipns-publish': PUBLISHERS.ids,
  'dnslink-target': ['ipfs', 'ipns'],
}
