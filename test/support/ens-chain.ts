/**
 * ENS and a Safe on a local anvil, deployed from committed bytecode: the ENS registry, the .eth
 * registrar, the reverse registrar, the NameWrapper and the PublicResolver
 * (test/fixtures/ens/README.md: the last four are mainnet's creation bytecode), and Safe 1.5.0
 * from `@safe-global/safe-smart-account`. Mining is off: `send` mines the block that holds a
 * transaction, and `miningClock` mines one each time the code under test waits, as a chain
 * produces blocks while time passes. Names:
 * - `site.eth`: unwrapped, owned by `alice`; `preview.site.eth` has no resolver of its own;
 * - `wrapped.eth`: wrapped (NameWrapper), owned by `bob`;
 * - `team.eth`: owned by `alice`, who approved `carol` on the resolver for this name only;
 * - `odd.eth`: owned by `alice`, its "resolver" a contract that is not one (the registry);
 * - `dao.eth`: owned by a 2-of-2 Safe of `owner1` and `owner2`.
 * The chain id is the node's (anvil's 31337, or what `--chain-id` gave it: 1 stands in for
 * mainnet, with the registry given as an input).
 */
import { readFileSync } from 'node:fs'
import {
  concat,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeEventLog,
  defineChain,
  encodeFunctionData,
  getAddress,
  http,
  parseAbi,
  zeroAddress,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem'
import { mnemonicToAccount, type HDAccount } from 'viem/accounts'
import { labelhash, namehash } from 'viem/ens'
import type { FakeClock } from './clock.js'
import { fakeClock } from './clock.js'

interface Artifact {
  abi: Abi
  bytecode: Hex
}

const fixture = (name: string): Artifact =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/ens/${name}.json`, import.meta.url), 'utf8'),
  ) as Artifact
const SAFE_BUILD = new URL(
  '../../node_modules/@safe-global/safe-smart-account/build/artifacts/contracts/',
  import.meta.url,
)
const safeArtifact = (file: string, name: string): Artifact =>
  JSON.parse(readFileSync(new URL(`${file}/${name}.json`, SAFE_BUILD), 'utf8')) as Artifact

const MNEMONIC = 'test test test test test test test test test test test junk'
const account = (i: number): HDAccount => mnemonicToAccount(MNEMONIC, { addressIndex: i })
/** The dev accounts' keys, as a user would paste them. */
export const keyOf = (a: HDAccount): Hex =>
  `0x${Buffer.from(a.getHdKey().privateKey ?? []).toString('hex')}`

export const ACCOUNTS = {
  deployer: account(0),
  alice: account(1),
  bob: account(2),
  carol: account(3),
  mallory: account(4),
  owner1: account(5),
  owner2: account(6),
  /** Registered with the Safe service double as a delegate of owner1. */
  delegate: account(7),
}

export const ENS_ABI = parseAbi([
  'function setSubnodeOwner(bytes32 node, bytes32 label, address owner) returns (bytes32)',
  'function setResolver(bytes32 node, address resolver)',
  'function setOwner(bytes32 node, address owner)',
  'function owner(bytes32 node) view returns (address)',
])
export const RESOLVER_ABI = parseAbi([
  'function approve(bytes32 node, address delegate, bool approved)',
  'function setApprovalForAll(address operator, bool approved)',
  'function contenthash(bytes32 node) view returns (bytes)',
  'function setContenthash(bytes32 node, bytes hash)',
])
const REGISTRAR_ABI = parseAbi([
  'function addController(address controller)',
  'function register(uint256 id, address owner, uint256 duration) returns (uint256)',
  'function setApprovalForAll(address operator, bool approved)',
])
const WRAPPER_ABI = parseAbi([
  'function wrapETH2LD(string label, address wrappedOwner, uint16 ownerControlledFuses, address resolver) returns (uint64)',
])
export const SAFE_ABI = parseAbi([
  'function setup(address[] _owners, uint256 _threshold, address to, bytes data, address fallbackHandler, address paymentToken, uint256 payment, address paymentReceiver)',
  'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool)',
  'function nonce() view returns (uint256)',
  'function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)',
  'function getOwners() view returns (address[])',
  'event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)',
])
const FACTORY_ABI = parseAbi([
  'function createProxyWithNonce(address _singleton, bytes initializer, uint256 saltNonce) returns (address)',
  'event ProxyCreation(address indexed proxy, address singleton)',
])

export interface EnsWorld {
  readonly url: string
  readonly chainId: number
  readonly pub: PublicClient
  readonly registry: Address
  readonly resolver: Address
  readonly nameWrapper: Address
  readonly safe: Address
  /**
   * Executes a Safe transaction as its owners do in the Safe app: the confirmations it has (an
   * owner's proposal carries one), plus a signature by each of `signers`, sorted by owner, then
   * `execTransaction` sent by the deployer. Fails the test if it reverts.
   */
  execute(
    tx: {
      readonly to: Address
      readonly data: Hex
      readonly safeTxHash: Hash
      readonly confirmations: ReadonlyArray<{ readonly owner: Address; readonly signature: Hex }>
    },
    signers: readonly HDAccount[],
  ): Promise<Hash>
  /** Sends a transaction from `from`, mines it, and fails the test if it reverted. */
  send(
    from: HDAccount,
    to: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ): Promise<Hash>
  /** Calls an anvil or standard method. */
  rpc(method: string, params?: unknown[]): Promise<unknown>
  mine(blocks?: number): Promise<void>
  /** A driven clock whose every wait mines a block (or, with `mining: false`, only moves time). */
  miningClock(opts?: { mining?: boolean }): FakeClock
  /** Saves the chain's state; `revert` goes back to it (each test starts from the same chain). */
  snapshot(): Promise<() => Promise<void>>
  contenthash(name: string): Promise<Hex>
}

const YEAR = 365n * 86_400n

export async function deployEns(url: string): Promise<EnsWorld> {
  const chainId = await createPublicClient({ transport: http(url, { retryCount: 0 }) }).getChainId()
  const chain = defineChain({
    id: chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  })
  const transport = http(url, { retryCount: 0 })
  const pub = createPublicClient({ chain, transport, cacheTime: 0 }) as PublicClient
  const test = createTestClient({ chain, transport, mode: 'anvil' })
  const rpc = (method: string, params: unknown[] = []): Promise<unknown> =>
    pub.request({ method: method as never, params: params as never })
  const mine = async (blocks = 1): Promise<void> => {
    await test.mine({ blocks })
  }
  const receipt = async (hash: Hash) => {
    await mine()
    const r = await pub.getTransactionReceipt({ hash })
    if (r.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return r
  }
  const wallet = (from: HDAccount) => createWalletClient({ account: from, chain, transport })
  const deploy = async (artifact: Artifact, args: readonly unknown[] = []): Promise<Address> => {
    const hash = await wallet(ACCOUNTS.deployer).deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args,
    })
    const r = await receipt(hash)
    if (r.contractAddress == null) throw new Error('no contract deployed')
    return getAddress(r.contractAddress)
  }
  const send: EnsWorld['send'] = async (from, to, abi, functionName, args) => {
    const data = encodeFunctionData({ abi, functionName, args })
    const hash = await wallet(from).sendTransaction({ to, data })
    await receipt(hash)
    return hash
  }
  const { deployer, alice, bob, owner1, owner2 } = ACCOUNTS
  const root = '0x0000000000000000000000000000000000000000000000000000000000000000'

  const registry = await deploy(fixture('ENSRegistry'))
  const reverse = await deploy(fixture('ReverseRegistrar'), [registry])
  // The wrapper's and resolver's constructors claim their reverse records: addr.reverse first.
  await send(deployer, registry, ENS_ABI, 'setSubnodeOwner', [
    root,
    labelhash('reverse'),
    deployer.address,
  ])
  await send(deployer, registry, ENS_ABI, 'setSubnodeOwner', [
    namehash('reverse'),
    labelhash('addr'),
    reverse,
  ])
  const registrar = await deploy(fixture('BaseRegistrarImplementation'), [
    registry,
    namehash('eth'),
  ])
  await send(deployer, registry, ENS_ABI, 'setSubnodeOwner', [root, labelhash('eth'), registrar])
  await send(deployer, registrar, REGISTRAR_ABI, 'addController', [deployer.address])
  const metadata = await deploy(fixture('StaticMetadataService'), ['http://127.0.0.1/{id}'])
  const nameWrapper = await deploy(fixture('NameWrapper'), [registry, registrar, metadata])
  const resolver = await deploy(fixture('PublicResolver'), [
    registry,
    nameWrapper,
    zeroAddress,
    reverse,
  ])

  const register = async (
    label: string,
    owner: HDAccount,
    withResolver: Address | undefined,
  ): Promise<void> => {
    await send(deployer, registrar, REGISTRAR_ABI, 'register', [
      BigInt(labelhash(label)),
      owner.address,
      YEAR,
    ])
    if (withResolver !== undefined)
      await send(owner, registry, ENS_ABI, 'setResolver', [namehash(`${label}.eth`), withResolver])
  }
  await register('site', alice, resolver)
  await send(alice, registry, ENS_ABI, 'setSubnodeOwner', [
    namehash('site.eth'),
    labelhash('preview'),
    alice.address,
  ])
  await register('team', alice, resolver)
  await send(alice, resolver, RESOLVER_ABI, 'approve', [
    namehash('team.eth'),
    ACCOUNTS.carol.address,
    true,
  ])
  await register('odd', alice, registry)
  await register('wrapped', bob, undefined)
  await send(bob, registrar, REGISTRAR_ABI, 'setApprovalForAll', [nameWrapper, true])
  await send(bob, nameWrapper, WRAPPER_ABI, 'wrapETH2LD', ['wrapped', bob.address, 0, resolver])

  // A 2-of-2 Safe 1.5.0 that owns dao.eth.
  const singleton = await deploy(safeArtifact('SafeL2.sol', 'SafeL2'))
  const factory = await deploy(safeArtifact('proxies/SafeProxyFactory.sol', 'SafeProxyFactory'))
  const fallback = await deploy(
    safeArtifact('handler/CompatibilityFallbackHandler.sol', 'CompatibilityFallbackHandler'),
  )
  const setup = encodeFunctionData({
    abi: SAFE_ABI,
    functionName: 'setup',
    args: [
      [owner1.address, owner2.address],
      2n,
      zeroAddress,
      '0x',
      fallback,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  })
  const created = await send(deployer, factory, FACTORY_ABI, 'createProxyWithNonce', [
    singleton,
    setup,
    1n,
  ])
  const logs = (await pub.getTransactionReceipt({ hash: created })).logs
  let safe: Address | undefined
  for (const log of logs) {
    try {
      const ev = decodeEventLog({ abi: FACTORY_ABI, ...log })
      if (ev.eventName === 'ProxyCreation') safe = getAddress(ev.args.proxy)
    } catch {
      // another contract's event
    }
  }
  if (safe === undefined) throw new Error('no Safe created')
  const safeAddress: Address = safe
  await register('dao', deployer, resolver)
  await send(deployer, registry, ENS_ABI, 'setOwner', [namehash('dao.eth'), safe])

  return {
    url,
    chainId,
    pub,
    registry,
    resolver,
    nameWrapper,
    safe,
    async execute(tx, signers) {
      const sigs = [
        ...tx.confirmations,
        ...(await Promise.all(
          signers.map(async (s) => ({
            owner: s.address,
            signature: await s.sign({ hash: tx.safeTxHash }),
          })),
        )),
      ].sort((a, b) => (a.owner.toLowerCase() < b.owner.toLowerCase() ? -1 : 1))
      return send(deployer, safeAddress, SAFE_ABI, 'execTransaction', [
        tx.to,
        0n,
        tx.data,
        0,
        0n,
        0n,
        0n,
        zeroAddress,
        zeroAddress,
        concat(sigs.map((s) => s.signature)),
      ])
    },
    send,
    rpc,
    mine,
    miningClock(opts = {}) {
      const clock = fakeClock()
      const sleep = clock.sleep.bind(clock)
      return {
        ...clock,
        sleep: async (ms, signal) => {
          if (opts.mining !== false) await mine()
          await sleep(ms, signal)
        },
      }
    },
    async snapshot() {
      const id = (await rpc('evm_snapshot')) as string
      return async () => {
        if ((await rpc('evm_revert', [id])) !== true) throw new Error('evm_revert failed')
      }
    },
    contenthash: (name) =>
      pub.readContract({
        address: resolver,
        abi: RESOLVER_ABI,
        functionName: 'contenthash',
        args: [namehash(name)],
      }),
  }
}
