#!/usr/bin/python3
"""Generates jwtv_bench's fixtures in bench/fixtures/.

Run once with Debian's Python (python3-jwt, python3-cryptography):
    /usr/bin/python3 bench/make_fixtures.py
The output is committed. Keys are random (a re-run changes every file); the
claims are fixed, so every token carries the same Shopify-style payload of
about 390 bytes, whatever its algorithm. Tokens expire in 2100.

Files written:
  claims.json            the payload all tokens carry
  hmac_secret.txt        the HS256/384/512 secret (raw bytes, no newline)
  jwks.json              public keys, one per public-key algorithm (kid and
                         alg set)
  <alg>.jwt              one token per algorithm (hs256, hs384, hs512, rs256,
                         ps256, es256, es384, eddsa); HS tokens have no kid
  <alg>.spki.der         the public key as DER SubjectPublicKeyInfo, for the
                         RawVerify benchmarks
"""

import base64
import json
import pathlib

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

OUT = pathlib.Path(__file__).resolve().parent / "fixtures"

SHOP = "https://bench-shop.myshopify.com"
API_KEY = "3f0c9a1e7d5b4c2a8e6f1d0b9a7c5e3f"
# 64 bytes, so that one secret may sign HS256, HS384 and HS512 (RFC 7518
# section 3.2). Real Shopify client secrets are shorter (38 bytes); the HMAC
# cost is the same for any key up to the hash's block size.
SECRET = "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4f3e2d1c0b9a8f7e6d5c4b3a29"
CLAIMS = {
    "iss": SHOP + "/admin",
    "dest": SHOP,
    "aud": API_KEY,
    "sub": "84920175",
    "exp": 4102444800,  # 2100-01-01
    "nbf": 1767225600,  # 2026-01-01
    "iat": 1767225600,
    "jti": "6c1f8a52-93d4-4e7b-b0a1-2f5c7d9e1b34",
    "sid": "a3f1c2e4b5d6978812345678abcdef0123456789abcdef0123456789abcdef01",
    "sig": "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0",
}


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint_bytes(n: int, size: int = 0) -> bytes:
    return n.to_bytes(size or (n.bit_length() + 7) // 8, "big")


def jwk(alg: str, kid: str, key) -> dict:
    pub = key.public_key()
    base = {"kid": kid, "alg": alg, "use": "sig"}
    if alg.startswith(("RS", "PS")):
        nums = pub.public_numbers()
        return {"kty": "RSA", **base, "n": b64u(uint_bytes(nums.n)),
                "e": b64u(uint_bytes(nums.e))}
    if alg.startswith("ES"):
        crv, size = {"ES256": ("P-256", 32), "ES384": ("P-384", 48)}[alg]
        nums = pub.public_numbers()
        return {"kty": "EC", **base, "crv": crv,
                "x": b64u(uint_bytes(nums.x, size)),
                "y": b64u(uint_bytes(nums.y, size))}
    raw = pub.public_bytes(serialization.Encoding.Raw,
                           serialization.PublicFormat.Raw)
    return {"kty": "OKP", **base, "crv": "Ed25519", "x": b64u(raw)}


def write(name: str, data) -> None:
    if isinstance(data, str):
        data = data.encode()
    (OUT / name).write_bytes(data)
    print(f"wrote bench/fixtures/{name} ({len(data)} bytes)")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    payload = json.dumps(CLAIMS, separators=(",", ":"))
    print(f"payload: {len(payload)} bytes")
    write("claims.json", payload + "\n")
    write("hmac_secret.txt", SECRET)

    for alg in ("HS256", "HS384", "HS512"):
        token = jwt.encode(CLAIMS, SECRET.encode(), algorithm=alg)
        write(f"{alg.lower()}.jwt", token + "\n")

    keys = {
        "RS256": rsa.generate_private_key(65537, 2048),
        "PS256": rsa.generate_private_key(65537, 2048),
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()),
        "EdDSA": ed25519.Ed25519PrivateKey.generate(),
    }
    jwks = []
    for alg, key in keys.items():
        kid = f"bench-{alg.lower()}"
        jwks.append(jwk(alg, kid, key))
        token = jwt.encode(CLAIMS, key, algorithm=alg,
                           headers={"kid": kid, "typ": "JWT"})
        jwt.decode(token, key.public_key(), algorithms=[alg], audience=API_KEY)
        write(f"{alg.lower()}.jwt", token + "\n")
        write(f"{alg.lower()}.spki.der", key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo))
    write("jwks.json", json.dumps({"keys": jwks}, indent=2) + "\n")


if __name__ == "__main__":
    main()
