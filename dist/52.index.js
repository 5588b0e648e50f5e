export const id = 52;
export const ids = [52];
export const modules = {

/***/ 5052:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ensKind: () => (/* binding */ ensKind),
/* harmony export */   preflightEns: () => (/* binding */ preflightEns),
/* harmony export */   prepareEns: () => (/* binding */ prepareEns)
/* harmony export */ });
const prepared = new WeakMap();
/**
 * Loads the ENS module and checks the ENS inputs (an `InputError` naming the input otherwise),
 * before any network call. Nothing when `ens-name` is empty.
 */
async function prepareEns(names, host) {
    const ens = names.ens;
    if (ens === undefined || prepared.has(ens))
        return;
    const mod = await Promise.all(/* import() */[__webpack_require__.e(22), __webpack_require__.e(361)]).then(__webpack_require__.bind(__webpack_require__, 5361));
    const opts = mod.parseEnsOptions(ens.raw, (v) => host.setSecret(v));
    if (opts === undefined)
        return;
    if (opts.unused.length > 0)
        host.notice(`${opts.unused.map((u) => `"${u}"`).join(', ')} ${opts.unused.length === 1 ? 'does' : 'do'} nothing ${opts.signer.kind === 'safe' ? 'with "ens-safe" (the Safe\'s owners execute the change)' : 'without "ens-safe"'}.`);
    prepared.set(ens, { mod, opts, checked: mod.ensChecked() });
}
function depsOf(env, checked) {
    return {
        ...env.session.deps,
        signal: env.session.limit(),
        warn: (m) => env.host.warning(env.session.clean(m)),
        checked,
    };
}
/**
 * The check before the upload (docs/names/ens.md#preflight): when this run may set its ENS
 * names, the read-only part of the write's checks runs before anything is built or uploaded,
 * and a misconfigured name fails the run there, naming the name, the signer and the inputs to
 * fix. A dry run checks too and says so. Nothing when the run may not set a name (a pull
 * request, a run without ENS).
 */
async function preflightEns(names, env) {
    const e = names.ens !== undefined ? prepared.get(names.ens) : undefined;
    if (e === undefined || env.decision.may.ens?.may !== 'set')
        return;
    const checked = await e.mod.ensPreflight(e.opts, depsOf(env, e.checked));
    for (const c of checked)
        env.host.info(`ens: ${c.name}: checked before the upload: ${c.role !== undefined ? `${c.signer} (${c.role} of the Safe ${c.writer}) may propose, and the Safe may set its contenthash` : `${c.signer} may set its contenthash`} on its resolver ${c.resolver}${env.decision.dryRun ? ' (dry run: nothing will be sent)' : ''}.`);
}
/** The run's URL, as the Safe proposal's `origin`. */
function originOf(context) {
    if (context.owner === undefined || context.repo === undefined || context.runId === undefined)
        return undefined;
    return `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`;
}
function ensKind(names, context) {
    const ready = () => names.ens !== undefined ? prepared.get(names.ens) : undefined;
    const ownIpns = names.ipns?.key.name;
    return {
        id: 'ens',
        notSet: 'the ENS names were not set',
        prepare: (host) => prepareEns(names, host),
        preflight: (env) => preflightEns(names, env),
        async protects(env) {
            const e = ready();
            if (e === undefined) {
                if (names.ens !== undefined)
                    return {
                        cids: [],
                        error: 'the ENS names could not be read (the ENS inputs were not checked)',
                    };
                return { cids: [] };
            }
            const t = await e.mod.ensTargets(e.opts, depsOf(env, e.checked));
            return { cids: [...t.cids], ...(t.error !== undefined ? { error: t.error } : {}) };
        },
        async set(content, env) {
            const e = ready();
            if (e === undefined || env.decision.may.ens?.may !== 'set')
                return {};
            // With an IPNS name, the ENS names point at it (it follows every deploy by itself).
            const value = ownIpns !== undefined && env.decision.may.ipns?.may === 'publish'
                ? `ipns://${ownIpns}`
                : `ipfs://${content.replace(/^\/ipfs\//, '')}`;
            const origin = originOf(context);
            const results = await e.mod.ensPublish(e.opts, value, depsOf(env, e.checked), {
                dryRun: env.decision.dryRun,
                ...(origin !== undefined ? { origin } : {}),
            });
            const report = e.mod.ensReport(results);
            for (const r of results) {
                // A proposal waits for the owners: the log (all a CLI user may see) says where.
                const owners = r.safeTxHash !== undefined && r.status !== 'simulated'
                    ? `; ${r.confirmationsNeeded ?? 0} owner confirmation(s) still needed${r.safeUrl !== undefined ? `: ${r.safeUrl}` : ''}`
                    : '';
                env.host.info(`ens: ${r.name}: ${r.status}${r.txHash !== undefined ? ` (transaction ${r.txHash})` : ''}${r.safeTxHash !== undefined ? ` (safeTxHash ${r.safeTxHash})` : ''} → ${r.value}${owners}${r.failure !== undefined ? `: ${env.session.clean(r.failure.message)}` : ''}`);
            }
            return {
                ens: { results, outputs: report.outputs, summary: report.summary },
                ...(report.failures.length > 0
                    ? { failure: report.failures.map((f) => env.session.clean(f)).join('\n') }
                    : {}),
            };
        },
        unchanged: () => ({}),
        retire: () => Promise.resolve({}),
        republish: () => Promise.resolve({}),
    };
}


/***/ })

};
