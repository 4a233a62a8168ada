// Copyright 2026 The jwtv Authors.
//
// Keys from a JWKS URL (and OpenID Connect discovery) served by a real HTTP
// server on loopback. The server runs in a worker thread: createValidator's
// first fetch and the synchronous validate wait for it, which an in-thread
// server could not answer.
import assert from 'node:assert/strict';
import test from 'node:test';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import jwtv from '../index.js';

const SERVER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
let jwks = '{"keys":[]}';
let delay = 0;
let hits = 0;
let base = '';
const server = http.createServer((req, res) => {
  hits++;
  const send = () => {
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
      res.end(jwks);
    } else if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: base, jwks_uri: base + '/jwks' }));
    } else {
      res.writeHead(404);
      res.end();
    }
  };
  if (delay > 0) setTimeout(send, delay); else send();
});
server.listen(0, '127.0.0.1', () => {
  base = 'http://127.0.0.1:' + server.address().port;
  parentPort.postMessage({ base });
});
parentPort.on('message', (m) => {
  if (m === 'close') { server.close(); parentPort.close(); return; }
  if (m.jwks !== undefined) jwks = m.jwks;
  if (m.delay !== undefined) delay = m.delay;
  parentPort.postMessage({ hits });
});
`;

async function startServer() {
  const worker = new Worker(SERVER, { eval: true });
  const [{ base }] = await once(worker, 'message');
  const send = async (m) => {
    worker.postMessage(m);
    return (await once(worker, 'message'))[0];
  };
  return { base, send, stop: () => worker.terminate() };
}

async function key(kid) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
}

function sign(k, claims = {}) {
  return new SignJWT({ sub: k.kid, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: k.kid })
    .setExpirationTime('10m')
    .sign(k.privateKey);
}

test('a rotated-in key is fetched on its first token, off the event loop', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const [a, b, c] = await Promise.all([key('a'), key('b'), key('c')]);
  await server.send({ jwks: JSON.stringify({ keys: [a.jwk] }) });
  const v = jwtv.createValidator({ jwksUrl: `${server.base}/jwks`, allowHttp: true, algorithms: ['ES256'] });
  const tokenA = await sign(a);
  const tokenB = await sign(b);
  assert.equal(v.validate(tokenA).valid, true);
  assert.equal((await v.validateAsync(tokenA)).claims.sub, 'a');
  let h = v.health();
  assert.equal(h.keyCount, 1);
  const version = h.snapshotVersion;
  assert.ok(version >= 1);
  assert.ok(h.fetchCount >= 1);
  assert.equal(h.lastError, null);
  assert.ok(h.lastSuccess instanceof Date);
  assert.match(h.source, /jwks/);

  // b is published; the server answers slowly. validateAsync waits for the
  // refresh on the thread pool while the event loop keeps ticking.
  await server.send({ jwks: JSON.stringify({ keys: [a.jwk, b.jwk] }), delay: 300 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const started = Date.now();
  const results = await Promise.all([v.validateAsync(tokenB), v.validateAsync(tokenB), v.validateAsync(tokenA)]);
  clearInterval(timer);
  assert.ok(Date.now() - started >= 250, 'the refresh was awaited');
  assert.ok(ticks >= 10, `event loop ticked ${ticks} times during the refresh`);
  assert.deepStrictEqual(results.map((r) => r.valid && r.claims.sub), ['b', 'b', 'a']);
  h = v.health();
  assert.equal(h.keyCount, 2);
  assert.equal(h.snapshotVersion, version + 1);
  assert.equal(v.validate(tokenB).valid, true);

  // An unknown kid inside the refresh cooldown: key_not_found at once.
  await server.send({ delay: 0 });
  const before = (await server.send({})).hits;
  assert.deepStrictEqual(await v.validateAsync(await sign(c)), { valid: false, code: 'key_not_found' });
  assert.equal((await server.send({})).hits, before);
});

test('OpenID Connect discovery; oct keys of a published JWKS are never used', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const a = await key('a');
  const secret = Buffer.alloc(32, 1);
  const oct = { kty: 'oct', k: secret.toString('base64url'), kid: 'h', alg: 'HS256' };
  await server.send({ jwks: JSON.stringify({ keys: [a.jwk, oct] }) });
  const v = jwtv.createValidator({ oidcIssuer: server.base, allowHttp: true });
  assert.equal((await v.validateAsync(await sign(a))).claims.sub, 'a');
  const hs = await new SignJWT({ sub: 'forged' }).setProtectedHeader({ alg: 'HS256', kid: 'h' })
    .setExpirationTime('10m').sign(new Uint8Array(secret));
  assert.deepStrictEqual(await v.validateAsync(hs), { valid: false, code: 'key_not_found' });
  assert.equal(v.health().ignoredSymmetricKeys, 1);
  assert.match(v.health().source, /oidc/);
});

test('a JWKS URL that cannot be fetched fails createValidator', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  assert.throws(() => jwtv.createValidator({ jwksUrl: `${server.base}/missing`, allowHttp: true }),
    /jwksUrl/);
});
