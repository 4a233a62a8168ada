#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
"""PyJWT verifies the tokens jwtv::testing signs (include/jwtv/testing/
token_signer.h), through tests/tools/mint_token.cc (jwtv_testing_mint).

Run as:
  /usr/bin/python3 tests/token_signer_pyjwt_test.py PATH/TO/jwtv [CASE...]
  /usr/bin/python3 tests/token_signer_pyjwt_test.py --list

The first argument is the CLI's path (as for every tests/*_test.py); the
mint tool is found in the tests/ folder of the CLI's build directory, or
at $JWTV_TESTING_MINT. For every algorithm: a generated key pair's token
verifies under its public JWK and its public PEM; a token signed from a key
that `cryptography` made (PKCS#8 and traditional PEM, and the private JWK
PyJWT writes) verifies under that key's public half; a token never
verifies under another key. Bad keys make the tool fail with an error,
never a crash.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest

import jwt
from testing import script_cases
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

MINT = None  # set from argv in main
NOW = 1700000000
CLAIMS = {"iss": "https://issuer.example", "sub": "user-7", "aud": "api",
          "exp": 4102444800, "iat": NOW, "scope": "read write"}

ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
              "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
ASYMMETRIC = ALGORITHMS[3:]
CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1}


def mint(*args):
    r = subprocess.run([MINT, *args], capture_output=True, text=True,
                       timeout=60)
    return r


def mint_ok(test, *args):
    r = mint(*args)
    test.assertEqual(r.returncode, 0, r.stderr)
    return json.loads(r.stdout)


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def decode(token, key, alg):
    return jwt.decode(token, key, algorithms=[alg], audience="api",
                      issuer="https://issuer.example")


def python_key(alg):
    """A private key made by `cryptography` for alg."""
    if alg.startswith(("RS", "PS")):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if alg.startswith("ES"):
        return ec.generate_private_key(CURVES[alg]())
    return ed25519.Ed25519PrivateKey.generate()


def private_jwk(alg, key):
    """PyJWT's own private JWK of key (a JSON string)."""
    if alg.startswith(("RS", "PS")):
        return jwt.algorithms.RSAAlgorithm.to_jwk(key)
    if alg.startswith("ES"):
        return jwt.algorithms.ECAlgorithm.to_jwk(key)
    return jwt.algorithms.OKPAlgorithm.to_jwk(key)


class GeneratedKeyTest(unittest.TestCase):
    """Key pairs made by GenerateKeyPair; tokens made by Sign."""

    def check(self, alg):
        out = mint_ok(self, "generate", alg, json.dumps(CLAIMS))
        header = jwt.get_unverified_header(out["token"])
        self.assertEqual(header, {"alg": alg, "typ": "JWT", "kid": "k1"})
        if alg.startswith("HS"):
            key = b64url_decode(out["secret"])
            self.assertEqual(len(key), int(alg[2:]) // 8)
        else:
            key = jwt.PyJWK(out["public_jwk"]).key
            # The PEM is the same public key as the JWK.
            self.assertEqual(decode(out["token"], out["public_pem"], alg),
                             CLAIMS)
        self.assertEqual(decode(out["token"], key, alg), CLAIMS)
        # Another key of the same kind refuses it.
        other = mint_ok(self, "generate", alg, "{}")
        other_key = (b64url_decode(other["secret"]) if alg.startswith("HS")
                     else other["public_pem"])
        with self.assertRaises(jwt.InvalidSignatureError):
            decode(out["token"], other_key, alg)


class PythonKeyTest(unittest.TestCase):
    """Keys made by `cryptography`, read by FromPem and FromJwk."""

    def sign_with(self, kind, alg, text):
        with tempfile.NamedTemporaryFile("w", suffix="." + kind) as f:
            f.write(text)
            f.flush()
            return mint_ok(self, kind, alg, f.name, json.dumps(CLAIMS))["token"]

    def check(self, alg):
        key = python_key(alg)
        public = key.public_key()
        pkcs8 = key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()).decode()
        self.assertEqual(decode(self.sign_with("pem", alg, pkcs8), public, alg),
                         CLAIMS)
        if not alg.startswith("Ed"):
            # "RSA PRIVATE KEY" / "EC PRIVATE KEY".
            traditional = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption()).decode()
            self.assertEqual(
                decode(self.sign_with("pem", alg, traditional), public, alg),
                CLAIMS)
        token = self.sign_with("jwk", alg, private_jwk(alg, key))
        self.assertEqual(decode(token, public, alg), CLAIMS)


class HmacSecretTest(unittest.TestCase):

    def test_hs256_jwk_from_pyjwt(self):
        secret = b"s" * 32
        jwk = jwt.algorithms.HMACAlgorithm.to_jwk(secret)
        with tempfile.NamedTemporaryFile("w", suffix=".jwk") as f:
            f.write(jwk)
            f.flush()
            out = mint_ok(self, "jwk", "HS256", f.name, json.dumps(CLAIMS))
        self.assertEqual(decode(out["token"], secret, "HS256"), CLAIMS)


class BadKeyTest(unittest.TestCase):
    """Errors, never crashes: exit 1 with a message."""

    def check_fails(self, kind, alg, text):
        with tempfile.NamedTemporaryFile("w") as f:
            f.write(text)
            f.flush()
            r = mint(kind, alg, f.name, "{}")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("INVALID_ARGUMENT", r.stderr)

    def test_garbage(self):
        for kind in ("pem", "jwk"):
            for text in ("", "garbage", "{}", "[1,2]", '{"kty":"EC"}'):
                self.check_fails(kind, "ES256", text)

    def test_public_key_only(self):
        key = python_key("ES256")
        pem = key.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.check_fails("pem", "ES256", pem)
        jwk = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key())
        self.check_fails("jwk", "ES256", jwk)

    def test_wrong_kind_or_curve(self):
        p384 = private_jwk("ES384", python_key("ES384"))
        self.check_fails("jwk", "ES256", p384)
        rsa_pem = python_key("RS256").private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode()
        for alg in ("ES256", "EdDSA", "HS256"):
            self.check_fails("pem", alg, rsa_pem)


def add_cases():
    for alg in ALGORITHMS:
        setattr(GeneratedKeyTest, "test_" + alg,
                lambda self, alg=alg: self.check(alg))
    for alg in ASYMMETRIC:
        setattr(PythonKeyTest, "test_" + alg,
                lambda self, alg=alg: self.check(alg))


add_cases()


def start(cli):
    global MINT
    MINT = os.environ.get("JWTV_TESTING_MINT") or os.path.join(
        os.path.dirname(cli), "tests", "jwtv_testing_mint")
    if not os.access(MINT, os.X_OK):
        sys.stderr.write(f"{MINT}: not built (target jwtv_testing_mint)\n")
        return 1
    return None


def main():
    return script_cases.main(sys.modules[__name__], __doc__, start)


if __name__ == "__main__":
    sys.exit(main())
