// Regenerates the ENS contract fixtures in test/fixtures/ens/ (see the README there). Not run by
// the tests or CI: it needs a checkout of ensdomains/ens-contracts and solc 0.8.17.
// Usage: node scripts/ens-fixtures.mjs <ens-contracts checkout at 5421b56> <dir where `npm i solc@0.8.17` ran>
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const [repo, solcDir] = process.argv.slice(2)
if (repo === undefined || solcDir === undefined) {
  console.error(
    'usage: node scripts/ens-fixtures.mjs <ens-contracts checkout> <dir with solc@0.8.17>',
  )
  process.exit(2)
}
const COMMIT = '5421b56'
const show = (p) =>
  execFileSync('git', ['-C', repo, 'show', `${COMMIT}:${p}`], { maxBuffer: 1 << 28 }).toString()
const INPUT = 'deployments/mainnet/solcInputs/3fa59c31b7672c86eff32031f5a10f8a.json'
const input = JSON.parse(show(INPUT))
input.settings.outputSelection = { '*': { '*': ['abi', 'evm.bytecode.object'] } }
const solc = createRequire(path.join(path.resolve(solcDir), 'x.js'))('solc')
if (!solc.version().startsWith('0.8.17+commit.8df45f5f'))
  throw new Error(`solc ${solc.version()}, want 0.8.17`)
const out = JSON.parse(solc.compile(JSON.stringify(input)))
const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))

const CONTRACTS = [
  ['ENSRegistry', 'contracts/registry/ENSRegistry.sol', false],
  ['BaseRegistrarImplementation', 'contracts/ethregistrar/BaseRegistrarImplementation.sol', false],
  ['ReverseRegistrar', 'contracts/reverseRegistrar/ReverseRegistrar.sol', true],
  ['StaticMetadataService', 'contracts/wrapper/StaticMetadataService.sol', true],
  ['NameWrapper', 'contracts/wrapper/NameWrapper.sol', true],
  ['PublicResolver', 'contracts/resolvers/PublicResolver.sol', true],
]
for (const [name, file, deployed] of CONTRACTS) {
  const c = out.contracts[file][name]
  const bytecode = `0x${c.evm.bytecode.object}`
  let origin = `compiled with solc 0.8.17 from ensdomains/ens-contracts@${COMMIT} ${INPUT} (the compiler input of the mainnet NameWrapper and PublicResolver), ${file}`
  if (deployed) {
    const dep = JSON.parse(show(`deployments/mainnet/${name}.json`))
    if (dep.bytecode !== bytecode)
      throw new Error(`${name}: compiled bytecode differs from mainnet's`)
    origin = `mainnet creation bytecode, ensdomains/ens-contracts@${COMMIT} deployments/mainnet/${name}.json (address ${dep.address}); the same compile reproduces it byte for byte`
  }
  const fixture = { contractName: name, origin, license: 'MIT', abi: c.abi, bytecode }
  writeFileSync(
    new URL(`../test/fixtures/ens/${name}.json`, import.meta.url),
    `${JSON.stringify(fixture)}\n`,
  )
  console.log(name, (bytecode.length - 2) / 2, 'bytes', deployed ? '(= mainnet)' : '')
}
