export const id = 361;
export const ids = [361];
export const modules = {

/***/ 5361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ENS_CHAINS: () => (/* reexport */ ENS_CHAINS),
  ENS_INPUTS: () => (/* reexport */ input_names/* ENS_INPUTS */.d),
  ENS_SECRET_INPUTS: () => (/* reexport */ input_names/* ENS_SECRET_INPUTS */.K),
  EnsError: () => (/* reexport */ EnsError),
  MAX_ENS_NAMES: () => (/* reexport */ MAX_ENS_NAMES),
  WAIT_DEFAULT_MS: () => (/* reexport */ WAIT_DEFAULT_MS),
  addressInput: () => (/* reexport */ addressInput),
  confirmationsInput: () => (/* reexport */ confirmationsInput),
  contenthashOf: () => (/* reexport */ contenthashOf),
  decodeContenthash: () => (/* reexport */ decodeContenthash),
  ensChain: () => (/* reexport */ ensChain),
  ensChecked: () => (/* reexport */ ensChecked),
  ensName: () => (/* reexport */ ensName),
  ensPreflight: () => (/* reexport */ ensPreflight),
  ensPublish: () => (/* reexport */ ensPublish),
  ensReport: () => (/* reexport */ ensReport),
  ensTargets: () => (/* reexport */ ensTargets),
  feeCapInput: () => (/* reexport */ feeCapInput),
  gatewayUrls: () => (/* reexport */ gatewayUrls),
  parseEnsOptions: () => (/* reexport */ parseEnsOptions),
  proposeContenthash: () => (/* reexport */ proposeContenthash),
  readContenthash: () => (/* binding */ readContenthash),
  safeNonceInput: () => (/* reexport */ safeNonceInput),
  setContenthash: () => (/* reexport */ setContenthash)
});

// EXTERNAL MODULE: ./node_modules/viem/_esm/constants/address.js
var address = __webpack_require__(1131);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/ens/namehash.js
var namehash = __webpack_require__(8933);
// EXTERNAL MODULE: ./node_modules/viem/node_modules/abitype/dist/esm/human-readable/parseAbi.js + 11 modules
var parseAbi = __webpack_require__(5484);
;// CONCATENATED MODULE: ./src/ens/abi.ts
/**
 * The contract functions this module calls, as viem ABI fragments: no contract package is
 * imported. Each was checked against the contracts' source and their mainnet bytecode
 * (docs/names/ens.md#contracts; the tests deploy that bytecode).
 */

/** ENS registry (ENSIP-1). */
const REGISTRY_ABI = (0,parseAbi/* parseAbi */.U)([
    'function owner(bytes32 node) view returns (address)',
    'function resolver(bytes32 node) view returns (address)',
]);
/** A resolver: ERC-165, ENSIP-7 contenthash, and the PublicResolver's approvals. */
const RESOLVER_ABI = (0,parseAbi/* parseAbi */.U)([
    'function supportsInterface(bytes4 interfaceID) view returns (bool)',
    'function contenthash(bytes32 node) view returns (bytes)',
    'function setContenthash(bytes32 node, bytes hash)',
    'function isApprovedForAll(address account, address operator) view returns (bool)',
    'function isApprovedFor(address owner, bytes32 node, address delegate) view returns (bool)',
]);
/** ENSIP-7's interface id: the selector of `contenthash(bytes32)`. */
const CONTENTHASH_INTERFACE = '0xbc1c58d1';
/** NameWrapper: who owns a wrapped name, and until when. */
const NAME_WRAPPER_ABI = (0,parseAbi/* parseAbi */.U)([
    'function ownerOf(uint256 id) view returns (address)',
    'function getData(uint256 id) view returns (address owner, uint32 fuses, uint64 expiry)',
]);
/** The .eth registrar: when a second-level name expires. */
const REGISTRAR_ABI = (0,parseAbi/* parseAbi */.U)(['function nameExpires(uint256 id) view returns (uint256)']);
/** Safe (1.3.0 and later): what a proposal needs to read. */
const SAFE_ABI = (0,parseAbi/* parseAbi */.U)([
    'function VERSION() view returns (string)',
    'function nonce() view returns (uint256)',
    'function getThreshold() view returns (uint256)',
    'function getOwners() view returns (address[])',
    'function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)',
]);

// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/index.js
var src = __webpack_require__(9740);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/bases/base36.js
var base36 = __webpack_require__(5349);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/bases/base58.js
var base58 = __webpack_require__(3065);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/cid.js
var src_cid = __webpack_require__(3656);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/hashes/digest.js
var digest = __webpack_require__(7437);
// EXTERNAL MODULE: ./src/cid.ts
var src_cid_0 = __webpack_require__(5127);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/ens/contenthash.ts
/**
 * ENSIP-7 contenthash: `uvarint(protocol code) ‖ binary CIDv1`, with `ipfs-ns` 0xe3 and
 * `ipns-ns` 0xe5 (docs/names/ens.md#contenthash). Encoding takes what a deploy produces (an
 * IPFS CID in any base, v0 or v1, or an IPNS name) and always writes CIDv1; decoding accepts
 * every form a record may hold, so cleanup can protect what a name points to however it was
 * written, and a re-run can see that the record already holds the value.
 */







const IPFS_NS = 0xe3;
const IPNS_NS = 0xe5;
const SWARM_NS = 0xe4;
const DAG_PB = 0x70;
const RAW = 0x55;
const LIBP2P_KEY = 0x72;
const IDENTITY = 0x00;
const SHA2_256 = 0x12;
const toHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
function encode(code, cid) {
    const body = cid.bytes;
    const out = new Uint8Array(src/* varint.encodingLength */.L8.encodingLength(code) + body.length);
    src/* varint.encodeTo */.L8.encodeTo(code, out, 0);
    out.set(body, src/* varint.encodingLength */.L8.encodingLength(code));
    return toHex(out);
}
const uriOf = (protocol, cid) => protocol === 'ipfs' ? `ipfs://${cid.toString()}` : `ipns://${cid.toString(base36.base36)}`;
/** An IPNS name as a libp2p-key CIDv1: from a CID in any base, or a base58 peer id (`12D3…`, `Qm…`). */
function ipnsName(text) {
    let cid;
    try {
        cid = (0,src_cid_0/* parseAnyBase */.ry)(text);
    }
    catch {
        try {
            cid = src_cid/* CID */.TO.createV1(LIBP2P_KEY, digest/* decode */.D4(base58.base58btc.baseDecode(text)));
        }
        catch {
            return undefined;
        }
    }
    // A base58 peer id of an RSA key reads as a CIDv0: the multihash is the key's.
    if (cid.version === 0)
        cid = src_cid/* CID */.TO.createV1(LIBP2P_KEY, cid.multihash);
    const hash = cid.multihash.code;
    if (cid.code !== LIBP2P_KEY || (hash !== IDENTITY && hash !== SHA2_256))
        return undefined;
    return cid.toV1();
}
/**
 * The record for `value`: `ipfs://<cid>`, `/ipfs/<cid>` or a bare CID (a UnixFS root: dag-pb or
 * raw), or `ipns://<name>` / `/ipns/<name>` (a libp2p-key name; DNSLink names cannot be
 * written, ENSIP-7). An `InputError` naming `input` for anything else.
 */
function contenthashOf(value, input = 'value') {
    const given = value.trim();
    const m = /^(?:(ipfs|ipns):\/\/|\/(ipfs|ipns)\/)?([^/?#]+)\/?$/i.exec(given);
    const bad = (why) => new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(given)}, which cannot be an ENS contenthash: ${why}. Allowed: "ipfs://<cid>" (a UnixFS root, dag-pb or raw) or "ipns://<libp2p-key name>".`);
    if (m === null)
        throw bad('a contenthash holds one CID or IPNS name, with no path');
    const protocol = (m[1] ?? m[2] ?? 'ipfs').toLowerCase();
    const id = m[3] ?? '';
    if (protocol === 'ipns') {
        const cid = ipnsName(id);
        if (cid === undefined)
            throw bad('an IPNS name here must be a libp2p-key (k51…, 12D3…)');
        return { protocol, cid, uri: uriOf(protocol, cid), hex: encode(IPNS_NS, cid) };
    }
    let cid;
    try {
        cid = (0,src_cid_0/* parseAnyBase */.ry)(id).toV1();
    }
    catch {
        throw bad('it is not a CID');
    }
    if (cid.code !== DAG_PB && cid.code !== RAW)
        throw bad(`its codec 0x${cid.code.toString(16)} is not a UnixFS root (dag-pb or raw)`);
    return { protocol, cid, uri: uriOf(protocol, cid), hex: encode(IPFS_NS, cid) };
}
/** Reads a record (never throws: an unreadable one is `other` without a URI). */
function decodeContenthash(hex) {
    const h = (hex.startsWith('0x') ? hex : `0x${hex}`).toLowerCase();
    const bytes = Buffer.from(h.slice(2), 'hex');
    if (bytes.length === 0)
        return { protocol: 'none', hex: h };
    let code;
    let offset;
    try {
        ;
        [code, offset] = src/* varint.decode */.L8.decode(bytes);
    }
    catch {
        return { protocol: 'other', hex: h };
    }
    const rest = bytes.subarray(offset);
    try {
        if (code === IPFS_NS) {
            const cid = src_cid/* CID */.TO.decode(rest);
            return { protocol: 'ipfs', cid, uri: uriOf('ipfs', cid.toV1()), code, hex: h };
        }
        if (code === IPNS_NS) {
            const cid = src_cid/* CID */.TO.decode(rest);
            // A legacy record names a DNSLink domain: dag-pb over an identity hash of its text.
            if (cid.code === DAG_PB && cid.multihash.code === IDENTITY)
                return {
                    protocol: 'ipns',
                    uri: `ipns://${Buffer.from(cid.multihash.digest).toString('utf8')}`,
                    code,
                    hex: h,
                };
            return { protocol: 'ipns', cid, uri: uriOf('ipns', cid.toV1()), code, hex: h };
        }
        if (code === SWARM_NS) {
            const cid = src_cid/* CID */.TO.decode(rest);
            return {
                protocol: 'swarm',
                cid,
                uri: `bzz://${toHex(cid.multihash.digest).slice(2)}`,
                code,
                hex: h,
            };
        }
    }
    catch {
        // a known protocol whose value does not decode
    }
    return { protocol: 'other', code, hex: h };
}
/** Whether the record already holds exactly these bytes (hex compared without case). */
const sameContenthash = (a, b) => a.toLowerCase() === b.toLowerCase();

