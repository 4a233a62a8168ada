#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
"""Tests of the `jwtv` command-line contract (DESIGN.md, "The `jwtv validate`
contract" and "The Shopify session-token profile").

Run as:
  /usr/bin/python3 tests/cli_test.py PATH/TO/jwtv [CASE...]  all, or the named
  /usr/bin/python3 tests/cli_test.py --list                  the case names

ctest runs each case (Class.test_name) as its own test, `cli.<CASE>`
(tests/CMakeLists.txt): `ctest --preset release -R '^cli\.InspectTest\.'`.

Tokens are minted here with PyJWT and `cryptography` (or by hand, for the
shapes PyJWT refuses to make); keys and secrets are written to a temporary
directory. Golden fixtures live in tests/data/cli/.
"""

import base64
import hashlib
import hmac
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from testing import script_cases

JWTV = None  # set from argv in main
NOW = 1700000000
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "cli")

# At least 64 bytes each: long enough for HS512 (RFC 7518 section 3.2). The
# trailing newline is part of SECRET2.
SECRET1 = (b"first-secret-\x00\xff-with-binary-bytes-0123456789"
           b"-and-more-bytes-for-HS512")
SECRET2 = b"second secret, the rotated one, long enough for HS384 and HS512\n"
OTHER_SECRET = b"an entirely different secret value, just as long as the others are"
API_KEY = "4f1c5a1e0e0a4d5b9c1d2e3f4a5b6c7d"
SHOP = "shop-1.myshopify.com"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def hs_token(payload, secret=SECRET1, header=None, alg="HS256", raw_payload=None,
             raw_header=None):
    """An HMAC token made by hand (any header / payload bytes)."""
    if raw_header is None:
        h = {"alg": alg, "typ": "JWT"} if header is None else header
        raw_header = compact(h).encode()
    if raw_payload is None:
        raw_payload = compact(payload).encode()
    signing_input = (b64url(raw_header) + "." + b64url(raw_payload)).encode()
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384,
              "HS512": hashlib.sha512}.get(alg, hashlib.sha256)
    sig = hmac.new(secret, signing_input, digest).digest()
    return signing_input.decode() + "." + b64url(sig)


def claims(**kw):
    c = {"sub": "user-1", "exp": NOW + 3600, "iat": NOW - 10}
    c.update(kw)
    return {k: v for k, v in c.items() if v is not None}


def is_compact_json(text):
    """True if `text` has no whitespace outside JSON strings."""
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in " \t\r\n":
            return False
    return not in_string


