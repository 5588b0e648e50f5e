export const id = 254;
export const ids = [254];
export const modules = {

/***/ 7254:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  offchainLookup: () => (/* binding */ offchainLookup),
  offchainLookupSignature: () => (/* binding */ offchainLookupSignature)
});

// UNUSED EXPORTS: ccipRequest, offchainLookupAbiItem

// EXTERNAL MODULE: ./node_modules/viem/_esm/actions/public/call.js + 1 modules
var call = __webpack_require__(8454);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/stringify.js
var stringify = __webpack_require__(2162);
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/base.js + 1 modules
var base = __webpack_require__(9298);
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/utils.js
var utils = __webpack_require__(8400);
;// CONCATENATED MODULE: ./node_modules/viem/_esm/errors/ccip.js



class OffchainLookupError extends base/* BaseError */.C {
    constructor({ callbackSelector, cause, data, extraData, sender, urls, }) {
        super(cause.shortMessage ||
            'An error occurred while fetching for an offchain result.', {
            cause,
            metaMessages: [
                ...(cause.metaMessages || []),
                cause.metaMessages?.length ? '' : [],
                'Offchain Gateway Call:',
                urls && [
                    '  Gateway URL(s):',
                    ...urls.map((url) => `    ${(0,utils/* getUrl */.ID)(url)}`),
                ],
                `  Sender: ${sender}`,
                `  Data: ${data}`,
                `  Callback selector: ${callbackSelector}`,
                `  Extra data: ${extraData}`,
            ].flat(),
            name: 'OffchainLookupError',
        });
    }
}
class OffchainLookupResponseMalformedError extends base/* BaseError */.C {
    constructor({ result, url }) {
        super('Offchain gateway response is malformed. Response data must be a hex value.', {
            metaMessages: [
                `Gateway URL: ${(0,utils/* getUrl */.ID)(url)}`,
                `Response: ${(0,stringify/* stringify */.A)(result)}`,
            ],
            name: 'OffchainLookupResponseMalformedError',
        });
    }
}
class OffchainLookupSenderMismatchError extends base/* BaseError */.C {
    constructor({ sender, to }) {
        super('Reverted sender address does not match target contract address (`to`).', {
            metaMessages: [
                `Contract address: ${to}`,
                `OffchainLookup sender address: ${sender}`,
            ],
            name: 'OffchainLookupSenderMismatchError',
        });
    }
}
//# sourceMappingURL=ccip.js.map
// EXTERNAL MODULE: ./node_modules/viem/_esm/errors/request.js
var request = __webpack_require__(1168);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/abi/decodeErrorResult.js
var decodeErrorResult = __webpack_require__(2615);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/abi/encodeAbiParameters.js
var encodeAbiParameters = __webpack_require__(3570);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/address/isAddressEqual.js
var isAddressEqual = __webpack_require__(2538);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/data/concat.js
var concat = __webpack_require__(5878);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/data/isHex.js
var isHex = __webpack_require__(4381);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/ens/localBatchGatewayRequest.js + 2 modules
var localBatchGatewayRequest = __webpack_require__(7137);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/internal/http.js
var http = __webpack_require__(7373);
// EXTERNAL MODULE: ./node_modules/viem/_esm/utils/promise/withTimeout.js
var withTimeout = __webpack_require__(3882);
;// CONCATENATED MODULE: ./node_modules/viem/_esm/utils/ccip.js













const ccipTimeout = 10_000;
// Same ceiling as the HTTP transport.
const maxCcipResponseBytes = 10_485_760;
const offchainLookupSignature = '0x556f1830';
const offchainLookupAbiItem = {
    name: 'OffchainLookup',
    type: 'error',
    inputs: [
        {
            name: 'sender',
            type: 'address',
        },
        {
            name: 'urls',
            type: 'string[]',
        },
        {
            name: 'callData',
            type: 'bytes',
        },
        {
            name: 'callbackFunction',
            type: 'bytes4',
        },
        {
            name: 'extraData',
            type: 'bytes',
        },
    ],
};
/**
 * Performs an EIP-3668 CCIP-Read lookup for a reverted `OffchainLookup` call.
 *
 * Follows at most 4 nested callbacks. Every gateway request of the lookup,
 * including nested local batches, draws from one query and concurrency budget,
 * and local batch responses draw from one byte budget. Each gateway request
 * uses the client transport timeout.
 */
