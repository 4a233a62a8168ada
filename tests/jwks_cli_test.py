#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
"""`jwtv validate --jwks-url/--oidc-issuer` and `jwtv jwks` against the
scriptable server tests/jwks_server.py: keys rotate under a running
`jwtv validate` and each answer comes back before the next line is sent; an
oct key served next to an RSA key is ignored (a published secret would sign
anyone's tokens) and listed as such.

Each case starts its own server, so any case runs alone:

  jwks_cli_test.py PATH/TO/jwtv [CASE...]   all cases, or the named ones
  jwks_cli_test.py --list                   the case names, one a line

ctest runs each case as its own test, `jwks_cli.<CASE>` (tests/CMakeLists.txt).
"""

import base64
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.request

import jwt
from testing import script_cases
from cryptography.hazmat.primitives.asymmetric import ec, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = None  # set from argv in main
# A secret long enough for every HS algorithm: ignored for being public.
OCT_SECRET = b"h" * 64


class Keys:
    """Made on first use: listing the cases makes none."""

    _made = None

    @classmethod
    def get(cls):
        # Keys from a URL are asymmetric: a JWKS there is public.
        if cls._made is None:
            cls._made = (ec.generate_private_key(ec.SECP256R1()),
                         ec.generate_private_key(ec.SECP256R1()),
                         rsa.generate_private_key(public_exponent=65537,
                                                  key_size=2048))
        return cls._made


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


def run(args, stdin=""):
    return subprocess.run([CLI] + args, capture_output=True, text=True,
                          input=stdin, timeout=120)


