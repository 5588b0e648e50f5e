// Generates, from action.yml (the single source of truth for inputs and outputs) and the plugin
// registries (src/providers/registry.ts, src/dns/registry.ts, src/ipns/registry.ts):
//   - in action.yml, the lines from `Allowed:` to the end of the description of each input that
//     chooses a plugin (`provider`, `dns-provider`, `ipns-publish`): the ids, from the registry
//   - src/inputs/action-spec.generated.ts: names, sections, defaults and descriptions for the
//     config reader and the CLI's --help
//   - docs/inputs.md: every input, by the sections action.yml has (its `# ---- section ----`
//     comments), the required ones first; every output
//   - in README.md, between marker comments: the inputs by section (linking to docs/inputs.md)
//     and the outputs
//   - in templates/ipfs-pin.yml (the GitLab component), between marker comments: its action
//     inputs (names, order, defaults, types, options; the `Allowed:` end of a plugin input's
//     description) and the job's IPFS_PIN_* variables. Other descriptions are the template's
//     own wording (GitLab's words: merge requests, masked variables), kept as they are; a new
//     input starts with action.yml's.
//   - the index table of each plugin family, between marker comments: docs/providers/README.md
//     (`providers`), docs/names/README.md (`dns-providers`, `ipns-publishers`)
// `node scripts/gen-docs.mjs --check` (`npm run gen -- --check`) exits 1 naming every file that
// is out of date (CI and a test run it); `--root=DIR` reads and writes a copy of the repository
// there (the registries always come from this one). The registries are TypeScript: they are
// loaded through tsx (scripts/registries.ts), with no build and no network.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { parse, stringify } from 'yaml'

const { FAMILIES, ALLOWED, SECRET_INPUTS } = await tsImport('./registries.ts', import.meta.url)

const rootArg = process.argv.find((a) => a.startsWith('--root='))
const root = rootArg
  ? path.resolve(rootArg.slice('--root='.length)) + path.sep
  : fileURLToPath(new URL('..', import.meta.url))
const read = (file) => {
  try {
    return readFileSync(`${root}${file}`, 'utf8')
  } catch {
    return '' // missing counts as stale
  }
}

/** `provider` → its family, for the inputs that choose a plugin. */
const familyOf = Object.fromEntries(FAMILIES.map((f) => [f.input, f]))
const code = (s) => `\`${s}\``
const envName = (name) => `IPFS_PIN_${name.toUpperCase().replace(/-/g, '_')}`

/** The generated end of a plugin input's description in action.yml: the allowed ids. */
function allowedSentence(family) {
  const ids = (ps) => ps.map((p) => code(p.id)).join(', ')
  if (family.input === 'provider') {
    const upload = family.plugins.filter((p) => p.traits.kind === 'upload')
    const pinOnly = family.plugins.filter((p) => p.traits.kind !== 'upload')
    return (
      `Allowed: the uploads (they take the content) ${ids(upload)}; the pin-only services ` +
      `(they pin by CID what the uploads put on the network, or what \`cid\` names) ` +
      `${ids(pinOnly)}. What each one is, and its inputs: docs/providers/README.md.`
    )
  }
  return `Allowed: ${ids(family.plugins)}.`
}

/** Words wrapped to `width` columns, each line indented. */
function wrap(text, indent, width = 100) {
  const lines = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(indent + line)
  return lines
}

/**
 * action.yml with each plugin input's description ending in its generated `Allowed:` lines
 * (replacing the lines from `Allowed:` to the end of the description, or added there).
 */
export function withAllowedLists(text) {
  const lines = text.split('\n')
  for (const family of FAMILIES) {
    const at = lines.indexOf(`  ${family.input}:`)
    if (at < 0 || lines[at + 1] !== '    description: |')
      throw new Error(
        `action.yml: input ${family.input} (the ${family.input} registry's) needs a \`description: |\` block`,
      )
    let end = at + 2
    while (end < lines.length && lines[end].startsWith('      ')) end++
    let from = lines.slice(at + 2, end).findIndex((l) => l.startsWith('      Allowed:'))
    from = from < 0 ? end : at + 2 + from
    lines.splice(from, end - from, ...wrap(allowedSentence(family), '      '))
  }
  return lines.join('\n')
}

const actionText = withAllowedLists(read('action.yml'))
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

/**
 * The first sentence of a description, for the README's short lists: up to the first `.`, or
 * the first `:` after a few words (`JSON array of the changes: name, …`), outside code spans and
 * parentheses (`mode: rollback` is no end).
 */
