/**
 * The key that signs: a 32-byte secp256k1 private key, given as hex. Every form of it is
 * registered as a secret before anything could print it; only the address it derives is shown.
 */
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { InputError } from '../errors.js'

export function keyAccount(
  raw: string,
  setSecret: (v: string) => void,
  input: string,
): PrivateKeyAccount {
  const v = raw.trim()
  const hex = v.replace(/^0x/i, '')
  for (const form of [raw, v, hex, hex.toLowerCase(), hex.toUpperCase(), `0x${hex.toLowerCase()}`])
    setSecret(form)
  const bad = new InputError(
    input,
    `Input "${input}" is not a private key: it must be 64 hex digits, with or without 0x (its value is a secret, not shown).`,
  )
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw bad
  try {
    return privateKeyToAccount(`0x${hex.toLowerCase()}`)
  } catch {
    throw bad
  }
}
