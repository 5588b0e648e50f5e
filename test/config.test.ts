import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { InputName } from '../src/inputs/action-spec.generated.js'
import { INPUT_DEFAULTS, readConfig, secretInputs } from '../src/config/config.js'
import { renderName } from '../src/config/naming.js'
import type { Config } from '../src/config/types.js'
import { detectContext, type RunContext } from '../src/inputs/context.js'
import { actionSource } from '../src/action-io.js'
import { cliSource, parseArgs } from '../src/config/sources.js'
import { InputError, listAllowed } from '../src/errors.js'
import { DNS_PROVIDERS } from '../src/dns/registry.js'
import { defineDnsProvider } from '../src/dns/types.js'
import { definePublisher } from '../src/ipns/types.js'
import { defineRegistry } from '../src/inputs/plugin.js'
import { readIpnsKey } from '../src/ipns/key.js'

const ws = mkdtempSync(path.join(tmpdir(), 'config-'))
mkdirSync(path.join(ws, 'site'))
writeFileSync(path.join(ws, 'site', 'index.html'), '<h1>hi</h1>')
writeFileSync(path.join(ws, 'file.txt'), 'x')
mkdirSync(path.join(ws, 'empty'))

const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  ci: 'github',
  owner: 'acme',
  repo: 'site',
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'main',
  runId: '42',
  runNumber: '7',
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com',
  tempDir: tmpdir(),
  cwd: ws,
  ...over,
})

/** Inputs as the runner passes them: action.yml defaults, then the step's `with:`. */
function config(inputs: Partial<Record<InputName, string>>, context: RunContext = ctx()): Config {
  const source = {
    get: (n: InputName) => inputs[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, ''),
  }
  return readConfig(source, context, { ipnsKey: readIpnsKey })
}

