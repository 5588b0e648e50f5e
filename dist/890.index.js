export const id = 890;
export const ids = [890];
export const modules = {

/***/ 9890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_SEQUENCE: () => (/* binding */ MAX_SEQUENCE),
  best: () => (/* binding */ best),
  ipnsUrls: () => (/* reexport */ gateway_url/* ipnsUrls */.FU),
  nameTarget: () => (/* binding */ nameTarget),
  publishName: () => (/* binding */ publishName),
  targetsOf: () => (/* binding */ targetsOf)
});

// EXTERNAL MODULE: ./src/http/gateway-url.ts
var gateway_url = __webpack_require__(2822);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/ipns/dist/src/utils.js + 20 modules
var utils = __webpack_require__(6842);
// EXTERNAL MODULE: ./node_modules/ipns/dist/src/index.js
var src = __webpack_require__(4599);
// EXTERNAL MODULE: ./node_modules/ipns/dist/src/validator.js
var validator = __webpack_require__(1837);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/bases/base36.js
var base36 = __webpack_require__(5349);
// EXTERNAL MODULE: ./node_modules/multiformats/dist/src/cid.js
var src_cid = __webpack_require__(3656);
// EXTERNAL MODULE: ./src/ipns/value.ts
var value = __webpack_require__(6671);
;// CONCATENATED MODULE: ./src/ipns/record.ts
/**
 * IPNS records, made and checked with the field's own library (`ipns`, js-ipns): V1+V2
 * signatures, CBOR data, an end of life (EOL) and a TTL (docs/names/ipns.md). Time comes from
 * the run's clock, so a test can age a record without waiting.
 */





/** The multicodec of a CID that names a public key (`libp2p-key`). */
const LIBP2P_KEY = 0x72;
/** The CID of a `k51…` name; `undefined` when it is not one. */
function nameCid(name) {
    try {
        const cid = src_cid/* CID */.TO.parse(name, name.startsWith('k') ? base36.base36 : undefined);
        return cid.code === LIBP2P_KEY ? cid : undefined;
    }
    catch {
        return undefined;
    }
}
function routingKey(name) {
    const cid = nameCid(name);
    if (cid === undefined)
        throw new Error(`not an IPNS name: ${name}`);
    return (0,utils/* multihashToIPNSRoutingKey */.Ks)(cid.multihash);
}
/** RFC 3339 with nanoseconds (what IPNS signs), from ms since the epoch. */
function rfc3339Nano(ms) {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
/** ms since the epoch of an RFC 3339 time with any number of fraction digits. */
function parseRfc3339(text) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
    if (m === null)
        return NaN;
    const frac = (m[2] ?? '').slice(0, 3).padEnd(3, '0');
    return Date.parse(`${m[1]}.${frac}${m[3]}`);
}
/** A V1+V2 record, serialized: what routers and Kubo take. */
async function signRecord(key, o) {
    const record = await (0,src/* createIPNSRecordWithExpiration */.DM)(key, o.value, o.sequence, rfc3339Nano(o.eol), {
        v1Compatible: true,
        ttlNs: BigInt(o.ttlMs) * 1000000n,
    });
    const bytes = (0,utils/* marshalIPNSRecord */.IK)(record);
    if (bytes.length > value/* MAX_RECORD_BYTES */.x)
        throw new Error(`the signed record is ${bytes.length} bytes, above the 10 KiB routers accept`);
    return bytes;
}
/**
 * Checks `bytes` as a record of `name` (size, the key in the name or the record matching it,
 * the V2 signature, V1 fields equal to the CBOR data) and reads it. Throws with the reason when
 * it is not a record of this name; an expired one is returned with `expired` set.
 */
async function verifyRecord(name, bytes, now) {
    try {
        await (0,validator/* ipnsValidator */.Hm)(routingKey(name), bytes);
    }
    catch (err) {
        // The library checks the EOL against the system time, after the signature: expired there,
        // the record is still the name's, and the run's clock decides whether it is expired.
        if (!(err instanceof Error) || err.name !== 'RecordExpiredError')
            throw err;
    }
    const r = (0,utils/* unmarshalIPNSRecord */.zC)(bytes);
    const eol = parseRfc3339(r.validity);
    if (!Number.isFinite(eol))
        throw new Error(`its end of life "${r.validity.slice(0, 40)}" is not a time`);
    return {
        value: r.value,
        sequence: r.sequence,
        eol,
        validity: r.validity,
        ttlNs: r.ttl ?? 0n,
        expired: eol <= now,
    };
}

