// Type declarations for hwcloud-signer (hand-written; shared by every entry point).

/** Stable error codes (`err.code`). */
export type HwCloudSignerErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_INVALID_METHOD'
  | 'ERR_INVALID_URL'
  | 'ERR_URL_TOO_LONG'
  | 'ERR_INVALID_HEADER'
  | 'ERR_DUPLICATE_HEADER'
  | 'ERR_HEADERS_TOO_LARGE'
  | 'ERR_INVALID_DATE'
  | 'ERR_INVALID_CREDENTIALS'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_UNSUPPORTED_BODY'
  | 'ERR_INVALID_PAYLOAD_HASH'
  | 'ERR_INVALID_TOKEN_PARAMS'
  | 'ERR_INVALID_RESPONSE'
  | 'ERR_IAM'
  | 'ERR_SIGNATURE_MISMATCH'
  | 'ERR_WASM_INIT'
  | 'ERR_NOT_INITIALIZED'
  | 'ERR_INTERNAL'
  | 'ERR_NO_CRYPTO'
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_CREDENTIALS_NOT_FOUND'
  | 'ERR_CREDENTIALS_FILE'
  | 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME'
  | 'ERR_INVALID_PROFILE'
  | 'ERR_METADATA'
  | 'ERR_METADATA_NO_AGENCY'
  | 'ERR_POD_IDENTITY'
  | 'ERR_NO_CREDENTIALS'
  | 'ERR_PROJECT_NOT_FOUND'
  | 'ERR_MULTIPLE_PROJECTS'
  | 'ERR_DOMAIN_NOT_FOUND'
  | 'ERR_REDIRECT'
  | 'ERR_REDIRECT_CROSS_ORIGIN'
  | 'ERR_UNSUPPORTED_ALGORITHM'
  | 'ERR_INVALID_SIGN_OPTION'
  | 'ERR_MISSING_SIGN_OPTION'
  /** Only in an aggregate error's per-source list (`err.errors[i].code`) when a source failed without a code. */
  | 'ERR_UNKNOWN'
  | (string & {});

/**
 * Base class of every error the package throws. `instanceof` also matches HwCloudSignerTypeError,
 * and errors from the package's other copy (the ESM files and the CommonJS build loaded side by side).
 * The stable check is `err.code`.
 */
export declare class HwCloudSignerError extends Error {
  constructor(code: HwCloudSignerErrorCode, message: string, options?: { cause?: unknown });
  readonly code: HwCloudSignerErrorCode;
}

/** A wrong argument type or a missing required argument (also `instanceof TypeError`). */
export declare class HwCloudSignerTypeError extends TypeError {
  constructor(code: HwCloudSignerErrorCode, message: string, options?: { cause?: unknown });
  readonly code: HwCloudSignerErrorCode;
}

/** What a WebAssembly module can be initialised from. */
export type WasmSource =
  | WebAssembly.Module
  | BufferSource
  | Response
  | URL
  | string
  | { default: WebAssembly.Module };

/**
 * Initialises the WebAssembly module. Optional (every async function initialises on first use),
 * idempotent, and retryable after a failure. With `hwcloud-signer/slim`, pass the wasm.
 */
export declare function init(input?: WasmSource | Promise<WasmSource>): Promise<void>;

/** Synchronous initialisation from a compiled `WebAssembly.Module`. Idempotent. */
export declare function initSync(module: WebAssembly.Module | { default: WebAssembly.Module } | BufferSource): void;

/** Largest body accepted on an AK/SK-signed request (12 MB); use token auth above it. */
export declare const MAX_BODY_BYTES: number;

export interface SignableRequest {
  /** Default "GET"; signed upper-cased. */
  method?: string;
  /** Absolute http(s) URL. */
  url: string | URL;
  headers?: Headers | Record<string, string> | [string, string][];
  /** Hashed as the exact bytes that will be sent. */
  body?: string | ArrayBuffer | ArrayBufferView | null;
}

export interface Credentials {
  /** Access key id. */
  ak: string;
  /** Secret access key. Never appears in errors or output. */
  sk: string;
  /** Temporary AK/SK: adds and signs X-Security-Token. */
  securityToken?: string;
  /** Adds and signs X-Project-Id. */
  projectId?: string;
  /** Adds and signs X-Domain-Id. */
  domainId?: string;
}

