#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
#
# Writes ed25519_edge_cases.json: Ed25519 keys and signatures that random
# testing does not reach, for tests/ed25519_edge_cases_test.cc.
#
#   python3 tests/data/make_ed25519_edge_cases.py > tests/data/ed25519_edge_cases.json
#
# Deterministic: every scalar is fixed or derived from a label with SHA-512,
# so a run reproduces the committed file byte for byte.
#
# The points are built here with plain integer arithmetic on the curve. The
# verdict of each signature is the one BoringSSL's ED25519_verify and
# OpenSSL 3's Ed25519 verification give (both ref10): S < L; the key decoded
# from its low 255 bits taken mod p, x = 0 with the sign bit set accepted;
# R compared byte for byte with the canonical encoding of [S]B - [k]A
# (cofactorless). The test checks jwtv's verifier and the backend of the
# build against it; the Python `cryptography` package's verdict is recorded
# beside it ("cryptography") for information only, as its OpenSSL may be
# another version.
#
# The cases:
#   - keys of small order (the eight torsion points), in their canonical and
#     non-canonical encodings (y >= p, x = 0 with the sign bit), with
#     signatures that verify (R = [S]B - [k]A found by trying messages);
#   - mixed-order keys A = [a]B + T with valid signatures, and signatures a
#     cofactored verifier would accept but a cofactorless one rejects;
#   - S = 0, L - 1 (valid), L, L + 1, S + L, 2^253 - 1, bit 255 (invalid);
#   - R in a non-canonical encoding of the right point (invalid);
#   - every 32-byte string with y >= p as a key (does it decode?).

import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def mul(s, pt):
    q = IDENTITY
    while s > 0:
        if s & 1:
            q = add(q, pt)
        pt = add(pt, pt)
        s >>= 1
    return q


def neg(pt):
    x, y, z, t = pt
    return (-x % P, y, z, -t % P)


def affine(pt):
    x, y, z, _ = pt
    zi = pow(z, P - 2, P)
    return (x * zi % P, y * zi % P)


def equal(a, b):
    return affine(a) == affine(b)


def encode(pt):
    x, y = affine(pt)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def decode(enc):
    """ref10's decoding: None if no point."""
    v = int.from_bytes(enc, "little")
    sign = v >> 255
    y = (v & ((1 << 255) - 1)) % P
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = -x % P
    return (x, y, 1, x * y % P)


B = decode(bytes([0x58] + [0x66] * 31))


def h_int(*parts):
    return int.from_bytes(hashlib.sha512(b"".join(parts)).digest(), "little")


def scalar(label):
    return h_int(b"jwtv-ed25519-edge:" + label.encode()) % L


def verdict(a_enc, msg, sig):
    a = decode(a_enc)
    s = int.from_bytes(sig[32:], "little")
    if a is None or s >= L:
        return False
    k = h_int(sig[:32], a_enc, msg) % L
    return encode(add(mul(s, B), neg(mul(k, a)))) == sig[:32]


