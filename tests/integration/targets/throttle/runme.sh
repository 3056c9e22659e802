#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The module and the inventory plugin under the emulator's gateway throttle (--rate-limit, a token
# bucket answering 429 APIGW.0308): every server is listed, and the adaptive rate keeps the number
# of 429s low. Without the client's rate limiter the same listings get several times more 429s
# (measured: 38-42 for the adaptive case, 19-30 with the known quota) than the bounds below allow;
# the bounds leave room for a loaded machine. Counts come from the emulator's request log, never
# from timing. Run by ansible-test, or directly from this directory with ansible-playbook on PATH
# and the collection on ANSIBLE_COLLECTIONS_PATH.
set -eu -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_unset_caller_environment
export ANSIBLE_NOCOLOR=true ANSIBLE_INVENTORY_UNPARSED_FAILED=true
PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"

emulator_work_dir throttle

# check_429s LABEL MAX: the listing made some image-servers requests, was throttled at least once
# (MIN, default 1: otherwise the case proves nothing) and at most MAX times.
check_429s() {
    local label="$1" max="$2" min="${3:-1}" throttled total
    throttled="$(emulator_requests_count '"fault": "rate-limit"')"
    total="$(emulator_requests_count '"kind": "api"')"
    echo "$label: $total image-servers requests, $throttled answered 429"
    [[ "$throttled" -ge "$min" ]] || fail "$label: expected at least $min throttled request(s), got $throttled"
    [[ "$throttled" -le "$max" ]] || fail "$label: $throttled requests answered 429, more than $max"
}

module() {  # module LABEL [ansible-playbook options]
    local label="$1"
    shift
    emulator_clear_requests
    ansible-playbook -i inventory module.yml -e "fleet_size=$fleet_size" "$@" >"$WORK/$label.log" 2>&1 ||
        fail_showing "$WORK/$label.log" "$label"
}

inventory() {  # inventory LABEL SOURCE: ansible-inventory --list, every server a host
    local label="$1" source="$2" hosts
    emulator_clear_requests
    ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers \
        ansible-inventory -i "$source" --list >"$WORK/$label.json" 2>"$WORK/$label.stderr" ||
        fail_showing "$WORK/$label.stderr" "$label"
    hosts="$("$PYTHON" files/count_hosts.py "$WORK/$label.json")"
    [[ "$hosts" -eq "$fleet_size" ]] || fail "$label: $hosts hosts instead of $fleet_size"
}

echo "== adaptive rate: 80 pages at 10 requests/s, 8 threads"
fleet_size=8000
emulator_start --servers "$fleet_size" --rate-limit 10 --latency-ms 20
emulator_export_credentials
module "module, adaptive" -e concurrency=8
check_429s "module, adaptive" 20
inventory "inventory, adaptive" inventories/adaptive.image_servers.yml
check_429s "inventory, adaptive" 20

echo "== known quota: max_requests_per_second at the limit, 16 threads"
fleet_size=4000
emulator_start --servers "$fleet_size" --rate-limit 10 --latency-ms 20
emulator_export_credentials
module "module, known quota" -e concurrency=16 -e max_rate=10
check_429s "module, known quota" 3 0
inventory "inventory, known quota" inventories/known_quota.image_servers.yml
check_429s "inventory, known quota" 3 0

echo "== bad input"
ansible-playbook -i inventory bad_rate.yml >"$WORK/bad_rate.log" 2>&1 ||
    fail_showing "$WORK/bad_rate.log" "module: bad max_requests_per_second"
if ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers \
    ansible-inventory -i inventories/bad_rate.image_servers.yml --list >"$WORK/bad_rate.json" 2>"$WORK/bad_rate.stderr"; then
    fail "inventory: a negative max_requests_per_second was accepted"
fi
expect_in "$WORK/bad_rate.stderr" "max_requests_per_second must be a positive number" "got -5.0"
echo "ok: throttle"