def run(args, stdin=b"", timeout=120):
    p = subprocess.run([JWTV] + list(args), input=stdin, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


class Keys:
    """Keys and key files shared by all tests (made once)."""

    dir = None

    @classmethod
    def make(cls):
        cls.dir = tempfile.mkdtemp(prefix="jwtv_cli_test_")
        cls.secret1 = cls.write("secret1.bin", SECRET1)
        cls.secret2 = cls.write("secret2.bin", SECRET2)
        cls.other_secret = cls.write("other.bin", OTHER_SECRET)
        cls.empty_secret = cls.write("empty.bin", b"")

        cls.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cls.ec = ec.generate_private_key(ec.SECP256R1())
        cls.ed = ed25519.Ed25519PrivateKey.generate()
        cls.rsa_other = rsa.generate_private_key(public_exponent=65537,
                                                 key_size=2048)

        def jwk(alg_cls, pub, kid, **extra):
            d = json.loads(alg_cls.to_jwk(pub))
            if d.get("kty") == "EC":
                # RFC 7518 section 6.2.1.2: x and y are the full coordinate
                # size; PyJWT drops leading zero bytes (1 key in 128).
                size = (pub.curve.key_size + 7) // 8
                nums = pub.public_numbers()
                for name, v in (("x", nums.x), ("y", nums.y)):
                    d[name] = base64.urlsafe_b64encode(
                        v.to_bytes(size, "big")).rstrip(b"=").decode()
            d["kid"] = kid
            d.update(extra)
            return d

        rsa_jwk = jwk(jwt.algorithms.RSAAlgorithm, cls.rsa.public_key(), "rsa1")
        ec_jwk = jwk(jwt.algorithms.ECAlgorithm, cls.ec.public_key(), "ec1")
        ed_jwk = jwk(jwt.algorithms.OKPAlgorithm, cls.ed.public_key(), "ed1")
        cls.jwks = cls.write("jwks.json", json.dumps(
            {"keys": [rsa_jwk, ec_jwk, ed_jwk]}).encode())
        cls.jwks_rsa_only = cls.write("jwks_rsa.json", json.dumps(
            {"keys": [rsa_jwk]}).encode())
        cls.jwks_ec_only = cls.write("jwks_ec.json", json.dumps(
            {"keys": [ec_jwk]}).encode())
        cls.jwks_oct = cls.write("jwks_oct.json", json.dumps({"keys": [{
            "kty": "oct", "kid": "oct1", "k": b64url(OTHER_SECRET)}]}).encode())
        cls.jwks_malformed = cls.write("jwks_bad.json", b'{"keys": [ {"kty":')
        cls.jwks_not_jwks = cls.write("jwks_array.json", b"[1, 2, 3]")
        cls.rsa_pub_pem = cls.rsa.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo)

    @classmethod
    def write(cls, name, data):
        path = os.path.join(cls.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path


def rs(payload, kid="rsa1", alg="RS256", key=None, headers=None):
    h = {"kid": kid} if kid is not None else {}
    h.update(headers or {})
    return jwt.encode(payload, key or Keys.rsa, algorithm=alg, headers=h)


def es(payload, kid="ec1"):
    return jwt.encode(payload, Keys.ec, algorithm="ES256", headers={"kid": kid})


def ed(payload, kid="ed1"):
    return jwt.encode(payload, Keys.ed, algorithm="EdDSA", headers={"kid": kid})


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def validate(self, tokens, *opts, expect_rc=None, stdin_extra=b""):
        """Runs validate on tokens (one per line); returns the output lines."""
        data = b"".join(t.encode() + b"\n" for t in tokens) + stdin_extra
        rc, out, err = run(["validate"] + list(opts), stdin=data)
        lines = out.splitlines()
        if expect_rc is not None:
            self.assertEqual(rc, expect_rc, msg=f"stdout={out!r} stderr={err!r}")
        else:
            self.assertEqual(rc, 1 if any(not l.startswith("valid\t")
                                          for l in lines) else 0,
                             msg=f"stdout={out!r} stderr={err!r}")
        for line in lines:
            self.assertRegex(line, r"^(valid\t\{.*\}|invalid\t[a-z_]+)$")
        return lines

    def codes(self, tokens, *opts):
        return [l.split("\t", 1)[1] if l.startswith("invalid\t") else "valid"
                for l in self.validate(tokens, *opts)]

    def code(self, token, *opts):
        got = self.codes([token], *opts)
        self.assertEqual(len(got), 1)
        return got[0]

    def hs(self, token, *opts):
        """Code of an HS token under --secret-file SECRET1 --now NOW."""
        return self.code(token, "--secret-file", Keys.secret1, "--now",
                         str(NOW), *opts)

    def assertValidClaims(self, line, expected):
        self.assertTrue(line.startswith("valid\t"), line)
        text = line[len("valid\t"):]
        self.assertEqual(json.loads(text), expected)
        self.assertTrue(is_compact_json(text), text)

    def assertUsageError(self, args, stdin=b"", stderr_has=None):
        rc, out, err = run(args, stdin=stdin)
        self.assertEqual(rc, 2, msg=f"args={args} stdout={out!r} stderr={err!r}")
        self.assertEqual(out, "", msg=f"args={args}")
        self.assertNotEqual(err.strip(), "", msg=f"args={args}")
        if stderr_has is not None:
            self.assertIn(stderr_has, err)
        return err


class OutputFormatTest(CliTestCase):

    def test_valid_line_is_compact_claims(self):
        payload = claims(name="Ada Lovelace", nested={"a": [1, 2, {"b": None}]},
                         flag=True, uni="caf\u00e9 \u2603", q='say "hi"\t')
        lines = self.validate([hs_token(payload)], "--secret-file",
                              Keys.secret1, "--now", str(NOW))
        self.assertEqual(len(lines), 1)
        self.assertValidClaims(lines[0], payload)

    def test_pretty_payload_is_printed_compact(self):
        payload = claims(list=[1, 2, 3], obj={"k": "v w"})
        raw = json.dumps(payload, indent=2).encode()
        self.assertIn(b"\n", raw)
        lines = self.validate([hs_token(None, raw_payload=raw)],
                              "--secret-file", Keys.secret1, "--now", str(NOW))
        self.assertValidClaims(lines[0], payload)
        self.assertEqual(lines[0], "valid\t" + compact(payload))

    def test_order_and_mixed_results(self):
        tokens = []
        expected = []
        for i in range(30):
            if i % 3 == 0:
                tokens.append(hs_token(claims(i=i), secret=OTHER_SECRET))
                expected.append("invalid\tbad_signature")
            elif i % 3 == 1:
                tokens.append(hs_token(claims(i=i, exp=NOW - 1)))
                expected.append("invalid\texpired")
            else:
                tokens.append(hs_token(claims(i=i)))
                expected.append("valid\t" + compact(claims(i=i)))
        lines = self.validate(tokens, "--secret-file", Keys.secret1, "--now",
                              str(NOW), expect_rc=1)
        self.assertEqual(lines, expected)

    def test_all_valid_exit_0(self):
        tokens = [hs_token(claims(i=i)) for i in range(5)]
        lines = self.validate(tokens, "--secret-file", Keys.secret1, "--now",
                              str(NOW), expect_rc=0)
        self.assertEqual(len(lines), 5)

    def test_no_tokens_exit_0(self):
        rc, out, err = run(["validate", "--secret-file", Keys.secret1])
        self.assertEqual((rc, out), (0, ""))
        rc, out, err = run(["validate", "--secret-file", Keys.secret1],
                           stdin=b"\n\n  \t\r\n\n")
        self.assertEqual((rc, out), (0, ""))

    def test_blank_lines_crlf_and_spaces(self):
        t1 = hs_token(claims(i=1))
        t2 = hs_token(claims(i=2))
        t3 = hs_token(claims(i=3))
        data = (b"\n\n   \n\t\r\n" + t1.encode() + b"\r\n\r\n  " +
                t2.encode() + b" \t\n\n" + t3.encode())  # no final newline
        rc, out, err = run(["validate", "--secret-file", Keys.secret1, "--now",
                            str(NOW)], stdin=data)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, "".join("valid\t" + compact(claims(i=i)) + "\n"
                                      for i in (1, 2, 3)))

    def test_garbage_lines_are_answered_in_place(self):
        good = hs_token(claims())
        lines = self.validate(["not a token", good, "a.b", "x" * 5000, good],
                              "--secret-file", Keys.secret1, "--now", str(NOW),
                              expect_rc=1)
        self.assertEqual([l.split("\t")[0] for l in lines],
                         ["invalid", "valid", "invalid", "invalid", "valid"])
        self.assertEqual(lines[0], "invalid\tmalformed")

    def test_file_argument_and_dash(self):
        tokens = [hs_token(claims(i=i)) for i in range(3)] + ["bogus"]
        path = Keys.write("tokens.txt", "\n".join(tokens).encode() + b"\n")
        rc, out, err = run(["validate", "--secret-file", Keys.secret1, "--now",
                            str(NOW), path])
        self.assertEqual(rc, 1, err)
        self.assertEqual(out.splitlines()[3], "invalid\tmalformed")
        self.assertEqual(len(out.splitlines()), 4)
        rc2, out2, _ = run(["validate", "--secret-file", Keys.secret1, "--now",
                            str(NOW), "-"],
                           stdin=open(path, "rb").read())
        self.assertEqual((rc2, out2), (rc, out))
        # The file may come before the options too.
        rc3, out3, _ = run(["validate", path, "--secret-file", Keys.secret1,
                            "--now", str(NOW)])
        self.assertEqual((rc3, out3), (rc, out))

    def test_overlong_line_is_malformed_and_not_fatal(self):
        good = hs_token(claims())
        data = (b"A" * (3 << 20) + b"\n" + good.encode() + b"\n" +
                b" " * (2 << 20) + b"\n" + good.encode() + b"\n" +
                b"B.C.D" * (300 << 10))
        rc, out, err = run(["validate", "--secret-file", Keys.secret1, "--now",
                            str(NOW)], stdin=data)
        self.assertEqual(rc, 1, err)
        self.assertEqual([l.split("\t")[0] for l in out.splitlines()],
                         ["invalid", "valid", "valid", "invalid"])
        self.assertEqual(out.splitlines()[0], "invalid\tmalformed")
        self.assertEqual(out.splitlines()[3], "invalid\tmalformed")

    def test_golden_fixture(self):
        # tests/data/cli/golden_tokens.txt was minted with the secret in
        # golden_secret.bin; golden_expected.txt is the exact output.
        rc, out, err = run(["validate", "--secret-file",
                            os.path.join(DATA, "golden_secret.bin"), "--now",
                            "1700000000",
                            os.path.join(DATA, "golden_tokens.txt")])
        with open(os.path.join(DATA, "golden_expected.txt"),
                  encoding="utf-8") as f:
            expected = f.read()
        self.assertEqual(out, expected, err)
        self.assertEqual(rc, 1)