def library_verdict(a_enc, msg, sig):
    try:
        Ed25519PublicKey.from_public_bytes(a_enc).verify(sig, msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def torsion():
    """The eight points of order dividing 8, T[i] = [i]T[1]."""
    y = 2
    while True:
        pt = decode(y.to_bytes(32, "little"))
        if pt is not None:
            t = mul(L, pt)
            if not equal(mul(4, t), IDENTITY):
                return [mul(i, t) for i in range(8)]
        y += 1


T = torsion()
CASES = []


def case(name, a_enc, msg, s, r_enc, comment):
    sig = r_enc + s.to_bytes(32, "little")
    CASES.append({
        "name": name,
        "comment": comment,
        "pk": a_enc.hex(),
        "msg": msg.hex(),
        "sig": sig.hex(),
        "valid": verdict(a_enc, msg, sig),
        "cryptography": library_verdict(a_enc, msg, sig),
    })
    return CASES[-1]["valid"]


def noncanonical_encodings(pt):
    """Other encodings ref10 decodes to pt: y + p (if below 2^255) and,
    for x = 0, the sign bit set."""
    x, y = affine(pt)
    out = []
    if y + P < 2**255:
        out.append(((y + P) | ((x & 1) << 255)).to_bytes(32, "little"))
    if x == 0:
        out.append((y | (1 << 255)).to_bytes(32, "little"))
        if y + P < 2**255:
            out.append(((y + P) | (1 << 255)).to_bytes(32, "little"))
    return out


def signed_by_torsion_key(name, a_enc, s):
    """A signature that verifies under a small-order key: R = [S]B - [k]A for
    one of the eight candidates R = [S]B - T[i], found by trying messages;
    then the same with R non-canonical where it has such an encoding."""
    for i in range(256):
        msg = ("%s/%d" % (name, i)).encode()
        for t in T:
            r = add(mul(s, B), neg(t))
            r_enc = encode(r)
            if verdict(a_enc, msg, r_enc + s.to_bytes(32, "little")):
                case(name, a_enc, msg, s, r_enc, "small-order key")
                for j, alt in enumerate(noncanonical_encodings(r)):
                    case("%s/r-noncanonical-%d" % (name, j), a_enc, msg, s,
                         alt, "R in a non-canonical encoding")
                return
    raise AssertionError("no message found for " + name)


def torsion_keys():
    for i, t in enumerate(T):
        encs = [encode(t)] + noncanonical_encodings(t)
        for j, a_enc in enumerate(encs):
            for s_name, s in (("s0", 0), ("s1", 1), ("sl-1", L - 1),
                              ("srand", scalar("torsion%d/%d" % (i, j)))):
                signed_by_torsion_key("torsion%d/enc%d/%s" % (i, j, s_name),
                                      a_enc, s)


def mixed_order_keys():
    for i in range(1, 8):
        a = scalar("mixed-a%d" % i)
        a_pt = add(mul(a, B), T[i])
        a_enc = encode(a_pt)
        r = scalar("mixed-r%d" % i)
        found_valid = found_cofactored = False
        for m in range(256):
            msg = ("mixed%d/%d" % (i, m)).encode()
            for t in T:
                r_enc = encode(add(mul(r, B), t))
                k = h_int(r_enc, a_enc, msg) % L
                s = (r + k * a) % L
                want = equal(t, neg(mul(k, T[i])))
                if want and not found_valid:
                    found_valid = case("mixed%d/valid" % i, a_enc, msg, s,
                                       r_enc, "mixed-order key A = aB + T")
                if equal(t, IDENTITY) and not want and not found_cofactored:
                    # [8]([S]B - [k]A - R) = 0 but [S]B - [k]A != R.
                    found_cofactored = not case(
                        "mixed%d/cofactored-only" % i, a_enc, msg, s, r_enc,
                        "valid only for a cofactored verifier")
            if found_valid and found_cofactored:
                break
        assert found_valid and found_cofactored, i


def scalar_edges():
    ident = encode(IDENTITY)
    for a_name, a_enc in (("identity", ident),
                          ("identity-y-plus-p", (1 + P).to_bytes(32, "little")),
                          ("identity-sign", (1 | 1 << 255).to_bytes(32,
                                                                   "little"))):
        for s_name, s in (("0", 0), ("1", 1), ("l-1", L - 1), ("l", L),
                          ("l+1", L + 1), ("2^253-1", 2**253 - 1),
                          ("bit255", 2**255 + 5), ("2^256-1", 2**256 - 1)):
            msg = ("%s/%s" % (a_name, s_name)).encode()
            case("%s/s=%s" % (a_name, s_name), a_enc, msg, s,
                 encode(mul(s % L, B)), "R = [S mod L]B, A of order 1")
    # A valid signature of an ordinary key, then S + L.
    a = scalar("plain-a")
    a_enc = encode(mul(a, B))
    r = scalar("plain-r")
    r_enc = encode(mul(r, B))
    msg = b"plain"
    k = h_int(r_enc, a_enc, msg) % L
    s = (r + k * a) % L
    case("plain/valid", a_enc, msg, s, r_enc, "ordinary key")
    case("plain/s+l", a_enc, msg, s + L, r_enc, "S + L")
    case("plain/r-sign-flipped", a_enc, msg, s,
         bytes(r_enc[:31]) + bytes([r_enc[31] ^ 0x80]), "R's sign bit flipped")


def key_decoding():
    keys = []
    for t in range(19):
        for sign in (0, 1):
            enc = ((P + t) | (sign << 255)).to_bytes(32, "little")
            keys.append({"pk": enc.hex(), "decodes": decode(enc) is not None})
    for y in range(2, 40):
        enc = y.to_bytes(32, "little")
        keys.append({"pk": enc.hex(), "decodes": decode(enc) is not None})
    return keys


def main():
    assert equal(mul(L, B), IDENTITY)
    assert encode(T[0]) == (1).to_bytes(32, "little")
    torsion_keys()
    mixed_order_keys()
    scalar_edges()
    out = {
        "comment": "Generated by tests/data/make_ed25519_edge_cases.py",
        "signatures": CASES,
        "keys": key_decoding(),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
