#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
"""Load benchmark of ngx_http_auth_jwtv_module: wrk against Debian's nginx
(2 workers) on loopback, a small static file behind each location.

  bench/nginx/bench.py [--duration S] [--connections N] [--threads N]

Cases:
  (a) plain      the same file without auth, the same request as (c) (the
                 baseline)
  (b) shopify    one Shopify HS256 session token, repeated
  (c) rs256      one RS256 token, repeated (served by the verified cache)
  (d) rs256_10k  10,000 distinct RS256 tokens, a wrk Lua script rotating them
  (e) invalid    an RS256 token with a wrong signature, repeated (401)

Each case runs --warmup seconds unmeasured first (the verified-token caches
fill up to their bound); then --rounds rounds run every case for --duration
seconds each. Prints each case's median round (requests/s, p99 latency, the
ratio to (a), and the workers' CPU time per request, which other load on
the machine disturbs far less than requests/s), the answers over all rounds that were not what the case
expects (2xx for (a)-(d), 401 for (e)), and the workers' RSS before the
case's first measured run and after its last. Numbers are the machine's, not a gate. Needs the
module (tools/build_nginx_module.sh) and wrk.
"""

import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "nginx"))
import harness  # noqa: E402

LUA = """\
local tokens = {}
for line in io.lines("%s") do tokens[#tokens + 1] = line end
local i = math.random(#tokens)
request = function()
  i = i %% #tokens + 1
  return wrk.format("GET", "/rs256", {["Authorization"] = "Bearer " .. tokens[i]})
end
"""


def conf(keys, www):
    loc = "default_type text/plain; alias %s/ok.txt;" % www
    return """
  server {{
    listen 127.0.0.1:{{port}};
    keepalive_requests 1000000;
    auth_jwtv bench;
    location = /plain {{ auth_jwtv off; {loc} }}
    location = /rs256 {{
      auth_jwtv_key_file {jwks}; auth_jwtv_audience api; {loc}
    }}
    location = /shopify {{
      auth_jwtv_profile shopify; auth_jwtv_shopify_api_key app-key;
      auth_jwtv_secret_file {secret}; {loc}
    }}
  }}
""".format(loc=loc, jwks=keys.jwks, secret=keys.secret_files[0])


def rss_kib(pids):
    total = 0
    for pid in pids:
        with open("/proc/%d/status" % pid) as f:
            m = re.search(r"VmRSS:\s+(\d+) kB", f.read())
            total += int(m.group(1)) if m else 0
    return total


