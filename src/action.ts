/**
 * The action's `run()`, shaped as GitHub's TypeScript action template has it: it reads the
 * inputs through `@actions/core`, runs the shared job (`run(config, host)` in main.ts) and never
 * throws: every failure fails the step, once. `src/index.ts` (the bundle action.yml runs) only
 * calls it, so a tool that stubs the toolkit and calls `run()` itself (`@github/local-action`,
 * see "Debug locally" in docs/development.md) runs exactly what the runner runs.
 */
import * as core from '@actions/core'
import { loadConfig, maskCredentials } from './config/config.js'
import { detectContext } from './inputs/context.js'
import { actionHost, actionSource } from './action-io.js'
import { describeFailure, run as runJob, type RunOptions } from './run/run.js'

let failed = false
let host: ReturnType<typeof actionHost> | undefined

/**
 * Fails the step with one error, masked like every other line (`setFailed` escapes it as
 * command data, so it stays one inert line). A later failure (a stray rejection from work the
 * first error abandoned) only adds a debug line, so the step shows the error that stopped it.
 */
function fail(message: string, detail?: string): void {
  const h = (host ??= actionHost())
  if (detail !== undefined) h.debug(detail)
  if (failed) {
    h.debug(`Also failed afterwards: ${message}`)
    return
  }
  failed = true
  // The failure is set first, and as the number itself: a toolkit stub without `ExitCode`
  // (@github/local-action's) made `core.ExitCode.Failure` throw here, before `setFailed`, and the
  // step ended green and silent.
  process.exitCode = EXIT_FAILURE
  core.setFailed(h.mask(message))
}

/** `core.ExitCode.Failure`, which every runner and stub reads from `process.exitCode`. */
const EXIT_FAILURE = 1

function onUnhandledRejection(reason: unknown): void {
  fail(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`)
}

/** `opts` is for tests only (a clock they drive); the runner and local-action pass none. */
export async function run(opts: RunOptions = {}): Promise<void> {
  // A promise nobody awaited must fail the step, not pass silently or crash without ::error::.
  if (!process.listeners('unhandledRejection').includes(onUnhandledRejection))
    process.on('unhandledRejection', onUnhandledRejection)
  failed = false
  const h = (host = actionHost())
  try {
    const source = actionSource()
    maskCredentials(source, (v) => h.setSecret(v))
    const config = await loadConfig(source, detectContext(process.env))
    await runJob(config, h, opts)
  } catch (err) {
    const { message, detail } = describeFailure(err)
    fail(message, detail)
  }
}
