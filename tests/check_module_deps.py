#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
#
# Checks that the build holds every module to docs/ARCHITECTURE.md's table,
# as src/CMakeLists.txt writes it (JWTV_MODULE_DEPS_<module>): with a
# module's own compile command (from compile_commands.json), a file that
# includes a header of another module preprocesses when the table lets the
# module use that header, and fails with "No such file" when it does not.
# Every (module, other module's header) pair is tried.
#
#   check_module_deps.py <jwtv source dir> <build dir>

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile


def main():
    src, build = sys.argv[1], sys.argv[2]
    cmake = open(os.path.join(src, "src", "CMakeLists.txt")).read()
    cmake = re.sub(r"#.*", "", cmake)
    deps = {m: v.split() for m, v in re.findall(
        r"set\(JWTV_MODULE_DEPS_(\w+)\s*([^)]*)\)", cmake)}
    deps = {m: [d for d in v if d != '""'] for m, v in deps.items()}
    modules = [m for m in deps if m != "core"]
    headers = {m: sorted(f for f in os.listdir(os.path.join(src, "src", m))
                         if f.endswith(".h")) for m in modules}

    commands = json.load(open(os.path.join(build, "compile_commands.json")))
    command_of = {}
    for c in commands:
        rel = os.path.relpath(c["file"], os.path.join(src, "src"))
        m = rel.split(os.sep)[0] if os.sep in rel else "core"
        if m in deps and m not in command_of and "jwtv_mod_" in c["command"]:
            command_of[m] = shlex.split(c["command"])

    failures = 0
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        probe = os.path.join(tmp, "probe.cc")
        for m in deps:
            if m not in command_of:
                print(f"FAIL no compile command for module {m}")
                failures += 1
                continue
            argv = command_of[m]
            # Keep the compiler and its flags; drop -o/-c/-MD/-MF and the source.
            base, skip = [], False
            for a in argv:
                if skip:
                    skip = False
                    continue
                if a in ("-o", "-c", "-MF", "-MT", "-MQ"):
                    skip = True
                    continue
                if a in ("-MD", "-MMD") or a.endswith((".cc", ".cpp")):
                    continue
                base.append(a)
            for n in modules:
                if n == m:
                    continue
                for h in headers[n]:
                    target = f"{n}/{h}"
                    allowed = n in deps[m] or target in deps[m]
                    with open(probe, "w") as f:
                        f.write(f'#include "{target}"\n')
                    r = subprocess.run(base + ["-E", "-o", os.devnull, probe],
                                       capture_output=True, text=True)
                    checked += 1
                    missing = f"{target}: No such file" in r.stderr
                    if allowed and r.returncode != 0:
                        print(f"FAIL {m} may use {target} but it does not "
                              f"preprocess:\n{r.stderr[:400]}")
                        failures += 1
                    elif not allowed and not (r.returncode != 0 and missing):
                        print(f"FAIL {m} reaches {target}, which the table "
                              f"does not give it")
                        failures += 1
    print(f"{checked} (module, header) pairs checked, {failures} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
