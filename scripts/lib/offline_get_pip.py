# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

offline-get-pip-stand-in (marker: scripts/lib/install_offline_get_pip.py only replaces files carrying it)

ansible-test creates each sanity-test virtualenv without pip and runs a cached get-pip.py in it
(``python get-pip.py [pip install options] pip==X.Y ...``). The real script comes from a server
that air-gapped machines cannot reach. This one bootstraps pip from the interpreter's own
``ensurepip`` (no network), then lets that pip install what ansible-test asked for (the pinned
pip version, from the package index), honouring get-pip's --no-setuptools and --no-wheel.
"""

import importlib.util
import re
import subprocess
import sys

GET_PIP_ONLY_FLAGS = ("--no-setuptools", "--no-wheel")


def requested_names(pip_args):
    return {re.split(r"[<>=!~;\[\s]", arg, maxsplit=1)[0].lower() for arg in pip_args if not arg.startswith("-")}


def is_installed(name):
    probe = "import importlib.metadata as m, sys\ntry:\n m.version(sys.argv[1])\nexcept m.PackageNotFoundError:\n sys.exit(1)"
    return subprocess.call([sys.executable, "-c", probe, name]) == 0


def run(command):
    status = subprocess.call(command)
    if status:
        sys.exit("offline get-pip stand-in: %s failed with exit status %d" % (" ".join(command), status))


def main(argv):
    if importlib.util.find_spec("ensurepip") is None:
        sys.exit("offline get-pip stand-in: %s has no ensurepip module to bootstrap pip from (on Debian/Ubuntu install python3-venv)" % sys.executable)

    pip_args = [arg for arg in argv if arg not in GET_PIP_ONLY_FLAGS]
    names = requested_names(pip_args)
    if "--no-setuptools" not in argv and "setuptools" not in names:
        pip_args.append("setuptools")
    if "--no-wheel" not in argv and "wheel" not in names:
        pip_args.append("wheel")

    run([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
    if requested_names(pip_args):
        run([sys.executable, "-m", "pip", "install"] + pip_args)

    # ensurepip also installs setuptools on older Pythons; get-pip would not have.
    if "--no-setuptools" in argv and "setuptools" not in names and is_installed("setuptools"):
        run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"])


if __name__ == "__main__":
    main(sys.argv[1:])
