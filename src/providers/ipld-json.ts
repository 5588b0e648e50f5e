/**
 * A CID as the IPFS HTTP APIs encode it in JSON: a plain string, or `{"/": "bafy…"}` (Kubo's
 * RPC everywhere, IPFS Cluster before 1.0).
 */
export const cidText = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'object' && v !== null && typeof (v as { '/'?: unknown })['/'] === 'string'
      ? (v as { '/': string })['/']
      : undefined
