// Copyright 2026 The jwtv Authors.
//
// jwtv for Node.js: strict, fast JWT validation (see README.md).
//
// The native binding (src/addon.cc) answers a token with the verified
// payload's JSON text or an error code number, and for validate also with
// the positions of the claims in that text (src/flat_claims.h); this file
// checks options, builds the claims object from those positions (or with
// JSON.parse; both are faster than building it through Node-API, see
// README.md) and shapes the results of the documented API.
'use strict';

const opensslVersion = process.versions.openssl || '';
if (!/^3\./.test(opensslVersion)) {
  throw new Error(
    `jwtv: needs a Node.js built with OpenSSL 3 (this one has '${opensslVersion}')`);
}

const binding = require('./build/Release/jwtv.node');

const ERROR_CODES = Object.freeze(binding.errorCodes.slice(1));
// One frozen object per code: a rejection allocates nothing.
const INVALID = binding.errorCodes.map((code) => Object.freeze({ valid: false, code }));
const ALGORITHMS = Object.freeze([
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
]);
const MAX_TOKEN_BYTES = binding.maxTokenBytes;

function decodeHeader(token) {
  const dot = token.indexOf('.');
  return JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
}

// A valid result: { valid: true, claims, header }. The header (signed, so
// trusted) is decoded on first access.
class ValidResult {
  #token;
  #header;
  constructor(token, claims) {
    this.valid = true;
    this.claims = claims;
    this.#token = token;
  }
  get header() {
    if (this.#header === undefined) this.#header = decodeHeader(this.#token);
    return this.#header;
  }
  toJSON() {
    return { valid: true, claims: this.claims, header: this.header };
  }
}

function fail(name, what) {
  throw new TypeError(`jwtv: option ${name} must be ${what}`);
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stringList(name, v) {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    fail(name, 'a string or an array of strings');
  }
  return v.slice();
}

function stringArray(name, v) {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    fail(name, 'an array of strings');
  }
  return v.slice();
}

function count(name, v) {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    fail(name, 'a non-negative integer');
  }
  return v;
}

function bool(name, v) {
  if (v !== undefined && typeof v !== 'boolean') fail(name, 'a boolean');
  return v;
}

function url(name, v) {
  if (typeof v !== 'string' || v.length === 0) fail(name, 'a URL string');
  return v;
}

function secretList(name, v) {
  if (!Array.isArray(v) || v.length === 0) {
    fail(name, 'a non-empty array of Buffers or strings');
  }
  return v.map((s) => {
    if (typeof s === 'string') return Buffer.from(s, 'utf8');
    if (s instanceof Uint8Array) return Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    return fail(name, 'a non-empty array of Buffers or strings');
  });
}

function checkKeys(options, allowed) {
  if (!isPlainObject(options)) throw new TypeError('jwtv: options must be an object');
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new TypeError(`jwtv: unknown option ${k}`);
  }
}

const VALIDATOR_OPTIONS = [
  'jwks', 'secrets', 'jwksUrl', 'oidcIssuer', 'allowHttp', 'issuer', 'audience',
  'algorithms', 'leeway', 'maxAge', 'requiredClaims', 'allowMissingExp', 'now',
  'cache',
];

// The options of createValidator, checked, in the binding's form.
function normalizeOptions(options) {
  checkKeys(options, VALIDATOR_OPTIONS);
  const o = options;
  const sources = ['jwksUrl', 'oidcIssuer'].filter((k) => o[k] !== undefined);
  const hasStatic = o.jwks !== undefined || o.secrets !== undefined;
  if (sources.length + (hasStatic ? 1 : 0) !== 1) {
    throw new TypeError(
      'jwtv: give exactly one key source: jwks and/or secrets, jwksUrl, or oidcIssuer');
  }
  const n = {
    issuers: stringList('issuer', o.issuer),
    audiences: stringList('audience', o.audience),
    algorithms: stringArray('algorithms', o.algorithms),
    requiredClaims: stringArray('requiredClaims', o.requiredClaims),
    leeway: count('leeway', o.leeway),
    maxAge: count('maxAge', o.maxAge),
    now: count('now', o.now),
    cache: count('cache', o.cache),
    allowHttp: bool('allowHttp', o.allowHttp),
  };
  const allowMissingExp = bool('allowMissingExp', o.allowMissingExp);
  n.requireExp = allowMissingExp !== true;
  if (n.algorithms !== undefined) {
    for (const a of n.algorithms) {
      if (!ALGORITHMS.includes(a)) fail('algorithms', `a list of ${ALGORITHMS.join(', ')}`);
    }
    if (n.algorithms.length === 0) fail('algorithms', 'a non-empty list');
  }
  if (hasStatic) {
    n.kind = 'static';
    if (o.jwks !== undefined) {
      if (typeof o.jwks === 'string') n.jwks = o.jwks;
      else if (isPlainObject(o.jwks)) n.jwks = JSON.stringify(o.jwks);
      else fail('jwks', 'a JWKS object or its JSON text');
    }
    if (o.secrets !== undefined) n.secrets = secretList('secrets', o.secrets);
  } else if (o.jwksUrl !== undefined) {
    n.kind = 'url';
    n.url = url('jwksUrl', o.jwksUrl);
  } else {
    n.kind = 'oidc';
    n.url = url('oidcIssuer', o.oidcIssuer);
  }
  return n;
}