export interface SignOptions {
  /** number = epoch ms; string = "YYYYMMDDTHHMMSSZ"; default: an X-Sdk-Date header if given, else now. */
  signingDate?: Date | number | string;
  /** Send and sign X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD. */
  unsignedPayload?: boolean;
  /** Precomputed lowercase hex SHA-256 of the body. */
  payloadHash?: string;
}

export interface SignedRequest {
  method: string;
  /** The URL to send: its query is exactly the canonical query string. */
  url: string;
  /** Every header to send, including X-Sdk-Date and Authorization (never Host). */
  headers: Record<string, string>;
  /**
   * The body to send: the string you gave, or your bytes as a Uint8Array over the same memory.
   * Typed `Uint8Array<ArrayBuffer>` so that `fetch(s.url, { method: s.method, headers: s.headers, body: s.body })`
   * typechecks (TypeScript 5.7+); a body over a SharedArrayBuffer cannot be sent by fetch anyway.
   */
  body?: string | Uint8Array<ArrayBuffer> | null;
  /** "SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…" */
  authorization: string;
  signature: string;
  signedHeaders: string;
  /** For debugging; contains no secret. */
  canonicalRequest: string;
  /** For debugging; contains no secret. */
  stringToSign: string;
}

/** Signs a request with SDK-HMAC-SHA256 (Huawei Cloud AK/SK authentication). */
export declare function signRequest(request: SignableRequest, credentials: Credentials | (() => Credentials | Promise<Credentials>), options?: SignOptions): Promise<SignedRequest>;

/** Synchronous signRequest; call `await init()` first (not needed with the workerd / edge-light entries). */
export declare function signRequestSync(request: SignableRequest, credentials: Credentials, options?: SignOptions): SignedRequest;

/** One of the six parts of a canonical request. */
export type CanonicalPart = 'method' | 'canonical-uri' | 'canonical-query' | 'canonical-headers' | 'signed-headers' | 'payload-hash';

/** What `explainMismatch` concluded (stable strings). */
export type MismatchKind =
  | 'method' | 'path' | 'query' | 'header-missing-on-server' | 'header-missing-locally' | 'header-value'
  | 'signed-headers' | 'payload-hash' | 'signature-expired' | 'none'
  | 'locked-out' | 'ak-not-found' | 'token' | 'no-echo' | 'no-local-request' | 'unrecognised';

/** One aligned line of the two canonical requests (`null`: the line exists on one side only). */
export interface MismatchLine {
  part: CanonicalPart;
  /** Header name, for canonical-headers lines. */
  name?: string;
  ours: string | null;
  theirs: string | null;
  status: 'same' | 'changed' | 'only-ours' | 'only-theirs';
}

export interface MismatchDifference {
  kind: Exclude<MismatchKind, 'none' | 'locked-out' | 'ak-not-found' | 'token' | 'no-echo' | 'no-local-request' | 'unrecognised'>;
  part: CanonicalPart;
  header?: string;
  /** For path and query: 'double-encoded' | 'encoding' | 'prefix' | 'different' | 'order' | 'missing-on-server' | 'missing-locally' | 'value'. */
  detail?: string;
  ours: string | null;
  theirs: string | null;
  /** Plain-language explanation and what to do. */
  explanation: string;
}

export interface MismatchExplanation {
  server: { code?: string; message: string; requestId?: string };
  /** The gateway's canonical request rebuilt from its echo ("|" → newline), or null if it sent none. */
  serverCanonicalRequest: string | null;
  canonicalRequest: string | null;
  /** The two canonical requests aligned part by part; null when there was nothing to compare. */
  lines: MismatchLine[] | null;
  firstDifference: MismatchDifference | null;
  kind: MismatchKind;
  /** One paragraph for a person. */
  summary: string;
  warnings: string[];
  /** Server clock minus local clock (from "signature expired" times, or responseDate). */
  clockOffsetMs?: number;
}

/**
 * Explains a "verify aksk signature fail" (or "signature expired") reply from Huawei's API gateway by
 * comparing the canonical request it echoes with ours (`SignedRequest.canonicalRequest`).
 */
export declare function explainMismatch(input: {
  /** The gateway's error text: the JSON body, its error_msg, or a pasted response. */
  serverMessage: string;
  canonicalRequest?: string;
  /** The X-Sdk-Date used locally (warns when far from `now`). */
  sdkDate?: string;
  now?: number | Date;
  /** A response's Date header: sets clockOffsetMs. */
  responseDate?: string;
}): MismatchExplanation;

