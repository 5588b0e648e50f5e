/**
 * Untrusted text is inert everywhere (issue 10, items 12–17): hostile file names, provider
 * answers and labels can neither inject a workflow command into the log nor Markdown or HTML into
 * the job summary and the pull-request comment; outputs hold real values, one line each.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { afterEach, describe, expect, it } from 'vitest'
import type { CleanupReport } from '../src/cleanup/cleanup.js'
import type { InputName } from '../src/inputs/action-spec.generated.js'
import { INPUT_DEFAULTS, readConfig } from '../src/config/config.js'
import type { Config } from '../src/config/types.js'
import { detectContext } from '../src/inputs/context.js'
import type { ProviderResult } from '../src/run/upload.js'
import { InputError } from '../src/errors.js'
import { commentBody } from '../src/run/feedback.js'
import { githubOf, outcomeOf } from './support/outcome.js'
import { DOTENV_LIMIT, JSON_OUTPUTS, cliHost, outputsJsonPath } from '../src/io.js'
import { run } from '../src/run/run.js'
import { code, renderCleanupSummary } from '../src/run/summary.js'
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

function configFor(cwd: string, inputs: Partial<Record<InputName, string>>): Config {
  return readConfig(
    { get: (n) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, '') },
    { ...detectContext({}, cwd), tempDir: cwd },
  )
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

// ---- item 13: Markdown and HTML ----------------------------------------------------------------

/** GitHub Flavored Markdown to HTML, raw HTML passed through (GitHub keeps much of it). */
const render = (md: string): string =>
  micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true })

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')

/** The text of every `<code>` element. */
const codeTexts = (html: string): string[] =>
  [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => decode(m[1] ?? ''))

/** The HTML without its `<code>` elements: where mentions, links and tags would take effect. */
const outsideCode = (html: string): string => html.replace(/<code>[\s\S]*?<\/code>/g, '')

/** Every table as the number of cells of each row (header first). */
const tableShapes = (html: string): number[][] =>
  [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (r) => (r[1] ?? '').match(/<t[hd][ >]/g)?.length ?? 0,
    ),
  )

/** What no hostile value may achieve outside code, and what every table must keep. */
function expectInert(md: string, gatewayLinks: RegExp = /^$/): string {
  const html = render(md)
  const outside = outsideCode(html)
  for (const bad of ['<img', 'onerror', '@team', '@everyone', 'evil.example', '<h1', '<script'])
    expect(outside).not.toContain(bad)
  for (const [, href] of outside.matchAll(/<a href="([^"]*)"/g)) expect(href).toMatch(gatewayLinks)
  for (const shape of tableShapes(html)) expect(new Set(shape).size).toBe(1)
  return html
}

const HOSTILE = '`` x | y <img src=x onerror=alert(1)> @team https://evil.example/a `'

