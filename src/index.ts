/** GitHub Action entry point: read inputs, run, report failure once. */
import * as core from '@actions/core'
import { maskCredentials, readConfig } from './config/config.js'
import { detectContext } from './config/context.js'
import { actionSource } from './config/sources.js'
import { actionHost } from './io.js'
import { describeFailure, run } from './main.js'

// Failures are reported through the host too: masked and inert like every other line.
const host = actionHost()
const fail = (message: string): void => {
  process.exitCode = core.ExitCode.Failure
  host.error(message)
}

process.on('unhandledRejection', (reason) => {
  fail(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`)
})

try {
  const source = actionSource()
  maskCredentials(source, (v) => host.setSecret(v))
  const config = readConfig(source, detectContext(process.env))
  await run(config, host)
} catch (err) {
  const { message, detail } = describeFailure(err)
  if (detail !== undefined) host.debug(detail)
  fail(message)
}
