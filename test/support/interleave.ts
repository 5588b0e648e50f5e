/**
 * Runs started together against the doubles, with the interleavings that matter forced, as
 * GitHub can start two workflow runs at the same moment (docs/concurrency.md).
 *
 * Each run talks to each double through an alias of its own (TestServer.alias), so every request
 * is known by run, service, method and path. A rule holds the first request matching `what`
 * until something else has happened: another request has arrived or been answered, or a run has
 * ended. Nothing waits on time: a held request is served when the event happens, so the order
 * repeats on a busy machine. A hold whose event never comes (its run ended without it) is
 * released when a run ends and every run still going is held, and reported by `unmet()`: a test asserts it is
 * empty, so a forced interleaving that stopped happening (the code changed) fails loudly instead
 * of passing without forcing anything.
 */
import type { Seen, TestServer } from './server.js'

/** A request as rules see it: whose it is and where it went. */
export interface Traced extends Seen {
  readonly run: string
  readonly service: string
}

export type Match = (r: Traced) => boolean

export type Until =
  | { readonly answered: Match }
  | { readonly arrived: Match }
  | { readonly ended: string }
  /** Every one of these, in any order. */
  | { readonly all: readonly Until[] }

interface Rule {
  readonly label: string
  readonly what: Match
  /** What the request waits for; or, for `on`, what is done before it is served. */
  readonly until: Until | { readonly run: () => unknown }
  state: 'waiting' | 'held' | 'met' | 'unmet'
  held?: Traced
  release?: () => void
}

export interface Traffic {
  /** Every request, in the order answered: `A pinata GET /data/pinList`. */
  readonly log: string[]
  /** The address of `server` for `run` (the first call wires the server in as `service`). */
  url(server: TestServer, service: string, run: string): Promise<string>
  /** Holds the first request matching `what` until `until` happened. */
  hold(label: string, what: Match, until: Until): void
  /**
   * Does `act` when the first request matching `what` arrives, before it is served: something
   * outside the runs happens at that exact point (a name changed by hand, another workflow).
   */
  on(label: string, what: Match, act: () => unknown): void
  /** Runs `fn` as run `name`: its end is an event rules can wait for. */
  run<T>(name: string, fn: () => Promise<T>): Promise<T>
  /** Rules whose request was held and released without their event, or never matched. */
  unmet(): string[]
}

/** A request of `run` to `service` (`method`, a path matching `path`, a query matching `query`). */
export function req(
  run: string,
  service: string,
  method: string,
  path: RegExp | string,
  query?: RegExp,
): Match {
  return (r) =>
    r.run === run &&
    r.service === service &&
    r.method === method &&
    (typeof path === 'string' ? r.path === path : path.test(r.path)) &&
    (query === undefined || query.test(decodeURIComponent(r.url)))
}

/** The `n`th request (from 1) matching `m`, counted in the order requests arrive. */
export function nth(m: Match, n: number): Match {
  let seen = 0
  return (r) => m(r) && ++seen === n
}

/** A request matching `then` that arrives after one matching `first` has. */
export function after(first: Match, then: Match): Match {
  let armed = false
  return (r) => {
    if (armed && then(r)) return true
    if (first(r)) armed = true
    return false
  }
}

/** Any request of `run`. */
export const byRun =
  (run: string): Match =>
  (r) =>
    r.run === run

/** Any of the matches. */
export const anyOf =
  (...ms: Match[]): Match =>
  (r) =>
    ms.some((m) => m(r))

export function traffic(): Traffic {
  const log: string[] = []
  const events: Array<{ kind: 'arrived' | 'answered'; r: Traced }> = []
  const rules: Rule[] = []
  const running = new Set<string>()
  const ended = new Set<string>()
  const wired = new Map<TestServer, string>()

  /** Whether `u` has happened, by now. */
  const happened = (u: Until | { readonly run: () => unknown }): boolean => {
    if ('run' in u) return false
    if ('all' in u) return u.all.every(happened)
    if ('ended' in u) return ended.has(u.ended)
    return events.some((ev) =>
      'answered' in u
        ? ev.kind === 'answered' && u.answered(ev.r)
        : ev.kind === 'arrived' && u.arrived(ev.r),
    )
  }

  /** Releases the held rules whose event has now happened. */
  const settle = (): void => {
    for (const rule of rules)
      if (rule.state === 'held' && happened(rule.until)) {
        rule.state = 'met'
        rule.release?.()
      }
  }

  /**
   * When a run ends and every run still going is held, no held request can be answered by an
   * event any more: all are released, as unmet. (Checked only when a run ends: a held run may
   * still have requests of its own in flight, which nothing else can see.)
   */
  const unblock = (): void => {
    const heldRuns = new Set(rules.filter((r) => r.state === 'held').map((r) => r.held?.run))
    if (heldRuns.size > 0 && [...running].every((run) => heldRuns.has(run)))
      for (const rule of rules)
        if (rule.state === 'held') {
          rule.state = 'unmet'
          rule.release?.()
        }
  }

  const observe = (kind: 'arrived' | 'answered', r: Traced): void => {
    if (kind === 'answered') log.push(`${r.run} ${r.service} ${r.method} ${r.path}`)
    events.push({ kind, r })
    settle()
  }

  const gate = (r: Traced): Promise<void> | undefined => {
    let hold: Rule | undefined
    for (const rule of rules) {
      // Every waiting rule sees every request, so that counting matchers count right.
      if (rule.state !== 'waiting' || !rule.what(r) || hold !== undefined) continue
      hold = rule
    }
    if (hold === undefined) return undefined
    const until = hold.until
    if ('run' in until) {
      hold.state = 'met'
      return Promise.resolve(until.run()).then(() => undefined)
    }
    // Already happened (the order holds by itself): nothing to hold.
    if (happened(hold.until)) {
      hold.state = 'met'
      return undefined
    }
    hold.state = 'held'
    hold.held = r
    const rule = hold
    return new Promise<void>((resolve) => {
      rule.release = resolve
    })
  }

  return {
    log,
    async url(server, service, run) {
      if (!wired.has(server)) {
        wired.set(server, service)
        server.gate = (s) => gate({ ...s, run: s.via ?? '', service })
        server.watch = (s, kind) => observe(kind, { ...s, run: s.via ?? '', service })
      }
      return server.alias(run)
    },
    hold(label, what, until) {
      rules.push({ label, what, until, state: 'waiting' })
    },
    on(label, what, act) {
      rules.push({ label, what, until: { run: act }, state: 'waiting' })
    },
    async run(name, fn) {
      running.add(name)
      try {
        return await fn()
      } finally {
        running.delete(name)
        ended.add(name)
        settle()
        unblock()
      }
    },
    unmet: () =>
      rules
        .filter((r) => r.state === 'unmet' || r.state === 'waiting')
        .map((r) => `${r.label} (${r.state === 'waiting' ? 'never matched' : 'released unmet'})`),
  }
}
