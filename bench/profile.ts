/**
 * `--profile`: where a measurement's CPU time goes, by thread and by phase, and on the main
 * thread by function (docs/performance.md, "Profiles").
 *
 * - Per thread: the kernel's account of every thread of the process (/proc/self/task/<tid>/stat,
 *   Linux), sampled every 50 ms so that threads which end before the measurement does (the
 *   hashing threads) keep what they used, and at each phase boundary. Threads are grouped by the
 *   names Node gives them: the main thread, `WorkerThread` (the engine's reading and hashing
 *   threads), `libuv-worker` (the pool that runs file system calls, the CAR's writes among them)
 *   and `V8Worker` (V8's helpers: concurrent marking, compilation). What the samples miss (a
 *   thread that ended between two) is shown as "unaccounted".
 * - The main thread by function: V8's sampling profiler (node:inspector), self time summed per
 *   function, with garbage collection and idle time apart, as shares of the main thread's CPU
 *   seconds (the samples count wall time, which a busy machine stretches).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { Session } from 'node:inspector/promises'

const GROUPS = ['main thread', 'hashing threads', 'libuv pool', 'V8 helpers', 'other'] as const
type Group = (typeof GROUPS)[number]

/** Seconds of CPU (user + system) by thread group, one record per phase. */
export interface ThreadProfile {
  readonly phases: { name: string; seconds: number; cpu: Record<Group, number> }[]
  readonly unaccounted: number
  readonly threads: Record<Group, number>
}

/** Clock ticks per second of /proc's times: 100 on every Linux this runs on (USER_HZ). */
const HZ = 100

function groupOf(tid: string, comm: string): Group {
  if (tid === String(process.pid)) return 'main thread'
  if (comm === 'WorkerThread') return 'hashing threads'
  if (comm.startsWith('libuv-worker')) return 'libuv pool'
  if (comm.startsWith('V8Worker') || comm.startsWith('V8 ')) return 'V8 helpers'
  return 'other'
}

/** CPU seconds of each thread alive now, by thread id. */
function threadTimes(): Map<string, { group: Group; seconds: number }> {
  const out = new Map<string, { group: Group; seconds: number }>()
  let tids: string[]
  try {
    tids = readdirSync('/proc/self/task')
  } catch {
    return out
  }
  for (const tid of tids) {
    let stat: string
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
    } catch {
      continue // ended meanwhile
    }
    const open = stat.indexOf('(')
    const close = stat.lastIndexOf(')')
    const comm = stat.slice(open + 1, close)
    // Fields after the name: state is field 3, utime 14 and stime 15 (man 5 proc).
    const f = stat
      .slice(close + 2)
      .split(' ')
      .map((x) => Number(x))
    const seconds = ((f[11] ?? 0) + (f[12] ?? 0)) / HZ
    out.set(tid, { group: groupOf(tid, comm), seconds })
  }
  return out
}

export const profilingThreads = (): boolean => {
  try {
    readdirSync('/proc/self/task')
    return true
  } catch {
    return false
  }
}

/** Follows every thread's CPU time; `mark(name)` ends a phase. */
export function threadClock(): { mark(name: string): void; finish(): ThreadProfile } {
  const last = new Map<string, { group: Group; seconds: number }>()
  const sample = (): void => {
    for (const [tid, t] of threadTimes()) last.set(tid, t)
  }
  sample()
  const base = new Map(last)
  const cpu0 = process.cpuUsage()
  let t0 = performance.now()
  const timer = setInterval(sample, 50)
  timer.unref()
  const phases: ThreadProfile['phases'] = []
  let before = new Map(base)
  const byGroup = (now: Map<string, { group: Group; seconds: number }>, from: typeof now) => {
    const cpu = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<Group, number>
    for (const [tid, t] of now) cpu[t.group] += t.seconds - (from.get(tid)?.seconds ?? 0)
    return cpu
  }
  return {
    mark(name) {
      sample()
      const now = new Map(last)
      phases.push({ name, seconds: (performance.now() - t0) / 1000, cpu: byGroup(now, before) })
      before = now
      t0 = performance.now()
    },
    finish() {
      clearInterval(timer)
      sample()
      const threads = byGroup(last, base)
      const used = process.cpuUsage(cpu0)
      const total = (used.user + used.system) / 1e6
      const seen = Object.values(threads).reduce((a, b) => a + b, 0)
      return { phases, threads, unaccounted: Math.max(0, total - seen) }
    },
  }
}

