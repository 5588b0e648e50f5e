/**
 * The ENS options that come from action inputs, checked before any request: each refusal names
 * the input, quotes the value and says what is allowed. The names are the inputs proposed in
 * docs/names/ens.md#inputs; the run passes its own when it wires them.
 */
import { parseGwei, parseUnits } from 'viem'
import { InputError, quote } from '../errors.js'

export function confirmationsInput(n: number | undefined, input = 'ens-confirmations'): number {
  const v = n ?? 1
  if (!Number.isInteger(v) || v < 1 || v > 64)
    throw new InputError(
      input,
      `Input "${input}" has ${quote(String(n))}, which is not allowed. Allowed: a whole number of blocks from 1 to 64.`,
    )
  return v
}

/**
 * A fee cap per gas in wei, from `30`, `30 gwei`, `1.5 gwei` or `1500000000 wei` (a bare number
 * is gwei, as wallets show fees); `''` is no cap.
 */
export function feeCapInput(raw: string, input = 'ens-max-fee-per-gas'): bigint | undefined {
  const v = raw.trim().toLowerCase()
  if (v === '') return undefined
  const m = /^(\d+(?:\.\d{1,9})?)\s*(gwei|wei)?$/.exec(v)
  const wei =
    m === null
      ? undefined
      : m[2] === 'wei'
        ? m[1]?.includes('.') === true
          ? undefined
          : parseUnits(m[1] ?? '', 0)
        : parseGwei(m[1] ?? '')
  if (wei === undefined || wei <= 0n)
    throw new InputError(
      input,
      `Input "${input}" has ${quote(raw)}, which is not allowed. Allowed: a fee per gas above 0, such as "30" or "30 gwei" (gwei), or "30000000000 wei".`,
    )
  return wei
}

export function safeNonceInput(
  n: number | undefined,
  input = 'ens-safe-nonce',
): number | undefined {
  if (n !== undefined && (!Number.isSafeInteger(n) || n < 0))
    throw new InputError(
      input,
      `Input "${input}" has ${quote(String(n))}, which is not allowed. Allowed: a whole number, 0 or more.`,
    )
  return n
}