class ErrorCodeTest(CliTestCase):
    """Every reachable code of DESIGN.md's table."""

    def test_malformed(self):
        good = hs_token(claims())
        h, p, s = good.split(".")
        for bad in ["abc", "a.b", h + "." + p, good + ".x", h + "." + p + ".",
                    "." + p + "." + s, h + ".." + s, h + "=." + p + "." + s,
                    h + "." + p + "." + s + "=", h + "." + p + "+." + s,
                    h + "." + p + "." + s[:-2] + "+/", "\u00e9" + good,
                    h + "." + p + "." + s + "*", good[:-1] + " " + good[-1]]:
            self.assertEqual(self.hs(bad), "malformed", bad)
        # Non-canonical trailing bits of the signature: 32-byte HMAC encodes
        # to 43 chars whose last holds 2 unused bits.
        last = s[-1]
        alphabet = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    "0123456789-_")
        noncanon = alphabet[alphabet.index(last) | 1]
        if noncanon != last:
            self.assertEqual(self.hs(h + "." + p + "." + s[:-1] + noncanon),
                             "malformed")
        # Over the 16 KiB size limit.
        big = hs_token(claims(pad="x" * 20000))
        self.assertEqual(self.hs(big), "malformed")

    def test_size_limit_boundary(self):
        def token_of_length(target):
            for j in range(0, 8):
                header = {"alg": "HS256", "kid": "k" * j}
                base = len(hs_token(claims(pad=""), header=header))
                guess = (target - base) * 3 // 4
                for extra in range(guess - 8, guess + 8):
                    tok = hs_token(claims(pad="x" * extra), header=header)
                    if len(tok) == target:
                        return tok
                    if len(tok) > target:
                        break
            self.fail(f"no token of length {target}")
        self.assertEqual(self.hs(token_of_length(16 * 1024)), "valid")
        self.assertEqual(self.hs(token_of_length(16 * 1024 + 1)), "malformed")

    def test_bad_json(self):
        for raw_header in [b"not json", b"[1,2]", b'"HS256"',
                           b'{"alg":"HS256","alg":"HS256"}',
                           b'{"alg":"HS256"', b'{"alg":"HS256\xff"}']:
            tok = hs_token(claims(), raw_header=raw_header)
            self.assertEqual(self.hs(tok), "bad_json", raw_header)
        # Payload problems are seen after the signature holds.
        for raw_payload in [b"not json", b"[]", b'{"exp":1,"exp":2}',
                            b'{"a":' * 1500 + b"1" + b"}" * 1500,
                            b'{"sub":"\xc3\x28"}']:
            tok = hs_token(None, raw_payload=raw_payload)
            self.assertEqual(self.hs(tok), "bad_json", raw_payload[:30])

    def test_bad_signature_wins_over_bad_payload(self):
        tok = hs_token(None, raw_payload=b"not json", secret=OTHER_SECRET)
        self.assertEqual(self.hs(tok), "bad_signature")

    def test_unsupported_alg(self):
        for header in [{"alg": "none"}, {"alg": "NONE"}, {"alg": "None"},
                       {"alg": "nOnE"}, {"typ": "JWT"}, {"alg": 256},
                       {"alg": "HS257"}, {"alg": "hs256"}, {"alg": None},
                       {"alg": ["HS256"]}]:
            tok = hs_token(claims(), header=header)
            self.assertEqual(self.hs(tok), "unsupported_alg", header)
        # Also with an allow-list and against a JWKS.
        tok = hs_token(claims(), header={"alg": "none", "kid": "rsa1"})
        self.assertEqual(self.code(tok, "--jwks", Keys.jwks, "--now", str(NOW),
                                   "--alg", "RS256,HS256"), "unsupported_alg")

    def test_alg_not_allowed(self):
        # Not in --alg.
        self.assertEqual(self.hs(hs_token(claims()), "--alg", "HS384,HS512"),
                         "alg_not_allowed")
        self.assertEqual(
            self.code(rs(claims()), "--jwks", Keys.jwks, "--now", str(NOW),
                      "--alg", "ES256,EdDSA"), "alg_not_allowed")
        # HMAC token against RSA keys only: no key permits it.
        self.assertEqual(self.code(hs_token(claims()), "--jwks",
                                   Keys.jwks_rsa_only, "--now", str(NOW)),
                         "alg_not_allowed")
        # RSA token against HMAC secrets only.
        self.assertEqual(self.hs(rs(claims(), kid=None)), "alg_not_allowed")
        # A token naming the EC key's kid but signed RS256.
        self.assertEqual(self.code(rs(claims(), kid="ec1"), "--jwks",
                                   Keys.jwks, "--now", str(NOW)),
                         "alg_not_allowed")
        # A public key is never used as an HMAC secret.
        tok = hs_token(claims(), secret=Keys.rsa_pub_pem,
                       header={"alg": "HS256", "kid": "rsa1"})
        self.assertEqual(self.code(tok, "--jwks", Keys.jwks, "--now",
                                   str(NOW)), "alg_not_allowed")

    def test_key_not_found(self):
        self.assertEqual(self.code(rs(claims(), kid="nope"), "--jwks",
                                   Keys.jwks, "--now", str(NOW)),
                         "key_not_found")
        self.assertEqual(self.code(es(claims(), kid="rsa2"), "--jwks",
                                   Keys.jwks_rsa_only, "--now", str(NOW)),
                         "key_not_found")

    def test_bad_signature(self):
        good = hs_token(claims())
        h, p, s = good.split(".")
        self.assertEqual(self.hs(hs_token(claims(), secret=OTHER_SECRET)),
                         "bad_signature")
        # Payload swapped under the signature.
        p2 = b64url(compact(claims(sub="admin")).encode())
        self.assertEqual(self.hs(h + "." + p2 + "." + s), "bad_signature")
        # Wrong length.
        self.assertEqual(self.hs(h + "." + p + "." + s[:20]), "bad_signature")
        self.assertEqual(self.hs(h + "." + p + "." + s + "AAAA"),
                         "bad_signature")
        # Public-key algorithms: signed by another key, or a flipped bit.
        self.assertEqual(self.code(rs(claims(), key=Keys.rsa_other), "--jwks",
                                   Keys.jwks, "--now", str(NOW)),
                         "bad_signature")
        for tok in [rs(claims()), rs(claims(), alg="PS256"), es(claims()),
                    ed(claims())]:
            th, tp, ts = tok.split(".")
            sig = bytearray(base64.urlsafe_b64decode(ts + "=" * (-len(ts) % 4)))
            sig[5] ^= 1
            forged = th + "." + tp + "." + b64url(bytes(sig))
            self.assertEqual(self.code(forged, "--jwks", Keys.jwks, "--now",
                                       str(NOW)), "bad_signature", tok)

    def test_bad_claim(self):
        for c in [claims(exp=str(NOW + 100)), claims(exp=None, nbf="0"),
                  claims(iat=True), claims(iss=12), claims(sub=["a"]),
                  claims(aud=5), claims(aud=["ok", 7]), claims(aud={"a": 1}),
                  claims(nbf=[1]), claims(exp=None, iat=None)]:
            if "iat" not in c:
                c["iat"] = {"t": 1}
            self.assertEqual(self.hs(hs_token(c), "--allow-missing-exp"),
                             "bad_claim", c)

    def test_time_codes(self):
        self.assertEqual(self.hs(hs_token(claims(exp=NOW - 100))), "expired")
        self.assertEqual(self.hs(hs_token(claims(nbf=NOW + 100))),
                         "not_yet_valid")
        self.assertEqual(self.hs(hs_token(claims(iat=NOW + 100))),
                         "iat_in_future")
        self.assertEqual(self.hs(hs_token(claims(iat=NOW - 100)),
                                 "--max-age", "50"), "too_old")

    def test_expectation_codes(self):
        self.assertEqual(self.hs(hs_token(claims(iss="https://a")), "--iss",
                                 "https://b"), "bad_issuer")
        self.assertEqual(self.hs(hs_token(claims(aud="x")), "--aud", "y"),
                         "bad_audience")
        self.assertEqual(self.hs(hs_token(claims(aud=[])), "--aud", "y"),
                         "bad_audience")
        self.assertEqual(self.hs(hs_token(claims(sub="u1")), "--sub", "u2"),
                         "bad_subject")
        tok = hs_token(claims(), header={"alg": "HS256", "typ": "at+jwt"})
        self.assertEqual(self.hs(tok, "--typ", "JWT"), "bad_type")
        tok = hs_token(claims(), header={"alg": "HS256"})
        self.assertEqual(self.hs(tok, "--typ", "JWT"), "bad_type")

    def test_missing_claim(self):
        self.assertEqual(self.hs(hs_token(claims(exp=None))), "missing_claim")
        self.assertEqual(self.hs(hs_token(claims()), "--require", "email"),
                         "missing_claim")
        self.assertEqual(self.hs(hs_token(claims(iat=None)), "--max-age",
                                 "100"), "missing_claim")
        # A claim the caller sets an expectation on is required by it (as in
        # PyJWT): absent iss / aud / sub is missing_claim, not bad_*.
        self.assertEqual(self.hs(hs_token(claims()), "--iss", "https://b"),
                         "missing_claim")
        self.assertEqual(self.hs(hs_token(claims()), "--aud", "y"),
                         "missing_claim")
        self.assertEqual(self.hs(hs_token(claims(sub=None)), "--sub", "u2"),
                         "missing_claim")
        # ... and comes after the bad_* checks.
        self.assertEqual(self.hs(hs_token(claims(aud="x")), "--iss", "i",
                                 "--aud", "y"), "bad_audience")

    def test_unknown_crit(self):
        for crit in [["x-unknown"], "b64", [], [1], {"a": 1}, None]:
            header = {"alg": "HS256", "crit": crit}
            if crit == ["x-unknown"]:
                header["x-unknown"] = True
            tok = hs_token(claims(), header=header)
            self.assertEqual(self.hs(tok), "unknown_crit", crit)


