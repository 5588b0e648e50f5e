/**
 * The one place where inputs are read and validated. `readConfig(source, context)` turns the raw
 * strings of action.yml's inputs (from `@actions/core` for the action, flags and environment for
 * the CLI) into a typed `Config`; everything else takes that `Config` as a parameter.
 *
 * Bad input throws an `InputError` here, before any network call.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { CID } from 'multiformats/cid'
import { InputError, listAllowed, quote } from '../errors.js'
import {
  PROFILE_ALIASES,
  PROFILE_NAMES,
  PROFILES,
  type ImportParams,
  type ProfileName,
  SERVER_IMPORT,
} from '../content/profiles.js'
import { ACTION_INPUTS, type InputName } from './action-spec.generated.js'
import type { RunContext } from './context.js'
import { RESERVED_KEYS, runTags } from '../tags.js'
import {
  parseBasicAuth,
  parseBoolean,
  parseChoice,
  parseCid,
  parseDuration,
  parseHttpUrl,
  parseInteger,
  parseKeyValues,
  parseList,
} from './parse.js'

/** Raw input strings by name; `''` when unset. Defaults are already applied by the source. */
export interface InputSource {
  get(name: InputName): string
}

export const PROVIDER_IDS = [
  'pinata',
  'aioz',
  'sagittarius',
  'cluster',
  'kubo',
  'psa',
  'pinata-psa',
  'filebase',
  '4everland',
  'web3-storage',
  'cluster-psa',
] as const
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** Providers that take content (a CAR or files); the others pin CIDs already on the network. */
export const UPLOADERS: readonly ProviderId[] = ['pinata', 'aioz', 'cluster', 'kubo']

export type HttpAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string }

/** Per-provider settings and credentials, one variant per provider family. */
export type ProviderConfig = ProviderSettings & {
  /** The inputs holding this provider's credentials (those set, or all when none is). */
  readonly credentials?: readonly InputName[]
}

type ProviderSettings =
  | {
      readonly id: 'pinata'
      readonly apiUrl: string
      readonly auth:
        { readonly jwt: string } | { readonly apiKey: string; readonly apiSecret: string }
    }
  | {
      readonly id: 'aioz'
      readonly apiUrl: string
      readonly apiKey: string
      readonly secretKey: string
    }
  | { readonly id: 'sagittarius'; readonly apiUrl: string; readonly apiKey: string }
  | {
      readonly id: 'cluster'
      readonly url: string
      readonly auth?: HttpAuth
      readonly replicationMin?: number
      readonly replicationMax?: number
      /** Milliseconds. */
      readonly expireInMs?: number
    }
  | { readonly id: 'kubo'; readonly url: string; readonly auth?: HttpAuth }
  | {
      readonly id: 'psa' | 'pinata-psa' | 'filebase' | '4everland' | 'web3-storage' | 'cluster-psa'
      /** Service root; the client appends `/pins`. */
      readonly endpoint: string
      readonly auth: HttpAuth
    }

export type HiddenFilesPolicy = 'include' | 'exclude'

/** What to publish. */
export type ContentConfig =
  | {
      readonly kind: 'path'
      /** Absolute path of the file or directory. */
      readonly path: string
      readonly include: readonly string[]
      readonly exclude: readonly string[]
      readonly hiddenFiles: HiddenFilesPolicy
      readonly wrapWithDirectory: boolean
      readonly profile: ProfileName
      readonly params: ImportParams
      /** The CAR file, or a directory where it is written as `<cid>.car`. */
      readonly carTarget: string | { readonly dir: string }
      /** `car-path` as given (empty for the default), for messages. */
      readonly carPathGiven: string
    }
  | { readonly kind: 'cid'; readonly cids: readonly CID[] }
  | { readonly kind: 'none' }