/** Reads a gateway error text: code, message, request id and the echoed canonical request. */
export declare function parseServerMessage(text: string): {
  code?: string; message: string; requestId?: string; canonicalRequest: string | null;
  sdkDate?: string; signatureTime?: string; serverTime?: string;
};

/** Offset of the local clock from a server `Date` header (offsetMs > 0: the server is ahead). null if unparsable. */
export declare function clockOffset(serverDate: string | Date, now?: number | Date): { offsetMs: number; serverTime: Date; explanation: string } | null;

/** A request as a server received it (or pass a fetch `Request`, e.g. in a Worker). */
export interface ReceivedRequest {
  /** Default "GET". */
  method?: string;
  /** The absolute URL as received, e.g. Workers' `request.url`; in Node: `new URL(req.url, 'https://' + req.headers.host)`. */
  url: string | URL;
  /** Headers as received; repeated names are joined with ", " (Node's string[] values too). */
  headers?: Headers | Record<string, string | string[] | undefined> | [string, string][];
  /**
   * The body as received: bytes, or a stream (a web `ReadableStream`, or an async iterable such as
   * Node's `IncomingMessage`) that is read only once the headers and the key check out, at most
   * `maxBodyBytes`. Or pass `options.payloadHash` and no body.
   */
  body?: string | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
}

/** Why a request was refused (`VerifyResult.reason`). */
export type VerifyFailureReason =
  | 'missing-authorization'
  | 'malformed-authorization'
  | 'unsupported-algorithm'
  | 'missing-date'
  | 'invalid-date'
  | 'date-skew'
  /** V11-HMAC-SHA256: the `Credential` scope's date is not the date of X-Sdk-Date. */
  | 'scope-date-mismatch'
  | 'missing-signed-header'
  | 'invalid-request'
  | 'unknown-ak'
  | 'payload-hash-mismatch'
  | 'signature-mismatch'
  /** `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is signed and `allowUnsignedPayload` is not set. */
  | 'unsigned-payload'
  /** Content-Length, the body's length, or the bytes streamed so far exceed `maxBodyBytes`. */
  | 'body-too-large'
  /** `lookup` threw or rejected (the error is the result's non-enumerable `cause`). */
  | 'lookup-failed'
  /** `lookup` did not answer within `lookupTimeoutMs`. */
  | 'lookup-timeout'
  /** A body stream sent nothing for `bodyTimeoutMs`. */
  | 'body-timeout'
  /** `options.replay` returned or resolved `false`, threw, or did not answer within `lookupTimeoutMs`. */
  | 'replayed';

export interface VerifyOptions {
  /** The server's clock (default `Date.now()`). */
  now?: Date | number;
  /** Largest accepted |X-Sdk-Date − now| in milliseconds (default 900000: the gateway's 15 minutes). */
  maxSkewMs?: number;
  /** Lowercase hex SHA-256 of the body, when you hash the body yourself (the body is then not read). */
  payloadHash?: string;
  /** Largest body accepted, in bytes (default and maximum `MAX_BODY_BYTES`, the gateway's 12 MB). */
  maxBodyBytes?: number;
  /** Accept a signed `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (the body is then not covered; default false). */
  allowUnsignedPayload?: boolean;
  /** How long `lookup` (and `replay`) may take, in milliseconds (default 5000; `Infinity`: no limit). */
  lookupTimeoutMs?: number;
  /** Longest wait for the next chunk of a body stream, in milliseconds (default 30000; `Infinity`: no limit). */
  bodyTimeoutMs?: number;
  /**
   * Called once everything else passed, with the signature (lower-case hex), X-Sdk-Date and access
   * key id. Return or resolve `false` (or throw) to refuse with `replayed`, e.g. when the signature
   * was seen within the last `maxSkewMs` * 2.
   */
  replay?: (signature: string, sdkDate: string, ak: string) => boolean | void | Promise<boolean | void>;
}

