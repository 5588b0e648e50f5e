/**
 * Who may change a name's records, read the way the ENS PublicResolver decides
 * (docs/names/ens.md#who-may-write): the registry's owner, or, when that is the NameWrapper,
 * the wrapped name's owner; plus whoever that owner approved on the resolver. The write itself
 * is decided by simulation (the resolver's own rule, whatever it is); these reads only explain
 * a refusal, and warn about a name that is about to expire.
 */
import { zeroAddress, type Address, type Hex, type PublicClient } from 'viem'
import { namehash } from 'viem/ens'
import { isoTime } from '../http/retry.js'
import { NAME_WRAPPER_ABI, REGISTRAR_ABI, REGISTRY_ABI, RESOLVER_ABI } from './abi.js'
import type { EnsChecked } from './checked.js'
import { EnsError } from './errors.js'
import { ethLabelId } from './name.js'
import { isRevert } from './rpc.js'

export interface Control {
  /** The registry's owner of the node. */
  readonly registryOwner: Address
  /** Who owns the name: the wrapped owner when the registry's owner is the NameWrapper. */
  readonly owner: Address
  /** The NameWrapper holding the name, when it is wrapped. */
  readonly wrapper?: Address
  /** The wrapped name's expiry (seconds), when wrapped. */
  readonly expiry?: bigint
}

const DAY = 86_400n
/** A `.eth` name can be renewed for 90 days after it expires; then anyone may register it. */
const GRACE = 90n * DAY

export async function whoControls(
  client: PublicClient,
  registry: Address,
  node: Hex,
): Promise<Control> {
  const registryOwner = await client.readContract({
    address: registry,
    abi: REGISTRY_ABI,
    functionName: 'owner',
    args: [node],
  })
  if (registryOwner === zeroAddress) return { registryOwner, owner: registryOwner }
  const code = await client.getCode({ address: registryOwner })
  if (code === undefined || code === '0x') return { registryOwner, owner: registryOwner }
  try {
    // A NameWrapper answers getData for any id; a Safe or another contract reverts.
    const [, , expiry] = await client.readContract({
      address: registryOwner,
      abi: NAME_WRAPPER_ABI,
      functionName: 'getData',
      args: [BigInt(node)],
    })
    // ownerOf is zero once an emancipated name has expired, whatever getData still holds.
    const owner = await client.readContract({
      address: registryOwner,
      abi: NAME_WRAPPER_ABI,
      functionName: 'ownerOf',
      args: [BigInt(node)],
    })
    return { registryOwner, owner, wrapper: registryOwner, expiry }
  } catch (err) {
    if (!isRevert(err)) throw err
    return { registryOwner, owner: registryOwner }
  }
}

/** What the owner approved for `signer` on the resolver (false where the resolver cannot say). */
async function approvals(
  client: PublicClient,
  resolver: Address,
  owner: Address,
  node: Hex,
  signer: Address,
): Promise<string[]> {
  const ask = async (fn: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await fn()
    } catch {
      return false
    }
  }
  const out: string[] = []
  if (
    await ask(() =>
      client.readContract({
        address: resolver,
        abi: RESOLVER_ABI,
        functionName: 'isApprovedForAll',
        args: [owner, signer],
      }),
    )
  )
    out.push('an operator for all its names')
  if (
    await ask(() =>
      client.readContract({
        address: resolver,
        abi: RESOLVER_ABI,
        functionName: 'isApprovedFor',
        args: [owner, node, signer],
      }),
    )
  )
    out.push('a delegate for this name')
  return out
}

/**
 * The error for a simulation that reverted: who owns the name, whether it expired, and the one
 * fix. `writer` is the address the write would come from (the key's, or the Safe's).
 */
export async function notAuthorised(
  client: PublicClient,
  at: { name: string; node: Hex; resolver: Address; registry: Address },
  writer: { address: Address; what: string },
): Promise<EnsError> {
  const c = await whoControls(client, at.registry, at.node)
  const head = `ENS name ${at.name}: ${writer.what} ${writer.address} may not change its records on its resolver ${at.resolver}, so nothing was sent.`
  if (c.wrapper !== undefined && c.owner === zeroAddress)
    return new EnsError(
      'expired',
      at.name,
      `${head} The name is wrapped (NameWrapper ${c.wrapper}) and has expired${c.expiry !== undefined && c.expiry > 0n ? ` (${isoTime(Number(c.expiry) * 1000)})` : ''}: nobody may write its records until it is renewed.`,
    )
  if (c.owner === zeroAddress)
    return new EnsError(
      'not-authorised',
      at.name,
      `${head} The name has no owner in the registry ${at.registry}.`,
    )
  const held =
    c.wrapper !== undefined
      ? ` (a wrapped name: the registry holds it for the NameWrapper ${c.wrapper})`
      : ''
  const granted = await approvals(client, at.resolver, c.owner, at.node, writer.address)
  const already =
    granted.length > 0
      ? ` The resolver lists ${writer.address} as ${granted.join(' and ')}, yet refused: its rules differ from the ENS PublicResolver's.`
      : ''
  return new EnsError(
    'not-authorised',
    at.name,
    `${head} The name's owner is ${c.owner}${held}.${already} Fix: deploy with the owner's key, or have the owner call approve(${at.node}, ${writer.address}, true) on the resolver ${at.resolver} once (it lets ${writer.address} change every record of this name, and nothing else). Approvals given on the registry or the NameWrapper do not count.`,
  )
}

/**
 * Warns when the name expires within 30 days, or (an unwrapped .eth name) already has; once a
 * run (`checked`: the check before the upload already warned).
 */
export async function warnExpiry(
  client: PublicClient,
  registry: Address,
  at: { name: string; node: Hex },
  warn: ((m: string) => void) | undefined,
  checked?: EnsChecked,
): Promise<void> {
  if (warn === undefined || checked?.expiry.has(at.name) === true) return
  checked?.expiry.add(at.name)
  const now = (await client.getBlock({ blockTag: 'latest' })).timestamp
  let expires: bigint | undefined
  const c = await whoControls(client, registry, at.node)
  if (c.wrapper !== undefined && c.expiry !== undefined && c.expiry > 0n && c.expiry < 2n ** 63n)
    expires = c.expiry
  const id = ethLabelId(at.name)
  if (expires === undefined && id !== undefined) {
    const registrar = await client.readContract({
      address: registry,
      abi: REGISTRY_ABI,
      functionName: 'owner',
      args: [namehash('eth')],
    })
    try {
      const until = await client.readContract({
        address: registrar,
        abi: REGISTRAR_ABI,
        functionName: 'nameExpires',
        args: [id],
      })
      if (until > 0n) expires = until + GRACE
    } catch {
      return
    }
  }
  if (expires === undefined) return
  const when = isoTime(Number(expires) * 1000)
  if (expires <= now)
    warn(
      `ENS name ${at.name} expired (its grace period ended ${when}): anyone may register it now and change where it points. Renew it.`,
    )
  else if (expires - now < 30n * DAY)
    warn(
      `ENS name ${at.name} expires ${when} (grace period included): renew it before then, or its records stop resolving.`,
    )
}
