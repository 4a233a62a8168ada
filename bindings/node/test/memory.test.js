// Copyright 2026 The jwtv Authors.
//
// One million validations (valid and rejected tokens, validate and
// validateMany, with and without the cache) grow the resident set by less
// than 10 MB. Needs --expose-gc (npm test passes it).
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const jwtv = require('..');

const FIXTURES = path.join(__dirname, '..', 'bench', 'fixtures');
const tokens = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'tokens.json'), 'utf8'));
const secret = fs.readFileSync(path.join(FIXTURES, 'secret.txt'));
const claims = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'claims.json'), 'utf8'));

function rssAfterGc() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().rss;
}

test('one million validations grow RSS by less than 10 MB', { skip: !global.gc && 'needs --expose-gc' }, (t) => {
  const opts = { secrets: [secret], issuer: claims.iss, audience: claims.aud };
  const v = jwtv.createValidator(opts);
  const cached = jwtv.createValidator({ ...opts, cache: 1000 });
  const shop = jwtv.createShopifyValidator({ apiKey: claims.aud, secrets: [secret] });
  const good = tokens.HS256;
  const bad = `${good.slice(0, -4)}AAAA`;
  // Distinct tokens: valid ones that make the cache (1000 entries) evict,
  // and rejected ones.
  const sign = (c) => {
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(c)}`;
    return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  const fresh = Array.from({ length: 2000 }, (_, i) => sign({ ...claims, jti: `t-${i}` }));
  const distinct = Array.from({ length: 2000 }, (_, i) => `${good}${i}`);
  let valid = 0;
  const run = (n) => {
    for (let i = 0; i < n; i += 10) {
      valid += v.validate(good).valid;
      valid += v.validate(bad).valid;
      valid += cached.validate(good).valid;
      valid += cached.validate(fresh[(i / 10) % 2000]).valid;
      valid += shop.validate(good).valid;
      valid += v.validate(distinct[(i + 1) % 2000]).valid;
      for (const r of v.validateMany([good, bad, good, 'x'])) valid += r.valid;
    }
  };
  // Warm-up to the steady state: JIT, thread-local buffers, both caches at
  // capacity and evicting, and the V8 heap sized for that churn.
  run(400000);
  const before = rssAfterGc();
  valid = 0;
  run(1000000);
  const after = rssAfterGc();
  assert.equal(valid, 600000);
  const growth = (after - before) / (1 << 20);
  t.diagnostic(`RSS growth over 1e6 validations: ${growth.toFixed(2)} MB`);
  assert.ok(growth < 10, `RSS grew by ${growth.toFixed(1)} MB`);
});
