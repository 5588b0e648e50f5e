/**
 * src/action.ts's `run()`, the function `@github/local-action` imports and calls: it reads the
 * inputs through `@actions/core` (stubbed here, as local-action stubs it), never throws, and
 * fails the step once, even when a stray rejection follows the error that stopped the run.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type * as Core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ROOT } from '../support/action-harness.js'

const core = vi.hoisted(() => {
  const failed: string[] = []
  const outputs: Record<string, string> = {}
  const logs: string[] = []
  return { failed, outputs, logs }
})

vi.mock('@actions/core', async (importOriginal) => {
  const real = await importOriginal<typeof Core>()
  return {
    ...real,
    // @github/local-action's toolkit stub has no ExitCode: run() must not need it.
    ExitCode: undefined,
    setFailed: (m: string | Error) => core.failed.push(String(m)),
    setOutput: (n: string, v: unknown) => (core.outputs[n] = String(v)),
    setSecret: () => undefined,
    info: (m: string) => core.logs.push(m),
    debug: (m: string) => core.logs.push(`debug: ${m}`),
    warning: (m: string | Error) => core.logs.push(`warning: ${String(m)}`),
    error: (m: string | Error) => core.logs.push(`error: ${String(m)}`),
  }
})

const KUBO_PLANETS_V1 = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'

/** A fresh copy of src/action.ts (its fail-once state is per process) and the listener it added. */
async function loadAction() {
  vi.resetModules()
  const before = process.listeners('unhandledRejection')
  const mod = await import('../../src/action.js')
  return {
    run: async () => {
      await mod.run()
      return process.listeners('unhandledRejection').filter((l) => !before.includes(l))
    },
  }
}

describe('run() of src/action.ts', () => {
  const cwd = process.cwd()
  let added: NodeJS.UnhandledRejectionListener[] = []
  beforeEach(() => {
    core.failed.length = 0
    core.logs.length = 0
    for (const k of Object.keys(core.outputs)) delete core.outputs[k]
    process.chdir(ROOT)
    vi.stubEnv('GITHUB_ACTIONS', '')
    vi.stubEnv('GITHUB_STEP_SUMMARY', '')
    vi.stubEnv('INPUT_PATH', 'examples/planets')
    vi.stubEnv('INPUT_CAR-PATH', `${mkdtempSync(path.join(tmpdir(), 'action-run-'))}/`)
  })
  afterEach(() => {
    for (const l of added) process.off('unhandledRejection', l)
    added = []
    process.chdir(cwd)
    vi.unstubAllEnvs()
    process.exitCode = undefined
  })

  it('reads its inputs through @actions/core and sets the outputs', async () => {
    vi.stubEnv('INPUT_CID-PROFILE', 'unixfs-v0-2015')
    const { run } = await loadAction()
    added = await run()
    expect(core.failed).toEqual([])
    expect(core.outputs.cid).toBe('QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY')
    expect(core.outputs['cid-v1']).not.toBe(core.outputs.cid)
  })

  it('fails the step once on bad input, and a later stray rejection adds no second failure', async () => {
    vi.stubEnv('INPUT_CID-PROFILE', 'v2')
    const { run } = await loadAction()
    added = await run()
    expect(core.failed).toHaveLength(1)
    expect(core.failed[0]).toMatch(/^Input "cid-profile" has "v2", which is not allowed/)
    expect(process.exitCode).toBe(1)
    expect(core.outputs).toEqual({})
    expect(added).toHaveLength(1)
    added[0]?.(new Error('socket hang up'), Promise.resolve())
    expect(core.failed).toHaveLength(1)
    expect(core.logs).toContain('debug: Also failed afterwards: Unexpected error: socket hang up')
  })

  it('fails the step on a rejection nobody awaited after a successful run, and listens once', async () => {
    const { run } = await loadAction()
    added = await run()
    expect(core.outputs.cid).toBe(KUBO_PLANETS_V1)
    expect(core.failed).toEqual([])
    expect(await run()).toHaveLength(1)
    added[0]?.('not an Error', Promise.resolve())
    expect(core.failed).toEqual(['Unexpected error: not an Error'])
    expect(process.exitCode).toBe(1)
  })
})
