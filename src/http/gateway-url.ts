/**
 * Gateway URLs, one rule for every link the run prints (the summary, the PR comment, the IPNS
 * and DNSLink outputs): the path form (`<gateway>/ipfs/<cid>`, `<gateway>/ipns/<name>`) always
 * works; the subdomain form (`<cid>.ipfs.<host>`, origin isolation) only under a gateway at the
 * root of a host name. Under an IP address or `localhost` a subdomain cannot resolve
 * (`<cid>.ipfs.127.0.0.1:8080`), so those get the path form (docs/architecture.md).
 */
import type { CID } from 'multiformats/cid'

/** Whether `<label>.ipfs.<host>` links work under this gateway. */
export function takesSubdomains(gateway: string): boolean {
  const u = new URL(gateway)
  const atRoot = u.pathname === '/' || u.pathname === ''
  const byAddress = /^(\[.*\]|\d+\.\d+\.\d+\.\d+|localhost)$/i.test(u.hostname)
  return atRoot && !byAddress
}

const base = (gateway: string): string => gateway.replace(/\/+$/, '')

export interface GatewayLinks {
  /** `<gateway>/ipfs/<cid>`: works on every gateway. */
  readonly path: string
  /** `https://<cidv1>.ipfs.<host>`: origin isolation, what sites with absolute links need. */
  readonly subdomain?: string
}

export function gatewayLinks(gateway: string, cid: CID): GatewayLinks {
  const path = `${base(gateway)}/ipfs/${cid.toString()}`
  if (!takesSubdomains(gateway)) return { path }
  const u = new URL(gateway)
  return { path, subdomain: `${u.protocol}//${cid.toV1().toString()}.ipfs.${u.host}` }
}

/** An IPNS name's URL (subdomain where it can be) and its path form. */
export function ipnsUrls(gateway: string, name: string): { url: string; pathUrl: string } {
  const pathUrl = `${base(gateway)}/ipns/${name}`
  const u = new URL(gateway)
  return {
    url: takesSubdomains(gateway) ? `${u.protocol}//${name}.ipns.${u.host}` : pathUrl,
    pathUrl,
  }
}

/**
 * A DNSLink name's URL on the gateway: its name inlined as one DNS label (`-` doubled, then `.`
 * made `-`, under `.ipns.<gateway host>`), or the path form when the label would be longer than
 * 63 characters or the gateway takes no subdomains.
 */
export function dnslinkUrl(gateway: string, name: string): string {
  const label = name.replace(/-/g, '--').replace(/\./g, '-')
  if (label.length > 63 || !takesSubdomains(gateway)) return `${base(gateway)}/ipns/${name}`
  const u = new URL(gateway)
  return `${u.protocol}//${label}.ipns.${u.host}`
}
