/**
 * CID profiles: the import parameters that decide a UnixFS CID.
 *
 * Two profiles come from IPIP-499 "UnixFS CID Profiles" (ipfs/specs src/ipips/ipip-0499.md, kubo
 * config/profile.go): `unixfs-v1-2025` and `unixfs-v0-2015`. The third, `kubo-cid-v1`, is what
 * `ipfs add --cid-version=1` gives with kubo's default chunker and layout, which is also what
 * Pinata (`cidVersion: 1`) and IPFS Cluster (`cid-version=1`) compute server-side: we need it to
 * predict the CID those services report. See shared/cid-engine.md §1.
 */

/** Every parameter that changes a UnixFS CID, explicit so that no library default decides it. */
export interface ImportParams {
  /** CID version of dag-pb nodes (raw leaves are always CIDv1). */
  readonly cidVersion: 0 | 1
  /** Raw leaf blocks (`bafkrei…`) instead of UnixFS `file` leaves wrapped in dag-pb. */
  readonly rawLeaves: boolean
  /** Fixed chunker size, bytes. */
  readonly chunkSize: number
  /** Balanced layout width: most links per file node. */
  readonly maxLinks: number
  /** How a directory's size is estimated to decide HAMT sharding. */
  readonly hamtStrategy: 'links-bytes' | 'block-bytes'
  /** A directory becomes a HAMT when its estimate is greater than this (kubo ≥ 0.40 uses `>`). */
  readonly hamtThreshold: number
}

export const PROFILE_NAMES = ['unixfs-v1-2025', 'unixfs-v0-2015', 'kubo-cid-v1'] as const
export type ProfileName = (typeof PROFILE_NAMES)[number]

/** Other spellings accepted for a profile (kubo's own alias for the legacy profile). */
export const PROFILE_ALIASES: Readonly<Record<string, ProfileName>> = {
  'legacy-cid-v0': 'unixfs-v0-2015',
}

const KIB = 1024
const MIB = 1024 * KIB

export const PROFILES: Readonly<Record<ProfileName, ImportParams>> = {
  'unixfs-v1-2025': {
    cidVersion: 1,
    rawLeaves: true,
    chunkSize: MIB,
    maxLinks: 1024,
    hamtStrategy: 'block-bytes',
    hamtThreshold: 256 * KIB,
  },
  'unixfs-v0-2015': {
    cidVersion: 0,
    rawLeaves: false,
    chunkSize: 256 * KIB,
    maxLinks: 174,
    hamtStrategy: 'links-bytes',
    hamtThreshold: 256 * KIB,
  },
  'kubo-cid-v1': {
    cidVersion: 1,
    rawLeaves: true,
    chunkSize: 256 * KIB,
    maxLinks: 174,
    hamtStrategy: 'links-bytes',
    hamtThreshold: 256 * KIB,
  },
}

/**
 * Providers that build the DAG themselves from uploaded files (multipart), and the profiles
 * they can produce, the first being what `cid-profile: auto` picks. Pinata imports with kubo's
 * defaults and `cidVersion` 0 or 1 (shared/providers.md §2.2); AIOZ documents no options and
 * answers CIDv1 with raw leaves (§3.2), assumed to be kubo's 256 KiB chunker.
 */
export const SERVER_IMPORT: Readonly<Partial<Record<string, readonly ProfileName[]>>> = {
  pinata: ['kubo-cid-v1', 'unixfs-v0-2015'],
  aioz: ['kubo-cid-v1'],
}

/** One-line description of a profile, for logs and the summary. */
export function describeProfile(p: ImportParams): string {
  const chunk = p.chunkSize % MIB === 0 ? `${p.chunkSize / MIB} MiB` : `${p.chunkSize / KIB} KiB`
  return `CIDv${p.cidVersion}, ${p.rawLeaves ? 'raw' : 'dag-pb'} leaves, ${chunk} chunks, ${p.maxLinks} links per node, HAMT over ${p.hamtThreshold / KIB} KiB by ${p.hamtStrategy}`
}
