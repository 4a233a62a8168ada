#!/usr/bin/python3
"""PyJWT peer (Debian's python3-jwt 2.6 on python3-cryptography, which links
OpenSSL): jwt.decode with the expected algorithm, issuer and audience and exp
required; PyJWT checks the signature, exp, nbf (when present), iss and aud.
Keys are parsed once into cryptography key objects, as a server would.
Timed in-process with timeit, as thread CPU time per token (and wall clock).

Same command line and output as the C++ peers (bench/peers/peer_common.h):
    pyjwt_peer.py --fixtures DIR --peer-fixtures DIR [--min-time S] [--alg A]...
Before timing each algorithm it proves that it accepts the benchmark token and
rejects a tampered copy, an expired token with a good signature, and the valid
token when another audience or issuer is expected; any failed proof exits 1.
"""

import argparse
import json
import pathlib
import sys
import time
import timeit

import jwt
from cryptography.hazmat.primitives import serialization

ISSUER = "https://bench-shop.myshopify.com/admin"
AUDIENCE = "3f0c9a1e7d5b4c2a8e6f1d0b9a7c5e3f"
ALGS = ["HS256", "RS256", "PS256", "ES256", "ES384", "EdDSA"]


def die(message: str) -> None:
    print(f"PyJWT peer: {message}", file=sys.stderr)
    sys.exit(1)


def read_token(path: pathlib.Path) -> str:
    return path.read_text().strip()


def tamper(token: str) -> str:
    dot = token.rindex(".")
    c = "B" if token[dot + 1] == "A" else "A"
    return token[:dot + 1] + c + token[dot + 2:]


def make_validator(alg: str, key, issuer: str = ISSUER,
                   audience: str = AUDIENCE):
    decoder = jwt.PyJWT()
    algorithms = [alg]
    options = {"require": ["exp"]}

    def validate(token: str) -> bool:
        try:
            decoder.decode(token, key, algorithms=algorithms,
                           audience=audience, issuer=issuer, options=options)
            return True
        except jwt.InvalidTokenError:
            return False

    return validate


def load_key(alg: str, path: pathlib.Path, secret: bytes):
    if alg.startswith("HS"):
        return secret
    return serialization.load_pem_public_key(path.read_bytes())


def time_it(validate, token: str, min_time: float):
    """Grows the batch until one batch takes min_time of CPU time."""
    def run() -> None:
        if not validate(token):
            die("valid token rejected while timing")

    n = 1
    while True:
        wall = timeit.Timer(run, timer=time.perf_counter)
        cpu0 = time.thread_time()
        w = wall.timeit(number=n)
        cpu = time.thread_time() - cpu0
        if cpu >= min_time:
            return cpu / n * 1e9, w / n * 1e9, n
        nxt = n * 1.4 * min_time / cpu if cpu > 0 else n * 10
        n = max(n + 1, int(min(nxt, n * 10)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True, type=pathlib.Path)
    parser.add_argument("--peer-fixtures", required=True, type=pathlib.Path)
    parser.add_argument("--min-time", type=float, default=0.5)
    parser.add_argument("--alg", action="append")
    args = parser.parse_args()
    secret = (args.fixtures / "hmac_secret.txt").read_bytes()
    for alg in args.alg or ALGS:
        stem = alg.lower()
        token = read_token(args.fixtures / f"{stem}.jwt")
        expired = read_token(args.peer_fixtures / "expired" / f"{stem}.jwt")
        key = load_key(alg, args.peer_fixtures / f"{stem}.pem", secret)
        expired_key = load_key(
            alg, args.peer_fixtures / "expired" / f"{stem}.pem", secret)
        validate = make_validator(alg, key)
        proofs = [
            (validate(token), "rejects the valid token"),
            (not validate(tamper(token)), "accepts a tampered token"),
            (not make_validator(alg, expired_key)(expired),
             "accepts an expired token"),
            (not make_validator(alg, expired_key)(tamper(expired)),
             "accepts a tampered expired token"),
            (not make_validator(alg, key, audience="some-other-app")(token),
             "accepts a token for another audience"),
            (not make_validator(alg, key, issuer="https://evil.example")(token),
             "accepts a token from another issuer"),
        ]
        for ok, what in proofs:
            if not ok:
                die(f"{alg}: {what}")
        cpu_ns, real_ns, n = time_it(validate, token, args.min_time)
        print(json.dumps({"library": "PyJWT", "version": jwt.__version__,
                          "alg": alg, "ns_per_token": round(cpu_ns, 1),
                          "real_ns_per_token": round(real_ns, 1),
                          "iterations": n}, separators=(",", ":")),
              flush=True)


if __name__ == "__main__":
    main()
