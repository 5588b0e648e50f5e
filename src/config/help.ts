/**
 * The CLI's `--help`, from action.yml: the common flags on one screen; `--help <section>` every
 * flag of one of action.yml's sections in full; `--help all` every one. Wrapped to the terminal,
 * up to 100 columns.
 */
import { ACTION_INPUTS, ACTION_OUTPUTS, ACTION_SECTIONS } from '../inputs/action-spec.generated.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import { JSON_OUTPUTS, outputEnvName } from '../io.js'
import { PROVIDERS } from '../providers/registry.js'
import {
  ALLOWED_VALUES,
  BOOLEAN_INPUTS,
  CONTEXT_VARIABLES,
  EXIT,
  OUTPUT_PREFIX,
  envName,
} from './sources.js'

/**
 * What plain `--help` lists, in action.yml's order, each with a few words (`--help <section>`
 * and `--help all` give the whole description from action.yml).
 */
export const COMMON_FLAGS: Readonly<Partial<Record<InputName, string>>> = {
  path: 'file or directory to publish',
  include: 'glob patterns of entries to publish (empty: all)',
  exclude: 'glob patterns of entries to leave out',
  'cid-profile': 'auto, unixfs-v1-2025, unixfs-v0-2015, kubo-cid-v1',
  'car-path': 'where to write the CAR (empty: a temp directory)',
  cid: 'pin these existing CIDs instead of a path',
  provider: `where to pin (${PROVIDERS.ids.slice(0, 3).join(', ')}…); none: offline`,
  environment: 'deployment environment, part of the cleanup scope',
  mode: 'deploy (default), cleanup, republish or rollback',
  'unpin-previous': "unpin the scope's earlier deploys, keeping --keep",
  keep: `how many deploys of the scope to keep (default ${ACTION_INPUTS.find((i) => i.name === 'keep')?.default ?? ''})`,
  'dry-run': 'report what would change, change nothing',
  'check-gateways': 'trustless gateways to fetch the content back from',
  dnslink: 'domain names to point at the CID with DNSLink',
}

/** The widest `--help` gets, whatever the terminal: longer lines are hard to read. */
export const HELP_MAX_WIDTH = 100

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

/** The first sentence of a description: the one line plain `--help` gives a flag. */
export function firstSentence(description: string): string {
  const text = description.replace(/\s*\n\s*/g, ' ')
  const m = /^(.+?[.])(\s|$)/.exec(text)
  return m?.[1] ?? text
}

type Input = (typeof ACTION_INPUTS)[number]

const heading = (i: Input): string =>
  BOOLEAN_INPUTS.has(i.name) ? `--${i.name}, --no-${i.name}` : `--${i.name} <value>`

/**
 * `--help` text. `columns`: the terminal's width (80 when not a terminal), used up to 100.
 * `topic`: undefined for the common flags, `all`, or a section id of action.yml.
 */
