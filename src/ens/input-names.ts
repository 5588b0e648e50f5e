/**
 * The ENS inputs by name (docs/names/ens.md#inputs), in the order the docs list them: the one
 * list both the config layer (which reads them without loading viem) and the ENS options parser
 * use. This file imports no value, so reading the config never loads the ENS code.
 */
import type { InputName } from '../inputs/action-spec.generated.js'

export const ENS_INPUTS = [
  'ens-name',
  'ens-rpc-url',
  'ens-chain',
  'ens-registry',
  'ens-private-key',
  'ens-safe',
  'ens-safe-api-key',
  'ens-safe-service-url',
  'ens-safe-nonce',
  'ens-confirmations',
  'ens-max-fee-per-gas',
  'ens-wait-timeout',
] as const satisfies readonly InputName[]
export type EnsInput = (typeof ENS_INPUTS)[number]

/**
 * Inputs whose values are secrets (`secret: true` in action.yml; masked in every form): the RPC
 * URL may carry its provider's key.
 */
export const ENS_SECRET_INPUTS: readonly EnsInput[] = [
  'ens-rpc-url',
  'ens-private-key',
  'ens-safe-api-key',
]
