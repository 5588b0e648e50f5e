/**
 * ENS names as users type them, made into what the contracts key on: ENSIP-15 normalisation
 * (viem's `normalize`, the reference implementation), then the ENSIP-1 namehash. Any name that
 * normalises is accepted, `.eth` or an imported DNS name alike (docs/names/ens.md#names).
 */
import type { Hex } from 'viem'
import { labelhash, namehash, normalize } from 'viem/ens'
import { InputError, quote } from '../errors.js'

export interface EnsName {
  /** As given (trimmed). */
  readonly input: string
  /** ENSIP-15 normalised: what is hashed, shown and put in gateway URLs. */
  readonly name: string
  /** namehash(name). */
  readonly node: Hex
}

/**
 * Normalises one name; an `InputError` naming `input` otherwise, before any network call. One
 * trailing dot (a fully qualified DNS name) is dropped; a name needs at least two labels.
 */
export function ensName(raw: string, input = 'ens-name'): EnsName {
  const given = raw.trim()
  const bare = given.endsWith('.') ? given.slice(0, -1) : given
  const bad = (why: string): InputError =>
    new InputError(
      input,
      `Input "${input}" has ${quote(given)}, which is not an ENS name: ${why}. Give a name such as "site.eth", or a DNS name imported into ENS.`,
    )
  if (bare === '') throw bad('it is empty')
  let name: string
  try {
    name = normalize(bare)
  } catch (err) {
    // The normaliser's reason quotes only the offending characters of the input.
    throw bad(`${(err instanceof Error ? err.message : String(err)).split('\n')[0]} (ENSIP-15)`)
  }
  if (!name.includes('.')) throw bad('a top-level name alone cannot be deployed to')
  return { input: given, name, node: namehash(name) }
}

/** The names above `name`, nearest first: `a.b.eth` → `b.eth`, `eth`. */
export function parentsOf(name: string): string[] {
  const labels = name.split('.')
  return labels.slice(1).map((_, i) => labels.slice(i + 1).join('.'))
}

/** For a `.eth` second-level name, the registrar's token id (its label's hash); else undefined. */
export function ethLabelId(name: string): bigint | undefined {
  const labels = name.split('.')
  if (labels.length !== 2 || labels[1] !== 'eth' || labels[0] === undefined) return undefined
  return BigInt(labelhash(labels[0]))
}

/**
 * Where a browser reaches the name through an ENS gateway: `https://<name>.limo` for `.eth`
 * names (eth.limo serves every `*.eth.limo`), none for imported DNS names (they are served by
 * their own DNS). Non-ASCII names are written as the punycode host a browser would use.
 */
export function gatewayUrls(name: string): string[] {
  if (!name.endsWith('.eth')) return []
  try {
    return [new URL(`https://${name}.limo/`).toString()]
  } catch {
    return []
  }
}