class ErrorOrderTest(CliTestCase):
    """The first failing check in DESIGN.md's order wins."""

    def test_order(self):
        cases = [
            # (claims, extra options, expected)
            (claims(exp=NOW - 1, iss="https://evil"), ["--iss", "https://ok"],
             "expired"),
            (claims(exp=NOW - 1, nbf=NOW + 5, iat=NOW + 5), [], "expired"),
            (claims(nbf=NOW + 5, iat=NOW + 5), [], "not_yet_valid"),
            (claims(iat=NOW + 5), ["--max-age", "1"], "iat_in_future"),
            (claims(iat=NOW - 100, iss="x"), ["--max-age", "1", "--iss", "y"],
             "too_old"),
            (claims(iss=5, exp=NOW - 100), [], "bad_claim"),
            (claims(iss="x", aud="a"), ["--iss", "y", "--aud", "b"],
             "bad_issuer"),
            (claims(aud="a", sub="s"), ["--aud", "b", "--sub", "t"],
             "bad_audience"),
            (claims(sub="s"), ["--sub", "t", "--typ", "foo"], "bad_subject"),
            (claims(exp=None, iss="x"), ["--iss", "y"], "bad_issuer"),
            (claims(), ["--typ", "foo", "--require", "email"], "bad_type"),
        ]
        for c, opts, expected in cases:
            self.assertEqual(self.hs(hs_token(c), *opts), expected, (c, opts))
        # missing_claim before unknown_crit.
        tok = hs_token(claims(exp=None), header={"alg": "HS256",
                                                 "crit": ["zz"], "zz": 1})
        self.assertEqual(self.hs(tok), "missing_claim")
        # alg_not_allowed before key_not_found before bad_signature.
        tok = hs_token(claims(), header={"alg": "HS256", "kid": "nope"},
                       secret=OTHER_SECRET)
        self.assertEqual(self.code(tok, "--jwks", Keys.jwks_oct, "--now",
                                   str(NOW)), "key_not_found")
        self.assertEqual(self.code(tok, "--jwks", Keys.jwks_oct, "--jwks",
                                   Keys.jwks_rsa_only, "--now", str(NOW),
                                   "--alg", "RS256"),
                         "alg_not_allowed")
        # Keys none of which permits an allowed algorithm: a configuration
        # error, before any token is read.
        self.assertUsageError(["validate", "--jwks", Keys.jwks_oct, "--now",
                               str(NOW), "--alg", "RS256"],
                              stdin=(tok + "\n").encode(),
                              stderr_has="no key permits")
        # unsupported_alg before everything that follows the header.
        tok = hs_token(None, raw_payload=b"junk",
                       header={"alg": "none", "crit": 5})
        self.assertEqual(self.hs(tok, "--alg", "HS384"), "unsupported_alg")
        # bad_json (header) before unsupported_alg.
        tok = hs_token(claims(), raw_header=b'{"alg":"none","alg":"none"}')
        self.assertEqual(self.hs(tok), "bad_json")


class OptionTest(CliTestCase):

    def test_public_key_algorithms_with_jwks(self):
        payload = claims(aud="api")
        for tok in [rs(payload), rs(payload, alg="RS384"),
                    rs(payload, alg="RS512"), rs(payload, alg="PS256"),
                    rs(payload, alg="PS512"), es(payload), ed(payload)]:
            lines = self.validate([tok], "--jwks", Keys.jwks, "--now",
                                  str(NOW))
            self.assertValidClaims(lines[0], payload)

    def test_alg_list(self):
        toks = [rs(claims()), es(claims()), ed(claims())]
        self.assertEqual(self.codes(toks, "--jwks", Keys.jwks, "--now",
                                    str(NOW), "--alg", "RS256,EdDSA"),
                         ["valid", "alg_not_allowed", "valid"])
        self.assertEqual(self.codes(toks, "--jwks", Keys.jwks, "--now",
                                    str(NOW), "--alg=ES256"),
                         ["alg_not_allowed", "valid", "alg_not_allowed"])
        for alg in ["HS256", "HS384", "HS512"]:
            tok = hs_token(claims(), alg=alg, header={"alg": alg})
            self.assertEqual(self.hs(tok), "valid", alg)
            self.assertEqual(self.hs(tok, "--alg", alg), "valid", alg)

    def test_jwks_and_secret_combined_and_repeated(self):
        toks = [rs(claims()), hs_token(claims()), es(claims()),
                hs_token(claims(), secret=OTHER_SECRET,
                         header={"alg": "HS256", "kid": "oct1"})]
        self.assertEqual(
            self.codes(toks, "--jwks", Keys.jwks_rsa_only, "--secret-file",
                       Keys.secret1, "--jwks", Keys.jwks_oct, "--jwks",
                       Keys.jwks_ec_only, "--now", str(NOW)),
            ["valid", "valid", "valid", "valid"])

    def test_secret_rotation(self):
        t1 = hs_token(claims(i=1), secret=SECRET1)
        t2 = hs_token(claims(i=2), secret=SECRET2)
        t3 = hs_token(claims(i=3), secret=OTHER_SECRET)
        self.assertEqual(self.codes([t1, t2, t3], "--secret-file",
                                    Keys.secret1, "--secret-file=" +
                                    Keys.secret2, "--now", str(NOW)),
                         ["valid", "valid", "bad_signature"])
        # The secret file is used verbatim: without its trailing newline it
        # is another secret.
        t4 = hs_token(claims(), secret=SECRET2.rstrip(b"\n"))
        self.assertEqual(self.code(t4, "--secret-file", Keys.secret2,
                                   "--now", str(NOW)), "bad_signature")

    def test_iss_aud_repeatable(self):
        tok = hs_token(claims(iss="https://b", aud=["x", "api2"]))
        self.assertEqual(self.hs(tok, "--iss", "https://a", "--iss",
                                 "https://b", "--aud", "api1", "--aud=api2"),
                         "valid")
        self.assertEqual(self.hs(tok, "--iss", "https://a"), "bad_issuer")
        self.assertEqual(self.hs(tok, "--aud", "api1"), "bad_audience")
        tok = hs_token(claims(aud="api1"))
        self.assertEqual(self.hs(tok, "--aud", "api1"), "valid")

    def test_sub_typ_require(self):
        self.assertEqual(self.hs(hs_token(claims(sub="u1")), "--sub=u1"),
                         "valid")
        for typ in ["JWT", "jwt", "application/jwt", "Application/JWT"]:
            tok = hs_token(claims(), header={"alg": "HS256", "typ": typ})
            self.assertEqual(self.hs(tok, "--typ", "JWT"), "valid", typ)
            self.assertEqual(self.hs(tok, "--typ", "application/jwt"),
                             "valid", typ)
        tok = hs_token(claims(email="a@b", roles=[]))
        self.assertEqual(self.hs(tok, "--require", "email", "--require",
                                 "roles"), "valid")
        self.assertEqual(self.hs(tok, "--require", "email", "--require",
                                 "name"), "missing_claim")

    def test_now_and_leeway_boundaries(self):
        def at(exp, *opts):
            return self.hs(hs_token(claims(exp=exp)), *opts)
        self.assertEqual(at(NOW), "expired")
        self.assertEqual(at(NOW + 1), "valid")
        self.assertEqual(at(NOW - 4, "--leeway", "5"), "valid")
        self.assertEqual(at(NOW - 5, "--leeway", "5"), "expired")
        self.assertEqual(at(NOW - 5, "--leeway=6"), "valid")
        # nbf: now < nbf - leeway.
        def nbf(n, *opts):
            return self.hs(hs_token(claims(nbf=n)), *opts)
        self.assertEqual(nbf(NOW), "valid")
        self.assertEqual(nbf(NOW + 1), "not_yet_valid")
        self.assertEqual(nbf(NOW + 5, "--leeway", "5"), "valid")
        self.assertEqual(nbf(NOW + 6, "--leeway", "5"), "not_yet_valid")
        # iat: iat > now + leeway.
        def iat(n, *opts):
            return self.hs(hs_token(claims(iat=n)), *opts)
        self.assertEqual(iat(NOW), "valid")
        self.assertEqual(iat(NOW + 1), "iat_in_future")
        self.assertEqual(iat(NOW + 3, "--leeway", "3"), "valid")
        self.assertEqual(iat(NOW + 4, "--leeway", "3"), "iat_in_future")
        # --now moves the clock.
        tok = hs_token(claims(exp=NOW + 10))
        self.assertEqual(self.code(tok, "--secret-file", Keys.secret1,
                                   "--now", str(NOW + 9)), "valid")
        self.assertEqual(self.code(tok, "--secret-file", Keys.secret1,
                                   "--now=" + str(NOW + 10)), "expired")

    def test_system_clock_without_now(self):
        real_now = int(time.time())
        ok = hs_token(claims(exp=real_now + 3600, iat=real_now - 10))
        old = hs_token(claims(exp=NOW, iat=NOW - 10))  # 2023
        self.assertEqual(self.codes([ok, old], "--secret-file", Keys.secret1),
                         ["valid", "expired"])

    def test_fractional_and_huge_dates(self):
        self.assertEqual(self.hs(hs_token(claims(exp=NOW + 0.5))), "valid")
        self.assertEqual(self.hs(hs_token(claims(exp=NOW - 0.5))), "expired")
        self.assertEqual(self.hs(hs_token(claims(exp=1e300))), "valid")
        self.assertEqual(self.hs(hs_token(claims(exp=-1e300))), "expired")
        self.assertEqual(self.hs(hs_token(claims(exp=2 ** 64 + 5))), "valid")
        self.assertEqual(self.hs(hs_token(claims(nbf=1e300))),
                         "not_yet_valid")
        self.assertEqual(self.hs(hs_token(claims(iat=-1e300)), "--max-age",
                                 "10"), "too_old")
        self.assertEqual(self.hs(hs_token(claims(exp=NOW - 1000)),
                                 "--leeway", "86400"), "valid")
        # A leeway over a day is refused as a configuration error.
        for leeway in ("86401", str(2 ** 62)):
            self.assertUsageError(["validate", "--secret-file", Keys.secret1,
                                   "--leeway", leeway],
                                  stderr_has="leeway_seconds")

    def test_max_age(self):
        def age(iat, *opts):
            return self.hs(hs_token(claims(iat=iat)), *opts)
        self.assertEqual(age(NOW - 100, "--max-age", "100"), "valid")
        self.assertEqual(age(NOW - 101, "--max-age", "100"), "too_old")
        self.assertEqual(age(NOW - 103, "--max-age", "100", "--leeway", "3"),
                         "valid")
        self.assertEqual(age(NOW - 104, "--max-age=100", "--leeway", "3"),
                         "too_old")

    def test_allow_missing_exp(self):
        tok = hs_token(claims(exp=None))
        self.assertEqual(self.hs(tok), "missing_claim")
        lines = self.validate([tok], "--secret-file", Keys.secret1, "--now",
                              str(NOW), "--allow-missing-exp")
        self.assertValidClaims(lines[0], claims(exp=None))
        # exp is still checked when present.
        self.assertEqual(self.hs(hs_token(claims(exp=NOW - 1)),
                                 "--allow-missing-exp"), "expired")

    def test_double_dash_ends_options(self):
        path = Keys.write("--weird-name.txt", hs_token(claims()).encode())
        rc, out, err = run(["validate", "--secret-file", Keys.secret1,
                            "--now", str(NOW), "--", path])
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.splitlines()), 1)


