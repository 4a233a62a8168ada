#!/usr/bin/python3
"""Generates the demo's sample keys and tokens in examples/samples/.

Run once with Debian's Python (python3-jwt, python3-cryptography):
    /usr/bin/python3 examples/make_samples.py
The output is committed; keys are random, so a re-run changes every file.
Tokens expire in 2100, so the demo can use the real clock.

Files written:
  shopify_secret.txt  the app's client secret (raw bytes, no newline)
  shopify_api_key.txt the app's client ID (the token's aud)
  shopify_hs256.jwt   a Shopify-style session token (HS256)
  jwks.json           public keys of the RS256/PS256/ES256/ES384/EdDSA tokens
  <alg>.jwt           one token per algorithm (rs256, ps256, es256, es384,
                      eddsa), iss https://auth.example.com, aud jwtv-demo
"""

import base64
import json
import os
import pathlib
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives import serialization

OUT = pathlib.Path(__file__).resolve().parent / "samples"

IAT = 1767225600  # 2026-01-01T00:00:00Z
EXP = 4102444800  # 2100-01-01T00:00:00Z


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint_bytes(n: int, size: int = 0) -> bytes:
    size = size or (n.bit_length() + 7) // 8
    return n.to_bytes(size, "big")


def rsa_jwk(key, kid, alg):
    pub = key.public_key().public_numbers()
    return {"kty": "RSA", "kid": kid, "alg": alg, "use": "sig",
            "n": b64u(uint_bytes(pub.n)), "e": b64u(uint_bytes(pub.e))}


def ec_jwk(key, kid, alg, crv, size):
    pub = key.public_key().public_numbers()
    return {"kty": "EC", "kid": kid, "alg": alg, "use": "sig", "crv": crv,
            "x": b64u(uint_bytes(pub.x, size)),
            "y": b64u(uint_bytes(pub.y, size))}


def okp_jwk(key, kid):
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return {"kty": "OKP", "kid": kid, "alg": "EdDSA", "use": "sig",
            "crv": "Ed25519", "x": b64u(raw)}


def write(name: str, data) -> None:
    path = OUT / name
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    print(f"wrote {path.relative_to(OUT.parent.parent)} ({len(data)} bytes)")


def main() -> None:
    OUT.mkdir(exist_ok=True)

    # Shopify-style session token: HS256 keyed with the client secret, used
    # verbatim as raw bytes.
    secret = "shpss_" + os.urandom(16).hex()
    api_key = os.urandom(16).hex()
    shop = "https://demo-shop.myshopify.com"
    claims = {
        "iss": shop + "/admin",
        "dest": shop,
        "aud": api_key,
        "sub": "84920175",
        "exp": EXP,
        "nbf": IAT,
        "iat": IAT,
        "jti": str(uuid.uuid4()),
        "sid": os.urandom(32).hex(),
        "sig": os.urandom(32).hex(),
    }
    token = jwt.encode(claims, secret.encode(), algorithm="HS256")
    write("shopify_secret.txt", secret)
    write("shopify_api_key.txt", api_key)
    write("shopify_hs256.jwt", token + "\n")

    # Generic OIDC-style tokens, one per public-key algorithm, each key bound
    # to its algorithm by the JWK "alg" member.
    keys = {
        "RS256": rsa.generate_private_key(65537, 2048),
        "PS256": rsa.generate_private_key(65537, 2048),
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()),
        "EdDSA": ed25519.Ed25519PrivateKey.generate(),
    }
    jwks = []
    for alg, key in keys.items():
        kid = f"demo-{alg.lower()}"
        if alg.startswith(("RS", "PS")):
            jwks.append(rsa_jwk(key, kid, alg))
        elif alg == "ES256":
            jwks.append(ec_jwk(key, kid, alg, "P-256", 32))
        elif alg == "ES384":
            jwks.append(ec_jwk(key, kid, alg, "P-384", 48))
        else:
            jwks.append(okp_jwk(key, kid))
        claims = {
            "iss": "https://auth.example.com",
            "aud": "jwtv-demo",
            "sub": "user-1234",
            "scope": "orders:read orders:write",
            "exp": EXP,
            "nbf": IAT,
            "iat": IAT,
            "jti": str(uuid.uuid4()),
        }
        token = jwt.encode(claims, key, algorithm=alg,
                           headers={"kid": kid, "typ": "JWT"})
        # Self-check with PyJWT before writing.
        jwt.decode(token, key.public_key(), algorithms=[alg],
                   audience="jwtv-demo", issuer="https://auth.example.com")
        write(f"{alg.lower()}.jwt", token + "\n")
    write("jwks.json", json.dumps({"keys": jwks}, indent=2) + "\n")


if __name__ == "__main__":
    main()
