#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Hostile endpoints and hostile data: nothing an API answer contains can take over, exhaust or
# crash Ansible. Each file in cases/ is one self-contained group of cases (it starts and stops
# the servers it needs, on 127.0.0.1); this runs them all, each from this directory, and fails
# if any fails. Run by ansible-test, or directly from this directory.
set -eu -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# A SIGINT sent to this script alone ends the run once the running case is done (each case cleans
# up after itself), by the same signal, as Ctrl-C would.
trap 'trap - INT; kill -s INT "$$"' INT
failed=()
for case_file in cases/*.sh; do
    [[ -e "$case_file" ]] || continue
    echo "=== hostile: $case_file"
    bash "$case_file" "$@" || failed+=("$case_file")
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
