/**
 * The pinning, cleanup and report sections: each reads the inputs it owns and nothing else.
 */
import { InputError, listAllowed, quote } from '../errors.js'
import { didYouMean } from '../inputs/nearest.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import {
  parseBoolean,
  parseChoice,
  parseCid,
  parseDuration,
  parseHttpUrl,
  parseInteger,
  parseList,
} from '../inputs/parse.js'
import type { CleanupConfig, Inputs, Mode, PinningConfig, ReportConfig } from './types.js'

export const PINNING_INPUTS = [
  'verify',
  'wait',
  'wait-timeout',
  'request-timeout',
  'timeout',
  'retries',
  'required-providers',
] as const satisfies readonly InputName[]

/** `named`: the ids in `provider`, which `required-providers` may name. */
export function readPinning(inputs: Inputs, named: readonly string[]): PinningConfig {
  return {
    verify: parseChoice('verify', inputs.raw('verify'), ['fail', 'warn', 'off'] as const),
    wait: parseChoice('wait', inputs.raw('wait'), ['none', 'queued', 'pinned'] as const),
    waitTimeoutMs: parseDuration('wait-timeout', inputs.raw('wait-timeout')),
    requestTimeoutMs: parseDuration('request-timeout', inputs.raw('request-timeout'), {
      allowZero: false,
    }),
    timeoutMs: parseDuration('timeout', inputs.raw('timeout'), { allowZero: false }),
    retries: parseInteger('retries', inputs.raw('retries'), 0, 10),
    required: parseRequired(inputs.raw('required-providers'), named),
  }
}

function parseRequired(value: string, named: readonly string[]): PinningConfig['required'] {
  if (value === 'all' || value === 'any') return value
  const ids = parseList(value)
  if (ids.length === 0) return 'all'
  return ids.map((id) => {
    if (!named.includes(id))
      throw new InputError(
        'required-providers',
        `Input "required-providers" names ${quote(id)}, which is not in "provider".${didYouMean(id, named)} Allowed: "all", "any", or names from "provider"${named.length > 0 ? ` (${listAllowed(named)})` : ''}.`,
      )
    return id
  })
}

export const CLEANUP_INPUTS = [
  'mode',
  'unpin-previous',
  'keep',
  'unpin',
  'protect',
  'max-unpin',
  'dry-run',
] as const satisfies readonly InputName[]

export function readMode(inputs: Inputs): Mode {
  return parseChoice('mode', inputs.raw('mode'), [
    'deploy',
    'cleanup',
    'republish',
    'rollback',
  ] as const)
}

export function readCleanup(inputs: Inputs): CleanupConfig {
  return {
    unpinPrevious: parseBoolean('unpin-previous', inputs.raw('unpin-previous')),
    keep: parseInteger('keep', inputs.raw('keep'), 1, 1000),
    unpin: parseList(inputs.raw('unpin')).map((v) => parseCid('unpin', v)),
    protect: parseList(inputs.raw('protect')).map((v) => parseCid('protect', v)),
    maxUnpin: parseInteger('max-unpin', inputs.raw('max-unpin'), 0, 100_000),
    dryRun: parseBoolean('dry-run', inputs.raw('dry-run')),
  }
}

export const REPORT_INPUTS = [
  'gateway',
  'summary',
  'github-token',
  'pr-comment',
  'commit-status',
  'deployment',
] as const satisfies readonly InputName[]

/** Inputs of the report section that hold credentials. */
export const REPORT_SECRETS: readonly InputName[] = ['github-token']

export function readReport(inputs: Inputs): ReportConfig {
  const token = inputs.raw('github-token')
  if (token !== '') inputs.secret(token)
  return {
    gateway: parseHttpUrl('gateway', inputs.raw('gateway')),
    summary: parseBoolean('summary', inputs.raw('summary')),
    ...(token !== '' ? { githubToken: token } : {}),
    prComment: parseBoolean('pr-comment', inputs.raw('pr-comment')),
    commitStatus: parseBoolean('commit-status', inputs.raw('commit-status')),
    deployment: parseBoolean('deployment', inputs.raw('deployment')),
  }
}