async function offchainLookup(client, { blockHash, blockNumber, blockTag, budget = (0,localBatchGatewayRequest/* createCcipReadBudget */.hV)(), data, depth = 0, requestOptions, requireCanonical, to, }) {
    const { args } = (0,decodeErrorResult/* decodeErrorResult */.W)({
        data,
        abi: [offchainLookupAbiItem],
    });
    const [sender, urls, callData, callbackSelector, extraData] = args;
    const { ccipRead } = client;
    const ccipRequest_ = ccipRead && typeof ccipRead?.request === 'function'
        ? ccipRead.request
        : ccipRequest;
    const timeout = getTransportTimeout(client.transport);
    try {
        if (depth >= localBatchGatewayRequest/* ccipReadLimit */.F_.depth)
            throw new request/* HttpRequestError */.Ci({
                details: `CCIP Read exceeded the maximum callback depth (${localBatchGatewayRequest/* ccipReadLimit */.F_.depth}).`,
                url: urls[0] ?? '',
            });
        if (!(0,isAddressEqual/* isAddressEqual */.h)(to, sender))
            throw new OffchainLookupSenderMismatchError({ sender, to });
        const result = await (async () => {
            if (urls.includes(localBatchGatewayRequest/* localBatchGatewayUrl */.JF))
                return (0,localBatchGatewayRequest/* localBatchGatewayRequest */.XC)({
                    budget,
                    ccipRequest: (parameters) => ccipRequest_({
                        ...parameters,
                        requestOptions,
                        timeout: parameters.timeout ?? timeout,
                    }),
                    data: callData,
                });
            if (budget.queries <= 0)
                throw new request/* HttpRequestError */.Ci({
                    details: `CCIP Read exceeded the maximum number of queries (${localBatchGatewayRequest/* ccipReadLimit */.F_.queries}).`,
                    url: urls[0] ?? '',
                });
            // Each URL is a gateway request, so each one draws from the budget.
            const urls_ = urls.slice(0, budget.queries);
            budget.queries -= Math.max(1, urls_.length);
            return budget.run(() => ccipRequest_({
                data: callData,
                requestOptions,
                sender,
                timeout,
                urls: urls_,
            }));
        })();
        const callbackData = (0,concat/* concat */.xW)([
            callbackSelector,
            (0,encodeAbiParameters/* encodeAbiParameters */.h)([{ type: 'bytes' }, { type: 'bytes' }], [result, extraData]),
        ]);
        // The callback runs without CCIP-Read so a nested `OffchainLookup` comes
        // back here with the lookup's depth and budget.
        try {
            const { data: data_ } = await (0,call/* call */.T)({ ...client, ccipRead: false }, {
                blockHash,
                blockNumber,
                blockTag,
                data: callbackData,
                requestOptions,
                requireCanonical,
                to,
            });
            return data_;
        }
        catch (err) {
            const revertData = (0,call/* getRevertErrorData */.F)(err);
            if (revertData?.slice(0, 10) !== offchainLookupSignature)
                throw err;
            return await offchainLookup(client, {
                blockHash,
                blockNumber,
                blockTag,
                budget,
                data: revertData,
                depth: depth + 1,
                requestOptions,
                requireCanonical,
                to,
            });
        }
    }
    catch (err) {
        if (requestOptions?.signal?.aborted)
            throw (0,utils/* getAbortError */.TY)(requestOptions.signal);
        if ((0,utils/* isAbortError */.zf)(err))
            throw err;
        throw new OffchainLookupError({
            callbackSelector,
            cause: err,
            data,
            extraData,
            sender,
            urls,
        });
    }
}
/**
 * Requests a CCIP-Read gateway result.
 *
 * Tries each HTTP(S) URL in order. Each request, including the response body,
 * times out after `timeout` (default 10 seconds) and reads at most 10 MiB.
 */
