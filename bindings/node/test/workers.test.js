// Copyright 2026 The jwtv Authors.
//
// The addon in several worker_threads at once: each thread loads it and
// builds its own validators (HMAC, a JWKS of public keys, Shopify with a
// verified-token cache) and validates the same tokens concurrently with the
// main thread; every answer must be the single-threaded one.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const { Worker } = require('node:worker_threads');
const jwtv = require('..');

const FIXTURES = path.join(__dirname, '..', 'bench', 'fixtures');
const tokens = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'tokens.json'), 'utf8'));
const jwks = fs.readFileSync(path.join(FIXTURES, 'jwks.json'), 'utf8');
const secret = fs.readFileSync(path.join(FIXTURES, 'secret.txt'));
const claims = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'claims.json'), 'utf8'));

// Each valid token, a tampered copy and an expired-by-clock one per round.
function workload(jwtvModule, rounds) {
  const v = jwtvModule.createValidator({ jwks, secrets: [secret], issuer: claims.iss, audience: claims.aud });
  const late = jwtvModule.createValidator({ jwks, secrets: [secret], now: claims.exp + 1 });
  const shop = jwtvModule.createShopifyValidator({ apiKey: claims.aud, secrets: [secret], cache: 64 });
  const answers = [];
  for (let i = 0; i < rounds; i++) {
    for (const [alg, t] of Object.entries(tokens)) {
      const bad = `${t.slice(0, -6)}${t.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
      answers.push(`${alg} ${v.validate(t).valid} ${v.validate(bad).code} ${late.validate(t).code}`);
      if (i === 0) answers.push(JSON.stringify(v.validateMany([t, bad, t]).map((r) => r.valid)));
    }
    answers.push(shop.validate(tokens.HS256).session.shop);
  }
  return answers;
}

test('validators used concurrently from worker_threads', async () => {
  const ROUNDS = 300;
  const expected = workload(jwtv, ROUNDS);
  assert.ok(expected.includes('HS256 true bad_signature expired'));
  assert.ok(expected.includes('EdDSA true bad_signature expired'));
  const src = `
    const { parentPort, workerData } = require('node:worker_threads');
    const jwtv = require(${JSON.stringify(path.join(__dirname, '..'))});
    const workload = eval('(' + workerData.workload + ')');
    const tokens = workerData.tokens, jwks = workerData.jwks, claims = workerData.claims;
    const secret = Buffer.from(workerData.secret);
    parentPort.postMessage(workload(jwtv, workerData.rounds));`;
  const workers = Array.from({ length: 4 }, () => new Worker(src, {
    eval: true,
    workerData: { workload: workload.toString(), tokens, jwks, claims, secret, rounds: ROUNDS },
  }));
  const results = workers.map((w) => new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const mine = workload(jwtv, ROUNDS);  // the main thread at the same time
  for (const r of await Promise.all(results)) assert.deepStrictEqual(r, expected);
  assert.deepStrictEqual(mine, expected);
  await Promise.all(workers.map((w) => w.terminate()));
});

test('a worker that exits while validateAsync runs leaves the process sound', async () => {
  const src = `
    const jwtv = require(${JSON.stringify(path.join(__dirname, '..'))});
    // The binding's thread-pool path, which index.js keeps for URL sources.
    const v = new jwtv._binding.Validator({ kind: 'static', secrets: [Buffer.from(${JSON.stringify(secret.toString())})] });
    const token = ${JSON.stringify(tokens.HS256)};
    for (let i = 0; i < 1000; i++) v.validateAsync(i % 2 ? token : 'a.b.c');
    process.exit(0);`;
  for (let i = 0; i < 4; i++) {
    const w = new Worker(src, { eval: true });
    const [code] = await require('node:events').once(w, 'exit');
    assert.equal(code, 0);
  }
  const v = jwtv.createValidator({ secrets: [secret] });
  assert.equal(v.validate(tokens.HS256).valid, true);
});
