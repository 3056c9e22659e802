# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Put the offline get-pip stand-in where the installed ansible-test looks for get-pip.py.

Run with the Python that has ansible-core installed. ansible-test caches its pip bootstrap script
as ~/.ansible/test/cache/get_pip_<pip version with underscores>.py and only downloads it when
that file is missing; the pip versions it pins are read from its own source. A genuine cached
get-pip.py (downloaded on an online machine) is left alone.
"""

import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STAND_IN = os.path.join(HERE, "offline_get_pip.py")
MARKER = "offline-get-pip-stand-in"
CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")


def pinned_pip_versions():
    spec = importlib.util.find_spec("ansible_test")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("ansible-test is not installed for %s" % sys.executable)
    source_path = os.path.join(spec.submodule_search_locations[0], "_internal", "python_requirements.py")
    with open(source_path, encoding="utf-8") as source:
        versions = set(re.findall(r"\bpip\s*=\s*['\"]([0-9][0-9.]*)['\"]", source.read()))
    if not versions:
        sys.exit("could not find the pip version ansible-test pins in %s" % source_path)
    return sorted(versions)


def main():
    with open(STAND_IN, encoding="utf-8") as stand_in:
        content = stand_in.read()
    os.makedirs(CACHE_DIR, exist_ok=True)
    for version in pinned_pip_versions():
        path = os.path.join(CACHE_DIR, "get_pip_%s.py" % version.replace(".", "_"))
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as existing:
                current = existing.read()
            if MARKER not in current or current == content:
                continue
        with open(path + ".tmp", "w", encoding="utf-8") as target:
            target.write(content)
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
