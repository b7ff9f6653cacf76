#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the shell sessions a page quotes and checks their output, line for line.

A session is a ```text block right after a line `<!-- transcript: DIR -->`. A page's sessions run
one after the other in one fresh copy of DIR (relative to the repository), as a reader following
the page runs them in one folder. Each `$ shapeproof ...` line is a command (words split on
spaces; `# exit N` at its end is the exit code it must give, 0 otherwise); the lines after it are
its output, stdout then stderr, in order. A line `...` stands for any number of lines, and a line ending in ` ...` for any line that
starts with what comes before (timings).

A diagram is a line `<!-- diagram: explain ARGS -->` followed by an image line `![...](FILE.svg)`:
the SVG file must be what `shapeproof explain ARGS --format svg` prints (`--update` rewrites it).

usage: check_transcripts.py [--update] SHAPEPROOF REPO WORK PAGE...
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


def diagrams(shapeproof, page, text, update):
    """Checks (or rewrites) the page's diagrams; returns (checked, failures)."""
    lines = text.split("\n")
    checked = failures = 0
    for i, line in enumerate(lines):
        m = re.fullmatch(r"<!-- diagram: (explain [^>]*?) -->", line.strip())
        if not m:
            continue
        image = re.fullmatch(r"!\[[^\]]+\]\(([^)]+\.svg)\)", lines[i + 1].strip()) if i + 1 < len(lines) else None
        if not image:
            print(f"{page}:{i + 1}: a diagram marker must be followed by an image line ![what](file.svg)")
            failures += 1
            continue
        r = subprocess.run([shapeproof] + m.group(1).split() + ["--format", "svg"], capture_output=True, text=True)
        path = os.path.join(os.path.dirname(page), image.group(1))
        checked += 1
        if r.returncode != 0:
            print(f"{page}:{i + 1}: shapeproof {m.group(1)} --format svg failed: {r.stderr}")
            failures += 1
        elif update:
            with open(path, "w", encoding="utf-8") as f:
                f.write(r.stdout)
        elif not os.path.exists(path) or open(path, encoding="utf-8").read() != r.stdout:
            print(f"{page}:{i + 1}: {image.group(1)} is not what shapeproof {m.group(1)} --format svg prints "
                  "(scripts/update_docs.sh rewrites it)")
            failures += 1
    return checked, failures


def main():
    args = sys.argv[1:]
    update = args[:1] == ["--update"]
    if update:
        args = args[1:]
    shapeproof, repo, work = (os.path.abspath(a) for a in args[:3])
    failures = checked = 0
    fresh = set()  # the folders copied for this run
    for page in args[3:]:
        text = open(page, encoding="utf-8").read()
        n_diagrams, diagram_failures = diagrams(shapeproof, page, text, update)
        checked += n_diagrams
        failures += diagram_failures
        for n, (line_no, directory, block) in enumerate(sessions(text)):
            where = f"{page}:{line_no}"
            if block is None:
                print(f"{where}: a transcript marker must be followed by a ```text block")
                failures += 1
                continue
            cwd = os.path.join(work, os.path.basename(page), directory)
            if cwd not in fresh:
                shutil.rmtree(cwd, ignore_errors=True)
                shutil.copytree(os.path.join(repo, directory), cwd)
                fresh.add(cwd)
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
    print(f"{checked} commands and diagrams run, {failures} failures")
    if checked == 0:
        print("no transcript found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