const firstSentence = (s) => {
  const text = clean(s).replace(/\s*\n\s*/g, ' ')
  let inCode = false
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '`') inCode = !inCode
    else if (!inCode && c === '(') depth++
    else if (!inCode && c === ')') depth--
    if (inCode || depth > 0 || !/\s/.test(text[i + 1] ?? ' ')) continue
    if (c === '.') return text.slice(0, i + 1)
    if (c === ':' && text.slice(0, i).split(' ').length >= 3) return `${text.slice(0, i)}.`
  }
  return text
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

/** `text` with the lines between `<!-- marker:start -->` and `<!-- marker:end -->` replaced. */
function replaceBetween(file, text, marker, body, [open, close] = ['<!-- ', ' -->']) {
  const start = `${open}${marker}:start${close}`
  const end = `${open}${marker}:end${close}`
  const i = text.indexOf(start)
  const j = text.indexOf(end, i)
  if (i < 0 || j < 0)
    throw new Error(
      `${file} lacks the "${start}" … "${end}" markers: put them back, then run npm run gen`,
    )
  const from = text.indexOf('\n', i) + 1
  const to = text.lastIndexOf('\n', j) + 1
  return `${text.slice(0, from)}${body}\n${text.slice(to)}`
}

export function readme(current) {
  const t = tables()
  return replaceBetween(
    'README.md',
    replaceBetween('README.md', current, 'inputs', t.inputs),
    'outputs',
    t.outputs,
  )
}

// ---- the GitLab component: templates/ipfs-pin.yml ----------------------------------------------

/** Action inputs that mean nothing outside GitHub: its feedback. Credentials are never inputs. */
const GITHUB_ONLY = ['github-token', 'pr-comment', 'commit-status', 'deployment']
/** Inputs that take a list: no GitLab `options` (those allow one value). */
const LIST_INPUTS = ['provider', 'required-providers', 'ipns-publish']

/** The action inputs the component has, in action.yml's order. */
export const componentInputs = () =>
  Object.keys(action.inputs).filter((n) => !GITHUB_ONLY.includes(n) && !SECRET_INPUTS.includes(n))

/** A YAML scalar as GitLab's YAML 1.1 parser reads it back (`'off'`, `'60'` stay strings). */
const scalar = (v) =>
  stringify(v, { version: '1.1', singleQuote: true, lineWidth: 0, minContentWidth: 0 }).trimEnd()

/** The generated end of a plugin input's description in the component: ids and their variables. */
function gitlabAllowed(family) {
  const items = family.plugins.map((p) => {
    const vars = p.credentials.map(envName)
    const what =
      vars.length === 0 ? 'none' : `${p.credentialsOptional ? 'optional: ' : ''}${vars.join(', ')}`
    return `${code(p.id)} (${what})`
  })
  return `Allowed: ${items.join(', ')}. Set the variables in parentheses as masked CI/CD variables.`
}

/** One input of the component's spec: its type, default, options and description. */
function componentInput(name, kept) {
  const v = action.inputs[name]
  const def = String(v.default ?? '')
  const type =
    def === 'true' || def === 'false' ? 'boolean' : /^\d+$/.test(def) ? 'number' : undefined
  const allowed = ALLOWED[name]
  const options =
    allowed !== undefined && !LIST_INPUTS.includes(name) && allowed.includes(def)
      ? allowed
      : undefined
  let description = typeof kept === 'string' ? kept : cell(v.description).replace(/\\\|/g, '|')
  const family = familyOf[name]
  if (family !== undefined) {
    const i = description.indexOf('Allowed:')
    description = `${(i < 0 ? description : description.slice(0, i)).trim()} ${gitlabAllowed(family)}`
  }
  return [
    `    ${name}:`,
    ...(type !== undefined ? [`      type: ${type}`] : []),
    `      default: ${type !== undefined ? def : scalar(def)}`,
    ...(options !== undefined ? [`      options: [${options.map(scalar).join(', ')}]`] : []),
    `      description: ${scalar(description)}`,
  ].join('\n')
}

const GITLAB_MARKER = ['    # ', ' (generated from action.yml by `npm run gen`)']

/** templates/ipfs-pin.yml with its action inputs and the job's variables generated. */
export function gitlabTemplate(current) {
  const file = 'templates/ipfs-pin.yml'
  const cut = current.indexOf('\n---\n')
  if (cut < 0) throw new Error(`${file}: no \`---\` between the spec header and the job`)
  const header = current.slice(0, cut + 1)
  const kept = parse(header)?.spec?.inputs ?? {}
  const names = componentInputs()
  const inputs = names.map((n) => componentInput(n, kept[n]?.description)).join('\n')
  const variables = names.map((n) => `    ${envName(n)}: '$[[ inputs.${n} ]]'`).join('\n')
  return (
    replaceBetween(file, header, 'action-inputs', inputs, GITLAB_MARKER) +
    replaceBetween(file, current.slice(cut + 1), 'action-inputs', variables, GITLAB_MARKER)
  )
}

