#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the course, the README, the exercises and the error gallery as a site (MkDocs, Material).

The pages keep their places in the repository, so their relative links work unchanged: every
Markdown file of the repository is staged, with every file a page links to (listings, proofs,
headers); a linked folder gets a page listing its files. Then `mkdocs build --strict`.

usage: site.py REPO OUT     (the site is written to OUT/site; OUT/pages holds what was staged)
"""
import os
import re
import shutil
import subprocess
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")


def tracked_files(repo):
    out = subprocess.run(["git", "-C", repo, "ls-files", "--cached", "--others", "--exclude-standard"], capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip():
        return out.stdout.split("\n")
    # Not a git checkout (an unpacked archive): every file outside build trees
    files = []
    for root, dirs, names in os.walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not d.startswith("build")]
        files += [os.path.relpath(os.path.join(root, n), repo) for n in names]
    return files


def main():
    repo, out = (os.path.abspath(a) for a in sys.argv[1:3])
    pages = os.path.join(out, "pages")
    shutil.rmtree(pages, ignore_errors=True)
    files = set(f for f in tracked_files(repo) if f and os.path.isfile(os.path.join(repo, f)))
    markdown = sorted(f for f in files if f.endswith(".md") and not f.startswith("tests/data/"))
    staged = set()

    def stage(rel):
        src = os.path.join(repo, rel)
        dst = os.path.join(pages, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        staged.add(rel)

    folders = set()
    for md in markdown:
        stage(md)
        text = open(os.path.join(repo, md), encoding="utf-8").read()
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            rel = os.path.normpath(os.path.join(os.path.dirname(md), target.split("#")[0]))
            if rel in files:
                stage(rel)
            elif any(f.startswith(rel + "/") for f in files):
                folders.add(rel)
    # A linked folder: a page listing its files (a static site has no folder listings)
    for folder in sorted(folders):
        if os.path.exists(os.path.join(pages, folder, "README.md")):
            continue
        inside = sorted(f for f in files if f.startswith(folder + "/") and "/" not in f[len(folder) + 1:])
        lines = [f"# `{folder}/`", "", f"The files of `{folder}/` in the repository:", ""]
        for f in inside:
            stage(f)
            name = os.path.basename(f)
            lines.append(f"- [`{name}`]({name})")
        with open(os.path.join(pages, folder, "README.md"), "w", encoding="utf-8") as index:
            index.write("\n".join(lines) + "\n")
    shutil.copyfile(os.path.join(repo, "docs", "site", "mkdocs.yml"), os.path.join(out, "mkdocs.yml"))
    shutil.copyfile(os.path.join(repo, "docs", "site", "site.css"), os.path.join(pages, "site.css"))
    site = os.path.join(out, "site")
    r = subprocess.run(["mkdocs", "build", "--strict", "--clean", "--config-file", os.path.join(out, "mkdocs.yml"),
                        "--site-dir", site])
    if r.returncode != 0:
        return r.returncode
    print(f"site: {site}/index.html ({len(staged)} files staged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
