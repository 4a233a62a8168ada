#!/usr/bin/env python3
"""Proves that tools/setup.sh names every Debian package the build uses.

A bare Debian 12 has only its essential and required packages. Every file a
build reads from outside the repository must therefore belong to a package in
the dependency closure of tools/setup.sh's list (plus that base system), or a
fresh machine cannot build. This script collects, for each build directory
given (default: every build/*/ with a build.ninja):

  * every header the compiler read (ninja's dependency log),
  * every library the linker was given by path (ninja's link commands),
  * every shared library the built programs load (ldd),
  * every Python module the repository's scripts import (tests, benchmarks,
    fuzz seed makers), as /usr/bin/python3 finds it,

maps each file to its package with dpkg, and fails when a package lies
outside that closure (or when a file belongs to no package at all).

    tools/check_packages.py [BUILD_DIR...]

The closure is computed from dpkg's database (Depends and Pre-Depends,
alternatives and virtual packages resolved against what is installed), so
it needs no apt lists and no network.
"""

import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          **kw).stdout


def setup_packages():
    out = run(["bash", os.path.join(REPO, "tools/setup.sh"), "--list"])
    return [p for p in out.split() if p]


def installed_db():
    """name -> (depends, provides, essential, priority) of installed packages."""
    fmt = ("${db:Status-Status}\t${Package}\t${Depends}\t${Pre-Depends}\t"
           "${Provides}\t${Essential}\t${Priority}\n")
    db = {}
    providers = {}
    for line in run(["dpkg-query", "-W", "-f=" + fmt]).splitlines():
        status, name, dep, pre, prov, ess, prio = line.split("\t")
        if status != "installed":
            continue
        deps = [d for d in (dep, pre) if d]
        db[name] = (", ".join(deps), ess == "yes", prio)
        for p in prov.split(","):
            p = re.sub(r"\(.*?\)", "", p).strip()
            if p:
                providers.setdefault(p, []).append(name)
    return db, providers


def closure(roots, db, providers):
    seen = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        candidates = [name] if name in db else providers.get(name, [])
        for pkg in candidates:
            if pkg in seen:
                continue
            seen.add(pkg)
            for group in db[pkg][0].split(","):
                alts = [re.sub(r"\(.*?\)|\[.*?\]", "", a).strip().split(":")[0]
                        for a in group.split("|")]
                alts = [a for a in alts if a]
                # An alternative already satisfied, else the first installed.
                chosen = [a for a in alts if a in db or a in providers]
                if chosen:
                    stack.append(chosen[0])
    return seen


def build_inputs(build_dir):
    files = set()
    out = run(["ninja", "-C", build_dir, "-t", "deps"])
    for line in out.splitlines():
        if line.startswith("    /"):
            files.add(line.strip())
    commands = run(["ninja", "-C", build_dir, "-t", "commands"])
    for tok in commands.split():
        if tok.startswith("/") and re.search(r"\.(a|so)(\.[0-9]+)*$", tok):
            files.add(tok)
    for root, _, names in os.walk(build_dir):
        for n in names:
            path = os.path.join(root, n)
            if not os.access(path, os.X_OK) or os.path.islink(path):
                continue
            with open(path, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
            try:
                ldd = run(["ldd", path])
            except subprocess.CalledProcessError:
                continue
            for m in re.finditer(r"=> (/\S+)|^\s+(/\S+)", ldd, re.M):
                files.add(m.group(1) or m.group(2))
    outside = (REPO + os.sep, os.path.abspath(build_dir) + os.sep)
    return sorted(f for f in files
                  if not os.path.abspath(f).startswith(outside))


def python_modules():
    """Files of the modules that the repository's Python scripts import."""
    names = set()
    for top in ("tests", "bench", "fuzz", "tools", "examples"):
        for root, _, files in os.walk(os.path.join(REPO, top)):
            for n in files:
                path = os.path.join(root, n)
                if not n.endswith(".py"):
                    with open(path, "rb") as f:
                        if not f.read(64).startswith(b"#!/usr/bin/env python3"):
                            continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        m = re.match(r"(?:from|import)\s+([A-Za-z_]\w*)", line)
                        if m:
                            names.add(m.group(1))
    # The repository's own modules, in any folder (tests/nginx/harness.py),
    # and its packages: folders that hold modules (tests/testing/).
    local = set()
    for top in ("tests", "bench", "fuzz", "tools"):
        for root, _, files in os.walk(os.path.join(REPO, top)):
            mods = {n[:-3] for n in files if n.endswith(".py")}
            local |= mods
            if mods:
                local.add(os.path.basename(root))
    files = set()
    for name in sorted(names - local):
        proc = subprocess.run(
            ["/usr/bin/python3", "-c",
             f"import {name}, sys; print(getattr({name}, '__file__', None) or '')"],
            capture_output=True, text=True)
        if proc.returncode != 0:
            files.add(f"(python module {name} not importable)")
        elif proc.stdout.strip():
            files.add(proc.stdout.strip())
    return files


def owners(paths):
    """path -> set of packages (dpkg -S), trying the /usr-merged spellings."""
    def variants(p):
        real = os.path.realpath(p)
        out = []
        for q in (p, real, os.path.normpath(p)):
            out.append(q)
            if q.startswith("/usr/"):
                out.append(q[4:])
            else:
                out.append("/usr" + q)
        return list(dict.fromkeys(out))

    result = {}
    query = sorted({v for p in paths for v in variants(p)})
    found = {}
    for i in range(0, len(query), 500):
        proc = subprocess.run(["dpkg", "-S", *query[i:i + 500]],
                              capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            pkgs, _, path = line.partition(": ")
            if "diversion" in pkgs:
                continue
            found.setdefault(path, set()).update(
                p.strip().split(":")[0] for p in pkgs.split(","))
    for p in paths:
        result[p] = set()
        if not p.startswith("/"):
            continue
        for v in variants(p):
            result[p] |= found.get(v, set())
    return result


def main(argv):
    dirs = argv or sorted(
        os.path.join(REPO, "build", d)
        for d in os.listdir(os.path.join(REPO, "build"))
        if os.path.exists(os.path.join(REPO, "build", d, "build.ninja")))
    if not dirs:
        print("check_packages: no build directory to check")
        return 1
    db, providers = installed_db()
    listed = setup_packages()
    missing_from_system = [p for p in listed if p not in db]
    if missing_from_system:
        print("check_packages: not installed:", " ".join(missing_from_system))
        return 1
    base = [n for n, (_, ess, prio) in db.items()
            if ess or prio == "required"]
    allowed = closure(listed + base, db, providers)
    paths = sorted({f for d in dirs for f in build_inputs(d)} |
                   python_modules())
    who = owners(paths)
    bad = {}
    for path, pkgs in who.items():
        if not pkgs:
            bad.setdefault("(no package)", []).append(path)
        elif not pkgs & allowed:
            for p in sorted(pkgs):
                bad.setdefault(p, []).append(path)
    print(f"check_packages: {len(paths)} files read by {len(dirs)} build(s) "
          f"come from {len({p for s in who.values() for p in s})} packages; "
          f"setup.sh lists {len(listed)}, closure with the base system "
          f"{len(allowed)}")
    if bad:
        for pkg, files in sorted(bad.items()):
            print(f"check_packages: {pkg} is used but not installed by "
                  f"tools/setup.sh, e.g. {files[0]} ({len(files)} files)")
        return 1
    print("check_packages: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