export interface VerifyResult {
  valid: boolean;
  /** Set when `valid` is false. */
  reason?: VerifyFailureReason;
  /** What is wrong (no secret in it; never the expected signature). */
  message?: string;
  /** The access key id from the Authorization header, once it could be parsed. */
  ak?: string;
  /** "SDK-HMAC-SHA256", once the Authorization header could be parsed. */
  algorithm?: string;
  /** The canonical request and string to sign the server computed (when the signature was checked). */
  canonicalRequest?: string;
  stringToSign?: string;
  /**
   * Valid results: the signed path, decoded segment by segment (UTF-8), without the trailing "/"
   * the signature does not cover ("/" for the root). Read this, not `request.url`.
   */
  path?: string;
  /** Valid results: the signed query as decoded [key, value] pairs, sorted as signed ("a+b" is a plus). */
  query?: [string, string][];
  /** Valid results: true when the body is not covered by the signature (UNSIGNED-PAYLOAD). */
  unsignedPayload?: boolean;
  /** Valid results: the header names the signature covers (lower case); treat every other header as untrusted. */
  signedHeaders?: string[];
  /** `lookup-failed`, `replayed` and a body stream that failed: the error (not enumerable: not in JSON). */
  cause?: unknown;
}

/**
 * Verifies a received SDK-HMAC-SHA256 request as Huawei's API gateway does: parses Authorization,
 * rebuilds the canonical request over exactly the SignedHeaders the client chose (each must be
 * present), compares signatures in constant time and refuses an X-Sdk-Date more than 15 minutes
 * from `now`. Headers are checked before `lookup` is called, and the body is read last, at most
 * `maxBodyBytes`. Resolves `{ valid: false, reason }` for any invalid request and for a failing
 * lookup or replay hook; rejects only for programmer errors (wrong argument or option types, an
 * unsupported body type; ERR_NO_CRYPTO where neither node:crypto nor WebCrypto is available).
 */
export declare function verifyRequest(
  request: ReceivedRequest | Request,
  lookup: (ak: string) => string | Uint8Array | null | undefined | Promise<string | Uint8Array | null | undefined>,
  options?: VerifyOptions,
): Promise<VerifyResult>;

// ---------------------------------------------------------------------------------------------
// IAM token authentication and the fetch client (pkg/src/token-*.js, refresh-cache.js, client.js)

/** Password login parameters (IAM `POST /v3/auth/tokens`). */
export interface TokenParams {
  /** Region id: IAM endpoint https://iam.{region}.myhuaweicloud.com, and the default project name. Absent: global https://iam.myhuaweicloud.com. */
  region?: string;
  /** IAM base URL overriding the region's (a proxy, a test server); trailing "/" ignored. */
  endpoint?: string | URL;
  /** The account name (IAM's "domain name"). */
  domainName: string;
  /** The IAM user name. */
  userName: string;
  /** Never appears in errors. */
  password: string;
  /** Project scope by name (default: the project named after `region`). */
  projectName?: string;
  /** Project scope by id. */
  projectId?: string;
  /** Default: 'project' when a region or project is given, else 'domain'. */
  scope?: 'project' | 'domain';
  /** Virtual MFA: methods ["password", "totp"]. `userId` is the IAM user's id; `passcode` a string (keeps leading zeros). */
  mfa?: { userId: string; passcode: string };
  /** Default true: appends ?nocatalog=true (the catalog makes answers hundreds of KB). */
  nocatalog?: boolean;
}

/** A request for `fetch(url, init)`. */
export interface FetchableRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A Response, or its parts. */
export type IamResponse = Response | { status: number; headers?: Headers | Record<string, string> | [string, string][]; body?: string | ArrayBuffer | ArrayBufferView | null };

export interface TokenInfo {
  /** From the X-Subject-Token response header: send it as X-Auth-Token. */
  token: string;
  expiresAt: Date;
  /** IAM's issued_at (the response Date, or now, if IAM sent none). */
  issuedAt: Date;
  projectId?: string;
  domainId?: string;
  userId?: string;
}

/** Temporary access keys, usable directly as `Credentials`. */
export interface TemporaryCredentials {
  ak: string;
  sk: string;
  securityToken: string;
  expiresAt: Date;
}

/** Builds IAM's password login request. Rejects with ERR_INVALID_TOKEN_PARAMS for a missing or invalid field. */
export declare function buildTokenRequest(params: TokenParams): Promise<FetchableRequest>;

/** Reads a login answer. Status 201 only; anything else rejects with an IamError; an unusable 201 with ERR_INVALID_RESPONSE. */
export declare function parseTokenResponse(response: IamResponse): Promise<TokenInfo>;

