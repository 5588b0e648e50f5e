/**
 * The clock of one measurement in a bench worker process and the one JSON line it prints:
 * { seconds, cpuSeconds, maxRssMiB, ...fields } (CPU time of every thread of the process, peak
 * RSS of the whole process).
 */
export function measurement(): {
  /** Starts the clock again: what came before (preparing the data) is not measured. */
  restart(): void
  /** Seconds since the clock started. */
  elapsed(): number
  /** Stops the clock and prints the line, with `fields` after the figures. */
  print(fields: Record<string, unknown>): void
} {
  let t0 = performance.now()
  let cpu0 = process.cpuUsage()
  return {
    restart() {
      t0 = performance.now()
      cpu0 = process.cpuUsage()
    },
    elapsed: () => (performance.now() - t0) / 1000,
    print(fields) {
      const seconds = (performance.now() - t0) / 1000
      const cpu = process.cpuUsage(cpu0)
      console.log(
        JSON.stringify({
          seconds,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          maxRssMiB: process.resourceUsage().maxRSS / 1024,
          ...fields,
        }),
      )
    },
  }
}
