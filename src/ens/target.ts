/**
 * Everything a read or a write of a name's contenthash starts with: the name normalised (before
 * any request), the RPC connected and on the configured chain, the name's OWN resolver (a
 * subname that only inherits a parent's resolver is refused: a record written there under the
 * subname is not what ENS clients read, ENSIP-10), the resolver able to hold a contenthash
 * (ERC-165), and the record it holds now (docs/names/ens.md#resolver).
 */
import { zeroAddress, type Address, type PublicClient } from 'viem'
import { namehash } from 'viem/ens'
import { CONTENTHASH_INTERFACE, REGISTRY_ABI, RESOLVER_ABI } from './abi.js'
import type { EnsChain } from './chain.js'
import { decodeContenthash } from './contenthash.js'
import { EnsError } from './errors.js'
import { ensName, gatewayUrls, parentsOf, type EnsName } from './name.js'
import { connect, isRevert, rpcFailure, type Rpc } from './rpc.js'
import type { ContenthashState, EnsDeps, EnsTarget } from './types.js'

export interface OpenTarget {
  readonly rpc: Rpc
  readonly ens: EnsName
  readonly state: ContenthashState
}

/** The nearest parent with a resolver, for the message when the name has none of its own. */
async function inherited(client: PublicClient, registry: Address, name: string): Promise<string> {
  for (const parent of parentsOf(name).slice(0, 8)) {
    const r = await client.readContract({
      address: registry,
      abi: REGISTRY_ABI,
      functionName: 'resolver',
      args: [namehash(parent)],
    })
    if (r !== zeroAddress)
      return ` It inherits the resolver ${r} of ${parent}; a contenthash written there under ${name} is not read by ENS clients (ENSIP-10), so this is refused.`
  }
  return ''
}

/** Whether `resolver` says it supports ENSIP-7; a contract without ERC-165 reverts: no. */
async function holdsContenthash(client: PublicClient, resolver: Address): Promise<boolean> {
  try {
    return await client.readContract({
      address: resolver,
      abi: RESOLVER_ABI,
      functionName: 'supportsInterface',
      args: [CONTENTHASH_INTERFACE],
    })
  } catch (err) {
    // A failed request is not an answer: only a revert or no data means "no".
    if (isRevert(err)) return false
    throw err
  }
}

export async function openTarget(t: EnsTarget, deps: EnsDeps): Promise<OpenTarget> {
  const ens = ensName(t.name, t.inputs?.name)
  const rpc = connect(t.rpcUrl, deps, t.inputs?.rpcUrl)
  const { client } = rpc
  const chain: EnsChain = t.chain
  // Read once a run (src/ens/checked.ts): the chain behind the RPC, a resolver's interfaces.
  const checked = deps.checked
  const chainKey = `${chain.id}|${t.rpcUrl}`
  const chainChecked = checked?.chains.has(chainKey) === true
  if (chain.experimental && chain.label === 'sepolia' && !chainChecked)
    deps.warn?.(
      `ENS on Sepolia is experimental here: Sepolia's ENS is the ENSv2 beta, and whether a record written to an ENSv1 resolver shows in its apps is not verified (docs/names/ens.md#chains).`,
    )
  try {
    if (!chainChecked) {
      const id = await client.getChainId()
      if (id !== chain.id)
        throw new EnsError(
          'wrong-chain',
          ens.name,
          `ENS name ${ens.name}: the RPC ${rpc.label} serves chain ${id}, not ${chain.label} (${chain.id}); nothing was read or sent. Give an RPC URL of ${chain.label}.`,
        )
      checked?.chains.add(chainKey)
    }
    const resolver = await client.readContract({
      address: chain.registry,
      abi: REGISTRY_ABI,
      functionName: 'resolver',
      args: [ens.node],
    })
    if (resolver === zeroAddress)
      throw new EnsError(
        'no-resolver',
        ens.name,
        `ENS name ${ens.name} has no resolver of its own on ${chain.label}.${await inherited(client, chain.registry, ens.name)} Its owner sets one first (the ENS app, or setResolver on the registry), then deploys again.`,
      )
    if (checked?.resolvers.has(resolver.toLowerCase()) !== true) {
      if (!(await holdsContenthash(client, resolver)))
        throw new EnsError(
          'unsupported-resolver',
          ens.name,
          `ENS name ${ens.name}: its resolver ${resolver} does not support contenthash records (ERC-165 interface ${CONTENTHASH_INTERFACE}, ENSIP-7). Its owner switches the name to the ENS Public Resolver, then deploys again.`,
        )
      checked?.resolvers.add(resolver.toLowerCase())
    }
    const hex = await client.readContract({
      address: resolver,
      abi: RESOLVER_ABI,
      functionName: 'contenthash',
      args: [ens.node],
    })
    return {
      rpc,
      ens,
      state: {
        name: ens.name,
        node: ens.node,
        resolver,
        current: decodeContenthash(hex),
        gatewayUrls: gatewayUrls(ens.name),
      },
    }
  } catch (err) {
    throw rpcFailure(err, ens.name, `reading the name's resolver on ${chain.label}`, deps.redact)
  }
}