function checkToken(token) {
  if (typeof token !== 'string') throw new TypeError('jwtv: token must be a string');
}

function deepFreeze(v) {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze(v[k]);
    Object.freeze(v);
  }
  return v;
}

// With `cache`, the claims objects parsed from payload texts, by text (the
// claims are a function of the text alone): a cached token skips its
// JSON.parse as it skips its signature check. Shared between results, so
// deep-frozen. Bounded; the oldest entry goes first.
class ClaimsMemo {
  #map = new Map();
  #max;
  constructor(max) {
    this.#max = max;
  }
  get(text) {
    let claims = this.#map.get(text);
    if (claims === undefined) {
      claims = deepFreeze(JSON.parse(text));
      if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value);
      this.#map.set(text, claims);
    }
    return claims;
  }
}

// The claims object from the positions that the binding's validateFlat
// writes (src/flat_claims.h) instead of JSON.parse over the whole payload:
// strings are slices of the payload text, numbers come parsed, and only
// arrays, objects and strings with escapes go through JSON.parse. The result
// equals JSON.parse(text). Per shape (the sequence of claim names), a
// template object with those own properties in that order: each result is
// a copy of it (spread defines own data properties, as JSON.parse does, so
// neither "__proto__" nor a setter on Object.prototype is involved) whose
// values are then replaced.
const FLAT_HEADER = 4;
const FLAT_STRIDE = 5;
const FLAT_UNROLLED = 16;

// Claim i's value. A nested validate (from a patched JSON.parse or
// String.prototype method) may have rewritten the scratch since the serial
// was read: then undefined for what would be parsed (the caller starts
// over), so that slices of another payload are never parsed.
function flatValue(meta, nums, text, i, serial) {
  const j = FLAT_HEADER + i * FLAT_STRIDE;
  switch (meta[j]) {
    case 0: return text.slice(meta[j + 1], meta[j + 2]);
    case 1: return nums[i];
    case 2: return true;
    case 3: return false;
    case 4: return null;
    default:
      return meta[3] === serial ? JSON.parse(text.slice(meta[j + 1], meta[j + 2])) : undefined;
  }
}

class FlatClaims {
  #meta;
  #nums;
  #shapes = [];
  constructor(native) {
    [this.#meta, this.#nums, this.validate] = native.flatScratch();
  }

  // this.validate(token): the payload text (and the positions) or an error
  // code number, as the binding's validate.

  // The claims of the payload text that this.validate just returned.
  build(text) {
    const meta = this.#meta;
    const id = meta[0];
    if (id < 0) return JSON.parse(text);
    const n = meta[1];
    const serial = meta[3];
    let shape = this.#shapes[id];
    if (shape === undefined || meta[2] === 1) shape = this.#newShape(id, text, n);
    const nums = this.#nums;
    const k = shape.keys;
    const o = { ...shape.template };
    // One store site per claim index: for one shape each site sees one key
    // and one map, and V8 keeps it monomorphic, where a loop's single site
    // would see them all and go megamorphic.
    if (n > 0) o[k[0]] = flatValue(meta, nums, text, 0, serial);
    if (n > 1) o[k[1]] = flatValue(meta, nums, text, 1, serial);
    if (n > 2) o[k[2]] = flatValue(meta, nums, text, 2, serial);
    if (n > 3) o[k[3]] = flatValue(meta, nums, text, 3, serial);
    if (n > 4) o[k[4]] = flatValue(meta, nums, text, 4, serial);
    if (n > 5) o[k[5]] = flatValue(meta, nums, text, 5, serial);
    if (n > 6) o[k[6]] = flatValue(meta, nums, text, 6, serial);
    if (n > 7) o[k[7]] = flatValue(meta, nums, text, 7, serial);
    if (n > 8) o[k[8]] = flatValue(meta, nums, text, 8, serial);
    if (n > 9) o[k[9]] = flatValue(meta, nums, text, 9, serial);
    if (n > 10) o[k[10]] = flatValue(meta, nums, text, 10, serial);
    if (n > 11) o[k[11]] = flatValue(meta, nums, text, 11, serial);
    if (n > 12) o[k[12]] = flatValue(meta, nums, text, 12, serial);
    if (n > 13) o[k[13]] = flatValue(meta, nums, text, 13, serial);
    if (n > 14) o[k[14]] = flatValue(meta, nums, text, 14, serial);
    if (n > 15) o[k[15]] = flatValue(meta, nums, text, 15, serial);
    for (let i = FLAT_UNROLLED; i < n; i++) o[k[i]] = flatValue(meta, nums, text, i, serial);
    return meta[3] === serial ? o : JSON.parse(text);
  }

  #newShape(id, text, n) {
    const meta = this.#meta;
    const keys = new Array(n);
    for (let i = 0, j = FLAT_HEADER; i < n; i++, j += FLAT_STRIDE) {
      keys[i] = text.slice(meta[j + 3], meta[j + 4]);
    }
    const shape = { keys, template: Object.fromEntries(keys.map((key) => [key, null])) };
    this.#shapes[id] = shape;
    return shape;
  }
}