;// CONCATENATED MODULE: ./src/ipns/publish.ts
/**
 * Publishing an IPNS name from CI (docs/names/ipns.md, delegated-routing.md, kubo-names.md):
 *
 * 1. Read the record every target holds now and verify it against the name. A target that
 *    cannot be read stops the publish everywhere: the new sequence could not be known to be
 *    higher, and a record that loses to an older one would be worse than none.
 * 2. Sign a V1+V2 record with sequence max(highest seen + 1, Unix seconds now): higher than
 *    anything published, and still growing across runs if every router forgot the name.
 * 3. Give it to every target; then read each back (bounded, short waits) until it holds ours.
 *    A higher sequence there means another publisher wrote after we read: reported, never
 *    overwritten. A PUT answered with an error is decided by the read-back too.
 *
 * Republishing re-signs the value of the best valid record with a fresh end of life.
 */




/** How often a target is read back after the put, and the first wait (doubled each time). */
const READ_BACK_ATTEMPTS = 5;
const READ_BACK_FIRST_WAIT_MS = 250;

function targetsOf(ipns, session) {
    return ipns.publishers.flatMap((p) => p.descriptor.create(p.options, session.deps));
}
async function readOne(target, name, session, now, strict = false) {
    let bytes;
    try {
        bytes = await target.get(name, { signal: session.limit(), strict });
    }
    catch (err) {
        return {
            target,
            error: session.clean((0,errors/* errorMessage */.gJ)(err)),
            ...(err instanceof errors/* ProviderError */.mZ && err.status !== undefined ? { status: err.status } : {}),
        };
    }
    if (bytes === undefined)
        return { target };
    try {
        return { target, info: await verifyRecord(name, bytes, now) };
    }
    catch (err) {
        return { target, invalid: session.clean((0,errors/* errorMessage */.gJ)(err)) };
    }
}
/** The record that wins by the IPNS rule: the highest sequence, then the later end of life. */
function best(infos) {
    return infos
        .filter((i) => !i.expired)
        .reduce((a, b) => a === undefined || b.sequence > a.sequence || (b.sequence === a.sequence && b.eol > a.eol)
        ? b
        : a, undefined);
}
const publish_text = (seq) => seq.toString();
/** The largest sequence a record can hold (an unsigned 64-bit integer). */
const MAX_SEQUENCE = 2n ** 64n - 1n;
/**
 * What to do when a target answered 500 to the first read: some routers (the Helia-based
 * Delegated Routing server) answer so for a name they have never seen, which cannot be told
 * from an outage, so the publish fails closed (docs/names/ipns.md#first-publish).
 */
