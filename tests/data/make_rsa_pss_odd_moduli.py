#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
#
# Writes rsa_pss_odd_moduli.json: RSASSA-PSS (PS256/384/512, MGF1 with the
# same hash, salt as long as the hash, RFC 7518 3.5) on 2049- and 4097-bit
# moduli, for tests/rsa_pss_odd_moduli_test.cc. The Wycheproof PSS files
# shipped in data/wycheproof have 2048- and 4096-bit moduli only; with
# modBits = 8k + 1, emLen = k - 1 (RFC 8017 9.1.1: emBits = modBits - 1), the
# encoded message is one byte shorter than the modulus, the case a verifier
# that assumes emLen = k gets wrong.
#
#   python3 tests/data/make_rsa_pss_odd_moduli.py > tests/data/rsa_pss_odd_moduli.json
#
# Deterministic: the primes come from a SHA-256 counter stream with a fixed
# seed and every salt is derived from a label, so a run reproduces the
# committed file byte for byte. Signatures are EMSA-PSS encodings (written
# here) raised to d; every verdict comes from the Python `cryptography`
# package (OpenSSL), which also checks that it loads the key and that a
# signature it makes itself verifies. The one answer that is not OpenSSL's:
# a signature of other than k bytes is invalid (RFC 8017 8.1.2 step 1, which
# JWS inherits), where OpenSSL accepts a shorter one that has lost leading
# zero bytes; such cases carry "openssl_valid" and "why".

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

E = 65537
EXP = 4102444800  # 2100-01-01


class Stream:
    """Deterministic bytes: SHA-256(seed || counter)."""

    def __init__(self, seed):
        self.seed = seed.encode()
        self.counter = 0

    def bits(self, n):
        out = b''
        while len(out) * 8 < n:
            out += hashlib.sha256(self.seed + self.counter.to_bytes(8, 'big')).digest()
            self.counter += 1
        return int.from_bytes(out, 'big') >> (len(out) * 8 - n)


SMALL_PRIMES = [p for p in range(3, 2000)
                if all(p % d for d in range(2, int(p**0.5) + 1))]


def is_probable_prime(n, stream):
    if any(n % p == 0 for p in SMALL_PRIMES):
        return n in SMALL_PRIMES
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(40):
        a = 2 + stream.bits(n.bit_length()) % (n - 3)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(bits, stream):
    """A prime of exactly `bits` bits with its top two bits set."""
    while True:
        c = stream.bits(bits) | (3 << (bits - 2)) | 1
        if (c - 1) % E != 0 and is_probable_prime(c, stream):
            return c


