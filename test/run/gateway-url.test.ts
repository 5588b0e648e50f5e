import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { dnslinkUrl, gatewayLinks, ipnsUrls } from '../../src/http/gateway-url.js'

const cid = CID.parse('bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi')

describe('gateway URLs', () => {
  it('gives subdomain links under a host name at its root', () => {
    expect(gatewayLinks('https://dweb.link', cid).subdomain).toBe(
      `https://${cid.toString()}.ipfs.dweb.link`,
    )
    expect(ipnsUrls('https://dweb.link', 'k51x').url).toBe('https://k51x.ipns.dweb.link')
    expect(dnslinkUrl('https://dweb.link', 'my-site.example.org')).toBe(
      'https://my--site-example-org.ipns.dweb.link',
    )
  })

  it.each([
    'http://127.0.0.1:8080',
    'http://localhost:8080',
    'http://[::1]:8080',
    'https://gw.example/sub',
  ])('gives the path form under %s (an IP address, localhost, or a gateway under a path)', (gw) => {
    expect(gatewayLinks(gw, cid)).toEqual({ path: `${gw}/ipfs/${cid.toString()}` })
    expect(ipnsUrls(gw, 'k51x').url).toBe(`${gw}/ipns/k51x`)
    expect(dnslinkUrl(gw, 'example.org')).toBe(`${gw}/ipns/example.org`)
  })
})
