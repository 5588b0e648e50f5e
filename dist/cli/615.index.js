export const id = 615;
export const ids = [615];
export const modules = {

/***/ 8615:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readIpnsKey: () => (/* binding */ readIpnsKey)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@libp2p/crypto/dist/src/keys/index.js + 30 modules
var keys = __webpack_require__(9180);
// EXTERNAL MODULE: ./node_modules/@libp2p/interface/dist/src/errors.js
var errors = __webpack_require__(8539);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/bases/base58.js
var base58 = __webpack_require__(3065);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/cid.js
var cid = __webpack_require__(3656);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/hashes/digest.js
var digest = __webpack_require__(7437);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/hashes/identity.js
var hashes_identity = __webpack_require__(2007);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/hashes/sha2.js
var sha2 = __webpack_require__(3097);
// EXTERNAL MODULE: ./node_modules/uint8arrays/dist/src/to-string.node.js
var to_string_node = __webpack_require__(5412);
;// CONCATENATED MODULE: ./node_modules/@libp2p/interface/dist/src/peer-id.js
/**
 * All PeerId implementations must use this symbol as the name of a property
 * with a boolean `true` value
 */
const peerIdSymbol = Symbol.for('@libp2p/peer-id');
/**
 * Returns true if the passed argument is a PeerId implementation
 */
function isPeerId(other) {
    return Boolean(other?.[peerIdSymbol]);
}
//# sourceMappingURL=peer-id.js.map
// EXTERNAL MODULE: ./node_modules/uint8arrays/dist/src/equals.js
var equals = __webpack_require__(1624);
// EXTERNAL MODULE: ./node_modules/uint8arrays/dist/src/from-string.node.js
var from_string_node = __webpack_require__(6417);
;// CONCATENATED MODULE: ./node_modules/@libp2p/peer-id/dist/src/peer-id.js
/**
 * @packageDocumentation
 *
 * An implementation of a peer id
 *
 * @example
 *
 * ```TypeScript
 * import { peerIdFromString } from '@libp2p/peer-id'
 * const peer = peerIdFromString('k51qzi5uqu5dkwkqm42v9j9kqcam2jiuvloi16g72i4i4amoo2m8u3ol3mqu6s')
 *
 * console.log(peer.toCID()) // CID(bafzaa...)
 * console.log(peer.toString()) // "12D3K..."
 * ```
 */







const inspect = Symbol.for('nodejs.util.inspect.custom');
// these values are from https://github.com/multiformats/multicodec/blob/master/table.csv
const LIBP2P_KEY_CODE = 0x72;
class PeerIdImpl {
    type;
    multihash;
    publicKey;
    string;
    constructor(init) {
        this.type = init.type;
        this.multihash = init.multihash;
        // mark string cache as non-enumerable
        Object.defineProperty(this, 'string', {
            enumerable: false,
            writable: true
        });
    }
    get [Symbol.toStringTag]() {
        return `PeerId(${this.toString()})`;
    }
    [peerIdSymbol] = true;
    toString() {
        if (this.string == null) {
            this.string = base58.base58btc.encode(this.multihash.bytes).slice(1);
        }
        return this.string;
    }
    toMultihash() {
        return this.multihash;
    }
    // return self-describing String representation
    // in default format from RFC 0001: https://github.com/libp2p/specs/pull/209
    toCID() {
        return cid/* CID */.TO.createV1(LIBP2P_KEY_CODE, this.multihash);
    }
    toJSON() {
        return this.toString();
    }
    /**
     * Checks the equality of `this` peer against a given PeerId
     */
    equals(id) {
        if (id == null) {
            return false;
        }
        if (id instanceof Uint8Array) {
            return (0,equals/* equals */.a)(this.multihash.bytes, id);
        }
        else if (typeof id === 'string') {
            return this.toString() === id;
        }
        else if (id?.toMultihash()?.bytes != null) {
            return (0,equals/* equals */.a)(this.multihash.bytes, id.toMultihash().bytes);
        }
        else {
            throw new Error('not valid Id');
        }
    }
    /**
     * Returns PeerId as a human-readable string
     * https://nodejs.org/api/util.html#utilinspectcustom
     *
     * @example
     * ```TypeScript
     * import { peerIdFromString } from '@libp2p/peer-id'
     *
     * console.info(peerIdFromString('QmFoo'))
     * // 'PeerId(QmFoo)'
     * ```
     */
    [inspect]() {
        return `PeerId(${this.toString()})`;
    }
}
class RSAPeerId extends PeerIdImpl {
    type = 'RSA';
    publicKey;
    constructor(init) {
        super({ ...init, type: 'RSA' });
        this.publicKey = init.publicKey;
    }
}
class Ed25519PeerId extends PeerIdImpl {
    type = 'Ed25519';
    publicKey;
    constructor(init) {
        super({ ...init, type: 'Ed25519' });
        this.publicKey = init.publicKey;
    }
}
class Secp256k1PeerId extends PeerIdImpl {
    type = 'secp256k1';
    publicKey;
    constructor(init) {
        super({ ...init, type: 'secp256k1' });
        this.publicKey = init.publicKey;
    }
}
// these values are from https://github.com/multiformats/multicodec/blob/master/table.csv
const TRANSPORT_IPFS_GATEWAY_HTTP_CODE = 0x0920;
class URLPeerId {
    type = 'url';
    multihash;
    publicKey;
    url;
    constructor(url) {
        this.url = url.toString();
        this.multihash = identity.digest(uint8ArrayFromString(this.url));
    }
    [inspect]() {
        return `PeerId(${this.url})`;
    }
    [peerIdSymbol] = true;
    toString() {
        return this.toCID().toString();
    }
    toMultihash() {
        return this.multihash;
    }
    toCID() {
        return CID.createV1(TRANSPORT_IPFS_GATEWAY_HTTP_CODE, this.toMultihash());
    }
    toJSON() {
        return this.toString();
    }
    equals(other) {
        if (other == null) {
            return false;
        }
        if (other instanceof Uint8Array) {
            other = uint8ArrayToString(other);
        }
        return other.toString() === this.toString();
    }
}
//# sourceMappingURL=peer-id.js.map
;// CONCATENATED MODULE: ./node_modules/@libp2p/peer-id/dist/src/index.js
/**
 * @packageDocumentation
 *
 * An implementation of a peer id
 *
 * @example
 *
 * ```TypeScript
 * import { peerIdFromString } from '@libp2p/peer-id'
 * const peer = peerIdFromString('12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8')
 *
 * console.log(peer.toCID()) // CID(bafzaa...)
 * console.log(peer.toString()) // "12D3K..."
 * ```
 */









// these values are from https://github.com/multiformats/multicodec/blob/master/table.csv
const src_LIBP2P_KEY_CODE = 0x72;
const src_TRANSPORT_IPFS_GATEWAY_HTTP_CODE = 0x0920;
function peerIdFromString(str, decoder) {
    let multihash;
    if (str.charAt(0) === '1' || str.charAt(0) === 'Q') {
        // identity hash ed25519/secp256k1 key or sha2-256 hash of
        // rsa public key - base58btc encoded either way
        multihash = Digest.decode(base58btc.decode(`z${str}`));
    }
    else if (str.startsWith('k51qzi5uqu5') || str.startsWith('kzwfwjn5ji4') || str.startsWith('k2k4r8') || str.startsWith('bafz')) {
        // base36 encoded CIDv1 with libp2p-key and identity hash (for ed25519/secp256k1/rsa) or base32 encoded CIDv1 with libp2p-key and identity hash (for ed25519/secp256k1/rsa)
        return peerIdFromCID(CID.parse(str));
    }
    else {
        if (decoder == null) {
            throw new InvalidParametersError('Please pass a multibase decoder for strings that do not start with "1" or "Q"');
        }
        multihash = Digest.decode(decoder.decode(str));
    }
    return peerIdFromMultihash(multihash);
}
function peerIdFromPublicKey(publicKey) {
    if (publicKey.type === 'Ed25519') {
        return new Ed25519PeerId({
            multihash: publicKey.toCID().multihash,
            publicKey
        });
    }
    else if (publicKey.type === 'secp256k1') {
        return new Secp256k1PeerId({
            multihash: publicKey.toCID().multihash,
            publicKey
        });
    }
    else if (publicKey.type === 'RSA') {
        return new RSAPeerId({
            multihash: publicKey.toCID().multihash,
            publicKey
        });
    }
    throw new errors/* UnsupportedKeyTypeError */.$q();
}
function peerIdFromPrivateKey(privateKey) {
    return peerIdFromPublicKey(privateKey.publicKey);
}
function peerIdFromMultihash(multihash) {
    if (isSha256Multihash(multihash)) {
        return new RSAPeerIdClass({ multihash });
    }
    else if (isIdentityMultihash(multihash)) {
        try {
            const publicKey = publicKeyFromMultihash(multihash);
            if (publicKey.type === 'Ed25519') {
                return new Ed25519PeerIdClass({ multihash, publicKey });
            }
            else if (publicKey.type === 'secp256k1') {
                return new Secp256k1PeerIdClass({ multihash, publicKey });
            }
        }
        catch (err) {
            // was not Ed or secp key, try URL
            const url = uint8ArrayToString(multihash.digest);
            return new URLPeerIdClass(new URL(url));
        }
    }
    throw new InvalidMultihashError('Supplied PeerID Multihash is invalid');
}
function peerIdFromCID(cid) {
    if (cid?.multihash == null || cid.version == null || (cid.version === 1 && (cid.code !== src_LIBP2P_KEY_CODE) && cid.code !== src_TRANSPORT_IPFS_GATEWAY_HTTP_CODE)) {
        throw new InvalidCIDError('Supplied PeerID CID is invalid');
    }
    if (cid.code === src_TRANSPORT_IPFS_GATEWAY_HTTP_CODE) {
        const url = uint8ArrayToString(cid.multihash.digest);
        return new URLPeerIdClass(new URL(url));
    }
    return peerIdFromMultihash(cid.multihash);
}
function isIdentityMultihash(multihash) {
    return multihash.code === identity.code;
}
function isSha256Multihash(multihash) {
    return multihash.code === sha256.code;
}
//# sourceMappingURL=index.js.map
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/bases/base36.js
var base36 = __webpack_require__(5349);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/ipns/key.ts
/**
 * The IPNS private key, as users have it (docs/names/ipns.md#kubo-key-export): the base64 of
 * what `ipfs key export` writes (the libp2p protobuf private key), or a PEM `PRIVATE KEY` block
 * (`ipfs key export --format=pem-pkcs8-cleartext`, `openssl genpkey -algorithm ED25519`). The
 * public name (`k51…`) is derived here and is not secret; the key and every encoding of it are
 * registered as secrets before anything can print them.
 */





const FORMATS = 'the base64 of what `ipfs key export` writes (`base64 -w0 name.key`), or a PEM "PRIVATE KEY" block (`ipfs key export --format=pem-pkcs8-cleartext`, `openssl genpkey -algorithm ED25519`)';
const refuse = (why) => new src_errors/* InputError */.dz('ipns-key', `Input "ipns-key" ${why}. Allowed: ${FORMATS}.`);
function fromPem(pem) {
    let jwk;
    let node;
    try {
        node = (0,external_node_crypto_.createPrivateKey)(pem);
        jwk = node.export({ format: 'jwk' });
    }
    catch {
        throw refuse('starts like a PEM block but is not a private key this machine can read');
    }
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.d !== undefined && jwk.x !== undefined) {
        const seed = Buffer.from(jwk.d, 'base64url');
        const pub = Buffer.from(jwk.x, 'base64url');
        // libp2p's raw Ed25519 private key is the 32-byte seed followed by the 32-byte public key.
        return (0,keys/* privateKeyFromRaw */.zI)(Buffer.concat([seed, pub]));
    }
    if (jwk.kty === 'RSA') {
        const der = node.export({ format: 'der', type: 'pkcs1' });
        return (0,keys/* privateKeyFromRaw */.zI)(der);
    }
    throw refuse(`is a ${jwk.kty === 'EC' ? `${jwk.crv ?? 'EC'} ` : ''}key, which IPNS names do not use here (Ed25519, the default of \`ipfs key gen\`, or RSA)`);
}
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** PKCS#8 DER prefix of an Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
/**
 * Whether an Ed25519 key's public half is the one its private half (the seed) makes: the
 * libp2p form stores both (seed, then public key), so a damaged export can hold two halves that
 * do not belong together, and every record signed with it would fail verification.
 */
