/**
 * The IPNS section: the key (a secret; the name derived from it is public), where records go
 * (`ipns-publish`, each publisher reading its own inputs in src/ipns/), how long a record is
 * valid and cached, and whether DNSLink points at the name instead of the CID
 * (docs/names/ipns.md).
 */
import { InputError, listAllowed, quote } from '../errors.js'
import type { IpnsKey } from '../ipns/key.js'
import type { ConfiguredPublisher, IpnsConfig } from '../ipns/publish.js'
import type { AnyPublisherDescriptor } from '../ipns/registry.js'
import type { PublisherOptions } from '../ipns/types.js'
import { configurePlugin, type Registry } from '../inputs/plugin.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { RunContext } from '../inputs/context.js'
import { parseChoice, parseDuration, parseList } from '../inputs/parse.js'
import type { Inputs } from './types.js'

export const IPNS_INPUTS = [
  'ipns-key',
  'ipns-publish',
  'ipns-validity',
  'ipns-ttl',
  'dnslink-target',
] as const satisfies readonly InputName[]

export const IPNS_SECRETS: readonly InputName[] = ['ipns-key']

/** The validity range: an hour at least (a record must outlive a failed scheduled run or two). */
export const MIN_VALIDITY_MS = 3_600_000
export const MAX_VALIDITY_MS = 365 * 86_400_000

/**
 * Reads `ipns-key` (src/ipns/key.ts: `readIpnsKey`). It comes from the caller, loaded only when
 * the input is set (`loadConfig`), so a run without IPNS never evaluates the key libraries.
 */
export type IpnsKeyReader = (raw: string, secret: (value: string) => void) => IpnsKey

export interface IpnsSection {
  readonly ipns?: IpnsConfig
  /** A pull request from a fork, without the key: the name is left as it is. */
  readonly ipnsSkipped: boolean
  readonly dnslinkTarget: 'ipfs' | 'ipns'
}

export function readIpns(
  inputs: Inputs,
  context: RunContext,
  mode: string,
  registry: Registry<AnyPublisherDescriptor>,
  readKey: IpnsKeyReader | undefined,
): IpnsSection {
  const dnslinkTarget = parseChoice('dnslink-target', inputs.raw('dnslink-target'), [
    'ipfs',
    'ipns',
  ] as const)
  const validityMs = parseDuration('ipns-validity', inputs.raw('ipns-validity'), {
    allowZero: false,
  })
  if (validityMs < MIN_VALIDITY_MS || validityMs > MAX_VALIDITY_MS)
    throw new InputError(
      'ipns-validity',
      `Input "ipns-validity" has ${quote(inputs.raw('ipns-validity'))}. Allowed: from 1h to 365d (default 48h; republish well before it runs out).`,
    )
  const ttlMs = parseDuration('ipns-ttl', inputs.raw('ipns-ttl'))
  if (ttlMs > validityMs)
    throw new InputError(
      'ipns-ttl',
      `Input "ipns-ttl" has ${quote(inputs.raw('ipns-ttl'))}, longer than "ipns-validity" (${quote(inputs.raw('ipns-validity'))}). Allowed: from 0s to the validity (default 5m).`,
    )
  const ids = parseList(inputs.raw('ipns-publish').toLowerCase())
  const descriptors = ids.map((id) => registry.get(id))
  const rawKey = inputs.raw('ipns-key')

  if (rawKey === '') {
    const needs =
      mode === 'republish'
        ? 'Input "mode" is "republish", which re-signs the IPNS record'
        : dnslinkTarget === 'ipns'
          ? 'Input "dnslink-target" is "ipns", which points DNSLink at the IPNS name'
          : undefined
    if (needs !== undefined && context.fork !== true)
      throw new InputError(
        'ipns-key',
        `${needs}: it needs "ipns-key" (the name's private key, as a secret). See "IPNS" in docs/names/README.md for how to make one.`,
      )
    return { ipnsSkipped: context.fork === true && needs !== undefined, dnslinkTarget }
  }
  if (descriptors.length === 0)
    throw new InputError(
      'ipns-publish',
      `Input "ipns-publish" names nowhere to publish the record. Allowed: ${listAllowed(registry.ids)}.`,
    )
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup !== undefined)
    throw new InputError('ipns-publish', `Input "ipns-publish" names ${quote(dup)} twice.`)
  if (readKey === undefined)
    throw new Error(
      '"ipns-key" is set but its reader was not loaded: read the inputs with loadConfig',
    )
  const key = readKey(rawKey, (v) => inputs.secret(v))
  // The key is a secret: a fork's run has none and stopped above (ipnsSkipped), so no
  // publisher is skipped here.
  const publishers: ConfiguredPublisher[] = descriptors.flatMap((d) => {
    const options = configurePlugin<PublisherOptions>(d, inputs, { fork: false })
    return options !== undefined ? [{ id: d.id, descriptor: d, options }] : []
  })
  return { ipns: { key, publishers, validityMs, ttlMs }, ipnsSkipped: false, dnslinkTarget }
}