class ShopifyTest(CliTestCase):

    def opts(self, *extra):
        return ["--profile", "shopify", "--api-key", API_KEY, "--secret-file",
                Keys.secret1, "--now", str(NOW)] + list(extra)

    def session(self, **kw):
        c = {"iss": "https://" + SHOP + "/admin", "dest": "https://" + SHOP,
             "aud": API_KEY, "sub": "42", "exp": NOW + 60, "nbf": NOW - 2,
             "iat": NOW - 2, "jti": "00000000-1111-2222-3333-444444444444",
             "sid": "abcdef0123456789"}
        c.update(kw)
        return {k: v for k, v in c.items() if v is not None}

    def shop(self, payload, *extra, secret=SECRET1, alg="HS256"):
        tok = hs_token(payload, secret=secret, alg=alg,
                       header={"alg": alg, "typ": "JWT"})
        return self.code(tok, *self.opts(*extra))

    def test_valid_session_token(self):
        payload = self.session()
        tok = jwt.encode(payload, SECRET1, algorithm="HS256")
        lines = self.validate([tok], *self.opts())
        self.assertValidClaims(lines[0], payload)

    def test_claims(self):
        self.assertEqual(self.shop(self.session(aud="other")), "bad_audience")
        self.assertEqual(self.shop(self.session(aud=None)), "missing_claim")
        self.assertEqual(self.shop(self.session(dest=None)), "missing_claim")
        self.assertEqual(self.shop(self.session(dest="https://evil.com")),
                         "bad_claim")
        self.assertEqual(self.shop(self.session(
            dest="https://shop_1.myshopify.com")), "bad_claim")
        self.assertEqual(self.shop(self.session(dest=SHOP)), "valid")
        self.assertEqual(self.shop(self.session(
            iss="https://other.myshopify.com/admin")), "bad_issuer")
        self.assertEqual(self.shop(self.session(
            iss="https://" + SHOP + ".evil.com/admin")), "bad_issuer")
        self.assertEqual(self.shop(self.session(iss="https://" + SHOP)),
                         "valid")
        self.assertEqual(self.shop(self.session(
            iss="https://" + SHOP + "/checkouts")), "valid")
        self.assertEqual(self.shop(self.session(iss=None)), "valid")
        self.assertEqual(self.shop(self.session(sub=None, sid=None,
                                                jti=None)), "valid")
        self.assertEqual(self.shop(self.session(exp=None)), "missing_claim")

    def test_default_leeway_10(self):
        self.assertEqual(self.shop(self.session(nbf=NOW + 5)), "valid")
        self.assertEqual(self.shop(self.session(nbf=NOW + 10)), "valid")
        self.assertEqual(self.shop(self.session(nbf=NOW + 11)),
                         "not_yet_valid")
        self.assertEqual(self.shop(self.session(exp=NOW - 9)), "valid")
        self.assertEqual(self.shop(self.session(exp=NOW - 10)), "expired")
        self.assertEqual(self.shop(self.session(exp=NOW - 600)), "expired")
        # An explicit --leeway replaces the default.
        self.assertEqual(self.shop(self.session(nbf=NOW + 5), "--leeway",
                                   "0"), "not_yet_valid")
        self.assertEqual(self.shop(self.session(exp=NOW), "--leeway", "0"),
                         "expired")
        self.assertEqual(self.shop(self.session(nbf=NOW + 15), "--leeway",
                                   "20"), "valid")

    def test_hs256_only_and_rotation(self):
        self.assertEqual(self.shop(self.session(), alg="HS512"),
                         "alg_not_allowed")
        self.assertEqual(self.shop(self.session(), secret=SECRET2),
                         "bad_signature")
        self.assertEqual(self.shop(self.session(), "--secret-file",
                                   Keys.secret2, secret=SECRET2), "valid")
        tok = rs(self.session(), kid=None)
        self.assertEqual(self.code(tok, *self.opts()), "alg_not_allowed")

    def test_error_order_in_profile(self):
        # expired before bad_issuer / bad_audience.
        self.assertEqual(self.shop(self.session(
            exp=NOW - 100, iss="https://x.myshopify.com", aud="nope")),
            "expired")
        self.assertEqual(self.shop(self.session(
            iss="https://x.myshopify.com", aud="nope")), "bad_issuer")

    def test_profile_usage_errors(self):
        self.assertUsageError(["validate", "--profile", "shopify",
                               "--secret-file", Keys.secret1],
                              stderr_has="--api-key")
        self.assertUsageError(["validate", "--profile", "shopify",
                               "--api-key", API_KEY], stderr_has="secret")
        self.assertUsageError(["validate", "--profile", "shopify",
                               "--api-key", API_KEY, "--jwks", Keys.jwks])
        self.assertUsageError(["validate", "--profile", "auth0", "--api-key",
                               API_KEY, "--secret-file", Keys.secret1])
        self.assertUsageError(["validate", "--profile=", "--secret-file",
                               Keys.secret1])
        self.assertUsageError(["validate", "--profile", "shopify",
                               "--api-key", "", "--secret-file",
                               Keys.secret1])


