/** GitHub Action entry point (action.yml runs its bundle, dist/index.js): only calls `run()`. */
import { run } from './action.js'

await run()