const FIRST_PUBLISH = ' If this is the name\'s first publish and a router answers 500 for a name it has never seen (the Helia-based Delegated Routing server does), make the first publish through targets that answer an unknown name with 404 or "routing: not found": "ipns-publish: kubo" with your node, or "ipns-routers" naming only such routers (boxo/someguy-based ones), for one run; later runs read the record there and go on.';
/** Publishes `value` (a path, `/ipfs/<cid>`) at the name; `value` undefined republishes. */
async function publishName(ipns, value, session, o) {
    const { name } = ipns.key;
    const targets = targetsOf(ipns, session);
    const urls = (0,gateway_url/* ipnsUrls */.FU)(o.gateway, name);
    const base = {
        name,
        ...urls,
        ttlSeconds: Math.round(ipns.ttlMs / 1000),
        republish: value === undefined,
        dryRun: o.dryRun,
    };
    const failed = (why, results = []) => ({
        ...base,
        value: value ?? '',
        sequence: '',
        validity: '',
        targets: results,
        failure: `IPNS ${name}: ${why}`,
    });
    if (targets.length === 0)
        return failed('not published: "ipns-publish" names no target.');
    try {
        return await publishTo(ipns, targets, value, session, o, base, failed);
    }
    catch (err) {
        // Whatever goes wrong (a record the library cannot make), the step ends with a clear
        // failure and still writes its outputs and summary.
        return failed(`not published: ${session.clean((0,errors/* errorMessage */.gJ)(err))}`);
    }
}
async function publishTo(ipns, targets, value, session, o, base, failed) {
    const { name } = ipns.key;
    const clock = session.clock;
    const seen = await Promise.all(targets.map((t) => readOne(t, name, session, clock.now())));
    for (const s of seen)
        if (s.invalid !== undefined)
            o.warn(`IPNS ${name}: ${s.target.label} answered a record that is not this name's (${s.invalid}); it cannot win, and is ignored.`);
    const unread = seen.filter((s) => s.error !== undefined);
    if (unread.length > 0)
        return failed(`not published: the current record could not be read from ${unread.map((s) => `${s.target.label} (${s.error ?? ''})`).join('; ')}, so a new sequence number could not be known to be higher.${unread.some((s) => s.status === 500) ? FIRST_PUBLISH : ''}`, unread.map((s) => ({ target: s.target.label, status: 'failed', error: s.error ?? '' })));
    const infos = seen.flatMap((s) => (s.info !== undefined ? [s.info] : []));
    const current = best(infos);
    const highest = infos.reduce((m, i) => (i.sequence > m ? i.sequence : m), -1n);
    let target = value;
    if (target === undefined) {
        if (current === undefined)
            return failed(`nothing to republish: ${targets.map((t) => t.label).join(', ')} ${infos.length > 0 ? 'hold only expired records' : 'hold no record'} for it. Publish it with a deploy (mode "deploy" with "path", or with "cid" for content already pinned).`);
        target = current.value;
    }
    const now = clock.now();
    const floor = BigInt(Math.floor(now / 1000));
    const sequence = highest + 1n > floor ? highest + 1n : floor;
    if (sequence > MAX_SEQUENCE) {
        const at = seen.filter((s) => s.info?.sequence === highest).map((s) => s.target.label);
        return failed(`not published: the current record${at.length > 0 ? ` (on ${at.join(', ')})` : ''} has sequence ${publish_text(highest)}, the largest an IPNS record can hold, so no record can be signed above it and the name cannot change any more. Publish under a new key (a new name) and point your links and DNSLink at it.`);
    }
    const eol = now + ipns.validityMs;
    const record = await signRecord(ipns.key.key, {
        value: target,
        sequence,
        eol,
        ttlMs: ipns.ttlMs,
    });
    const signed = await verifyRecord(name, record, now);
    const done = { ...base, value: target, sequence: publish_text(sequence), validity: signed.validity };
    o.log(`ipns: ${name}: ${o.dryRun ? 'dry run, would publish' : 'publishing'} ${target} at sequence ${publish_text(sequence)} (valid until ${signed.validity})${current !== undefined ? `; now ${current.value} at ${publish_text(current.sequence)}` : ''}`);
    if (o.dryRun)
        return {
            ...done,
            targets: seen.map((s) => ({
                target: s.target.label,
                status: 'dry-run',
                ...(s.info !== undefined ? { sequence: publish_text(s.info.sequence) } : {}),
            })),
        };
    const results = await Promise.all(targets.map((t, i) => putAndReadBack(t, name, record, target, sequence, session, seen[i]?.info !== undefined)));
    for (const r of results)
        o.log(r.status === 'published'
            ? `ipns: ${name}: ${r.target} holds sequence ${r.sequence ?? ''}`
            : `ipns: ${name}: ${r.target}: ${r.error ?? 'failed'}`);
    const bad = results.filter((r) => r.status === 'failed');
    return {
        ...done,
        targets: results,
        ...(bad.length > 0
            ? {
                failure: `IPNS ${name}: ${bad.map((r) => `${r.target}: ${r.error ?? 'failed'}`).join('; ')}`,
            }
            : {}),
    };
}
async function putAndReadBack(t, name, record, value, sequence, session, 
/** Its first answer held a record of the name: a higher one later was written since. */
hadRecord) {
    let putError;
    try {
        await t.put(name, record, { signal: session.limit() });
    }
    catch (err) {
        putError = session.clean((0,errors/* errorMessage */.gJ)(err));
    }
    const failed = (why, reads, seq) => ({
        target: t.label,
        status: 'failed',
        ...(seq !== undefined ? { sequence: publish_text(seq) } : {}),
        error: `${putError !== undefined ? `the record was refused (${putError}); ` : 'the put was answered with success, but '}${why}${reads > 1 ? ` after ${reads} reads` : ''}`,
    });
    // Reads until the target holds ours: a router may answer from a cache or a peer that has not
    // got it yet. Each read is retried by the one policy already: a read that fails is the answer.
    let why = 'it answers no record';
    for (let i = 0; i < READ_BACK_ATTEMPTS; i++) {
        if (i > 0)
            await session.clock.sleep(READ_BACK_FIRST_WAIT_MS * 2 ** (i - 1), session.limit());
        const seen = await readOne(t, name, session, session.clock.now());
        if (seen.error !== undefined)
            return failed(`reading it back failed: ${seen.error}`, i + 1);
        if (seen.invalid !== undefined)
            return failed(`it answers a record that is not this name's: ${seen.invalid}`, i + 1);
        const got = seen.info;
        if (got === undefined) {
            why = 'it answers no record';
            continue;
        }
        // At our sequence or above with another value: someone else published after our read (a
        // run in the same second signs the same sequence, and the later end of life wins).
        if (got.sequence >= sequence && got.value !== value)
            return {
                target: t.label,
                status: 'failed',
                sequence: publish_text(got.sequence),
                error: hadRecord
                    ? `another publisher wrote sequence ${publish_text(got.sequence)} (${session.clean(got.value)}) after this run read the name; it was not overwritten. Run again to publish this deploy above it, and give the workflows that publish the name one "concurrency" group.`
                    : `it now answers sequence ${publish_text(got.sequence)} (${session.clean(got.value)}), not below this run's ${publish_text(sequence)}, though it answered no record when this run read the name: a record it did not show then, or one another publisher wrote since; it was not overwritten. Run again to publish this deploy above it.`,
            };
        if (got.sequence < sequence) {
            why = `it still answers sequence ${publish_text(got.sequence)} (${session.clean(got.value)})`;
            continue;
        }
        // Ours, or a later record of the same value (a re-run that published it too).
        if (t.resolve !== undefined) {
            let resolved;
            try {
                resolved = await t.resolve(name, { signal: session.limit() });
            }
            catch (err) {
                return failed(`resolving it failed: ${session.clean((0,errors/* errorMessage */.gJ)(err))}`, i + 1);
            }
            if (resolved !== value) {
                why = `it resolves the name to ${resolved !== undefined ? session.clean(resolved) : 'nothing'}`;
                continue;
            }
        }
        return { target: t.label, status: 'published', sequence: publish_text(got.sequence) };
    }
    return failed(why, READ_BACK_ATTEMPTS);
}
/**
 * The CID the name points to, for cleanup to keep: the value of the highest-sequence record
 * signed by the name's key that any target holds, expired or not (an expired name is
 * republished or deployed again from what it pointed to). Read strictly: a target that cannot
 * be read, or answers something that only may mean "no record", is an error, and cleanup then
 * keeps everything rather than guess.
 */
async function nameTarget(ipns, session) {
    const name = ipns.key.name;
    const targets = targetsOf(ipns, session);
    if (targets.length === 0)
        return { error: `the IPNS name ${name} has no target to read it from` };
    const seen = await Promise.all(targets.map((t) => readOne(t, name, session, session.clock.now(), true)));
    const unread = seen.find((s) => s.error !== undefined);
    if (unread !== undefined)
        return {
            error: `the IPNS name ${name} could not be read from ${unread.target.label}: ${unread.error ?? ''}`,
        };
    const latest = seen
        .flatMap((s) => (s.info !== undefined ? [s.info] : []))
        .reduce((a, b) => (a === undefined || b.sequence > a.sequence ? b : a), undefined);
    if (latest === undefined)
        return {};
    const cid = (0,value/* valueCid */.O)(latest.value);
    return { value: latest.value, ...(cid !== undefined ? { cid: cid.toString() } : {}) };
}


/***/ })

};