;// CONCATENATED MODULE: ./src/ens/errors.ts
/**
 * The ENS module's one error class. Every failure it can explain is an `EnsError` whose `reason`
 * says which (tests and the run's summary match on it) and whose message starts with the ENS
 * name it concerns. Messages are built from our own words, addresses and masked, cut service
 * text: never a key, an RPC URL or an API key (the caller's `redact` runs over each one).
 */
class EnsError extends Error {
    reason;
    ensName;
    name = 'EnsError';
    constructor(reason, 
    /** The normalised ENS name (or the input, when it did not normalise). */
    ensName, message, options) {
        super(message, options);
        this.reason = reason;
        this.ensName = ensName;
        this.hash = options?.hash;
    }
    hash;
}

// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/ens/normalize.js + 2 modules
var normalize = __webpack_require__(1462);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/ens/labelhash.js
var labelhash = __webpack_require__(434);
;// CONCATENATED MODULE: ./src/ens/name.ts


/**
 * Normalises one name; an `InputError` naming `input` otherwise, before any network call. One
 * trailing dot (a fully qualified DNS name) is dropped; a name needs at least two labels.
 */
function ensName(raw, input = 'ens-name') {
    const given = raw.trim();
    const bare = given.endsWith('.') ? given.slice(0, -1) : given;
    const bad = (why) => new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(given)}, which is not an ENS name: ${why}. Give a name such as "site.eth", or a DNS name imported into ENS.`);
    if (bare === '')
        throw bad('it is empty');
    let name;
    try {
        name = (0,normalize/* normalize */.S)(bare);
    }
    catch (err) {
        // The normaliser's reason quotes only the offending characters of the input.
        throw bad(`${(err instanceof Error ? err.message : String(err)).split('\n')[0]} (ENSIP-15)`);
    }
    if (!name.includes('.'))
        throw bad('a top-level name alone cannot be deployed to');
    return { input: given, name, node: (0,namehash/* namehash */.k)(name) };
}
/** The names above `name`, nearest first: `a.b.eth` → `b.eth`, `eth`. */
function parentsOf(name) {
    const labels = name.split('.');
    return labels.slice(1).map((_, i) => labels.slice(i + 1).join('.'));
}
/** For a `.eth` second-level name, the registrar's token id (its label's hash); else undefined. */
function ethLabelId(name) {
    const labels = name.split('.');
    if (labels.length !== 2 || labels[1] !== 'eth' || labels[0] === undefined)
        return undefined;
    return BigInt((0,labelhash/* labelhash */.L)(labels[0]));
}
/**
 * Where a browser reaches the name through an ENS gateway: `https://<name>.limo` for `.eth`
 * names (eth.limo serves every `*.eth.limo`), none for imported DNS names (they are served by
 * their own DNS). Non-ASCII names are written as the punycode host a browser would use.
 */
function gatewayUrls(name) {
    if (!name.endsWith('.eth'))
        return [];
    try {
        return [new URL(`https://${name}.limo/`).toString()];
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/request.js
var request = __webpack_require__(1168);
// EXTERNAL MODULE: ./node_modules/viem/_esm/clients/createPublicClient.js + 147 modules
var createPublicClient = __webpack_require__(4948);
// EXTERNAL MODULE: ./node_modules/viem/_esm/clients/transports/custom.js + 3 modules
var custom = __webpack_require__(9220);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/hash/keccak256.js + 1 modules
var keccak256 = __webpack_require__(426);
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/base.js + 1 modules
var base = __webpack_require__(9298);
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/contract.js + 1 modules
var contract = __webpack_require__(2193);
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/node.js
var node = __webpack_require__(5405);
// EXTERNAL MODULE: ./src/http/client.ts + 1 modules
var http_client = __webpack_require__(5114);
// EXTERNAL MODULE: ./src/http/policy.ts
var policy = __webpack_require__(9576);
;// CONCATENATED MODULE: ./src/ens/rpc.ts
/**
 * The Ethereum JSON-RPC under viem, sent by the project's one HTTP client (src/http/client.ts):
 * every request is bounded by its stall limit and retried by the one policy (`rpc-read`,
 * `rpc-send` in src/http/policy.ts), so viem's own retries are off. A JSON-RPC error that
 * means "slow down" (-32005, -32007, 429) is retried like an HTTP 429; any other is handed to
 * viem as viem's own `RpcRequestError`, so its error classes (a revert, too little gas) hold.
 * A signed transaction has one hash however often it is sent: after an unclear failure the node
 * is asked for that hash before sending it again. The URL (which often holds an API key) is a
 * secret: only its host names the endpoint in messages (docs/names/ens.md#rpc).
 */






/** JSON-RPC error codes that mean "too many requests": retried, never final. */
const SLOW_DOWN = new Set([-32005, -32007, 429]);
/** Registers every part of the URL that could be a credential, then returns its label. */
function maskUrl(raw, setSecret, input) {
    setSecret(raw);
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        throw new errors/* InputError */.dz(input, `Input "${input}" is not a URL (its value is a secret, not shown).`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new errors/* InputError */.dz(input, `Input "${input}" must be an http(s) URL (its value is a secret, not shown).`);
    for (const part of [url.username, url.password, url.search.slice(1)])
        if (part !== '')
            setSecret(part);
    if (url.pathname.length > 1)
        setSecret(url.pathname);
    // Keys sit in paths (`/v3/<key>`), query values and sometimes host labels.
    const pieces = [
        ...url.pathname.split('/'),
        ...url.hostname.split('.'),
        ...url.searchParams.values(),
    ];
    for (const piece of pieces)
        if (piece.length >= 16)
            setSecret(decodeURIComponent(piece));
    return url;
}
function connect(rpcUrl, deps, input = 'ens-rpc-url') {
    const url = maskUrl(rpcUrl, deps.setSecret, input);
    const label = deps.redact(`RPC ${url.hostname}`);
    const headers = { 'content-type': 'application/json' };
    if (url.username !== '' || url.password !== '') {
        const basic = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
        deps.setSecret(basic);
        headers.authorization = basic;
    }
    const http = (0,http_client/* createHttpClient */.uT)({
        provider: label,
        baseUrl: url.origin,
        headers,
        stallMs: deps.stallMs,
        retry: deps.retry,
        clock: deps.clock,
        redact: deps.redact,
        log: deps.log,
        maxBodyBytes: 8 << 20,
    });
    let ids = 0;
    const decode = (operation, id) => (res) => {
        const answer = http.parse(operation, res);
        const ok = answer !== null &&
            typeof answer === 'object' &&
            answer.id === id &&
            ('result' in answer ||
                (typeof answer.error === 'object' && typeof answer.error?.code === 'number'));
        if (!ok)
            throw http.malformed(operation, `the answer is not a JSON-RPC response to request ${id}: ${http.said(res.text, 120)}`, res);
        if (answer.error !== undefined && SLOW_DOWN.has(answer.error.code)) {
            const reason = `JSON-RPC error ${answer.error.code}: ${http.said(String(answer.error.message), 160)}`;
            throw new errors/* ProviderError */.mZ(label, operation, deps.redact(`${label}: ${policy/* OPERATIONS */.xb[operation].doing} failed: ${reason}`), {
                // No status: the HTTP answer was fine, the JSON-RPC error is what is shown.
                kind: 'status',
                transient: true,
                notSent: true,
                reason,
            });
        }
        return answer;
    };
    /** A JSON-RPC error answer: taken as an answer whatever the HTTP status, unless the status is transient. */
    const rpcError = (status, text) => {
        if ((0,policy/* isTransientStatus */.Dm)(status))
            return false;
        try {
            const v = JSON.parse(text);
            return typeof v?.error?.code === 'number';
        }
        catch {
            return false;
        }
    };
    async function call(method, params, recover) {
        const id = ++ids;
        const operation = method === 'eth_sendRawTransaction' ? 'rpc-send' : 'rpc-read';
        const body = JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? [] });
        const answer = await http.request({
            operation,
            method: 'POST',
            path: url.pathname + url.search,
            body: () => body,
            accept: rpcError,
            signal: deps.signal,
            ...(recover !== undefined ? { recover } : {}),
        }, decode(operation, id));
        if (answer.error !== undefined)
            throw new request/* RpcRequestError */.J8({ body: { method }, error: answer.error, url: label });
        return answer.result;
    }
    const client = (0,createPublicClient/* createPublicClient */.l)({
        transport: (0,custom/* custom */.I)({
            request: ({ method, params }) => call(method, params),
        }, { retryCount: 0 }),
        // Block numbers and the like are read fresh each time: the wait loop keeps its own clock.
        cacheTime: 0,
        // No CCIP-read (ERC-3668): a contract must not make this client fetch URLs it names.
        ccipRead: false,
    });
    return {
        client,
        label,
        async sendRaw(raw) {
            const hash = (0,keccak256/* keccak256 */.S)(raw);
            const recover = async () => (await call('eth_getTransactionByHash', [hash])) != null ? { result: hash } : undefined;
            await call('eth_sendRawTransaction', [raw], recover);
            return hash;
        },
    };
}
/** The project's error in a viem error's causes (a request that failed after its retries), if any. */
function providerErrorIn(err) {
    if (err instanceof errors/* ProviderError */.mZ)
        return err;
    if (err instanceof base/* BaseError */.C) {
        const found = err.walk((e) => e instanceof errors/* ProviderError */.mZ);
        return found instanceof errors/* ProviderError */.mZ ? found : undefined;
    }
    return undefined;
}
/**
 * Any failure of a read or write as an `EnsError` for `name`: an RPC that failed after its
 * retries names its host and what it was doing; a viem error gives its short message. Masked.
 */
function rpcFailure(err, name, doing, redact, hash) {
    if (err instanceof EnsError || err instanceof errors/* InputError */.dz)
        return err;
    const pe = providerErrorIn(err);
    const why = pe !== undefined
        ? pe.message
        : err instanceof base/* BaseError */.C
            ? `${err.shortMessage}${err.details !== undefined && err.details !== '' ? ` (${err.details})` : ''}`
            : err instanceof Error
                ? err.message
                : String(err);
    const sent = hash !== undefined
        ? ` The transaction ${hash} was sent and may still be mined: follow it by its hash.`
        : '';
    return new EnsError(pe?.operation.startsWith('safe-') === true ? 'safe' : 'rpc', name, `${redact(`ENS name ${name}: ${doing} failed: ${why}`).slice(0, 800)}${sent}`, {
        cause: err,
        ...(hash !== undefined ? { hash } : {}),
    });
}
/**
 * Whether a call failed because the contract reverted (or returned nothing), as opposed to the
 * request failing: viem's classes and the JSON-RPC code 3, never message text.
 */
function isRevert(err) {
    if (!(err instanceof base/* BaseError */.C) || providerErrorIn(err) !== undefined)
        return false;
    return (err.walk((e) => e instanceof contract/* ContractFunctionRevertedError */.M ||
        e instanceof contract/* ContractFunctionZeroDataError */.rR ||
        e instanceof node/* ExecutionRevertedError */.A7 ||
        (e instanceof request/* RpcRequestError */.J8 && e.code === 3)) !== null);
}

;// CONCATENATED MODULE: ./src/ens/target.ts
/**
 * Everything a read or a write of a name's contenthash starts with: the name normalised (before
 * any request), the RPC connected and on the configured chain, the name's OWN resolver (a
 * subname that only inherits a parent's resolver is refused: a record written there under the
 * subname is not what ENS clients read, ENSIP-10), the resolver able to hold a contenthash
 * (ERC-165), and the record it holds now (docs/names/ens.md#resolver).
 */







/** The nearest parent with a resolver, for the message when the name has none of its own. */
async function inherited(client, registry, name) {
    for (const parent of parentsOf(name).slice(0, 8)) {
        const r = await client.readContract({
            address: registry,
            abi: REGISTRY_ABI,
            functionName: 'resolver',
            args: [(0,namehash/* namehash */.k)(parent)],
        });
        if (r !== address/* zeroAddress */.X)
            return ` It inherits the resolver ${r} of ${parent}; a contenthash written there under ${name} is not read by ENS clients (ENSIP-10), so this is refused.`;
    }
    return '';
}
/** Whether `resolver` says it supports ENSIP-7; a contract without ERC-165 reverts: no. */
async function holdsContenthash(client, resolver) {
    try {
        return await client.readContract({
            address: resolver,
            abi: RESOLVER_ABI,
            functionName: 'supportsInterface',
            args: [CONTENTHASH_INTERFACE],
        });
    }
    catch (err) {
        // A failed request is not an answer: only a revert or no data means "no".
        if (isRevert(err))
            return false;
        throw err;
    }
}
async function openTarget(t, deps) {
    const ens = ensName(t.name, t.inputs?.name);
    const rpc = connect(t.rpcUrl, deps, t.inputs?.rpcUrl);
    const { client } = rpc;
    const chain = t.chain;
    // Read once a run (src/ens/checked.ts): the chain behind the RPC, a resolver's interfaces.
    const checked = deps.checked;
    const chainKey = `${chain.id}|${t.rpcUrl}`;
    const chainChecked = checked?.chains.has(chainKey) === true;
    if (chain.experimental && chain.label === 'sepolia' && !chainChecked)
        deps.warn?.(`ENS on Sepolia is experimental here: Sepolia's ENS is the ENSv2 beta, and whether a record written to an ENSv1 resolver shows in its apps is not verified (docs/names/ens.md#chains).`);
    try {
        if (!chainChecked) {
            const id = await client.getChainId();
            if (id !== chain.id)
                throw new EnsError('wrong-chain', ens.name, `ENS name ${ens.name}: the RPC ${rpc.label} serves chain ${id}, not ${chain.label} (${chain.id}); nothing was read or sent. Give an RPC URL of ${chain.label}.`);
            checked?.chains.add(chainKey);
        }
        const resolver = await client.readContract({
            address: chain.registry,
            abi: REGISTRY_ABI,
            functionName: 'resolver',
            args: [ens.node],
        });
        if (resolver === address/* zeroAddress */.X)
            throw new EnsError('no-resolver', ens.name, `ENS name ${ens.name} has no resolver of its own on ${chain.label}.${await inherited(client, chain.registry, ens.name)} Its owner sets one first (the ENS app, or setResolver on the registry), then deploys again.`);
        if (checked?.resolvers.has(resolver.toLowerCase()) !== true) {
            if (!(await holdsContenthash(client, resolver)))
                throw new EnsError('unsupported-resolver', ens.name, `ENS name ${ens.name}: its resolver ${resolver} does not support contenthash records (ERC-165 interface ${CONTENTHASH_INTERFACE}, ENSIP-7). Its owner switches the name to the ENS Public Resolver, then deploys again.`);
            checked?.resolvers.add(resolver.toLowerCase());
        }
        const hex = await client.readContract({
            address: resolver,
            abi: RESOLVER_ABI,
            functionName: 'contenthash',
            args: [ens.node],
        });
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
        };
    }
    catch (err) {
        throw rpcFailure(err, ens.name, `reading the name's resolver on ${chain.label}`, deps.redact);
    }
}

// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/address/isAddress.js
var isAddress = __webpack_require__(9936);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/address/getAddress.js
var getAddress = __webpack_require__(1006);
;// CONCATENATED MODULE: ./src/ens/chain.ts
/**
 * Which chain ENS is read and written on (docs/names/ens.md#chains). Mainnet is the one ENS
 * users deploy to; Sepolia's ENS moved to the ENSv2 beta, whose resolvers this module does not
 * model, so it is marked experimental; any other chain (a local node, a fork) names its own
 * registry. The resolver is never configured: it is read from the registry for each name.
 */


/** The registry has one address on every chain ENS deployed it to. */
const REGISTRY = '0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e';
const ENS_CHAINS = {
    mainnet: {
        id: 1,
        label: 'mainnet',
        registry: REGISTRY,
        experimental: false,
        safeService: 'https://api.safe.global/tx-service/eth/api',
        safeShortName: 'eth',
    },
    sepolia: {
        id: 11155111,
        label: 'sepolia',
        registry: REGISTRY,
        experimental: true,
        safeService: 'https://api.safe.global/tx-service/sep/api',
        safeShortName: 'sep',
    },
};
/** A checksummed address from an input, or an `InputError` naming it. `eth:0x…` (EIP-3770) is accepted. */
function addressInput(raw, input) {
    const v = raw.trim().replace(/^[a-z][a-z0-9-]{0,15}:(?=0x)/i, '');
    if (!/^0x[0-9a-fA-F]{40}$/.test(v))
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(raw)}, which is not an address (0x and 40 hex digits).`);
    const mixed = /[a-f]/.test(v.slice(2)) && /[A-F]/.test(v.slice(2));
    if (mixed && !(0,isAddress/* isAddress */.P)(v, { strict: true }))
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(raw)}, whose mixed-case checksum (EIP-55) is wrong: check the address, or write it in lower case.`);
    return (0,getAddress/* getAddress */.b)(v);
}
/**
 * The chain from the inputs: `mainnet`, `sepolia`, or a chain id with the registry address
 * (`registry`) for a local node or a fork; `safeService` sets or replaces the Transaction
 * Service URL.
 */
function ensChain(spec, opts = {}) {
    const names = opts.inputs ?? { chain: 'ens-chain', registry: 'ens-registry' };
    const v = spec.trim().toLowerCase();
    let chain;
    if (v === 'mainnet' || v === 'sepolia') {
        chain = ENS_CHAINS[v];
        if (opts.registry !== undefined && opts.registry.trim() !== '')
            chain = { ...chain, registry: addressInput(opts.registry, names.registry) };
    }
    else if (/^[1-9]\d{0,15}$/.test(v)) {
        const id = Number(v);
        if (id === 1 || id === 11155111)
            return ensChain(id === 1 ? 'mainnet' : 'sepolia', opts);
        if (opts.registry === undefined || opts.registry.trim() === '')
            throw new errors/* InputError */.dz(names.registry, `Input "${names.chain}" is chain ${id}, which needs "${names.registry}": the ENS registry's address on that chain.`);
        chain = {
            id,
            label: `chain ${id}`,
            registry: addressInput(opts.registry, names.registry),
            experimental: true,
        };
    }
    else
        throw new errors/* InputError */.dz(names.chain, `Input "${names.chain}" has ${(0,errors/* quote */.hD)(spec)}, which is not allowed. Allowed: ${(0,errors/* listAllowed */.Xg)(['mainnet', 'sepolia'])}, or a chain id with "${names.registry}".`);
    const service = opts.safeService?.trim();
    return service !== undefined && service !== '' ? { ...chain, safeService: service } : chain;
}

// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/abi/decodeFunctionData.js
var decodeFunctionData = __webpack_require__(4066);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/abi/encodeFunctionData.js + 1 modules
var encodeFunctionData = __webpack_require__(3955);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/signature/hashTypedData.js + 2 modules
var hashTypedData = __webpack_require__(6583);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/unit/parseUnits.js
var parseUnits = __webpack_require__(2394);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/unit/parseGwei.js
var parseGwei = __webpack_require__(6481);
;// CONCATENATED MODULE: ./src/ens/inputs.ts
/**
 * The ENS options that come from action inputs, checked before any request: each refusal names
 * the input, quotes the value and says what is allowed. The names are the inputs proposed in
 * docs/names/ens.md#inputs; the run passes its own when it wires them.
 */


