// Copyright 2026 The jwtv Authors.
//
// TypeScript declarations of jwtv for Node.js (index.js).

/// <reference types="node" />

export type Algorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

/** jwtv's stable error code names (docs/DESIGN.md). */
export type ErrorCode =
  | 'malformed' | 'bad_json' | 'unsupported_alg' | 'alg_not_allowed'
  | 'key_not_found' | 'bad_signature' | 'bad_claim' | 'expired'
  | 'not_yet_valid' | 'iat_in_future' | 'too_old' | 'bad_issuer'
  | 'bad_audience' | 'bad_subject' | 'bad_type' | 'missing_claim'
  | 'unknown_crit';

export type Secret = Buffer | Uint8Array | string;

export interface JsonWebKeySet {
  keys: Array<Record<string, unknown>>;
}

export interface ValidatorOptions {
  /** Static keys: a JWKS document (object or JSON text). */
  jwks?: JsonWebKeySet | Record<string, unknown> | string;
  /** Static HMAC secrets, raw bytes (a string is taken as UTF-8). */
  secrets?: Secret[];
  /** Keys fetched from this JWKS URL and kept current. */
  jwksUrl?: string;
  /** Keys found by OpenID Connect discovery on this issuer. */
  oidcIssuer?: string;
  /** Accept http:// URLs (tests on loopback only). */
  allowHttp?: boolean;
  issuer?: string | string[];
  audience?: string | string[];
  algorithms?: Algorithm[];
  /** Clock skew allowed for exp, nbf, iat and maxAge, in seconds. */
  leeway?: number;
  /** When set, iat is required and must be at most this many seconds old. */
  maxAge?: number;
  requiredClaims?: string[];
  /** Accept tokens without exp (off by default). */
  allowMissingExp?: boolean;
  /** A fixed time in seconds since the epoch (tests); the system clock otherwise. */
  now?: number;
  /**
   * Entries of the verified-token cache (0 or absent: no cache). With a
   * cache, the claims objects of results are shared and deep-frozen.
   */
  cache?: number;
}

export type JwtClaims = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
};

export interface JwtHeader {
  alg: Algorithm;
  kid?: string;
  typ?: string;
  [name: string]: unknown;
}

export interface ValidResult {
  valid: true;
  claims: JwtClaims;
  /** The token's (signed) header, decoded on first access. */
  readonly header: JwtHeader;
}

export interface InvalidResult {
  valid: false;
  code: ErrorCode;
}

export type ValidationResult = ValidResult | InvalidResult;

export interface Health {
  /** 'static', or the JWKS cache's source ("url https://...", "oidc ..."). */
  source: string;
  keyCount: number;
  lastSuccess?: Date | null;
  lastAttempt?: Date | null;
  lastError?: string | null;
  consecutiveFailures?: number;
  fetchCount?: number;
  snapshotVersion?: number;
  ignoredSymmetricKeys?: number;
  expiresAt?: Date | null;
  stale?: boolean;
  /** The verified-token cache's counters, when `cache` was given. */
  cache?: { hits: number; misses: number; entries: number; evictions: number };
}

export interface Validator {
  /** @throws TypeError when token is not a string. */
  validate(token: string): ValidationResult;
  /** Non-string elements give { valid: false, code: 'malformed' }. */
  validateMany(tokens: unknown[]): ValidationResult[];
  /** Never blocks the event loop on a JWKS refresh. */
  validateAsync(token: string): Promise<ValidationResult>;
  health(): Health;
}

export function createValidator(options: ValidatorOptions): Validator;

export interface ShopifyValidatorOptions {
  /** The app's client ID (the tokens' aud). */
  apiKey: string;
  /** The client secrets, current first then previous (during a rotation). */
  secrets: Secret[];
  /** Default 10 seconds. */
  leeway?: number;
  now?: number;
  cache?: number;
}

export interface ShopifySession {
  /** x.myshopify.com */
  shop: string;
  userId?: string;
  sessionId?: string;
  tokenId?: string;
  /** exp, seconds since the epoch. */
  expiresAt: number;
}

export interface ShopifyValidResult {
  valid: true;
  session: ShopifySession;
  claims: JwtClaims & { dest: string };
}

export type ShopifyValidationResult = ShopifyValidResult | InvalidResult;

export interface ShopifyValidator {
  validate(token: string): ShopifyValidationResult;
  validateMany(tokens: unknown[]): ShopifyValidationResult[];
  validateAsync(token: string): Promise<ShopifyValidationResult>;
  health(): Health;
}

export function createShopifyValidator(options: ShopifyValidatorOptions): ShopifyValidator;

export const ERROR_CODES: readonly ErrorCode[];
export const ALGORITHMS: readonly Algorithm[];
/** Longer tokens are { valid: false, code: 'malformed' }. */
export const MAX_TOKEN_BYTES: number;
