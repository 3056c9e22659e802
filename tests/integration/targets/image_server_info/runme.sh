#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Integration tests of huaweicloud.workspace.image_server_info against the local emulator.
# Run by ansible-test, or directly: cd tests/integration/targets/image_server_info && ./runme.sh
# (with ansible-playbook on PATH and the collection on ANSIBLE_COLLECTIONS_PATH).
set -euxo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# Only what each playbook sets may reach the module: no credentials or endpoints from the caller.
emulator_unset_caller_environment
emulator_work_dir image_server_info

playbook() {  # playbook NAME: run test_NAME.yml against the running emulator, keeping its output
    ansible-playbook -i inventory "test_$1.yml" -e "emulator_url=$EMULATOR_URL" \
        -e "fleet_size=${fleet_size:-0}" "${@:2}" | tee "$WORK/$1.log"
}

# A fleet of several pages, some servers with names that look like templates.
fleet_size=250
emulator_start --servers "$fleet_size" --hostile-names
playbook listing "$@"
playbook auth "$@"
playbook failures "$@"
playbook server_groups "$@"

# Hand-written items: unset statuses and server groups, extra fields, template-looking text.
emulator_start --data "$PWD/files/small_fleet.json"
playbook shaping "$@"

# Nothing the API returned was evaluated as a template anywhere in the output.
expect_not_templated "$WORK"/*.log
grep -qF "{{ lookup('pipe', 'id') }}" "$WORK/shaping.log"
