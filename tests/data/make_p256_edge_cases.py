#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
#
# Writes p256_edge_cases.json: known answers for the P-256 cases that random
# testing does not reach, for tests/p256_edge_cases_test.cc.
#
#   python3 tests/data/make_p256_edge_cases.py > tests/data/p256_edge_cases.json
#
# Deterministic: no randomness, every scalar is fixed or derived from a label
# with SHA-256, so a run reproduces the committed file byte for byte.
#
# The cases are built here with plain integer arithmetic on the curve, and
# every expected answer comes from the Python `cryptography` package (OpenSSL):
#   - a signature's verdict from EllipticCurvePublicKey.verify on the message;
#   - x(t*G) from derive_private_key(t).public_key() for the MulAddX answers
#     (with Q = k*G, u1*G + u2*Q = (u1 + k*u2)*G: infinity when that is 0 mod n).
# The construction's own arithmetic is checked against `cryptography` too, so
# a mistake here shows up as a failed assertion, not as a wrong answer.
#
# ECDSA signing picks a random nonce, and a nonce whose x(k*G) lies in [n, p)
# turns up with probability about 2^-128. So the signatures are built from the
# verification side instead: choose the point R the verifier must reach, the
# message (hash e) and s; then u1 = e/s and u2 = r/s are fixed, and the key
# Q = (R - u1*G) / u2 makes u1*G + u2*Q = R. Nobody knows Q's private key, and
# the verifier does not need it.
#
# Each signing input is a JWS one (header and payload of an ES256 JWT whose
# kid names the case), so the test can run the whole token through a JWK too.

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

P = 2**256 - 2**224 + 2**192 + 2**96 - 1
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
EXP = 4102444800  # 2100-01-01: the tokens never expire in the test's clock


# --- Curve arithmetic (affine; None is the point at infinity) ---------------

def on_curve(pt):
    x, y = pt
    return (y * y - (x * x * x + A * x + B)) % P == 0


def add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        lam = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return (x3, (lam * (x1 - x3) - y1) % P)


def neg(pt):
    return None if pt is None else (pt[0], (-pt[1]) % P)


def mul(k, pt):
    out = None
    k %= N
    while k:
        if k & 1:
            out = add(out, pt)
        pt = add(pt, pt)
        k >>= 1
    return out


