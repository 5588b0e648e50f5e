/**
 * Sets a name's contenthash with a deployer key (docs/names/ens.md#key): the key of the name's
 * owner, of its wrapped owner, or of an address the owner approved on the resolver. In order,
 * every check before the one write: the record already holds the value (nothing to do); the
 * write simulated from the signer (a refusal explained, naming the name and the signer); no
 * transaction of the signer's in flight; fees within the cap and a balance that pays for them.
 * Then one signed transaction, its hash logged before it is sent, the confirmations waited for,
 * and the record read back.
 */
import {
  encodeFunctionData,
  formatEther,
  formatGwei,
  keccak256,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem'
import { RESOLVER_ABI } from './abi.js'
import { contenthashOf, decodeContenthash, sameContenthash } from './contenthash.js'
import { EnsError } from './errors.js'
import { notAuthorised, warnExpiry } from './owner.js'
import { isRevert, rpcFailure } from './rpc.js'
import { confirmationsInput } from './inputs.js'
import { keyAccount } from './signer.js'
import { openTarget } from './target.js'
import type { EnsDeps, Fees, SetContenthashOptions, SetContenthashResult } from './types.js'
import { waitForConfirmations } from './wait.js'

/** Gas asked above the node's estimate: unused gas is not paid for. */
const GAS_MARGIN_PERCENT = 110n

/**
 * EIP-1559 fees: the tip the node suggests, and a fee cap of twice the base fee plus the tip
 * (room for six full blocks of rising fees), never above `cap`. Over the cap only when the base
 * fee alone reaches it: then the tip is cut to fit first.
 */
async function feesFor(
  client: PublicClient,
  name: string,
  gas: bigint,
  cap: bigint | undefined,
): Promise<Fees> {
  const block = await client.getBlock({ blockTag: 'latest' })
  const base = block.baseFeePerGas ?? (await client.getGasPrice())
  let tip = await client.estimateMaxPriorityFeePerGas()
  let max = 2n * base + tip
  if (cap !== undefined) {
    if (base >= cap)
      throw new EnsError(
        'fee-cap',
        name,
        `ENS name ${name}: the network's base fee is ${formatGwei(base)} gwei now, at or above the cap of ${formatGwei(cap)} gwei per gas, so nothing was sent. Deploy again when fees fall, or raise the cap (about ${formatEther(gas * (base + tip))} ETH for this write now).`,
      )
    if (base + tip > cap) tip = cap - base
    if (max > cap) max = cap
  }
  return { gas, maxFeePerGas: max, maxPriorityFeePerGas: tip }
}

/**
 * The write simulated from `signer` (the resolver's own rule; a refusal explained, naming the
 * name, the signer and its owner). The check before the upload calls it too (src/ens/preflight.ts).
 */
export async function mayWrite(
  client: PublicClient,
  at: { name: string; node: Hex; resolver: Address; registry: Address },
  signer: Address,
  data: Hex,
): Promise<void> {
  try {
    await client.call({ account: signer, to: at.resolver, data })
  } catch (err) {
    if (isRevert(err))
      throw await notAuthorised(client, at, { address: signer, what: 'the signer' })
    throw err
  }
}

/** The write's gas and fees within the cap, and a balance that pays for them at the cap. */
export async function canPay(
  client: PublicClient,
  at: { name: string; resolver: Address },
  signer: Address,
  data: Hex,
  cap: bigint | undefined,
): Promise<Fees> {
  const estimate = await client.estimateGas({ account: signer, to: at.resolver, data })
  const fees = await feesFor(client, at.name, (estimate * GAS_MARGIN_PERCENT) / 100n, cap)
  const balance = await client.getBalance({ address: signer })
  const need = fees.gas * fees.maxFeePerGas
  if (balance < need)
    throw new EnsError(
      'insufficient-funds',
      at.name,
      `ENS name ${at.name}: the signer ${signer} has ${formatEther(balance)} ETH; this write may cost up to ${formatEther(need)} ETH (${fees.gas} gas at up to ${formatGwei(fees.maxFeePerGas)} gwei), so nothing was sent. Fund ${signer}.`,
    )
  return fees
}

export async function setContenthash(
  opts: SetContenthashOptions,
  deps: EnsDeps,
): Promise<SetContenthashResult> {
  const value = contenthashOf(opts.value, opts.inputs?.value)
  const account = keyAccount(opts.privateKey, deps.setSecret, opts.inputs?.key ?? 'ens-private-key')
  const confirmations = confirmationsInput(opts.confirmations)
  const { rpc, ens, state } = await openTarget(opts, deps)
  const { client } = rpc
  const signer: Address = account.address
  const base = { ...state, signer, contenthash: value.hex, value: value.uri }
  if (sameContenthash(state.current.hex, value.hex)) {
    deps.log?.(`ENS name ${ens.name} already points to ${value.uri}: nothing to send.`)
    return { ...base, status: 'unchanged' }
  }
  let stage = 'checking the write'
  let sent: string | undefined
  try {
    await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked)
    const data = encodeFunctionData({
      abi: RESOLVER_ABI,
      functionName: 'setContenthash',
      args: [ens.node, value.hex],
    })
    const at = {
      name: ens.name,
      node: ens.node,
      resolver: state.resolver,
      registry: opts.chain.registry,
    }
    await mayWrite(client, at, signer, data)
    const [nonce, pending] = await Promise.all([
      client.getTransactionCount({ address: signer, blockTag: 'latest' }),
      client.getTransactionCount({ address: signer, blockTag: 'pending' }),
    ])
    if (pending > nonce)
      throw new EnsError(
        'pending-transaction',
        ens.name,
        `ENS name ${ens.name}: the signer ${signer} has ${pending - nonce} transaction(s) in flight (nonces ${nonce} to ${pending - 1}), perhaps from an earlier run, so nothing was sent: another one would wait behind them. Deploy again once they are mined or dropped.`,
      )
    const fees = await canPay(client, at, signer, data, opts.maxFeePerGas)
    if (opts.dryRun === true) {
      deps.log?.(`ENS name ${ens.name}: dry run: ${signer} may set ${value.uri}; nothing sent.`)
      return { ...base, status: 'simulated', fees }
    }
    stage = 'sending the transaction'
    const raw = await account.signTransaction({
      chainId: opts.chain.id,
      type: 'eip1559',
      to: state.resolver,
      data,
      nonce,
      value: 0n,
      ...fees,
    })
    const hash = keccak256(raw)
    deps.log?.(
      `ENS name ${ens.name}: sending ${hash} from ${signer} (nonce ${nonce}) to set ${value.uri}.`,
    )
    sent = hash
    await rpc.sendRaw(raw)
    stage = `waiting for ${hash}`
    const receipt = await waitForConfirmations(
      client,
      { hash, from: signer, nonce, name: ens.name },
      { confirmations, waitMs: opts.waitMs ?? 300_000 },
      deps,
    )
    stage = 'reading the record back'
    const now = await client.readContract({
      address: state.resolver,
      abi: RESOLVER_ABI,
      functionName: 'contenthash',
      args: [ens.node],
    })
    if (!sameContenthash(now, value.hex))
      throw new EnsError(
        'not-applied',
        ens.name,
        `ENS name ${ens.name}: ${hash} was mined, but the record now reads ${decodeContenthash(now).uri ?? now}, not ${value.uri}: something else wrote it since.`,
        { hash },
      )
    deps.log?.(
      `ENS name ${ens.name} points to ${value.uri} (block ${receipt.blockNumber}, ${hash}).`,
    )
    return {
      ...base,
      status: 'set',
      txHash: hash,
      blockNumber: receipt.blockNumber,
      fees,
      gasUsed: receipt.gasUsed,
      previous: state.current,
    }
  } catch (err) {
    throw rpcFailure(err, ens.name, stage, deps.redact, sent)
  }
}
