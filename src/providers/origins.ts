/**
 * Which of a node's multiaddrs a pinning service could dial: the PSA's `origins` must be public
 * and end in `/p2p/<peer id>`. Loopback, private, link-local, CGNAT and unique-local addresses
 * (what a node reports first) are useless to a service on the internet and are left out.
 */
import { isIPv4, isIPv6 } from 'node:net'

const IP4_PRIVATE: ReadonlyArray<readonly [number, number]> = [
  // [first octets as a 16-bit prefix value, prefix length in bits]
  [0x0000, 8], // 0.0.0.0/8
  [0x0a00, 8], // 10/8
  [0x6440, 10], // 100.64/10 (CGNAT)
  [0x7f00, 8], // 127/8
  [0xa9fe, 16], // 169.254/16
  [0xac10, 12], // 172.16/12
  [0xc0a8, 16], // 192.168/16
]

function publicIp4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number)
  const top = (a << 8) | b
  if (a >= 224) return false // multicast and reserved
  return !IP4_PRIVATE.some(([prefix, bits]) => {
    const shift = 16 - Math.min(bits, 16)
    return top >> shift === prefix >> shift
  })
}

function publicIp6(ip: string): boolean {
  const v = ip.toLowerCase()
  if (v === '::' || v === '::1') return false
  if (v.startsWith('::ffff:')) return publicIp4(v.slice(7))
  const first = parseInt(v.split(':')[0] || '0', 16)
  if ((first & 0xfe00) === 0xfc00) return false // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return false // fe80::/10 link local
  if ((first & 0xff00) === 0xff00) return false // multicast
  return true
}

/** True when a multiaddr's host part is reachable from the internet. */
export function isPublicMultiaddr(addr: string): boolean {
  const parts = addr.split('/')
  const [, proto, host] = parts
  if (host === undefined || host === '') return false
  if (addr.includes('/p2p-circuit')) return false
  switch (proto) {
    case 'ip4':
      return isIPv4(host) && publicIp4(host)
    case 'ip6':
      return isIPv6(host) && publicIp6(host)
    case 'dns':
    case 'dns4':
    case 'dns6':
    case 'dnsaddr':
      return host !== 'localhost' && !host.endsWith('.localhost') && !host.endsWith('.local')
    default:
      return false
  }
}

/**
 * The public addresses of a node, each ending in `/p2p/<peerId>` (appended when the node listed
 * it without), without repeats.
 */
export function publicOrigins(addrs: readonly unknown[], peerId: string | undefined): string[] {
  const out = new Set<string>()
  for (const a of addrs) {
    if (typeof a !== 'string' || !isPublicMultiaddr(a)) continue
    if (a.includes('/p2p/') || a.includes('/ipfs/')) out.add(a.replace('/ipfs/', '/p2p/'))
    else if (peerId !== undefined && peerId !== '') out.add(`${a}/p2p/${peerId}`)
  }
  return [...out]
}
