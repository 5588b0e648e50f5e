/**
 * The contract functions this module calls, as viem ABI fragments: no contract package is
 * imported. Each was checked against the contracts' source and their mainnet bytecode
 * (docs/names/ens.md#contracts; the tests deploy that bytecode).
 */
import { parseAbi } from 'viem'

/** ENS registry (ENSIP-1). */
export const REGISTRY_ABI = parseAbi([
  'function owner(bytes32 node) view returns (address)',
  'function resolver(bytes32 node) view returns (address)',
])

/** A resolver: ERC-165, ENSIP-7 contenthash, and the PublicResolver's approvals. */
export const RESOLVER_ABI = parseAbi([
  'function supportsInterface(bytes4 interfaceID) view returns (bool)',
  'function contenthash(bytes32 node) view returns (bytes)',
  'function setContenthash(bytes32 node, bytes hash)',
  'function isApprovedForAll(address account, address operator) view returns (bool)',
  'function isApprovedFor(address owner, bytes32 node, address delegate) view returns (bool)',
])

/** ENSIP-7's interface id: the selector of `contenthash(bytes32)`. */
export const CONTENTHASH_INTERFACE = '0xbc1c58d1'

/** NameWrapper: who owns a wrapped name, and until when. */
export const NAME_WRAPPER_ABI = parseAbi([
  'function ownerOf(uint256 id) view returns (address)',
  'function getData(uint256 id) view returns (address owner, uint32 fuses, uint64 expiry)',
])

/** The .eth registrar: when a second-level name expires. */
export const REGISTRAR_ABI = parseAbi(['function nameExpires(uint256 id) view returns (uint256)'])

/** Safe (1.3.0 and later): what a proposal needs to read. */
export const SAFE_ABI = parseAbi([
  'function VERSION() view returns (string)',
  'function nonce() view returns (uint256)',
  'function getThreshold() view returns (uint256)',
  'function getOwners() view returns (address[])',
  'function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)',
])