def lift_x(x):
    """The point with this x and even y, or None if x is not on the curve."""
    rhs = (x * x * x + A * x + B) % P
    y = pow(rhs, (P + 1) // 4, P)  # p = 3 mod 4
    if y * y % P != rhs:
        return None
    return (x, y if y % 2 == 0 else P - y)


# --- The independent implementation -----------------------------------------

def ref_mul_g(t):
    """x, y of t*G by OpenSSL, or None when t = 0 mod n."""
    t %= N
    if t == 0:
        return None
    nums = ec.derive_private_key(t, ec.SECP256R1()).public_key().public_numbers()
    return (nums.x, nums.y)


def ref_verify(q, msg, r, s):
    """OpenSSL's verdict on the DER signature (r, s) of msg under key q."""
    key = ec.EllipticCurvePublicNumbers(q[0], q[1], ec.SECP256R1()).public_key()
    try:
        key.verify(encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


# Our arithmetic agrees with OpenSSL's before anything is built on it.
for t in (1, 2, 3, 7, 2**64 + 1, N - 1, N - 2, 0x1234567890ABCDEF << 100):
    assert mul(t, G) == ref_mul_g(t), t


# --- Helpers ------------------------------------------------------------------

def h(label):
    return int.from_bytes(hashlib.sha256(label.encode()).digest(), 'big')


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def hex32(v):
    return '%064x' % v


def kid_of(msg):
    header = msg.split('.')[0]
    return json.loads(base64.urlsafe_b64decode(header + '=='))['kid']


def signing_input(name):
    header = json.dumps({'alg': 'ES256', 'kid': name}, separators=(',', ':'))
    payload = json.dumps({'sub': name, 'exp': EXP}, separators=(',', ':'))
    return b64(header.encode()) + '.' + b64(payload.encode())


def digest_of(msg):
    return int.from_bytes(hashlib.sha256(msg.encode()).digest(), 'big') % N


def key_for(R, e, r, s):
    """Q with u1*G + u2*Q = R for u1 = e/s, u2 = r/s."""
    w = pow(s, -1, N)
    u1, u2 = e * w % N, r * w % N
    q = mul(pow(u2, -1, N), add(R, neg(mul(u1, G))))
    assert q is not None and on_curve(q)
    assert add(mul(u1, G), mul(u2, q)) == R
    return q


signatures = []
names = set()


def emit(name, comment, q, msg, r, s, expect=None):
    """Records a signature case with OpenSSL's verdict (and our own)."""
    assert name not in names, name
    assert 0 <= r < 2**256 and 0 <= s < 2**256, name
    names.add(name)
    valid = ref_verify(q, msg.encode(), r, s)
    if expect is not None:
        assert valid == expect, (name, valid)
    case = {
        'name': name,
        'comment': comment,
        'qx': hex32(q[0]),
        'qy': hex32(q[1]),
        'kid': kid_of(msg),
        'msg': msg,
        'r': '%x' % r,
        's': '%x' % s,
        'valid': valid,
    }
    signatures.append(case)
    return case


def with_mutants(name, comment, q, msg, r, s):
    """The case, then variants that must all be judged again by OpenSSL."""
    emit(name, comment, q, msg, r, s, expect=True)
    variants = [
        ('r+1', r + 1), ('r-1', r - 1), ('r+n', r + N), ('r-n', r - N),
    ]
    for label, rv in variants:
        if 0 <= rv < 2**256:
            emit(name + '/' + label, comment + '; r replaced by ' + label, q,
                 msg, rv, s)
    emit(name + '/s+1', comment + '; s+1', q, msg, r, (s + 1) % N)
    if s + N < 2**256:
        emit(name + '/s+n', comment + '; s+n (not below n)', q, msg, r, s + N)
    # (r, n - s) is the other valid signature of the same message (ECDSA is
    # malleable; JWS does not forbid the high-s form).
    emit(name + '/n-s', comment + '; s replaced by n - s', q, msg, r, N - s)
    emit(name + '/swap', comment + '; r and s swapped', q, msg, s, r)
    other = signing_input(name + '/other')
    emit(name + '/msg', comment + '; another message', q, other, r, s)


# 1. x(R) in [n, p): r = x(R) - n. The verifier must reduce x(R) mod n (or
#    compare against r + n): a verifier that compares x(R) with r directly
#    rejects these valid signatures.
found = 0
d = 1
while found < 3:
    R = lift_x(N + d)
    if R is not None:
        msg = signing_input('xr-above-n-r%d' % d)
        s = h('s/xr-above-n-%d' % d) % N
        q = key_for(R, digest_of(msg), d, s)
        with_mutants('xr-above-n-r%d' % d,
                     'x(R) = n + %d, so r = %d' % (d, d), q, msg, d, s)
        found += 1
    d += 1

# r near p - n: x(R) just below p, the largest x there is.
found = 0
x = P - 1
while found < 2:
    R = lift_x(x)
    if R is not None:
        r = x - N
        name = 'xr-below-p-%d' % (P - x)
        msg = signing_input(name)
        s = h('s/' + name) % N
        q = key_for(R, digest_of(msg), r, s)
        with_mutants(name, 'x(R) = p - %d, so r = p - n - %d' % (P - x, P - x),
                     q, msg, r, s)
        found += 1
    x -= 1

# 2. r + n >= p: then x(R) = r + n is impossible, and only x(R) = r counts.
#    A verifier that compares x(R) with (r + n) mod p, without checking that
#    r + n < p, accepts these invalid signatures: R = (x0, y) with a small x0
#    and r = x0 + (p - n), so (r + n) mod p = x0.
R0 = lift_x(0)
assert R0 is not None  # b is a square mod p
msg = signing_input('r-is-p-minus-n')
s = h('s/r-is-p-minus-n') % N
# The key makes u1*G + u2*Q = (0, y): x(R) mod n = 0, never a valid r.
q = key_for(R0, digest_of(msg), P - N, s)
emit('r-is-p-minus-n', 'x(R) = 0 and r = p - n: (r + n) mod p = x(R) but '
     'x(R) mod n != r', q, msg, P - N, s, expect=False)
found = 0
x0 = 1
while found < 3:
    R = lift_x(x0)
    if R is not None:
        name = 'r-wraps-p-x%d' % x0
        msg = signing_input(name)
        s = h('s/' + name) % N
        r = x0 + P - N
        q = key_for(R, digest_of(msg), r, s)
        emit(name, 'x(R) = %d and r = x(R) + p - n: (r + n) mod p = x(R)' % x0,
             q, msg, r, s, expect=False)
        # The same R with the right r = x(R) is valid.
        name_ok = 'small-xr-%d' % x0
        msg_ok = signing_input(name_ok)
        q_ok = key_for(R, digest_of(msg_ok), x0, s)
        with_mutants(name_ok, 'x(R) = %d, r = %d' % (x0, x0), q_ok, msg_ok, x0,
                     s)
        found += 1
    x0 += 1

# r = p - n - 1 and r = p - n with a point whose x is exactly r: the last r
# for which r + n < p, and the first for which it is not.
for r in (P - N - 1, P - N):
    R = lift_x(r)
    if R is None:
        continue
    name = 'xr-is-p-minus-n' + ('' if r == P - N else '-minus-1')
    msg = signing_input(name)
    s = h('s/' + name) % N
    q = key_for(R, digest_of(msg), r, s)
    with_mutants(name, 'x(R) = r = p - n - %d' % (P - N - r), q, msg, r, s)

# 3. u1*G + u2*Q at infinity: with Q = d*G and d = -e/r, u1 + d*u2 = 0. Every
#    such signature is invalid, whatever r and s are.
for label, r in (('r1', 1), ('r2', 2), ('rn-1', N - 1), ('rh', h('r/inf') % N)):
    name = 'sum-at-infinity-' + label
    msg = signing_input(name)
    e = digest_of(msg)
    dkey = (-e * pow(r, -1, N)) % N
    q = ref_mul_g(dkey)
    s = h('s/' + name) % N
    w = pow(s, -1, N)
    assert (e * w + dkey * r * w) % N == 0
    emit(name, 'Q = (-e/r)G: u1*G + u2*Q is the point at infinity', q, msg, r,
         s, expect=False)

# 4. u1*G = u2*Q: the final addition is a doubling. With Q = (e/r)G, both
#    halves are (e/s)G and the sum is (2e/s)G; choosing r = x((2e/s)G) mod n
#    first makes the signature valid.
for i in range(3):
    name = 'halves-equal-%d' % i
    msg = signing_input(name)
    e = digest_of(msg)
    s = h('s/' + name) % N
    Rt = ref_mul_g(2 * e * pow(s, -1, N))
    r = Rt[0] % N
    q = ref_mul_g(e * pow(r, -1, N))
    with_mutants(name, 'Q = (e/r)G, so u1*G = u2*Q and the sum doubles', q,
                 msg, r, s)

# 5. Keys Q = k*G for small k and for k near n, signed the usual way with a
#    fixed nonce (their private key is k). Also, for Q = G and Q = -G,
#    signatures with r = e or r = n - e: u2 = +-u1, so the two halves are
#    equal (a doubling inside the sum) or cancel (infinity).
small_keys = [1, 2, 3, 4, 5, 7, 16, 2**64, 2**128, 2**192, (N + 1) // 2,
              N - 1, N - 2, N - 3]
for k in small_keys:
    q = ref_mul_g(k)
    label = {2**64: 'k2^64', 2**128: 'k2^128', 2**192: 'k2^192',
             (N + 1) // 2: 'k1/2'}.get(k) or (
                 'k%d' % k if k < 2**20 else 'kn-%d' % (N - k))
    for j in range(2):
        name = 'small-key-%s-%d' % (label, j)
        msg = signing_input(name)
        e = digest_of(msg)
        nonce = h('nonce/' + name) % N
        r = ref_mul_g(nonce)[0] % N
        s = pow(nonce, -1, N) * (e + r * k) % N
        with_mutants(name, 'Q = %s*G, signed with a fixed nonce' % label, q,
                     msg, r, s)
for k, label in ((1, 'G'), (N - 1, 'minus-G')):
    q = ref_mul_g(k)
    for rlabel in ('e', 'n-e'):
        name = 'key-%s-r-is-%s' % (label, rlabel)
        msg = signing_input(name)
        e = digest_of(msg)
        r = e if rlabel == 'e' else N - e
        s = h('s/' + name) % N
        emit(name, 'Q = %s, r = %s: u2 = %su1' % (label, rlabel,
             '' if rlabel == 'e' else '-'), q, msg, r, s, expect=False)

# --- MulAddX answers ----------------------------------------------------------
# x(u1*G + u2*Q) for Q = k*G, from OpenSSL's x((u1 + k*u2) mod n * G).
chunks = (1 | 1 << 64 | 1 << 128 | 1 << 192)
muladd = []

for k in small_keys:
    q = ref_mul_g(k)
    cases = []
    for a in (1, 2, 3, 15, 16, 17, 31, 2**64 - 1, 2**64, chunks, 0x1f * chunks,
              (2**64 - 1) * chunks % N, N - 1, N - 2, h('a/%d' % k) % N):
        ka = k * a % N
        # u1*G = u2*Q (a doubling), = -u2*Q (infinity), u1 = u2, one scalar
        # zero, and the sum one step away from the doubling and from infinity.
        for u1, u2 in ((ka, a), ((N - ka) % N, a), (a, a), (0, a), (a, 0),
                       ((ka + 1) % N, a), ((N - ka + 1) % N, a)):
            t = ref_mul_g(u1 + k * u2)
            cases.append([hex32(u1), hex32(u2),
                          None if t is None else hex32(t[0])])
    muladd.append({'k': '%x' % k, 'qx': hex32(q[0]), 'qy': hex32(q[1]),
                   'cases': cases})

json.dump({
    'comment': 'Generated by tests/data/make_p256_edge_cases.py; every '
               'verdict and x from Python cryptography (OpenSSL).',
    'signatures': signatures,
    'muladd_comment': 'per key Q = k*G: [u1, u2, x(u1*G + u2*Q) or null '
                      'for the point at infinity]',
    'muladd': muladd,
}, sys.stdout, indent=1)
sys.stdout.write('\n')
print('%d signatures (%d valid), %d muladd' % (
    len(signatures), sum(c['valid'] for c in signatures),
    sum(len(g['cases']) for g in muladd)),
      file=sys.stderr)
