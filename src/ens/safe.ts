/**
 * Proposes a contenthash change to the Safe that owns the name (docs/names/ens.md#safe): CI
 * holds a key of one owner or of a delegate, signs the Safe transaction's EIP-712 hash, and
 * hands it to the Safe Transaction Service; the owners confirm and execute it in their app.
 * The same checks as a key's write come first (the record may already hold the value; the
 * write simulated from the Safe), then the signer's standing (an owner, or a delegate the
 * service knows), and the queue: a pending proposal with this exact change is reported, not
 * made again; one for the same name is replaced at its nonce; else the next free nonce. A record
 * that already holds the value needs no proposal, unless a pending one would move it away.
 */
import {
  decodeFunctionData,
  encodeFunctionData,
  getAddress,
  hashTypedData,
  zeroAddress,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem'
import { InputError, errorMessage } from '../errors.js'
import { RESOLVER_ABI, SAFE_ABI } from './abi.js'
import { addressInput } from './chain.js'
import { contenthashOf, decodeContenthash, sameContenthash } from './contenthash.js'
import { EnsError } from './errors.js'
import { safeNonceInput } from './inputs.js'
import { notAuthorised, warnExpiry } from './owner.js'
import { isRevert, rpcFailure } from './rpc.js'
import type { EnsChecked, SafeStanding } from './checked.js'
import { safeService, type QueuedTx, type SafeService } from './safe-service.js'
import { keyAccount } from './signer.js'
import { openTarget } from './target.js'
import type {
  EnsDeps,
  ProposeContenthashOptions,
  ProposeContenthashResult,
  SafeLinks,
} from './types.js'

const SET_CONTENTHASH = '0x304e6ade'

/** The EIP-712 typed data of a Safe transaction (Safe.sol `SAFE_TX_TYPEHASH`). */
export function safeTxTypedData(
  safe: Address,
  chainId: number,
  version: string,
  tx: { to: Address; data: Hex; nonce: bigint },
) {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10))
  // Safe 1.3.0 put the chain id in the domain; earlier versions had the contract alone.
  const withChain = major > 1 || (major === 1 && minor >= 3)
  return {
    domain: withChain ? { chainId, verifyingContract: safe } : { verifyingContract: safe },
    types: {
      SafeTx: [
        { name: 'to', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'data', type: 'bytes' },
        { name: 'operation', type: 'uint8' },
        { name: 'safeTxGas', type: 'uint256' },
        { name: 'baseGas', type: 'uint256' },
        { name: 'gasPrice', type: 'uint256' },
        { name: 'gasToken', type: 'address' },
        { name: 'refundReceiver', type: 'address' },
        { name: 'nonce', type: 'uint256' },
      ],
    },
    primaryType: 'SafeTx',
    message: {
      to: tx.to,
      value: 0n,
      data: tx.data,
      operation: 0,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: tx.nonce,
    },
  } as const
}

function links(opts: ProposeContenthashOptions, safe: Address, hash: Hash): SafeLinks {
  const short = opts.chain.safeShortName
  if (short === undefined) return {}
  const app = (opts.appUrl ?? 'https://app.safe.global').replace(/\/+$/, '')
  const s = `${short}:${safe}`
  return {
    queueUrl: `${app}/transactions/queue?safe=${s}`,
    txUrl: `${app}/transactions/tx?safe=${s}&id=multisig_${safe}_${hash}`,
  }
}

/** Whether a queued transaction is a `setContenthash` of this name on this resolver (any value). */
const changesName = (t: QueuedTx, resolver: Address, node: Hex): boolean =>
  t.to.toLowerCase() === resolver.toLowerCase() &&
  t.data.startsWith(SET_CONTENTHASH) &&
  t.data.slice(10, 74) === node.slice(2).toLowerCase()

/** The nonce to propose at (docs/names/ens.md#safe-nonce). */
function chooseNonce(
  queue: readonly QueuedTx[],
  chainNonce: bigint,
  resolver: Address,
  node: Hex,
): bigint {
  const sameName = queue.find((t) => changesName(t, resolver, node))
  if (sameName !== undefined) return sameName.nonce
  return queue.reduce((n, t) => (t.nonce >= n ? t.nonce + 1n : n), chainNonce)
}

/** The contenthash a pending `setContenthash` would write, when its data decodes. */
function pendingContenthash(t: QueuedTx): Hex | undefined {
  try {
    const call = decodeFunctionData({ abi: RESOLVER_ABI, data: t.data })
    return call.functionName === 'setContenthash' ? call.args[1] : undefined
  } catch {
    return undefined
  }
}

/**
 * The Safe as the signer sees it: a contract there, its version, owners and threshold, and the
 * signer an owner or a delegate the Transaction Service knows; otherwise an error naming the
 * name, the signer and the inputs to fix. Read once a run (`checked`): the check before the
 * upload reads it, the names step reuses it.
 */
