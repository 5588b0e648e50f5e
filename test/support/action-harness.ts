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
import type { Clock } from '../../src/http/deadline.js'
import { fakeClock } from './clock.js'

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

/** The files and environment the runner gives a step: `INPUT_*` for every input, output files. */
export function actionEnv(
  inputs: Record<string, string>,
  opts: { cwd: string; env?: Record<string, string> },
): { env: Record<string, string>; outputFile: string; summaryFile: string } {
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
  return { env, outputFile, summaryFile }
}

function collected(
  res: ProcessResult,
  files: { outputFile: string; summaryFile: string },
): ActionResult {
  const rawOutput = readFileSync(files.outputFile, 'utf8')
  const summary = readFileSync(files.summaryFile, 'utf8')
  return {
    ...res,
    outputs: parseGithubOutput(rawOutput),
    summary,
    everything: [res.stdout, res.stderr, rawOutput, summary].join('\n'),
  }
}

/** The bundled action (dist/index.js) in a child process, as the runner runs it. */
export async function runAction(
  inputs: Record<string, string>,
  opts: {
    cwd: string
    env?: Record<string, string>
    node?: string
    onSpawn?: (child: ChildProcess) => void
  },
): Promise<ActionResult> {
  const files = actionEnv(inputs, opts)
  const { env } = files
  const res = await runNode(path.join(ROOT, 'dist', 'index.js'), [], {
    cwd: opts.cwd,
    env,
    node: opts.node,
    ...(opts.onSpawn !== undefined ? { onSpawn: opts.onSpawn } : {}),
  })
  return collected(res, files)
}

/**
 * The same step, in this process: src/action.ts's `run()` with the same environment and files,
 * what it writes to stdout (workflow commands included) captured. Time is a fake clock unless
 * `opts.clock` is given, so the step's waits take none: logic tests run here, and a few
 * child-process runs (`runAction`) prove the bundle.
 */
export async function runActionInProcess(
  inputs: Record<string, string>,
  opts: { cwd: string; env?: Record<string, string>; clock?: Clock },
): Promise<ActionResult> {
  const files = actionEnv(inputs, opts)
  const saved = process.env
  process.env = { ...files.env }
  const write = process.stdout.write.bind(process.stdout)
  let stdout = ''
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    return true
  }
  let code: number
  try {
    const { run } = await import('../../src/action.js')
    await run({ clock: opts.clock ?? fakeClock(Date.now()) })
    code = typeof process.exitCode === 'number' ? process.exitCode : 0
  } finally {
    process.stdout.write = write
    process.env = saved
    process.exitCode = undefined
  }
  return collected({ code, stdout, stderr: '' }, files)
}
