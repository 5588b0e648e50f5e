// ncc names both bundles index.js; give the CLI a shebang and make it executable.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'

const cli = new URL('../dist/cli/index.js', import.meta.url)
const src = readFileSync(cli, 'utf8')
if (!src.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${src}`)
chmodSync(cli, 0o755)