export interface Config {
  readonly mode: 'deploy' | 'cleanup'
  readonly content: ContentConfig
  readonly providers: readonly ProviderConfig[]
  readonly naming: {
    /** The template as given (or the default for this run). */
    readonly template: string
    /** True when `name` was left empty: missing values then fall back instead of failing. */
    readonly defaultTemplate: boolean
    readonly metadata: Readonly<Record<string, string>>
    readonly environment: string
    readonly scope: string
  }
  readonly pinning: {
    readonly verify: 'fail' | 'warn' | 'off'
    readonly wait: 'none' | 'queued' | 'pinned'
    readonly waitTimeoutMs: number
    readonly requestTimeoutMs: number
    /** All provider work of the run. */
    readonly timeoutMs: number
    readonly retries: number
    readonly required: 'all' | 'any' | readonly ProviderId[]
  }
  readonly cleanup: {
    readonly unpinPrevious: boolean
    readonly keep: number
    readonly unpin: readonly CID[]
    readonly protect: readonly CID[]
    readonly maxUnpin: number
    readonly dryRun: boolean
  }
  readonly report: {
    readonly gateway: string
    readonly summary: boolean
    readonly githubToken?: string
    readonly prComment: boolean
    readonly commitStatus: boolean
    readonly deployment: boolean
  }
  readonly context: RunContext
  /** Every credential and every value derived from one, to be masked before anything is logged. */
  readonly secrets: readonly string[]
  /** Providers skipped because a fork's pull request has no secrets for them. */
  readonly forkSkipped: readonly ProviderId[]
}

export const NAME_PLACEHOLDERS = [
  'repo',
  'owner',
  'sha',
  'sha7',
  'ref',
  'pr',
  'run_id',
  'run_number',
  'env',
] as const
type Placeholder = (typeof NAME_PLACEHOLDERS)[number]

/** Each provider's credential inputs. */
const CREDENTIALS: Readonly<Record<ProviderId, readonly InputName[]>> = {
  pinata: ['pinata-jwt', 'pinata-api-key', 'pinata-api-secret'],
  aioz: ['aioz-api-key', 'aioz-secret-key'],
  sagittarius: ['sagittarius-api-key'],
  cluster: ['cluster-token', 'cluster-basic-auth'],
  kubo: ['kubo-token', 'kubo-basic-auth'],
  psa: ['psa-token'],
  'pinata-psa': ['pinata-jwt'],
  filebase: ['filebase-token'],
  '4everland': ['4everland-token'],
  'web3-storage': ['web3-storage-token'],
  'cluster-psa': ['cluster-token', 'cluster-basic-auth'],
}

/** Providers whose credentials are optional (a node you run may need none). */
const AUTH_OPTIONAL: readonly ProviderId[] = ['cluster', 'kubo']

/** Inputs that hold credentials: their values are masked and never quoted in messages. */
export const SECRET_INPUTS: readonly InputName[] = [
  'pinata-jwt',
  'pinata-api-key',
  'pinata-api-secret',
  'aioz-api-key',
  'aioz-secret-key',
  'sagittarius-api-key',
  'cluster-basic-auth',
  'cluster-token',
  'kubo-basic-auth',
  'kubo-token',
  'psa-token',
  'filebase-token',
  '4everland-token',
  'web3-storage-token',
  'github-token',
]

/**
 * Registers every credential input with the host's masking before anything else reads or
 * prints: even input errors raised before the config exists cannot show one.
 */
export function maskCredentials(source: InputSource, setSecret: (value: string) => void): void {
  for (const name of SECRET_INPUTS) {
    const v = source.get(name).trim()
    if (v !== '') setSecret(v)
  }
}

/** Spec defaults by input name (what the runner fills in from action.yml). */
export const INPUT_DEFAULTS: Readonly<Record<InputName, string>> = Object.fromEntries(
  ACTION_INPUTS.map((i) => [i.name, i.default]),
) as Record<InputName, string>

const PSA_PRESETS: Record<string, { endpoint: string; token: InputName } | undefined> = {
  filebase: { endpoint: 'https://api.filebase.io/v1/ipfs', token: 'filebase-token' },
  '4everland': { endpoint: 'https://api.4everland.dev', token: '4everland-token' },
  'web3-storage': { endpoint: 'https://api.web3.storage', token: 'web3-storage-token' },
}