class SecretLengthTest(CliTestCase):
    """RFC 7518 section 3.2: HS256 needs a secret of 32 bytes, HS384 48,
    HS512 64. A secret too short for every HS algorithm allowed is a
    configuration error (exit 2, a message naming the length and the rule,
    never the secret); a longer one verifies the algorithms it covers; a short
    oct key in a --jwks file is skipped with a warning. --allow-short-secret
    is the legacy opt-out."""

    def secret_file(self, n):
        return Keys.write("secret_%d.bin" % n, b"\x5a" * n)

    def token(self, alg, n):
        return hs_token(claims(), secret=b"\x5a" * n, alg=alg,
                        header={"alg": alg})

    def test_boundaries_per_algorithm(self):
        for alg, need in (("HS256", 32), ("HS384", 48), ("HS512", 64)):
            # One byte short: with --alg naming only that algorithm the
            # secret verifies nothing, which is a configuration error.
            err = self.assertUsageError(
                ["validate", "--secret-file", self.secret_file(need - 1),
                 "--alg", alg, "--now", str(NOW)], stdin=b"x\n")
            self.assertIn("%d bytes, too short for %s" % (need - 1, alg), err)
            self.assertIn("RFC 7518 section 3.2", err)
            self.assertIn("--allow-short-secret", err)
            self.assertNotIn("ZZZZ", err)
            # Without --alg a secret of need - 1 bytes (>= 32) still verifies
            # the shorter hashes, not this one: alg_not_allowed, as for any
            # key that does not permit the token's alg.
            if need > 32:
                self.assertEqual(
                    self.code(self.token(alg, need - 1), "--secret-file",
                              self.secret_file(need - 1), "--now", str(NOW)),
                    "alg_not_allowed", alg)
            # The hash size works, with and without --alg.
            self.assertEqual(self.code(self.token(alg, need), "--secret-file",
                                       self.secret_file(need), "--now",
                                       str(NOW)), "valid", alg)
            self.assertEqual(self.code(self.token(alg, need), "--secret-file",
                                       self.secret_file(need), "--alg", alg,
                                       "--now", str(NOW)), "valid", alg)

    def test_secret_too_short_for_any_algorithm(self):
        for n in (1, 31):
            err = self.assertUsageError(
                ["validate", "--secret-file", self.secret_file(n), "--now",
                 str(NOW)], stdin=self.token("HS256", n).encode() + b"\n")
            self.assertIn("%d bytes, too short for HS256,HS384,HS512" % n, err)
        # Next to a good secret, a short one is still an error.
        self.assertUsageError(
            ["validate", "--secret-file", Keys.secret1, "--secret-file",
             self.secret_file(31)], stderr_has="31 bytes")
        # The Shopify profile (HS256 only) needs 32 bytes too.
        self.assertUsageError(
            ["validate", "--profile", "shopify", "--api-key", API_KEY,
             "--secret-file", self.secret_file(31)], stderr_has="31 bytes")

    def test_allow_short_secret(self):
        for n in (1, 31, 47, 63):
            for alg in ("HS256", "HS384", "HS512"):
                self.assertEqual(
                    self.code(self.token(alg, n), "--secret-file",
                              self.secret_file(n), "--allow-short-secret",
                              "--now", str(NOW)), "valid", (n, alg))
        self.assertUsageError(["validate", "--allow-short-secret=yes",
                               "--secret-file", Keys.secret1],
                              stderr_has="takes no value")

    def test_short_oct_jwk_is_skipped_and_reported(self):
        jwks = Keys.write("jwks_short_oct.json", json.dumps({"keys": [
            {"kty": "oct", "kid": "short", "k": b64url(b"\x5a" * 31)},
            {"kty": "oct", "kid": "s512", "alg": "HS512",
             "k": b64url(b"\x5a" * 63)},
            {"kty": "oct", "kid": "ok", "alg": "HS512",
             "k": b64url(b"\x5a" * 64)}]}).encode())
        short = hs_token(claims(), secret=b"\x5a" * 31,
                         header={"alg": "HS256", "kid": "short"})
        s512 = hs_token(claims(), secret=b"\x5a" * 63, alg="HS512",
                        header={"alg": "HS512", "kid": "s512"})
        ok = hs_token(claims(), secret=b"\x5a" * 64, alg="HS512",
                      header={"alg": "HS512", "kid": "ok"})
        data = "".join(t + "\n" for t in (short, s512, ok)).encode()
        rc, out, err = run(["validate", "--jwks", jwks, "--now", str(NOW)],
                           stdin=data)
        self.assertEqual(rc, 1, err)
        self.assertEqual(out, "invalid\tkey_not_found\ninvalid\tkey_not_found\n"
                         "valid\t" + compact(claims()) + "\n")
        self.assertIn('keys[0] (kid "short"): HMAC secret of 31 bytes', err)
        self.assertIn('keys[1] (kid "s512"): HMAC secret of 63 bytes is too '
                      "short for HS512", err)
        rc, out, err = run(["validate", "--jwks", jwks, "--allow-short-secret",
                            "--now", str(NOW)], stdin=data)
        self.assertEqual(rc, 0, out + err)