function inputError(inputs: Partial<Record<InputName, string>>, context?: RunContext): InputError {
  try {
    config(inputs, context)
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('expected an InputError')
}

const CID_V0 = 'QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY'
const CID_V1 = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'

describe('bad input: one message that names the input, quotes the value, lists what is allowed', () => {
  // [case, inputs, input named, substrings the message must contain]
  const cases: Array<[string, Partial<Record<InputName, string>>, string, string[]]> = [
    [
      'unknown provider',
      { path: 'site', provider: 'ipfs-magic' },
      'provider',
      ['"ipfs-magic"', '"pinata"', '"cluster"', '"4everland"'],
    ],
    [
      'only pin-only providers for a path',
      {
        path: 'site',
        provider: 'sagittarius, psa',
        'sagittarius-api-key': 'k',
        'psa-endpoint': 'https://psa.example.org',
        'psa-token': 't',
      },
      'provider',
      ['pin-only', 'sagittarius, psa', '"kubo"', '"cid"'],
    ],
    [
      'one bad provider among good ones',
      { path: 'site', provider: 'kubo, nope' },
      'provider',
      ['"nope"', '"kubo"'],
    ],
    [
      'provider named twice',
      { path: 'site', provider: 'kubo\nkubo' },
      'provider',
      ['"kubo" twice'],
    ],
    [
      'malformed CID',
      { cid: 'Qmnotacid', provider: 'kubo' },
      'cid',
      ['"Qmnotacid"', 'CIDv0', 'CIDv1'],
    ],
    [
      'malformed CID in unpin',
      { path: 'site', unpin: 'bafy-nope' },
      'unpin',
      ['"bafy-nope"', 'CID'],
    ],
    ['malformed CID in protect', { path: 'site', protect: '123' }, 'protect', ['"123"']],
    ['path that does not exist', { path: 'dist' }, 'path', ['"dist"', 'does not exist']],
    ['path missing entirely', {}, 'path', ['required', '"cid"']],
    [
      'path and cid together',
      { path: 'site', cid: CID_V1 },
      'cid',
      ['"path" and "cid" cannot be used together'],
    ],
    [
      'cleanup with a path',
      { mode: 'cleanup', path: 'site', provider: 'kubo' },
      'path',
      ['"cleanup"'],
    ],
    ['cid without provider', { cid: CID_V0 }, 'provider', ['at least one "provider"']],
    [
      'include with cid',
      { cid: CID_V0, provider: 'kubo', include: '*.html' },
      'include',
      ['applies to "path" only'],
    ],
    [
      'wrap-with-directory with cid',
      { cid: CID_V0, provider: 'kubo', 'wrap-with-directory': 'true' },
      'wrap-with-directory',
      ['applies to "path" only'],
    ],
    [
      'bad profile name',
      { path: 'site', 'cid-profile': 'v1' },
      'cid-profile',
      ['"v1"', '"unixfs-v1-2025"', '"unixfs-v0-2015"', '"kubo-cid-v1"'],
    ],
    [
      'boolean that is not YAML core',
      { path: 'site', 'dry-run': 'yes' },
      'dry-run',
      ['"yes"', '"true" or "false"'],
    ],
    ['boolean "1"', { path: 'site', summary: '1' }, 'summary', ['"1"']],
    [
      'negative wait-timeout',
      { path: 'site', 'wait-timeout': '-5m' },
      'wait-timeout',
      ['"-5m"', 'zero or more'],
    ],
    [
      'wait-timeout with an unknown unit',
      { path: 'site', 'wait-timeout': '10 minutes' },
      'wait-timeout',
      ['"10 minutes"', 'ms, s, m, h or d'],
    ],
    [
      'zero request-timeout',
      { path: 'site', 'request-timeout': '0' },
      'request-timeout',
      ['more than zero'],
    ],
    ['retries out of range', { path: 'site', retries: '50' }, 'retries', ['"50"', 'from 0 to 10']],
    ['keep of zero', { path: 'site', keep: '0' }, 'keep', ['"0"', 'from 1 to 1000']],
    ['max-unpin not a number', { path: 'site', 'max-unpin': 'many' }, 'max-unpin', ['"many"']],
    [
      'invalid JSON metadata',
      { path: 'site', metadata: '{"a": 1,' },
      'metadata',
      ['not valid JSON', 'key=value'],
    ],
    ['metadata JSON array', { path: 'site', metadata: '["a"]' }, 'metadata', ['JSON object']],
    [
      'metadata line without =',
      { path: 'site', metadata: 'team' },
      'metadata',
      ['"team"', 'key=value'],
    ],
    ['metadata key with a space', { path: 'site', metadata: 'my key=1' }, 'metadata', ['"my key"']],
    [
      'metadata nested value',
      { path: 'site', metadata: '{"a":{"b":1}}' },
      'metadata',
      ['non-string value for "a"'],
    ],
    [
      'unknown hidden-files policy',
      { path: 'site', 'hidden-files': 'skip' },
      'hidden-files',
      ['"skip"', '"include" or "exclude"'],
    ],
    [
      'verify policy typo',
      { path: 'site', verify: 'strict' },
      'verify',
      ['"strict"', '"fail", "warn" or "off"'],
    ],
    [
      'wait policy typo',
      { path: 'site', wait: 'pin' },
      'wait',
      ['"pin"', '"none", "queued" or "pinned"'],
    ],
    [
      'mode typo',
      { path: 'site', mode: 'upload' },
      'mode',
      ['"upload"', '"deploy", "cleanup", "republish" or "rollback"'],
    ],
    [
      'glob escaping path',
      { path: 'site', include: '../secrets/*' },
      'include',
      ['"../secrets/*"', 'relative to "path"'],
    ],
    ['absolute exclude glob', { path: 'site', exclude: '/etc/*' }, 'exclude', ['"/etc/*"']],
    [
      'unknown name placeholder',
      { path: 'site', name: '{repo}-{branch}' },
      'name',
      ['"{branch}"', '"{repo}"', '"{sha7}"'],
    ],
    ['unbalanced name template', { path: 'site', name: '{repo}-{sha7' }, 'name', ['unmatched']],
    [
      'gateway not a URL',
      { path: 'site', gateway: 'dweb.link' },
      'gateway',
      ['"dweb.link"', 'http'],
    ],
    [
      'gateway with ftp scheme',
      { path: 'site', gateway: 'ftp://x.org' },
      'gateway',
      ['only http:// and https://'],
    ],
    [
      'required-providers not in provider',
      { path: 'site', provider: 'kubo', 'required-providers': 'pinata' },
      'required-providers',
      ['"pinata"', '"kubo"', '"all", "any"'],
    ],
    [
      'environment with a slash',
      { path: 'site', environment: 'prod/eu' },
      'environment',
      ['"prod/eu"'],
    ],
    [
      'cluster without its URL',
      { path: 'site', provider: 'cluster' },
      'cluster-url',
      ['required for provider "cluster"'],
    ],
    [
      'pinata without credentials',
      { path: 'site', provider: 'pinata' },
      'pinata-jwt',
      ['"pinata-api-key"'],
    ],
    [
      'pinata key without its secret',
      { path: 'site', provider: 'pinata', 'pinata-api-key': 'k' },
      'pinata-api-secret',
      ['required'],
    ],
    [
      'aioz without keys',
      { path: 'site', provider: 'aioz' },
      'aioz-api-key',
      ['required for provider "aioz"'],
    ],
    [
      'cluster basic and token together',
      {
        path: 'site',
        provider: 'cluster',
        'cluster-url': 'http://127.0.0.1:9094',
        'cluster-basic-auth': 'u:p',
        'cluster-token': 't',
      },
      'cluster-token',
      ['cannot be used together'],
    ],
    [
      'cluster basic auth without a colon',
      {
        path: 'site',
        provider: 'cluster',
        'cluster-url': 'http://127.0.0.1:9094',
        'cluster-basic-auth': 'justuser',
      },
      'cluster-basic-auth',
      ['user:password'],
    ],
    [
      'replication min above max',
      {
        path: 'site',
        provider: 'cluster',
        'cluster-url': 'http://127.0.0.1:9094',
        'cluster-replication-min': '3',
        'cluster-replication-max': '2',
      },
      'cluster-replication-min',
      ['greater than'],
    ],
    [
      'kubo URL with credentials in it',
      { path: 'site', provider: 'kubo', 'kubo-url': 'http://admin:hunter22@127.0.0.1:5001' },
      'kubo-url',
      ['user name or password'],
    ],
    [
      'psa without endpoint',
      { path: 'site', provider: 'psa', 'psa-token': 't' },
      'psa-endpoint',
      ['required for provider "psa"'],
    ],
    [
      'pinata-psa without a JWT',
      { path: 'site', provider: 'pinata-psa', 'pinata-api-key': 'k', 'pinata-api-secret': 's' },
      'pinata-jwt',
      ['JWT only'],
    ],
    [
      'unpin-previous without provider',
      { path: 'site', 'unpin-previous': 'true' },
      'unpin-previous',
      ['at least one "provider"'],
    ],
  ]

  it.each(cases)('%s', (_label, inputs, input, parts) => {
    const err = inputError(inputs)
    expect(err.input).toBe(input)
    expect(err.message).toContain(`"${input}"`)
    for (const p of parts) expect(err.message).toContain(p)
    expect(err.message.split('\n')).toHaveLength(1)
  })

  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25)
  })

  it('never quotes a credential in a message', () => {
    const err = inputError({
      path: 'site',
      provider: 'cluster',
      'cluster-url': 'http://127.0.0.1:9094',
      'cluster-basic-auth': 'sup3r-s3cret-value',
    })
    expect(err.message).not.toContain('sup3r-s3cret-value')
    const err2 = inputError({
      path: 'site',
      provider: 'kubo',
      'kubo-url': 'https://u:pa55word-xyz@node.example',
    })
    expect(err2.message).not.toContain('pa55word-xyz')
  })

  it('rejects a name longer than 255 characters once filled in', () => {
    const c = config({ path: 'site', name: `${'x'.repeat(250)}-{sha}` })
    expect(() => renderName(c)).toThrow(/255/)
  })

  it('falls back for the default name on a run with no commit, but not for a written template', () => {
    const local = ctx({
      ci: 'local',
      owner: undefined,
      repo: undefined,
      sha: undefined,
      cwd: path.join(ws, 'site'),
    })
    expect(renderName(config({ path: '.' }, local))).toBe('site-local')
    expect(() => renderName(config({ path: '.', name: '{repo}-{sha7}' }, local))).toThrow(
      /\{repo\}.*IPFS_PIN_REPOSITORY/,
    )
  })

  it('says which value a name placeholder lacks', () => {
    const c = config({ path: 'site', name: '{repo}-pr{pr}' })
    expect(() => renderName(c)).toThrow(/\{pr\}.*not for a pull request/)
  })
})