/** Builds `POST /v3.0/OS-CREDENTIAL/securitytokens` (headers Content-Type and X-Auth-Token). */
export declare function buildSecurityTokenRequest(params: {
  token: string;
  region?: string;
  endpoint?: string | URL;
  /** 900 (default) to 86400. */
  durationSeconds?: number;
}): Promise<FetchableRequest>;

/** Reads the temporary access key answer (status 201; anything else rejects with an IamError). */
export declare function parseSecurityTokenResponse(response: IamResponse): Promise<TemporaryCredentials>;

/** IAM refused a request. Reads IAM's three error body shapes. `code` is 'ERR_IAM'. */
export declare class IamError extends HwCloudSignerError {
  constructor(init: { status: number; iamCode?: string; iamMessage?: string; requestId?: string }, message?: string);
  /** HTTP status. */
  readonly status: number;
  /** e.g. "IAM.0011", "APIGW.0301", "401". */
  readonly iamCode?: string;
  readonly iamMessage?: string;
  /** X-Request-Id (or the body's request_id). */
  readonly requestId?: string;
}

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface TokenAuthOptions extends TokenParams {
  /** Default: the global fetch. IAM is called as fetch(url, { method, headers, body }). */
  fetch?: FetchLike;
  /**
   * Refresh when less than this share of the token's lifetime (IAM's expires_at − issued_at) is
   * left; default 0.2 (a 24 h token after ~19 h, 15-minute keys after 12 min).
   */
  refreshFraction?: number;
  /**
   * A token (or temporary key) due for refresh is still served, while one refresh runs in the
   * background, until this long before it expires; default 60000. A refresh failure reaches
   * callers only from then on (see `lastRefreshError`).
   */
  safetyMarginMs?: number;
  /** A login (or temporary key request) taking longer is aborted with ERR_TIMEOUT; the next call starts a new one. Default 30000. */
  loginTimeoutMs?: number;
  /** Called with the error of every failed login or temporary key request (also those in the background). */
  onRefreshError?: (error: HwCloudSignerError) => void;
  /** Epoch milliseconds now (tests); default Date.now. */
  clock?: () => number;
}

/** A credentials provider: cached, refreshed before expiry, one in-flight request shared. */
export interface CredentialsProvider {
  (options?: { signal?: AbortSignal }): Promise<TemporaryCredentials>;
  /** Forgets the cached keys. */
  invalidate(): void;
  /** The error of the last failed refresh (while valid keys were still served), or null after a success. */
  readonly lastRefreshError?: Error | null;
}

/** An IAM token kept fresh: cached, refreshed before expiry, one IAM request shared by concurrent callers. */
export declare class TokenAuth {
  constructor(options: TokenAuthOptions);
  /**
   * The token (cached; a failed login rejects every waiter and the next call tries again; while the
   * cached token is valid a failed refresh is not thrown). `signal` stops this caller's wait only.
   */
  token(options?: { signal?: AbortSignal }): Promise<string>;
  tokenInfo(options?: { signal?: AbortSignal }): Promise<TokenInfo>;
  /** The error of the last failed login (also one in the background), or null after a success. */
  readonly lastRefreshError: Error | null;
  /** Forgets the cached token (or only `token`, if it is still the cached one). */
  invalidate(token?: string): void;
  /**
   * fetch with X-Auth-Token; on 401 APIGW.0307 refreshes the token once and retries. Follows
   * redirects on the same origin only (another origin: ERR_REDIRECT_CROSS_ORIGIN).
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Temporary AK/SK obtained with this token, for `new HuaweiCloudClient({ credentials })`. `durationSeconds` (900–86400) is checked at once. */
  temporaryCredentials(options?: { durationSeconds?: number }): CredentialsProvider;
}

/** Per-request signing options, passed as `init.hwcloud`. */
export interface HwCloudRequestOptions {
  /** `sign()` only (`fetch()` signs every attempt with the current time). */
  signingDate?: Date | number | string;
  /** Required (or payloadHash) for ReadableStream bodies. */
  unsignedPayload?: boolean;
  payloadHash?: string;
  /** `fetch()` only: overrides the client's `retryNonIdempotent` for this request. */
  retryNonIdempotent?: boolean;
}

