#!/usr/bin/python3
"""Generates the PyJWT interop fixtures used by tests/interop_test.cc.

Run once with Debian's Python (PyJWT 2.6, cryptography); the outputs are
committed, so the C++ test needs no Python:
  /usr/bin/python3 tests/data/interop/make_interop.py

Writes, next to this script:
  jwks.json             public keys only (RSA 2048, EC P-256/P-384/P-521,
                        OKP Ed25519), each with a kid
  hs256.secret, hs384.secret, hs512.secret
                        raw HMAC secrets (random bytes, used verbatim)
  tokens.json           {"tokens": [{"name", "alg", "kid" (or null),
                        "key" (the kid of the key that signed it, or the
                        secret file), "token", "claims"}]}
No private key is written.
"""
import json
import os
import secrets

import jwt  # PyJWT
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

HERE = os.path.dirname(os.path.abspath(__file__))
FAR_FUTURE = 4102444800  # 2100-01-01T00:00:00Z
ISSUED = 1700000000


def public_jwk(algorithm_cls, private_key, kid, extra=None):
    jwk = json.loads(algorithm_cls.to_jwk(private_key.public_key()))
    jwk["kid"] = kid
    jwk["use"] = "sig"
    if extra:
        jwk.update(extra)
    return jwk


def claims_for(alg, index):
    aud = "interop-api" if index % 2 == 0 else ["other-api", "interop-api"]
    return {
        "iss": "https://issuer.example/" + alg.lower(),
        "sub": "user-%d" % (1000 + index),
        "aud": aud,
        "exp": FAR_FUTURE,
        "nbf": ISSUED,
        "iat": ISSUED + index,
        "jti": "jti-%s-%d" % (alg, index),
        "name": "Zo\u00eb \u65e5\u672c\u8a9e \U0001F389",  # 2-, 3- and 4-byte UTF-8
        "escaped": "quote \" backslash \\ slash / newline \n tab \t nul-ish \u0001",
        "org": {"id": 42, "roles": ["admin", "dev"], "meta": {"deep": [1, 2.5, None, True]}},
        "scopes": ["read", "write"],
        "ratio": 0.25,
        "count": 12345678901,
        "negative": -17,
        "flag": True,
        "nothing": None,
    }


def main():
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_keys = {
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()),
        "ES512": ec.generate_private_key(ec.SECP521R1()),
    }
    ed_key = ed25519.Ed25519PrivateKey.generate()
    hmac_secrets = {"HS256": secrets.token_bytes(32), "HS384": secrets.token_bytes(48),
                    "HS512": secrets.token_bytes(64)}

    keys = [public_jwk(RSAAlgorithm, rsa_key, "rsa-2048")]
    for alg, key in ec_keys.items():
        keys.append(public_jwk(ECAlgorithm, key, "ec-" + alg.lower(), {"alg": alg}))
    keys.append(public_jwk(OKPAlgorithm, ed_key, "ed25519"))
    for k in keys:
        assert "d" not in k and "p" not in k, "private member leaked"
    with open(os.path.join(HERE, "jwks.json"), "w") as f:
        json.dump({"keys": keys}, f, indent=1)
        f.write("\n")
    for alg, secret in hmac_secrets.items():
        with open(os.path.join(HERE, alg.lower() + ".secret"), "wb") as f:
            f.write(secret)

    algs = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA"]
    tokens = []
    for i, alg in enumerate(algs):
        if alg.startswith("HS"):
            signing_key, kid = hmac_secrets[alg], "hmac-" + alg.lower()
        elif alg[:2] in ("RS", "PS"):
            signing_key, kid = rsa_key, "rsa-2048"
        elif alg.startswith("ES"):
            signing_key, kid = ec_keys[alg], "ec-" + alg.lower()
        else:
            signing_key, kid = ed_key, "ed25519"
        for with_kid in (True, False):
            claims = claims_for(alg, i)
            headers = {"kid": kid} if with_kid else None
            token = jwt.encode(claims, signing_key, algorithm=alg, headers=headers)
            # Round trip through PyJWT itself, as a sanity check.
            verify_key = signing_key if alg.startswith("HS") else signing_key.public_key()
            decoded = jwt.decode(token, verify_key, algorithms=[alg], audience="interop-api")
            assert decoded == claims
            tokens.append({
                "name": alg + ("" if with_kid else "-nokid"),
                "alg": alg,
                "kid": kid if with_kid else None,
                "key": kid,
                "token": token,
                "claims": claims,
            })
    with open(os.path.join(HERE, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "PyJWT " + jwt.__version__, "tokens": tokens}, f,
                  indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