class UsageErrorTest(CliTestCase):

    def test_usage_errors(self):
        tok = hs_token(claims()).encode() + b"\n"
        s = ["--secret-file", Keys.secret1]
        cases = [
            ["validate", "--bogus"] + s,
            ["validate", "-x"] + s,
            ["validate", "--secret-file"],
            ["validate"] + s + ["--iss"],
            ["validate"] + s + ["--now"],
            ["validate"],
            ["validate", "--now", str(NOW)],
            ["validate", "--secret-file", os.path.join(Keys.dir, "missing")],
            ["validate", "--secret-file", Keys.dir],
            ["validate", "--secret-file", Keys.empty_secret],
            ["validate", "--jwks", os.path.join(Keys.dir, "missing.json")],
            ["validate", "--jwks", Keys.jwks_malformed],
            ["validate", "--jwks", Keys.jwks_not_jwks],
            ["validate", "--jwks", Keys.empty_secret],
            ["validate", "--jwks", Keys.secret1],
            ["validate", "--jwks", Keys.jwks, "--secret-file",
             Keys.empty_secret],
            ["validate"] + s + ["--now", "abc"],
            ["validate"] + s + ["--now", "1.5"],
            ["validate"] + s + ["--now", ""],
            ["validate"] + s + ["--now", "99999999999999999999999"],
            # Outside the library clock's range (+-292 years around 1970).
            ["validate"] + s + ["--now", "9223372036854775807"],
            ["validate"] + s + ["--now", "-9223372036"],
            ["validate"] + s + ["--leeway", "-1"],
            ["validate"] + s + ["--leeway", "x"],
            ["validate"] + s + ["--max-age", "-5"],
            ["validate"] + s + ["--max-age", "1e3"],
            ["validate"] + s + ["--alg", "none"],
            ["validate"] + s + ["--alg", "NONE"],
            ["validate"] + s + ["--alg", "HS256,none"],
            ["validate"] + s + ["--alg", "HS999"],
            ["validate"] + s + ["--alg", "hs256"],
            ["validate"] + s + ["--alg", ""],
            ["validate"] + s + ["--alg", "HS256,"],
            ["validate"] + s + ["--allow-missing-exp=yes"],
            ["validate"] + s + ["--api-key", "k"],
            ["validate"] + s + ["a.txt", "b.txt"],
            ["validate"] + s + [os.path.join(Keys.dir, "no-such-input")],
            ["validate"] + s + [Keys.dir],
        ]
        for args in cases:
            err = self.assertUsageError(args, stdin=tok)
            self.assertNotIn(SECRET1.decode("latin-1")[:12], err)

    def test_messages_name_the_file(self):
        missing = os.path.join(Keys.dir, "a-rather-long-directory-name",
                               "missing-secret.bin")
        self.assertUsageError(["validate", "--secret-file", missing],
                              stderr_has=missing)
        self.assertUsageError(["validate", "--jwks", Keys.jwks_malformed],
                              stderr_has=Keys.jwks_malformed)

    def test_messages_never_show_secrets_or_tokens(self):
        tok = hs_token(claims())
        # A JWKS whose oct key is broken must not leak the secret.
        bad_oct = Keys.write("bad_oct.json", json.dumps({"keys": [{
            "kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQ=",
            "kid": "k"}]}).encode())
        err = self.assertUsageError(["validate", "--jwks", bad_oct])
        self.assertNotIn("c2VjcmV0LXNlY3JldC1zZWNyZXQ", err)
        err = self.assertUsageError([tok])
        self.assertNotIn(tok, err)
        err = self.assertUsageError(["validate", "--" + tok])
        self.assertNotIn(tok, err)

    def test_options_belong_to_their_subcommand(self):
        # One option table serves every subcommand; each takes only its own.
        for args in (["jwks", "--jwks", Keys.jwks, "http://127.0.0.1:1/"],
                     ["jwks", "--now", "1", "http://127.0.0.1:1/"],
                     ["inspect", "--allow-http", "x.y.z"],
                     ["validate", "--oidc", "--secret-file", Keys.secret1]):
            self.assertUsageError(args, stderr_has="unknown option")
        self.assertUsageError(["jwks", "--oidc=yes", "http://127.0.0.1:1/"],
                              stderr_has="takes no value")
        self.assertUsageError(["jwks", "--allow-http"],
                              stderr_has="missing URL")

    def test_no_or_unknown_subcommand(self):
        rc, out, err = run([])
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("validate", err)
        rc, out, err = run(["frobnicate"])
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("frobnicate", err)

    def test_help(self):
        for args in (["--help"], ["help"], ["-h"], ["validate", "--help"],
                     ["validate", "--secret-file", Keys.secret1, "--help"],
                     ["inspect", "--help"]):
            rc, out, err = run(args)
            self.assertEqual(rc, 0, args)
            self.assertIn("jwtv validate", out)
            for opt in ["--jwks", "--secret-file", "--alg", "--iss", "--aud",
                        "--sub", "--typ", "--require", "--now", "--leeway",
                        "--max-age", "--allow-missing-exp", "--profile",
                        "--api-key"]:
                self.assertIn(opt, out)


class InspectTest(CliTestCase):

    def test_inspect_argument_and_stdin(self):
        payload = claims(name="x y")
        tok = hs_token(payload, secret=OTHER_SECRET,
                       header={"alg": "HS256", "kid": "k1"})
        for args, stdin in [(["inspect", tok], b""),
                            (["inspect"], tok.encode() + b"\n"),
                            (["inspect", "-"], b"  " + tok.encode() + b"\r\n")]:
            rc, out, err = run(args, stdin=stdin)
            self.assertEqual(rc, 0, err)
            lines = out.splitlines()
            self.assertEqual(lines[0], "UNVERIFIED: signature not checked")
            self.assertEqual(len(lines), 3)
            self.assertEqual(json.loads(lines[1]), {"alg": "HS256", "kid": "k1"})
            self.assertEqual(json.loads(lines[2]), payload)
            self.assertTrue(is_compact_json(lines[2]))

    def test_inspect_does_not_verify(self):
        # alg none and an expired token are shown (clearly marked).
        tok = hs_token(claims(exp=1), header={"alg": "none"})
        rc, out, err = run(["inspect", tok])
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith("UNVERIFIED: signature not checked\n"))

    def test_inspect_malformed(self):
        good = hs_token(claims())
        h, p, s = good.split(".")
        for bad in ["abc", "a.b", h + "." + p + "." + s + ".x",
                    "." + p + "." + s, h + ".*." + s,
                    b64url(b"nope") + "." + p + "." + s,
                    h + "." + b64url(b"[1]") + "." + s,
                    # Strict JSON, as the validator reads it.
                    h + "." + b64url(b'{"a":1,"a":2}') + "." + s,
                    h + "." + b64url(b'{"a":"\xff"}') + "." + s, ""]:
            rc, out, err = run(["inspect"], stdin=bad.encode())
            self.assertEqual(rc, 1, bad)
            self.assertEqual(out, "", bad)
            self.assertNotEqual(err, "", bad)
            if len(bad) > 30:
                self.assertNotIn(bad, err)

    def test_inspect_is_as_strict_as_validate(self):
        # inspect reads with DecodeUnverified: what validate calls malformed
        # or bad_json it refuses, naming the error; an unsecured token (empty
        # signature) is still shown.
        good = hs_token(claims())
        h, p, s = good.split(".")
        padded = b64url(b'{"alg":"HS256","x":1}') + "="
        deep = b64url(b'{"a":' + b"[" * 40 + b"]" * 40 + b"}")
        for bad, name in [(padded + "." + p + "." + s, "malformed"),
                          (h + ".e31." + s, "malformed"),
                          (h + "." + deep + "." + s, "bad_json")]:
            rc, out, err = run(["inspect", bad])
            self.assertEqual((rc, out), (1, ""), bad)
            self.assertIn("inspect: " + name, err)
        rc, out, err = run(["inspect", b64url(b'{"alg":"none"}') + "." + p + "."])
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out.splitlines()[1]), {"alg": "none"})