describe('summary and pull-request comment: untrusted values are shown, never rendered', () => {
  it.each([
    ['plain', 'plain'],
    ['one backtick', 'a`b'],
    ['two backticks', 'a``b'],
    ['a leading backtick', '`a'],
    ['a trailing run', 'a```'],
    ['spaces around', ' a '],
    ['a pipe and HTML', 'a|<b>c</b>'],
  ])('a code span keeps a value with %s whole', (_label, value) => {
    const html = render(`x ${code(value)} y`)
    expect(codeTexts(html)).toEqual([value])
    expect(outsideCode(html)).toBe('<p>x  y</p>')
  })

  it('renders hostile file names and provider answers in the job summary as code', async () => {
    const fileName = 'x`` | <img src=x onerror=alert(1)> @everyone www.evil.example ``\n# heading'
    const cwd = workspace([fileName])
    kubo = await startKuboDouble()
    kubo.lieAboutRoot = HOSTILE
    cluster = await startClusterDouble()
    cluster.pinError = HOSTILE
    const summaryFile = path.join(cwd, 'summary.md')
    const config = configFor(cwd, {
      path: 'site',
      exclude: 'x*',
      provider: 'kubo, cluster',
      'kubo-url': kubo.url,
      'cluster-url': cluster.url,
      verify: 'warn',
      retries: '0',
    })
    await expect(run(config, cliHost({ summaryFile, stderr: () => undefined }))).rejects.toThrow(
      /cluster: the pin failed/,
    )
    const summary = readFileSync(summaryFile, 'utf8')
    const html = expectInert(summary, /^https:\/\/(dweb\.link\/ipfs\/|\w+\.ipfs\.dweb\.link)/)
    const codes = codeTexts(html)
    expect(codes).toContain(shown(fileName)) // the skipped list
    expect(codes).toContain(HOSTILE) // kubo's CID, in the results table
    expect(codes.some((c) => c.includes(HOSTILE.trim()) && c.startsWith('cluster'))).toBe(true)
    expect(tableShapes(html).map((t) => t[0])).toEqual([4])
  })

  it('renders the cleanup section with hostile scopes, CIDs, ids, reasons and errors as code', () => {
    const report: CleanupReport = {
      scope: 'acme/site@x`<img>`',
      dryRun: false,
      unpinned: [{ provider: 'psa', cid: HOSTILE, id: `req|${HOSTILE}`, action: 'unpinned' }],
      released: [{ provider: 'cluster', cid: HOSTILE }],
      kept: [{ cid: HOSTILE, reason: `also deployed by ${HOSTILE}` }],
      errors: [`pinata: listing failed: ${HOSTILE}\n# not a heading`],
    }
    const html = expectInert(renderCleanupSummary(report))
    const codes = codeTexts(html)
    expect(codes).toContain(report.scope)
    expect(codes).toContain(`req|${HOSTILE}`)
    expect(codes).toContain(`also deployed by ${HOSTILE}`)
    expect(codes).toContain(`pinata: listing failed: ${HOSTILE} # not a heading`)
    expect(tableShapes(html)).toEqual([[4, 4, 4]])
  })

  it('renders the pull-request comment with a hostile problem, scope and results as code', () => {
    const base = configFor(workspace([]), { path: 'site' })
    const config = { ...base, naming: { ...base.naming, scope: 'acme/site#pr-1`@team`' } }
    const results: ProviderResult[] = [
      { provider: 'kubo', status: 'failed', expectedCid: V1, durationMs: 5, error: HOSTILE },
    ]
    const deploy = expectInert(
      commentBody(
        outcomeOf(config, { providers: results, failure: `kubo: ${HOSTILE}` }),
        githubOf(config),
      ),
    )
    expect(codeTexts(deploy)).toContain(`kubo: ${HOSTILE}`)
    const cleanup = expectInert(
      commentBody(
        {
          ...outcomeOf(config),
          mode: 'cleanup',
          failure: HOSTILE,
          cleanup: {
            scope: config.naming.scope,
            dryRun: false,
            unpinned: [],
            released: [],
            kept: [],
            errors: [HOSTILE],
          },
        },
        githubOf(config),
      ),
    )
    expect(codeTexts(cleanup)).toEqual(expect.arrayContaining([config.naming.scope, HOSTILE]))
  })
})

// ---- item 14: outputs hold real values -----------------------------------------------------------

/** A dotenv file as GitLab's dotenv report reads it: text after the first `=`, stripped, as is. */
const gitlabDotenv = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const m = /^(.*?)=(.*)$/.exec(l)
        if (m === null) throw new Error(`not a dotenv line: ${JSON.stringify(l)}`)
        return [(m[1] ?? '').trim(), (m[2] ?? '').trim()]
      }),
  )

