// Copyright 2026 The jwtv Authors.
//
// npm run bench: jwtv next to fast-jwt (without and with its cache), jose
// and jsonwebtoken, on the same tokens (bench/fixtures/) with the same checks:
// signature, exp, nbf, iss and aud, one algorithm allowed. Prints tokens/s
// per library and jwtv's ratio to each.
//
//   node bench/compare.mjs [--short] [--json FILE] [--only ALG]
//
// --only ALG: the ALG row and the cached row alone (a quicker look while
// working on one case; the gate then checks those rows only).
// --short: a quicker pass for CI that also applies the ratio gate: the run
// fails (exit 1) when a ratio is under GATE below. The gate is lower than
// the targets (TARGET, from issue 18) so that a noisy shared CI machine does
// not fail on jitter; both are printed.
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as jose from 'jose';

const require = createRequire(import.meta.url);
const jwtv = require('../index.js');
const { createVerifier } = require('fast-jwt');
const jsonwebtoken = require('jsonwebtoken');

const args = process.argv.slice(2);
const SHORT = args.includes('--short');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
// Each cell is measured ROUNDS times, the libraries taking turns, and the
// best round kept: on a shared machine a burst of load then hits one round
// rather than one library.
const SECONDS = SHORT ? 0.15 : 0.4;
const ROUNDS = SHORT ? 3 : 5;

const fixtures = new URL('./fixtures/', import.meta.url);
const tokens = JSON.parse(readFileSync(new URL('tokens.json', fixtures), 'utf8'));
const jwks = JSON.parse(readFileSync(new URL('jwks.json', fixtures), 'utf8'));
const claims = JSON.parse(readFileSync(new URL('claims.json', fixtures), 'utf8'));
const secret = readFileSync(new URL('secret.txt', fixtures));
const ISS = claims.iss;
const AUD = claims.aud;

// Targets (issue 18) and the CI gate, as jwtv / peer ratios.
const TARGET = {
  'HS256 fast-jwt': 5, 'HS256 jose': 20, 'RS256 fast-jwt': 1.5,
  'ES256 fast-jwt': 2, 'EdDSA fast-jwt': 1.5, 'cached fast-jwt(cache)': 2,
};
// The gate sits below the targets because a short pass on a shared machine
// swings; jose's rate swings most with the machine's load (WebCrypto hands
// each verify to the libuv thread pool), hence its wide margin.
const GATE = {
  'HS256 fast-jwt': 2.5, 'HS256 jose': 5, 'RS256 fast-jwt': 1.15,
  'ES256 fast-jwt': 1.5, 'EdDSA fast-jwt': 1.5, 'cached fast-jwt(cache)': 1.2,
};

function jwkFor(alg) {
  return jwks.keys.find((k) => k.alg === alg);
}

function pemFor(alg) {
  return createPublicKey({ key: jwkFor(alg), format: 'jwk' })
    .export({ type: 'spki', format: 'pem' });
}

// Calls fn(token) for about SECONDS and returns the rate; fn must return a
// truthy value for a valid token (checked once up front).
function rate(fn, token) {
  if (!fn(token)) throw new Error('bench: a verifier rejected its token');
  for (let i = 0; i < 2000; i++) fn(token);  // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(SECONDS * 1e9));
  let now = t0;
  while (now < end) {
    for (let i = 0; i < 256; i++) fn(token);
    n += 256;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - t0) / 1e9);
}

async function rateAsync(fn, token) {
  if (!(await fn(token))) throw new Error('bench: a verifier rejected its token');
  for (let i = 0; i < 500; i++) await fn(token);
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(SECONDS * 1e9));
  let now = t0;
  while (now < end) {
    for (let i = 0; i < 64; i++) await fn(token);
    n += 64;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - t0) / 1e9);
}

async function best(cells) {
  const out = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(cells)) {
      if (run === undefined) continue;
      const got = await run();
      out[name] = Math.max(out[name] ?? 0, got);
    }
  }
  return out;
}