export async function safeStanding(
  client: PublicClient,
  service: SafeService,
  at: {
    safe: Address
    signer: Address
    name: string
    chain: string
    inputs?: Partial<Record<'key' | 'safe', string>> | undefined
  },
  checked?: EnsChecked,
): Promise<SafeStanding> {
  const { safe, signer, name } = at
  const key = `${safe}|${signer}`.toLowerCase()
  const known = checked?.safes.get(key)
  if (known !== undefined) return known
  const code = await client.getCode({ address: safe })
  if (code === undefined || code === '0x')
    throw new EnsError(
      'safe',
      name,
      `ENS name ${name}: there is no contract at the Safe address ${safe} on ${at.chain}. Check input "${at.inputs?.safe ?? 'ens-safe'}".`,
    )
  const read = <F extends 'VERSION' | 'getThreshold' | 'getOwners'>(functionName: F) =>
    client.readContract({ address: safe, abi: SAFE_ABI, functionName })
  const version = await read('VERSION')
  const owners = await read('getOwners')
  const threshold = Number(await read('getThreshold'))
  const isOwner = owners.some((o) => o.toLowerCase() === signer.toLowerCase())
  if (!isOwner && !(await service.isDelegate(safe, signer, owners)))
    throw new EnsError(
      'not-authorised',
      name,
      `ENS name ${name}: the signer ${signer} is neither an owner of the Safe ${safe} (owners: ${owners.join(', ')}) nor a delegate the Safe Transaction Service knows for it, so nothing was proposed. Check input "${at.inputs?.safe ?? 'ens-safe'}" (the Safe that owns the name) and input "${at.inputs?.key ?? 'ens-private-key'}": give an owner's key, or have an owner register ${signer} as a delegate.`,
    )
  const standing: SafeStanding = {
    version,
    owners,
    threshold,
    role: isOwner ? 'owner' : 'delegate',
  }
  checked?.safes.set(key, standing)
  return standing
}

/** The write simulated from the Safe (a refusal explained: who owns the name, the one fix). */
export async function safeMayWrite(
  client: PublicClient,
  at: { name: string; node: Hex; resolver: Address; registry: Address },
  safe: Address,
  data: Hex,
): Promise<void> {
  try {
    await client.call({ account: safe, to: at.resolver, data })
  } catch (err) {
    if (isRevert(err)) throw await notAuthorised(client, at, { address: safe, what: 'the Safe' })
    throw err
  }
}

