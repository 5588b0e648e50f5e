/**
 * The naming section: the pin name template, the user's metadata, the environment and the
 * cleanup scope; and `renderName`, which fills the template in for a run.
 */
import path from 'node:path'
import { InputError, listAllowed, quote } from '../errors.js'
import { RESERVED_KEYS } from '../tags.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { RunContext } from '../inputs/context.js'
import { parseKeyValues } from '../inputs/parse.js'
import type { Config, Inputs, NamingConfig } from './types.js'

export const NAMING_INPUTS = [
  'name',
  'metadata',
  'environment',
  'scope',
] as const satisfies readonly InputName[]

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

export function readNaming(inputs: Inputs, context: RunContext): NamingConfig {
  const environment =
    inputs.raw('environment') || (context.pr !== undefined ? 'preview' : 'production')
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(environment)) {
    throw new InputError(
      'environment',
      `Input "environment" is ${quote(environment)}; use 1 to 64 letters, digits, ".", "_" or "-".`,
    )
  }
  const template =
    inputs.raw('name') || (context.pr !== undefined ? '{repo}-pr{pr}-{sha7}' : '{repo}-{sha7}')
  checkTemplate(template)
  const metadata = parseKeyValues('metadata', inputs.untrimmed('metadata'))
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
    inputs.raw('scope') ||
    (context.pr !== undefined ? `${repoKey}#pr-${context.pr}` : `${repoKey}@${environment}`)
  if (scope.length > 200 || /\s/.test(scope))
    throw new InputError(
      'scope',
      `Input "scope" is ${quote(scope.slice(0, 60))}; use at most 200 characters and no spaces.`,
    )
  return { template, defaultTemplate: inputs.raw('name') === '', metadata, environment, scope }
}

/** Only known placeholders, and no stray brace, in `template` (the value of `input`). */
export function checkTemplate(template: string, input = 'name'): void {
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const key = m[1] ?? ''
    if (!(NAME_PLACEHOLDERS as readonly string[]).includes(key)) {
      throw new InputError(
        input,
        `Input "${input}" uses the placeholder ${quote(`{${key}}`)}, which is not known. Allowed: ${listAllowed(NAME_PLACEHOLDERS.map((p) => `{${p}}`))}.`,
      )
    }
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) {
    throw new InputError(
      input,
      `Input "${input}" is ${quote(template)}, which has an unmatched "{" or "}".`,
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
  const name = fillTemplate(config.naming.template, 'name', config, config.naming.defaultTemplate)
  if (name.length > 255)
    throw new InputError(
      'name',
      `Input "name" gives a name of ${name.length} characters; the limit is 255.`,
    )
  return name
}

/**
 * Fills the placeholders of `template` (an input's value: `name`, `dnslink`). A value the run
 * lacks is an input error naming `input`; with `fallback` (the default name template) the
 * repository falls back to the working directory's name and the commit to "local" (a run on a
 * laptop has no commit to name).
 */
export function fillTemplate(
  template: string,
  input: string,
  config: { readonly naming: Pick<NamingConfig, 'environment'>; readonly context: RunContext },
  fallback = false,
): string {
  const c = config.context
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
    env: config.naming.environment,
  }
  return template.replace(/\{([a-z_0-9]+)\}/g, (_, key: Placeholder) => {
    const v = values[key]
    if (v === undefined) {
      throw new InputError(
        input,
        `Input "${input}" uses {${key}}, but this run has no value for it${key === 'pr' ? ' (it is not for a pull request)' : ''}. Set "${input}" without it, or set ${PLACEHOLDER_ENV[key]} when running outside GitHub Actions and GitLab CI.`,
      )
    }
    return v
  })
}
