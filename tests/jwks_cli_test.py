#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
"""`jwtv validate --jwks-url/--oidc-issuer` and `jwtv jwks` against the
scriptable server tests/jwks_server.py: keys rotate under a running
`jwtv validate` and each answer comes back before the next line is sent; an
oct key served next to an RSA key is ignored (a published secret would sign
anyone's tokens) and listed as such.

Usage: jwks_cli_test.py PATH_TO_JWTV
"""

import base64
import json
import os
import subprocess
import sys
import time
import urllib.request

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
# Keys from a URL are asymmetric: a JWKS there is public.
KEY_A = ec.generate_private_key(ec.SECP256R1())
KEY_B = ec.generate_private_key(ec.SECP256R1())
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
# A secret long enough for every HS algorithm: ignored for being public.
OCT_SECRET = b"h" * 64


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def ec_jwk(kid, key):
    nums = key.public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256",
            "x": b64(nums.x.to_bytes(32, "big")), "y": b64(nums.y.to_bytes(32, "big"))}


def rsa_jwk(kid, key):
    nums = key.public_key().public_numbers()
    return {"kty": "RSA", "kid": kid, "alg": "RS256",
            "n": b64(nums.n.to_bytes(256, "big")), "e": b64(nums.e.to_bytes(3, "big"))}


def oct_jwk(kid, secret):
    return {"kty": "oct", "kid": kid, "alg": "HS256", "k": b64(secret)}


def token(key, kid, alg="ES256", **claims):
    claims.setdefault("sub", "u")
    claims.setdefault("exp", int(time.time()) + 600)
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


def main():
    cli = sys.argv[1]
    server = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "jwks_server.py")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[1])
    base = "http://127.0.0.1:%d" % port

    def control(**req):
        r = urllib.request.Request(base + "/control", data=json.dumps(req).encode(),
                                   method="POST")
        return json.loads(urllib.request.urlopen(r).read())

    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    try:
        # An oct key next to an RSA key: listed as ignored, never used, so a
        # token signed with the published secret is key_not_found.
        control(keys=[rsa_jwk("rsa1", RSA_KEY), oct_jwk("h1", OCT_SECRET)])
        r = subprocess.run([cli, "jwks", "--allow-http", base + "/jwks"],
                           capture_output=True, text=True)
        check(r.returncode == 0 and
              r.stdout == "rsa1\tRSA\tRS256\t2048\nh1\toct\tignored\t512\n" and
              'keys[1] (kid "h1")' in r.stderr and "ignored" in r.stderr,
              "jwks lists the oct key as ignored: %r %r" % (r.stdout, r.stderr))
        forged = token(OCT_SECRET, "h1", alg="HS256", sub="attacker", admin=True, iss=base)
        for source in (["--jwks-url", base + "/jwks"], ["--oidc-issuer", base]):
            r = subprocess.run([cli, "validate", "--allow-http"] + source,
                               capture_output=True, text=True,
                               input=forged + "\n" +
                               token(RSA_KEY, "rsa1", alg="RS256", iss=base) + "\n")
            lines = r.stdout.splitlines()
            check(r.returncode == 1 and len(lines) == 2 and
                  lines[0] == "invalid\tkey_not_found" and lines[1].startswith("valid\t"),
                  "%s: HS256 token signed with the served oct key is key_not_found, "
                  "RS256 valid: %r" % (source[0], r.stdout))
        control(keys=[oct_jwk("h1", OCT_SECRET)])
        r = subprocess.run([cli, "jwks", "--allow-http", base + "/jwks"],
                           capture_output=True, text=True)
        check(r.returncode == 1 and "no usable key" in r.stderr,
              "jwks of oct keys only has no usable key: %r" % r.stderr)

        control(keys=[ec_jwk("a1", KEY_A)])
        r = subprocess.run([cli, "jwks", "--allow-http", base + "/jwks"],
                           capture_output=True, text=True)
        check(r.returncode == 0 and r.stdout == "a1\tEC\tES256\t256\n",
              "jwks URL prints the key summary: %r" % r.stdout)
        r = subprocess.run([cli, "jwks", "--allow-http", "--oidc", base],
                           capture_output=True, text=True)
        check(r.returncode == 0 and r.stdout.startswith("a1\t"), "jwks --oidc")
        r = subprocess.run([cli, "jwks", base + "/jwks"], capture_output=True, text=True)
        check(r.returncode == 1 and "http" in r.stderr, "jwks refuses http without --allow-http")
        r = subprocess.run([cli, "validate", "--jwks-url", base + "/jwks", "--jwks", "x"],
                           capture_output=True, text=True, input="")
        check(r.returncode == 2, "--jwks-url with --jwks is a usage error")
        control(mode="status", status=500)
        r = subprocess.run([cli, "validate", "--allow-http", "--jwks-url", base + "/jwks"],
                           capture_output=True, text=True, input="")
        check(r.returncode == 2 and "500" in r.stderr, "first fetch failing is exit 2")
        control(mode="ok")

        # A running validator sees the rotation; answers come line by line.
        p = subprocess.Popen([cli, "validate", "--allow-http", "--jwks-url", base + "/jwks"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

        def ask(tok):
            p.stdin.write(tok + "\n")
            p.stdin.flush()
            return p.stdout.readline().split("\t")[0]

        check(ask(token(KEY_A, "a1")) == "valid", "key A valid")
        check(ask(token(KEY_B, "b1")) == "invalid", "key B unknown yet")
        control(keys=[ec_jwk("b1", KEY_B)])
        # The cooldown (30 s by default) started with the previous miss, so
        # the new key arrives with the next refresh; a new process sees it.
        p.stdin.close()
        p.wait()
        p = subprocess.Popen([cli, "validate", "--allow-http", "--jwks-url", base + "/jwks"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        check(ask(token(KEY_B, "b1")) == "valid", "key B valid after rotation")
        control(keys=[ec_jwk("c1", KEY_A)])
        check(ask(token(KEY_A, "c1")) == "valid",
              "rotated key C valid in the running process (unknown-kid refresh)")
        p.stdin.close()
        check(p.wait() == 0, "exit status 0")

        tok = token(KEY_A, "c1", iss=base)
        r = subprocess.run([cli, "validate", "--allow-http", "--oidc-issuer", base],
                           capture_output=True, text=True, input=tok + "\n")
        check(r.returncode == 0 and r.stdout.startswith("valid\t"), "--oidc-issuer")
        tok = token(KEY_A, "c1", iss="https://other")
        r = subprocess.run([cli, "validate", "--allow-http", "--oidc-issuer", base],
                           capture_output=True, text=True, input=tok + "\n")
        check(r.stdout == "invalid\tbad_issuer\n", "--oidc-issuer checks iss")
    finally:
        server.stdin.close()
        server.terminate()
        server.wait()
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
