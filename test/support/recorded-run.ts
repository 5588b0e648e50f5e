/**
 * Runs `run()` in-process from a map of inputs, with a host that records everything given to it
 * unmasked: the strictest place to look for a leaked credential.
 */
import { expect } from 'vitest'
import type { InputName } from '../../src/inputs/action-spec.generated.js'
import { INPUT_DEFAULTS, readConfig } from '../../src/config/config.js'
import type { Config } from '../../src/config/types.js'
import { detectContext } from '../../src/inputs/context.js'
import type { Host } from '../../src/io.js'
import type { Ticker } from '../../src/run/progress.js'
import { run } from '../../src/run/run.js'
import { ROOT } from './action-harness.js'
import { fakeClock } from './clock.js'
import type { Clock } from '../../src/http/deadline.js'
import type { Registry } from '../../src/inputs/plugin.js'
import type { AnyProviderDescriptor } from '../../src/providers/registry.js'
import { readIpnsKey } from '../../src/ipns/key.js'

/** A config from `inputs`, the action's defaults for the rest, temp files under `tempDir`. */
export function configFor(
  inputs: Record<string, string>,
  tempDir: string,
  env: Record<string, string> = {},
  registry?: Registry<AnyProviderDescriptor>,
): Config {
  return readConfig(
    {
      get: (n: InputName) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, ''),
    },
    { ...detectContext(env, ROOT), tempDir },
    { ipnsKey: readIpnsKey, ...(registry !== undefined ? { registry } : {}) },
  )
}

export type RecordingHost = Host & { text(): string; outputs: Record<string, string> }

export function recordingHost(): RecordingHost {
  const lines: string[] = []
  const outputs: Record<string, string> = {}
  return {
    outputs,
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    setSecret: () => undefined,
    setOutput: (k, v) => {
      outputs[k] = v
      lines.push(`output ${k}=${v}`)
    },
    writeSummary: (md) => {
      lines.push(md)
      return Promise.resolve()
    },
    text: () => lines.join('\n'),
  }
}

export interface Ran {
  host: RecordingHost
  error?: Error
  results: Array<{ status: string; cid?: string; expectedCid: string; id?: string; error?: string }>
  ms: number
}

/**
 * `run()` with `inputs`. Time is a fake clock unless `opts.clock` says otherwise: waits between
 * polls, retry backoffs and rate-limit pauses take no wall-clock time, so doubles progress by
 * what they are asked, never by how long a test waits.
 */
export async function runRecorded(
  inputs: Record<string, string>,
  tempDir: string,
  env: Record<string, string> = {},
  opts: { clock?: Clock; registry?: Registry<AnyProviderDescriptor>; ticker?: Ticker } = {},
): Promise<Ran> {
  const host = recordingHost()
  const started = performance.now()
  let error: Error | undefined
  try {
    const config = configFor(inputs, tempDir, env, opts.registry)
    await run(config, host, {
      clock: opts.clock ?? fakeClock(Date.now()),
      ...(opts.ticker !== undefined ? { ticker: opts.ticker } : {}),
    })
  } catch (err) {
    error = err as Error
  }
  return {
    host,
    ...(error !== undefined ? { error } : {}),
    results: JSON.parse(host.outputs.results ?? '[]') as Ran['results'],
    ms: performance.now() - started,
  }
}

/** No credential byte string (raw or derived) in any of `texts`. */
export function expectNoSecret(d: { secrets: readonly string[] }, ...texts: string[]): void {
  for (const secret of d.secrets)
    for (const t of texts) expect(t, 'a credential leaked').not.toContain(secret)
}
