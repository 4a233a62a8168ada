// Copyright 2026 The jwtv Authors.
//
// The addon uses the OpenSSL of the node process and never loads a second
// libcrypto: loading it maps no libcrypto or libssl that was not mapped
// already (none for a node with OpenSSL built in; the system libcrypto.so.3
// for Debian's nodejs), its OpenSSL symbols bind to that copy (LD_DEBUG),
// and every OpenSSL symbol it needs is one that the Debian libcrypto.so.3
// exports too, so that it also loads under Debian's nodejs.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const ADDON = path.join(__dirname, '..', 'build', 'Release', 'jwtv.node');
const PKG = path.join(__dirname, '..');

function run(script, env = {}) {
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 << 20,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return r;
}

test('loading jwtv maps no new libcrypto or libssl', () => {
  const r = run(`
    const fs = require('node:fs');
    const libs = () => new Set(fs.readFileSync('/proc/self/maps', 'utf8').split('\\n')
      .map((l) => l.split(/\\s+/)[5]).filter((p) => p && /lib(crypto|ssl)/.test(p)));
    const before = libs();
    const jwtv = require(${JSON.stringify(PKG)});
    const v = jwtv.createValidator({ secrets: [Buffer.alloc(32)] });
    v.validate('a.b.c');
    console.log(JSON.stringify({ before: [...before], after: [...libs()] }));`);
  const { before, after } = JSON.parse(r.stdout);
  assert.deepStrictEqual(after, before);
  assert.ok(after.length <= 1, after.join(' '));
});

test('OpenSSL symbols bind to the copy node already has', () => {
  const r = run(`require(${JSON.stringify(ADDON)})`, { LD_DEBUG: 'bindings' });
  // BN_mod_exp_mont: the RSA public operation, one of the OpenSSL functions
  // the addon calls (ES256 and EdDSA are jwtv's own code).
  const lines = r.stderr.split('\n').filter((l) => l.includes('jwtv.node') && /`BN_mod_exp_mont'/.test(l));
  assert.ok(lines.length >= 1, 'no binding of BN_mod_exp_mont reported');
  const exportsOpenSsl = spawnSync('nm', ['-D', '--defined-only', process.execPath], { encoding: 'utf8' })
    .stdout?.includes(' BN_mod_exp_mont\n');
  for (const l of lines) {
    const target = l.split(' to ')[1];
    if (exportsOpenSsl) assert.match(target, new RegExp(`^${process.execPath}`), l);
    else assert.match(target, /libcrypto\.so\.3/, l);
  }
});

test('every OpenSSL symbol the addon needs is in the system libcrypto.so.3',
  { skip: !fs.existsSync('/usr/lib/x86_64-linux-gnu/libcrypto.so.3') && 'no system libcrypto.so.3' }, () => {
    const nm = (args) => spawnSync('nm', args, { encoding: 'utf8' });
    const need = nm(['-D', '--undefined-only', ADDON]);
    if (need.error) return;  // no binutils
    const defined = (lib) => fs.existsSync(lib)
      ? nm(['-D', '--defined-only', lib]).stdout.split('\n')
        .map((l) => l.trim().split(/\s+/)[2]?.split('@')[0])
      : [];
    const have = new Set(defined('/usr/lib/x86_64-linux-gnu/libcrypto.so.3'));
    // ipsec-mb's (the batch HMAC kernels) come from its own library.
    const ipsec = new Set(defined('/usr/lib/x86_64-linux-gnu/libIPSec_MB.so.1'));
    // Unversioned undefined C symbols other than Node-API's are OpenSSL's
    // (glibc's, libstdc++'s and GnuTLS's are versioned; C++ ones mangled).
    const openssl = need.stdout.split('\n').map((l) => l.trim().split(/\s+/)[1])
      .filter((s) => s && !s.includes('@') && !/^(napi_|node_api_|_Z|_ITM_|__gmon_start__)/.test(s));
    assert.ok(openssl.length > 20, `only ${openssl.length} OpenSSL symbols`);
    assert.deepStrictEqual(openssl.filter((s) => !have.has(s) && !ipsec.has(s)), []);
  });
