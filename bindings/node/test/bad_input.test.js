// Copyright 2026 The jwtv Authors.
//
// Bad input never crashes: a token that is not a string is a TypeError
// (validate, validateAsync) or malformed (an element of validateMany); a
// string that is not a token, or is over MAX_TOKEN_BYTES, is malformed;
// options of the wrong type are a TypeError, and values jwtv refuses an
// Error, when the validator is built.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const test = require('node:test');
const jwtv = require('..');

const SECRET = Buffer.alloc(32, 7);
const NOW = 1700000000;

function hs256(payload) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ alg: 'HS256' })}.${b64(payload)}`;
  return `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

const v = jwtv.createValidator({ secrets: [SECRET], now: NOW });
const good = hs256({ sub: 'a', exp: NOW + 60 });
const MALFORMED = { valid: false, code: 'malformed' };

test('a token that is not a string is a TypeError', async () => {
  for (const bad of [undefined, null, 42, {}, [], Buffer.from(good), Symbol('x'), () => good]) {
    assert.throws(() => v.validate(bad), TypeError);
    await assert.rejects(v.validateAsync(bad), TypeError);
  }
  assert.throws(() => v.validate(), TypeError);
  assert.throws(() => v.validateMany(good), TypeError);
  assert.throws(() => v.validateMany(undefined), TypeError);
});

test('strings that are not tokens are malformed', () => {
  assert.equal(v.validate(good).valid, true);
  for (const s of ['', '.', '..', 'a.b', 'a.b.c.d', ' ', `${good} `, `${good}=`, 'ä.ö.ü',
    '\ud800.\udc00.x', `${good}\u0000`]) {
    assert.deepStrictEqual(v.validate(s), MALFORMED, JSON.stringify(s));
  }
});

test('characters beyond Latin-1 are never truncated into the token they mimic', () => {
  // U+0141's low byte is 'A' (0x41): a Latin-1 read would see the valid token.
  const i = good.indexOf('A');
  assert.ok(i > 0);
  const mimic = `${good.slice(0, i)}\u0141${good.slice(i + 1)}`;
  assert.deepStrictEqual(v.validate(mimic), MALFORMED);
  assert.deepStrictEqual(v.validateMany([mimic, good]).map((r) => r.valid), [false, true]);
});

test('tokens over MAX_TOKEN_BYTES are malformed, up to a 1 MB string', async () => {
  assert.equal(jwtv.MAX_TOKEN_BYTES, 16384);
  const pad = (n) => hs256({ sub: 'a', exp: NOW + 60, pad: 'x'.repeat(n) });
  // The largest payload that still fits, and one more byte.
  let n = 0;
  while (pad(n + 1).length <= jwtv.MAX_TOKEN_BYTES) n++;
  assert.equal(v.validate(pad(n)).valid, true);
  assert.deepStrictEqual(v.validate(pad(n + 4)), MALFORMED);
  // The largest token then a 4-byte character: the UTF-8 copy stops before
  // the character, right after the token, which must still not pass.
  const full = pad(n);
  assert.ok(full.length >= jwtv.MAX_TOKEN_BYTES - 2, String(full.length));
  assert.deepStrictEqual(v.validate(`${full}\ud83d\ude00`), MALFORMED);
  assert.deepStrictEqual(v.validateMany([`${full}\ud83d\ude00`])[0], MALFORMED);
  const huge = 'a'.repeat(1 << 20);
  assert.deepStrictEqual(v.validate(huge), MALFORMED);
  assert.deepStrictEqual(v.validate(good + 'x'.repeat(1 << 20)), MALFORMED);
  assert.deepStrictEqual(await v.validateAsync(huge), MALFORMED);
  assert.deepStrictEqual(v.validateMany([huge, good, 7, null, undefined, {}])
    .map((r) => r.valid || r.code), ['malformed', true, 'malformed', 'malformed', 'malformed', 'malformed']);
});