export interface HuaweiCloudClientOptions {
  ak?: string;
  sk?: string;
  securityToken?: string;
  /** A provider for rotating keys (e.g. `tokenAuth.temporaryCredentials()`), called before every signature. */
  credentials?: Credentials | (() => Credentials | Promise<Credentials>);
  projectId?: string;
  domainId?: string;
  /**
   * Without projectId: looked up once at IAM (`GET /v3/projects?name=<region>`, see discoverProjectId) and signed as X-Project-Id.
   * With `algorithm: 'V11-HMAC-SHA256'`: also the region of the derived key (required there; 'globe' for global services).
   */
  region?: string;
  /** signRequest's `options.algorithm` for every request (default 'SDK-HMAC-SHA256'); any other string throws ERR_UNSUPPORTED_ALGORITHM. */
  algorithm?: 'SDK-HMAC-SHA256' | 'V11-HMAC-SHA256' | 'SDK-HMAC-SM3' | 'SDK-ECDSA-P256-SHA256' | 'SDK-SM2-SM3';
  /** V11-HMAC-SHA256 only (required there): the derived auth service name, e.g. 'iotdm'. */
  service?: string;
  /** `true` without domainId: the account id is looked up at IAM (`GET /v3/auth/domains`) and signed as X-Domain-Id. */
  discoverDomainId?: boolean;
  /** IAM base URL for those lookups (default: the region's IAM endpoint, else https://iam.myhuaweicloud.com). */
  iamEndpoint?: string;
  /** Default: the global fetch, called with one signed Request. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Retries on 429, 5xx, network errors and timeouts (default 3, at most 10), full-jitter
   * exponential backoff. POST, PATCH and other non-idempotent methods are retried only after a
   * network error proving the request never left (connection refused, DNS), unless `retryNonIdempotent`.
   */
  retries?: number;
  /** Retry POST/PATCH like idempotent methods (default false: the server may already have acted on them). */
  retryNonIdempotent?: boolean;
  /** Per attempt, until the response headers arrive (default 30000; Infinity: none): ERR_TIMEOUT. */
  timeoutMs?: number;
  /** Backoff base (default 100 ms) and cap (default 10 s); a Retry-After header wins (capped). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Epoch milliseconds now (tests); default Date.now. */
  clock?: () => number;
}

/** The error thrown for APIGW.0301 "verify aksk signature fail" (code ERR_SIGNATURE_MISMATCH); never retried. */
export declare class SignatureMismatchError extends HwCloudSignerError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'ERR_SIGNATURE_MISMATCH';
  status: number;
  gatewayCode: string;
  gatewayMessage: string;
  requestId?: string;
  /** The gateway's canonical request ("|" turned back into newlines), when it echoed one. */
  serverCanonicalRequest?: string;
  clientCanonicalRequest: string;
  readonly response: Response;
}

/** AK/SK client shaped like aws4fetch's AwsClient. */
export declare class HuaweiCloudClient {
  constructor(options: HuaweiCloudClientOptions);
  /** Server clock minus local clock, learnt from a "signature expired" answer (ms). */
  readonly clockOffset: number;
  /** A signed Request (never with a Host header; a given Host is signed, not sent). */
  sign(input: Request | string | URL, init?: RequestInit & { hwcloud?: HwCloudRequestOptions }): Promise<Request>;
  /**
   * Signs every attempt afresh; retries 429/5xx/network errors (POST/PATCH only when never sent);
   * throws ERR_SIGNATURE_MISMATCH on APIGW.0301, ERR_NETWORK (with `cause`) when unreachable,
   * ERR_TIMEOUT after `timeoutMs`; follows same-origin redirects re-signed, refuses others
   * (ERR_REDIRECT_CROSS_ORIGIN).
   */
  fetch(input: Request | string | URL, init?: RequestInit & { hwcloud?: HwCloudRequestOptions }): Promise<Response>;
}

// ---------------------------------------------------------------------------------------------
// Credential providers (the official SDKs' sources) and project / domain id discovery

/** What a credential provider resolves to; pass the provider itself as `credentials`. */
export interface ProvidedCredentials extends Credentials {
  /** Where the keys came from. */
  readonly source: 'env' | 'profile' | 'instance-metadata' | 'oidc' | 'pod-identity';
  /** IAM base URL named by the source (HUAWEICLOUD_SDK_IAM_ENDPOINT, a profile's iam_endpoint). */
  iamEndpoint?: string;
  /** Temporary keys only. */
  expiresAt?: Date;
}