function parseClaims(memo, text) {
  return memo === null ? JSON.parse(text) : memo.get(text);
}

class Validator {
  #native;
  #mayBlock;
  #memo;
  #flat;
  constructor(native, cache) {
    this.#native = native;
    this.#mayBlock = native.mayBlock();
    this.#memo = cache > 0 ? new ClaimsMemo(cache) : null;
    this.#flat = new FlatClaims(native);
  }

  // { valid: true, claims, header } or { valid: false, code }. Throws a
  // TypeError when token is not a string. For a jwksUrl/oidcIssuer
  // validator a token with an unknown kid may wait (up to 1 s) for a JWKS
  // refresh: servers use validateAsync.
  validate(token) {
    if (typeof token !== 'string') checkToken(token);
    const r = this.#flat.validate(token);
    if (typeof r !== 'string') return INVALID[r];
    return new ValidResult(token, this.#memo === null ? this.#flat.build(r) : this.#memo.get(r));
  }

  // An array of results, one per token, through jwtv's batch API. An
  // element that is not a string is { valid: false, code: 'malformed' }.
  validateMany(tokens) {
    if (!Array.isArray(tokens)) throw new TypeError('jwtv: tokens must be an array');
    // One read of each element (a getter could answer differently twice):
    // the header is decoded from the very string that was validated.
    const list = tokens.slice();
    const raw = this.#native.validateMany(list);
    const out = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i];
      out[i] = typeof r === 'string' ? new ValidResult(list[i], parseClaims(this.#memo, r)) : INVALID[r];
    }
    return out;
  }

  // A Promise of validate's result that never blocks the event loop: a
  // validator whose keys come from a URL validates on the libuv thread pool
  // (a JWKS refresh may be awaited there); one with static keys answers at
  // once. Rejects with a TypeError when token is not a string.
  async validateAsync(token) {
    checkToken(token);
    if (!this.#mayBlock) return this.validate(token);
    const r = await this.#native.validateAsync(token);
    return typeof r === 'string' ? new ValidResult(token, parseClaims(this.#memo, r)) : INVALID[r];
  }

  // The key source's health: for jwksUrl/oidcIssuer the JWKS cache's
  // (lastSuccess, lastError, fetchCount, snapshotVersion, keyCount, stale,
  // ...), for static keys { source: 'static', keyCount }; with `cache`,
  // the verified-token cache's counters under `cache`.
  health() {
    return this.#native.health();
  }
}

function createValidator(options) {
  const n = normalizeOptions(options);
  return new Validator(new binding.Validator(n), n.cache ?? 0);
}

class ShopifyResult {
  constructor(claims) {
    this.valid = true;
    const dest = claims.dest;
    this.session = {
      shop: dest.startsWith('https://') ? dest.slice(8) : dest,
      userId: claims.sub,
      sessionId: claims.sid,
      tokenId: claims.jti,
      expiresAt: claims.exp,
    };
    this.claims = claims;
  }
}

class ShopifyValidator {
  #native;
  #memo;
  #flat;
  constructor(native, cache) {
    this.#native = native;
    this.#memo = cache > 0 ? new ClaimsMemo(cache) : null;
    this.#flat = new FlatClaims(native);
  }

  // { valid: true, session: { shop, userId, sessionId, tokenId, expiresAt },
  // claims } or { valid: false, code }. userId, sessionId and tokenId are
  // undefined when the token lacks sub, sid or jti.
  validate(token) {
    if (typeof token !== 'string') checkToken(token);
    const r = this.#flat.validate(token);
    if (typeof r !== 'string') return INVALID[r];
    return new ShopifyResult(this.#memo === null ? this.#flat.build(r) : this.#memo.get(r));
  }

  validateMany(tokens) {
    if (!Array.isArray(tokens)) throw new TypeError('jwtv: tokens must be an array');
    return this.#native.validateMany(tokens).map(
      (r) => (typeof r === 'string' ? new ShopifyResult(parseClaims(this.#memo, r)) : INVALID[r]));
  }

  async validateAsync(token) {
    return this.validate(token);
  }

  health() {
    return this.#native.health();
  }
}

function createShopifyValidator(options) {
  checkKeys(options, ['apiKey', 'secrets', 'leeway', 'now', 'cache']);
  if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) {
    fail('apiKey', 'a non-empty string');
  }
  const cache = count('cache', options.cache);
  return new ShopifyValidator(new binding.Validator({
    kind: 'shopify',
    apiKey: options.apiKey,
    secrets: secretList('secrets', options.secrets),
    leeway: count('leeway', options.leeway),
    now: count('now', options.now),
    cache,
  }), cache ?? 0);
}

module.exports = {
  createValidator,
  createShopifyValidator,
  ERROR_CODES,
  ALGORITHMS,
  MAX_TOKEN_BYTES,
  // Internal, for the benchmarks of README.md ("Where the time goes").
  _binding: binding,
  _FlatClaims: FlatClaims,
};
