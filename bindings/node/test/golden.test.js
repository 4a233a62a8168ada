// Copyright 2026 The jwtv Authors.
//
// Parity with the C++ library through the CLI contract's golden fixtures
// (tests/data/cli/, made by make_golden.py): `jwtv validate --secret-file
// golden_secret.bin --now 1700000000 golden_tokens.txt` prints
// golden_expected.txt; every token must get the same answer here, with the
// same claims. The CLI skips blank lines, and so does this test.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const jwtv = require('..');

const DATA = path.resolve(__dirname, '..', '..', '..', 'tests', 'data', 'cli');
const present = fs.existsSync(path.join(DATA, 'golden_tokens.txt'));

function load() {
  const secret = fs.readFileSync(path.join(DATA, 'golden_secret.bin'));
  const tokens = fs.readFileSync(path.join(DATA, 'golden_tokens.txt'), 'utf8')
    .split('\n').filter((l) => l.trim() !== '');
  const expected = fs.readFileSync(path.join(DATA, 'golden_expected.txt'), 'utf8')
    .split('\n').filter((l) => l !== '');
  return { secret, tokens, expected };
}

test('golden fixtures: the CLI contract answers', { skip: !present && 'no repository' }, () => {
  const { secret, tokens, expected } = load();
  assert.equal(tokens.length, expected.length);
  assert.ok(tokens.length >= 9);
  const v = jwtv.createValidator({ secrets: [secret], now: 1700000000 });
  tokens.forEach((token, i) => {
    const [verdict, rest] = expected[i].split('\t');
    const r = v.validate(token);
    if (verdict === 'valid') {
      assert.equal(r.valid, true, `line ${i}: ${rest}`);
      assert.deepStrictEqual(r.claims, JSON.parse(rest));
      assert.equal(r.header.alg, 'HS256');
    } else {
      assert.deepStrictEqual(r, { valid: false, code: rest }, `line ${i}`);
    }
  });
});

test('golden fixtures: validateMany, validateAsync and a cache agree', { skip: !present && 'no repository' }, async () => {
  const { secret, tokens } = load();
  const plain = jwtv.createValidator({ secrets: [secret], now: 1700000000 });
  const cached = jwtv.createValidator({ secrets: [secret], now: 1700000000, cache: 100 });
  const one = tokens.map((t) => JSON.stringify(plain.validate(t)));
  assert.deepStrictEqual(plain.validateMany(tokens).map((r) => JSON.stringify(r)), one);
  for (let round = 0; round < 2; round++) {
    assert.deepStrictEqual(cached.validateMany(tokens).map((r) => JSON.stringify(r)), one);
    assert.deepStrictEqual(tokens.map((t) => JSON.stringify(cached.validate(t))), one);
  }
  const asyncResults = await Promise.all(tokens.map((t) => plain.validateAsync(t)));
  assert.deepStrictEqual(asyncResults.map((r) => JSON.stringify(r)), one);
  assert.ok(cached.health().cache.hits >= tokens.length);
  // A cached validator's claims are shared between results: deep-frozen.
  const c = cached.validate(tokens[1]).claims;
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.nested) && Object.isFrozen(c.nested.a));
  assert.equal(cached.validate(tokens[1]).claims, c);
  assert.ok(!Object.isFrozen(plain.validate(tokens[1]).claims));
  // -0 survives (the last golden payload has "n":-0.0e-0).
  assert.ok(Object.is(plain.validate(tokens[tokens.length - 1]).claims.n, -0));
});