/** Reads, validates and types every input. Throws `InputError` on the first bad one. */
export function readConfig(source: InputSource, context: RunContext): Config {
  const raw = (name: InputName): string => source.get(name).trim()
  const secrets = new Set<string>()
  const secret = (name: InputName): string => {
    const v = raw(name)
    if (v !== '') secrets.add(v)
    return v
  }
  // Mask every credential up front, whichever provider it is for.
  for (const name of SECRET_INPUTS) secret(name)

  const mode = parseChoice('mode', raw('mode'), ['deploy', 'cleanup'] as const)

  // ---- providers ----
  const providerIds = parseList(raw('provider')).map((v) =>
    parseChoice('provider', v.toLowerCase(), PROVIDER_IDS),
  )
  const dup = providerIds.find((id, i) => providerIds.indexOf(id) !== i)
  if (dup !== undefined) throw new InputError('provider', `Input "provider" names "${dup}" twice.`)
  // A pull request from a fork gets no secrets: a provider none of whose credential inputs is
  // set there is skipped (the CID and CAR are still computed) instead of failing every such PR.
  // Providers whose auth is optional too: a fork's code must not reach the maintainer's nodes
  // unauthenticated, unless "fork-unauthenticated" says so.
  const forkUnauthenticated = parseBoolean('fork-unauthenticated', raw('fork-unauthenticated'))
  const forkSkipped: ProviderId[] = []
  const providers = providerIds.flatMap((id): ProviderConfig[] => {
    const set = CREDENTIALS[id].filter((n) => raw(n) !== '')
    if (
      context.fork === true &&
      set.length === 0 &&
      !(forkUnauthenticated && AUTH_OPTIONAL.includes(id))
    ) {
      forkSkipped.push(id)
      return []
    }
    return [
      { ...readProvider(id, raw, secrets), credentials: set.length > 0 ? set : CREDENTIALS[id] },
    ]
  })

  // ---- content ----
  const pathValue = raw('path')
  const cidValues = parseList(raw('cid'))
  const include = parseGlobs('include', raw('include'))
  const exclude = parseGlobs('exclude', raw('exclude'))
  const hiddenFiles = parseChoice('hidden-files', raw('hidden-files'), [
    'include',
    'exclude',
  ] as const)
  const profile = resolveProfile(
    parseChoice('cid-profile', raw('cid-profile'), ['auto', ...PROFILE_NAMES], PROFILE_ALIASES),
    providerIds,
  )
  const wrapWithDirectory = parseBoolean('wrap-with-directory', raw('wrap-with-directory'))
  const carPathValue = raw('car-path')

  let content: ContentConfig
  if (pathValue !== '' && cidValues.length > 0) {
    throw new InputError(
      'cid',
      `Inputs "path" and "cid" cannot be used together: "path" uploads content, "cid" pins content that is already on IPFS. Set one of them.`,
    )
  }
  if (mode === 'cleanup' && (pathValue !== '' || cidValues.length > 0)) {
    throw new InputError(
      pathValue !== '' ? 'path' : 'cid',
      `Input "mode" is "cleanup", which only unpins: remove "${pathValue !== '' ? 'path' : 'cid'}", or use mode "deploy".`,
    )
  }
  if (cidValues.length > 0) {
    for (const [name, set] of [
      ['include', include.length > 0],
      ['exclude', exclude.length > 0],
      ['car-path', carPathValue !== ''],
      ['wrap-with-directory', wrapWithDirectory],
    ] as const) {
      if (set)
        throw new InputError(
          name,
          `Input "${name}" applies to "path" only, but "cid" is set. Remove "${name}".`,
        )
    }
    content = { kind: 'cid', cids: cidValues.map((v) => parseCid('cid', v)) }
  } else if (pathValue !== '') {
    const abs = path.resolve(context.cwd, pathValue)
    let st
    try {
      st = statSync(abs)
    } catch {
      throw new InputError(
        'path',
        `Input "path" is ${quote(pathValue)}, which does not exist (resolved to ${quote(abs)}). Allowed: an existing file or directory.`,
      )
    }
    if (!st.isFile() && !st.isDirectory()) {
      throw new InputError(
        'path',
        `Input "path" is ${quote(pathValue)}, which is neither a file nor a directory.`,
      )
    }
    content = {
      kind: 'path',
      path: abs,
      include,
      exclude,
      hiddenFiles,
      wrapWithDirectory,
      profile,
      params: PROFILES[profile],
      carTarget: carTarget(carPathValue, context),
      carPathGiven: carPathValue,
    }
  } else {
    content = { kind: 'none' }
  }

  if (mode === 'deploy' && content.kind === 'none') {
    throw new InputError(
      'path',
      `Input "path" is required: set it to the file or directory to publish, or set "cid" to pin existing content.`,
    )
  }
  if (content.kind === 'cid' && providers.length === 0) {
    throw new InputError(
      'provider',
      `Input "cid" pins existing content, which needs at least one "provider". Allowed: ${listAllowed(PROVIDER_IDS)}.`,
    )
  }
  const pinOnly = (id: ProviderId): boolean => !UPLOADERS.includes(id)
  if (content.kind === 'path' && providers.length > 0 && providers.every((p) => pinOnly(p.id))) {
    throw new InputError(
      'provider',
      `Input "provider" names only pin-only services (${providerIds.join(', ')}): they fetch content from the IPFS network, and a CI runner is not reachable there. Add a provider that takes uploads (${listAllowed(UPLOADERS)}) before them, or pin content already on the network with "cid".`,
    )
  }
  if (mode === 'cleanup' && providers.length === 0 && forkSkipped.length === 0) {
    throw new InputError(
      'provider',
      `Input "mode" is "cleanup", which needs at least one "provider" to unpin from.`,
    )
  }

  // ---- naming ----
  const environment = raw('environment') || (context.pr !== undefined ? 'preview' : 'production')
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(environment)) {
    throw new InputError(
      'environment',
      `Input "environment" is ${quote(environment)}; use 1 to 64 letters, digits, ".", "_" or "-".`,
    )
  }
  const template =
    raw('name') || (context.pr !== undefined ? '{repo}-pr{pr}-{sha7}' : '{repo}-{sha7}')
  checkTemplate(template)
  const metadata = parseKeyValues('metadata', source.get('metadata'))
  const reserved = Object.keys(metadata).find((k) => RESERVED_KEYS.includes(k))
  if (reserved !== undefined)
    throw new InputError(
      'metadata',
      `Input "metadata" sets ${quote(reserved)}, a key the action sets itself (${RESERVED_KEYS.join(', ')}). Use another key.`,
    )
  const repoKey =
    context.owner !== undefined && context.repo !== undefined
      ? `${context.owner}/${context.repo}`
      : (context.repo ?? 'local')
  const scope =
    raw('scope') ||
    (context.pr !== undefined ? `${repoKey}#pr-${context.pr}` : `${repoKey}@${environment}`)
  if (scope.length > 200 || /\s/.test(scope))
    throw new InputError(
      'scope',
      `Input "scope" is ${quote(scope.slice(0, 60))}; use at most 200 characters and no spaces.`,
    )

  // ---- pinning ----
  const verify = parseChoice('verify', raw('verify'), ['fail', 'warn', 'off'] as const)
  const wait = parseChoice('wait', raw('wait'), ['none', 'queued', 'pinned'] as const)
  const waitTimeoutMs = parseDuration('wait-timeout', raw('wait-timeout'))
  const requestTimeoutMs = parseDuration('request-timeout', raw('request-timeout'), {
    allowZero: false,
  })
  const timeoutMs = parseDuration('timeout', raw('timeout'), { allowZero: false })
  const retries = parseInteger('retries', raw('retries'), 0, 10)
  const required = parseRequired(raw('required-providers'), providerIds)

  // ---- cleanup ----
  const unpinPrevious = parseBoolean('unpin-previous', raw('unpin-previous'))
  const keep = parseInteger('keep', raw('keep'), 1, 1000)
  const unpin = parseList(raw('unpin')).map((v) => parseCid('unpin', v))
  const protect = parseList(raw('protect')).map((v) => parseCid('protect', v))
  const maxUnpin = parseInteger('max-unpin', raw('max-unpin'), 0, 100_000)
  const dryRun = parseBoolean('dry-run', raw('dry-run'))
  if ((unpinPrevious || unpin.length > 0) && providers.length === 0 && forkSkipped.length === 0) {
    throw new InputError(
      unpinPrevious ? 'unpin-previous' : 'unpin',
      `Input "${unpinPrevious ? 'unpin-previous' : 'unpin'}" needs at least one "provider" to unpin from.`,
    )
  }
  // Earlier deployments are found by their labels: someone must keep labels. The explicit
  // "unpin" list needs none: with only unlabelled providers, a cleanup run removes just those.
  const labelless = providers.length > 0 && providers.every((p) => UNLABELLED.includes(p.id))
  if (labelless && (unpinPrevious || (mode === 'cleanup' && unpin.length === 0))) {
    const input = unpinPrevious ? 'unpin-previous' : 'mode'
    const set = providers.map((p) => p.id).join(' and ')
    const keepers = listAllowed(PROVIDER_IDS.filter((id) => !UNLABELLED.includes(id)))
    throw new InputError(
      input,
      unpinPrevious
        ? `Input "unpin-previous" finds earlier deployments by the labels stored with each pin, and ${set} keep${providers.length === 1 ? 's' : ''} none. Add a provider that keeps labels (${keepers}) to "provider", or remove "unpin-previous" and list the CIDs to remove in "unpin".`
        : `Input "mode" is "cleanup", which finds the scope's pins by their labels, and ${set} keep${providers.length === 1 ? 's' : ''} none. List the CIDs to remove in "unpin", or add a provider that keeps labels (${keepers}) to "provider".`,
    )
  }

  // ---- report ----
  const gateway = parseHttpUrl('gateway', raw('gateway'))
  const summary = parseBoolean('summary', raw('summary'))
  const githubToken = secret('github-token') || undefined
  const prComment = parseBoolean('pr-comment', raw('pr-comment'))
  const commitStatus = parseBoolean('commit-status', raw('commit-status'))
  const deployment = parseBoolean('deployment', raw('deployment'))

  const config: Config = {
    mode,
    content,
    providers,
    naming: { template, defaultTemplate: raw('name') === '', metadata, environment, scope },
    pinning: { verify, wait, waitTimeoutMs, requestTimeoutMs, timeoutMs, retries, required },
    cleanup: { unpinPrevious, keep, unpin, protect, maxUnpin, dryRun },
    report: { gateway, summary, githubToken, prComment, commitStatus, deployment },
    context,
    secrets: [...secrets],
    forkSkipped,
  }
  // Pinata keeps at most 10 keyvalues per pin: the action's labels come first.
  if (providerIds.includes('pinata')) {
    const ours = Object.keys(runTags(config, new Date())).length
    if (ours + Object.keys(metadata).length > PINATA_MAX_KEYVALUES)
      throw new InputError(
        'metadata',
        `Input "metadata" has ${Object.keys(metadata).length} keys; Pinata keeps at most ${PINATA_MAX_KEYVALUES} per pin and the action's own labels take ${ours} in this run, so at most ${PINATA_MAX_KEYVALUES - ours} are allowed.`,
      )
  }
  return config
}

