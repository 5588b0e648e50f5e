/**
 * Untrusted text made inert. File names (a `workflow_run` deploy publishes what a stranger
 * built), provider answers (errors, CIDs, pin names and request ids read back), branch names and
 * labels written by other runs: anything the workflow author did not write goes through one of
 * these functions before it reaches a log line, the job summary, the pull-request comment or the
 * CLI's outputs file. docs/untrusted-text.md explains each choice and its sources.
 */

// ---- logs -------------------------------------------------------------------------------------

/**
 * What the Actions runner strips before looking for `::` at the start of a line (it trims .NET
 * white space, which includes U+0085 and every Unicode space), widened to every control and
 * format character: erring this way only quotes a few more lines.
 */
const LEADING_BLANKS = /^[\s\u0085\p{Z}\p{Cc}\p{Cf}]*/u

/** Characters that must not be printed raw: controls (C0, DEL, C1), format characters, line and paragraph separators. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const UNPRINTABLE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu

/** JSON string syntax, with every unprintable character (not only C0) as `\uXXXX`. */
export function jsonQuote(s: string): string {
  return JSON.stringify(s).replace(UNPRINTABLE_ALL, (c) =>
    c
      .split('')
      .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  )
}

/**
 * An untrusted value inside one of our log lines: as it is when plain, JSON-quoted when it holds
 * an unprintable character (a line break shows as `\n` and cannot start a new line), a quote or
 * a backslash (so a value shown raw never looks like a quoted one).
 */
export function shown(value: string): string {
  return UNPRINTABLE.test(value) || /["\\]/.test(value) ? jsonQuote(value) : value
}

/**
 * One physical line that the runner cannot read as a workflow command. The runner reads
 * `::name …::data` after leading blanks, and the legacy `##[name …]data` anywhere in a line
 * (a `##[stop-commands]token` would swallow the step's `::error::`). A line that would start
 * a command is printed JSON-quoted; every `##[` becomes `##%5B`.
 */
function inertLine(line: string): string {
  const start = LEADING_BLANKS.exec(line)?.[0].length ?? 0
  const out = line.startsWith('::', start) ? jsonQuote(line) : line
  return out.replace(/##\[/g, '##%5B')
}

/**
 * A message for the log, whatever it holds: split on every line break the runner splits on
 * (`\r\n`, `\r`, `\n`), each line made inert, joined with `\n`. Our own multi-line messages stay
 * readable; a line break smuggled in by a value only makes a line that is not a command. Every
 * host method that prints passes its message through this (`io.ts`), so no call site can forget.
 */
export function inertLog(message: string): string {
  return message
    .split(/\r\n|\r|\n/)
    .map(inertLine)
    .join('\n')
}

// ---- Markdown (job summary, pull-request comment) ---------------------------------------------
//
// GitHub turns text outside code into mentions (`@team`), links (`https://…`, `www.…`, `#12`,
// commit hashes) and renders some HTML; none of that happens inside code. So every untrusted
// value is rendered in a code span, and only our own words are Markdown text.

/**
 * A code span that nothing inside can end (CommonMark "Code spans"): the fence is one backtick
 * longer than the longest run of backticks in the value, and a space pads each side when the
 * value starts or ends with a backtick or a space (the parser strips one from each side). Line
 * breaks become spaces: a code span shows them so anyway, and a raw one would end a table row or
 * let the next line start a block (a heading, `</details>`). Empty gives empty.
 */
export function mdCode(value: string): string {
  if (value === '') return ''
  const flat = value.replace(/\r\n|\r|\n/g, ' ')
  let longest = 0
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/**
 * Markdown (already inert) for one table cell: every `|` escaped, code spans included (GFM splits
 * a row into cells before it reads code spans, and drops the backslash of `\|` inside them), and
 * line breaks turned into spaces so the row stays one line.
 */
export function mdCell(md: string): string {
  return md.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|')
}

/** A table row of already inert cells: `| a | b |`. */
export function mdRow(cells: readonly string[]): string {
  return `| ${cells.map(mdCell).join(' | ')} |`
}

// ---- the CLI's outputs file ------------------------------------------------------------------

/**
 * One `KEY=value` line of the outputs file. GitLab's dotenv report reads each line as the text
 * after the first `=`, surrounding blanks stripped, quotes and backslashes kept as written, no
 * escapes and no multi-line values. So a value is written as it is (quoting it would put the
 * quotes into the variable). Every output is one line (JSON outputs are compact JSON); a line
 * break, which no dotenv reader can take back, becomes a space and `lossy` says so.
 */
export function dotenvLine(key: string, value: string): { line: string; lossy: boolean } {
  const lossy = /[\r\n]/.test(value)
  return { line: `${key}=${value.replace(/\r\n|\r|\n/g, ' ')}`, lossy }
}

/** `1 file`, `2 files`, `200,000 files`. */
export const countOf = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** Bytes in binary units: `512 B`, `1.5 KiB`, `3.2 GiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}
