// Copyright 2026 The jwtv Authors.
//
// The claims object of a valid result equals JSON.parse of the payload
// text, whichever way index.js builds it: from the positions the binding
// writes (src/flat_claims.h) for an ASCII payload, or by JSON.parse of the
// whole text (non-ASCII payloads, escaped names, too many claims or shapes,
// a cached validator). Payloads are signed as written, byte for byte.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const test = require('node:test');
const { Worker } = require('node:worker_threads');
const jwtv = require('..');

const SECRET = Buffer.alloc(32, 9);
const EXP = '"exp":4102444800';

function sign(payloadText) {
  const input = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.` +
    `${Buffer.from(payloadText, 'utf8').toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

// Payload texts; `flat` says whether the binding gives positions for it
// (the fast path) or asks for JSON.parse of the whole text.
const CORPUS = [
  { flat: true, text: `{"a":"x","b":1,"c":true,"d":false,"e":null,${EXP}}` },
  { flat: true, text: `{"iss":"https://i.example","sub":"42","aud":["a","b"],${EXP},"nbf":1,"iat":2}` },
  { flat: true, text: `{"s":"a\\"b\\u00e9\\n\\\\","t":"\\/","u":"\\ud83d\\ude00",${EXP}}` },
  { flat: true, text: `{"o":{"x":[1,{"y":"z"}],"__proto__":{"p":1}},"arr":["a","b"],"e":{},"ea":[],"n":-1.5e-3,"t":true,"f":false,"z":null,"s":"plain",${EXP}}` },
  { flat: true, text: `{"n1":1e3,"n2":-0,"n3":1.5,"n4":12345678901234567890,"n5":9007199254740993,${EXP}}` },
  { flat: true, text: `{"n6":1E-7,"n7":-1.25e+2,"n8":0.1,"n9":123456789012345,"n10":-0.0,"n11":0,${EXP}}` },
  { flat: true, text: `{"n12":1e308,"n13":2.2250738585072014e-308,"n14":5e-324,"n15":1.7976931348623157e308,${EXP}}` },
  { flat: true, text: `{"__proto__":"x","constructor":"y","toString":1,"hasOwnProperty":null,${EXP}}` },
  { flat: true, text: `{"__proto__":{"polluted":true},"prototype":{"polluted":true},${EXP}}` },
  { flat: true, text: `{"0":"zero","1":"one","":"empty","-1":2,"1.5":3,"4294967295":4,${EXP}}` },
  { flat: true, text: `{"a":1,"A":2,"a ":3," a":4,"ab":5,${EXP}}` },
  { flat: true, text: `{ "a" : "b" ,\n\t"c":[ "d" , "e" ] ,\r "f" : { } , ${EXP} }` },
  { flat: true, text: `{"x":"","y":"<\\/script>","z":"${'w'.repeat(2000)}",${EXP}}` },
  { flat: true, text: `{${EXP}}` },
  // Same names as an earlier entry, other kinds: the shape is reused.
  { flat: true, text: `{"a":[1],"b":"1","c":null,"d":{"t":true},"e":false,${EXP}}` },
  { flat: true, text: `{"a":1.25,"b":{"":""},"c":"true","d":"false","e":"\\u0000",${EXP}}` },
  { flat: false, text: `{"s":"héllo ☃ 😀","t":"x",${EXP}}` },
  { flat: false, text: `{"a\\u0062":1,"ac":2,${EXP}}` },
  { flat: false, text: `{"\\u005f_proto__":{"polluted":true},${EXP}}` },
  { flat: false, text: `{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')},${EXP}}` },
];

function check(claims, text, what) {
  assert.deepStrictEqual(claims, JSON.parse(text), `${what}: ${text.slice(0, 120)}`);
  assert.deepStrictEqual(Object.keys(claims), Object.keys(JSON.parse(text)), what);
  assert.equal(Object.getPrototypeOf(claims), Object.prototype, what);
  assert.equal({}.polluted, undefined, what);
}

test('claims equal JSON.parse of the payload, on and off the fast path', async () => {
  const v = jwtv.createValidator({ secrets: [SECRET] });
  const cached = jwtv.createValidator({ secrets: [SECRET], cache: 100 });
  const second = jwtv.createValidator({ secrets: [SECRET] });
  for (let round = 0; round < 3; round++) {
    for (const { text } of CORPUS) {
      const token = sign(text);
      const r = v.validate(token);
      assert.equal(r.valid, true, `${r.code}: ${text.slice(0, 120)}`);
      check(r.claims, text, 'validate');
      check(cached.validate(token).claims, text, 'cached validate');
      check(v.validateMany([token])[0].claims, text, 'validateMany');
      check((await v.validateAsync(token)).claims, text, 'validateAsync');
      check(second.validate(token).claims, text, 'second validator');
    }
  }
  const own = v.validate(sign(CORPUS[7].text)).claims;
  assert.ok(Object.hasOwn(own, '__proto__'));
  assert.equal(Object.getOwnPropertyDescriptor(own, '__proto__').value, 'x');
  assert.equal(typeof own.constructor, 'string');
  assert.ok(Object.is(v.validate(sign(CORPUS[4].text)).claims.n2, -0));
});

test('the binding takes the fast path exactly for the flat corpus', () => {
  const native = new jwtv._binding.Validator({ kind: 'static', secrets: [SECRET] });
  const [meta, nums, validateFlat] = native.flatScratch();
  assert.ok(meta instanceof Int32Array && nums instanceof Float64Array);
  const flat = new jwtv._FlatClaims(native);
  for (const { flat: expected, text } of CORPUS) {
    assert.equal(validateFlat(sign(text)), text);
    assert.equal(meta[0] >= 0, expected, text.slice(0, 120));
    check(flat.build(flat.validate(sign(text))), text, 'build');
  }
  // Each scratch is its own: another one's call leaves it as it was.
  validateFlat(sign(CORPUS[0].text));
  const before = meta.slice();
  flat.validate(sign(CORPUS[1].text));
  assert.deepStrictEqual(meta, before);
  const good = sign(CORPUS[0].text);
  const tampered = `${good.slice(0, -6)}${good.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'}`;
  assert.equal(validateFlat(tampered), jwtv._binding.errorCodes.indexOf('bad_signature'));
  assert.equal(validateFlat('x'.repeat(jwtv.MAX_TOKEN_BYTES + 1)), jwtv._binding.errorCodes.indexOf('malformed'));
  for (const bad of [undefined, 42, Buffer.from('a.b.c')]) {
    assert.throws(() => validateFlat(bad), TypeError);
  }
});

test('scratches dropped and collected', async () => {
  const native = new jwtv._binding.Validator({ kind: 'static', secrets: [SECRET] });
  const token = sign(CORPUS[0].text);
  for (let i = 0; i < 2000; i++) {
    const [meta, , validateFlat] = native.flatScratch();
    validateFlat(token);
    assert.equal(meta[1], 6);
  }
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const flat = new jwtv._FlatClaims(native);
  check(flat.build(flat.validate(token)), CORPUS[0].text, 'after gc');
});

test('shapes past the table and a name seen with another shape', () => {
  const v = jwtv.createValidator({ secrets: [SECRET] });
  const texts = [];
  for (let i = 0; i < 40; i++) {
    texts.push(`{"c${i}":"v${i}","n":${i},${EXP}}`, `{"n":${i},"c${i}":"v",${EXP}}`);
  }
  for (let round = 0; round < 2; round++) {
    for (const text of texts) check(v.validate(sign(text)).claims, text, 'shape');
  }
});

test('claims are own data properties whatever Object.prototype holds', () => {
  const v = jwtv.createValidator({ secrets: [SECRET] });
  const text = `{"evil":"x","frozen":"y","sub":"s",${EXP}}`;
  const token = sign(text);
  check(v.validate(token).claims, text, 'warm');
  let setterCalls = 0;
  Object.defineProperty(Object.prototype, 'evil', {
    set() { setterCalls++; }, get() { return 'inherited'; }, configurable: true,
  });
  Object.defineProperty(Object.prototype, 'frozen', { value: 'z', writable: false, configurable: true });
  try {
    for (let i = 0; i < 3; i++) {
      const c = v.validate(token).claims;
      assert.ok(Object.hasOwn(c, 'evil') && Object.hasOwn(c, 'frozen'));
      assert.equal(c.evil, 'x');
      assert.equal(c.frozen, 'y');
    }
    const fresh = jwtv.createValidator({ secrets: [SECRET] }).validate(token).claims;
    assert.equal(fresh.evil, 'x');
    assert.equal(fresh.frozen, 'y');
  } finally {
    delete Object.prototype.evil;
    delete Object.prototype.frozen;
  }
  assert.equal(setterCalls, 0);
});

test('a validate nested in the building of claims', () => {
  const v = jwtv.createValidator({ secrets: [SECRET] });
  const outer = `{"o":{"k":1},"s":"outer",${EXP}}`;
  const inner = `{"s":"inner","o":[2],${EXP}}`;
  const parse = JSON.parse;
  let nested = 0;
  JSON.parse = function patched(text, reviver) {
    if (nested === 0) {
      nested++;
      check(v.validate(sign(inner)).claims, inner, 'inner');
    }
    return parse(text, reviver);
  };
  try {
    check(v.validate(sign(outer)).claims, outer, 'outer');
  } finally {
    JSON.parse = parse;
  }
  assert.equal(nested, 1);
});

test('claims built in worker_threads concurrently', async () => {
  const src = `
    const { parentPort, workerData } = require('node:worker_threads');
    const assert = require('node:assert/strict');
    const crypto = require('node:crypto');
    const jwtv = require(${JSON.stringify(require.resolve('..'))});
    const secret = Buffer.from(workerData.secret);
    const sign = eval('(' + workerData.sign + ')');
    const SECRET = secret;
    const v = jwtv.createValidator({ secrets: [secret] });
    const tokens = workerData.texts.map((t) => [t, sign(t)]);
    let checked = 0;
    for (let round = 0; round < workerData.rounds; round++) {
      for (const [text, token] of tokens) {
        assert.deepStrictEqual(v.validate(token).claims, JSON.parse(text));
        checked++;
      }
    }
    parentPort.postMessage(checked);`;
  const texts = CORPUS.map((c) => c.text);
  const rounds = 200;
  const workers = Array.from({ length: 3 }, () => new Worker(src, {
    eval: true,
    workerData: { secret: SECRET, sign: sign.toString(), texts, rounds },
  }));
  const done = workers.map((w) => new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const v = jwtv.createValidator({ secrets: [SECRET] });
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) check(v.validate(sign(text)).claims, text, 'main');
  }
  for (const n of await Promise.all(done)) assert.equal(n, texts.length * rounds);
});
