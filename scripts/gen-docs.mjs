// Generates, from action.yml (the single source of truth for inputs and outputs):
//   - src/config/action-spec.generated.ts: names, defaults and descriptions for the config reader and the CLI
//   - the inputs and outputs tables in README.md, between the marker comments
// `node scripts/gen-docs.mjs --check` exits 1 when either is out of date (CI and a test run it).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('..', import.meta.url))
const action = parse(readFileSync(`${root}action.yml`, 'utf8'))

const clean = (s) => String(s ?? '').trim()

export function specSource() {
  const inputs = Object.entries(action.inputs).map(([name, v]) => ({
    name,
    description: clean(v.description),
    default: v.default === undefined ? '' : String(v.default),
    required: Boolean(v.required),
  }))
  const outputs = Object.entries(action.outputs).map(([name, v]) => ({
    name,
    description: clean(v.description),
  }))
  return [
    '// Generated from action.yml by scripts/gen-docs.mjs. Do not edit: run `npm run gen`.',
    '',
    `export const ACTION_INPUTS = ${JSON.stringify(inputs, null, 2)} as const`,
    '',
    `export const ACTION_OUTPUTS = ${JSON.stringify(outputs, null, 2)} as const`,
    '',
    "export type InputName = (typeof ACTION_INPUTS)[number]['name']",
    "export type OutputName = (typeof ACTION_OUTPUTS)[number]['name']",
    '',
  ].join('\n')
}

const cell = (s) =>
  clean(s)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')

export function tables() {
  const inputs = [
    '| Input | Default | Description |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs).map(
      ([name, v]) =>
        `| \`${name}\` | ${v.default === undefined || v.default === '' ? '' : `\`${String(v.default)}\``} | ${cell(v.description)} |`,
    ),
  ].join('\n')
  const outputs = [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(
      ([name, v]) => `| \`${name}\` | ${cell(v.description)} |`,
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
const specPath = `${root}src/config/action-spec.generated.ts`
const readmePath = `${root}README.md`
const wantSpec = specSource()
const haveReadme = readFileSync(readmePath, 'utf8')
const wantReadme = readme(haveReadme)
let stale = []
let haveSpec = ''
try {
  haveSpec = readFileSync(specPath, 'utf8')
} catch {
  /* missing counts as stale */
}
if (haveSpec !== wantSpec) stale.push('src/config/action-spec.generated.ts')
if (haveReadme !== wantReadme) stale.push('README.md')
if (check) {
  if (stale.length > 0) {
    console.error(`Out of date with action.yml: ${stale.join(', ')}. Run \`npm run gen\`.`)
    process.exit(1)
  }
} else {
  writeFileSync(specPath, wantSpec)
  writeFileSync(readmePath, wantReadme)
  console.log(stale.length > 0 ? `Updated ${stale.join(', ')}` : 'Up to date')
}
