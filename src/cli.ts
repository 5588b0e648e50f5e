#!/usr/bin/env node
/** CLI entry point: the same config and run as the action, from flags and IPFS_PIN_* variables. */
import { loadConfig, maskCredentials } from './config/config.js'
import { detectContext } from './inputs/context.js'
import { EXIT, cliSource, cliWording, parseArgs, variableProblems } from './config/sources.js'
import { helpText } from './config/help.js'
import { identifyAs } from './http/identity.js'
import { cliHost } from './io.js'
import { inertLog } from './text.js'
import { describeFailure, run } from './run/run.js'
import { VERSION, nodeWarning } from './version.js'

async function main(argv: readonly string[]): Promise<number> {
  const old = nodeWarning(process.versions.node)
  if (old !== undefined) process.stderr.write(`${old}\n`)
  identifyAs('cli')
  let args
  try {
    args = parseArgs(argv)
  } catch (err) {
    process.stderr.write(`${inertLog(`error: ${cliWording(describeFailure(err).message)}`)}\n`)
    return EXIT.input
  }
  if (args.help) {
    process.stdout.write(`${helpText(process.stdout.columns, args.helpTopic)}\n`)
    return EXIT.ok
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`)
    return EXIT.ok
  }
  let host: ReturnType<typeof cliHost> | undefined
  try {
    host = cliHost({
      outputsFile: args.outputsFile,
      summaryFile: args.summaryFile,
      debug: args.debug,
    })
    // A misspelled variable is bad input, before any work: it would be ignored, not fail.
    const variables = variableProblems(process.env)
    for (const w of variables.warnings) host.warning(w)
    if (variables.errors.length > 0) {
      for (const e of variables.errors) host.error(e)
      return EXIT.input
    }
    const source = cliSource(args.flags, process.env)
    maskCredentials(source, (v) => host?.setSecret(v))
    const config = await loadConfig(source, detectContext(process.env))
    const result = await run(config, host)
    process.stdout.write(`${result.cid}\n`)
    return EXIT.ok
  } catch (err) {
    const { detail, input, ...said } = describeFailure(err)
    // Errors name the flag and the variable the value came from (a failure too: the Safe to check).
    const message = cliWording(said.message, { failure: !input })
    if (host === undefined) process.stderr.write(`${inertLog(`error: ${message}`)}\n`)
    else {
      host.error(message)
      if (detail !== undefined) host.debug(detail)
    }
    return input ? EXIT.input : EXIT.failure
  }
}

process.exitCode = await main(process.argv.slice(2))
