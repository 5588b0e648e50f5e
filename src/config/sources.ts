/**
 * Input sources: the action's (`INPUT_*` variables, read through `@actions/core`) and the CLI's
 * (flags, then `IPFS_PIN_*` variables). Both fall back to action.yml's defaults, so the action and
 * the CLI parse the same strings into the same config.
 */
import * as core from '@actions/core'
import { InputError, listAllowed } from '../errors.js'
import { ACTION_INPUTS, type InputName } from './action-spec.generated.js'
import { INPUT_DEFAULTS, type InputSource } from './config.js'

/** A default that is a workflow expression (`${{ github.token }}`) means nothing outside Actions. */
const usableDefault = (name: InputName): string =>
  INPUT_DEFAULTS[name].includes('${{') ? '' : INPUT_DEFAULTS[name]

export const INPUT_NAMES: readonly InputName[] = ACTION_INPUTS.map((i) => i.name)

/** `@actions/core` inputs. The runner fills in action.yml defaults; when run by hand they are applied here. */
export function actionSource(
  env: Readonly<Record<string, string | undefined>> = process.env,
): InputSource {
  return {
    get(name) {
      const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
      if (env[key] === undefined) return usableDefault(name)
      return core.getInput(name)
    },
  }
}

/** Environment variable a CLI input can also come from: `pinata-jwt` → `IPFS_PIN_PINATA_JWT`. */
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
      throw new InputError(
        key,
        `Unknown flag "--${key}". Allowed: ${listAllowed(INPUT_NAMES.map((n) => `--${n}`))}, --outputs-file, --summary-file, --debug, --help.`,
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

/** `--help` text, from action.yml's descriptions. */
export function helpText(): string {
  const lines = [
    'Usage: ipfs-pin --path <dir|file> [options]',
    '',
    'Computes the kubo-compatible CID of a file or directory, writes a CAR, and (with --provider)',
    'pins it. Every input of the GitHub Action is a flag here, and can also be set as an',
    'environment variable IPFS_PIN_<NAME> (for example IPFS_PIN_PINATA_JWT): prefer variables for',
    'credentials. Prints the CID on stdout; logs go to stderr.',
    '',
    'Options:',
  ]
  for (const i of ACTION_INPUTS) {
    const first = i.description.split('\n')[0] ?? ''
    const def = i.default !== '' && !i.default.includes('${{') ? ` [default: ${i.default}]` : ''
    lines.push(`  --${i.name}${def}`, `      ${first}`)
  }
  lines.push(
    '  --outputs-file <file>',
    '      Also write every output as IPFS_PIN_OUT_<NAME>=value lines (a dotenv file, e.g. for GitLab).',
    '  --summary-file <file>',
    '      Write the Markdown summary there.',
    '  --debug',
    '      Print debug lines.',
  )
  return lines.join('\n')
}
