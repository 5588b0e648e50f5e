/**
 * The IPNS key input: the formats users have (the base64 of `ipfs key export`'s protobuf, the
 * same in base64url or wrapped, PEM PKCS#8 from Kubo or openssl, RSA), the name derived from it
 * (checked against a name computed here from node:crypto's public key, not the product's
 * libraries), and refusals that name the input and never quote it.
 */
import { generateKeyPairSync } from 'node:crypto'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { readIpnsKey } from '../../src/ipns/key.js'

/** An Ed25519 key as node:crypto makes it: PEM, raw seed and raw public key. */
function ed25519(): { pem: string; seed: Buffer; pub: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({ format: 'jwk' })
  return {
    pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    seed: Buffer.from(jwk.d ?? '', 'base64url'),
    pub: Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
  }
}

/** What `ipfs key export` writes for an Ed25519 key: protobuf {Type: 1, Data: seed ‖ public}. */
const kuboExport = (seed: Buffer, pub: Buffer): Buffer =>
  Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x40]), seed, pub])

/** The name, by the spec: CIDv1 libp2p-key of the identity multihash of the protobuf public key. */
const expectedName = (pub: Buffer): string =>
  CID.createV1(
    0x72,
    Digest.create(0x00, Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), pub])),
  ).toString(base36)

const refusal = (raw: string): InputError => {
  try {
    readIpnsKey(raw, () => undefined)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    const e = err as InputError
    expect(e.input).toBe('ipns-key')
    expect(e.message).toContain('Input "ipns-key"')
    expect(e.message).toContain('Allowed:')
    expect(e.message).toContain('ipfs key export')
    if (raw.length > 8) expect(e.message).not.toContain(raw.trim().slice(0, 16))
    return e
  }
  throw new Error('accepted')
}

describe('readIpnsKey', () => {
  const k = ed25519()
  const name = expectedName(k.pub)
  const exported = kuboExport(k.seed, k.pub)

  it.each([
    ['base64 of the protobuf (base64 -w0 name.key)', exported.toString('base64')],
    ['base64url', exported.toString('base64url')],
    [
      'base64 wrapped at 76 columns (base64 name.key), with a trailing newline',
      `${exported.toString('base64').replace(/(.{76})/g, '$1\n')}\n`,
    ],
    ['PEM PKCS#8 (ipfs key export --format=pem-pkcs8-cleartext, openssl genpkey)', k.pem],
  ])('reads %s and derives the k51 name', (_label, raw) => {
    const got = readIpnsKey(raw, () => undefined)
    expect(got.name).toBe(name)
    expect(got.name).toMatch(/^k51/)
    expect(got.peerId).toMatch(/^12D3Koo/)
    expect(got.type).toBe('Ed25519')
  })

  it('reads an RSA PEM key (old names) and names it by the hash of its public key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const got = readIpnsKey(
      privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      () => undefined,
    )
    expect(got.type).toBe('RSA')
    const cid = CID.parse(got.name, base36)
    expect(cid.code).toBe(0x72)
    expect(cid.multihash.code).toBe(0x12)
  })

  it('registers every encoding of the key as a secret before it can be printed', () => {
    const secrets: string[] = []
    readIpnsKey(k.pem, (v) => secrets.push(v))
    const raw = Buffer.concat([k.seed, k.pub])
    for (const form of [
      exported.toString('base64'),
      exported.toString('base64url'),
      raw.toString('base64'),
      raw.toString('hex'),
    ])
      expect(secrets).toContain(form)
    // Each line of the PEM body too (a runner masks line by line).
    for (const line of k.pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')))
      expect(secrets).toContain(line)
  })

  it('masks each line of a wrapped base64 key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const der = privateKey.export({ format: 'der', type: 'pkcs1' })
    // An RSA key exported by Kubo: protobuf {Type: 0, Data: PKCS#1 DER}, long enough to wrap.
    const len = der.length
    const proto = Buffer.concat([
      Buffer.from([0x08, 0x00, 0x12, 0x80 | (len & 0x7f), len >> 7]),
      der,
    ])
    const wrapped = proto.toString('base64').replace(/(.{76})/g, '$1\n')
    const secrets: string[] = []
    readIpnsKey(wrapped, (v) => secrets.push(v))
    const lines = wrapped.split('\n').filter((l) => l !== '')
    expect(lines.length).toBeGreaterThan(10)
    for (const line of lines) expect(secrets).toContain(line)
  })

  it('refuses the public name, a public key, an EC key, garbage and a short key, without quoting them', () => {
    expect(refusal(name).message).toMatch(/IPNS name or peer ID, which is public/)
    const { publicKey } = generateKeyPairSync('ed25519')
    expect(refusal(publicKey.export({ format: 'pem', type: 'spki' }).toString()).message).toMatch(
      /public key/,
    )
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    expect(refusal(ec.export({ format: 'pem', type: 'pkcs8' }).toString()).message).toMatch(
      /P-256 key, which IPNS names do not use here/,
    )
    expect(refusal('not a key at all!').message).toMatch(/neither base64 nor a PEM block/)
    expect(refusal(k.seed.toString('base64')).message).toMatch(
      /decodes to 32 bytes that are not a libp2p private key/,
    )
    expect(refusal('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----').message).toMatch(
      /not a private key this machine can read/,
    )
  })
})

describe('a key whose halves do not belong together', () => {
  it('refuses it as an input error naming ipns-key, before any request, for each changed byte of the public half', () => {
    const k = ed25519()
    expect(readIpnsKey(kuboExport(k.seed, k.pub).toString('base64'), () => undefined).name).toBe(
      expectedName(k.pub),
    )
    // One changed byte in the public half (a damaged copy of the secret): never accepted.
    for (const at of [0, 17, 31]) {
      const pub = Buffer.from(k.pub)
      pub[at] = (pub[at] ?? 0) ^ 0x01
      const raw = kuboExport(k.seed, pub).toString('base64')
      const e = refusal(raw)
      expect(e.input).toBe('ipns-key')
      expect(e.message).toMatch(/public half does not match its private half/)
      expect(e.message).not.toContain(raw)
    }
    // The other seed with the right public key's bytes: the same refusal.
    const other = ed25519()
    expect(refusal(kuboExport(other.seed, k.pub).toString('base64')).message).toMatch(
      /does not match/,
    )
  })
})
