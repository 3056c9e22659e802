# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mirror the collection's working tree into an ansible_collections/<ns>/<name> directory.

ansible-test only runs inside such a tree, and the repository is the collection root, so the
scripts test a copy. The copy holds what git would commit: tracked files plus untracked files
that are not ignored (so a new test shows up before it is added), with the working-tree content.
Files that disappeared from the source are removed from the copy; tests/output/ (ansible-test's
results and its cached delegation venv) is kept.

The copy is made a git work tree of its own (no commits needed): ansible-test lists content with
git, searching upward for a .git directory, and would otherwise find the enclosing checkout, in
which the copy is ignored, and see no files at all.

Usage: sync_collection.py SOURCE_DIR DEST_DIR
"""

import os
import shutil
import subprocess
import sys

# Never copied, whatever git says; the last two only matter when SOURCE_DIR is not a git tree.
EXCLUDED_TOP_LEVEL = {".git", ".tmp", ".venvs", "tests/output", ".venv", ".nox", ".tox"}
KEPT_IN_DEST = (".git", "tests/output")


def is_excluded(rel_path):
    return any(rel_path == top or rel_path.startswith(top + "/") for top in EXCLUDED_TOP_LEVEL)


def git_files(source):
    """Return tracked and untracked-but-not-ignored files, or None outside a git work tree."""
    try:
        output = subprocess.run(
            ["git", "-C", source, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [path for path in output.decode("utf-8", "surrogateescape").split("\0") if path]


def walked_files(source):
    """Fallback for a source without git (an unpacked tarball): every file but the exclusions."""
    found = []
    for root, dirs, files in os.walk(source):
        rel_root = os.path.relpath(root, source)
        rel_root = "" if rel_root == "." else rel_root
        dirs[:] = [d for d in dirs if not is_excluded(os.path.join(rel_root, d)) and d not in ("__pycache__", ".pytest_cache", ".hypothesis")]
        found.extend(os.path.join(rel_root, name) for name in files if not name.endswith((".pyc", ".pyo")))
    return found


def copy_if_changed(src, dst):
    if os.path.islink(src):
        target = os.readlink(src)
        if os.path.islink(dst) and os.readlink(dst) == target:
            return
        if os.path.lexists(dst):
            os.remove(dst)
        os.symlink(target, dst)
        return
    src_stat = os.stat(src)
    if os.path.isfile(dst) and not os.path.islink(dst):
        dst_stat = os.stat(dst)
        if (dst_stat.st_size, dst_stat.st_mtime_ns, dst_stat.st_mode) == (src_stat.st_size, src_stat.st_mtime_ns, src_stat.st_mode):
            return
    elif os.path.lexists(dst):
        remove(dst)
    shutil.copy2(src, dst)


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def prune(dest, wanted):
    """Delete what the source no longer has, keeping KEPT_IN_DEST."""
    wanted_dirs = {""}
    for rel in wanted:
        parent = os.path.dirname(rel)
        while parent not in wanted_dirs:
            wanted_dirs.add(parent)
            parent = os.path.dirname(parent)
    for root, dirs, files in os.walk(dest, topdown=True):
        rel_root = os.path.relpath(root, dest)
        rel_root = "" if rel_root == "." else rel_root
        descend = []
        for name in dirs:
            rel = os.path.join(rel_root, name)
            path = os.path.join(root, name)
            if rel in KEPT_IN_DEST:
                continue
            if os.path.islink(path):
                if rel not in wanted:
                    os.remove(path)
            elif rel not in wanted_dirs:
                shutil.rmtree(path)
            else:
                descend.append(name)
        dirs[:] = descend
        for name in files:
            if os.path.join(rel_root, name) not in wanted:
                os.remove(os.path.join(root, name))


def main():
    source, dest = (os.path.abspath(arg) for arg in sys.argv[1:3])
    files = git_files(source)
    if files is None:
        files = walked_files(source)
    wanted = {rel for rel in files if not is_excluded(rel) and os.path.lexists(os.path.join(source, rel))}

    os.makedirs(dest, exist_ok=True)
    if not os.path.isdir(os.path.join(dest, ".git")):
        subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "--quiet", dest], check=True)
    prune(dest, wanted)
    for rel in sorted(wanted):
        dst = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        copy_if_changed(os.path.join(source, rel), dst)


if __name__ == "__main__":
    main()
