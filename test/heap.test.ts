/**
 * The young generation's hold (src/content/heap.ts), in fresh processes: V8's new space grows
 * while many objects survive (as when 200,000 files are collected), unless held at CAP_BYTES.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CAP_BYTES } from '../src/content/heap.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * New space bytes after keeping 300,000 small objects alive, holding it every 1,000 or not, read
 * after a full collection: while V8 marks the old generation it lends new space pages of 256 KB
 * for a while (how many depends on the timing of its background threads, so on the machine's
 * load), and a full collection returns them, leaving the capacity the hold is about.
 */
function grownTo(hold: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8'
    import { holdYoungGeneration } from './src/content/heap.ts'
    const kept = []
    for (let i = 0; i < 300000; i++) {
      kept.push({ i, name: 'file-' + i + '.html' })
      if (${String(hold)} && i % 1000 === 0) holdYoungGeneration()
    }
    globalThis.gc()
    const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space')
    console.log(kept.length > 0 ? s.space_size : 0)
  `
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
  expect(r.stderr).toBe('')
  return Number(r.stdout.trim())
}

describe('holdYoungGeneration', () => {
  it('stops the new space growing past CAP_BYTES, which it does when not held', () => {
    expect(grownTo(false)).toBeGreaterThan(CAP_BYTES)
    expect(grownTo(true)).toBeLessThanOrEqual(CAP_BYTES)
  })
})
