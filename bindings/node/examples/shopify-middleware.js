// Copyright 2026 The jwtv Authors.
//
// Express-style middleware that checks a Shopify session token (App Bridge,
// POS UI extensions) sent as `Authorization: Bearer <token>`. It has the
// (req, res, next) signature, so it plugs into Express (app.use(...)) as is;
// the server below uses plain node:http to need no dependency.
//
//   SHOPIFY_API_KEY=... SHOPIFY_API_SECRET=... node examples/shopify-middleware.js
//   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/whoami
'use strict';

const http = require('node:http');
const jwtv = require('jwtv');

// secrets: the current client secret first, then the previous one while a
// rotation is in progress.
function shopifySession({ apiKey, secrets, cache = 10000 }) {
  const validator = jwtv.createShopifyValidator({ apiKey, secrets, cache });
  return function shopifySessionMiddleware(req, res, next) {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ')
      ? header.slice(7).trim() : '';
    const result = token ? validator.validate(token) : { valid: false, code: 'missing_token' };
    if (!result.valid) {
      // The code names why (expired, bad_signature, ...); never echo the token.
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.setHeader('www-authenticate', `Bearer error="invalid_token"`);
      res.end(JSON.stringify({ error: 'invalid_session_token', code: result.code }));
      return;
    }
    req.shopifySession = result.session;  // { shop, userId, sessionId, tokenId, expiresAt }
    next();
  };
}

// A minimal app: the middleware in front of one route.
function createServer(options) {
  const auth = shopifySession(options);
  return http.createServer((req, res) => {
    auth(req, res, () => {
      if (req.url === '/api/whoami') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ shop: req.shopifySession.shop, user: req.shopifySession.userId }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  });
}

module.exports = { shopifySession, createServer };

if (require.main === module) {
  const apiKey = process.env.SHOPIFY_API_KEY;
  const secrets = [process.env.SHOPIFY_API_SECRET, process.env.SHOPIFY_API_SECRET_PREVIOUS]
    .filter(Boolean);
  if (!apiKey || secrets.length === 0) {
    console.error('set SHOPIFY_API_KEY and SHOPIFY_API_SECRET');
    process.exit(2);
  }
  const port = Number(process.env.PORT || 3000);
  createServer({ apiKey, secrets }).listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${port}`);
  });
}