/** A credentials source: `await provider()`; temporary keys cached, refreshed before expiry, one refresh shared. */
export interface CredentialProvider {
  (): Promise<ProvidedCredentials>;
  /** Forgets cached keys (and a cached profile file); the next call fetches or reads again. */
  invalidate(): void;
}

export interface ProviderFetchOptions {
  /** Default: the global fetch. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Epoch milliseconds now (tests); default Date.now. */
  clock?: () => number;
  /** Refresh when less than this share of the keys' lifetime is left (default 0.2). */
  refreshFraction?: number;
}

/**
 * HUAWEICLOUD_SDK_AK / _SK / _SECURITY_TOKEN / _PROJECT_ID / _DOMAIN_ID / _IAM_ENDPOINT, or
 * _IDP_ID + _ID_TOKEN_FILE (OIDC federation). `env` defaults to process.env; in Workers pass `env`.
 */
export declare function fromEnv(env?: Record<string, string | undefined>, options?: ProviderFetchOptions): CredentialProvider;

/** The SDKs' INI file (default ~/.huaweicloud/credentials or HUAWEICLOUD_SDK_CREDENTIALS_FILE), section [basic] by default. Node, Deno, Bun. */
export declare function fromProfile(options?: ProviderFetchOptions & { path?: string; section?: string; env?: Record<string, string | undefined> }): CredentialProvider;

/** The ECS/BMS agency's temporary keys from the metadata service (169.254.169.254). Node, Deno, Bun. */
export declare function fromInstanceMetadata(options?: ProviderFetchOptions & { endpoint?: string; timeoutMs?: number; tokenTtlSeconds?: number }): CredentialProvider;

/** OIDC federation: an id token exchanged at IAM (X-Idp-Id) for temporary keys. `idToken` works everywhere; `idTokenFile` needs Node, Deno or Bun. */
export declare function fromOidc(options: ProviderFetchOptions & {
  idpId: string;
  idToken?: string | (() => string | Promise<string>);
  idTokenFile?: string;
  iamEndpoint?: string;
  region?: string;
  /** 900 to 86400; default 21600 (6 h, as the SDKs). */
  durationSeconds?: number;
  projectId?: string;
  domainId?: string;
}): CredentialProvider;

/** CCE pod identity: HC_CONTAINER_CREDENTIALS_FULL_URI + HC_CONTAINER_AUTHORIZATION_TOKEN_FILE. Node, Deno, Bun. */
export declare function fromPodIdentity(options?: ProviderFetchOptions & { uri?: string; tokenFile?: string; env?: Record<string, string | undefined>; timeoutMs?: number }): CredentialProvider;

/**
 * env → profile → pod identity (when configured) → instance metadata; the first that yields is kept.
 * None: rejects with ERR_NO_CREDENTIALS, `err.errors` listing every source and why.
 */
export declare function defaultProvider(options?: ProviderFetchOptions & {
  env?: Record<string, string | undefined>;
  profile?: { path?: string; section?: string } | false;
  podIdentity?: { uri?: string; tokenFile?: string; timeoutMs?: number } | false;
  metadata?: { endpoint?: string; timeoutMs?: number; tokenTtlSeconds?: number } | false;
}): CredentialProvider;

/** The error of defaultProvider() when no source yields (code ERR_NO_CREDENTIALS). */
export interface NoCredentialsError extends HwCloudSignerError {
  errors: { source: string; code: string; message: string }[];
}

export interface DiscoveryOptions {
  /** Default: the region's IAM endpoint, else https://iam.myhuaweicloud.com. */
  iamEndpoint?: string;
  /** Default: the global fetch, called with one signed Request. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The project id named after `region` (IAM `GET /v3/projects?name=<region>`, signed); cached per AK and region. ERR_PROJECT_NOT_FOUND, ERR_MULTIPLE_PROJECTS, IamError. */
export declare function discoverProjectId(credentials: Credentials | (() => Credentials | Promise<Credentials>), options: DiscoveryOptions & { region: string }): Promise<string>;

/** The account (domain) id (IAM `GET /v3/auth/domains`, signed); cached per AK. ERR_DOMAIN_NOT_FOUND, IamError. */
export declare function discoverDomainId(credentials: Credentials | (() => Credentials | Promise<Credentials>), options?: DiscoveryOptions & { region?: string }): Promise<string>;
