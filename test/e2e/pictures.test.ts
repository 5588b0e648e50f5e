/**
 * The README's pictures are what the code shows now: a preview deploy's summary and comment,
 * from a real run against the doubles, rendered as scripts/pictures.ts renders them.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pictures, steady } from '../../scripts/pictures.js'
import { ROOT } from '../support/action-harness.js'
import { markdownSvg } from '../../scripts/markdown-svg.mjs'

describe('docs/pictures', () => {
  it('equal a fresh render of a real run (npm run docs:pictures)', async () => {
    const want = await pictures()
    for (const [file, text] of Object.entries(want))
      expect(readFileSync(path.join(ROOT, 'docs', 'pictures', file), 'utf8'), file).toBe(text)
    // What they show: the summary's headline with the CID, the providers; the comment's.
    expect(want['summary.md']).toMatch(/^### ✅ Pinned on cluster, psa: `bafy\w+`/)
    expect(want['pr-comment.md']).toMatch(/^### 📦 IPFS preview of 4f2c9e1: `bafy\w+`/)
    expect(want['summary.svg']).toContain('>Pinned on cluster, psa:</text>')
  })

  it('steady() fixes only what varies between runs', () => {
    expect(steady('| cluster | ✅ pinned | 12.3 s |  |')).toBe('| cluster | ✅ pinned | 0.4 s |  |')
    expect(steady('in `/tmp/action-x1/ipfs-pin-action/`')).toBe(
      'in `/home/runner/work/_temp/ipfs-pin-action/`',
    )
  })

  it('renders deterministically, and refuses what it does not know', () => {
    const md = '### Title `code`\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n'
    const svg = markdownSvg(md, { title: 't' })
    expect(markdownSvg(md, { title: 't' })).toBe(svg)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="760" height="\d+"/)
    expect(svg).toContain('textLength=')
    // Untrusted text stays text: escaped in the SVG.
    expect(markdownSvg('`<script>alert(1)</script>`', { title: 't' })).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    )
    expect(() => markdownSvg('<video src=x></video>', { title: 't' })).toThrow(/not supported/)
  })
})
