// Copyright 2026 The jwtv Authors.
//
// npm pack's prepack/postpack step. The package builds libjwtv from source
// on install, so the tarball carries what that build reads: the
// repository's CMakeLists.txt, cmake/, include/, src/ and LICENSE, copied to
// jwtv-src/ (CMakeLists.txt here prefers it to ../..).
//   node scripts/copy-sources.js          copy (prepack)
//   node scripts/copy-sources.js --clean  remove the copy (postpack)
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const root = path.resolve(here, '..', '..');
const dest = path.join(here, 'jwtv-src');
const ENTRIES = ['CMakeLists.txt', 'LICENSE', 'cmake', 'include', 'src'];

fs.rmSync(dest, { recursive: true, force: true });
if (process.argv[2] !== '--clean') {
  for (const e of ENTRIES) {
    const from = path.join(root, e);
    if (!fs.existsSync(from)) {
      throw new Error(`copy-sources: ${from} is missing (run from the jwtv repository)`);
    }
    fs.cpSync(from, path.join(dest, e), { recursive: true });
  }
  console.log(`copy-sources: ${ENTRIES.join(', ')} -> jwtv-src/`);
}
