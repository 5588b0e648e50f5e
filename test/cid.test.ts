/** src/cid.ts: CIDs compared however a service or an input writes them. */
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { cidKey } from '../src/cid.js'
import { norm } from '../src/cleanup/plan.js'

const V0 = 'QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY'
const V1 = CID.parse(V0).toV1()

describe('cidKey', () => {
  it('gives one key for a CID in any base or version, the text itself for what is not a CID', () => {
    const key = V1.toString()
    for (const written of [V0, key, key.toUpperCase(), V1.toString(base36), ` ${key} `])
      expect(cidKey(written), written).toBe(key)
    expect(cidKey('not-a-cid')).toBe('not-a-cid')
    // Cleanup compares listings, "protect" and names by this key.
    expect(norm(V1.toString(base36))).toBe(key)
  })
})