def make_key(mod_bits, seed):
    stream = Stream(seed)
    p = prime(mod_bits // 2 + 1, stream)
    q = prime(mod_bits - mod_bits // 2 - 1, stream)
    n = p * q
    assert n.bit_length() == mod_bits, (n.bit_length(), mod_bits)
    d = pow(E, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
        rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(E, n))
    return n, d, numbers.private_key()


HASHES = {
    'PS256': (hashlib.sha256, hashes.SHA256),
    'PS384': (hashlib.sha384, hashes.SHA384),
    'PS512': (hashlib.sha512, hashes.SHA512),
}


def mgf1(hash_fn, seed, length):
    out = b''
    counter = 0
    while len(out) < length:
        out += hash_fn(seed + counter.to_bytes(4, 'big')).digest()
        counter += 1
    return out[:length]


def emsa_pss_encode(msg, em_bits, hash_fn, salt, mgf_hash=None,
                    tamper=None):
    """RFC 8017 9.1.1, with optional defects (tamper) for invalid cases."""
    mgf_hash = mgf_hash or hash_fn
    em_len = (em_bits + 7) // 8
    m_hash = hash_fn(msg).digest()
    h_len = len(m_hash)
    h = hash_fn(b'\0' * 8 + m_hash + salt).digest()
    ps = bytearray(em_len - len(salt) - h_len - 2)
    separator = 1
    if tamper == 'ps-nonzero':
        ps[0] = 1
    if tamper == 'separator':
        separator = 2
    db = bytes(ps) + bytes([separator]) + salt
    masked = bytearray(a ^ b for a, b in zip(db, mgf1(mgf_hash, h, len(db))))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    trailer = 0xCC if tamper == 'trailer' else 0xBC
    return bytes(masked) + h + bytes([trailer])


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def signing_input(alg, kid, sub):
    header = json.dumps({'alg': alg, 'kid': kid}, separators=(',', ':'))
    payload = json.dumps({'sub': sub, 'exp': EXP}, separators=(',', ':'))
    return (b64(header.encode()) + '.' + b64(payload.encode())).encode()


def openssl_verify(public_key, alg, msg, sig):
    _, h = HASHES[alg]
    try:
        public_key.verify(sig, msg,
                          padding.PSS(mgf=padding.MGF1(h()),
                                      salt_length=h().digest_size), h())
        return True
    except InvalidSignature:
        return False


groups = []
for mod_bits in (2049, 4097):
    n, d, private_key = make_key(mod_bits, 'jwtv rsa-pss %d' % mod_bits)
    public_key = private_key.public_key()
    k = (mod_bits + 7) // 8
    em_bits = mod_bits - 1
    assert (em_bits + 7) // 8 == k - 1

    def raw_sign(m):
        assert 0 <= m < n
        return pow(m, d, n).to_bytes(k, 'big')

    for alg in ('PS256', 'PS384', 'PS512'):
        hash_fn, h = HASHES[alg]
        h_len = hash_fn().digest_size
        kid = 'pss-%d-%s' % (mod_bits, alg)
        tests = []

        def emit(comment, msg, sig, why=None, valid_override=None):
            ok = openssl_verify(public_key, alg, msg, sig)
            case = {'tcId': len(tests) + 1, 'comment': comment,
                    'msg': msg.decode(), 'sig': sig.hex()}
            if valid_override is not None and valid_override != ok:
                case['valid'] = valid_override
                case['openssl_valid'] = ok
                case['why'] = why
            else:
                case['valid'] = ok
            tests.append(case)
            return case

        def sign(msg, salt, **kw):
            em = emsa_pss_encode(msg, em_bits, hash_fn, salt, **kw)
            return raw_sign(int.from_bytes(em, 'big'))

        def salt_of(label, size):
            return Stream(kid + '/' + label).bits(8 * size).to_bytes(size, 'big') \
                if size else b''

        # OpenSSL's own signature verifies under the key (not written out:
        # its salt is random).
        m0 = signing_input(alg, kid, 'openssl')
        theirs = private_key.sign(m0, padding.PSS(
            mgf=padding.MGF1(h()), salt_length=h_len), h())
        assert len(theirs) == k and openssl_verify(public_key, alg, m0, theirs)

        valid_msgs = []
        for i in range(4):
            msg = signing_input(alg, kid, 'valid-%d' % i)
            sig = sign(msg, salt_of('valid-%d' % i, h_len))
            c = emit('valid, salt %d bytes' % h_len, msg, sig)
            assert c['valid'], kid
            valid_msgs.append((msg, sig))
        msg, sig = valid_msgs[0]
        # A signature whose top byte is 0 (found among a few salts): its
        # shortened form is one byte less than k.
        j = 0
        while True:
            m_short = signing_input(alg, kid, 'leading-zero-%d' % j)
            s_short = sign(m_short, salt_of('leading-zero-%d' % j, h_len))
            if s_short[0] == 0:
                break
            j += 1
        c = emit('valid, signature with a leading zero byte', m_short, s_short)
        assert c['valid']
        emit('the same signature without its leading zero byte (k - 1 bytes)',
             m_short, s_short[1:], valid_override=False,
             why='RFC 8017 8.1.2 step 1: a signature of other than k bytes is '
                 'invalid (JWS uses the k-byte form); OpenSSL accepts it')
        emit('valid signature with a zero byte prepended (k + 1 bytes)', msg,
             b'\0' + sig, valid_override=False,
             why='RFC 8017 8.1.2 step 1: a signature of other than k bytes is '
                 'invalid')

        sig_int = int.from_bytes(sig, 'big')
        for label, pos in (('first', 0), ('middle', k // 2), ('last', k - 1)):
            bad = bytearray(sig)
            bad[pos] ^= 0x01
            emit('bit flipped in the %s byte of the signature' % label, msg,
                 bytes(bad))
        emit('valid signature of another message', valid_msgs[1][0], sig)
        # One character of the payload changed, still valid base64url.
        i = msg.index(b'.') + 1
        emit('message with one character changed',
             msg[:i] + (b'f' if msg[i:i + 1] != b'f' else b'e') + msg[i + 1:],
             sig)
        emit('s = n', msg, n.to_bytes(k, 'big'))
        emit('s + n (same s^e mod n, representative not below n)', msg,
             (sig_int + n).to_bytes(k, 'big'))
        emit('s = n - 1', msg, (n - 1).to_bytes(k, 'big'))
        emit('s = 0', msg, bytes(k))
        emit('s = 1', msg, (1).to_bytes(k, 'big'))
        for salt_len in (0, h_len - 1, h_len + 1, k - 1 - h_len - 2):
            m = signing_input(alg, kid, 'salt-%d' % salt_len)
            emit('salt of %d bytes (JWS requires %d)' % (salt_len, h_len), m,
                 sign(m, salt_of('salt-%d' % salt_len, salt_len)))
        for tamper in ('trailer', 'separator', 'ps-nonzero'):
            m = signing_input(alg, kid, tamper)
            emit('EM defect: %s' % tamper, m,
                 sign(m, salt_of(tamper, h_len), tamper=tamper))
        # MGF1 with another hash than the message hash.
        other = hashlib.sha1 if alg != 'PS256' else hashlib.sha512
        m = signing_input(alg, kid, 'mgf-hash')
        emit('MGF1 with %s' % other().name, m,
             sign(m, salt_of('mgf', h_len), mgf_hash=other))
        # The encoded message with a byte above emLen: m = 2^emBits + EM is
        # still below n, and its low emLen bytes are a valid encoding.
        # (The first salt that keeps it below n.)
        for j in range(64):
            m = signing_input(alg, kid, 'em-too-long-%d' % j)
            em = emsa_pss_encode(m, em_bits, hash_fn,
                                 salt_of('long-%d' % j, h_len))
            big = (1 << em_bits) + int.from_bytes(em, 'big')
            if big < n:
                emit('m = 2^emBits + a valid EM (the integer exceeds emBits)',
                     m, raw_sign(big))
                break
        else:
            raise AssertionError('no EM below n - 2^emBits')
        # A signature made for the same message with another PS alg.
        for other_alg in HASHES:
            if other_alg == alg:
                continue
            ohash, _ = HASHES[other_alg]
            em = emsa_pss_encode(msg, em_bits, ohash,
                                 salt_of(other_alg, ohash().digest_size))
            emit('signed with %s\'s hash' % other_alg, msg,
                 raw_sign(int.from_bytes(em, 'big')))

        groups.append({'kid': kid, 'alg': alg, 'modBits': mod_bits,
                       'n': '%x' % n, 'e': '%x' % E, 'tests': tests})

json.dump({
    'comment': 'Generated by tests/data/make_rsa_pss_odd_moduli.py; every '
               'verdict from Python cryptography (OpenSSL) except where '
               '"why" says otherwise.',
    'testGroups': groups,
}, sys.stdout, indent=1)
sys.stdout.write('\n')
print('%d groups, %d tests, %d valid' % (
    len(groups), sum(len(g['tests']) for g in groups),
    sum(t['valid'] for g in groups for t in g['tests'])), file=sys.stderr)