/** Pinata's limit on keyvalues per pin. */
export const PINATA_MAX_KEYVALUES = 10

/** Providers that keep no labels with a pin (cleanup reaches them by CID). */
export const UNLABELLED: readonly ProviderId[] = ['kubo', 'sagittarius']

/**
 * `cid-profile`: `auto` is unixfs-v1-2025, unless a provider that builds the DAG itself from
 * uploaded files (Pinata, AIOZ) is configured: then the profile that provider produces, so the
 * CID computed here is the one it will report. A profile such a provider cannot produce is an
 * input error, before any work.
 */
function resolveProfile(
  value: 'auto' | ProfileName,
  providers: readonly ProviderId[],
): ProfileName {
  const servers = providers.filter((id) => SERVER_IMPORT[id] !== undefined)
  if (value === 'auto') {
    const first = servers[0]
    if (first === undefined) return 'unixfs-v1-2025'
    const choice = SERVER_IMPORT[first]?.find((p) =>
      servers.every((id) => SERVER_IMPORT[id]?.includes(p)),
    )
    if (choice === undefined)
      throw new InputError(
        'provider',
        `Input "provider": ${servers.map((s) => `"${s}"`).join(' and ')} build the DAG from uploaded files with parameters no single CID profile matches; use one of them per step.`,
      )
    return choice
  }
  for (const id of servers) {
    const allowed = SERVER_IMPORT[id] ?? []
    if (!allowed.includes(value))
      throw new InputError(
        'cid-profile',
        `Input "cid-profile" is "${value}", but provider "${id}" builds the DAG itself from the uploaded files and can only produce ${listAllowed(allowed)}. Allowed with "${id}": auto, ${allowed.join(', ')}.`,
      )
  }
  return value
}

