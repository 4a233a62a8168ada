// Copyright 2026 The jwtv Authors.
//
// Where the time of one validate() goes, HS256 fixture token (README.md,
// "Where the time goes"). Each line adds one step to the previous one:
//   method call   the binding's Validator#validate on a 1-byte string
//                 (rejected at once), through ObjectWrap's receiver unwrap
//   call          the same through validateFlat, the plain function that
//                 validate() uses (a function from flatScratch)
//   + string      validateFlat on a full token whose signature is wrong
//                 (transfer + parse + HMAC, no payload)
//   native        validateFlat on the valid token: the payload text back and
//                 the claims' positions in the scratch (src/flat_claims.h)
//   + flat build  what index.js does: the claims object from those
//                 positions (slices of the text, numbers from the scratch)
//   + JSON.parse  the claims object by JSON.parse of the text instead
//   napi object   the claims object built claim by claim through Node-API
//   validate()    the public API (flat build + result object)
//   cached        the public API with cache: 10000
//   node:crypto   HMAC-SHA256 of the signing input with node:crypto alone,
//                 for scale (what any JavaScript verifier must at least do)
// Each line is timed in 5 rounds that take turns with the other lines; the
// best round counts (a burst of load on a shared machine then hits one
// round, not one line).
//
//   node bench/breakdown.mjs [seconds per line, default 1]
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jwtv = require('../index.js');
const SECONDS = Number(process.argv[2] ?? 1);
const fixtures = new URL('./fixtures/', import.meta.url);
const token = JSON.parse(readFileSync(new URL('tokens.json', fixtures), 'utf8')).HS256;
const secret = readFileSync(new URL('secret.txt', fixtures));
const claims = JSON.parse(readFileSync(new URL('claims.json', fixtures), 'utf8'));
const opts = { secrets: [secret], issuer: claims.iss, audience: claims.aud, algorithms: ['HS256'] };

const nativeOptions = {
  kind: 'static', secrets: [secret], issuers: [claims.iss], audiences: [claims.aud],
  algorithms: ['HS256'],
};
const native = new jwtv._binding.Validator(nativeOptions);
const flat = new jwtv._FlatClaims(new jwtv._binding.Validator(nativeOptions));
const v = jwtv.createValidator(opts);
const cached = jwtv.createValidator({ ...opts, cache: 10000 });
const bad = `${token.slice(0, -6)}${token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'}`;
const input = token.slice(0, token.lastIndexOf('.'));

const ROUNDS = 5;

// Nanoseconds per call of fn over about `seconds`.
function ns(fn, seconds) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(seconds * 1e9));
  let now = t0;
  while (now < end) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    now = process.hrtime.bigint();
  }
  return Number(now - t0) / n;
}

let sink = 0;
const lines = [
  ['method call', () => { sink += native.validate('x'); }],
  ['call', () => { sink += flat.validate('x'); }],
  ['+ string', () => { sink += flat.validate(bad); }],
  ['native', () => { sink += flat.validate(token).length; }],
  ['+ flat build', () => { sink += flat.build(flat.validate(token)).exp; }],
  ['+ JSON.parse', () => { sink += JSON.parse(flat.validate(token)).exp; }],
  ['napi object', () => { sink += native.validateObject(token).exp; }],
  ['validate()', () => { const c = v.validate(token).claims; sink += c.exp + c.sub.length; }],
  ['cached', () => { const c = cached.validate(token).claims; sink += c.exp + c.sub.length; }],
  ['node:crypto', () => { sink += createHmac('sha256', secret).update(input).digest('base64url').length; }],
];
console.log(`HS256 token of ${token.length} bytes, payload ${JSON.stringify(claims).length} bytes` +
  ` (${Object.keys(claims).length} claims); ns per call, best of ${ROUNDS} rounds`);
const best = lines.map(([, fn]) => {
  for (let i = 0; i < 20000; i++) fn();
  return Infinity;
});
for (let r = 0; r < ROUNDS; r++) {
  lines.forEach(([, fn], i) => { best[i] = Math.min(best[i], ns(fn, SECONDS / ROUNDS)); });
}
lines.forEach(([name], i) => console.log(`${name.padEnd(14)} ${best[i].toFixed(0).padStart(6)}`));
if (sink === 42) console.log('');
