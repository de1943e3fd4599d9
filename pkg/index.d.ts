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
  | (string & {});

/** Base class of every error the package throws. `instanceof` also matches HwCloudSignerTypeError. */
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
  body?: string | Uint8Array | null;
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
export declare function signRequest(request: SignableRequest, credentials: Credentials, options?: SignOptions): Promise<SignedRequest>;

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
  /** The exact body bytes received. For a stream, pass `options.payloadHash` instead. */
  body?: string | ArrayBuffer | ArrayBufferView | null;
}

/** Why a request was refused (`VerifyResult.reason`). */
export type VerifyFailureReason =
  | 'missing-authorization'
  | 'malformed-authorization'
  | 'unsupported-algorithm'
  | 'missing-date'
  | 'invalid-date'
  | 'date-skew'
  | 'missing-signed-header'
  | 'invalid-request'
  | 'unknown-ak'
  | 'payload-hash-mismatch'
  | 'signature-mismatch'
  /** SignedHeaders differ from what this library signs for the request (it always signs host; never user-agent, content-length, hop-by-hop headers or names with "_"). */
  | 'unsupported-signed-header';

export interface VerifyOptions {
  /** The server's clock (default `Date.now()`). */
  now?: Date | number;
  /** Largest accepted |X-Sdk-Date − now| in milliseconds (default 900000: the gateway's 15 minutes). */
  maxSkewMs?: number;
  /** Lowercase hex SHA-256 of the body, when the body is a stream you hash yourself. */
  payloadHash?: string;
}

export interface VerifyResult {
  valid: boolean;
  /** Set when `valid` is false. */
  reason?: VerifyFailureReason;
  /** What is wrong (no secret in it; never the expected signature). */
  message?: string;
  /** The access key id from the Authorization header, once it could be parsed. */
  ak?: string;
  /** The canonical request and string to sign the server computed (when the signature was checked). */
  canonicalRequest?: string;
  stringToSign?: string;
}

/**
 * Verifies a received SDK-HMAC-SHA256 request as Huawei's API gateway does: parses Authorization,
 * rebuilds the canonical request over exactly the signed headers, compares signatures in constant
 * time and refuses an X-Sdk-Date more than 15 minutes from `now`. Resolves `{ valid: false, reason }`
 * for any invalid request; rejects only for programmer errors (wrong argument types, a throwing lookup).
 * A signed `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` means the body is not covered by the signature.
 */
export declare function verifyRequest(
  request: ReceivedRequest | Request,
  lookup: (ak: string) => string | Uint8Array | null | undefined | Promise<string | Uint8Array | null | undefined>,
  options?: VerifyOptions,
): Promise<VerifyResult>;

// ---------------------------------------------------------------------------------------------
// IAM token authentication and the fetch client (pkg/src/token.js, pkg/src/client.js)

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
  /** Epoch milliseconds now (tests); default Date.now. */
  clock?: () => number;
}

/** A credentials provider: cached, refreshed before expiry, one in-flight request shared. */
export interface CredentialsProvider {
  (): Promise<TemporaryCredentials>;
  /** Forgets the cached keys. */
  invalidate(): void;
}

/** An IAM token kept fresh: cached, refreshed before expiry, one IAM request shared by concurrent callers. */
export declare class TokenAuth {
  constructor(options: TokenAuthOptions);
  /** The token (cached; a failed login rejects every waiter and the next call tries again). */
  token(): Promise<string>;
  tokenInfo(): Promise<TokenInfo>;
  /** Forgets the cached token (or only `token`, if it is still the cached one). */
  invalidate(token?: string): void;
  /** fetch with X-Auth-Token; on 401 APIGW.0307 refreshes the token once and retries. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Temporary AK/SK obtained with this token, for `new HuaweiCloudClient({ credentials })`. */
  temporaryCredentials(options?: { durationSeconds?: number }): CredentialsProvider;
}

/** Per-request signing options, passed as `init.hwcloud`. */
export interface HwCloudRequestOptions {
  /** `sign()` only (`fetch()` signs every attempt with the current time). */
  signingDate?: Date | number | string;
  /** Required (or payloadHash) for ReadableStream bodies. */
  unsignedPayload?: boolean;
  payloadHash?: string;
}

export interface HuaweiCloudClientOptions {
  ak?: string;
  sk?: string;
  securityToken?: string;
  /** A provider for rotating keys (e.g. `tokenAuth.temporaryCredentials()`), called before every signature. */
  credentials?: Credentials | (() => Credentials | Promise<Credentials>);
  projectId?: string;
  domainId?: string;
  /** Default: the global fetch, called with one signed Request. */
  fetch?: (request: Request) => Promise<Response>;
  /** Retries on 429, 5xx and network errors (default 3), full-jitter exponential backoff. */
  retries?: number;
  /** Backoff base (default 100 ms) and cap (default 10 s); a Retry-After header wins (capped). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Epoch milliseconds now (tests); default Date.now. */
  clock?: () => number;
}

/** The error thrown for APIGW.0301 "verify aksk signature fail" (code ERR_SIGNATURE_MISMATCH); never retried. */
export interface SignatureMismatchError extends HwCloudSignerError {
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
  /** Signs every attempt afresh; retries 429/5xx/network errors; throws ERR_SIGNATURE_MISMATCH on APIGW.0301. */
  fetch(input: Request | string | URL, init?: RequestInit & { hwcloud?: HwCloudRequestOptions }): Promise<Response>;
}