async function ccipRequest({ data, requestOptions, sender, timeout = ccipTimeout, urls, }) {
    let error = new Error('An unknown error occurred.');
    for (const url of urls) {
        if (requestOptions?.signal?.aborted)
            throw (0,utils/* getAbortError */.TY)(requestOptions.signal);
        const requestUrl = url
            .replace('{sender}', sender.toLowerCase())
            .replace('{data}', data);
        const method = url.includes('{data}') ? 'GET' : 'POST';
        const body = method === 'POST' ? { data, sender } : undefined;
        const headers = method === 'POST' ? { 'Content-Type': 'application/json' } : {};
        try {
            assertCcipUrl(requestUrl);
            const { response, responseBody } = await (0,withTimeout/* withTimeout */.w)(async ({ signal: timeoutSignal }) => {
                // Abort on whichever fires first so that a `signal` does not
                // disable the timeout.
                const { signal, cleanup } = (0,http/* anySignal */.J)([
                    requestOptions?.signal,
                    timeout > 0 ? timeoutSignal : null,
                ]);
                try {
                    const response = await fetch(requestUrl, {
                        body: JSON.stringify(body),
                        headers,
                        method,
                        ...(signal ? { signal } : {}),
                    });
                    // Read the body within the timeout too, so a response that stalls
                    // after its headers cannot hang the request.
                    const responseBody = await (0,http/* readResponseBody */.O)(response, {
                        maxResponseBodySize: maxCcipResponseBytes,
                    });
                    return { response, responseBody };
                }
                finally {
                    cleanup();
                }
            }, {
                errorInstance: new request/* TimeoutError */.MU({
                    body: body ?? { data, sender },
                    url,
                }),
                signal: true,
                timeout,
            });
            let result;
            let message;
            if (response.headers.get('Content-Type')?.startsWith('application/json')) {
                const json = JSON.parse(responseBody);
                result = json.data;
                // EIP-3668 gateways describe 4xx and 5xx errors as `{ message: string }`.
                if (typeof json.message === 'string')
                    message = json.message;
            }
            else {
                result = responseBody;
            }
            if (!response.ok) {
                error = new request/* HttpRequestError */.Ci({
                    body,
                    details: result?.error
                        ? (0,stringify/* stringify */.A)(result.error)
                        : (message ?? response.statusText),
                    headers: response.headers,
                    status: response.status,
                    url,
                });
                continue;
            }
            if (!(0,isHex/* isHex */.q)(result)) {
                error = new OffchainLookupResponseMalformedError({
                    result,
                    url,
                });
                continue;
            }
            return result;
        }
        catch (err) {
            if (requestOptions?.signal?.aborted)
                throw (0,utils/* getAbortError */.TY)(requestOptions.signal);
            if ((0,utils/* isAbortError */.zf)(err))
                throw err;
            if (err instanceof request/* HttpRequestError */.Ci ||
                err instanceof request/* TimeoutError */.MU ||
                err instanceof request/* ResponseBodyTooLargeError */.f) {
                error = err;
                continue;
            }
            error = new request/* HttpRequestError */.Ci({
                body,
                cause: err,
                url,
            });
        }
    }
    throw error;
}
function assertCcipUrl(url) {
    const parsed = (() => {
        try {
            return new URL(url);
        }
        catch {
            throw new request/* HttpRequestError */.Ci({
                details: 'CCIP Read URL is invalid.',
                url,
            });
        }
    })();
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:')
        return;
    throw new request/* HttpRequestError */.Ci({
        details: `CCIP Read URL scheme "${parsed.protocol.slice(0, -1)}" is not allowed.`,
        url,
    });
}
/**
 * Returns the transport timeout. A wrapper that sets none (such as
 * `fallback`) uses the longest timeout of its transports, since any of them
 * may have served the call.
 */
function getTransportTimeout(transport) {
    const timeout = transport.timeout ?? transport.config?.timeout;
    if (timeout !== undefined)
        return timeout;
    const timeouts = (transport.transports ?? transport.value?.transports ?? [])
        .map(getTransportTimeout)
        .filter((timeout) => timeout !== undefined);
    return timeouts.length ? Math.max(...timeouts) : undefined;
}
//# sourceMappingURL=ccip.js.map

/***/ })

};