// ---- the index table of each plugin family ----------------------------------------------------

/** Where each family's table goes. A new family adds its line here and the markers there. */
const FAMILY_TABLES = {
  provider: {
    file: 'docs/providers/README.md',
    marker: 'providers',
    noun: 'Provider',
    registry: 'src/providers/registry.ts',
  },
  'dns-provider': {
    file: 'docs/names/README.md',
    marker: 'dns-providers',
    noun: 'DNS provider',
    registry: 'src/dns/registry.ts',
  },
  'ipns-publish': {
    file: 'docs/names/README.md',
    marker: 'ipns-publishers',
    noun: 'Publisher',
    registry: 'src/ipns/registry.ts',
  },
}

/** Table text: `|` escaped, and `*` outside code spans (Sagittarius A\*). */
const prose = (s) =>
  s
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([|*])/g, '\\$1')))
    .join('')

const codes = (xs) => xs.map(code).join(', ')

/** A family's index table, its links relative to `file`. */
export function familyTable(family, file) {
  const provider = family.input === 'provider'
  const { noun, registry } = FAMILY_TABLES[family.input]
  const head = provider
    ? [noun, 'What it is', 'Takes', 'Keeps labels', 'Credentials', 'Other inputs', 'Contract']
    : [noun, 'What it is', 'Credentials', 'Other inputs', 'Contract']
  const rows = family.plugins.map((p) => {
    const page = p.docs.split('#')[0]
    const link = `[${path.basename(page)}](${path.posix.relative(path.posix.dirname(file), page)}${p.docs.slice(page.length)})`
    const credentials =
      p.credentials.length === 0
        ? 'none'
        : `${p.credentialsOptional ? 'optional: ' : ''}${codes(p.credentials)}`
    const others = p.inputs.filter((i) => !p.credentials.includes(i.name))
    const other =
      others.length === 0
        ? '—'
        : others.map((i) => `${code(i.name)}${i.secret ? ' (secret)' : ''}`).join(', ')
    const takes =
      p.traits.kind !== 'upload'
        ? 'a CID (pin only)'
        : p.traits.serverImport !== undefined
          ? 'the files (it builds the DAG)'
          : 'the CAR'
    const cells = provider
      ? [
          code(p.id),
          prose(p.title),
          takes,
          p.traits.keepsLabels ? 'yes' : 'no',
          credentials,
          other,
          link,
        ]
      : [code(p.id), prose(p.title), credentials, other, link]
    return `| ${cells.join(' | ')} |`
  })
  return [
    `<!-- Generated from ${registry} by scripts/gen-docs.mjs. Do not edit: run \`npm run gen\`. -->`,
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n')
}

/** A Markdown file with the tables of every family that has its table there. */
function withFamilyTables(file, current) {
  let text = current
  for (const family of FAMILIES) {
    const where = FAMILY_TABLES[family.input]
    if (where === undefined)
      throw new Error(
        `no index table for the ${family.input} family: add it to FAMILY_TABLES in scripts/gen-docs.mjs`,
      )
    if (where.file === file)
      text = replaceBetween(file, text, where.marker, familyTable(family, file))
  }
  return text
}

const check = process.argv.includes('--check')
const files = [
  ['action.yml', () => actionText],
  ['src/inputs/action-spec.generated.ts', () => specSource()],
  ['docs/inputs.md', () => inputsDoc()],
  ['README.md', (have) => readme(have)],
  ['templates/ipfs-pin.yml', (have) => gitlabTemplate(have)],
  ...[...new Set(Object.values(FAMILY_TABLES).map((t) => t.file))].map((file) => [
    file,
    (have) => withFamilyTables(file, have),
  ]),
]
const stale = []
const errors = []
for (const [file, make] of files) {
  try {
    const have = read(file)
    const want = make(have)
    if (have === want) continue
    stale.push(file)
    if (!check) writeFileSync(`${root}${file}`, want)
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e))
  }
}
for (const e of errors) console.error(`gen-docs: ${e}`)
if (check && stale.length > 0)
  console.error(
    `Out of date with action.yml and the plugin registries: ${stale.join(', ')}. Run \`npm run gen\`.`,
  )
if (!check) console.log(stale.length > 0 ? `Updated ${stale.join(', ')}` : 'Up to date')
if (errors.length > 0 || (check && stale.length > 0)) process.exit(1)
