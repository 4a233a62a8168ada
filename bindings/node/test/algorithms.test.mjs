// Copyright 2026 The jwtv Authors.
//
// Tokens signed by jose for all 13 algorithms, with keys from a JWKS, and
// the same tokens tampered with: each must be accepted untouched and
// rejected with the right code once altered.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import jwtv from '../index.js';

const NOW = 1800000000;
const ISS = 'https://idp.example';
const AUD = 'api';
const ASYMMETRIC = {
  RS256: { modulusLength: 2048 }, RS384: { modulusLength: 2048 },
  RS512: { modulusLength: 2048 }, PS256: { modulusLength: 2048 },
  PS384: { modulusLength: 2048 }, PS512: { modulusLength: 3072 },
  ES256: {}, ES384: {}, ES512: {}, EdDSA: { crv: 'Ed25519' },
};
const HMAC = { HS256: 32, HS384: 48, HS512: 64 };

async function makeKeys() {
  const signers = {};
  const keys = [];
  for (const [alg, opts] of Object.entries(ASYMMETRIC)) {
    const { publicKey, privateKey } = await generateKeyPair(alg, { ...opts, extractable: true });
    const kid = `k-${alg}`;
    keys.push({ ...(await exportJWK(publicKey)), kid, alg });
    signers[alg] = { key: privateKey, kid };
  }
  for (const [alg, bytes] of Object.entries(HMAC)) {
    const secret = randomBytes(bytes);
    const kid = `k-${alg}`;
    keys.push({ kty: 'oct', k: secret.toString('base64url'), kid, alg });
    signers[alg] = { key: new Uint8Array(secret), kid };
  }
  return { signers, jwks: { keys } };
}

const setup = makeKeys();

function sign(signer, alg, claims, header = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: signer.kid, typ: 'JWT', ...header })
    .sign(signer.key);
}

// Replaces the character at i with another of the base64url alphabet.
function flip(token, i) {
  const c = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + c + token.slice(i + 1);
}

const claims = { iss: ISS, aud: AUD, sub: 'user-1', exp: NOW + 600, nbf: NOW - 10, iat: NOW - 10, scope: ['a', 'b'] };

for (const alg of [...Object.keys(HMAC), ...Object.keys(ASYMMETRIC)]) {
  test(`${alg}: jose's token is valid; tampered ones are not`, async () => {
    const { signers, jwks } = await setup;
    const v = jwtv.createValidator({ jwks, issuer: ISS, audience: AUD, now: NOW });
    const token = await sign(signers[alg], alg, claims);
    const r = v.validate(token);
    assert.equal(r.valid, true, JSON.stringify(r));
    assert.deepStrictEqual(r.claims, claims);
    assert.deepStrictEqual(r.header, { alg, kid: `k-${alg}`, typ: 'JWT' });

    const [h, p, s] = token.split('.');
    // A byte in the middle of the signature or of the payload.
    assert.deepStrictEqual(v.validate(`${h}.${p}.${flip(s, s.length >> 1)}`),
      { valid: false, code: 'bad_signature' });
    assert.deepStrictEqual(v.validate(`${h}.${flip(p, 10)}.${s}`),
      { valid: false, code: 'bad_signature' });
    // The signature of another token with the same key.
    const other = await sign(signers[alg], alg, { ...claims, sub: 'user-2' });
    assert.deepStrictEqual(v.validate(`${h}.${p}.${other.split('.')[2]}`),
      { valid: false, code: 'bad_signature' });
    // A truncated signature.
    assert.equal(v.validate(`${h}.${p}.${s.slice(0, 8)}`).valid, false);
    // Policies: algorithm list, issuer, audience, time.
    const others = Object.keys(HMAC).includes(alg) ? ['ES256'] : ['HS256'];
    const narrow = jwtv.createValidator({ jwks, algorithms: others, now: NOW });
    assert.deepStrictEqual(narrow.validate(token), { valid: false, code: 'alg_not_allowed' });
    assert.deepStrictEqual(jwtv.createValidator({ jwks, issuer: 'https://other', now: NOW })
      .validate(token), { valid: false, code: 'bad_issuer' });
    assert.deepStrictEqual(jwtv.createValidator({ jwks, audience: ['x', 'y'], now: NOW })
      .validate(token), { valid: false, code: 'bad_audience' });
    assert.deepStrictEqual(jwtv.createValidator({ jwks, now: NOW + 600 }).validate(token),
      { valid: false, code: 'expired' });
    assert.equal(jwtv.createValidator({ jwks, now: NOW + 599 }).validate(token).valid, true);
    assert.deepStrictEqual(jwtv.createValidator({ jwks, now: NOW - 11 }).validate(token),
      { valid: false, code: 'not_yet_valid' });
    assert.equal(jwtv.createValidator({ jwks, now: NOW - 11, leeway: 1 }).validate(token).valid, true);
  });
}

test('a kid the JWKS lacks is key_not_found; the alg of a key is enforced', async () => {
  const { signers, jwks } = await setup;
  const v = jwtv.createValidator({ jwks, now: NOW });
  const token = await sign(signers.ES256, 'ES256', claims, { kid: 'nobody' });
  assert.deepStrictEqual(v.validate(token), { valid: false, code: 'key_not_found' });
  // ES256's key used under the kid of ES384's key: the key's alg is ES384.
  const swapped = await sign(signers.ES256, 'ES256', claims, { kid: 'k-ES384' });
  assert.equal(v.validate(swapped).valid, false);
});

test('requiredClaims, maxAge and allowMissingExp', async () => {
  const { signers, jwks } = await setup;
  const token = await sign(signers.HS256, 'HS256', claims);
  assert.deepStrictEqual(jwtv.createValidator({ jwks, now: NOW, requiredClaims: ['tenant'] })
    .validate(token), { valid: false, code: 'missing_claim' });
  assert.deepStrictEqual(jwtv.createValidator({ jwks, now: NOW + 100, maxAge: 60 })
    .validate(token), { valid: false, code: 'too_old' });
  const { exp, ...noExp } = claims;
  const t2 = await sign(signers.HS256, 'HS256', noExp);
  assert.deepStrictEqual(jwtv.createValidator({ jwks, now: NOW }).validate(t2),
    { valid: false, code: 'missing_claim' });
  assert.equal(jwtv.createValidator({ jwks, now: NOW, allowMissingExp: true })
    .validate(t2).valid, true);
});
