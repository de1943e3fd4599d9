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
