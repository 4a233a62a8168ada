#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
#
# Generates the JWKS fixtures used by tests/jwk_test.cc and
# tests/key_set_test.cc. Keys are random: the committed output, not this
# script, is what the tests read. Run from anywhere:
#   /usr/bin/python3 tests/data/jwks/make_jwks.py
#
# Writes, next to this script:
#   jwks.json        one key of every kind jwtv loads (public keys only)
#   signatures.json  for each kid: alg, message and a known-good signature
#   *.pem            SubjectPublicKeyInfo of some of the same keys

import base64
import hashlib
import hmac
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = os.path.dirname(os.path.abspath(__file__))
MESSAGE = b"eyJhbGciOiJ0ZXN0In0.eyJzdWIiOiJqd3R2In0"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def uint_bytes(value: int, size: int = 0) -> bytes:
    size = size or max(1, (value.bit_length() + 7) // 8)
    return value.to_bytes(size, "big")


def pem(public_key) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def rsa_jwk(priv, kid, alg=None):
    nums = priv.public_key().public_numbers()
    jwk = {"kty": "RSA", "kid": kid, "use": "sig",
           "n": b64u(uint_bytes(nums.n)), "e": b64u(uint_bytes(nums.e))}
    if alg:
        jwk["alg"] = alg
    return jwk


def ec_jwk(priv, kid, crv, size, alg=None):
    nums = priv.public_key().public_numbers()
    jwk = {"kty": "EC", "kid": kid, "crv": crv,
           "x": b64u(uint_bytes(nums.x, size)),
           "y": b64u(uint_bytes(nums.y, size))}
    if alg:
        jwk["alg"] = alg
    return jwk


def ec_sign(priv, hash_alg, size):
    der = priv.sign(MESSAGE, ec.ECDSA(hash_alg))
    r, s = decode_dss_signature(der)
    return uint_bytes(r, size) + uint_bytes(s, size)


def main():
    keys = []
    sigs = []

    rsa1 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys.append(rsa_jwk(rsa1, "rsa-1", "RS256"))
    sigs.append({"kid": "rsa-1", "alg": "RS256", "signature": b64u(
        rsa1.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256()))})

    rsa2 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys.append(rsa_jwk(rsa2, "rsa-2"))  # no alg: RS* and PS*
    sigs.append({"kid": "rsa-2", "alg": "PS256", "signature": b64u(
        rsa2.sign(MESSAGE,
                  padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                              salt_length=32),
                  hashes.SHA256()))})

    p256 = ec.generate_private_key(ec.SECP256R1())
    keys.append(ec_jwk(p256, "ec-p256", "P-256", 32, "ES256"))
    sigs.append({"kid": "ec-p256", "alg": "ES256",
                 "signature": b64u(ec_sign(p256, hashes.SHA256(), 32))})

    p384 = ec.generate_private_key(ec.SECP384R1())
    keys.append(ec_jwk(p384, "ec-p384", "P-384", 48))  # no alg
    sigs.append({"kid": "ec-p384", "alg": "ES384",
                 "signature": b64u(ec_sign(p384, hashes.SHA384(), 48))})

    p521 = ec.generate_private_key(ec.SECP521R1())
    jwk = ec_jwk(p521, "ec-p521", "P-521", 66, "ES512")
    jwk["key_ops"] = ["verify"]
    keys.append(jwk)
    sigs.append({"kid": "ec-p521", "alg": "ES512",
                 "signature": b64u(ec_sign(p521, hashes.SHA512(), 66))})

    ed = ed25519.Ed25519PrivateKey.generate()
    raw = ed.public_key().public_bytes(serialization.Encoding.Raw,
                                       serialization.PublicFormat.Raw)
    keys.append({"kty": "OKP", "kid": "ed25519", "crv": "Ed25519",
                 "x": b64u(raw), "alg": "EdDSA", "use": "sig"})
    sigs.append({"kid": "ed25519", "alg": "EdDSA",
                 "signature": b64u(ed.sign(MESSAGE))})

    k1 = os.urandom(32)
    keys.append({"kty": "oct", "kid": "hmac-1", "k": b64u(k1),
                 "alg": "HS256"})
    sigs.append({"kid": "hmac-1", "alg": "HS256", "signature": b64u(
        hmac.new(k1, MESSAGE, hashlib.sha256).digest())})

    k2 = os.urandom(64)
    keys.append({"kty": "oct", "kid": "hmac-2", "k": b64u(k2)})  # HS*
    sigs.append({"kid": "hmac-2", "alg": "HS512", "signature": b64u(
        hmac.new(k2, MESSAGE, hashlib.sha512).digest())})

    with open(os.path.join(HERE, "jwks.json"), "w") as f:
        json.dump({"keys": keys}, f, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "signatures.json"), "w") as f:
        json.dump({"message": MESSAGE.decode("ascii"), "signatures": sigs},
                  f, indent=2)
        f.write("\n")
    for name, key in (("rsa-1.pem", rsa1), ("ec-p256.pem", p256),
                      ("ed25519.pem", ed)):
        with open(os.path.join(HERE, name), "w") as f:
            f.write(pem(key.public_key()))


if __name__ == "__main__":
    main()