export function helpText(columns?: number, topic?: string): string {
  const width =
    Math.min(HELP_MAX_WIDTH, Math.max(60, columns !== undefined && columns > 0 ? columns : 80)) - 1
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
    const left = `  ${head}`
    const [first = '', ...rest] = wrap(text, width, ' '.repeat(col))
    if (left.length + 1 > col) lines.push(left, first, ...rest)
    else lines.push(left.padEnd(col) + first.slice(col), ...rest)
  }
  /** Every line of one input: its whole description, allowed values, default and variable. */
  const full = (i: Input): void => {
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
    item(heading(i), body)
  }
  const section = (id: string): void => {
    const s = ACTION_SECTIONS.find((x) => x.id === id)
    if (s === undefined) return
    if (lines.at(-1) !== '') lines.push('')
    lines.push(`${s.title} (--help ${s.id}):`)
    for (const i of ACTION_INPUTS.filter((x) => x.section === s.id)) full(i)
  }
  const others = (): void => {
    lines.push('', 'Other flags:')
    item('--outputs-file <file>', [
      `Also write the outputs as ${OUTPUT_PREFIX}<NAME>=value lines (a dotenv file, for example for GitLab): ${ACTION_OUTPUTS.filter(
        (o) => !JSON_OUTPUTS.includes(o.name),
      )
        .map((o) => outputEnvName(o.name))
        .join(
          ', ',
        )}; and every output, the JSON ones (${JSON_OUTPUTS.join(', ')}) too, as one JSON object in the file beside it with the extension .json, which ${outputEnvName('json')} names.`,
    ])
    item('--summary-file <file>', ['Write the Markdown summary there.'])
    item('--debug', ['Print debug lines.'])
    item('--version', ['Print the version.'])
    item('-h, --help [all|<section>]', [
      'Print the common flags; with a section, all of its flags; with all, every flag.',
    ])
    lines.push('')
    para(
      'Run context, outside GitHub Actions and GitLab CI (which set it themselves): for the name template, the labels and the cleanup scope.',
    )
    const col = Math.max(...Object.keys(CONTEXT_VARIABLES).map((n) => n.length)) + 4
    for (const [name, what] of Object.entries(CONTEXT_VARIABLES)) row(name, what, col)
    lines.push('')
    para(
      `${OUTPUT_PREFIX}* variables (outputs) are never read. Any other IPFS_PIN_* variable close to a known one is an error naming it (names are case-sensitive); one close to none is ignored with a warning.`,
    )
  }
  const exitCodes = (): void => {
    lines.push('', 'Exit codes:')
    row(`${EXIT.ok}`, 'success', 6)
    row(
      `${EXIT.failure}`,
      'failure: the content, a provider, verification, cleanup or GitHub feedback failed',
      6,
    )
    row(`${EXIT.input}`, 'bad input: a flag or value is wrong (the error names it)', 6)
  }

  lines.push(
    'Usage: ipfs-pin --path <dir|file> [options]',
    '       ipfs-pin --cid <cid> --provider <name> [options]',
    '       ipfs-pin --mode cleanup --provider <name> [options]',
    '',
  )
  if (topic !== undefined && topic !== 'all') {
    section(topic)
    lines.push('')
    para(
      'Every flag can also be set as the environment variable shown with it: prefer variables for credentials. ipfs-pin --help lists the common flags; ipfs-pin --help all, every flag.',
    )
    return lines.join('\n')
  }
  para(
    'Computes the CID of a file or directory as `ipfs add` does (IPIP-499 profiles), writes a CAR, and (with --provider) pins it. Every input of the GitHub Action is a flag here, and can also be set as the environment variable IPFS_PIN_<FLAG> (--cid-profile: IPFS_PIN_CID_PROFILE): prefer variables for credentials. Prints the CID on stdout; logs go to stderr.',
  )
  if (topic === 'all') {
    for (const s of ACTION_SECTIONS) section(s.id)
    others()
    exitCodes()
    return lines.join('\n')
  }
  const byName = new Map(ACTION_INPUTS.map((i) => [i.name, i] as const))
  const common = Object.entries(COMMON_FLAGS) as Array<[InputName, string]>
  // A boolean flag alone means true: its `--no-` form is for `--help <section>`.
  const short = (n: InputName): string => (BOOLEAN_INPUTS.has(n) ? `--${n}` : `--${n} <value>`)
  const col = Math.max(...common.map(([n]) => short(n).length), '--outputs-file <file>'.length) + 5
  lines.push('', 'Common flags:')
  for (const [n, what] of common) if (byName.has(n)) row(short(n), what, col)
  lines.push('', 'Every flag, by section: ipfs-pin --help <section>, or --help all:')
  const ids = Math.max(...ACTION_SECTIONS.map((s) => s.id.length)) + 5
  for (const s of ACTION_SECTIONS) {
    const names = ACTION_INPUTS.filter((i) => i.section === s.id).map((i) => i.name)
    // One line each: as many names as fit, then "…".
    const room = width - ids - `${names.length}: `.length
    let shown = ''
    for (const [k, n] of names.entries()) {
      const next = shown === '' ? n : `${shown}, ${n}`
      if (next.length + (k < names.length - 1 ? 3 : 0) > room) {
        shown = `${shown}, …`
        break
      }
      shown = next
    }
    lines.push(`  ${s.id}`.padEnd(ids) + `${names.length}: ${shown}`)
  }
  lines.push('', 'Other flags:')
  const c = col
  row('--outputs-file <file>', 'write the outputs as a dotenv file (and a JSON one)', c)
  row('--summary-file <file>', 'write the Markdown summary there', c)
  row('--debug, --version', 'print debug lines; print the version', c)
  exitCodes()
  return lines.join('\n')
}