function confirmationsInput(n, input = 'ens-confirmations') {
    const v = n ?? 1;
    if (!Number.isInteger(v) || v < 1 || v > 64)
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(String(n))}, which is not allowed. Allowed: a whole number of blocks from 1 to 64.`);
    return v;
}
/**
 * A fee cap per gas in wei, from `30`, `30 gwei`, `1.5 gwei` or `1500000000 wei` (a bare number
 * is gwei, as wallets show fees); `''` is no cap.
 */
function feeCapInput(raw, input = 'ens-max-fee-per-gas') {
    const v = raw.trim().toLowerCase();
    if (v === '')
        return undefined;
    const m = /^(\d+(?:\.\d{1,9})?)\s*(gwei|wei)?$/.exec(v);
    const wei = m === null
        ? undefined
        : m[2] === 'wei'
            ? m[1]?.includes('.') === true
                ? undefined
                : (0,parseUnits/* parseUnits */.X)(m[1] ?? '', 0)
            : (0,parseGwei/* parseGwei */._)(m[1] ?? '');
    if (wei === undefined || wei <= 0n)
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(raw)}, which is not allowed. Allowed: a fee per gas above 0, such as "30" or "30 gwei" (gwei), or "30000000000 wei".`);
    return wei;
}
function safeNonceInput(n, input = 'ens-safe-nonce') {
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 0))
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(String(n))}, which is not allowed. Allowed: a whole number, 0 or more.`);
    return n;
}

// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
;// CONCATENATED MODULE: ./src/ens/owner.ts
/**
 * Who may change a name's records, read the way the ENS PublicResolver decides
 * (docs/names/ens.md#who-may-write): the registry's owner, or, when that is the NameWrapper,
 * the wrapped name's owner; plus whoever that owner approved on the resolver. The write itself
 * is decided by simulation (the resolver's own rule, whatever it is); these reads only explain
 * a refusal, and warn about a name that is about to expire.
 */







const DAY = 86400n;
/** A `.eth` name can be renewed for 90 days after it expires; then anyone may register it. */
const GRACE = 90n * DAY;
async function whoControls(client, registry, node) {
    const registryOwner = await client.readContract({
        address: registry,
        abi: REGISTRY_ABI,
        functionName: 'owner',
        args: [node],
    });
    if (registryOwner === address/* zeroAddress */.X)
        return { registryOwner, owner: registryOwner };
    const code = await client.getCode({ address: registryOwner });
    if (code === undefined || code === '0x')
        return { registryOwner, owner: registryOwner };
    try {
        // A NameWrapper answers getData for any id; a Safe or another contract reverts.
        const [, , expiry] = await client.readContract({
            address: registryOwner,
            abi: NAME_WRAPPER_ABI,
            functionName: 'getData',
            args: [BigInt(node)],
        });
        // ownerOf is zero once an emancipated name has expired, whatever getData still holds.
        const owner = await client.readContract({
            address: registryOwner,
            abi: NAME_WRAPPER_ABI,
            functionName: 'ownerOf',
            args: [BigInt(node)],
        });
        return { registryOwner, owner, wrapper: registryOwner, expiry };
    }
    catch (err) {
        if (!isRevert(err))
            throw err;
        return { registryOwner, owner: registryOwner };
    }
}
/** What the owner approved for `signer` on the resolver (false where the resolver cannot say). */
async function approvals(client, resolver, owner, node, signer) {
    const ask = async (fn) => {
        try {
            return await fn();
        }
        catch {
            return false;
        }
    };
    const out = [];
    if (await ask(() => client.readContract({
        address: resolver,
        abi: RESOLVER_ABI,
        functionName: 'isApprovedForAll',
        args: [owner, signer],
    })))
        out.push('an operator for all its names');
    if (await ask(() => client.readContract({
        address: resolver,
        abi: RESOLVER_ABI,
        functionName: 'isApprovedFor',
        args: [owner, node, signer],
    })))
        out.push('a delegate for this name');
    return out;
}
/**
 * The error for a simulation that reverted: who owns the name, whether it expired, and the one
 * fix. `writer` is the address the write would come from (the key's, or the Safe's).
 */
async function notAuthorised(client, at, writer) {
    const c = await whoControls(client, at.registry, at.node);
    const head = `ENS name ${at.name}: ${writer.what} ${writer.address} may not change its records on its resolver ${at.resolver}, so nothing was sent.`;
    if (c.wrapper !== undefined && c.owner === address/* zeroAddress */.X)
        return new EnsError('expired', at.name, `${head} The name is wrapped (NameWrapper ${c.wrapper}) and has expired${c.expiry !== undefined && c.expiry > 0n ? ` (${(0,retry/* isoTime */.Ly)(Number(c.expiry) * 1000)})` : ''}: nobody may write its records until it is renewed.`);
    if (c.owner === address/* zeroAddress */.X)
        return new EnsError('not-authorised', at.name, `${head} The name has no owner in the registry ${at.registry}.`);
    const held = c.wrapper !== undefined
        ? ` (a wrapped name: the registry holds it for the NameWrapper ${c.wrapper})`
        : '';
    const granted = await approvals(client, at.resolver, c.owner, at.node, writer.address);
    const already = granted.length > 0
        ? ` The resolver lists ${writer.address} as ${granted.join(' and ')}, yet refused: its rules differ from the ENS PublicResolver's.`
        : '';
    return new EnsError('not-authorised', at.name, `${head} The name's owner is ${c.owner}${held}.${already} Fix: deploy with the owner's key, or have the owner call approve(${at.node}, ${writer.address}, true) on the resolver ${at.resolver} once (it lets ${writer.address} change every record of this name, and nothing else). Approvals given on the registry or the NameWrapper do not count.`);
}
/**
 * Warns when the name expires within 30 days, or (an unwrapped .eth name) already has; once a
 * run (`checked`: the check before the upload already warned).
 */
async function warnExpiry(client, registry, at, warn, checked) {
    if (warn === undefined || checked?.expiry.has(at.name) === true)
        return;
    checked?.expiry.add(at.name);
    const now = (await client.getBlock({ blockTag: 'latest' })).timestamp;
    let expires;
    const c = await whoControls(client, registry, at.node);
    if (c.wrapper !== undefined && c.expiry !== undefined && c.expiry > 0n && c.expiry < 2n ** 63n)
        expires = c.expiry;
    const id = ethLabelId(at.name);
    if (expires === undefined && id !== undefined) {
        const registrar = await client.readContract({
            address: registry,
            abi: REGISTRY_ABI,
            functionName: 'owner',
            args: [(0,namehash/* namehash */.k)('eth')],
        });
        try {
            const until = await client.readContract({
                address: registrar,
                abi: REGISTRAR_ABI,
                functionName: 'nameExpires',
                args: [id],
            });
            if (until > 0n)
                expires = until + GRACE;
        }
        catch {
            return;
        }
    }
    if (expires === undefined)
        return;
    const when = (0,retry/* isoTime */.Ly)(Number(expires) * 1000);
    if (expires <= now)
        warn(`ENS name ${at.name} expired (its grace period ended ${when}): anyone may register it now and change where it points. Renew it.`);
    else if (expires - now < 30n * DAY)
        warn(`ENS name ${at.name} expires ${when} (grace period included): renew it before then, or its records stop resolving.`);
}

;// CONCATENATED MODULE: ./src/ens/safe-service.ts
/**
 * The Safe Transaction Service, as much of it as a proposal needs (docs/names/ens.md#service):
 * the Safe's pending queue, the delegates of a key, a proposal, and one transaction by its
 * safeTxHash. Through the project's HTTP client: bounded retries by the one policy (a 429 waits
 * as the service says), an API key sent as a bearer token and masked, pages read with
 * limit/offset up to a fixed count (the `next` links are not followed: they could name another
 * host, which would then get the key). A proposal is keyed by its safeTxHash, so after an
 * unclear failure the service is asked for it before it is sent again.
 */


const PAGE = 100;
/** The most pages read from one listing: 1,000 pending transactions. */
const MAX_PAGES = 10;
function safeService(baseUrl, apiKey, deps, input = 'ens-safe-api-key') {
    const key = apiKey?.trim();
    const headers = { accept: 'application/json' };
    if (key !== undefined && key !== '') {
        deps.setSecret(key);
        headers.authorization = `Bearer ${key}`;
        deps.setSecret(headers.authorization);
    }
    const http = (0,http_client/* createHttpClient */.uT)({
        provider: `Safe Transaction Service ${new URL(baseUrl).host}`,
        baseUrl,
        headers,
        credentials: [input],
        stallMs: deps.stallMs,
        retry: deps.retry,
        clock: deps.clock,
        redact: deps.redact,
        log: deps.log,
        maxBodyBytes: 16 << 20,
    });
    const tx = (raw) => {
        const t = raw;
        if (t === null || typeof t !== 'object')
            return undefined;
        const nonce = typeof t.nonce === 'number' || typeof t.nonce === 'string' ? String(t.nonce) : '';
        if (typeof t.safeTxHash !== 'string' || typeof t.to !== 'string' || !/^\d{1,30}$/.test(nonce))
            return undefined;
        return {
            safeTxHash: t.safeTxHash.toLowerCase(),
            to: t.to,
            value: typeof t.value === 'string' ? t.value : typeof t.value === 'number' ? String(t.value) : '',
            data: (typeof t.data === 'string' ? t.data : '0x').toLowerCase(),
            operation: typeof t.operation === 'number' ? t.operation : -1,
            nonce: BigInt(nonce),
            isExecuted: t.isExecuted === true,
        };
    };
    /**
     * Every page of a listing, by limit/offset: the offset moves by what came back (a service may
     * serve fewer than asked), and it ends at `count`, at an empty page, or after MAX_PAGES.
     */
    async function* pages(path, query, tooMany) {
        let offset = 0;
        for (let page = 0; page < MAX_PAGES; page++) {
            const { value, response } = await http.json({
                operation: 'safe-read',
                method: 'GET',
                path,
                query: { ...query, limit: String(PAGE), offset: String(offset) },
                signal: deps.signal,
            });
            if (value === null || typeof value !== 'object' || !Array.isArray(value.results))
                throw http.malformed('safe-read', `the answer has no "results" list: ${http.said(response.text, 120)}`, response);
            yield value.results;
            offset += value.results.length;
            const count = typeof value.count === 'number' ? value.count : undefined;
            if (value.results.length === 0 ||
                (count !== undefined ? offset >= count : value.results.length < PAGE))
                return;
        }
        throw http.fail('safe-read', `the listing ${path} has more than ${MAX_PAGES} pages; ${tooMany}`);
    }
    async function get(safeTxHash) {
        return http.request({
            operation: 'safe-read',
            method: 'GET',
            path: `/v2/multisig-transactions/${safeTxHash}/`,
            accept: [404],
            signal: deps.signal,
        }, (res) => (res.status === 404 ? undefined : tx(http.parse('safe-read', res))));
    }
    return {
        async pending(safe, fromNonce) {
            const out = [];
            const path = `/v2/safes/${(0,getAddress/* getAddress */.b)(safe)}/multisig-transactions/`;
            const query = { executed: 'false', nonce__gte: fromNonce.toString(), ordering: 'nonce' };
            for await (const page of pages(path, query, 'give "ens-safe-nonce" to choose the nonce'))
                for (const raw of page) {
                    const t = tx(raw);
                    if (t !== undefined && !t.isExecuted && t.nonce >= fromNonce)
                        out.push(t);
                }
            return out;
        },
        async isDelegate(safe, delegate, owners) {
            const own = new Set(owners.map((o) => o.toLowerCase()));
            for await (const page of pages('/v2/delegates/', { delegate: (0,getAddress/* getAddress */.b)(delegate) }, 'use an owner key instead'))
                for (const d of page) {
                    const forSafe = d.safe === null ||
                        d.safe === undefined ||
                        (typeof d.safe === 'string' && d.safe.toLowerCase() === safe.toLowerCase());
                    const by = typeof d.delegator === 'string' && own.has(d.delegator.toLowerCase());
                    const live = typeof d.expiryDate !== 'string' ||
                        Date.parse(d.expiryDate) > (deps.clock?.now() ?? Date.now());
                    if (forSafe &&
                        by &&
                        live &&
                        typeof d.delegate === 'string' &&
                        d.delegate.toLowerCase() === delegate.toLowerCase())
                        return true;
                }
            return false;
        },
        get,
        async propose(safe, proposal) {
            await http.send({
                operation: 'safe-propose',
                method: 'POST',
                path: `/v2/safes/${(0,getAddress/* getAddress */.b)(safe)}/multisig-transactions/`,
                headers: { 'content-type': 'application/json' },
                body: () => JSON.stringify(proposal),
                signal: deps.signal,
                // A proposal the service already holds is the one we meant to make.
                recover: async () => (await get(proposal.contractTransactionHash)) !== undefined
                    ? { status: 201, headers: {}, text: '', trailers: {} }
                    : undefined,
            });
        },
    };
}