/** `car-path`: a file, or (ending in `/`, or an existing directory) a directory for `<cid>.car`. */
function carTarget(value: string, context: RunContext): string | { dir: string } {
  if (value === '') return { dir: path.join(context.tempDir, 'ipfs-pin-action') }
  const abs = path.resolve(context.cwd, value)
  let isDir = /[\\/]$/.test(value)
  try {
    isDir ||= statSync(abs).isDirectory()
  } catch {
    // Does not exist yet: a file path, created with its parents.
  }
  return isDir ? { dir: abs } : abs
}

function parseGlobs(input: 'include' | 'exclude', value: string): string[] {
  return parseList(value).map((g) => {
    const p = g.replace(/^\.\//, '').replace(/\/+$/, '')
    if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p) || p.split('/').includes('..')) {
      throw new InputError(
        input,
        `Input "${input}" has the pattern ${quote(g)}; patterns are relative to "path" and cannot start with "/" or contain "..".`,
      )
    }
    return p
  })
}

function checkTemplate(template: string): void {
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const key = m[1] ?? ''
    if (!(NAME_PLACEHOLDERS as readonly string[]).includes(key)) {
      throw new InputError(
        'name',
        `Input "name" uses the placeholder ${quote(`{${key}}`)}, which is not known. Allowed: ${listAllowed(NAME_PLACEHOLDERS.map((p) => `{${p}}`))}.`,
      )
    }
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) {
    throw new InputError(
      'name',
      `Input "name" is ${quote(template)}, which has an unmatched "{" or "}".`,
    )
  }
}

