// Runs the job of the GitLab CI/CD component templates/ipfs-pin.yml as a GitLab runner would,
// without GitLab: the inputs (spec defaults, then the name=value arguments) are interpolated
// into the text, checked against their `options`, the job's variables become the environment
// (with GitLab's predefined CI_* variables of a push pipeline), and each script line runs
// through sh in the current directory.
//
//   node scripts/gitlab-component.mjs path=planets version=file:/tmp/ipfs-pin-action-0.1.0.tgz
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'

const text = readFileSync(new URL('../templates/ipfs-pin.yml', import.meta.url), 'utf8')
const [header, body] = parseAllDocuments(text)
if (header === undefined || body === undefined)
  throw new Error('the template needs a spec header and a body')
const spec = header.toJS().spec.inputs

const given = Object.fromEntries(
  process.argv.slice(2).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
)
for (const name of Object.keys(given))
  if (!(name in spec)) throw new Error(`unknown input ${name}: GitLab rejects the include`)
const values = {}
for (const [name, s] of Object.entries(spec)) {
  if (!('default' in s) && !(name in given)) throw new Error(`input ${name} is mandatory`)
  const v = String(given[name] ?? s.default)
  if (s.options !== undefined && !s.options.map(String).includes(v))
    throw new Error(`input ${name}: ${JSON.stringify(v)} is not one of its options`)
  values[name] = v
}

const rendered = text
  .slice(text.indexOf('\n---\n') + 5)
  .replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, n) => {
    if (!(n in values)) throw new Error(`the template uses an undeclared input ${n}`)
    return values[n]
  })
const jobs = parseAllDocuments(rendered)[0]?.toJS() ?? {}
const [jobName, job] = Object.entries(jobs)[0] ?? []
if (jobName !== values['job-name'])
  throw new Error(`job named ${jobName}, not ${values['job-name']}`)

const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GITLAB_CI: 'true',
  CI: 'true',
  CI_PROJECT_PATH: 'acme/site',
  CI_PROJECT_NAME: 'site',
  CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567',
  CI_COMMIT_REF_NAME: 'main',
  CI_PIPELINE_ID: '1',
  CI_PIPELINE_IID: '1',
  CI_PIPELINE_SOURCE: 'push',
  CI_JOB_NAME: jobName,
}
for (const [k, v] of Object.entries(job.variables ?? {})) {
  if (typeof v !== 'string') throw new Error(`variable ${k} is ${typeof v}: GitLab wants strings`)
  env[k] = v
}
for (const line of job.script) {
  console.error(`$ ${line}`)
  execFileSync('sh', ['-c', line], { env, stdio: 'inherit' })
}
