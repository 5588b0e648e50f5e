/**
 * The IPNS private key, as users have it (docs/names/ipns.md#kubo-key-export): the base64 of
 * what `ipfs key export` writes (the libp2p protobuf private key), or a PEM `PRIVATE KEY` block
 * (`ipfs key export --format=pem-pkcs8-cleartext`, `openssl genpkey -algorithm ED25519`). The
 * public name (`k51…`) is derived here and is not secret; the key and every encoding of it are
 * registered as secrets before anything can print them.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import {
  privateKeyFromProtobuf,
  privateKeyFromRaw,
  privateKeyToProtobuf,
} from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { base36 } from 'multiformats/bases/base36'
import { InputError } from '../errors.js'

export type PrivateKey = ReturnType<typeof privateKeyFromProtobuf>

export interface IpnsKey {
  readonly key: PrivateKey
  /** The name: a CIDv1 (libp2p-key) of the public key in base36, `k51…`. */
  readonly name: string
  /** The same name as a peer ID (`12D3Koo…`), which Kubo and older tools print. */
  readonly peerId: string
  readonly type: string
}

const FORMATS =
  'the base64 of what `ipfs key export` writes (`base64 -w0 name.key`), or a PEM "PRIVATE KEY" block (`ipfs key export --format=pem-pkcs8-cleartext`, `openssl genpkey -algorithm ED25519`)'

const refuse = (why: string): InputError =>
  new InputError('ipns-key', `Input "ipns-key" ${why}. Allowed: ${FORMATS}.`)

function fromPem(pem: string): PrivateKey {
  let jwk: { kty?: string; crv?: string; d?: string; x?: string }
  let node: ReturnType<typeof createPrivateKey>
  try {
    node = createPrivateKey(pem)
    jwk = node.export({ format: 'jwk' })
  } catch {
    throw refuse('starts like a PEM block but is not a private key this machine can read')
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.d !== undefined && jwk.x !== undefined) {
    const seed = Buffer.from(jwk.d, 'base64url')
    const pub = Buffer.from(jwk.x, 'base64url')
    // libp2p's raw Ed25519 private key is the 32-byte seed followed by the 32-byte public key.
    return privateKeyFromRaw(Buffer.concat([seed, pub]))
  }
  if (jwk.kty === 'RSA') {
    const der = node.export({ format: 'der', type: 'pkcs1' })
    return privateKeyFromRaw(der)
  }
  throw refuse(
    `is a ${jwk.kty === 'EC' ? `${jwk.crv ?? 'EC'} ` : ''}key, which IPNS names do not use here (Ed25519, the default of \`ipfs key gen\`, or RSA)`,
  )
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

/** PKCS#8 DER prefix of an Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * Whether an Ed25519 key's public half is the one its private half (the seed) makes: the
 * libp2p form stores both (seed, then public key), so a damaged export can hold two halves that
 * do not belong together, and every record signed with it would fail verification.
 */
function halvesMatch(key: PrivateKey): boolean {
  if (key.type !== 'Ed25519' || key.raw.length !== 64) return true
  const seed = key.raw.subarray(0, 32)
  const made = createPublicKey(
    createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' }),
  ).export({ format: 'jwk' }).x
  return made !== undefined && Buffer.from(made, 'base64url').equals(key.raw.subarray(32))
}

/**
 * Reads the key. `secret` is called with every form of it this function makes, before it can
 * reach a message. Throws an `InputError` naming "ipns-key" (never quoting it).
 */
export function readIpnsKey(raw: string, secret: (value: string) => void): IpnsKey {
  const text = raw.trim()
  let key: PrivateKey
  if (text.startsWith('-----BEGIN')) {
    for (const line of text.split(/\r?\n/)) if (!line.startsWith('-----')) secret(line.trim())
    if (/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(text))
      throw refuse('holds a public key; the name is derived from the private key')
    if (/ENCRYPTED/.test(text)) throw refuse('holds an encrypted key; export it in cleartext')
    key = fromPem(text)
  } else {
    if (/^(k51|k2k4r|12D3Koo|Qm)[0-9A-Za-z]{40,}$/.test(text))
      throw refuse(
        'holds an IPNS name or peer ID, which is public; the input takes the private key the name comes from',
      )
    // A wrapped base64 (`base64 name.key` wraps at 76 columns) is masked line by line too.
    for (const line of text.split(/\r?\n/)) secret(line.trim())
    const compact = text.replace(/\s+/g, '')
    if (!BASE64.test(compact)) throw refuse('is neither base64 nor a PEM block')
    const bytes = Buffer.from(
      compact,
      compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64',
    )
    secret(compact)
    try {
      key = privateKeyFromProtobuf(bytes)
    } catch {
      throw refuse(
        `decodes to ${bytes.length} bytes that are not a libp2p private key (an Ed25519 key exported by Kubo is 68 bytes, starting 08 01 12 40)`,
      )
    }
  }
  // Every other encoding of the same key, so none of them can be printed either.
  const proto = privateKeyToProtobuf(key)
  for (const s of [Buffer.from(key.raw).toString('base64'), Buffer.from(key.raw).toString('hex')])
    secret(s)
  if (!halvesMatch(key))
    throw refuse(
      'holds an Ed25519 key whose public half does not match its private half (a changed or missing character does this), so nothing signed with it would verify. Export the key again',
    )
  for (const s of [
    Buffer.from(proto).toString('base64'),
    Buffer.from(proto).toString('base64url'),
    Buffer.from(key.raw).toString('base64'),
    Buffer.from(key.raw).toString('base64url'),
    Buffer.from(key.raw).toString('hex'),
  ])
    secret(s)
  const id = peerIdFromPrivateKey(key)
  return { key, name: id.toCID().toString(base36), peerId: id.toString(), type: key.type }
}