/** Where a placeholder's value can be set outside GitHub Actions and GitLab CI. */
const PLACEHOLDER_ENV: Record<Placeholder, string> = {
  repo: 'IPFS_PIN_REPOSITORY',
  owner: 'IPFS_PIN_REPOSITORY',
  sha: 'IPFS_PIN_SHA',
  sha7: 'IPFS_PIN_SHA',
  ref: 'IPFS_PIN_REF',
  pr: 'IPFS_PIN_PR',
  run_id: 'IPFS_PIN_RUN_ID',
  run_number: 'IPFS_PIN_RUN_NUMBER',
  env: 'IPFS_PIN_ENVIRONMENT',
}

/**
 * Fills in the name template. Throws when the run lacks a value a template the user wrote needs;
 * the default template instead falls back to the working directory's name and "local" (a run
 * on a laptop has no commit to name).
 */
export function renderName(config: Pick<Config, 'naming' | 'context'>): string {
  const { context: c, naming } = config
  const fallback = naming.defaultTemplate
  const sha = c.sha ?? (fallback ? 'local' : undefined)
  const values: Record<Placeholder, string | undefined> = {
    repo: c.repo ?? (fallback ? path.basename(c.cwd) || 'local' : undefined),
    owner: c.owner,
    sha,
    sha7: sha?.slice(0, 7),
    ref: c.ref,
    pr: c.pr?.toString(),
    run_id: c.runId,
    run_number: c.runNumber,
    env: naming.environment,
  }
  const name = naming.template.replace(/\{([a-z_0-9]+)\}/g, (_, key: Placeholder) => {
    const v = values[key]
    if (v === undefined) {
      throw new InputError(
        'name',
        `Input "name" uses {${key}}, but this run has no value for it${key === 'pr' ? ' (it is not for a pull request)' : ''}. Set "name" without it, or set ${PLACEHOLDER_ENV[key]} when running outside GitHub Actions and GitLab CI.`,
      )
    }
    return v
  })
  if (name.length > 255)
    throw new InputError(
      'name',
      `Input "name" gives a name of ${name.length} characters; the limit is 255.`,
    )
  return name
}

function parseRequired(
  value: string,
  providers: readonly ProviderId[],
): Config['pinning']['required'] {
  if (value === 'all' || value === 'any') return value
  const ids = parseList(value)
  if (ids.length === 0) return 'all'
  return ids.map((id) => {
    if (!(providers as readonly string[]).includes(id)) {
      throw new InputError(
        'required-providers',
        `Input "required-providers" names ${quote(id)}, which is not in "provider". Allowed: "all", "any", or names from "provider"${providers.length > 0 ? ` (${listAllowed(providers)})` : ''}.`,
      )
    }
    return id as ProviderId
  })
}