def cpu_seconds(pids):
    """User + system CPU time of the processes, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(args, port, path, headers=(), script=None, duration=None):
    cmd = ["wrk", "-t%d" % args.threads, "-c%d" % args.connections,
           "-d%ds" % (duration or args.duration), "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append("http://127.0.0.1:%d%s" % (port, path))
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = to_ms(m.group(1), m.group(2))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    non2xx = int(m.group(1)) if m else 0
    return rps, p99, total, non2xx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10, help="seconds per case")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tokens", type=int, default=10000, help="tokens of case (d)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds over all cases; the median round is shown")
    ap.add_argument("--warmup", type=int, default=10,
                    help="seconds of unmeasured load before each case")
    args = ap.parse_args()

    import tempfile
    tmp = tempfile.mkdtemp(prefix="jwtv-bench-")
    os.chmod(tmp, 0o755)
    keys = harness.Keys(tmp)
    www = os.path.join(tmp, "www")
    os.makedirs(www)
    os.chmod(www, 0o755)
    with open(os.path.join(www, "ok.txt"), "w") as f:
        f.write("ok\n")
    for p in (os.path.join(www, "ok.txt"), keys.jwks):
        os.chmod(p, 0o644)

    now = int(time.time())
    claims = {"aud": "api", "exp": now + 3600}
    rs256 = keys.rs256(claims)
    shopify = harness.jwt.encode(
        {"iss": "https://shop-1.myshopify.com/admin", "dest": "https://shop-1.myshopify.com",
         "aud": "app-key", "sub": "42", "exp": now + 3600, "nbf": now - 5, "iat": now - 5},
        keys.secrets[0], algorithm="HS256")
    sig = rs256.rsplit(".", 1)
    invalid = sig[0] + "." + ("A" if sig[1][0] != "A" else "B") + sig[1][1:]
    token_file = os.path.join(tmp, "tokens.txt")
    print("signing %d RS256 tokens for (d) ..." % args.tokens, file=sys.stderr)
    with open(token_file, "w") as f:
        for i in range(args.tokens):
            f.write(keys.rs256(dict(claims, jti="t%d" % i)) + "\n")
    script = os.path.join(tmp, "rotate.lua")
    with open(script, "w") as f:
        f.write(LUA % token_file)

    nginx = harness.Nginx(conf(keys, www), workers=2)
    try:
        for path, token in (("/plain", None), ("/shopify", shopify), ("/rs256", rs256)):
            r = harness.request(nginx.port, path, harness.bearer(token) if token else None)
            assert r.status == 200, (path, r.status, nginx.log()[-2000:])
        cases = [
            # The same request as (c), to a location without auth.
            ("(a) no auth (same request)", "/plain", ["Authorization: Bearer " + rs256],
             None, 200),
            ("(b) Shopify HS256, one token", "/shopify", ["Authorization: Bearer " + shopify],
             None, 200),
            ("(c) RS256, one token (cache)", "/rs256", ["Authorization: Bearer " + rs256],
             None, 200),
            ("(d) RS256, %d tokens" % args.tokens, "/rs256", [], script, 200),
            ("(e) invalid RS256 (401)", "/rs256", ["Authorization: Bearer " + invalid],
             None, 401),
        ]
        workers = nginx.worker_pids()
        for name, path, headers, lua, want in cases:
            if args.warmup > 0:  # fills the caches; not measured
                wrk(args, nginx.port, path, headers, lua, duration=args.warmup)
        # Rounds over all cases, so that a noisy moment of a shared machine
        # hits every case alike; each case reports its median round.
        runs = {name: [] for name, *_ in cases}
        rss = {name: [None, None] for name, *_ in cases}
        for r in range(args.rounds):
            for name, path, headers, lua, want in cases:
                before = rss_kib(workers)
                cpu = cpu_seconds(workers)
                rps, p99, total, non2xx = wrk(args, nginx.port, path, headers, lua)
                cpu = cpu_seconds(workers) - cpu
                after = rss_kib(workers)
                wrong = non2xx if want == 200 else total - non2xx
                runs[name].append((rps, p99, wrong, cpu * 1e6 / total))
                if r == 0:
                    rss[name][0] = before
                rss[name][1] = after
        rows = []
        for name, *_ in cases:
            ordered = sorted(runs[name])
            rps, p99, _, _ = ordered[len(ordered) // 2]
            cpu_us = sorted(c for *_, c in runs[name])[len(ordered) // 2]
            wrong = sum(w for _, _, w, _ in runs[name])
            rows.append((name, rps, p99, cpu_us, wrong, rss[name][0], rss[name][1]))
        base = rows[0][1]
        print("nginx 1.22.1, 2 workers; wrk -t%d -c%d -d%ds on loopback, %ds of warm-up, "
              "median of %d rounds" % (args.threads, args.connections, args.duration,
                                       args.warmup, args.rounds))
        print("| case | requests/s | p99 ms | x (a) | worker CPU us/request | wrong answers "
              "| worker RSS first -> last (MiB) |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, rps, p99, cpu_us, wrong, before, after in rows:
            print("| %s | %.0f | %.2f | %.2f | %.1f | %d | %.1f -> %.1f |" %
                  (name, rps, p99, rps / base, cpu_us, wrong, before / 1024, after / 1024))
    finally:
        nginx.stop()


if __name__ == "__main__":
    main()
