/**
 * Which chain ENS is read and written on (docs/names/ens.md#chains). Mainnet is the one ENS
 * users deploy to; Sepolia's ENS moved to the ENSv2 beta, whose resolvers this module does not
 * model, so it is marked experimental; any other chain (a local node, a fork) names its own
 * registry. The resolver is never configured: it is read from the registry for each name.
 */
import { getAddress, isAddress, type Address } from 'viem'
import { InputError, listAllowed, quote } from '../errors.js'

export interface EnsChain {
  readonly id: number
  /** `mainnet`, `sepolia`, or `chain <id>`. */
  readonly label: string
  /** The ENS registry (ENSIP-1). */
  readonly registry: Address
  /** Sepolia: works for ENSv1 names, unverified under ENSv2; callers warn. */
  readonly experimental: boolean
  /** The Safe Transaction Service for this chain, when Safe runs one. */
  readonly safeService?: string
  /** EIP-3770 short name used in Safe app links (`eth`, `sep`). */
  readonly safeShortName?: string
}

/** The registry has one address on every chain ENS deployed it to. */
const REGISTRY = '0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e'

export const ENS_CHAINS = {
  mainnet: {
    id: 1,
    label: 'mainnet',
    registry: REGISTRY,
    experimental: false,
    safeService: 'https://api.safe.global/tx-service/eth/api',
    safeShortName: 'eth',
  },
  sepolia: {
    id: 11155111,
    label: 'sepolia',
    registry: REGISTRY,
    experimental: true,
    safeService: 'https://api.safe.global/tx-service/sep/api',
    safeShortName: 'sep',
  },
} as const satisfies Record<string, EnsChain>

/** A checksummed address from an input, or an `InputError` naming it. `eth:0x…` (EIP-3770) is accepted. */
export function addressInput(raw: string, input: string): Address {
  const v = raw.trim().replace(/^[a-z][a-z0-9-]{0,15}:(?=0x)/i, '')
  if (!/^0x[0-9a-fA-F]{40}$/.test(v))
    throw new InputError(
      input,
      `Input "${input}" has ${quote(raw)}, which is not an address (0x and 40 hex digits).`,
    )
  const mixed = /[a-f]/.test(v.slice(2)) && /[A-F]/.test(v.slice(2))
  if (mixed && !isAddress(v, { strict: true }))
    throw new InputError(
      input,
      `Input "${input}" has ${quote(raw)}, whose mixed-case checksum (EIP-55) is wrong: check the address, or write it in lower case.`,
    )
  return getAddress(v)
}

/**
 * The chain from the inputs: `mainnet`, `sepolia`, or a chain id with the registry address
 * (`registry`) for a local node or a fork; `safeService` sets or replaces the Transaction
 * Service URL.
 */
export function ensChain(
  spec: string,
  opts: {
    registry?: string
    safeService?: string
    inputs?: { chain: string; registry: string }
  } = {},
): EnsChain {
  const names = opts.inputs ?? { chain: 'ens-chain', registry: 'ens-registry' }
  const v = spec.trim().toLowerCase()
  let chain: EnsChain
  if (v === 'mainnet' || v === 'sepolia') {
    chain = ENS_CHAINS[v]
    if (opts.registry !== undefined && opts.registry.trim() !== '')
      chain = { ...chain, registry: addressInput(opts.registry, names.registry) }
  } else if (/^[1-9]\d{0,15}$/.test(v)) {
    const id = Number(v)
    if (id === 1 || id === 11155111) return ensChain(id === 1 ? 'mainnet' : 'sepolia', opts)
    if (opts.registry === undefined || opts.registry.trim() === '')
      throw new InputError(
        names.registry,
        `Input "${names.chain}" is chain ${id}, which needs "${names.registry}": the ENS registry's address on that chain.`,
      )
    chain = {
      id,
      label: `chain ${id}`,
      registry: addressInput(opts.registry, names.registry),
      experimental: true,
    }
  } else
    throw new InputError(
      names.chain,
      `Input "${names.chain}" has ${quote(spec)}, which is not allowed. Allowed: ${listAllowed(['mainnet', 'sepolia'])}, or a chain id with "${names.registry}".`,
    )
  const service = opts.safeService?.trim()
  return service !== undefined && service !== '' ? { ...chain, safeService: service } : chain
}
