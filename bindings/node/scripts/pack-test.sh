#!/usr/bin/env bash
# Proves that `npm pack`'s tarball installs and builds in an empty project:
# packs this package, installs the tarball into a new project in a temporary
# directory (the install script builds the addon from jwtv-src/), and
# validates a fixture token there through require() and import.
#
#   scripts/pack-test.sh [WORK_DIR]     (default: a fresh mktemp -d)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work/app"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
cp bench/fixtures/tokens.json bench/fixtures/secret.txt "$work/app/"
cd "$work/app"
echo '{"name":"jwtv-pack-test","version":"1.0.0","private":true}' > package.json
npm install --no-audit --no-fund --foreground-scripts "$work/$tarball"
node -e '
  const fs = require("node:fs");
  const jwtv = require("jwtv");
  const token = JSON.parse(fs.readFileSync("tokens.json", "utf8")).HS256;
  const v = jwtv.createValidator({ secrets: [fs.readFileSync("secret.txt")] });
  const r = v.validate(token);
  if (!r.valid || r.claims.dest !== "https://bench-shop.myshopify.com") process.exit(1);
  console.log("pack-test: require(\"jwtv\") validated the fixture token");'
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  import { createShopifyValidator } from "jwtv";
  const token = JSON.parse(readFileSync("tokens.json", "utf8")).HS256;
  const s = createShopifyValidator({ apiKey: "3f0c9a1e7d5b4c2a8e6f1d0b9a7c5e3f",
                                     secrets: [readFileSync("secret.txt")] });
  const r = s.validate(token);
  if (!r.valid || r.session.shop !== "bench-shop.myshopify.com") process.exit(1);
  console.log("pack-test: import from \"jwtv\" validated the Shopify session");'