// EXTERNAL MODULE: ./node_modules/viem/_esm/accounts/privateKeyToAccount.js + 10 modules
var privateKeyToAccount = __webpack_require__(1607);
;// CONCATENATED MODULE: ./src/ens/signer.ts
/**
 * The key that signs: a 32-byte secp256k1 private key, given as hex. Every form of it is
 * registered as a secret before anything could print it; only the address it derives is shown.
 */


function keyAccount(raw, setSecret, input) {
    const v = raw.trim();
    const hex = v.replace(/^0x/i, '');
    for (const form of [raw, v, hex, hex.toLowerCase(), hex.toUpperCase(), `0x${hex.toLowerCase()}`])
        setSecret(form);
    const bad = new errors/* InputError */.dz(input, `Input "${input}" is not a private key: it must be 64 hex digits, with or without 0x (its value is a secret, not shown).`);
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
        throw bad;
    try {
        return (0,privateKeyToAccount/* privateKeyToAccount */.R)(`0x${hex.toLowerCase()}`);
    }
    catch {
        throw bad;
    }
}

;// CONCATENATED MODULE: ./src/ens/safe.ts
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












const SET_CONTENTHASH = '0x304e6ade';
/** The EIP-712 typed data of a Safe transaction (Safe.sol `SAFE_TX_TYPEHASH`). */
function safeTxTypedData(safe, chainId, version, tx) {
    const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
    // Safe 1.3.0 put the chain id in the domain; earlier versions had the contract alone.
    const withChain = major > 1 || (major === 1 && minor >= 3);
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
            gasToken: address/* zeroAddress */.X,
            refundReceiver: address/* zeroAddress */.X,
            nonce: tx.nonce,
        },
    };
}
function links(opts, safe, hash) {
    const short = opts.chain.safeShortName;
    if (short === undefined)
        return {};
    const app = (opts.appUrl ?? 'https://app.safe.global').replace(/\/+$/, '');
    const s = `${short}:${safe}`;
    return {
        queueUrl: `${app}/transactions/queue?safe=${s}`,
        txUrl: `${app}/transactions/tx?safe=${s}&id=multisig_${safe}_${hash}`,
    };
}
/** Whether a queued transaction is a `setContenthash` of this name on this resolver (any value). */
const changesName = (t, resolver, node) => t.to.toLowerCase() === resolver.toLowerCase() &&
    t.data.startsWith(SET_CONTENTHASH) &&
    t.data.slice(10, 74) === node.slice(2).toLowerCase();
