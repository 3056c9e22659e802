# shellcheck shell=bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared by cases/transport_*.sh and cases/module_*.sh (sourced; the working directory is the
# target's). Starts the hostile server (files/hostile_server.py) and, on request, the test proxy;
# runs the module and the inventory plugin against them with bounded memory; checks the output.

# shellcheck source=../../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# Only what a case sets may reach the plugins: no credentials, endpoints or proxies from the caller.
emulator_unset_caller_environment
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY NO_PROXY http_proxy https_proxy all_proxy no_proxy
export ANSIBLE_NOCOLOR=true ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_LOCALHOST_WARNING=false
export HW_AUTH_TOKEN="hostile-token-0001"
# Generous: ansible-inventory or a module run needs well under 150 MB; an unbounded read of the
# hostile answers needs gigabytes.
MAX_RSS_MB="${HOSTILE_MAX_RSS_MB:-350}"
# A safety net against a hang, never a timing assertion.
STOP_AFTER=300

# The hostile server and the proxy are background jobs: stopped with the script.
emulator_work_dir hostile

_start_helper() {  # _start_helper NAME SCRIPT: run files/SCRIPT; its port in $WORK/NAME.port, log in $WORK/NAME.log
    local name="$1" script="$2" waited=0 pid
    "$PYTHON" "files/$script" --port-file "$WORK/$name.port" --log "$WORK/$name.log" >"$WORK/$name.out" 2>&1 &
    pid=$!
    until [[ -s "$WORK/$name.port" ]]; do
        kill -0 "$pid" 2>/dev/null || fail_showing "$WORK/$name.out" "$script did not start"
        ((waited++ < 600)) || fail "$script did not listen within 60 s"
        sleep 0.1
    done
}

start_hostile() {  # exports HOSTILE_URL (http://127.0.0.1:PORT) and HOSTILE_LOG (JSON lines)
    _start_helper hostile hostile_server.py
    HOSTILE_URL="http://127.0.0.1:$(cat "$WORK/hostile.port")"
    export HOSTILE_URL HOSTILE_LOG="$WORK/hostile.log"
}

start_proxy() {  # exports PROXY_URL and PROXY_LOG
    _start_helper proxy forward_proxy.py
    PROXY_URL="http://127.0.0.1:$(cat "$WORK/proxy.port")"
    export PROXY_URL PROXY_LOG="$WORK/proxy.log"
}

requests_to() {  # requests_to MODE [FIXED-STRING]: how many requests the hostile server got in MODE
    local count
    count="$(grep -F "\"mode\": \"$1\"" "$HOSTILE_LOG" | grep -cF -- "${2:-}")" || true
    echo "${count:-0}"
}

write_inventory() {  # write_inventory NAME MODE [YAML LINE...]: $WORK/NAME.image_servers.yml for that mode
    local name="$1" mode="$2" line
    shift 2
    {
        echo "plugin: huaweicloud.workspace.image_servers"
        echo "region: cn-north-4"
        echo "endpoint: $HOSTILE_URL/$mode"
        echo "iam_endpoint: $HOSTILE_URL/$mode"
        echo "timeout: 0.5"
        echo "retries: 1"
        for line in "$@"; do
            echo "$line"
        done
    } >"$WORK/$name.image_servers.yml"
    grep -q '^project_id:\|^user_name:' "$WORK/$name.image_servers.yml" ||
        echo "project_id: 0123456789abcdef0123456789abcdef" >>"$WORK/$name.image_servers.yml"
}

check_clean() {  # check_clean FILE: no traceback, no crash, no raw control character
    local bad
    for bad in "Traceback (most recent call last)" "Unexpected Exception" "RecursionError" "MODULE FAILURE" \
        "MemoryError" "exception type"; do
        if grep -qF -- "$bad" "$1"; then
            fail_showing "$1" "'$bad' in $1"
        fi
    done
    if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$1"; then
        fail "a raw control character in $1"
    fi
}

bounded() {  # bounded LABEL OUTPUT COMMAND...: COMMAND, memory and time bounded, output in OUTPUT; its status
    local label="$1" output="$2" status=0
    shift 2
    "$PYTHON" files/run_bounded.py "$MAX_RSS_MB" "$STOP_AFTER" "$output" -- "$@" || status=$?
    [[ "$status" -ne 97 ]] || fail "$label exceeded ${MAX_RSS_MB} MB"
    [[ "$status" -ne 98 ]] || fail "$label did not finish"
    return "$status"
}

inventory_fails() {  # inventory_fails NAME TEXT...: ansible-inventory on $WORK/NAME.image_servers.yml fails, bounded, with TEXT
    local name="$1" status=0
    shift
    bounded "$name: ansible-inventory" "$WORK/$name.inventory.out" \
        env ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers \
        ansible-inventory -i "$WORK/$name.image_servers.yml" --list || status=$?
    [[ "$status" -ne 0 ]] || fail_showing "$WORK/$name.inventory.out" "$name: ansible-inventory succeeded"
    check_clean "$WORK/$name.inventory.out"
    expect_in "$WORK/$name.inventory.out" "$@"
    echo "ok: inventory $name"
}

inventory_lists() {  # inventory_lists NAME: ansible-inventory succeeds, bounded; JSON in $WORK/NAME.json
    local name="$1" status=0
    bounded "$name: ansible-inventory" "$WORK/$name.inventory.out" \
        env ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers \
        ansible-inventory -i "$WORK/$name.image_servers.yml" --list --output "$WORK/$name.json" || status=$?
    [[ "$status" -eq 0 ]] || fail_showing "$WORK/$name.inventory.out" "$name: ansible-inventory failed ($status)"
    check_clean "$WORK/$name.inventory.out"
    echo "ok: inventory $name"
}

module_run() {  # module_run NAME MODE [ansible-playbook options]: the module against MODE; output in $WORK/NAME.module.out
    local name="$1" mode="$2" status=0
    shift 2
    bounded "$name: ansible-playbook" "$WORK/$name.module.out" \
        ansible-playbook -i files/localhost.ini files/module_call.yml -e "hostile_url=$HOSTILE_URL/$mode" "$@" ||
        status=$?
    [[ "$status" -eq 0 ]] || fail_showing "$WORK/$name.module.out" "$name: the playbook's checks failed"
    check_clean "$WORK/$name.module.out"
    echo "ok: module $name"
}
