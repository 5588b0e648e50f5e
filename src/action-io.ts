/**
 * The action's side of `Host` and `InputSource`: the GitHub Actions host and the action's inputs,
 * both on `@actions/core`. Kept apart from io.ts and config/sources.ts, which the CLI imports,
 * so that only the action loads the toolkit: it brings a copy of undici with it, about 20 MB of
 * peak memory a CLI run would carry for nothing (docs/performance.md, "The CLI").
 */
import * as core from '@actions/core'
import { appendFile } from 'node:fs/promises'
import { usableDefault } from './config/sources.js'
import type { InputSource } from './config/types.js'
import { masker, type Host } from './io.js'
import { inertLog } from './text.js'

/**
 * The GitHub Actions host. `core.info` prints its message raw, so a line break in it could start
 * a workflow command: every message goes through `inertLog` (warnings, errors and debug lines
 * too, which the toolkit escapes as well). Secrets are masked here before that, as the runner
 * would: a secret altered by `inertLog` would no longer match the runner's mask.
 */
export function actionHost(): Host & { mask(text: string): string } {
  const m = masker()
  const out = (msg: string): string => inertLog(m.mask(msg))
  return {
    mask: (text) => m.mask(text),
    info: (msg) => core.info(out(msg)),
    warning: (msg) => core.warning(out(msg)),
    notice: (msg) => core.notice(out(msg)),
    error: (msg) => core.error(out(msg)),
    debug: (msg) => core.debug(out(msg)),
    setSecret: (v) => {
      m.add(v)
      core.setSecret(v)
    },
    setOutput: (n, v) => core.setOutput(n, v),
    writeSummary: async (md) => {
      // Appended to the file the runner names, as `core.summary.write()` does (whose file path is
      // cached for the process: read it afresh each time).
      const file = process.env.GITHUB_STEP_SUMMARY
      if (file === undefined || file === '') return
      await appendFile(file, `${md}\n`)
    },
  }
}

/** `@actions/core` inputs. The runner fills in action.yml defaults; when run by hand they are applied here. */
export function actionSource(
  env: Readonly<Record<string, string | undefined>> = process.env,
): InputSource {
  return {
    get(name) {
      const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
      if (env[key] === undefined) return usableDefault(name)
      return core.getInput(name)
    },
  }
}
