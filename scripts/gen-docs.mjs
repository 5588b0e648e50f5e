// Generates, from action.yml (the single source of truth for inputs and outputs):
//   - src/inputs/action-spec.generated.ts: names, sections, defaults and descriptions for the
//     config reader and the CLI's --help
//   - docs/inputs.md: every input, by the sections action.yml has (its `# ---- section ----`
//     comments), the required ones first; every output
//   - in README.md, between marker comments: the inputs by section (linking to docs/inputs.md)
//     and the outputs
// `node scripts/gen-docs.mjs --check` exits 1 when any is out of date (CI and a test run it).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('..', import.meta.url))
const actionText = readFileSync(`${root}action.yml`, 'utf8')
const action = parse(actionText)

const clean = (s) => String(s ?? '').trim()

/**
 * The sections of action.yml's inputs, in order: `# ---- naming and tags ----` starts a section
 * whose id is its first word (`naming`, what `--help naming` takes) and whose title is the rest
 * of the comment. Every input belongs to the section above it.
 */
export function sections() {
  const out = []
  let inInputs = false
  for (const line of actionText.split('\n')) {
    if (/^inputs:/.test(line)) inInputs = true
    else if (/^\S/.test(line)) inInputs = false
    if (!inInputs) continue
    const head = /^ {2}# -+ (.+?) -+$/.exec(line)
    if (head) {
      const title = head[1].trim()
      const id = title.split(/[\s:]/)[0].toLowerCase()
      out.push({ id, title: title.charAt(0).toUpperCase() + title.slice(1), inputs: [] })
      continue
    }
    const input = /^ {2}([a-z0-9-]+):\s*$/.exec(line)
    if (input) {
      if (out.length === 0)
        throw new Error(`action.yml: input ${input[1]} comes before any section`)
      out.at(-1).inputs.push(input[1])
    }
  }
  const listed = out.flatMap((s) => s.inputs)
  const missing = Object.keys(action.inputs).filter((n) => !listed.includes(n))
  if (missing.length > 0) throw new Error(`action.yml: no section for ${missing.join(', ')}`)
  const ids = out.map((s) => s.id)
  if (new Set(ids).size !== ids.length) throw new Error(`action.yml: two sections share an id`)
  return out
}

const sectionOf = Object.fromEntries(sections().flatMap((s) => s.inputs.map((n) => [n, s.id])))

/**
 * Inputs a run cannot do without, listed first: those action.yml marks `required`, and those
 * whose description says "Required unless…" (`path`: the runner cannot express "one of").
 */
const isRequired = (v) => v.required === true || /\bRequired unless\b/.test(clean(v.description))

export function specSource() {
  const inputs = Object.entries(action.inputs).map(([name, v]) => ({
    name,
    section: sectionOf[name],
    description: clean(v.description),
    default: v.default === undefined ? '' : String(v.default),
    required: Boolean(v.required),
  }))
  const outputs = Object.entries(action.outputs).map(([name, v]) => ({
    name,
    description: clean(v.description),
  }))
  const secs = sections().map(({ id, title }) => ({ id, title }))
  return [
    '// Generated from action.yml by scripts/gen-docs.mjs. Do not edit: run `npm run gen`.',
    '',
    `export const ACTION_SECTIONS = ${JSON.stringify(secs, null, 2)} as const`,
    '',
    `export const ACTION_INPUTS = ${JSON.stringify(inputs, null, 2)} as const`,
    '',
    `export const ACTION_OUTPUTS = ${JSON.stringify(outputs, null, 2)} as const`,
    '',
    "export type SectionId = (typeof ACTION_SECTIONS)[number]['id']",
    "export type InputName = (typeof ACTION_INPUTS)[number]['name']",
    "export type OutputName = (typeof ACTION_OUTPUTS)[number]['name']",
    '',
  ].join('\n')
}

const cell = (s) =>
  clean(s)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')

/** The first sentence of a description, for the README's short lists. */
const firstSentence = (s) => {
  const text = clean(s).replace(/\s*\n\s*/g, ' ')
  const m = /^(.+?[.:])(\s|$)/.exec(text)
  return (m ? m[1] : text).replace(/:$/, '.')
}

const defaultCell = (v) =>
  v.default === undefined || v.default === '' ? '' : `\`${String(v.default)}\``

const inputRow = ([name, v]) =>
  `| \`${name}\`${isRequired(v) ? ' (required)' : ''} | ${defaultCell(v)} | ${cell(v.description)} |`

