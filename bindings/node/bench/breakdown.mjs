// Copyright 2026 The jwtv Authors.
//
// Where the time of one validate() goes, HS256 fixture token (README.md,
// "Where the time goes"). Each line adds one step to the previous one:
//   call          the binding on a 1-byte string (rejected at once)
//   + string      the binding on a full token whose signature is wrong
//                 (transfer + parse + HMAC, no payload)
//   native        the binding on the valid token: the payload comes back as
//                 a string (all of jwtv's work + returning the payload)
//   + JSON.parse  the claims object via JSON.parse of that text
//   flat native   the binding's validateFlat (a function from flatScratch):
//                 as native, plus the claims' positions written to the
//                 scratch (src/flat_claims.h)
//   + flat build  what index.js does: the claims object from those
//                 positions (slices of the text, numbers from the scratch)
//   napi object   the claims object built claim by claim through Node-API
//   validate()    the public API (flat build + result object)
//   cached        the public API with cache: 10000
//   node:crypto   HMAC-SHA256 of the signing input with node:crypto alone,
//                 for scale (what any JavaScript verifier must at least do)
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

function ns(fn) {
  for (let i = 0; i < 20000; i++) fn();
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(SECONDS * 1e9));
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
  ['call', () => { sink += native.validate('x'); }],
  ['+ string', () => { sink += native.validate(bad); }],
  ['native', () => { sink += native.validate(token).length; }],
  ['+ JSON.parse', () => { sink += JSON.parse(native.validate(token)).exp; }],
  ['flat native', () => { sink += flat.validate(token).length; }],
  ['+ flat build', () => { sink += flat.build(flat.validate(token)).exp; }],
  ['napi object', () => { sink += native.validateObject(token).exp; }],
  ['validate()', () => { const c = v.validate(token).claims; sink += c.exp + c.sub.length; }],
  ['cached', () => { const c = cached.validate(token).claims; sink += c.exp + c.sub.length; }],
  ['node:crypto', () => { sink += createHmac('sha256', secret).update(input).digest('base64url').length; }],
];
console.log(`HS256 token of ${token.length} bytes, payload ${JSON.stringify(claims).length} bytes` +
  ` (${Object.keys(claims).length} claims); ns per call`);
for (const [name, fn] of lines) console.log(`${name.padEnd(14)} ${ns(fn).toFixed(0).padStart(6)}`);
if (sink === 42) console.log('');
