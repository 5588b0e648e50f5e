/**
 * Every ENS input (docs/names/ens.md#inputs) read at once from the raw input map into typed
 * options, before any network call: each refusal is an `InputError` naming the input, quoting
 * the value (never a secret's: those are only described) and listing what is allowed. The
 * secrets are registered through `setSecret` before anything else, so no later message can show
 * them. The run's inputs layer passes the raw strings (`''` or absent for unset).
 */
import type { Address } from 'viem'
import { InputError, quote } from '../errors.js'
import { ACTION_INPUTS } from '../inputs/action-spec.generated.js'
import { addressInput, ensChain, type EnsChain } from './chain.js'
import { confirmationsInput, feeCapInput, safeNonceInput } from './inputs.js'
import { ENS_INPUTS, ENS_SECRET_INPUTS, type EnsInput } from './input-names.js'
import { ensName } from './name.js'

export { ENS_INPUTS, ENS_SECRET_INPUTS, type EnsInput }

const DEFAULTS: ReadonlyMap<string, string> = new Map(
  ACTION_INPUTS.map((i) => [i.name, String(i.default).trim()]),
)

/** Names one run may set at most (each is a transaction or a proposal). */
export const MAX_ENS_NAMES = 10

/** `ens-wait-timeout`: default, and the range allowed. */
export const WAIT_DEFAULT_MS = 5 * 60_000
const WAIT_MIN_MS = 10_000
const WAIT_MAX_MS = 60 * 60_000

export type EnsSigner =
  | {
      readonly kind: 'key'
      readonly privateKey: string
      readonly confirmations: number
      readonly maxFeePerGas?: bigint
      readonly waitMs: number
    }
  | {
      readonly kind: 'safe'
      readonly safe: Address
      /** An owner's or a delegate's key. */
      readonly signerKey: string
      readonly safeApiKey?: string
      readonly safeNonce?: number
    }

export interface EnsOptions {
  /** ENSIP-15 normalised, without repeats. */
  readonly names: readonly string[]
  readonly chain: EnsChain
  readonly rpcUrl: string
  readonly signer: EnsSigner
  /** Inputs set that do nothing with this signer (said once as a notice). */
  readonly unused: readonly EnsInput[]
}

export type RawInputs = Readonly<Partial<Record<string, string | undefined>>>

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

function waitInput(raw: string, input: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(raw.trim())
  const ms = m !== null ? Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000) : NaN
  if (!(ms >= WAIT_MIN_MS && ms <= WAIT_MAX_MS))
    throw new InputError(
      input,
      `Input "${input}" has ${quote(raw)}, which is not allowed. Allowed: a duration from 10s to 1h, such as "300", "90s" or "5m" (a bare number is seconds).`,
    )
  return Math.round(ms)
}

function wholeNumber(raw: string, input: string, allowed: string): number {
  const v = raw.trim()
  if (!/^\d{1,15}$/.test(v))
    throw new InputError(
      input,
      `Input "${input}" has ${quote(raw)}, which is not allowed. Allowed: ${allowed}.`,
    )
  return Number(v)
}

function urlInput(raw: string, input: string, secret: boolean): string {
  const v = raw.trim()
  let ok = false
  try {
    const u = new URL(v)
    ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== ''
  } catch {
    ok = false
  }
  if (!ok)
    throw new InputError(
      input,
      secret
        ? `Input "${input}" is not an http(s) URL (its value is a secret, not shown). Allowed: the https URL of an Ethereum JSON-RPC endpoint of the chain.`
        : `Input "${input}" has ${quote(raw)}, which is not an http(s) URL.`,
    )
  return v
}

/**
 * The ENS options, or undefined when `ens-name` is empty (ENS off; other ENS inputs are then
 * ignored). `setSecret` is called for every secret value first.
 */
