/** Which multiaddrs are worth sending as PSA `origins`. */
import { describe, expect, it } from 'vitest'
import { isPublicMultiaddr, publicOrigins } from '../src/providers/origins.js'

describe('origins', () => {
  it.each([
    ['/ip4/203.0.113.7/tcp/4001', true],
    ['/ip4/8.8.8.8/udp/4001/quic-v1', true],
    ['/ip4/172.32.0.1/tcp/4001', true],
    ['/ip4/100.128.0.1/tcp/4001', true],
    ['/ip6/2001:db8::1/tcp/4001', true],
    ['/dns4/node.example.org/tcp/4001', true],
    ['/dnsaddr/bootstrap.libp2p.io', true],
    ['/ip4/127.0.0.1/tcp/4001', false],
    ['/ip4/0.0.0.0/tcp/4001', false],
    ['/ip4/10.0.0.5/tcp/4001', false],
    ['/ip4/172.16.0.1/tcp/4001', false],
    ['/ip4/172.31.255.1/tcp/4001', false],
    ['/ip4/192.168.0.1/tcp/4001', false],
    ['/ip4/169.254.1.1/tcp/4001', false],
    ['/ip4/100.64.0.1/tcp/4001', false],
    ['/ip4/224.0.0.1/udp/4001', false],
    ['/ip6/::1/tcp/4001', false],
    ['/ip6/::/tcp/4001', false],
    ['/ip6/fe80::1/tcp/4001', false],
    ['/ip6/fd00::1/tcp/4001', false],
    ['/ip6/::ffff:10.0.0.1/tcp/4001', false],
    ['/dns4/localhost/tcp/4001', false],
    ['/ip4/203.0.113.7/tcp/4001/p2p/QmRelay/p2p-circuit', false],
    ['/ip4/not-an-ip/tcp/4001', false],
    ['/unix/tmp/socket', false],
    ['', false],
  ])('%s public: %s', (addr, expected) => {
    expect(isPublicMultiaddr(addr)).toBe(expected)
  })

  it('ends each in /p2p/<id>, drops repeats and what is not a string', () => {
    expect(
      publicOrigins(
        [
          '/ip4/203.0.113.7/tcp/4001',
          '/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWX',
          '/ip4/203.0.113.8/tcp/4001/ipfs/12D3KooWX',
          '/ip4/10.0.0.1/tcp/4001',
          42,
          null,
        ],
        '12D3KooWX',
      ),
    ).toEqual([
      '/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWX',
      '/ip4/203.0.113.8/tcp/4001/p2p/12D3KooWX',
    ])
    // Without a peer id an address that lacks one cannot be used.
    expect(publicOrigins(['/ip4/203.0.113.7/tcp/4001'], undefined)).toEqual([])
  })
})
