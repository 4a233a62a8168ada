#!/usr/bin/python3
"""Generates the peer programs' extra fixtures in bench/peers/fixtures/.

The peers (bench/peers/) time the very token files jwtv_bench times
(bench/fixtures/<alg>.jwt, made by bench/make_fixtures.py), so every program
reads identical bytes. This script only adds what the peers need beside them:

  <alg>.pem              the public key of bench/fixtures/<alg>.spki.der as a
                         PEM SubjectPublicKeyInfo (libjwt, cpp-jwt and PyJWT
                         take PEM); a pure conversion, byte-for-byte
                         deterministic
  expired/<alg>.jwt      a token with the same Shopify-style claims but exp
                         (and nbf, iat) in the past, for every benchmarked
                         algorithm: each peer must reject it before it is
                         timed, which proves that it checks exp
  expired/<alg>.pem      the public key that verifies expired/<alg>.jwt
                         (HS256 uses bench/fixtures/hmac_secret.txt)

The benchmark tokens' private keys are not kept, so the expired tokens are
signed with keys of their own. Those keys are derived from fixed seeds (EC
scalars, Ed25519 seed, RSA primes from a seeded generator), so a re-run gives
the same keys; HS256, RS256 and EdDSA tokens are then byte-for-byte the same,
while PS256 and ES256/ES384 signatures are randomized by their algorithms.
The output is committed. Run with Debian's Python (python3-jwt,
python3-cryptography):
    /usr/bin/python3 bench/make_peer_fixtures.py
"""

import hashlib
import json
import pathlib
import random

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

BENCH = pathlib.Path(__file__).resolve().parent
FIXTURES = BENCH / "fixtures"
OUT = BENCH / "peers" / "fixtures"

# The algorithms the comparison times, and their fixture file stems.
ALGS = {"HS256": "hs256", "RS256": "rs256", "PS256": "ps256",
        "ES256": "es256", "ES384": "es384", "EdDSA": "eddsa"}

EXPIRED_AT = 1704067200  # 2024-01-01


def seed_int(label: str) -> int:
    return int.from_bytes(hashlib.sha256(label.encode()).digest(), "big")


def is_probable_prime(n: int, rng: random.Random) -> bool:
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(40):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def deterministic_rsa(label: str, bits: int = 2048) -> rsa.RSAPrivateKey:
    rng = random.Random(seed_int(label))
    e = 65537
    primes = []
    while len(primes) < 2:
        # Top two bits set so that p*q has exactly `bits` bits.
        c = rng.getrandbits(bits // 2) | (3 << (bits // 2 - 2)) | 1
        if (is_probable_prime(c, rng) and (c - 1) % e != 0
                and c not in primes):
            primes.append(c)
    p, q = primes
    d = pow(e, -1, (p - 1) * (q - 1))
    pub = rsa.RSAPublicNumbers(e, p * q)
    return rsa.RSAPrivateNumbers(
        p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), pub).private_key()


def expired_key(alg: str):
    label = f"jwtv-bench-expired-{alg}"
    if alg in ("RS256", "PS256"):
        return deterministic_rsa(label)
    if alg == "ES256":
        n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
        return ec.derive_private_key(seed_int(label) % (n - 1) + 1,
                                     ec.SECP256R1())
    if alg == "ES384":
        return ec.derive_private_key(seed_int(label), ec.SECP384R1())
    if alg == "EdDSA":
        return ed25519.Ed25519PrivateKey.from_private_bytes(
            hashlib.sha256(label.encode()).digest())
    raise ValueError(alg)


def pem(public_key) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo)


def write(path: pathlib.Path, data) -> None:
    if isinstance(data, str):
        data = data.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(BENCH.parent)} ({len(data)} bytes)")


def main() -> None:
    claims = json.loads((FIXTURES / "claims.json").read_text())
    secret = (FIXTURES / "hmac_secret.txt").read_bytes()
    expired_claims = dict(claims, exp=EXPIRED_AT, nbf=EXPIRED_AT - 3600,
                          iat=EXPIRED_AT - 3600)
    for alg, stem in ALGS.items():
        if alg == "HS256":
            token = jwt.encode(expired_claims, secret, algorithm=alg)
        else:
            der = (FIXTURES / f"{stem}.spki.der").read_bytes()
            write(OUT / f"{stem}.pem",
                  pem(serialization.load_der_public_key(der)))
            key = expired_key(alg)
            token = jwt.encode(expired_claims, key, algorithm=alg,
                               headers={"kid": f"bench-{stem}", "typ": "JWT"})
            write(OUT / "expired" / f"{stem}.pem", pem(key.public_key()))
            # Signature good, only the dates are wrong.
            jwt.decode(token, key.public_key(), algorithms=[alg],
                       audience=claims["aud"],
                       options={"verify_exp": False})
        write(OUT / "expired" / f"{stem}.jwt", token + "\n")


if __name__ == "__main__":
    main()