class JwksCliTest(unittest.TestCase):
    """Each case against a fresh tests/jwks_server.py on loopback."""

    def setUp(self):
        self.key_a, self.key_b, self.rsa_key = Keys.get()
        self.server = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(HERE, "jwks_server.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        port = int(self.server.stdout.readline().split()[1])
        self.base = "http://127.0.0.1:%d" % port

    def tearDown(self):
        self.server.stdin.close()
        self.server.terminate()
        self.server.wait()
        self.server.stdout.close()

    def control(self, **req):
        r = urllib.request.Request(self.base + "/control",
                                   data=json.dumps(req).encode(), method="POST")
        with urllib.request.urlopen(r) as response:
            return json.loads(response.read())

    def test_jwks_lists_oct_key_as_ignored(self):
        self.control(keys=[rsa_jwk("rsa1", self.rsa_key),
                           oct_jwk("h1", OCT_SECRET)])
        r = run(["jwks", "--allow-http", self.base + "/jwks"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "rsa1\tRSA\tRS256\t2048\nh1\toct\tignored\t512\n")
        self.assertIn('keys[1] (kid "h1")', r.stderr)
        self.assertIn("ignored", r.stderr)

    def test_served_oct_key_never_verifies(self):
        # A token signed with the published secret is key_not_found; the
        # RS256 token next to it is valid.
        self.control(keys=[rsa_jwk("rsa1", self.rsa_key),
                           oct_jwk("h1", OCT_SECRET)])
        forged = token(OCT_SECRET, "h1", alg="HS256", sub="attacker",
                       admin=True, iss=self.base)
        good = token(self.rsa_key, "rsa1", alg="RS256", iss=self.base)
        for source in (["--jwks-url", self.base + "/jwks"],
                       ["--oidc-issuer", self.base]):
            r = run(["validate", "--allow-http"] + source,
                    stdin=forged + "\n" + good + "\n")
            lines = r.stdout.splitlines()
            self.assertEqual(r.returncode, 1, source)
            self.assertEqual(len(lines), 2, (source, r.stdout))
            self.assertEqual(lines[0], "invalid\tkey_not_found", source)
            self.assertTrue(lines[1].startswith("valid\t"), (source, r.stdout))

    def test_jwks_of_oct_keys_only_has_no_usable_key(self):
        self.control(keys=[oct_jwk("h1", OCT_SECRET)])
        r = run(["jwks", "--allow-http", self.base + "/jwks"])
        self.assertEqual(r.returncode, 1)
        self.assertIn("no usable key", r.stderr)

    def test_jwks_prints_key_summary(self):
        self.control(keys=[ec_jwk("a1", self.key_a)])
        r = run(["jwks", "--allow-http", self.base + "/jwks"])
        self.assertEqual((r.returncode, r.stdout), (0, "a1\tEC\tES256\t256\n"),
                         r.stderr)

    def test_jwks_oidc(self):
        self.control(keys=[ec_jwk("a1", self.key_a)])
        r = run(["jwks", "--allow-http", "--oidc", self.base])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("a1\t"), r.stdout)

    def test_jwks_refuses_http_without_allow_http(self):
        self.control(keys=[ec_jwk("a1", self.key_a)])
        r = run(["jwks", self.base + "/jwks"])
        self.assertEqual(r.returncode, 1)
        self.assertIn("http", r.stderr)

    def test_jwks_url_with_jwks_file_is_usage_error(self):
        r = run(["validate", "--jwks-url", self.base + "/jwks", "--jwks", "x"])
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")

    def test_first_fetch_failing_is_exit_2(self):
        self.control(mode="status", status=500)
        r = run(["validate", "--allow-http", "--jwks-url", self.base + "/jwks"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("500", r.stderr)

    def start_validate(self):
        p = subprocess.Popen(
            [CLI, "validate", "--allow-http", "--jwks-url", self.base + "/jwks"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.addCleanup(p.stdout.close)
        self.addCleanup(lambda: p.poll() is not None or (p.kill(), p.wait()))
        return p

    @staticmethod
    def ask(p, tok):
        """The first word of the answer to one token."""
        p.stdin.write(tok + "\n")
        p.stdin.flush()
        return p.stdout.readline().split("\t")[0]

    def test_rotation_under_running_validate(self):
        self.control(keys=[ec_jwk("a1", self.key_a)])
        p = self.start_validate()
        self.assertEqual(self.ask(p, token(self.key_a, "a1")), "valid")
        self.assertEqual(self.ask(p, token(self.key_b, "b1")), "invalid")
        self.control(keys=[ec_jwk("b1", self.key_b)])
        # The cooldown (30 s by default) started with the previous miss, so
        # the new key arrives with the next refresh; a new process sees it.
        p.stdin.close()
        p.wait()
        p = self.start_validate()
        self.assertEqual(self.ask(p, token(self.key_b, "b1")), "valid")
        # A rotation the running process learns of through its unknown-kid
        # refresh.
        self.control(keys=[ec_jwk("c1", self.key_a)])
        self.assertEqual(self.ask(p, token(self.key_a, "c1")), "valid")
        p.stdin.close()
        self.assertEqual(p.wait(), 0)

    def test_oidc_issuer_checks_iss(self):
        self.control(keys=[ec_jwk("c1", self.key_a)])
        tok = token(self.key_a, "c1", iss=self.base)
        r = run(["validate", "--allow-http", "--oidc-issuer", self.base],
                stdin=tok + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("valid\t"), r.stdout)
        tok = token(self.key_a, "c1", iss="https://other")
        r = run(["validate", "--allow-http", "--oidc-issuer", self.base],
                stdin=tok + "\n")
        self.assertEqual(r.stdout, "invalid\tbad_issuer\n")

    def test_provider_with_jwks_url(self):
        # Provider A's keys come from the server, provider B's from a file
        # (key_b): B's key never verifies a token that claims A's iss.
        import tempfile
        self.control(keys=[ec_jwk("a1", self.key_a)])
        tmp = tempfile.mkdtemp(prefix="jwtv_jwks_cli_")
        self.addCleanup(lambda: __import__("shutil").rmtree(tmp, True))
        paths = {}
        b_jwks = os.path.join(tmp, "b_jwks.json")
        with open(b_jwks, "w") as f:
            json.dump({"keys": [ec_jwk("b1", self.key_b)]}, f)
        for name, members in (
                ("a", {"issuer": "https://a.example", "allow_http": True,
                       "jwks_url": self.base + "/jwks"}),
                ("b", {"issuer": "https://b.example", "jwks_file": b_jwks})):
            paths[name] = os.path.join(tmp, name + ".json")
            with open(paths[name], "w") as f:
                json.dump(members, f)
        tokens = [token(self.key_a, "a1", iss="https://a.example"),
                  token(self.key_b, "b1", iss="https://b.example"),
                  token(self.key_b, "b1", iss="https://a.example"),
                  token(self.key_b, "a1", iss="https://a.example")]
        r = run(["validate", "--provider", paths["a"], "--provider",
                 paths["b"]], stdin="".join(t + "\n" for t in tokens))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual([l.split("\t")[-1] if l.startswith("invalid")
                          else "valid" for l in r.stdout.splitlines()],
                         ["valid", "valid", "key_not_found", "bad_signature"])
        # allow_http belongs to a URL source.
        with open(paths["b"], "w") as f:
            json.dump({"issuer": "https://b.example", "jwks_file": b_jwks,
                       "allow_http": True}, f)
        r = run(["validate", "--provider", paths["a"], "--provider",
                 paths["b"]])
        self.assertEqual(r.returncode, 2)
        self.assertIn("allow_http", r.stderr)


def start(cli):
    global CLI
    CLI = cli


def main():
    return script_cases.main(sys.modules[__name__], __doc__, start)


if __name__ == "__main__":
    sys.exit(main())
