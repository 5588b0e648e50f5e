/**
 * The `provider` section: which providers, each read by its own descriptor (src/providers/), and
 * which are skipped in a pull request from a fork.
 */
import { InputError } from '../errors.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { RunContext } from '../inputs/context.js'
import { parseBoolean, parseList } from '../inputs/parse.js'
import type { Inputs } from './types.js'
import { configurePlugin, type Registry } from '../inputs/plugin.js'
import type { AnyProviderDescriptor, ConfiguredProvider } from '../providers/registry.js'

/** The inputs this section owns (the providers' own inputs belong to their descriptors). */
export const PROVIDER_SECTION_INPUTS = [
  'provider',
  'fork-unauthenticated',
] as const satisfies readonly InputName[]

export interface ProviderSection {
  /** Every provider named in `provider`, skipped ones included. */
  readonly named: readonly AnyProviderDescriptor[]
  readonly providers: readonly ConfiguredProvider[]
  readonly forkSkipped: readonly string[]
}

export function readProviders(
  inputs: Inputs,
  context: RunContext,
  registry: Registry<AnyProviderDescriptor>,
): ProviderSection {
  const named = parseList(inputs.raw('provider')).map((v) => registry.get(v.toLowerCase()))
  const dup = named.find((d, i) => named.indexOf(d) !== i)
  if (dup !== undefined)
    throw new InputError('provider', `Input "provider" names "${dup.id}" twice.`)
  // A pull request from a fork gets no secrets: a provider none of whose credential inputs is set
  // there is skipped (the CID and CAR are still computed). Those whose credentials are optional
  // too: a fork's code must not reach the maintainer's nodes unauthenticated, unless
  // "fork-unauthenticated" says so.
  const rule = {
    fork: context.fork === true,
    unauthenticated: parseBoolean('fork-unauthenticated', inputs.raw('fork-unauthenticated')),
  }
  const forkSkipped: string[] = []
  const providers = named.flatMap((d): ConfiguredProvider[] => {
    const options = configurePlugin<ConfiguredProvider['options']>(d, inputs, rule)
    if (options === undefined) {
      forkSkipped.push(d.id)
      return []
    }
    return [{ id: d.id, descriptor: d, options }]
  })
  return { named, providers, forkSkipped }
}
