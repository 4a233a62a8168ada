// Copyright 2026 The jwtv Authors.
//
// examples/shopify-middleware.js over real HTTP on loopback: a valid session
// token reaches the route with its session; a missing, expired or forged
// one gets 401 with jwtv's code.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { once } = require('node:events');
const test = require('node:test');
const { createServer } = require('../examples/shopify-middleware.js');

const API_KEY = 'example-api-key';
const SECRET = 'example secret of at least 32 bytes...';

function token(claims, secret = SECRET) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

test('the Shopify middleware admits valid session tokens only', async (t) => {
  const server = createServer({ apiKey: API_KEY, secrets: [SECRET] });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'https://shop-9.myshopify.com/admin', dest: 'https://shop-9.myshopify.com',
    aud: API_KEY, sub: '77', exp: now + 60, nbf: now - 1, iat: now - 1, jti: 'j', sid: 's' };
  const get = async (auth) => {
    const r = await fetch(`${base}/api/whoami`, auth ? { headers: { authorization: auth } } : {});
    return { status: r.status, body: await r.json() };
  };
  assert.deepStrictEqual(await get(`Bearer ${token(claims)}`),
    { status: 200, body: { shop: 'shop-9.myshopify.com', user: '77' } });
  assert.deepStrictEqual(await get(), { status: 401, body: { error: 'invalid_session_token', code: 'missing_token' } });
  assert.deepStrictEqual((await get(`Bearer ${token({ ...claims, exp: now - 60 })}`)).body.code, 'expired');
  assert.deepStrictEqual((await get(`Bearer ${token(claims, 'another secret of at least 32 bytes!!')}`)).body.code,
    'bad_signature');
  assert.deepStrictEqual((await get(`Bearer ${token({ ...claims, aud: 'other-app' })}`)).body.code, 'bad_audience');
  assert.deepStrictEqual((await get('Basic abc')).status, 401);
});