describe('good input', () => {
  it('fills defaults: unixfs-v1-2025, hidden files in, verify fail, wait pinned', () => {
    const c = config({ path: 'site' })
    expect(c.content).toMatchObject({
      kind: 'path',
      path: path.join(ws, 'site'),
      profile: 'unixfs-v1-2025',
      hiddenFiles: 'include',
      wrapWithDirectory: false,
      include: [],
      exclude: [],
    })
    expect(c.pinning).toMatchObject({
      verify: 'fail',
      wait: 'pinned',
      waitTimeoutMs: 600_000,
      requestTimeoutMs: 120_000,
      retries: 4,
      required: 'all',
    })
    expect(c.cleanup).toMatchObject({ unpinPrevious: false, keep: 1, maxUnpin: 10, dryRun: false })
    expect(c.report).toMatchObject({ gateway: 'https://dweb.link', summary: true })
    expect(c.naming).toMatchObject({
      template: '{repo}-{sha7}',
      environment: 'production',
      scope: 'acme/site@production',
    })
    expect(renderName(c)).toBe('site-0123456')
  })

  it('cid-profile auto: unixfs-v1-2025, or the profile a file-upload provider produces', () => {
    const profile = (inputs: Partial<Record<InputName, string>>): string => {
      const c = config({ path: 'site', ...inputs })
      return c.content.kind === 'path' ? c.content.profile : ''
    }
    const kubo = { 'kubo-url': 'http://127.0.0.1:5001' }
    expect(profile({})).toBe('unixfs-v1-2025')
    expect(profile({ provider: 'kubo', ...kubo })).toBe('unixfs-v1-2025')
    expect(profile({ provider: 'kubo, pinata', 'pinata-jwt': 'j', ...kubo })).toBe('kubo-cid-v1')
    const aioz = { 'aioz-api-key': 'k', 'aioz-secret-key': 's' }
    expect(profile({ provider: 'aioz, pinata', 'pinata-jwt': 'j', ...aioz })).toBe('kubo-cid-v1')
    expect(profile({ provider: 'pinata', 'pinata-jwt': 'j', 'cid-profile': 'legacy-cid-v0' })).toBe(
      'unixfs-v0-2015',
    )
    const err = inputError({
      path: 'site',
      provider: 'aioz',
      ...aioz,
      'cid-profile': 'unixfs-v0-2015',
    })
    expect(err.input).toBe('cid-profile')
    expect(err.message).toBe(
      'Input "cid-profile" is "unixfs-v0-2015", but provider "aioz" builds the DAG itself from the uploaded files and can only produce "kubo-cid-v1". Allowed with "aioz": auto, kubo-cid-v1.',
    )
  })

  it('uses the PR number for previews', () => {
    const c = config({ path: 'site' }, ctx({ pr: 12 }))
    expect(renderName(c)).toBe('site-pr12-0123456')
    expect(c.naming).toMatchObject({ environment: 'preview', scope: 'acme/site#pr-12' })
  })

  it('accepts the legacy-cid-v0 alias, a file path, durations and YAML booleans', () => {
    const c = config({
      path: 'file.txt',
      'cid-profile': 'legacy-cid-v0',
      'wait-timeout': '90',
      'request-timeout': '1.5m',
      'wrap-with-directory': 'True',
      summary: 'FALSE',
    })
    expect(c.content).toMatchObject({ profile: 'unixfs-v0-2015', wrapWithDirectory: true })
    expect(c.pinning).toMatchObject({ waitTimeoutMs: 90_000, requestTimeoutMs: 90_000 })
    expect(c.report.summary).toBe(false)
  })

  it('keeps glob braces intact when splitting lists, and strips ./', () => {
    const c = config({ path: 'site', include: './*.{html,css}, assets/**\nfonts/*' })
    expect(c.content.kind === 'path' && c.content.include).toEqual([
      '*.{html,css}',
      'assets/**',
      'fonts/*',
    ])
  })

  it('parses metadata as key=value lines or JSON', () => {
    expect(
      config({ path: 'site', metadata: 'team=web\n# comment\nurl=https://x.org/a=b' }).naming
        .metadata,
    ).toEqual({ team: 'web', url: 'https://x.org/a=b' })
    expect(
      config({ path: 'site', metadata: '{"team":"web","n":3,"ok":true}' }).naming.metadata,
    ).toEqual({ team: 'web', n: '3', ok: 'true' })
  })

  it('collects every credential and the values derived from it as secrets', () => {
    const c = config({
      path: 'site',
      provider: 'psa, cluster, pinata',
      'psa-endpoint': 'https://psa.example',
      'psa-token': 'tok-123',
      'cluster-url': 'http://127.0.0.1:9094',
      'cluster-basic-auth': 'admin:pa55-word',
      'pinata-jwt': 'jwt-abc',
      'github-token': 'ghs_x1',
    })
    const basic = Buffer.from('admin:pa55-word').toString('base64')
    expect(c.secrets).toEqual(
      expect.arrayContaining([
        'tok-123',
        'Bearer tok-123',
        'admin:pa55-word',
        'pa55-word',
        basic,
        'jwt-abc',
        'ghs_x1',
      ]),
    )
    expect(c.providers.map((p) => p.id)).toEqual(['psa', 'cluster', 'pinata'])
  })
})

