/**
 * The action's `run()`, shaped as GitHub's TypeScript action template has it: it reads the
 * inputs through `@actions/core`, runs the shared job (`run(config, host)` in main.ts) and never
 * throws: every failure fails the step, once. `src/index.ts` (the bundle action.yml runs) only
 * calls it, so a tool that stubs the toolkit and calls `run()` itself (`@github/local-action`,
 * see "Debug locally" in the README) runs exactly what the runner runs.
 */
import * as core from '@actions/core'
import { maskCredentials, readConfig } from './config/config.js'
import { detectContext } from './config/context.js'
import { actionSource } from './config/sources.js'
import { actionHost } from './io.js'
import { describeFailure, run as runJob } from './main.js'

let failed = false

/**
 * Fails the step with one error. A later failure (a stray rejection from work the first
 * error abandoned) only adds a debug line, so the step shows the error that stopped it.
 */
function fail(message: string, detail?: string): void {
  if (detail !== undefined) core.debug(detail)
  if (failed) {
    core.debug(`Also failed afterwards: ${message}`)
    return
  }
  failed = true
  core.setFailed(message)
}

function onUnhandledRejection(reason: unknown): void {
  fail(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`)
  process.exitCode = 1
}

export async function run(): Promise<void> {
  // A promise nobody awaited must fail the step, not pass silently or crash without ::error::.
  if (!process.listeners('unhandledRejection').includes(onUnhandledRejection))
    process.on('unhandledRejection', onUnhandledRejection)
  const host = actionHost()
  try {
    const source = actionSource()
    maskCredentials(source, (v) => host.setSecret(v))
    const config = readConfig(source, detectContext(process.env))
    await runJob(config, host)
  } catch (err) {
    const { message, detail } = describeFailure(err)
    fail(message, detail)
  }
}