class StreamingTest(CliTestCase):

    def test_many_tokens_piped(self):
        n = 200000
        secret = SECRET1
        header = b64url(compact({"alg": "HS256", "typ": "JWT"}).encode())
        chunks = []
        for i in range(n):
            if i % 1000 == 999:
                chunks.append(b"garbage\n")
                continue
            signing_input = header + "." + b64url(
                ('{"i":%d,"exp":%d}' % (i, NOW + 100)).encode())
            sig = hmac.new(secret, signing_input.encode(),
                           hashlib.sha256).digest()
            chunks.append((signing_input + "." + b64url(sig) + "\n").encode())
        data = b"".join(chunks)
        start = time.monotonic()
        rc, out, err = run(["validate", "--secret-file", Keys.secret1,
                            "--now", str(NOW)], stdin=data, timeout=600)
        elapsed = time.monotonic() - start
        self.assertEqual(rc, 1, err)
        lines = out.splitlines()
        self.assertEqual(len(lines), n)
        for i in range(0, n, 997):
            if i % 1000 == 999:
                self.assertEqual(lines[i], "invalid\tmalformed")
            else:
                self.assertEqual(lines[i],
                                 'valid\t{"i":%d,"exp":%d}' % (i, NOW + 100))
        self.assertEqual(sum(1 for l in lines if l.startswith("invalid")),
                         n // 1000)
        self.assertLess(elapsed, 300)
        sys.stderr.write(f"[{n} tokens in {elapsed:.2f}s] ")

    def test_interactive_line_by_line(self):
        p = subprocess.Popen([JWTV, "validate", "--secret-file", Keys.secret1,
                              "--now", str(NOW)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            fd = p.stdout.fileno()
            pending = b""

            def read_line(timeout=20):
                nonlocal pending
                deadline = time.monotonic() + timeout
                while b"\n" not in pending:
                    left = deadline - time.monotonic()
                    self.assertGreater(left, 0, "no answer in time")
                    ready, _, _ = select.select([fd], [], [], left)
                    self.assertTrue(ready, "no answer in time")
                    chunk = os.read(fd, 65536)
                    self.assertTrue(chunk, "jwtv closed its output")
                    pending += chunk
                line, pending = pending.split(b"\n", 1)
                return line.decode()

            for i in range(6):
                if i % 2:
                    tok = hs_token(claims(i=i, exp=NOW - 1))
                    expected = "invalid\texpired"
                else:
                    tok = hs_token(claims(i=i))
                    expected = "valid\t" + compact(claims(i=i))
                if i == 2:
                    p.stdin.write(b"\n   \n")  # blank lines: no answer
                p.stdin.write(tok.encode() + b"\n")
                p.stdin.flush()
                self.assertEqual(read_line(), expected)
            # A line split across two writes.
            tok = hs_token(claims(i=99))
            p.stdin.write(tok[:10].encode())
            p.stdin.flush()
            time.sleep(0.1)
            p.stdin.write(tok[10:].encode() + b"\n")
            p.stdin.flush()
            self.assertEqual(read_line(), "valid\t" + compact(claims(i=99)))
            p.stdin.close()
            self.assertEqual(p.wait(timeout=20), 1)
            self.assertEqual(pending + p.stdout.read(), b"")
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            p.stdout.close()
            p.stderr.close()


class ProviderTest(CliTestCase):
    """validate --provider FILE: one issuer per file, bound to its keys."""

    ISS_A = "https://a.example"
    ISS_B = "https://b.example"

    def provider(self, name, **members):
        return Keys.write(name, json.dumps(members).encode())

    def two(self):
        a = self.provider("prov_a.json", issuer=self.ISS_A,
                          secret_files=[Keys.secret1], audiences=["api-a"])
        b = self.provider("prov_b.json", issuer=self.ISS_B,
                          jwks_file=Keys.jwks, algorithms=["RS256", "ES256"],
                          leeway=30)
        return ["--provider", a, "--provider", b, "--now", str(NOW)]

    def test_each_issuer_with_its_keys(self):
        opts = self.two()
        a = hs_token(claims(iss=self.ISS_A, aud="api-a"))
        b = rs(claims(iss=self.ISS_B))
        self.assertEqual(self.codes([a, b], *opts), ["valid", "valid"])
        # B's leeway and algorithms, A's audience.
        self.assertEqual(self.code(rs(claims(iss=self.ISS_B, exp=NOW - 29)),
                                   *opts), "valid")
        self.assertEqual(self.code(ed(claims(iss=self.ISS_B)), *opts),
                         "alg_not_allowed")
        self.assertEqual(self.code(hs_token(claims(iss=self.ISS_A,
                                                   aud="api-b")), *opts),
                         "bad_audience")

    def test_impersonation_is_refused(self):
        # B's RSA key signs a token that claims A's iss: one validator with
        # both key sources and both issuers accepts it, the providers do not.
        forged = rs(claims(iss=self.ISS_A, aud="api-a"))
        self.assertEqual(self.code(forged, "--jwks", Keys.jwks,
                                   "--secret-file", Keys.secret1, "--iss",
                                   self.ISS_A, "--iss", self.ISS_B, "--now",
                                   str(NOW)), "valid")
        self.assertEqual(self.code(forged, *self.two()), "alg_not_allowed")
        forged_hs = hs_token(claims(iss=self.ISS_B), secret=SECRET1)
        self.assertEqual(self.code(forged_hs, *self.two()), "alg_not_allowed")
        # Two HMAC providers: B's secret never verifies A's tokens.
        a = self.provider("hs_a.json", issuer=self.ISS_A,
                          secret_files=[Keys.secret1])
        b = self.provider("hs_b.json", issuer=self.ISS_B,
                          secret_files=[Keys.secret2])
        forged = hs_token(claims(iss=self.ISS_A), secret=SECRET2)
        self.assertEqual(self.code(forged, "--secret-file", Keys.secret1,
                                   "--secret-file", Keys.secret2, "--now",
                                   str(NOW)), "valid")
        self.assertEqual(self.code(forged, "--provider", a, "--provider", b,
                                   "--now", str(NOW)), "bad_signature")
        self.assertEqual(self.code(hs_token(claims(iss=self.ISS_B),
                                            secret=SECRET2),
                                   "--provider", a, "--provider", b,
                                   "--now", str(NOW)), "valid")

    def test_routing_codes(self):
        opts = self.two()
        self.assertEqual(self.code(hs_token(claims(iss="https://c.example",
                                                   aud="api-a")), *opts),
                         "bad_issuer")
        self.assertEqual(self.code(hs_token(claims(aud="api-a")), *opts),
                         "missing_claim")
        self.assertEqual(self.code(hs_token(claims(iss=5)), *opts),
                         "bad_claim")
        self.assertEqual(self.code(hs_token(None, raw_payload=b"[1]"), *opts),
                         "bad_json")

    def test_bad_provider_files(self):
        good = {"issuer": self.ISS_A, "secret_files": [Keys.secret1]}
        cases = [
            ({**good, "audience": ["x"]}, "unknown member"),
            ({**good, "jwks_file": Keys.jwks}, "exactly one key source"),
            ({"secret_files": [Keys.secret1]}, "no issuer"),
            ({"issuer": self.ISS_A}, "exactly one key source"),
            ({**good, "issuer": ""}, "issuer: empty"),
            ({**good, "leeway": -1}, "leeway"),
            ({**good, "leeway": 86401}, "leeway_seconds"),
            ({**good, "algorithms": ["none"]}, "algorithms"),
            ({**good, "algorithms": []}, "algorithms"),
            ({**good, "audiences": "api"}, "audiences"),
            ({**good, "allow_http": True}, "allow_http"),
            ({**good, "algorithms": ["RS256"]}, "no key permits"),
        ]
        for members, message in cases:
            path = self.provider("bad_provider.json", **members)
            self.assertUsageError(["validate", "--provider", path],
                                  stderr_has=message)
        raw = Keys.write("dup_provider.json",
                         b'{"issuer":"a","issuer":"b","jwks_file":"x"}')
        self.assertUsageError(["validate", "--provider", raw],
                              stderr_has="strict JSON")
        self.assertUsageError(["validate", "--provider",
                               os.path.join(Keys.dir, "missing.json")])
        a = self.provider("dup_a.json", **good)
        self.assertUsageError(["validate", "--provider", a, "--provider", a],
                              stderr_has="each issuer has one provider")
        for extra in (["--iss", "x"], ["--aud", "x"], ["--leeway", "3"],
                      ["--secret-file", Keys.secret1], ["--alg", "HS256"]):
            self.assertUsageError(["validate", "--provider", a] + extra,
                                  stderr_has="--provider cannot be combined")


def start(cli):
    global JWTV
    JWTV = cli
    Keys.make()


def main():
    return script_cases.main(
        sys.modules[__name__],
        "usage: cli_test.py PATH/TO/jwtv [CASE...] | --list\n", start,
        lambda: shutil.rmtree(Keys.dir, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
