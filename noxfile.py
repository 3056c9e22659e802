# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The ecosystem's runner for the checks antsibull-nox covers; the sessions are declared in
# antsibull-nox.toml. `nox -l` lists them. scripts/test runs them (`scripts/test nox`), next to
# the ansible-test matrix that stays in scripts/ (see README, "Development").

# /// script
# dependencies = ["nox>=2025.02.09", "antsibull-nox"]
# ///

import sys
from pathlib import Path

import nox

try:
    import antsibull_nox
except ImportError:
    print("You need to install antsibull-nox in the same Python environment as nox.")
    sys.exit(1)


antsibull_nox.load_antsibull_nox_toml()


@nox.session(name="ansible-doc", default=True)
def ansible_doc(session: nox.Session) -> None:
    """Lint the plugin docs as ansible-doc renders them (scripts/lib/check_ansible_doc.py)."""
    session.install("ansible-core")
    root = Path(session.create_tmp()).absolute() / "collections"
    session.run("python", "scripts/lib/sync_collection.py", ".", str(root / "ansible_collections" / "huaweicloud" / "workspace"))
    session.run("python", "scripts/lib/check_ansible_doc.py", "huaweicloud.workspace", env={"ANSIBLE_COLLECTIONS_PATH": str(root)})


# Allow running this file as a script (python noxfile.py, or uv run noxfile.py).
if __name__ == "__main__":
    nox.main()
