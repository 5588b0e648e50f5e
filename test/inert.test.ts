/**
 * Untrusted text is inert everywhere (issue 10, items 12–17): hostile file names, provider
 * answers and labels can neither inject a workflow command into the log nor Markdown or HTML into
 * the job summary and the pull-request comment; outputs hold real values, one line each.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { inertLog, shown } from '../src/text.js'
import { startClusterDouble, type ClusterDouble } from './doubles/cluster.js'
import { startKuboDouble, type KuboDouble } from './doubles/kubo.js'
import { ROOT, runAction, runNode } from './support/action-harness.js'
import { workflowCommands } from './support/workflow-commands.js'

const V1 = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js')

let kubo: KuboDouble | undefined
let cluster: ClusterDouble | undefined
afterEach(async () => {
  await kubo?.close()
  await cluster?.close()
  kubo = undefined
  cluster = undefined
})

/** A workspace with `site/` holding `index.html` and the given hostile names. */
function workspace(names: readonly string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'inert-'))
  mkdirSync(path.join(root, 'site'))
  writeFileSync(path.join(root, 'site', 'index.html'), '<h1>hi</h1>')
  for (const n of names) writeFileSync(path.join(root, 'site', n), 'x')
  return root
}

// ---- item 12: workflow commands --------------------------------------------------------------

describe('logs: nothing untrusted reaches the runner as a workflow command', () => {
  const NAMES = [
    'x\n::set-output name=cid::evil',
    '.z\n::stop-commands::tok',
    '::set-output name=cid::evil2',
    'a ##[stop-commands]tok2',
  ]
  const hostileInputs = (kuboUrl: string, clusterUrl: string): Record<string, string> => ({
    path: 'site',
    'hidden-files': 'exclude',
    exclude: 'x*\n::*\na *',
    provider: 'kubo, cluster',
    'kubo-url': kuboUrl,
    'cluster-url': clusterUrl,
    verify: 'warn',
    retries: '0',
  })

  it('the action prints hostile file names and provider answers as data, and its ::error:: still fails the step', async () => {
    const cwd = workspace(NAMES)
    kubo = await startKuboDouble()
    kubo.lieAboutRoot = `${V1}\n::set-output name=cid::from-kubo\n::stop-commands::tok3`
    cluster = await startClusterDouble()
    cluster.pinError = 'dial refused\n::stop-commands::tok4\n##[set-output name=cid;]evil3'
    const res = await runAction(hostileInputs(kubo.url, cluster.url), { cwd })
    expect(res.code).toBe(1)
    const commands = workflowCommands(res.stdout)
    for (const c of commands) expect(['add-mask', 'debug', 'warning', 'error']).toContain(c.command)
    // The step's own error comes last and is read as one.
    expect(commands.at(-1)).toMatchObject({ command: 'error' })
    expect(commands.at(-1)?.data).toMatch(/^cluster: the pin failed: .*dial refused/)
    expect(res.outputs.cid).toMatch(/^bafybei[a-z2-7]{52}$/) // no set-output replaced it
    // The names are still shown, one per line, escaped.
    expect(res.stdout).toContain('  "x\\n::set-output name=cid::evil" (matched "exclude")')
    expect(res.stdout).toContain('  ".z\\n::stop-commands::tok" (hidden-files: exclude)')
  })

  it('the CLI, whose stderr a run: step also feeds to the runner, prints no command either', async () => {
    const cwd = workspace(NAMES)
    kubo = await startKuboDouble()
    kubo.lieAboutRoot = `${V1}\n::set-output name=cid::from-kubo`
    cluster = await startClusterDouble()
    cluster.pinError = 'dial refused\n::stop-commands::tok4'
    const flags = Object.entries(hostileInputs(kubo.url, cluster.url)).flatMap(([k, v]) => [
      `--${k}`,
      v,
    ])
    const res = await runNode(CLI, flags, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd },
    })
    expect(res.code).toBe(1)
    expect(workflowCommands(res.stderr)).toEqual([])
    expect(res.stderr).toContain('error: cluster: the pin failed')
  })

  it.each([
    ['a line break', 'ok\n::set-output name=a::b'],
    ['a lone carriage return', 'ok\r::set-output name=a::b'],
    ['leading blanks the runner trims', '\t \u0085\u00a0\u2003::set-output name=a::b'],
    ['a leading line separator', '\u2028::set-output name=a::b'],
    ['the legacy form, mid-line', 'file a ##[set-output name=a;]b'],
    ['a stop token', 'x\n::stop-commands::tok\n::error::hidden'],
  ])('inertLog leaves no command in a message with %s', (_label, message) => {
    expect(workflowCommands(inertLog(message))).toEqual([])
    expect(workflowCommands(message)).not.toEqual([]) // the message itself would inject one
  })

  it('inertLog keeps our own multi-line messages as they are', () => {
    const m = 'No provider succeeded:\nkubo: upload failed: HTTP 500\ncluster: upload failed'
    expect(inertLog(m)).toBe(m)
  })

  it('shown() quotes only values that need it', () => {
    expect(shown('assets/app.js')).toBe('assets/app.js')
    expect(shown('a\nb')).toBe('"a\\nb"')
    expect(shown('say "hi"')).toBe('"say \\"hi\\""')
    expect(shown('\u202eevil\u0085')).toBe('"\\u202eevil\\u0085"')
  })
})