/** The nonce to propose at (docs/names/ens.md#safe-nonce). */
function chooseNonce(queue, chainNonce, resolver, node) {
    const sameName = queue.find((t) => changesName(t, resolver, node));
    if (sameName !== undefined)
        return sameName.nonce;
    return queue.reduce((n, t) => (t.nonce >= n ? t.nonce + 1n : n), chainNonce);
}
/** The contenthash a pending `setContenthash` would write, when its data decodes. */
function pendingContenthash(t) {
    try {
        const call = (0,decodeFunctionData/* decodeFunctionData */.J)({ abi: RESOLVER_ABI, data: t.data });
        return call.functionName === 'setContenthash' ? call.args[1] : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The Safe as the signer sees it: a contract there, its version, owners and threshold, and the
 * signer an owner or a delegate the Transaction Service knows; otherwise an error naming the
 * name, the signer and the inputs to fix. Read once a run (`checked`): the check before the
 * upload reads it, the names step reuses it.
 */
async function safeStanding(client, service, at, checked) {
    const { safe, signer, name } = at;
    const key = `${safe}|${signer}`.toLowerCase();
    const known = checked?.safes.get(key);
    if (known !== undefined)
        return known;
    const code = await client.getCode({ address: safe });
    if (code === undefined || code === '0x')
        throw new EnsError('safe', name, `ENS name ${name}: there is no contract at the Safe address ${safe} on ${at.chain}. Check input "${at.inputs?.safe ?? 'ens-safe'}".`);
    const read = (functionName) => client.readContract({ address: safe, abi: SAFE_ABI, functionName });
    const version = await read('VERSION');
    const owners = await read('getOwners');
    const threshold = Number(await read('getThreshold'));
    const isOwner = owners.some((o) => o.toLowerCase() === signer.toLowerCase());
    if (!isOwner && !(await service.isDelegate(safe, signer, owners)))
        throw new EnsError('not-authorised', name, `ENS name ${name}: the signer ${signer} is neither an owner of the Safe ${safe} (owners: ${owners.join(', ')}) nor a delegate the Safe Transaction Service knows for it, so nothing was proposed. Check input "${at.inputs?.safe ?? 'ens-safe'}" (the Safe that owns the name) and input "${at.inputs?.key ?? 'ens-private-key'}": give an owner's key, or have an owner register ${signer} as a delegate.`);
    const standing = {
        version,
        owners,
        threshold,
        role: isOwner ? 'owner' : 'delegate',
    };
    checked?.safes.set(key, standing);
    return standing;
}
/** The write simulated from the Safe (a refusal explained: who owns the name, the one fix). */
async function safeMayWrite(client, at, safe, data) {
    try {
        await client.call({ account: safe, to: at.resolver, data });
    }
    catch (err) {
        if (isRevert(err))
            throw await notAuthorised(client, at, { address: safe, what: 'the Safe' });
        throw err;
    }
}
async function proposeContenthash(opts, deps) {
    const value = contenthashOf(opts.value, opts.inputs?.value);
    const account = keyAccount(opts.signerKey, deps.setSecret, opts.inputs?.key ?? 'ens-private-key');
    const safe = addressInput(opts.safe, opts.inputs?.safe ?? 'ens-safe');
    if (opts.safeApiKey !== undefined && opts.safeApiKey.trim() !== '')
        deps.setSecret(opts.safeApiKey.trim());
    // The service keeps at most 200 characters of origin.
    const origin = (opts.origin ?? 'ipfs-pin-action').slice(0, 200);
    const safeNonce = safeNonceInput(opts.safeNonce);
    const serviceUrl = opts.chain.safeService;
    if (serviceUrl === undefined)
        throw new errors/* InputError */.dz('ens-safe-service-url', `Input "ens-safe-service-url" is needed: ENS on ${opts.chain.label} has no Safe Transaction Service known here.`);
    const service = safeService(serviceUrl, opts.safeApiKey, deps);
    if (opts.safeApiKey === undefined || opts.safeApiKey.trim() === '')
        deps.warn?.('No Safe API key: the Safe Transaction Service allows keyless calls for exploration only (a small shared quota). Give one from developer.safe.global.');
    const { rpc, ens, state } = await openTarget(opts, deps);
    const { client } = rpc;
    const signer = account.address;
    const base = { ...state, safe, signer, contenthash: value.hex, value: value.uri };
    // The record may already hold the value while the Safe's queue holds a change of this name to
    // another value (a rollback, or a redeploy of older content, after a proposal the owners have
    // not executed yet): executing that stale proposal would move the name away again. The value
    // is then proposed at its nonce, so executing either voids the other (docs/names/ens.md#safe-nonce).
    let stale;
    const staleValue = (t) => {
        const hex = pendingContenthash(t);
        return hex === undefined ? 'a value that does not decode' : (decodeContenthash(hex).uri ?? hex);
    };
    if (sameContenthash(state.current.hex, value.hex)) {
        try {
            const chainNonce = await client.readContract({
                address: safe,
                abi: SAFE_ABI,
                functionName: 'nonce',
            });
            const queue = await service.pending(safe, chainNonce);
            stale = queue.find((t) => {
                if (!changesName(t, state.resolver, ens.node))
                    return false;
                const hex = pendingContenthash(t);
                return hex === undefined || !sameContenthash(hex, value.hex);
            });
        }
        catch (err) {
            deps.warn?.(`ENS name ${ens.name} already points to ${value.uri}, but the queue of the Safe ${safe} could not be read (${deps.redact((0,errors/* errorMessage */.gJ)(err)).slice(0, 300)}): a change of this name pending there would still move it elsewhere once executed.`);
        }
        if (stale === undefined) {
            deps.log?.(`ENS name ${ens.name} already points to ${value.uri}: nothing to propose.`);
            return { ...base, status: 'unchanged' };
        }
        deps.log?.(`ENS name ${ens.name} already points to ${value.uri}, but the Safe ${safe} has a pending change of it to ${staleValue(stale)} (${stale.safeTxHash}, nonce ${stale.nonce}): proposing ${value.uri} at that nonce, so that executing either voids the other.`);
    }
    let stage = `reading the Safe ${safe}`;
    try {
        const { version, threshold, role } = await safeStanding(client, service, { safe, signer, name: ens.name, chain: opts.chain.label, inputs: opts.inputs }, deps.checked);
        const chainNonce = await client.readContract({
            address: safe,
            abi: SAFE_ABI,
            functionName: 'nonce',
        });
        stage = 'checking the write';
        await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked);
        const data = (0,encodeFunctionData/* encodeFunctionData */.p)({
            abi: RESOLVER_ABI,
            functionName: 'setContenthash',
            args: [ens.node, value.hex],
        });
        await safeMayWrite(client, { ...ens, resolver: state.resolver, registry: opts.chain.registry }, safe, data);
        stage = 'reading the Safe queue';
        const queue = await service.pending(safe, chainNonce);
        const same = queue.find((t) => 
        // Its hash reaches the outputs, links and the log: only a 32-byte hash is taken as ours.
        /^0x[0-9a-f]{64}$/.test(t.safeTxHash) &&
            t.to.toLowerCase() === state.resolver.toLowerCase() &&
            t.data === data.toLowerCase() &&
            t.operation === 0 &&
            t.value === '0');
        if (same !== undefined) {
            deps.log?.(`ENS name ${ens.name}: the Safe ${safe} already has this change pending (${same.safeTxHash}, nonce ${same.nonce}): not proposed again.`);
            return {
                ...base,
                status: 'already-proposed',
                safeTxHash: same.safeTxHash,
                nonce: same.nonce,
                threshold,
                signerRole: role,
                ...links(opts, safe, same.safeTxHash),
            };
        }
        const nonce = safeNonce !== undefined
            ? BigInt(safeNonce)
            : chooseNonce(queue, chainNonce, state.resolver, ens.node);
        if (nonce < chainNonce)
            throw new EnsError('safe', ens.name, `ENS name ${ens.name}: "ens-safe-nonce" ${nonce} was already used: the Safe ${safe} is at nonce ${chainNonce}.`);
        const typed = safeTxTypedData(safe, opts.chain.id, version, { to: state.resolver, data, nonce });
        const safeTxHash = (0,hashTypedData/* hashTypedData */.Zh)(typed);
        const onChain = await client.readContract({
            address: safe,
            abi: SAFE_ABI,
            functionName: 'getTransactionHash',
            args: [state.resolver, 0n, data, 0, 0n, 0n, 0n, address/* zeroAddress */.X, address/* zeroAddress */.X, nonce],
        });
        if (onChain.toLowerCase() !== safeTxHash.toLowerCase())
            throw new EnsError('safe', ens.name, `ENS name ${ens.name}: the Safe ${safe} (version ${JSON.stringify(version).slice(0, 40)}) hashes transactions differently from Safe 1.x; nothing was proposed.`);
        const signature = await account.signTypedData(typed);
        const result = {
            ...base,
            safeTxHash,
            nonce,
            threshold,
            signerRole: role,
            ...links(opts, safe, safeTxHash),
        };
        if (opts.dryRun === true) {
            deps.log?.(`ENS name ${ens.name}: dry run: would propose ${safeTxHash} to the Safe ${safe} at nonce ${nonce}; nothing sent.`);
            return { ...result, status: 'simulated' };
        }
        stage = 'proposing to the Safe Transaction Service';
        await service.propose(safe, {
            to: (0,getAddress/* getAddress */.b)(state.resolver),
            value: '0',
            data,
            operation: 0,
            safeTxGas: '0',
            baseGas: '0',
            gasPrice: '0',
            gasToken: address/* zeroAddress */.X,
            refundReceiver: address/* zeroAddress */.X,
            nonce: Number(nonce),
            contractTransactionHash: safeTxHash,
            sender: signer,
            signature,
            origin,
        });
        deps.log?.(`ENS name ${ens.name}: proposed ${safeTxHash} to the Safe ${safe} at nonce ${nonce}; ${role === 'owner' ? `signed by owner ${signer}, ${threshold - 1} more confirmation(s) needed` : `${threshold} owner confirmation(s) needed`}.`);
        return { ...result, status: 'proposed' };
    }
    catch (err) {
        throw rpcFailure(err, ens.name, stage, deps.redact);
    }
}

// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/unit/formatGwei.js
var formatGwei = __webpack_require__(5819);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/unit/formatEther.js
var formatEther = __webpack_require__(7939);
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/transaction.js
var transaction = __webpack_require__(3725);
// EXTERNAL MODULE: ./src/http/deadline.ts
var http_deadline = __webpack_require__(2378);
;// CONCATENATED MODULE: ./src/ens/wait.ts
/**
 * Waiting for a sent transaction: polls its receipt on the injected clock until it has the
 * confirmations asked (the block holding it counts as one) and that block is still on the
 * chain, or the time allowed runs out. A receipt that never comes while the sender's nonce moved
 * past it means another transaction took its place. Nothing here sends anything: on a timeout
 * the transaction may still be mined, and the next run sees it (docs/names/ens.md#waiting).
 */



async function receiptOf(client, hash) {
    try {
        return await client.getTransactionReceipt({ hash });
    }
    catch (err) {
        if (err instanceof transaction/* TransactionReceiptNotFoundError */.Kc)
            return undefined;
        throw err;
    }
}
async function waitForConfirmations(client, tx, opts, deps) {
    const clock = deps.clock ?? http_deadline/* systemClock */.ml;
    const pollMs = deps.pollMs ?? 4000;
    const deadline = clock.now() + opts.waitMs;
    for (;;) {
        const receipt = await receiptOf(client, tx.hash);
        if (receipt !== undefined) {
            if (receipt.status === 'reverted')
                throw new EnsError('reverted', tx.name, `ENS name ${tx.name}: the transaction ${tx.hash} was mined in block ${receipt.blockNumber} and reverted (the name's owner or resolver changed after the simulation). Nothing changed; check who may write the name and deploy again.`, { hash: tx.hash });
            const head = await client.getBlockNumber();
            if (head - receipt.blockNumber + 1n >= BigInt(opts.confirmations)) {
                // The block that holds it must still be on the chain (a reorg drops or moves it).
                const block = await client.getBlock({ blockNumber: receipt.blockNumber });
                if (block.hash === receipt.blockHash)
                    return receipt;
            }
        }
        else if ((await client.getTransactionCount({ address: tx.from, blockTag: 'latest' })) > tx.nonce) {
            // The nonce was used: by this transaction (its receipt just arrived) or by another one.
            const late = await receiptOf(client, tx.hash);
            if (late === undefined)
                throw new EnsError('replaced', tx.name, `ENS name ${tx.name}: the transaction ${tx.hash} was replaced: another transaction from ${tx.from} with nonce ${tx.nonce} was mined instead. Check the record and deploy again if needed.`, { hash: tx.hash });
            continue;
        }
        if (clock.now() + pollMs > deadline)
            throw new EnsError('timeout', tx.name, `ENS name ${tx.name}: the transaction ${tx.hash} was sent but had not ${receipt === undefined ? 'been mined' : `reached ${opts.confirmations} confirmations`} within ${(0,http_deadline/* formatLimit */.tW)(opts.waitMs)}. It may still be mined: follow it by its hash. A new run sends nothing while it is pending, and nothing once the record holds the value.`, { hash: tx.hash });
        await clock.sleep(pollMs, deps.signal);
    }
}

;// CONCATENATED MODULE: ./src/ens/send.ts
/**
 * Sets a name's contenthash with a deployer key (docs/names/ens.md#key): the key of the name's
 * owner, of its wrapped owner, or of an address the owner approved on the resolver. In order,
 * every check before the one write: the record already holds the value (nothing to do); the
 * write simulated from the signer (a refusal explained, naming the name and the signer); no
 * transaction of the signer's in flight; fees within the cap and a balance that pays for them.
 * Then one signed transaction, its hash logged before it is sent, the confirmations waited for,
 * and the record read back.
 */










/** Gas asked above the node's estimate: unused gas is not paid for. */
const GAS_MARGIN_PERCENT = 110n;
/**
 * EIP-1559 fees: the tip the node suggests, and a fee cap of twice the base fee plus the tip
 * (room for six full blocks of rising fees), never above `cap`. Over the cap only when the base
 * fee alone reaches it: then the tip is cut to fit first.
 */
async function feesFor(client, name, gas, cap) {
    const block = await client.getBlock({ blockTag: 'latest' });
    const base = block.baseFeePerGas ?? (await client.getGasPrice());
    let tip = await client.estimateMaxPriorityFeePerGas();
    let max = 2n * base + tip;
    if (cap !== undefined) {
        if (base >= cap)
            throw new EnsError('fee-cap', name, `ENS name ${name}: the network's base fee is ${(0,formatGwei/* formatGwei */.Q)(base)} gwei now, at or above the cap of ${(0,formatGwei/* formatGwei */.Q)(cap)} gwei per gas, so nothing was sent. Deploy again when fees fall, or raise the cap (about ${(0,formatEther/* formatEther */.c)(gas * (base + tip))} ETH for this write now).`);
        if (base + tip > cap)
            tip = cap - base;
        if (max > cap)
            max = cap;
    }
    return { gas, maxFeePerGas: max, maxPriorityFeePerGas: tip };
}
/**
 * The write simulated from `signer` (the resolver's own rule; a refusal explained, naming the
 * name, the signer and its owner). The check before the upload calls it too (src/ens/preflight.ts).
 */
async function mayWrite(client, at, signer, data) {
    try {
        await client.call({ account: signer, to: at.resolver, data });
    }
    catch (err) {
        if (isRevert(err))
            throw await notAuthorised(client, at, { address: signer, what: 'the signer' });
        throw err;
    }
}
/** The write's gas and fees within the cap, and a balance that pays for them at the cap. */
async function canPay(client, at, signer, data, cap) {
    const estimate = await client.estimateGas({ account: signer, to: at.resolver, data });
    const fees = await feesFor(client, at.name, (estimate * GAS_MARGIN_PERCENT) / 100n, cap);
    const balance = await client.getBalance({ address: signer });
    const need = fees.gas * fees.maxFeePerGas;
    if (balance < need)
        throw new EnsError('insufficient-funds', at.name, `ENS name ${at.name}: the signer ${signer} has ${(0,formatEther/* formatEther */.c)(balance)} ETH; this write may cost up to ${(0,formatEther/* formatEther */.c)(need)} ETH (${fees.gas} gas at up to ${(0,formatGwei/* formatGwei */.Q)(fees.maxFeePerGas)} gwei), so nothing was sent. Fund ${signer}.`);
    return fees;
}
async function setContenthash(opts, deps) {
    const value = contenthashOf(opts.value, opts.inputs?.value);
    const account = keyAccount(opts.privateKey, deps.setSecret, opts.inputs?.key ?? 'ens-private-key');
    const confirmations = confirmationsInput(opts.confirmations);
    const { rpc, ens, state } = await openTarget(opts, deps);
    const { client } = rpc;
    const signer = account.address;
    const base = { ...state, signer, contenthash: value.hex, value: value.uri };
    if (sameContenthash(state.current.hex, value.hex)) {
        deps.log?.(`ENS name ${ens.name} already points to ${value.uri}: nothing to send.`);
        return { ...base, status: 'unchanged' };
    }
    let stage = 'checking the write';
    let sent;
    try {
        await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked);
        const data = (0,encodeFunctionData/* encodeFunctionData */.p)({
            abi: RESOLVER_ABI,
            functionName: 'setContenthash',
            args: [ens.node, value.hex],
        });
        const at = {
            name: ens.name,
            node: ens.node,
            resolver: state.resolver,
            registry: opts.chain.registry,
        };
        await mayWrite(client, at, signer, data);
        const [nonce, pending] = await Promise.all([
            client.getTransactionCount({ address: signer, blockTag: 'latest' }),
            client.getTransactionCount({ address: signer, blockTag: 'pending' }),
        ]);
        if (pending > nonce)
            throw new EnsError('pending-transaction', ens.name, `ENS name ${ens.name}: the signer ${signer} has ${pending - nonce} transaction(s) in flight (nonces ${nonce} to ${pending - 1}), perhaps from an earlier run, so nothing was sent: another one would wait behind them. Deploy again once they are mined or dropped.`);
        const fees = await canPay(client, at, signer, data, opts.maxFeePerGas);
        if (opts.dryRun === true) {
            deps.log?.(`ENS name ${ens.name}: dry run: ${signer} may set ${value.uri}; nothing sent.`);
            return { ...base, status: 'simulated', fees };
        }
        stage = 'sending the transaction';
        const raw = await account.signTransaction({
            chainId: opts.chain.id,
            type: 'eip1559',
            to: state.resolver,
            data,
            nonce,
            value: 0n,
            ...fees,
        });
        const hash = (0,keccak256/* keccak256 */.S)(raw);
        deps.log?.(`ENS name ${ens.name}: sending ${hash} from ${signer} (nonce ${nonce}) to set ${value.uri}.`);
        sent = hash;
        await rpc.sendRaw(raw);
        stage = `waiting for ${hash}`;
        const receipt = await waitForConfirmations(client, { hash, from: signer, nonce, name: ens.name }, { confirmations, waitMs: opts.waitMs ?? 300_000 }, deps);
        stage = 'reading the record back';
        const now = await client.readContract({
            address: state.resolver,
            abi: RESOLVER_ABI,
            functionName: 'contenthash',
            args: [ens.node],
        });
        if (!sameContenthash(now, value.hex))
            throw new EnsError('not-applied', ens.name, `ENS name ${ens.name}: ${hash} was mined, but the record now reads ${decodeContenthash(now).uri ?? now}, not ${value.uri}: something else wrote it since.`, { hash });
        deps.log?.(`ENS name ${ens.name} points to ${value.uri} (block ${receipt.blockNumber}, ${hash}).`);
        return {
            ...base,
            status: 'set',
            txHash: hash,
            blockNumber: receipt.blockNumber,
            fees,
            gasUsed: receipt.gasUsed,
            previous: state.current,
        };
    }
    catch (err) {
        throw rpcFailure(err, ens.name, stage, deps.redact, sent);
    }
}

