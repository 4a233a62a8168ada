// Copyright 2026 The jwtv Authors.
//
// Writes the benchmark's fixtures to bench/fixtures/ (committed; keys are
// random, so a re-run changes every file):
//   claims.json   the Shopify-style payload every token carries (the one
//                 of the repository's bench/fixtures/claims.json: iss,
//                 dest, aud, sub, exp in 2100, nbf, iat, jti, sid, sig)
//   secret.txt    the HMAC secret (64 ASCII bytes, no newline)
//   jwks.json     the public keys, kid and alg set
//   tokens.json   { alg: token } for HS256, RS256, PS256, ES256, ES384, EdDSA
// Run: node bench/make-fixtures.mjs
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const out = new URL('./fixtures/', import.meta.url);
mkdirSync(out, { recursive: true });
const claims = {
  iss: 'https://bench-shop.myshopify.com/admin',
  dest: 'https://bench-shop.myshopify.com',
  aud: '3f0c9a1e7d5b4c2a8e6f1d0b9a7c5e3f',
  sub: '84920175',
  exp: 4102444800,
  nbf: 1767225600,
  iat: 1767225600,
  jti: '6c1f8a52-93d4-4e7b-b0a1-2f5c7d9e1b34',
  sid: 'a3f1c2e4b5d6978812345678abcdef0123456789abcdef0123456789abcdef01',
  sig: '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0',
};
const secret = randomBytes(48).toString('base64url').slice(0, 64);
const tokens = {};
tokens.HS256 = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .sign(Buffer.from(secret));
const keys = [];
const pairs = { RS256: { modulusLength: 2048 }, PS256: { modulusLength: 2048 },
  ES256: {}, ES384: {}, EdDSA: { crv: 'Ed25519' } };
for (const [alg, opts] of Object.entries(pairs)) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { ...opts, extractable: true });
  const kid = `bench-${alg.toLowerCase()}`;
  keys.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
  tokens[alg] = await new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', kid })
    .sign(privateKey);
}
writeFileSync(new URL('claims.json', out), JSON.stringify(claims) + '\n');
writeFileSync(new URL('secret.txt', out), secret);
writeFileSync(new URL('jwks.json', out), JSON.stringify({ keys }, null, 1) + '\n');
writeFileSync(new URL('tokens.json', out), JSON.stringify(tokens, null, 1) + '\n');
console.log(`fixtures: ${Object.keys(tokens).join(', ')}`);