async function peers(alg) {
  const token = tokens[alg];
  const hs = alg.startsWith('HS');
  const keyMaterial = hs ? secret : pemFor(alg);
  const jwtvKeys = hs ? { secrets: [secret] } : { jwks: { keys: [jwkFor(alg)] } };
  const common = { issuer: ISS, audience: AUD, algorithms: [alg] };
  const v = jwtv.createValidator({ ...jwtvKeys, ...common });
  const fast = createVerifier({ key: keyMaterial, algorithms: [alg], allowedIss: ISS,
    allowedAud: AUD });
  const joseKey = hs ? new Uint8Array(secret) : await jose.importJWK(jwkFor(alg), alg);
  const jwtOpts = { algorithms: [alg], issuer: ISS, audience: AUD };
  // Every verifier hands back the claims object, and a claim is read from
  // it (so that an object built lazily would pay for it here).
  return best({
    jwtv: () => rate((t) => v.validate(t).claims.sub, token),
    'fast-jwt': () => rate((t) => fast(t).sub, token),
    jose: () => rateAsync(async (t) => (await jose.jwtVerify(t, joseKey, {
      issuer: ISS, audience: AUD, algorithms: [alg] })).payload.sub, token),
    // jsonwebtoken has no EdDSA.
    jsonwebtoken: alg === 'EdDSA' ? undefined
      : () => rate((t) => jsonwebtoken.verify(t, keyMaterial, jwtOpts).sub, token),
  });
}

// Both sides with their verified-token cache, the HS256 token.
function cached() {
  const token = tokens.HS256;
  const v = jwtv.createValidator({ secrets: [secret], issuer: ISS, audience: AUD,
    algorithms: ['HS256'], cache: 10000 });
  const fast = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: ISS,
    allowedAud: AUD, cache: 10000 });
  return best({
    jwtv: () => rate((t) => v.validate(t).claims.sub, token),
    'fast-jwt(cache)': () => rate((t) => fast(t).sub, token),
  });
}

function fmt(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(1)}k`;
}

const rows = [];
for (const alg of ['HS256', 'RS256', 'PS256', 'ES256', 'ES384', 'EdDSA']) {
  if (only !== null && alg !== only) continue;
  rows.push({ name: alg, rates: await peers(alg) });
}
rows.push({ name: 'cached', rates: await cached() });

console.log(`jwtv ${require('../package.json').version} on Node.js ${process.version}` +
  ` (OpenSSL ${process.versions.openssl}); tokens/s, best of ${ROUNDS} rounds of ${SECONDS} s`);
const cols = ['jwtv', 'fast-jwt', 'fast-jwt(cache)', 'jose', 'jsonwebtoken'];
console.log(['case', ...cols, 'jwtv/fast-jwt', 'jwtv/jose'].map((s) => s.padEnd(14)).join(''));
const ratios = {};
for (const r of rows) {
  const cells = cols.map((c) => (r.rates[c] ? fmt(r.rates[c]) : '-'));
  const peer = r.rates['fast-jwt'] ?? r.rates['fast-jwt(cache)'];
  const peerName = r.rates['fast-jwt'] ? 'fast-jwt' : 'fast-jwt(cache)';
  ratios[`${r.name} ${peerName}`] = r.rates.jwtv / peer;
  if (r.rates.jose) ratios[`${r.name} jose`] = r.rates.jwtv / r.rates.jose;
  const rj = r.rates.jose ? `${(r.rates.jwtv / r.rates.jose).toFixed(1)}x` : '-';
  console.log([r.name, ...cells, `${(r.rates.jwtv / peer).toFixed(2)}x`, rj]
    .map((s) => s.padEnd(14)).join(''));
}

let failed = 0;
console.log('\nratio                      got     target  gate');
for (const [k, target] of Object.entries(TARGET)) {
  const got = ratios[k];
  if (got === undefined) continue;  // a row left out by --only
  const ok = got >= GATE[k];
  if (!ok) failed++;
  console.log(`${k.padEnd(26)} ${got.toFixed(2).padStart(6)}x  ${String(target).padStart(4)}x` +
    `  ${String(GATE[k]).padStart(4)}x ${ok ? '' : ' UNDER GATE'}` +
    `${got >= target ? '' : ' (under target)'}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, ratios }, null, 1));
if (SHORT && failed > 0) {
  console.error(`bench: ${failed} ratio(s) under the gate`);
  process.exit(1);
}