;// CONCATENATED MODULE: ./src/ens/checked.ts
function ensChecked() {
    return { chains: new Set(), resolvers: new Set(), safes: new Map(), expiry: new Set() };
}

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
;// CONCATENATED MODULE: ./src/ens/report.ts
/**
 * The ENS results as users see them (docs/names/ens.md#outputs): the step's outputs and the
 * summary's table, from each name's result. No viem here: the run's views import this without
 * loading the ENS module (src/names/ens.ts loads it only when `ens-name` is set).
 */

function byName(results, pick) {
    const got = results.flatMap((r) => {
        const v = pick(r);
        return v !== undefined ? [[r.name, v]] : [];
    });
    if (got.length === 0)
        return '';
    if (results.length === 1)
        return got[0]?.[1] ?? '';
    return JSON.stringify(Object.fromEntries(got));
}
const WORDS = {
    set: 'set',
    unchanged: 'already pointed there',
    simulated: 'dry run: simulated, nothing sent',
    proposed: 'proposed to the Safe',
    'already-proposed': 'already proposed to the Safe',
    failed: 'failed',
};
function ensReport(results) {
    const outputs = {
        'ens-contenthash': byName(results, (r) => r.contenthash),
        'ens-tx-hash': byName(results, (r) => r.txHash),
        'ens-safe-tx-hash': byName(results, (r) => r.safeTxHash),
        'ens-safe-url': byName(results, (r) => r.safeUrl),
        'ens-urls': results.flatMap((r) => r.gatewayUrls).join('\n'),
    };
    const lines = [
        '### ENS',
        '',
        (0,src_text/* mdRow */.cT)(['name', 'value', 'before', 'what happened']),
        '| --- | --- | --- | --- |',
    ];
    for (const r of results) {
        const what = [WORDS[r.status]];
        if (r.txHash !== undefined)
            what.push(`transaction ${(0,src_text/* mdCode */.xs)(r.txHash)}`);
        if (r.safeTxHash !== undefined)
            what.push(`safeTxHash ${(0,src_text/* mdCode */.xs)(r.safeTxHash)}`);
        if (r.confirmationsNeeded !== undefined && r.status !== 'simulated')
            what.push(`${r.confirmationsNeeded} owner confirmation${r.confirmationsNeeded === 1 ? '' : 's'} still needed`);
        if (r.safeUrl !== undefined && /^https:\/\//.test(r.safeUrl))
            what.push(`[open in the Safe app](<${r.safeUrl.replace(/[<>\s]/g, '')}>)`);
        if (r.failure !== undefined)
            what.push((0,src_text/* mdCode */.xs)(r.failure.message.slice(0, 300)));
        const link = r.gatewayUrls[0];
        lines.push((0,src_text/* mdRow */.cT)([
            link !== undefined ? `[${(0,src_text/* mdCode */.xs)(r.name)}](<${link}>)` : (0,src_text/* mdCode */.xs)(r.name),
            (0,src_text/* mdCode */.xs)(r.value),
            (0,src_text/* mdCode */.xs)(r.previous ?? ''),
            what.join(' · '),
        ]));
    }
    return {
        outputs,
        summary: `${lines.join('\n')}\n`,
        // The module's messages start with the name already (src/ens/errors.ts); others get it.
        failures: results.flatMap((r) => r.failure === undefined
            ? []
            : r.failure.message.startsWith(`ENS name ${r.name}`)
                ? [r.failure.message]
                : [`ENS name ${r.name}: ${r.failure.message}`]),
    };
}

;// CONCATENATED MODULE: ./src/ens/kind.ts
/**
 * ENS contenthash as a name kind (docs/names/ens.md#wiring-notes): what the run's name step
 * calls, on the options `parseEnsOptions` read. Three calls, one per moment of a run:
 * - `ensTargets`: what each name points to now: the CIDs cleanup must keep (in the `{cids,
 *   error}` form cleanup's `names` callback takes) and the live CIDs a rollback counts from;
 * - `ensPublish`: point every name at `ipfs://<cid>` (or `ipns://<name>`): with the key, or as a
 *   proposal to the Safe; a dry run checks and simulates only. One name failing does not stop
 *   the others; each result says what happened;
 * - `ensReport`: the step outputs and the summary lines, from the results;
 * - `ensPreflight`: before the content is built or uploaded, the read-only part of the write's
 *   checks, so that a misconfigured name fails the run before any upload
 *   (docs/names/ens.md#preflight).
 * The run asks its "what may change" decision before `ensPublish` (never on a pull request).
 */














/** Reads every name's record from its own resolver (any form a record holds: v0, v1, IPNS). */
async function ensTargets(opts, deps) {
    const cids = [];
    const names = [];
    const failed = [];
    for (const name of opts.names) {
        try {
            const { state } = await openTarget({ name, chain: opts.chain, rpcUrl: opts.rpcUrl }, deps);
            const cur = state.current;
            names.push({ name, ...(cur.uri !== undefined ? { uri: cur.uri } : {}) });
            // An IPNS record protects through the IPNS name's own target, not here.
            if (cur.protocol === 'ipfs' && cur.cid !== undefined)
                cids.push({ cid: (0,src_cid_0/* cidKey */.eT)(cur.cid.toString()), reason: `the ENS name ${name} points to it` });
        }
        catch (err) {
            failed.push(`the ENS name ${name} could not be read: ${deps.redact((0,errors/* errorMessage */.gJ)(err))}`);
        }
    }
    return { cids, names, ...(failed.length > 0 ? { error: failed.join('; ') } : {}) };
}
/**
 * One name's result, from what the key's write or the Safe proposal returned: `previous` is the
 * record before (a write's `previous`, else the record read); a Safe proposal says how many
 * confirmations the owners still owe (an owner's signature counts as one, unless only simulated).
 */
function nameResult(r) {
    const before = r.status === 'set' ? r.previous : r.current;
    const common = {
        name: r.name,
        value: r.value,
        contenthash: r.contenthash,
        signer: r.signer,
        gatewayUrls: r.gatewayUrls,
        ...(before.uri !== undefined ? { previous: before.uri } : {}),
    };
    if (r.status === 'set')
        return { ...common, status: 'set', txHash: r.txHash, blockNumber: r.blockNumber.toString() };
    if (!('safeTxHash' in r))
        return { ...common, status: r.status };
    const url = r.txUrl ?? r.queueUrl;
    return {
        ...common,
        status: r.status,
        safeTxHash: r.safeTxHash,
        ...(url !== undefined ? { safeUrl: url } : {}),
        confirmationsNeeded: Math.max(0, r.threshold - (r.signerRole === 'owner' && r.status !== 'simulated' ? 1 : 0)),
    };
}
/** Points every name at `value` (`ipfs://<cid>`, a bare CID, or `ipns://<name>`). */
async function ensPublish(opts, value, deps, run) {
    const out = [];
    const s = opts.signer;
    for (const name of opts.names) {
        const base = { name, chain: opts.chain, rpcUrl: opts.rpcUrl, value, dryRun: run.dryRun };
        try {
            const r = s.kind === 'key'
                ? await setContenthash({
                    ...base,
                    privateKey: s.privateKey,
                    confirmations: s.confirmations,
                    waitMs: s.waitMs,
                    ...(s.maxFeePerGas !== undefined ? { maxFeePerGas: s.maxFeePerGas } : {}),
                }, deps)
                : await proposeContenthash({
                    ...base,
                    safe: s.safe,
                    signerKey: s.signerKey,
                    ...(s.safeApiKey !== undefined ? { safeApiKey: s.safeApiKey } : {}),
                    ...(s.safeNonce !== undefined ? { safeNonce: s.safeNonce } : {}),
                    ...(run.origin !== undefined ? { origin: run.origin } : {}),
                }, deps);
            out.push(nameResult(r));
        }
        catch (err) {
            const message = deps.redact((0,errors/* errorMessage */.gJ)(err));
            out.push({
                name,
                value,
                status: 'failed',
                gatewayUrls: [],
                failure: {
                    reason: err instanceof EnsError ? err.reason : 'error',
                    message,
                    ...(err instanceof EnsError && err.hash !== undefined ? { hash: err.hash } : {}),
                },
            });
        }
    }
    return out;
}
/**
 * A stand-in record for the simulated write before the content exists: a CIDv1 (dag-pb, sha-256)
 * of the shape a deploy writes, so the gas estimated for it is the real write's. Any value does
 * for the resolver's rule (it decides by who writes, not what).
 */
const STAND_IN = 'ipfs://bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354';
/** The inputs to fix for a failure of the check, by its reason. */
function inputsFor(opts, err) {
    const safe = opts.signer.kind === 'safe';
    const reason = err instanceof EnsError ? err.reason : 'error';
    const list = reason === 'not-authorised' || reason === 'expired'
        ? safe
            ? ['ens-safe', 'ens-private-key', 'ens-name']
            : ['ens-private-key', 'ens-name']
        : reason === 'no-resolver' || reason === 'unsupported-resolver'
            ? ['ens-name']
            : reason === 'wrong-chain'
                ? ['ens-rpc-url', 'ens-chain']
                : reason === 'fee-cap' || reason === 'insufficient-funds'
                    ? ['ens-max-fee-per-gas']
                    : reason === 'safe'
                        ? ['ens-safe', 'ens-safe-service-url', 'ens-safe-api-key']
                        : ['ens-rpc-url'];
    return list.map((i) => `"${i}"`).join(', ');
}
/**
 * The read-only part of every check a write makes, for each name, before the content is built
 * or uploaded: the RPC on the chain, the name's own resolver holding contenthash records, the
 * signer allowed to write (the key simulated; or the key an owner or delegate of the Safe, and
 * the Safe simulated), and, with a key, the fee cap and a balance that pays for the write. No
 * transaction is signed and nothing is proposed. What it read stays in `deps.checked` for the
 * names step; what can change meanwhile (the record, the nonces, the Safe's queue, the fees)
 * the names step reads again. Throws the first failure, naming the name, the signer and the
 * inputs to fix; RPC faults are retried by the one policy first (src/ens/rpc.ts).
 */
async function ensPreflight(opts, deps) {
    const s = opts.signer;
    const account = keyAccount(s.kind === 'key' ? s.privateKey : s.signerKey, deps.setSecret, 'ens-private-key');
    const signer = account.address;
    const service = s.kind === 'safe' && opts.chain.safeService !== undefined
        ? safeService(opts.chain.safeService, s.safeApiKey, deps)
        : undefined;
    const out = [];
    for (const name of opts.names) {
        let ensName = name;
        try {
            const { rpc, ens, state } = await openTarget({ name, chain: opts.chain, rpcUrl: opts.rpcUrl }, deps);
            ensName = ens.name;
            const { client } = rpc;
            const at = { ...ens, resolver: state.resolver, registry: opts.chain.registry };
            const data = (0,encodeFunctionData/* encodeFunctionData */.p)({
                abi: RESOLVER_ABI,
                functionName: 'setContenthash',
                args: [ens.node, contenthashOf(STAND_IN).hex],
            });
            if (s.kind === 'key') {
                await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked);
                await mayWrite(client, at, signer, data);
                await canPay(client, at, signer, data, s.maxFeePerGas);
                out.push({ name: ens.name, writer: signer, signer, resolver: state.resolver });
            }
            else {
                if (service === undefined)
                    throw new errors/* InputError */.dz('ens-safe-service-url', `Input "ens-safe-service-url" is needed: ENS on ${opts.chain.label} has no Safe Transaction Service known here.`);
                const standing = await safeStanding(client, service, { safe: s.safe, signer, name: ens.name, chain: opts.chain.label }, deps.checked);
                await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked);
                await safeMayWrite(client, at, s.safe, data);
                out.push({
                    name: ens.name,
                    writer: s.safe,
                    signer,
                    resolver: state.resolver,
                    role: standing.role,
                });
            }
        }
        catch (err) {
            const e = rpcFailure(err, ensName, 'checking the ENS setup', deps.redact);
            if (!(e instanceof EnsError))
                throw e;
            const who = s.kind === 'safe' ? `the signer ${signer} for the Safe ${s.safe}` : `the signer ${signer}`;
            throw new EnsError(e.reason, ensName, `${deps.redact(e.message)} (Checked before the upload, for ${who}: nothing was uploaded.) ${e.reason === 'rpc' || e.reason === 'safe' ? 'Check' : 'Fix'} input ${inputsFor(opts, e)}, then run again.`, { cause: err });
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/inputs/action-spec.generated.ts
var action_spec_generated = __webpack_require__(4984);
// EXTERNAL MODULE: ./src/ens/input-names.ts
var input_names = __webpack_require__(9533);
;// CONCATENATED MODULE: ./src/ens/options.ts







const DEFAULTS = new Map(action_spec_generated/* ACTION_INPUTS */.bn.map((i) => [i.name, String(i.default).trim()]));
/** Names one run may set at most (each is a transaction or a proposal). */
const MAX_ENS_NAMES = 10;
/** `ens-wait-timeout`: default, and the range allowed. */
const WAIT_DEFAULT_MS = 5 * 60_000;
const WAIT_MIN_MS = 10_000;
const WAIT_MAX_MS = 60 * 60_000;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
function waitInput(raw, input) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(raw.trim());
    const ms = m !== null ? Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000) : NaN;
    if (!(ms >= WAIT_MIN_MS && ms <= WAIT_MAX_MS))
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(raw)}, which is not allowed. Allowed: a duration from 10s to 1h, such as "300", "90s" or "5m" (a bare number is seconds).`);
    return Math.round(ms);
}
function wholeNumber(raw, input, allowed) {
    const v = raw.trim();
    if (!/^\d{1,15}$/.test(v))
        throw new errors/* InputError */.dz(input, `Input "${input}" has ${(0,errors/* quote */.hD)(raw)}, which is not allowed. Allowed: ${allowed}.`);
    return Number(v);
}
function urlInput(raw, input, secret) {
    const v = raw.trim();
    let ok = false;
    try {
        const u = new URL(v);
        ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
    }
    catch {
        ok = false;
    }
    if (!ok)
        throw new errors/* InputError */.dz(input, secret
            ? `Input "${input}" is not an http(s) URL (its value is a secret, not shown). Allowed: the https URL of an Ethereum JSON-RPC endpoint of the chain.`
            : `Input "${input}" has ${(0,errors/* quote */.hD)(raw)}, which is not an http(s) URL.`);
    return v;
}
/**
 * The ENS options, or undefined when `ens-name` is empty (ENS off; other ENS inputs are then
 * ignored). `setSecret` is called for every secret value first.
 */
function parseEnsOptions(raw, setSecret) {
    const get = (k) => (raw[k] ?? '').trim();
    for (const k of input_names/* ENS_SECRET_INPUTS */.K) {
        const v = raw[k];
        if (v !== undefined && v.trim() !== '') {
            setSecret(v);
            if (v.trim() !== v)
                setSecret(v.trim());
        }
    }
    const lines = get('ens-name')
        .split(/\r?\n|,/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
    if (lines.length === 0)
        return undefined;
    const names = [...new Set(lines.map((l) => ensName(l, 'ens-name').name))];
    if (names.length > MAX_ENS_NAMES)
        throw new errors/* InputError */.dz('ens-name', `Input "ens-name" lists ${names.length} names, more than ${MAX_ENS_NAMES} (each is one transaction or proposal per deploy). Allowed: 1 to ${MAX_ENS_NAMES} names, one per line.`);
    const need = (k, what) => {
        const v = get(k);
        if (v === '')
            throw new errors/* InputError */.dz(k, `Input "${k}" is required with "ens-name": ${what}.`);
        return v;
    };
    const rpcUrl = urlInput(need('ens-rpc-url', 'the URL of an Ethereum JSON-RPC endpoint (a secret)'), 'ens-rpc-url', true);
    const chain = ensChain(get('ens-chain') || 'mainnet', {
        registry: get('ens-registry'),
        ...(get('ens-safe-service-url') !== ''
            ? { safeService: urlInput(get('ens-safe-service-url'), 'ens-safe-service-url', false) }
            : {}),
    });
    const key = need('ens-private-key', get('ens-safe') !== ''
        ? "the key of one of the Safe's owners, or of a delegate registered with the Safe Transaction Service (a secret)"
        : 'the deployer key: the name owner, or an address the owner approved on the resolver (a secret)');
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key))
        throw new errors/* InputError */.dz('ens-private-key', 'Input "ens-private-key" is not a private key: it must be 64 hex digits, with or without 0x (its value is a secret, not shown).');
    const set = (k) => get(k) !== '';
    // Set to something else than its default (the runner and the CLI fill defaults in): only such
    // an input is worth the notice that it does nothing with this signer.
    const changed = (k) => set(k) && get(k) !== DEFAULTS.get(k);
    let signer;
    let unused;
    if (set('ens-safe')) {
        // `eth:0x…` (EIP-3770, as the Safe app writes it) names the chain: it must be this one.
        const prefix = /^([a-z][a-z0-9-]{0,15}):(?=0x)/i.exec(get('ens-safe'))?.[1]?.toLowerCase();
        if (prefix !== undefined && chain.safeShortName !== undefined && prefix !== chain.safeShortName)
            throw new errors/* InputError */.dz('ens-safe', `Input "ens-safe" has ${(0,errors/* quote */.hD)(get('ens-safe'))}, a Safe on the chain "${prefix}" (EIP-3770 prefix), but "ens-chain" is ${chain.label}. Allowed: the Safe's address, alone or as "${chain.safeShortName}:0x…".`);
        const nonce = set('ens-safe-nonce')
            ? safeNonceInput(wholeNumber(get('ens-safe-nonce'), 'ens-safe-nonce', 'a whole number, 0 or more'))
            : undefined;
        signer = {
            kind: 'safe',
            safe: addressInput(get('ens-safe'), 'ens-safe'),
            signerKey: key,
            ...(set('ens-safe-api-key') ? { safeApiKey: get('ens-safe-api-key') } : {}),
            ...(nonce !== undefined ? { safeNonce: nonce } : {}),
        };
        unused = ['ens-confirmations', 'ens-max-fee-per-gas', 'ens-wait-timeout'].filter(changed);
    }
    else {
        const fee = feeCapInput(get('ens-max-fee-per-gas'));
        signer = {
            kind: 'key',
            privateKey: key,
            confirmations: confirmationsInput(set('ens-confirmations')
                ? wholeNumber(get('ens-confirmations'), 'ens-confirmations', 'a whole number of blocks from 1 to 64')
                : undefined),
            ...(fee !== undefined ? { maxFeePerGas: fee } : {}),
            waitMs: set('ens-wait-timeout')
                ? waitInput(get('ens-wait-timeout'), 'ens-wait-timeout')
                : WAIT_DEFAULT_MS,
        };
        unused = ['ens-safe-api-key', 'ens-safe-service-url', 'ens-safe-nonce'].filter(changed);
    }
    return { names, chain, rpcUrl, signer, unused };
}

;// CONCATENATED MODULE: ./src/ens/index.ts
/**
 * ENS contenthash as a name publisher (docs/names/ens.md): read a name's record, set it with a
 * deployer key, or propose the change to the Safe that owns the name. The run's name step calls
 * these; nothing here reads action inputs or writes outputs.
 */











/** The name's own resolver and the record it holds (for a summary, or cleanup protection). */
async function readContenthash(target, deps) {
    return (await openTarget(target, deps)).state;
}


/***/ })

};
