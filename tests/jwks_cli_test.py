#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
"""`jwtv validate --jwks-url/--oidc-issuer` and `jwtv jwks` against the
scriptable server tests/jwks_server.py: keys rotate under a running
`jwtv validate` and each answer comes back before the next line is sent.

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

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET_A = b"secret-A-0123456789abcdef0123456789"
SECRET_B = b"secret-B-0123456789abcdef0123456789"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def oct_jwk(kid, secret):
    return {"kty": "oct", "kid": kid, "alg": "HS256", "k": b64(secret)}


def token(secret, kid, **claims):
    claims.setdefault("sub", "u")
    claims.setdefault("exp", int(time.time()) + 600)
    return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": kid})


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
        control(keys=[oct_jwk("a1", SECRET_A)])

        r = subprocess.run([cli, "jwks", "--allow-http", base + "/jwks"],
                           capture_output=True, text=True)
        check(r.returncode == 0 and r.stdout == "a1\toct\tHS256\t280\n",
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

        check(ask(token(SECRET_A, "a1")) == "valid", "key A valid")
        check(ask(token(SECRET_B, "b1")) == "invalid", "key B unknown yet")
        control(keys=[oct_jwk("b1", SECRET_B)])
        # The cooldown (30 s by default) started with the previous miss, so
        # the new key arrives with the next refresh; a new process sees it.
        p.stdin.close()
        p.wait()
        p = subprocess.Popen([cli, "validate", "--allow-http", "--jwks-url", base + "/jwks"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        check(ask(token(SECRET_B, "b1")) == "valid", "key B valid after rotation")
        control(keys=[oct_jwk("c1", SECRET_A)])
        check(ask(token(SECRET_A, "c1")) == "valid",
              "rotated key C valid in the running process (unknown-kid refresh)")
        p.stdin.close()
        check(p.wait() == 0, "exit status 0")

        tok = token(SECRET_A, "c1", iss=base)
        r = subprocess.run([cli, "validate", "--allow-http", "--oidc-issuer", base],
                           capture_output=True, text=True, input=tok + "\n")
        check(r.returncode == 0 and r.stdout.startswith("valid\t"), "--oidc-issuer")
        tok = token(SECRET_A, "c1", iss="https://other")
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