/** The main thread's CPU profile, summed: seconds of self time per function, GC and idle apart. */
export interface MainProfile {
  readonly gc: number
  readonly idle: number
  readonly program: number
  readonly top: { name: string; seconds: number }[]
  /** Self time of every other function. */
  readonly rest: number
}

/**
 * The module a line of an esbuild bundle comes from: the bundle marks each with a comment
 * (`// src/content/car.ts`). Lines are 0-based, as the profiler gives them.
 */
function modulesOf(bundle: string | undefined): (line: number) => string | undefined {
  const marks: { line: number; name: string }[] = []
  try {
    readFileSync(bundle ?? '', 'utf8')
      .split('\n')
      .forEach((l, i) => {
        const m = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(l)
        if (m?.[1] !== undefined)
          marks.push({
            line: i,
            name: m[1].replace(/^node_modules\//, '').replace(/\.[cm]?[jt]s$/, ''),
          })
      })
  } catch {
    // not a bundle: names alone
  }
  return (line) => {
    let found: string | undefined
    for (const m of marks) {
      if (m.line > line) break
      found = m.name
    }
    return found
  }
}

export async function mainProfiler(): Promise<{ stop(): Promise<MainProfile> }> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 500 })
  await session.post('Profiler.start')
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop')
      session.disconnect()
      const byId = new Map(profile.nodes.map((n) => [n.id, n]))
      const where = modulesOf(process.argv[1])
      const self = new Map<string, number>()
      const samples = profile.samples ?? []
      const deltas = profile.timeDeltas ?? []
      for (let i = 0; i < samples.length; i++) {
        const n = byId.get(samples[i] ?? -1)
        if (n === undefined) continue
        const f = n.callFrame
        const fn = f.functionName === '' ? '(anonymous)' : f.functionName
        const mod = f.url.endsWith(process.argv[1] ?? '\0') ? where(f.lineNumber) : undefined
        const name = mod === undefined ? fn : `${fn} (${mod})`
        self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1e6)
      }
      const take = (k: string): number => {
        const v = self.get(k) ?? 0
        self.delete(k)
        return v
      }
      const gc = take('(garbage collector)')
      const idle = take('(idle)')
      const program = take('(program)')
      const sorted = [...self].sort((a, b) => b[1] - a[1])
      const top = sorted.slice(0, 12).map(([name, seconds]) => ({ name, seconds }))
      const rest = sorted.slice(12).reduce((a, [, v]) => a + v, 0)
      return { gc, idle, program, top, rest }
    },
  }
}

/** The profile as lines of text. */
export function formatProfile(
  title: string,
  wall: number,
  t: ThreadProfile,
  main: MainProfile | undefined,
): string[] {
  const cols = t.phases.map((p) => `${p.name} (${p.seconds.toFixed(2)} s)`)
  const header = ['CPU seconds', ...cols, 'total']
  const rows = GROUPS.filter((g) => t.threads[g] > 0.005).map((g) => [
    g,
    ...t.phases.map((p) => p.cpu[g].toFixed(2)),
    t.threads[g].toFixed(2),
  ])
  if (t.unaccounted > 0.005)
    rows.push(['unaccounted', ...t.phases.map(() => ''), t.unaccounted.toFixed(2)])
  const total = Object.values(t.threads).reduce((a, b) => a + b, 0) + t.unaccounted
  rows.push([
    'all threads',
    ...t.phases.map((p) =>
      Object.values(p.cpu)
        .reduce((a, b) => a + b, 0)
        .toFixed(2),
    ),
    total.toFixed(2),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
  const out = [`${title}: ${wall.toFixed(2)} s wall`, `  ${line(header)}`]
  for (const r of rows) out.push(`  ${line(r)}`)
  if (main !== undefined) {
    // The profiler's samples measure wall time: a thread the kernel did not run still ages its
    // sample. Their shares split the main thread's CPU seconds as the kernel counted them.
    const busy = main.gc + main.program + main.top.reduce((a, b) => a + b.seconds, 0) + main.rest
    const cpu = t.threads['main thread']
    const part = (s: number): string =>
      busy > 0 ? `${((100 * s) / busy).toFixed(0)}% (${((cpu * s) / busy).toFixed(2)} s)` : '-'
    out.push(
      `  main thread by V8's profiler (shares of its ${cpu.toFixed(2)} CPU s): garbage collection ${part(main.gc)}, V8 and native code ${part(main.program)}, and by function:`,
      `    ${main.top
        .slice(0, 10)
        .map((f) => `${f.name} ${part(f.seconds)}`)
        .join(', ')}`,
    )
  }
  return out
}