export async function proposeContenthash(
  opts: ProposeContenthashOptions,
  deps: EnsDeps,
): Promise<ProposeContenthashResult> {
  const value = contenthashOf(opts.value, opts.inputs?.value)
  const account = keyAccount(opts.signerKey, deps.setSecret, opts.inputs?.key ?? 'ens-private-key')
  const safe = addressInput(opts.safe, opts.inputs?.safe ?? 'ens-safe')
  if (opts.safeApiKey !== undefined && opts.safeApiKey.trim() !== '')
    deps.setSecret(opts.safeApiKey.trim())
  // The service keeps at most 200 characters of origin.
  const origin = (opts.origin ?? 'ipfs-pin-action').slice(0, 200)
  const safeNonce = safeNonceInput(opts.safeNonce)
  const serviceUrl = opts.chain.safeService
  if (serviceUrl === undefined)
    throw new InputError(
      'ens-safe-service-url',
      `Input "ens-safe-service-url" is needed: ENS on ${opts.chain.label} has no Safe Transaction Service known here.`,
    )
  const service = safeService(serviceUrl, opts.safeApiKey, deps)
  if (opts.safeApiKey === undefined || opts.safeApiKey.trim() === '')
    deps.warn?.(
      'No Safe API key: the Safe Transaction Service allows keyless calls for exploration only (a small shared quota). Give one from developer.safe.global.',
    )
  const { rpc, ens, state } = await openTarget(opts, deps)
  const { client } = rpc
  const signer = account.address
  const base = { ...state, safe, signer, contenthash: value.hex, value: value.uri }
  // The record may already hold the value while the Safe's queue holds a change of this name to
  // another value (a rollback, or a redeploy of older content, after a proposal the owners have
  // not executed yet): executing that stale proposal would move the name away again. The value
  // is then proposed at its nonce, so executing either voids the other (docs/names/ens.md#safe-nonce).
  let stale: QueuedTx | undefined
  const staleValue = (t: QueuedTx): string => {
    const hex = pendingContenthash(t)
    return hex === undefined ? 'a value that does not decode' : (decodeContenthash(hex).uri ?? hex)
  }
  if (sameContenthash(state.current.hex, value.hex)) {
    try {
      const chainNonce = await client.readContract({
        address: safe,
        abi: SAFE_ABI,
        functionName: 'nonce',
      })
      const queue = await service.pending(safe, chainNonce)
      stale = queue.find((t) => {
        if (!changesName(t, state.resolver, ens.node)) return false
        const hex = pendingContenthash(t)
        return hex === undefined || !sameContenthash(hex, value.hex)
      })
    } catch (err) {
      deps.warn?.(
        `ENS name ${ens.name} already points to ${value.uri}, but the queue of the Safe ${safe} could not be read (${deps.redact(errorMessage(err)).slice(0, 300)}): a change of this name pending there would still move it elsewhere once executed.`,
      )
    }
    if (stale === undefined) {
      deps.log?.(`ENS name ${ens.name} already points to ${value.uri}: nothing to propose.`)
      return { ...base, status: 'unchanged' }
    }
    deps.log?.(
      `ENS name ${ens.name} already points to ${value.uri}, but the Safe ${safe} has a pending change of it to ${staleValue(stale)} (${stale.safeTxHash}, nonce ${stale.nonce}): proposing ${value.uri} at that nonce, so that executing either voids the other.`,
    )
  }
  let stage = `reading the Safe ${safe}`
  try {
    const { version, threshold, role } = await safeStanding(
      client,
      service,
      { safe, signer, name: ens.name, chain: opts.chain.label, inputs: opts.inputs },
      deps.checked,
    )
    const chainNonce = await client.readContract({
      address: safe,
      abi: SAFE_ABI,
      functionName: 'nonce',
    })
    stage = 'checking the write'
    await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked)
    const data = encodeFunctionData({
      abi: RESOLVER_ABI,
      functionName: 'setContenthash',
      args: [ens.node, value.hex],
    })
    await safeMayWrite(
      client,
      { ...ens, resolver: state.resolver, registry: opts.chain.registry },
      safe,
      data,
    )
    stage = 'reading the Safe queue'
    const queue = await service.pending(safe, chainNonce)
    const same = queue.find(
      (t) =>
        // Its hash reaches the outputs, links and the log: only a 32-byte hash is taken as ours.
        /^0x[0-9a-f]{64}$/.test(t.safeTxHash) &&
        t.to.toLowerCase() === state.resolver.toLowerCase() &&
        t.data === data.toLowerCase() &&
        t.operation === 0 &&
        t.value === '0',
    )
    if (same !== undefined) {
      deps.log?.(
        `ENS name ${ens.name}: the Safe ${safe} already has this change pending (${same.safeTxHash}, nonce ${same.nonce}): not proposed again.`,
      )
      return {
        ...base,
        status: 'already-proposed',
        safeTxHash: same.safeTxHash,
        nonce: same.nonce,
        threshold,
        signerRole: role,
        ...links(opts, safe, same.safeTxHash),
      }
    }
    const nonce =
      safeNonce !== undefined
        ? BigInt(safeNonce)
        : chooseNonce(queue, chainNonce, state.resolver, ens.node)
    if (nonce < chainNonce)
      throw new EnsError(
        'safe',
        ens.name,
        `ENS name ${ens.name}: "ens-safe-nonce" ${nonce} was already used: the Safe ${safe} is at nonce ${chainNonce}.`,
      )
    const typed = safeTxTypedData(safe, opts.chain.id, version, { to: state.resolver, data, nonce })
    const safeTxHash = hashTypedData(typed)
    const onChain = await client.readContract({
      address: safe,
      abi: SAFE_ABI,
      functionName: 'getTransactionHash',
      args: [state.resolver, 0n, data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress, nonce],
    })
    if (onChain.toLowerCase() !== safeTxHash.toLowerCase())
      throw new EnsError(
        'safe',
        ens.name,
        `ENS name ${ens.name}: the Safe ${safe} (version ${JSON.stringify(version).slice(0, 40)}) hashes transactions differently from Safe 1.x; nothing was proposed.`,
      )
    const signature = await account.signTypedData(typed)
    const result = {
      ...base,
      safeTxHash,
      nonce,
      threshold,
      signerRole: role,
      ...links(opts, safe, safeTxHash),
    } as const
    if (opts.dryRun === true) {
      deps.log?.(
        `ENS name ${ens.name}: dry run: would propose ${safeTxHash} to the Safe ${safe} at nonce ${nonce}; nothing sent.`,
      )
      return { ...result, status: 'simulated' }
    }
    stage = 'proposing to the Safe Transaction Service'
    await service.propose(safe, {
      to: getAddress(state.resolver),
      value: '0',
      data,
      operation: 0,
      safeTxGas: '0',
      baseGas: '0',
      gasPrice: '0',
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: Number(nonce),
      contractTransactionHash: safeTxHash,
      sender: signer,
      signature,
      origin,
    })
    deps.log?.(
      `ENS name ${ens.name}: proposed ${safeTxHash} to the Safe ${safe} at nonce ${nonce}; ${role === 'owner' ? `signed by owner ${signer}, ${threshold - 1} more confirmation(s) needed` : `${threshold} owner confirmation(s) needed`}.`,
    )
    return { ...result, status: 'proposed' }
  } catch (err) {
    throw rpcFailure(err, ens.name, stage, deps.redact)
  }
}
