/**
 * The content section: what to publish (`path` with its filters, profile and CAR target) or which
 * existing CIDs to pin (`cid`).
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import { PROFILE_ALIASES, PROFILE_NAMES, PROFILES, type ProfileName } from '../content/profiles.js'
import { InputError, listAllowed, quote } from '../errors.js'
import type { AnyProviderDescriptor } from '../providers/registry.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { RunContext } from '../inputs/context.js'
import { parseBoolean, parseChoice, parseCid, parseList } from '../inputs/parse.js'
import type { ContentConfig, Inputs, Mode } from './types.js'

export const CONTENT_INPUTS = [
  'path',
  'include',
  'exclude',
  'hidden-files',
  'cid-profile',
  'wrap-with-directory',
  'car-path',
  'cid',
] as const satisfies readonly InputName[]

export function readContent(
  inputs: Inputs,
  context: RunContext,
  mode: Mode,
  providers: readonly AnyProviderDescriptor[],
): ContentConfig {
  const raw = (n: InputName): string => inputs.raw(n)
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
    providers,
  )
  const wrapWithDirectory = parseBoolean('wrap-with-directory', raw('wrap-with-directory'))
  const carPathValue = raw('car-path')

  if (pathValue !== '' && cidValues.length > 0)
    throw new InputError(
      'cid',
      `Inputs "path" and "cid" cannot be used together: "path" uploads content, "cid" pins content that is already on IPFS. Set one of them.`,
    )
  if (mode !== 'deploy' && (pathValue !== '' || cidValues.length > 0)) {
    const given = pathValue !== '' ? 'path' : 'cid'
    throw new InputError(
      given,
      mode === 'cleanup'
        ? `Input "mode" is "cleanup", which only unpins: remove "${given}", or use mode "deploy".`
        : mode === 'rollback'
          ? `Input "mode" is "rollback", which points the names back to an earlier deployment and uploads nothing: remove "${given}" (name the deployment with "to"), or use mode "deploy".`
          : `Input "mode" is "republish", which re-signs the value the IPNS name has now: remove "${given}", or use mode "deploy" to publish new content at the name.`,
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
    return { kind: 'cid', cids: cidValues.map((v) => parseCid('cid', v)) }
  }
  if (pathValue === '') return { kind: 'none' }
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
  if (!st.isFile() && !st.isDirectory())
    throw new InputError(
      'path',
      `Input "path" is ${quote(pathValue)}, which is neither a file nor a directory.`,
    )
  return {
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
}

/**
 * `cid-profile`: `auto` is unixfs-v1-2025, unless a provider that builds the DAG itself from
 * uploaded files is configured: then the profile that provider produces, so the CID computed
 * here is the one it will report. A profile such a provider cannot produce is an input error,
 * before any work.
 */
function resolveProfile(
  value: 'auto' | ProfileName,
  providers: readonly AnyProviderDescriptor[],
): ProfileName {
  const servers = providers.flatMap((d) =>
    d.traits.serverImport !== undefined ? [{ id: d.id, profiles: d.traits.serverImport }] : [],
  )
  if (value === 'auto') {
    const first = servers[0]
    if (first === undefined) return 'unixfs-v1-2025'
    const choice = first.profiles.find((p) => servers.every((s) => s.profiles.includes(p)))
    if (choice === undefined)
      throw new InputError(
        'provider',
        `Input "provider": ${servers.map((s) => `"${s.id}"`).join(' and ')} build the DAG from uploaded files with parameters no single CID profile matches; use one of them per step.`,
      )
    return choice
  }
  for (const s of servers) {
    if (!s.profiles.includes(value))
      throw new InputError(
        'cid-profile',
        `Input "cid-profile" is "${value}", but provider "${s.id}" builds the DAG itself from the uploaded files and can only produce ${listAllowed(s.profiles)}. Allowed with "${s.id}": auto, ${s.profiles.join(', ')}.`,
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
