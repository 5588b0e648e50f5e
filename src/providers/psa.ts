/**
 * The Pinning Service API services, as provider descriptors: the client is written once
 * (psa-client.ts) and each service is a preset that says where it is and which input holds its
 * token (docs/providers/psa.md#presets).
 */
import type { InputName } from '../inputs/action-spec.generated.js'
import { InputError } from '../errors.js'
import type { ReadContext } from '../inputs/plugin.js'
import { createPsaProvider, type PsaConfig } from './psa-client.js'
import { bearer, need, needUrl, optionalAuth } from '../inputs/read.js'
import { defineProvider } from './types.js'

/** One service: its id, its inputs, and how it reads its endpoint and credentials. */
function psaPreset<const Id extends PsaConfig['id']>(p: {
  id: Id
  title: string
  inputs: readonly { name: InputName; secret?: boolean }[]
  credentials: readonly InputName[]
  read: (ctx: ReadContext) => Omit<PsaConfig, 'id'>
}) {
  return defineProvider({
    family: 'provider',
    id: p.id,
    title: p.title,
    docs: 'docs/providers/psa.md',
    inputs: p.inputs,
    credentials: p.credentials,
    traits: { kind: 'pin-only', keepsLabels: true },
    read: (ctx): PsaConfig & { id: Id } => ({ id: p.id, ...p.read(ctx) }),
    create: (options, deps) => createPsaProvider(options, deps),
  })
}

/** A preset at a fixed endpoint with a Bearer token from `token`. */
const hosted = <const Id extends PsaConfig['id']>(
  id: Id,
  title: string,
  endpoint: string,
  token: InputName,
) =>
  psaPreset({
    id,
    title,
    inputs: [{ name: token, secret: true }],
    credentials: [token],
    read: (ctx) => ({ endpoint, auth: bearer(ctx, need(ctx, token, `provider "${id}"`)) }),
  })

export const psaProviders = [
  psaPreset({
    id: 'psa',
    title: 'Any IPFS Pinning Service API endpoint (`psa-endpoint`)',
    inputs: [{ name: 'psa-endpoint' }, { name: 'psa-token', secret: true }],
    credentials: ['psa-token'],
    read: (ctx) => ({
      endpoint: needUrl(ctx, 'psa-endpoint', 'provider "psa"'),
      auth: bearer(ctx, need(ctx, 'psa-token', 'provider "psa"')),
    }),
  }),
  psaPreset({
    id: 'pinata-psa',
    title: "Pinata's Pinning Service API",
    inputs: [{ name: 'pinata-jwt', secret: true }, { name: 'pinata-api-url' }],
    credentials: ['pinata-jwt'],
    read: (ctx) => ({
      endpoint: `${needUrl(ctx, 'pinata-api-url', 'provider "pinata-psa"')}/psa`,
      auth: bearer(
        ctx,
        need(ctx, 'pinata-jwt', 'provider "pinata-psa" (the Pinning Service API takes a JWT only)'),
      ),
    }),
  }),
  hosted(
    'filebase',
    "Filebase's Pinning Service API",
    'https://api.filebase.io/v1/ipfs',
    'filebase-token',
  ),
  hosted(
    '4everland',
    "4EVERLAND's Pinning Service API",
    'https://api.4everland.dev',
    '4everland-token',
  ),
  hosted(
    'web3-storage',
    "web3.storage's Pinning Service API (shut down in 2024: kept to say so)",
    'https://api.web3.storage',
    'web3-storage-token',
  ),
  psaPreset({
    id: 'cluster-psa',
    title: "An IPFS Cluster's Pinning Service API endpoint (`pinsvcapi`)",
    inputs: [
      { name: 'cluster-psa-url' },
      { name: 'cluster-basic-auth', secret: true },
      { name: 'cluster-token', secret: true },
    ],
    credentials: ['cluster-token', 'cluster-basic-auth'],
    read(ctx) {
      const auth = optionalAuth(ctx, 'cluster-basic-auth', 'cluster-token')
      if (auth === undefined)
        throw new InputError(
          'cluster-token',
          `Provider "cluster-psa" needs "cluster-token" or "cluster-basic-auth".`,
        )
      return { endpoint: needUrl(ctx, 'cluster-psa-url', 'provider "cluster-psa"'), auth }
    },
  }),
] as const
