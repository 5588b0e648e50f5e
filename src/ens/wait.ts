/**
 * Waiting for a sent transaction: polls its receipt on the injected clock until it has the
 * confirmations asked (the block holding it counts as one) and that block is still on the
 * chain, or the time allowed runs out. A receipt that never comes while the sender's nonce moved
 * past it means another transaction took its place. Nothing here sends anything: on a timeout
 * the transaction may still be mined, and the next run sees it (docs/names/ens.md#waiting).
 */
import {
  TransactionReceiptNotFoundError,
  type Address,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import { formatLimit, systemClock } from '../http/deadline.js'
import { EnsError } from './errors.js'
import type { EnsDeps } from './types.js'

async function receiptOf(
  client: PublicClient,
  hash: Hash,
): Promise<TransactionReceipt | undefined> {
  try {
    return await client.getTransactionReceipt({ hash })
  } catch (err) {
    if (err instanceof TransactionReceiptNotFoundError) return undefined
    throw err
  }
}

export async function waitForConfirmations(
  client: PublicClient,
  tx: { hash: Hash; from: Address; nonce: number; name: string },
  opts: { confirmations: number; waitMs: number },
  deps: EnsDeps,
): Promise<TransactionReceipt> {
  const clock = deps.clock ?? systemClock
  const pollMs = deps.pollMs ?? 4000
  const deadline = clock.now() + opts.waitMs
  for (;;) {
    const receipt = await receiptOf(client, tx.hash)
    if (receipt !== undefined) {
      if (receipt.status === 'reverted')
        throw new EnsError(
          'reverted',
          tx.name,
          `ENS name ${tx.name}: the transaction ${tx.hash} was mined in block ${receipt.blockNumber} and reverted (the name's owner or resolver changed after the simulation). Nothing changed; check who may write the name and deploy again.`,
          { hash: tx.hash },
        )
      const head = await client.getBlockNumber()
      if (head - receipt.blockNumber + 1n >= BigInt(opts.confirmations)) {
        // The block that holds it must still be on the chain (a reorg drops or moves it).
        const block = await client.getBlock({ blockNumber: receipt.blockNumber })
        if (block.hash === receipt.blockHash) return receipt
      }
    } else if (
      (await client.getTransactionCount({ address: tx.from, blockTag: 'latest' })) > tx.nonce
    ) {
      // The nonce was used: by this transaction (its receipt just arrived) or by another one.
      const late = await receiptOf(client, tx.hash)
      if (late === undefined)
        throw new EnsError(
          'replaced',
          tx.name,
          `ENS name ${tx.name}: the transaction ${tx.hash} was replaced: another transaction from ${tx.from} with nonce ${tx.nonce} was mined instead. Check the record and deploy again if needed.`,
          { hash: tx.hash },
        )
      continue
    }
    if (clock.now() + pollMs > deadline)
      throw new EnsError(
        'timeout',
        tx.name,
        `ENS name ${tx.name}: the transaction ${tx.hash} was sent but had not ${receipt === undefined ? 'been mined' : `reached ${opts.confirmations} confirmations`} within ${formatLimit(opts.waitMs)}. It may still be mined: follow it by its hash. A new run sends nothing while it is pending, and nothing once the record holds the value.`,
        { hash: tx.hash },
      )
    await clock.sleep(pollMs, deps.signal)
  }
}