describe('input sources', () => {
  it('action source: INPUT_* variables, action.yml defaults when absent', () => {
    const s = actionSource({ INPUT_PATH: 'site', 'INPUT_CID-PROFILE': 'kubo-cid-v1' })
    const env = process.env
    process.env = { ...env, INPUT_PATH: 'site', 'INPUT_CID-PROFILE': 'kubo-cid-v1' }
    try {
      expect(s.get('path')).toBe('site')
      expect(s.get('cid-profile')).toBe('kubo-cid-v1')
      expect(s.get('wait-timeout')).toBe('10m')
      expect(s.get('github-token')).toBe('')
    } finally {
      process.env = env
    }
  })

  it('CLI: flags win over IPFS_PIN_* variables, which win over defaults', () => {
    const args = parseArgs([
      '--path',
      'site',
      '--dry-run',
      '--include=*.html',
      '--include',
      '*.css',
      '--no-summary',
    ])
    const s = cliSource(args.flags, {
      IPFS_PIN_PATH: 'other',
      IPFS_PIN_VERIFY: 'warn',
      GITHUB_TOKEN: 'gh',
    })
    expect(s.get('path')).toBe('site')
    expect(s.get('dry-run')).toBe('true')
    expect(s.get('summary')).toBe('false')
    expect(s.get('include')).toBe('*.html\n*.css')
    expect(s.get('verify')).toBe('warn')
    expect(s.get('wait')).toBe('pinned')
    expect(s.get('github-token')).toBe('gh')
  })

  it('CLI: unknown flags and missing values are input errors', () => {
    expect(() => parseArgs(['--pathh', 'x'])).toThrow(/Unknown flag "--pathh".*--path/)
    expect(() => parseArgs(['--path'])).toThrow(/--path needs a value/)
    expect(() => parseArgs(['site'])).toThrow(/--path site/)
  })
})

describe('run context', () => {
  it('reads GitHub pull request events: head sha, PR number, head ref', () => {
    const ev = path.join(ws, 'event.json')
    writeFileSync(
      ev,
      JSON.stringify({
        number: 5,
        pull_request: { number: 5, head: { sha: 'feedface'.repeat(5), ref: 'feature/x' } },
      }),
    )
    const c = detectContext(
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'acme/site',
        GITHUB_SHA: 'merge000',
        GITHUB_EVENT_PATH: ev,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_RUN_ID: '99',
      },
      ws,
    )
    expect(c).toMatchObject({
      ci: 'github',
      owner: 'acme',
      repo: 'site',
      pr: 5,
      sha: 'feedface'.repeat(5),
      ref: 'feature/x',
      runId: '99',
    })
  })

  it('reads GitLab merge requests and IPFS_PIN_* overrides', () => {
    const c = detectContext(
      {
        GITLAB_CI: 'true',
        CI_PROJECT_PATH: 'group/sub/site',
        CI_PROJECT_NAME: 'site',
        CI_COMMIT_SHA: 'abc1234def',
        CI_MERGE_REQUEST_IID: '8',
        CI_COMMIT_REF_NAME: 'mr',
      },
      ws,
    )
    expect(c).toMatchObject({
      ci: 'gitlab',
      owner: 'group/sub',
      repo: 'site',
      pr: 8,
      sha: 'abc1234def',
    })
    const o = detectContext(
      { IPFS_PIN_REPOSITORY: 'me/thing', IPFS_PIN_SHA: 'cafe', IPFS_PIN_PR: '3' },
      ws,
    )
    expect(o).toMatchObject({ ci: 'local', owner: 'me', repo: 'thing', sha: 'cafe', pr: 3 })
  })
})

