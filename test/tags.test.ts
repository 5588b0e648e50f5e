/** The scope label on one-record-per-CID providers: claims are merged, never dropped. */
import { describe, expect, it } from 'vitest'
import { mergedMetadata, releasedMetadata, scopesOf } from '../src/tags.js'

const scope = (s: string): Record<string, string> => ({ 'ipfs-pin.scope': s, 'ipfs-pin.env': 'x' })

describe('scope labels', () => {
  it('adds this scope to the claims already on the record, keeping all of them', () => {
    let m: Record<string, string> = scope('acme/site@production')
    for (let i = 1; i <= 12; i++) m = mergedMetadata(m, scope(`acme/site#pr-${i}`))
    expect(scopesOf(m)).toHaveLength(13)
    expect(scopesOf(m)[0]).toBe('acme/site@production')
    // Deploying again under a scope already there does not repeat it.
    expect(scopesOf(mergedMetadata(m, scope('acme/site#pr-3')))).toHaveLength(13)
  })

  it('gives a pin made by hand a claim that no cleanup releases', () => {
    const m = mergedMetadata({ note: 'manual' }, scope('acme/site#pr-1'))
    expect(scopesOf(m)).toEqual(['unlabelled', 'acme/site#pr-1'])
    expect(releasedMetadata(m, 'acme/site#pr-1')?.['ipfs-pin.scope']).toBe('unlabelled')
  })

  it('releasing the last claim means unpin; releasing one of several rewrites the label', () => {
    expect(releasedMetadata(scope('a@b'), 'a@b')).toBeUndefined()
    expect(releasedMetadata(scope('a@b c#pr-1'), 'c#pr-1')?.['ipfs-pin.scope']).toBe('a@b')
  })
})