describe('CLI outputs file', () => {
  it('holds the real CID when a credential happens to occur in it; the log stays masked', async () => {
    const cwd = workspace([])
    writeFileSync(path.join(cwd, 'site', 'index.html'), 'planets') // any content
    const outputsFile = path.join(cwd, 'o.env')
    const lines: string[] = []
    const host = cliHost({ outputsFile, stderr: (l) => lines.push(l) })
    // First run: learn the CID; then use a piece of it as the password.
    const first = await run(configFor(cwd, { path: 'site' }), cliHost({ stderr: () => undefined }))
    const password = first.cid.slice(10, 26)
    const res = await run(
      configFor(cwd, {
        path: 'site',
        provider: 'kubo',
        'kubo-url': 'http://127.0.0.1:1',
        'kubo-basic-auth': `ci:${password}`,
        'dry-run': 'true',
      }),
      host,
    )
    expect(res.cid).toBe(first.cid)
    const file = readFileSync(outputsFile, 'utf8')
    expect(file).toContain(`IPFS_PIN_OUT_CID=${first.cid}\n`)
    expect(file).not.toContain('***')
    // One line per scalar output, read back by GitLab's rules to exactly what was set; the JSON
    // outputs in the JSON file the first line names, with every other output.
    const read = gitlabDotenv(file)
    const jsonFile = path.join(cwd, 'o.json')
    expect(file.split('\n')[0]).toBe(`IPFS_PIN_OUT_JSON=${jsonFile}`)
    const scalars = Object.entries(host.outputs).filter(([n]) => !JSON_OUTPUTS.includes(n))
    expect(Object.keys(read)).toHaveLength(scalars.length + 1)
    for (const [name, value] of scalars)
      expect(read[`IPFS_PIN_OUT_${name.toUpperCase().replace(/-/g, '_')}`]).toBe(value)
    expect(read.IPFS_PIN_OUT_RESULTS).toBeUndefined()
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>
    expect(json.results).toMatchObject([{ status: 'skipped' }])
    expect(json.cid).toBe(first.cid)
    expect(Object.keys(json).sort()).toEqual(Object.keys(host.outputs).sort())
    expect(Buffer.byteLength(file)).toBeLessThan(DOTENV_LIMIT)
    // Masking is for what is printed.
    expect(lines.join('\n')).not.toContain(password)
    expect(lines.some((l) => l.startsWith('CID ') && l.includes('***'))).toBe(true)
  })

  it('keeps a value with a line break on one line, and says so', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outputs-'))
    const outputsFile = path.join(dir, 'o.env')
    const lines: string[] = []
    const host = cliHost({ outputsFile, stderr: (l) => lines.push(l) })
    host.setOutput('car-path', '/tmp/a\nIPFS_PIN_OUT_CID=evil.car')
    host.setOutput('cid', V1)
    expect(gitlabDotenv(readFileSync(outputsFile, 'utf8'))).toEqual({
      IPFS_PIN_OUT_JSON: path.join(dir, 'o.json'),
      IPFS_PIN_OUT_CAR_PATH: '/tmp/a IPFS_PIN_OUT_CID=evil.car',
      IPFS_PIN_OUT_CID: V1,
    })
    expect(lines.join('\n')).toMatch(/warning: output "car-path" holds a line break/)
  })

  it("keeps a release with many providers, gateways and unpins under GitLab's dotenv limit", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outputs-'))
    const outputsFile = path.join(dir, 'ipfs-pin.env')
    const lines: string[] = []
    const host = cliHost({ outputsFile, stderr: (l) => lines.push(l) })
    const many = (n: number, make: (i: number) => unknown): string =>
      JSON.stringify(Array.from({ length: n }, (_, i) => make(i)))
    host.setOutput('cid', V1)
    host.setOutput('gateway-url', `https://dweb.link/ipfs/${V1}`)
    host.setOutput(
      'results',
      many(12, (i) => ({ provider: `p${i}`, status: 'pinned', cid: V1, expectedCid: V1 })),
    )
    host.setOutput(
      'unpinned',
      many(60, (i) => ({ provider: `p${i % 6}`, cid: `${V1}${i}` })),
    )
    host.setOutput(
      'dnslink',
      many(5, (i) => ({ name: `n${i}.example.org`, value: `/ipfs/${V1}` })),
    )
    host.setOutput('dnslink-url', 'https://n0-example-org.ipns.dweb.link')
    const file = readFileSync(outputsFile, 'utf8')
    expect(Buffer.byteLength(file)).toBeLessThan(1024)
    expect(outputsJsonPath(outputsFile)).toBe(path.join(dir, 'ipfs-pin.json'))
    const json = JSON.parse(readFileSync(outputsJsonPath(outputsFile), 'utf8')) as {
      unpinned: unknown[]
    }
    expect(json.unpinned).toHaveLength(60)
    expect(lines).toEqual([])
    // Past the limit (only a very long car-path could), a warning says where to read them.
    host.setOutput('car-path', `/${'x'.repeat(5200)}.car`)
    expect(lines.join('\n')).toMatch(/over the 5120 bytes GitLab takes in a dotenv report/)
    expect(outputsJsonPath('out')).toBe('out.json')
    expect(outputsJsonPath('a.b/out')).toBe('a.b/out.json')
    expect(outputsJsonPath('x.json')).toBe('x.json.outputs.json')
  })
})

// ---- item 15: metadata values ------------------------------------------------------------------