/** ` (unless `cid` is set…)`: when a required input may be left out, from its description. */
const unlessOf = (v) => {
  const m = /\bRequired unless (.*?)\.?$/.exec(cell(v.description))
  return m ? ` (unless ${m[1]})` : ''
}

/** docs/inputs.md, whole: every input by section (required first), then every output. */
export function inputsDoc() {
  const entries = Object.entries(action.inputs)
  const required = entries.filter(([, v]) => isRequired(v))
  const lines = [
    '<!-- Generated from action.yml by scripts/gen-docs.mjs. Do not edit: run `npm run gen`. -->',
    '',
    '# Inputs and outputs',
    '',
    'Every input of the action, by the sections of `action.yml`. The CLI takes each one as a flag',
    '(`--cid-profile`) or a variable (`IPFS_PIN_CID_PROFILE`); `ipfs-pin --help <section>` prints a',
    'section. Lists take one item per line or comma-separated. Booleans are `true` or `false` (YAML',
    '1.2 core schema: `True`, `FALSE`… also work; anything else is an error naming the input).',
    'Durations are seconds or a number with `ms`, `s`, `m`, `h` or `d`.',
    '',
    ...sections().map((s) => `- [${s.title}](#${anchor(s.title)}): ${s.inputs.length} inputs`),
    '- [Outputs](#outputs)',
    '',
  ]
  if (required.length > 0)
    lines.push(
      `**Required:** ${required.map(([n, v]) => `[\`${n}\`](#${anchor(sections().find((s) => s.inputs.includes(n))?.title ?? '')})${unlessOf(v)}`).join(', ')}; every other input has a default or may stay empty.`,
      '',
    )
  for (const s of sections()) {
    const rows = entries.filter(([n]) => s.inputs.includes(n))
    rows.sort((a, b) => Number(isRequired(b[1])) - Number(isRequired(a[1])))
    lines.push(
      `## ${s.title}`,
      '',
      '| Input | Default | Description |',
      '| --- | --- | --- |',
      ...rows.map(inputRow),
      '',
    )
  }
  lines.push(
    '## Outputs',
    '',
    'Every output is set even when a provider failed: they say what happened. The CLI writes them',
    'with `--outputs-file` as `IPFS_PIN_OUT_<NAME>=value` lines.',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(([n, v]) => `| \`${n}\` | ${cell(v.description)} |`),
    '',
  )
  return lines.join('\n')
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (title) =>
  title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-')

/** The README's parts: the inputs by section (required first), the outputs in a sentence each. */
export function tables() {
  const secs = sections()
  const required = Object.entries(action.inputs).filter(([, v]) => isRequired(v))
  const inputs = [
    ...required.map(([n, v]) => {
      return `**Required:** \`${n}\`${unlessOf(v)}: ${firstSentence(v.description)}`
    }),
    '',
    '| Section | Inputs |',
    '| --- | --- |',
    ...secs.map(
      (s) =>
        `| [${s.title}](docs/inputs.md#${anchor(s.title)}) | ${s.inputs
          .filter((n) => !isRequired(action.inputs[n]))
          .map((n) => `\`${n}\``)
          .join(', ')} |`,
    ),
  ].join('\n')
  const outputs = [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(
      ([name, v]) => `| \`${name}\` | ${cell(firstSentence(v.description))} |`,
    ),
  ].join('\n')
  return { inputs, outputs }
}

function replaceBetween(text, marker, body) {
  const start = `<!-- ${marker}:start -->`
  const end = `<!-- ${marker}:end -->`
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`)
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`
}

export function readme(current) {
  const t = tables()
  return replaceBetween(replaceBetween(current, 'inputs', t.inputs), 'outputs', t.outputs)
}

const check = process.argv.includes('--check')
const files = [
  ['src/inputs/action-spec.generated.ts', () => specSource()],
  ['docs/inputs.md', () => inputsDoc()],
  ['README.md', (have) => readme(have)],
]
const stale = []
for (const [file, make] of files) {
  let have = ''
  try {
    have = readFileSync(`${root}${file}`, 'utf8')
  } catch {
    /* missing counts as stale */
  }
  const want = make(have)
  if (have === want) continue
  stale.push(file)
  if (!check) writeFileSync(`${root}${file}`, want)
}
if (check) {
  if (stale.length > 0) {
    console.error(`Out of date with action.yml: ${stale.join(', ')}. Run \`npm run gen\`.`)
    process.exit(1)
  }
} else console.log(stale.length > 0 ? `Updated ${stale.join(', ')}` : 'Up to date')