export function parseEnsOptions(
  raw: RawInputs,
  setSecret: (value: string) => void,
): EnsOptions | undefined {
  const get = (k: EnsInput): string => (raw[k] ?? '').trim()
  for (const k of ENS_SECRET_INPUTS) {
    const v = raw[k]
    if (v !== undefined && v.trim() !== '') {
      setSecret(v)
      if (v.trim() !== v) setSecret(v.trim())
    }
  }
  const lines = get('ens-name')
    .split(/\r?\n|,/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  if (lines.length === 0) return undefined
  const names = [...new Set(lines.map((l) => ensName(l, 'ens-name').name))]
  if (names.length > MAX_ENS_NAMES)
    throw new InputError(
      'ens-name',
      `Input "ens-name" lists ${names.length} names, more than ${MAX_ENS_NAMES} (each is one transaction or proposal per deploy). Allowed: 1 to ${MAX_ENS_NAMES} names, one per line.`,
    )

  const need = (k: EnsInput, what: string): string => {
    const v = get(k)
    if (v === '') throw new InputError(k, `Input "${k}" is required with "ens-name": ${what}.`)
    return v
  }
  const rpcUrl = urlInput(
    need('ens-rpc-url', 'the URL of an Ethereum JSON-RPC endpoint (a secret)'),
    'ens-rpc-url',
    true,
  )
  const chain = ensChain(get('ens-chain') || 'mainnet', {
    registry: get('ens-registry'),
    ...(get('ens-safe-service-url') !== ''
      ? { safeService: urlInput(get('ens-safe-service-url'), 'ens-safe-service-url', false) }
      : {}),
  })
  const key = need(
    'ens-private-key',
    get('ens-safe') !== ''
      ? "the key of one of the Safe's owners, or of a delegate registered with the Safe Transaction Service (a secret)"
      : 'the deployer key: the name owner, or an address the owner approved on the resolver (a secret)',
  )
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key))
    throw new InputError(
      'ens-private-key',
      'Input "ens-private-key" is not a private key: it must be 64 hex digits, with or without 0x (its value is a secret, not shown).',
    )

  const set = (k: EnsInput): boolean => get(k) !== ''
  // Set to something else than its default (the runner and the CLI fill defaults in): only such
  // an input is worth the notice that it does nothing with this signer.
  const changed = (k: EnsInput): boolean => set(k) && get(k) !== DEFAULTS.get(k)
  let signer: EnsSigner
  let unused: EnsInput[]
  if (set('ens-safe')) {
    // `eth:0x…` (EIP-3770, as the Safe app writes it) names the chain: it must be this one.
    const prefix = /^([a-z][a-z0-9-]{0,15}):(?=0x)/i.exec(get('ens-safe'))?.[1]?.toLowerCase()
    if (prefix !== undefined && chain.safeShortName !== undefined && prefix !== chain.safeShortName)
      throw new InputError(
        'ens-safe',
        `Input "ens-safe" has ${quote(get('ens-safe'))}, a Safe on the chain "${prefix}" (EIP-3770 prefix), but "ens-chain" is ${chain.label}. Allowed: the Safe's address, alone or as "${chain.safeShortName}:0x…".`,
      )
    const nonce = set('ens-safe-nonce')
      ? safeNonceInput(
          wholeNumber(get('ens-safe-nonce'), 'ens-safe-nonce', 'a whole number, 0 or more'),
        )
      : undefined
    signer = {
      kind: 'safe',
      safe: addressInput(get('ens-safe'), 'ens-safe'),
      signerKey: key,
      ...(set('ens-safe-api-key') ? { safeApiKey: get('ens-safe-api-key') } : {}),
      ...(nonce !== undefined ? { safeNonce: nonce } : {}),
    }
    unused = (['ens-confirmations', 'ens-max-fee-per-gas', 'ens-wait-timeout'] as const).filter(
      changed,
    )
  } else {
    const fee = feeCapInput(get('ens-max-fee-per-gas'))
    signer = {
      kind: 'key',
      privateKey: key,
      confirmations: confirmationsInput(
        set('ens-confirmations')
          ? wholeNumber(
              get('ens-confirmations'),
              'ens-confirmations',
              'a whole number of blocks from 1 to 64',
            )
          : undefined,
      ),
      ...(fee !== undefined ? { maxFeePerGas: fee } : {}),
      waitMs: set('ens-wait-timeout')
        ? waitInput(get('ens-wait-timeout'), 'ens-wait-timeout')
        : WAIT_DEFAULT_MS,
    }
    unused = (['ens-safe-api-key', 'ens-safe-service-url', 'ens-safe-nonce'] as const).filter(
      changed,
    )
  }
  return { names, chain, rpcUrl, signer, unused }
}