function halvesMatch(key) {
    if (key.type !== 'Ed25519' || key.raw.length !== 64)
        return true;
    const seed = key.raw.subarray(0, 32);
    const made = (0,external_node_crypto_.createPublicKey)((0,external_node_crypto_.createPrivateKey)({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x;
    return made !== undefined && Buffer.from(made, 'base64url').equals(key.raw.subarray(32));
}
/**
 * Reads the key. `secret` is called with every form of it this function makes, before it can
 * reach a message. Throws an `InputError` naming "ipns-key" (never quoting it).
 */
function readIpnsKey(raw, secret) {
    const text = raw.trim();
    let key;
    if (text.startsWith('-----BEGIN')) {
        for (const line of text.split(/\r?\n/))
            if (!line.startsWith('-----'))
                secret(line.trim());
        if (/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(text))
            throw refuse('holds a public key; the name is derived from the private key');
        if (/ENCRYPTED/.test(text))
            throw refuse('holds an encrypted key; export it in cleartext');
        key = fromPem(text);
    }
    else {
        if (/^(k51|k2k4r|12D3Koo|Qm)[0-9A-Za-z]{40,}$/.test(text))
            throw refuse('holds an IPNS name or peer ID, which is public; the input takes the private key the name comes from');
        // A wrapped base64 (`base64 name.key` wraps at 76 columns) is masked line by line too.
        for (const line of text.split(/\r?\n/))
            secret(line.trim());
        const compact = text.replace(/\s+/g, '');
        if (!BASE64.test(compact))
            throw refuse('is neither base64 nor a PEM block');
        const bytes = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
        secret(compact);
        try {
            key = (0,keys/* privateKeyFromProtobuf */.uW)(bytes);
        }
        catch {
            throw refuse(`decodes to ${bytes.length} bytes that are not a libp2p private key (an Ed25519 key exported by Kubo is 68 bytes, starting 08 01 12 40)`);
        }
    }
    // Every other encoding of the same key, so none of them can be printed either.
    const proto = (0,keys/* privateKeyToProtobuf */.Tz)(key);
    for (const s of [Buffer.from(key.raw).toString('base64'), Buffer.from(key.raw).toString('hex')])
        secret(s);
    if (!halvesMatch(key))
        throw refuse('holds an Ed25519 key whose public half does not match its private half (a changed or missing character does this), so nothing signed with it would verify. Export the key again');
    for (const s of [
        Buffer.from(proto).toString('base64'),
        Buffer.from(proto).toString('base64url'),
        Buffer.from(key.raw).toString('base64'),
        Buffer.from(key.raw).toString('base64url'),
        Buffer.from(key.raw).toString('hex'),
    ])
        secret(s);
    const id = peerIdFromPrivateKey(key);
    return { key, name: id.toCID().toString(base36.base36), peerId: id.toString(), type: key.type };
}


/***/ })

};
