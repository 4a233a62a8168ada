#!/usr/bin/python3
"""Checks tests/data/rfc/rfc_vectors.json with Python `cryptography`.

The vectors were typed from RFC 7515 appendix A, RFC 7520 section 4 and
RFC 8037 appendix A.4; this script verifies every signature independently of
jwtv so that a typo in a vector cannot pass silently. Run:
  /usr/bin/python3 tests/data/rfc/verify_rfc_vectors.py
"""
import base64
import hashlib
import hmac
import json
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def bi(s):
    return int.from_bytes(b64d(s), "big")


HASH = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
CURVE = {"P-256": (ec.SECP256R1, 32), "P-384": (ec.SECP384R1, 48), "P-521": (ec.SECP521R1, 66)}


def verify(jwk, token):
    h, p, s = token.split(".")
    alg = json.loads(b64d(h))["alg"]
    data, sig = (h + "." + p).encode(), b64d(s)
    if alg.startswith("HS"):
        hm = getattr(hashlib, "sha" + alg[2:])
        return hmac.compare_digest(hmac.new(b64d(jwk["k"]), data, hm).digest(), sig)
    try:
        if alg[:2] in ("RS", "PS"):
            pub = rsa.RSAPublicNumbers(bi(jwk["e"]), bi(jwk["n"])).public_key()
            hh = HASH[alg[2:]]()
            pad = padding.PKCS1v15() if alg[0] == "R" else padding.PSS(padding.MGF1(hh), hh.digest_size)
            pub.verify(sig, data, pad, hh)
        elif alg.startswith("ES"):
            crv, n = CURVE[jwk["crv"]]
            pub = ec.EllipticCurvePublicNumbers(bi(jwk["x"]), bi(jwk["y"]), crv()).public_key()
            der = utils.encode_dss_signature(int.from_bytes(sig[:n], "big"), int.from_bytes(sig[n:], "big"))
            pub.verify(der, data, ec.ECDSA(HASH[alg[2:]]()))
        elif alg == "EdDSA":
            ed25519.Ed25519PublicKey.from_public_bytes(b64d(jwk["x"])).verify(sig, data)
        else:
            return False
    except Exception:  # noqa: BLE001 - any failure is a bad vector
        return False
    return True


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rfc_vectors.json")
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    bad = 0
    for v in vectors:
        ok = verify(v["jwk"], v["token"])
        payload = b64d(v["token"].split(".")[1]).decode("utf-8")
        ok = ok and payload == v["payload"]
        print(("ok  " if ok else "BAD ") + v["name"])
        bad += not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
