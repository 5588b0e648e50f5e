/**
 * Runs the bundled action (`dist/index.js`) the way the Actions runner does: every input of
 * action.yml as an `INPUT_*` variable (defaults filled in, `${{ github.token }}` as a fake token),
 * `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` files, then reads them back.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface ActionYml {
  inputs: Record<string, { default?: string }>
}
const actionYml = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml

export interface ProcessResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface ActionResult extends ProcessResult {
  outputs: Record<string, string>
  summary: string
  /** Everything the action printed or set, to search for secrets. */
  everything: string
}

export function runNode(
  script: string,
  args: string[],
  opts: {
    cwd: string
    env: Record<string, string>
    timeoutMs?: number
    node?: string
    /** Given the child as soon as it runs (a test that kills it mid-run, as a cancel would). */
    onSpawn?: (child: ChildProcess) => void
  },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.node ?? process.execPath, [script, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    opts.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} did not finish within ${opts.timeoutMs ?? 60_000} ms`))
    }, opts.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (m === null) continue
    const [, name, delim] = m
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delim) value.push(lines[i] ?? '')
    out[name ?? ''] = value.join('\n')
  }
  return out
}

export async function runAction(
  inputs: Record<string, string>,
  opts: {
    cwd: string
    env?: Record<string, string>
    node?: string
    onSpawn?: (child: ChildProcess) => void
  },
): Promise<ActionResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'action-'))
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: opts.cwd,
    GITHUB_REPOSITORY: 'acme/site',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '1',
    ...opts.env,
  }
  for (const [name, spec] of Object.entries(actionYml.inputs)) {
    const def = String(spec.default ?? '')
    const value =
      inputs[name] ?? (def.includes('${{') ? 'ghs_faketoken000000000000000000000000' : def)
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  const res = await runNode(path.join(ROOT, 'dist', 'index.js'), [], {
    cwd: opts.cwd,
    env,
    node: opts.node,
    ...(opts.onSpawn !== undefined ? { onSpawn: opts.onSpawn } : {}),
  })
  const rawOutput = readFileSync(outputFile, 'utf8')
  const summary = readFileSync(summaryFile, 'utf8')
  return {
    ...res,
    outputs: parseGithubOutput(rawOutput),
    summary,
    everything: [res.stdout, res.stderr, rawOutput, summary].join('\n'),
  }
}
