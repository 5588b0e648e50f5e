/** "Did you mean …?" for flags and variables: the known name at the smallest edit distance. */

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours
 * (`hlep` → `help`) as one edit (optimal string alignment). O(a·b) time.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1)
      cur[j] = d
    }
    before = prev
    prev = cur
  }
  return prev[b.length] ?? 0
}

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a typo: at
 * most a third of the word's length in edits (at least 2), so `provder` finds `provider` and
 * `foo` finds nothing. Ties go to the candidate listed first.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = editDistance(word, c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return bestDistance <= limit ? best : undefined
}

/**
 * ` Did you mean "pinned"?` for a value close to an allowed one (`pined`), compared without
 * case; `''` when none is close, or when the value is empty.
 */
export function didYouMean(value: string, allowed: Iterable<string>): string {
  const v = value.trim().toLowerCase()
  if (v === '') return ''
  const list = [...allowed]
  const near = nearest(
    v,
    list.map((a) => a.toLowerCase()),
  )
  const index = near === undefined ? -1 : list.findIndex((a) => a.toLowerCase() === near)
  return index < 0 ? '' : ` Did you mean "${list[index]}"?`
}