describe('metadata', () => {
  it.each([
    ['a newline (JSON)', '{"team":"web\\nops"}', 'U+000A'],
    ['a carriage return (lines)', 'team=web\rops', 'U+000D'],
    ['a tab (lines)', 'team=web\tops', 'U+0009'],
    ['an escape character (JSON)', '{"team":"\\u001b[31mred"}', 'U+001B'],
    ['a line separator (JSON)', '{"team":"a\\u2028b"}', 'U+2028'],
  ])('refuses a value with %s, naming the input and the key', (_label, metadata, code) => {
    let err: unknown
    try {
      configFor(workspace([]), { path: 'site', metadata })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe('metadata')
    expect((err as InputError).message).toContain('Input "metadata"')
    expect((err as InputError).message).toContain('"team"')
    expect((err as InputError).message).toContain(code)
    expect((err as InputError).message.split('\n')).toHaveLength(1)
  })

  it('still takes printable values', () => {
    const c = configFor(workspace([]), { path: 'site', metadata: 'team=web ops\nowner=ç' })
    expect(c.naming.metadata).toEqual({ team: 'web ops', owner: 'ç' })
  })
})

// ---- item 16: results[].cid in expectedCid's form --------------------------------------------------

describe('results[].cid', () => {
  it('is written as expectedCid is when the provider answers the same CID in another base', async () => {
    const cwd = workspace([])
    const offline = await run(
      configFor(cwd, { path: 'site' }),
      cliHost({ stderr: () => undefined }),
    )
    kubo = await startKuboDouble()
    kubo.lieAboutRoot = CID.parse(offline.cid).toString(base58btc)
    expect(kubo.lieAboutRoot).toMatch(/^z/)
    const lines: string[] = []
    const res = await run(
      configFor(cwd, { path: 'site', provider: 'kubo', 'kubo-url': kubo.url }),
      cliHost({ stderr: (l) => lines.push(l) }),
    )
    expect(JSON.parse(res.outputs.results ?? '')).toEqual([
      expect.objectContaining({
        provider: 'kubo',
        status: 'pinned',
        cid: offline.cid,
        expectedCid: offline.cid,
      }),
    ])
    expect(lines.join('\n')).not.toMatch(/warning/)
  })

  it('keeps what the provider said when it is another CID', async () => {
    const cwd = workspace([])
    kubo = await startKuboDouble()
    const other = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'
    kubo.lieAboutRoot = other
    const res = await run(
      configFor(cwd, { path: 'site', provider: 'kubo', 'kubo-url': kubo.url, verify: 'warn' }),
      cliHost({ stderr: () => undefined }),
    )
    expect(JSON.parse(res.outputs.results ?? '')).toMatchObject([{ cid: other }])
  })
})

// ---- item 17 (part): the summary says what happened -------------------------------------------------

describe('summary', () => {
  it('says plainly when every provider failed', async () => {
    const cwd = workspace([])
    const summaryFile = path.join(cwd, 'summary.md')
    await expect(
      run(
        configFor(cwd, {
          path: 'site',
          provider: 'kubo',
          'kubo-url': 'http://127.0.0.1:1',
          retries: '0',
        }),
        cliHost({ summaryFile, stderr: () => undefined }),
      ),
    ).rejects.toThrow(/kubo: uploading the CAR failed/)
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toContain('Every provider failed: the content is not pinned anywhere.')
    expect(summary).toMatch(/\| kubo \| ❌ failed \|/)
  })

  it('does not say so when one provider succeeded', async () => {
    const cwd = workspace([])
    kubo = await startKuboDouble()
    const summaryFile = path.join(cwd, 'summary.md')
    await run(
      configFor(cwd, {
        path: 'site',
        provider: 'kubo, cluster',
        'kubo-url': kubo.url,
        'cluster-url': 'http://127.0.0.1:1',
        'required-providers': 'any',
        retries: '0',
      }),
      cliHost({ summaryFile, stderr: () => undefined }),
    )
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toMatch(/\| cluster \| ❌ failed \|/)
    expect(summary).not.toContain('Every provider failed')
  })

  it('says "dry run" in the provider table of a dry run', async () => {
    const cwd = workspace([])
    const summaryFile = path.join(cwd, 'summary.md')
    await run(
      configFor(cwd, {
        path: 'site',
        provider: 'kubo',
        'kubo-url': 'http://127.0.0.1:1',
        'dry-run': 'true',
      }),
      cliHost({ summaryFile, stderr: () => undefined }),
    )
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toMatch(/\| kubo \| ⏭️ dry run \| 0\.0 s \| would pin; nothing was sent \|/)
    expect(summary).not.toContain('skipped')
  })
})
