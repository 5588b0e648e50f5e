/**
 * The young generation of this thread's V8 heap, held at a size this work needs
 * (docs/performance.md, "Memory").
 *
 * V8 grows the young generation (new space: two semi-spaces) each time as many bytes have
 * survived its collections as it holds, up to a limit set when the process starts. Walking and
 * building 200,000 files leaves enough survivors to reach that limit, which Node 24's V8 (13.x)
 * raised from 16 to 32 MB per semi-space without pointer compression: 64 MB of new space, about
 * 30 MB more peak RSS than Node 22 for the same run, while what the engine allocates afterwards
 * dies young (a few tens of kilobytes survive each scavenge). The limit itself cannot be changed
 * once the heap exists, but the growth factor is read at every growth: once new space has
 * reached `CAP_BYTES`, setting it to 1 stops further growth, for this process. Held at 8 MB
 * semi-spaces, the same run spends no measurable CPU time more on either version (collections
 * are more frequent, each as short). While V8 marks the old generation, new space may borrow
 * pages past its capacity for a while; the next full collection returns them.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'

/** New space (both semi-spaces) past which it no longer grows. */
export const CAP_BYTES = 16 << 20

let held = false

/**
 * Stops the young generation's growth once it has reached `CAP_BYTES`. Cheap enough (about
 * 15 µs) to call every job or every few directories, not every file.
 */
export function holdYoungGeneration(): void {
  if (held) return
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
  if (space === undefined || space.space_size < CAP_BYTES) return
  setFlagsFromString('--semi-space-growth-factor=1')
  held = true
}