describe('labels and cleanup inputs', () => {
  it('refuses metadata keys the action sets itself', () => {
    const e = inputError({ path: 'site', metadata: 'ipfs-pin.scope=mine' })
    expect(e.input).toBe('metadata')
    expect(e.message).toMatch(/"ipfs-pin.scope", a key the action sets itself \(ipfs-pin.scope, /)
  })

  it('refuses a scope with spaces (the label holds several scopes separated by spaces)', () => {
    expect(inputError({ path: 'site', scope: 'acme site' }).input).toBe('scope')
  })

  it("counts the action's labels against Pinata's 10 keyvalues", () => {
    const jwt = { provider: 'pinata', 'pinata-jwt': 'eyJ.x.y', path: 'site' }
    // acme/site on main with a run id: scope, env, time, repo, ref, sha, run = 7 labels.
    expect(() => config({ ...jwt, metadata: 'a=1\nb=2\nc=3' })).not.toThrow()
    const e = inputError({ ...jwt, metadata: 'a=1\nb=2\nc=3\nd=4' })
    expect(e.input).toBe('metadata')
    expect(e.message).toMatch(
      /provider "pinata" keeps at most 10 .* take 7 in this run, so at most 3/,
    )
  })

  it('needs a provider that keeps labels to find earlier deployments, and names the fix', () => {
    const cleanupOnly = inputError({
      mode: 'cleanup',
      provider: 'kubo, sagittarius',
      'kubo-url': 'http://127.0.0.1:1',
      'sagittarius-api-key': 'k-123',
    })
    expect(cleanupOnly.input).toBe('mode')
    expect(cleanupOnly.message).toMatch(
      /kubo and sagittarius keep none\. List the CIDs to remove in "unpin", or add a provider that keeps labels \("pinata", .*\) to "provider"/,
    )
    const previous = inputError({
      path: 'site',
      'unpin-previous': 'true',
      provider: 'kubo',
      'kubo-url': 'http://127.0.0.1:1',
    })
    expect(previous.input).toBe('unpin-previous')
    expect(previous.message).toMatch(
      /kubo keeps none\. Add a provider that keeps labels \(.*\) to "provider", or remove "unpin-previous" and list the CIDs to remove in "unpin"/,
    )
    // With one that does, Kubo is cleaned up through the CIDs it names.
    expect(
      config({
        mode: 'cleanup',
        provider: 'kubo, cluster',
        'kubo-url': 'http://127.0.0.1:1',
        'cluster-url': 'http://127.0.0.1:1',
      }).mode,
    ).toBe('cleanup')
  })

  it('unpins the CIDs named in "unpin" with providers that keep no labels', () => {
    const c = config({
      mode: 'cleanup',
      unpin: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
      provider: 'kubo, sagittarius',
      'kubo-url': 'http://127.0.0.1:1',
      'sagittarius-api-key': 'k-123',
    })
    expect(c.providers.map((p) => p.id)).toEqual(['kubo', 'sagittarius'])
    expect(c.cleanup.unpin).toHaveLength(1)
  })

  it('skips providers without credentials on a pull request from a fork, and only there', () => {
    const inputs = {
      path: 'site',
      provider: 'pinata, kubo, cluster',
      'kubo-url': 'http://127.0.0.1:1',
      'cluster-url': 'http://127.0.0.1:2',
      'cluster-token': 'from-secrets',
    }
    const c = config({ ...inputs, 'cluster-token': '' }, ctx({ pr: 3, fork: true }))
    // Kubo and Cluster take no credentials here: still skipped, a fork must not reach them.
    expect(c.forkSkipped).toEqual(['pinata', 'kubo', 'cluster'])
    expect(c.providers).toEqual([])
    // A credential that is set (a literal in the workflow) keeps its provider.
    expect(config(inputs, ctx({ pr: 3, fork: true })).forkSkipped).toEqual(['pinata', 'kubo'])
    // Opted in: the providers whose auth is optional run without it; the others still skip.
    const open = config(
      { ...inputs, 'cluster-token': '', 'fork-unauthenticated': 'true' },
      ctx({ pr: 3, fork: true }),
    )
    expect(open.forkSkipped).toEqual(['pinata'])
    expect(open.providers.map((p) => p.id)).toEqual(['kubo', 'cluster'])
    expect(inputError(inputs, ctx({ pr: 3 })).input).toBe('pinata-jwt')
  })

  it('detects a fork from the event payload', () => {
    const ev = path.join(ws, 'fork-event.json')
    const event = (head: string | null) =>
      JSON.stringify({
        pull_request: {
          number: 3,
          head: { sha: 'f'.repeat(40), ref: 'x', repo: head === null ? null : { full_name: head } },
          base: { repo: { full_name: 'acme/site' } },
        },
      })
    const detect = () =>
      detectContext(
        {
          GITHUB_ACTIONS: 'true',
          GITHUB_REPOSITORY: 'acme/site',
          GITHUB_EVENT_PATH: ev,
          GITHUB_WORKFLOW: 'Preview',
        },
        ws,
      )
    writeFileSync(ev, event('someone/site'))
    expect(detect()).toMatchObject({ fork: true, workflow: 'Preview' })
    writeFileSync(ev, event('acme/site'))
    expect(detect().fork).toBe(false)
    writeFileSync(ev, event(null))
    expect(detect().fork).toBe(true)
  })
})

describe('names: retrieval check and DNSLink', () => {
  const dns = { 'dns-provider': 'cloudflare', 'cloudflare-token': 'cf-t' }

  it('reads the check: gateways, time limit, policy, scope', () => {
    const c = config({
      path: 'site',
      'check-gateways': 'https://trustless-gateway.link, https://gw.example.net/',
      'check-timeout': '2m',
      'check-policy': 'warn',
      'check-scope': '/docs/index.html/',
    })
    expect(c.names.check).toEqual({
      gateways: ['https://trustless-gateway.link', 'https://gw.example.net'],
      timeoutMs: 120_000,
      policy: 'warn',
      scope: { kind: 'path', path: '/docs/index.html' },
    })
    expect(config({ path: 'site' }).names.check).toBeUndefined()
    const e = inputError({ path: 'site', 'check-scope': 'index.html' })
    expect(e.input).toBe('check-scope')
    expect(e.message).toMatch(
      /"index\.html", which is not allowed\. Allowed: "all", "root", or a path/,
    )
    expect(inputError({ path: 'site', 'check-gateways': 'ftp://x' }).input).toBe('check-gateways')
  })

  it('fills the placeholders of dnslink names, and knows which belong to a pull request', () => {
    const c = config(
      { path: 'site', dnslink: 'Example.org, pr-{pr}.preview.example.org', ...dns },
      ctx({ pr: 12 }),
    )
    expect(c.names.dnslink).toEqual([
      { name: 'example.org', perPullRequest: false },
      { name: 'pr-12.preview.example.org', perPullRequest: true },
    ])
    expect(c.names.dns?.id).toBe('cloudflare')
    expect(c.secrets).toContain('cf-t')
    // Outside a pull request a {pr} name is skipped (said in a notice), not an input error.
    const push = config(
      { path: 'site', dnslink: 'example.org, pr-{pr}.example.org', ...dns },
      ctx({ eventName: 'push' }),
    )
    expect(push.names.dnslink).toEqual([{ name: 'example.org', perPullRequest: false }])
    expect(push.names.dnslinkUnfilled).toEqual(['pr-{pr}.example.org'])
    const only = config({ path: 'site', dnslink: 'pr-{pr}.example.org', ...dns }, ctx())
    expect(only.names.dns?.id).toBe('cloudflare')
    expect(
      inputError({ path: 'site', dnslink: 'v-{sha7}.example.org', ...dns }, ctx({ sha: undefined }))
        .message,
    ).toMatch(/uses \{sha7\}, but this run has no value for it/)
  })

  it('refuses what is not a domain, a name twice, a name outside dns-zone, and a missing provider', () => {
    expect(inputError({ path: 'site', dnslink: 'exa mple.org', ...dns }).message).toMatch(
      /"exa mple\.org".*not a domain name/,
    )
    expect(inputError({ path: 'site', dnslink: 'localhost', ...dns }).input).toBe('dnslink')
    expect(inputError({ path: 'site', dnslink: 'a.org, A.org', ...dns }).message).toMatch(/twice/)
    expect(
      inputError({ path: 'site', dnslink: 'www.example.com', 'dns-zone': 'example.org', ...dns })
        .input,
    ).toBe('dns-zone')
    const none = inputError({ path: 'site', dnslink: 'example.org' })
    expect(none.input).toBe('dns-provider')
    // The allowed ids come from the registry: a new DNS provider changes no test.
    expect(none.message).toContain(
      `needs "dns-provider". Allowed: ${listAllowed(DNS_PROVIDERS.ids)}`,
    )
    expect(inputError({ path: 'site', ...dns }).input).toBe('dnslink')
    expect(
      inputError({ path: 'site', dnslink: 'example.org', 'dns-provider': 'azure' }).message,
    ).toContain(`"azure", which is not allowed. Allowed: ${listAllowed(DNS_PROVIDERS.ids)}`)
    expect(
      inputError({ path: 'site', dnslink: 'example.org', 'dns-provider': 'cloudflare' }).input,
    ).toBe('cloudflare-token')
  })

  it('leaves names alone in a pull request from a fork without DNS credentials', () => {
    const c = config(
      { path: 'site', dnslink: 'pr-{pr}.preview.example.org', 'dns-provider': 'dnsimple' },
      ctx({ pr: 3, fork: true }),
    )
    expect(c.names.dns).toBeUndefined()
    expect(c.names.dnsSkipped).toBe(true)
  })
})

describe('names: IPNS', () => {
  // An Ed25519 key as `ipfs key export` writes it (protobuf), in base64: a fixed test key.
  const KEY = Buffer.concat([
    Buffer.from([0x08, 0x01, 0x12, 0x40]),
    Buffer.alloc(32, 7),
    Buffer.from('ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c', 'hex'),
  ]).toString('base64')
  const ipns = { 'ipns-key': KEY }

  it('reads the key, the publishers and the times, and masks the key', () => {
    const c = config({
      path: 'site',
      ...ipns,
      'ipns-publish': 'delegated-routing, kubo',
      'kubo-url': 'http://127.0.0.1:5001',
      'ipns-routers': 'https://a.example/routing/v1/, https://b.example/routing/v1',
      'ipns-validity': '72h',
      'ipns-ttl': '1m',
    })
    expect(c.names.ipns?.key.name).toMatch(/^k51/)
    expect(c.names.ipns?.publishers.map((p) => p.id)).toEqual(['delegated-routing', 'kubo'])
    expect(c.names.ipns?.publishers[0]?.options).toMatchObject({
      routers: ['https://a.example/routing/v1', 'https://b.example/routing/v1'],
    })
    expect(c.names.ipns?.validityMs).toBe(72 * 3_600_000)
    expect(c.names.ipns?.ttlMs).toBe(60_000)
    expect(c.secrets).toContain(KEY)
    // Defaults: delegated-ipfs.dev, 48h, 5m, DNSLink to the CID.
    const d = config({ path: 'site', ...ipns })
    expect(d.names.ipns?.publishers[0]?.options).toMatchObject({
      routers: ['https://delegated-ipfs.dev/routing/v1'],
    })
    expect(d.names.ipns?.validityMs).toBe(48 * 3_600_000)
    expect(d.names.ipns?.ttlMs).toBe(300_000)
    expect(d.names.dnslinkTarget).toBe('ipfs')
    expect(config({ path: 'site' }).names.ipns).toBeUndefined()
  })

  it('refuses bad times, publishers, targets and modes before any network call', () => {
    const cases: Array<[Partial<Record<InputName, string>>, InputName, RegExp]> = [
      [{ 'ipns-validity': '30m' }, 'ipns-validity', /"30m"\. Allowed: from 1h to 365d/],
      [{ 'ipns-validity': '400d' }, 'ipns-validity', /Allowed: from 1h to 365d/],
      [{ 'ipns-ttl': '49h' }, 'ipns-ttl', /longer than "ipns-validity" \("48h"\)/],
      [
        { 'ipns-publish': 'dht' },
        'ipns-publish',
        /"dht", which is not allowed\. Allowed: "delegated-routing" or "kubo"/,
      ],
      [{ 'ipns-publish': ' , ' }, 'ipns-publish', /names nowhere to publish/],
      [{ 'ipns-routers': 'ftp://x' }, 'ipns-routers', /ftp:\/\/x/],
      [{ 'dnslink-target': 'ipns' }, 'dnslink-target', /"dnslink" names no domain/],
      [{ 'dnslink-target': 'dns' }, 'dnslink-target', /Allowed: "ipfs" or "ipns"/],
      [{ 'ipns-routers': '' }, 'ipns-routers', /is empty.*Allowed: one or more http\(s\) URLs/],
      [
        {
          'dnslink-target': 'ipns',
          dnslink: 'pr-{pr}.example.org',
          'dns-provider': 'cloudflare',
          'cloudflare-token': 't',
        },
        'dnslink-target',
        /pr-7\.example\.org is a pull request's.*Use "dnslink-target: ipfs" for preview names/,
      ],
    ]
    for (const [over, input, message] of cases) {
      const e = inputError({ path: 'site', ...ipns, ...over }, ctx({ pr: 7 }))
      expect(e.input, JSON.stringify(over)).toBe(input)
      expect(e.message).toMatch(message)
      expect(e.message).not.toContain(KEY)
    }
    const noKey = inputError({ mode: 'republish' })
    expect(noKey.input).toBe('ipns-key')
    expect(noKey.message).toMatch(
      /"republish", which re-signs the IPNS record: it needs "ipns-key"/,
    )
    expect(
      inputError({
        path: 'site',
        'dnslink-target': 'ipns',
        dnslink: 'example.org',
        'dns-provider': 'cloudflare',
        'cloudflare-token': 't',
      }).input,
    ).toBe('ipns-key')
    expect(inputError({ mode: 'republish', ...ipns, path: 'site' }).message).toMatch(
      /"republish", which re-signs the value the IPNS name has now: remove "path"/,
    )
    expect(inputError({ mode: 'republish', ...ipns, 'unpin-previous': 'true' }).input).toBe(
      'unpin-previous',
    )
    expect(
      inputError({
        path: 'site',
        'ipns-key': 'k51qzi5uqu5dkofoj9le51dnzvjdddwgebdlqf474u8gi8lpwyrq78vex9wvmp',
      }).message,
    ).toMatch(/IPNS name or peer ID, which is public/)
  })

  it('takes mode republish without content or providers', () => {
    const c = config({ mode: 'republish', ...ipns })
    expect(c.mode).toBe('republish')
    expect(c.providers).toEqual([])
    expect(c.content.kind).toBe('none')
  })

  it('leaves the name alone in a pull request from a fork, which gets no key', () => {
    const c = config(
      {
        path: 'site',
        'dnslink-target': 'ipns',
        dnslink: 'example.org',
        'dns-provider': 'cloudflare',
      },
      ctx({ pr: 3, fork: true }),
    )
    expect(c.names.ipns).toBeUndefined()
    expect(c.names.ipnsSkipped).toBe(true)
  })
})

describe('one plugin-configuration routine: every registry injectable, secrets included', () => {
  const KEY = Buffer.concat([
    Buffer.from([0x08, 0x01, 0x12, 0x40]),
    Buffer.alloc(32, 7),
    Buffer.from('ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c', 'hex'),
  ]).toString('base64')
  // Samples reuse existing input names (every input a plugin reads is in action.yml).
  const sampleDns = defineDnsProvider({
    family: 'dns-provider',
    id: 'sample-dns',
    title: 'a sample DNS provider',
    docs: 'docs/names/dns-providers.md',
    inputs: [{ name: 'cloudflare-token', secret: true }],
    credentials: ['cloudflare-token'],
    traits: {},
    read: (c) => ({ id: 'sample-dns', ttl: 0, token: c.raw('cloudflare-token') }),
    create: () => {
      throw new Error('not used')
    },
  })
  const samplePublisher = definePublisher({
    family: 'ipns-publish',
    id: 'sample-pub',
    title: 'a sample publisher with a credential',
    docs: 'docs/names/ipns.md',
    inputs: [{ name: 'ipns-routers', secret: true }],
    credentials: ['ipns-routers'],
    traits: {},
    read: (c) => ({ id: 'sample-pub', token: c.raw('ipns-routers') }),
    create: () => [],
  })
  const registries = {
    ipnsKey: readIpnsKey,
    dnsProviders: defineRegistry('dns-provider', [sampleDns]),
    publishers: defineRegistry('ipns-publish', [samplePublisher]),
  }
  const read = (inputs: Partial<Record<InputName, string>>, context = ctx()): Config =>
    readConfig(
      {
        get: (n) =>
          ({ 'ipns-publish': 'sample-pub', ...inputs })[n] ??
          INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, ''),
      },
      context,
      registries,
    )

  it('reads an injected DNS provider and masks its secret; the built-in ones are not offered', () => {
    const c = read({
      path: 'site',
      dnslink: 'example.org',
      'dns-provider': 'sample-dns',
      'cloudflare-token': 'dns-secret-1',
    })
    expect(c.names.dns?.descriptor).toBe(sampleDns)
    expect(c.names.dns?.options).toMatchObject({
      id: 'sample-dns',
      token: 'dns-secret-1',
      ttl: 60,
      credentials: ['cloudflare-token'],
    })
    expect(c.secrets).toContain('dns-secret-1')
    expect(() =>
      read({ path: 'site', dnslink: 'example.org', 'dns-provider': 'cloudflare' }),
    ).toThrow(
      /Input "dns-provider" has "cloudflare", which is not allowed\..*Allowed: "sample-dns"/,
    )
    // In a pull request from a fork without its credential, names are left as they are.
    expect(
      read(
        { path: 'site', dnslink: 'example.org', 'dns-provider': 'sample-dns' },
        ctx({ fork: true, pr: 3 }),
      ).names.dnsSkipped,
    ).toBe(true)
  })

  it('reads an injected publisher and masks its secret input, even when IPNS is off', () => {
    expect(secretInputs(registries)).toContain('ipns-routers')
    expect(secretInputs()).not.toContain('ipns-routers')
    const c = read({
      path: 'site',
      'ipns-key': KEY,
      'ipns-publish': 'sample-pub',
      'ipns-routers': 'pub-secret-2',
    })
    expect(c.names.ipns?.publishers.map((p) => [p.descriptor, p.options])).toEqual([
      [samplePublisher, { id: 'sample-pub', token: 'pub-secret-2', credentials: ['ipns-routers'] }],
    ])
    expect(c.secrets).toEqual(expect.arrayContaining([KEY, 'pub-secret-2']))
    expect(read({ path: 'site', 'ipns-routers': 'pub-secret-3' }).secrets).toContain('pub-secret-3')
  })

  it('a registry takes only plugins of its family (the input that chooses among them)', () => {
    expect(() => defineRegistry('provider', [sampleDns])).toThrow(
      /the "provider" registry lists "sample-dns", a "dns-provider" plugin/,
    )
    expect(DNS_PROVIDERS.family).toBe('dns-provider')
  })
})

