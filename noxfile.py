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

import nox

try:
    import antsibull_nox
except ImportError:
    print("You need to install antsibull-nox in the same Python environment as nox.")
    sys.exit(1)


antsibull_nox.load_antsibull_nox_toml()


# Allow running this file as a script (python noxfile.py, or uv run noxfile.py).
if __name__ == "__main__":
    nox.main()
