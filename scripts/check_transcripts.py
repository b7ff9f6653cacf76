#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the shell sessions a page quotes and checks their output, line for line.

A session is a ```text block right after a line `<!-- transcript: DIR -->`: it runs in a fresh
copy of DIR (relative to the repository). Each `$ shapeproof ...` line is a command (words split on
spaces; `# exit N` at its end is the exit code it must give, 0 otherwise); the lines after it are
its output, stdout then stderr, in order. A line `...` stands for any number of lines, and a line ending in ` ...` for any line that
starts with what comes before (timings).

usage: check_transcripts.py SHAPEPROOF REPO WORK PAGE...
"""
import os
import re
import shutil
import subprocess
import sys


def sessions(text):
    """(first line number, directory, block lines) of each transcript in a page."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.fullmatch(r"<!-- transcript: (\S+) -->", line.strip())
        if not m:
            continue
        if i + 1 >= len(lines) or lines[i + 1] != "```text":
            yield i + 1, m.group(1), None
            continue
        end = lines.index("```", i + 2)
        yield i + 1, m.group(1), lines[i + 2:end]


def matches(expected, got):
    """Whether `got` (lines) is `expected` (lines, `...` for any run of lines)."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(matches(expected[1:], got[k:]) for k in range(len(got) + 1))
    if not got:
        return False
    e = expected[0]
    same = got[0].startswith(e[:-3]) if e.endswith(" ...") else got[0] == e
    return same and matches(expected[1:], got[1:])


def main():
    shapeproof, repo, work = (os.path.abspath(a) for a in sys.argv[1:4])
    failures = checked = 0
    for page in sys.argv[4:]:
        text = open(page, encoding="utf-8").read()
        for n, (line_no, directory, block) in enumerate(sessions(text)):
            where = f"{page}:{line_no}"
            if block is None:
                print(f"{where}: a transcript marker must be followed by a ```text block")
                failures += 1
                continue
            cwd = os.path.join(work, f"{os.path.basename(page)}-{n}")
            shutil.rmtree(cwd, ignore_errors=True)
            shutil.copytree(os.path.join(repo, directory), cwd)
            commands = []
            for line in block:
                if line.startswith("$ "):
                    commands.append([line[2:], []])
                elif commands:
                    commands[-1][1].append(line)
                else:
                    print(f"{where}: output before any command: {line}")
                    failures += 1
            for command, expected in commands:
                m = re.fullmatch(r"(.*?)\s+# exit (\d+)", command)
                code = int(m.group(2)) if m else 0
                words = (m.group(1) if m else command).split()
                if words[0] != "shapeproof":
                    print(f"{where}: only shapeproof commands run here: {command}")
                    failures += 1
                    continue
                r = subprocess.run([shapeproof] + words[1:], cwd=cwd, capture_output=True, text=True, timeout=120)
                got = (r.stdout + r.stderr).rstrip("\n").split("\n") if (r.stdout + r.stderr) else []
                checked += 1
                if r.returncode != code:
                    print(f"{where}: `{command}` exited {r.returncode}, the page says {code}\n" + "\n".join(got))
                    failures += 1
                elif not matches(expected, got):
                    print(f"{where}: `{command}` printed:\n" + "\n".join(got) + "\nthe page says:\n" + "\n".join(expected))
                    failures += 1
    print(f"{checked} commands run, {failures} failures")
    if checked == 0:
        print("no transcript found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
