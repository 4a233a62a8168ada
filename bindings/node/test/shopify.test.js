// Copyright 2026 The jwtv Authors.
//
// The Shopify session-token profile (include/jwtv/shopify.h), the cases of
// tests/cli_test.py's ShopifyTest through createShopifyValidator, and the
// session object built from an accepted token.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const test = require('node:test');
const jwtv = require('..');

const NOW = 1700000000;
const API_KEY = '4f1c5a1e0e0a4d5b9c1d2e3f4a5b6c7d';
const SHOP = 'shop-1.myshopify.com';
const SECRET1 = Buffer.from('first-secret-\x00\xff-with-binary-bytes-0123456789-and-more', 'latin1');
const SECRET2 = 'second secret, the rotated one, long enough for HS256';

function b64(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

function sign(payload, { secret = SECRET1, alg = 'HS256' } = {}) {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${input}.${crypto.createHmac(hash, secret).update(input).digest('base64url')}`;
}

function session(overrides = {}) {
  const c = {
    iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: '42',
    exp: NOW + 60, nbf: NOW - 2, iat: NOW - 2,
    jti: '00000000-1111-2222-3333-444444444444', sid: 'abcdef0123456789',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete c[k];
    else c[k] = v;
  }
  return c;
}

const validator = jwtv.createShopifyValidator({ apiKey: API_KEY, secrets: [SECRET1], now: NOW });

function code(payload, opts, v = validator) {
  const r = v.validate(sign(payload, opts));
  return r.valid ? 'valid' : r.code;
}

test('a valid session token gives its session and claims', () => {
  const payload = session();
  const r = validator.validate(sign(payload));
  assert.deepStrictEqual(r.session, {
    shop: SHOP, userId: '42', sessionId: 'abcdef0123456789',
    tokenId: '00000000-1111-2222-3333-444444444444', expiresAt: NOW + 60,
  });
  assert.deepStrictEqual(r.claims, payload);
  assert.equal(r.valid, true);
  // A bare host dest, and no sub, sid or jti.
  const bare = validator.validate(sign(session({ dest: SHOP, sub: undefined, sid: undefined, jti: undefined })));
  assert.deepStrictEqual(bare.session, {
    shop: SHOP, userId: undefined, sessionId: undefined, tokenId: undefined, expiresAt: NOW + 60,
  });
});

test('claims of the profile', () => {
  assert.equal(code(session({ aud: 'other' })), 'bad_audience');
  assert.equal(code(session({ aud: undefined })), 'missing_claim');
  assert.equal(code(session({ dest: undefined })), 'missing_claim');
  assert.equal(code(session({ dest: 'https://evil.com' })), 'bad_claim');
  assert.equal(code(session({ dest: 'https://shop_1.myshopify.com' })), 'bad_claim');
  assert.equal(code(session({ iss: 'https://other.myshopify.com/admin' })), 'bad_issuer');
  assert.equal(code(session({ iss: `https://${SHOP}.evil.com/admin` })), 'bad_issuer');
  assert.equal(code(session({ iss: `https://${SHOP}` })), 'valid');
  assert.equal(code(session({ iss: `https://${SHOP}/checkouts` })), 'valid');
  assert.equal(code(session({ iss: undefined })), 'valid');
  assert.equal(code(session({ exp: undefined })), 'missing_claim');
  // expired before bad_issuer / bad_audience; bad_issuer before bad_audience.
  assert.equal(code(session({ exp: NOW - 100, iss: 'https://x.myshopify.com', aud: 'nope' })), 'expired');
  assert.equal(code(session({ iss: 'https://x.myshopify.com', aud: 'nope' })), 'bad_issuer');
});

test('leeway: 10 s by default, replaced by the option', () => {
  assert.equal(code(session({ nbf: NOW + 10 })), 'valid');
  assert.equal(code(session({ nbf: NOW + 11 })), 'not_yet_valid');
  assert.equal(code(session({ exp: NOW - 9 })), 'valid');
  assert.equal(code(session({ exp: NOW - 10 })), 'expired');
  const strict = jwtv.createShopifyValidator({ apiKey: API_KEY, secrets: [SECRET1], now: NOW, leeway: 0 });
  assert.equal(code(session({ nbf: NOW + 5 }), {}, strict), 'not_yet_valid');
  assert.equal(code(session({ exp: NOW }), {}, strict), 'expired');
});

test('HS256 only; secret rotation', () => {
  assert.equal(code(session(), { alg: 'HS512' }), 'alg_not_allowed');
  assert.equal(code(session(), { secret: SECRET2 }), 'bad_signature');
  const rotating = jwtv.createShopifyValidator({
    apiKey: API_KEY, secrets: [SECRET2, SECRET1], now: NOW, cache: 100,
  });
  for (let i = 0; i < 2; i++) {
    assert.equal(code(session(), { secret: SECRET2 }, rotating), 'valid');
    assert.equal(code(session(), { secret: SECRET1 }, rotating), 'valid');
    assert.equal(code(session(), { secret: 'x'.repeat(40) }, rotating), 'bad_signature');
  }
  assert.ok(rotating.health().cache.hits >= 2);
});

test('validateMany and validateAsync give validate\'s answers', async () => {
  const tokens = [sign(session()), sign(session({ aud: 'x' })), 'junk', sign(session({ dest: SHOP }))];
  const one = tokens.map((t) => JSON.stringify(validator.validate(t)));
  assert.deepStrictEqual(validator.validateMany(tokens).map((r) => JSON.stringify(r)), one);
  const a = await Promise.all(tokens.map((t) => validator.validateAsync(t)));
  assert.deepStrictEqual(a.map((r) => JSON.stringify(r)), one);
});

test('configuration errors', () => {
  assert.throws(() => jwtv.createShopifyValidator({ apiKey: API_KEY, secrets: ['short'] }),
    /32 bytes|short|secret/i);
  assert.throws(() => jwtv.createShopifyValidator({ apiKey: '', secrets: [SECRET1] }), TypeError);
  assert.throws(() => jwtv.createShopifyValidator({ apiKey: API_KEY, secrets: [] }), TypeError);
  assert.throws(() => jwtv.createShopifyValidator({ apiKey: API_KEY }), TypeError);
  assert.throws(() => jwtv.createShopifyValidator({ apiKey: API_KEY, secrets: [SECRET1], audience: 'x' }),
    TypeError);
});