function readProvider(
  id: ProviderId,
  raw: (n: InputName) => string,
  secrets: Set<string>,
): ProviderSettings {
  const need = (name: InputName, why = `provider "${id}"`): string => {
    const v = raw(name)
    if (v === '') throw new InputError(name, `Input "${name}" is required for ${why}.`)
    return v
  }
  const url = (name: InputName): string => parseHttpUrl(name, need(name))
  const bearer = (token: string): HttpAuth => {
    secrets.add(`Bearer ${token}`)
    return { kind: 'bearer', token }
  }
  const basic = (name: InputName): HttpAuth => {
    const { username, password } = parseBasicAuth(name, raw(name))
    secrets.add(password)
    secrets.add(Buffer.from(`${username}:${password}`).toString('base64'))
    return { kind: 'basic', username, password }
  }
  /** Optional Basic or Bearer auth, never both. */
  const optionalAuth = (basicName: InputName, tokenName: InputName): HttpAuth | undefined => {
    if (raw(basicName) !== '' && raw(tokenName) !== '') {
      throw new InputError(
        tokenName,
        `Inputs "${basicName}" and "${tokenName}" cannot be used together: set one of them.`,
      )
    }
    if (raw(basicName) !== '') return basic(basicName)
    if (raw(tokenName) !== '') return bearer(raw(tokenName))
    return undefined
  }

  switch (id) {
    case 'pinata': {
      const apiUrl = url('pinata-api-url')
      if (raw('pinata-jwt') !== '') return { id, apiUrl, auth: { jwt: raw('pinata-jwt') } }
      if (raw('pinata-api-key') === '' && raw('pinata-api-secret') === '') {
        throw new InputError(
          'pinata-jwt',
          `Provider "pinata" needs credentials: set "pinata-jwt", or "pinata-api-key" and "pinata-api-secret".`,
        )
      }
      return {
        id,
        apiUrl,
        auth: { apiKey: need('pinata-api-key'), apiSecret: need('pinata-api-secret') },
      }
    }
    case 'aioz':
      return {
        id,
        apiUrl: url('aioz-api-url'),
        apiKey: need('aioz-api-key'),
        secretKey: need('aioz-secret-key'),
      }
    case 'sagittarius':
      return { id, apiUrl: url('sagittarius-api-url'), apiKey: need('sagittarius-api-key') }
    case 'cluster': {
      const rmin =
        raw('cluster-replication-min') === ''
          ? undefined
          : parseInteger('cluster-replication-min', raw('cluster-replication-min'), -1)
      const rmax =
        raw('cluster-replication-max') === ''
          ? undefined
          : parseInteger('cluster-replication-max', raw('cluster-replication-max'), -1)
      if (rmin !== undefined && rmax !== undefined && rmax !== -1 && (rmin === -1 || rmin > rmax)) {
        throw new InputError(
          'cluster-replication-min',
          `Input "cluster-replication-min" (${rmin}) is greater than "cluster-replication-max" (${rmax}).`,
        )
      }
      const expire = raw('cluster-expire-in')
      return {
        id,
        url: url('cluster-url'),
        auth: optionalAuth('cluster-basic-auth', 'cluster-token'),
        replicationMin: rmin === 0 ? undefined : rmin,
        replicationMax: rmax === 0 ? undefined : rmax,
        expireInMs:
          expire === ''
            ? undefined
            : parseDuration('cluster-expire-in', expire, { allowZero: false }),
      }
    }
    case 'kubo':
      return { id, url: url('kubo-url'), auth: optionalAuth('kubo-basic-auth', 'kubo-token') }
    case 'psa':
      return { id, endpoint: url('psa-endpoint'), auth: bearer(need('psa-token')) }
    case 'pinata-psa':
      return {
        id,
        endpoint: `${url('pinata-api-url')}/psa`,
        auth: bearer(
          need('pinata-jwt', 'provider "pinata-psa" (the Pinning Service API takes a JWT only)'),
        ),
      }
    case 'cluster-psa': {
      const auth = optionalAuth('cluster-basic-auth', 'cluster-token')
      if (auth === undefined) {
        throw new InputError(
          'cluster-token',
          `Provider "cluster-psa" needs "cluster-token" or "cluster-basic-auth".`,
        )
      }
      return { id, endpoint: url('cluster-psa-url'), auth }
    }
    case 'filebase':
    case '4everland':
    case 'web3-storage': {
      const preset = PSA_PRESETS[id]
      if (preset === undefined) throw new Error(`no PSA preset for ${id}`)
      return { id, endpoint: preset.endpoint, auth: bearer(need(preset.token)) }
    }
  }
}
