#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# API data never controls Ansible (issue 10, section 1): with hostvars_prefix '' a record carrying
# ansible_connection, ansible_python_interpreter, ansible_ssh_common_args, inventory_hostname, omit
# ... sets none of them; names with control characters, a leading '-', reserved names (localhost,
# all, ungrouped) and group names (default and keyed_groups) become safe, distinct host names; a
# playbook run over the hosts never runs the interpreter nor the ProxyCommand the data asks for.
# Run from the target directory (runme.sh does).
set -eu -o pipefail

# shellcheck source-path=SCRIPTDIR/.. source=../../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
emulator_work_dir hostile-inventory

export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
export ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers
export ANSIBLE_NOCOLOR=true
export ANSIBLE_HOST_KEY_CHECKING=false
export ANSIBLE_SSH_RETRIES=0
unset ANSIBLE_CONNECTION ANSIBLE_PYTHON_INTERPRETER ANSIBLE_SSH_COMMON_ARGS ANSIBLE_REMOTE_USER || true

check() {
    "$PYTHON" files/inventory_hostile_check.py "$@"
}

no_marker() {
    local found
    found="$(find "$WORK" -maxdepth 1 -name 'marker-*' -print)"
    [[ -z "$found" ]] || fail "API data ran something on the controller: $found"
}

"$PYTHON" files/inventory_hostile_fleet.py "$WORK"
INVENTORY="$WORK/hostile.image_servers.yml"
emulator_start --data "$WORK/fleet.json"
emulator_export_credentials cn-north-4

echo "== ansible-inventory --list: no variable Ansible reads from data, safe and distinct names"
ansible-inventory -i "$INVENTORY" --list >"$WORK/list.json" 2>"$WORK/list.stderr" ||
    fail_showing "$WORK/list.stderr" "ansible-inventory --list"
check list "$WORK/list.json" "$WORK"
check text "$WORK/list.stderr"
# ansible-core before 2.19 wraps warnings at 80 columns: compare them as one line.
tr '\n' ' ' <"$WORK/list.stderr" | tr -s ' ' >"$WORK/list.warnings"
expect_in "$WORK/list.warnings" "dropped 34 host variables (17 distinct API fields)" "renamed" \
    "compose set ansible_host of 2 hosts"
if [[ "$(grep -o 'dropped [0-9]* host variables' "$WORK/list.warnings" | wc -l)" != 1 ]]; then
    fail_showing "$WORK/list.stderr" "the dropped-keys warning must appear exactly once"
fi

echo "== ansible-inventory --graph"
ansible-inventory -i "$INVENTORY" --graph >"$WORK/graph.txt" 2>"$WORK/graph.stderr"
check graph "$WORK/graph.txt"
check text "$WORK/graph.stderr"

echo "== ansible-inventory --host: compose sets ansible_user, data sets nothing Ansible reads"
ansible-inventory -i "$INVENTORY" --host web-01_700000000000000001 >"$WORK/host.json" 2>/dev/null
check host "$WORK/host.json"

echo "== ansible-playbook over every host: data's connection, interpreter and ssh options are never used"
set +e
ansible-playbook -i "$INVENTORY" files/inventory_hostile_play.yml >"$WORK/play.txt" 2>&1
rc=$?
set -e
# 4: every host of the first play unreachable (the fake ssh fails); the localhost play must pass.
if [[ $rc -ne 4 ]]; then
    fail_showing "$WORK/play.txt" "ansible-playbook exited $rc, expected 4 (hosts unreachable through the fake ssh)"
fi
no_marker
check ssh "$WORK/ssh-argv.log" "$WORK"
check text "$WORK/play.txt"
expect_in "$WORK/play.txt" "literal: {{ lookup('pipe', 'id') }} / {{ lookup('pipe', 'id') }} / {{ lookup('pipe', 'id') }}"
grep -qE '^localhost +: ok=2 .*failed=0' "$WORK/play.txt" ||
    fail_showing "$WORK/play.txt" "the play on the controller did not pass"
expect_not_in "$WORK/play.txt" "uid="
if grep -E '^(web-01|image_gold|odd-groups)[^ ]* +: ok=[1-9]' "$WORK/play.txt"; then
    fail "a task ran on an image server: its connection must have come from API data"
fi
echo "inventory names and variables: ok"