describe('the ENS and rollback sections', () => {
  const KEY = `0x${'ab'.repeat(32)}`
  it('keeps the ENS inputs raw (checked by the ENS module at run start), masks its secrets, decides', () => {
    const c = config({
      path: 'site',
      'ens-name': 'site.eth, docs.site.eth',
      'ens-rpc-url': 'https://rpc.example/v2/secretkey1234567890',
      'ens-private-key': KEY,
    })
    expect(c.names.ens?.names).toEqual(['site.eth', 'docs.site.eth'])
    expect(c.names.ens?.raw['ens-chain']).toBe('mainnet')
    expect(c.secrets).toEqual(
      expect.arrayContaining([KEY, 'https://rpc.example/v2/secretkey1234567890']),
    )
    expect(c.may.ens).toEqual({ names: ['site.eth', 'docs.site.eth'], may: 'set' })
    expect(config({ path: 'site' }).names.ens).toBeUndefined()
  })

  it('leaves ENS alone in a fork without its secrets', () => {
    const c = config({ path: 'site', 'ens-name': 'site.eth' }, ctx({ fork: true, pr: 3 }))
    expect(c.names.ens).toBeUndefined()
    expect(c.names.ensSkipped).toBe(true)
  })

  it('takes mode rollback without a path, and refuses "to" on any other mode', () => {
    const c = config({ mode: 'rollback', to: '2', provider: 'kubo', 'kubo-url': 'http://k' })
    expect(c.content.kind).toBe('none')
    expect(c.history).toEqual({ show: true, to: '2' })
    expect(inputError({ path: 'site', to: '2' }).message).toBe(
      'Input "to" has "2", but "mode" is "deploy": "to" names the deployment a rollback goes back to. Remove "to", or set "mode: rollback".',
    )
    expect(config({ path: 'site', history: 'false' }).history.show).toBe(false)
  })
})
