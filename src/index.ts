/** GitHub Action entry point: read inputs, run, report failure once. */
import * as core from '@actions/core'
import { maskCredentials, readConfig } from './config/config.js'
import { detectContext } from './config/context.js'
import { actionSource } from './config/sources.js'
import { actionHost } from './io.js'
import { describeFailure, run } from './main.js'

process.on('unhandledRejection', (reason) => {
  core.setFailed(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`)
  process.exitCode = 1
})

const host = actionHost()
try {
  const source = actionSource()
  maskCredentials(source, (v) => host.setSecret(v))
  const config = readConfig(source, detectContext(process.env))
  await run(config, host)
} catch (err) {
  const { message, detail } = describeFailure(err)
  if (detail !== undefined) core.debug(detail)
  core.setFailed(message)
}
