// Copyright 2026 The jwtv Authors.
//
// The ESM entry point: the same module as index.js.
import { createRequire } from 'node:module';

const jwtv = createRequire(import.meta.url)('./index.js');

export const {
  createValidator,
  createShopifyValidator,
  ERROR_CODES,
  ALGORITHMS,
  MAX_TOKEN_BYTES,
} = jwtv;
export default jwtv;
