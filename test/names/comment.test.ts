/** The pull-request comment shows the preview URL, and says when it is gone. */
import { describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { commentBody } from '../../src/run/feedback.js'
import { githubOf, outcomeOf } from '../support/outcome.js'
import { configFor } from '../support/recorded-run.js'
import { scratch } from '../support/fs-tree.js'

const tmp = scratch('comment')
const ENV = { IPFS_PIN_REPOSITORY: 'acme/site', IPFS_PIN_PR: '12', IPFS_PIN_SHA: 'c'.repeat(40) }
const inputs = {
  dnslink: 'pr-{pr}.preview.example.org',
  'dns-provider': 'cloudflare',
  'cloudflare-token': 'cf-x',
}

describe('pull-request comment', () => {
  it('links the preview name on deploy', () => {
    const config = configFor({ ...inputs, path: 'examples/planets' }, tmp.next('t'), ENV)
    const root = CID.parse('bafkqaaa')
    const content = { root, cids: [root], gatewayUrl: 'https://dweb.link/ipfs/bafkqaaa' }
    const body = commentBody(
      outcomeOf(config, {
        content,
        names: {
          dnslink: [
            {
              name: 'pr-12.preview.example.org',
              record: '_dnslink.pr-12.preview.example.org',
              value: '/ipfs/bafkqaaa',
              action: 'created',
              url: 'https://pr--12-preview-example-org.ipns.dweb.link',
            },
          ],
        },
      }),
      githubOf(config),
    )
    expect(body).toContain(
      '- **Preview**: [`pr-12.preview.example.org`](https://pr--12-preview-example-org.ipns.dweb.link)',
    )
  })

  it('says the preview URL is gone on cleanup', () => {
    const config = configFor(
      {
        ...inputs,
        mode: 'cleanup',
        provider: 'kubo',
        'kubo-url': 'http://127.0.0.1:1',
        unpin: 'bafkqaaa',
      },
      tmp.next('t'),
      ENV,
    )
    const body = commentBody(
      outcomeOf(config, {
        names: {
          dnslink: [
            {
              name: 'pr-12.preview.example.org',
              record: '_dnslink.pr-12.preview.example.org',
              from: '/ipfs/bafkqaaa',
              action: 'deleted',
            },
          ],
        },
      }),
      githubOf(config),
    )
    expect(body).toContain(
      'The preview name `pr-12.preview.example.org` was removed: its URL no longer serves the preview.',
    )
  })
})