test('options of the wrong type are a TypeError', () => {
  const bad = [
    undefined, null, 'x', 5, [],
    {},  // no key source
    { secrets: 'x'.repeat(32) },
    { secrets: [5] },
    { secrets: [] },
    { jwks: 5 },
    { jwks: [] },
    { jwksUrl: 5 },
    { jwks: { keys: [] }, jwksUrl: 'https://x' },
    { jwksUrl: 'https://x', oidcIssuer: 'https://y' },
    { secrets: [SECRET], issuer: 5 },
    { secrets: [SECRET], audience: [1] },
    { secrets: [SECRET], algorithms: 'HS256' },
    { secrets: [SECRET], algorithms: ['none'] },
    { secrets: [SECRET], algorithms: [] },
    { secrets: [SECRET], leeway: -1 },
    { secrets: [SECRET], leeway: 1.5 },
    { secrets: [SECRET], leeway: '30' },
    { secrets: [SECRET], maxAge: NaN },
    { secrets: [SECRET], now: Infinity },
    { secrets: [SECRET], cache: true },
    { secrets: [SECRET], allowMissingExp: 1 },
    { secrets: [SECRET], audiance: 'typo' },
  ];
  for (const o of bad) {
    assert.throws(() => jwtv.createValidator(o), TypeError, JSON.stringify(o));
  }
});

test('values jwtv refuses are an Error when the validator is built', () => {
  assert.throws(() => jwtv.createValidator({ secrets: ['too short'] }), /secret/);
  assert.throws(() => jwtv.createValidator({ jwks: '{"keys": [' }), /jwks/);
  assert.throws(() => jwtv.createValidator({ jwks: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] } }),
    /jwks/);
  // A plain http:// JWKS URL without allowHttp.
  assert.throws(() => jwtv.createValidator({ jwksUrl: 'http://127.0.0.1:1/jwks' }), /jwksUrl/);
});

test('misusing the native binding directly throws instead of crashing', () => {
  const script = `
    const b = require(${JSON.stringify(require.resolve('../build/Release/jwtv.node'))});
    const tries = [
      () => b.Validator.prototype.validate.call({}, 'x'),
      () => b.Validator.prototype.validateMany.call(null, []),
      () => new b.Validator(),
      () => new b.Validator({ kind: 5 }),
      () => new b.Validator({ kind: 'static', secrets: [{}] }),
      () => new b.Validator({ kind: 'nope' }),
      () => new b.Validator({ kind: 'static', leeway: -5 }),
      () => new b.Validator({ kind: 'static' }).validate(5),
      () => new b.Validator({ kind: 'static' }).validateMany({ length: 5 }),
    ];
    let thrown = 0;
    for (const t of tries) { try { t(); } catch (e) { thrown++; } }
    const v = new b.Validator({ kind: 'static', secrets: [Buffer.alloc(32)] });
    console.log(thrown, tries.length, v.validate('a.b.c'));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '9 9 1');
});

test('validateMany survives getters that call the validator again', () => {
  const other = hs256({ sub: 'b', exp: NOW + 60 });
  const arr = [good, 'x', good];
  let reentered = 0;
  Object.defineProperty(arr, 1, {
    get() {
      reentered++;
      // A nested batch longer than the outer one, and a plain validate.
      const inner = v.validateMany(Array.from({ length: 600 }, (_, i) => (i % 3 ? other : 'bad')));
      assert.equal(inner.filter((r) => r.valid).length, 400);
      assert.equal(v.validate(other).claims.sub, 'b');
      return other;
    },
  });
  const out = v.validateMany(arr);
  assert.equal(reentered, 1);
  assert.deepStrictEqual(out.map((r) => r.valid && r.claims.sub), ['a', 'b', 'a']);
  const throwing = [good];
  Object.defineProperty(throwing, 1, { get() { throw new RangeError('from a getter'); } });
  assert.throws(() => v.validateMany(throwing), RangeError);
});

test('validateMany over many chunks keeps every answer in place', () => {
  const tokens = Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? `bad${i}` : hs256({ sub: `u${i}`, exp: NOW + 60 })));
  const out = v.validateMany(tokens);
  assert.equal(out.length, 2000);
  out.forEach((r, i) => {
    if (i % 7 === 0) assert.deepStrictEqual(r, MALFORMED);
    else assert.equal(r.claims.sub, `u${i}`);
  });
});

test('the binding\'s validateMany is reentrant too', () => {
  // index.js copies the array first; the binding must be safe without that.
  const native = new jwtv._binding.Validator({ kind: 'static', secrets: [SECRET], now: NOW });
  const other = hs256({ sub: 'b', exp: NOW + 60 });
  const arr = [good, 'x', good];
  Object.defineProperty(arr, 1, {
    get() {
      native.validateMany(Array.from({ length: 600 }, (_, i) => (i % 3 ? other : 'bad')));
      return other;
    },
  });
  const out = native.validateMany(arr).map((r) => (typeof r === 'string' ? JSON.parse(r).sub : r));
  assert.deepStrictEqual(out, ['a', 'b', 'a']);
});
