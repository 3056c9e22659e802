#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, section 2: Ctrl-C (SIGINT) or SIGTERM during a listing stops the run promptly although
# requests are still in flight (their threads must not keep the process alive), and nothing is
# written: the inventory cache stays empty. The slow pages take 120 s; a run that waited for them
# would be caught by the 60 s safety net below (a hang check, not a timing assertion).
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile

wait_for_slow_pages() {  # until at least 2 requests for pages after the first are in flight
    local waited=0
    until [[ "$(requests_to slow 'offset=')" -ge 3 ]]; do
        ((waited++ < 600)) || fail "the slow pages were never requested"
        sleep 0.1
    done
}

stops_promptly() {  # stops_promptly NAME SIGNAL COMMAND...: run, interrupt during the listing, check it ended
    local name="$1" signal="$2" pid waited=0 started ended
    shift 2
    : >"$HOSTILE_LOG"
    # A script's background jobs start with SIGINT ignored; restore it as a terminal would have it.
    "$PYTHON" -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
        "$@" >"$WORK/$name.out" 2>&1 &
    pid=$!
    wait_for_slow_pages
    started="$(date +%s%N)"
    kill "-$signal" "$pid"
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited++ >= 600)); then
            kill -KILL "$pid"
            fail "$name: still running 60 s after SIG$signal"
        fi
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
    ended="$(date +%s%N)"
    check_clean "$WORK/$name.out"
    echo "ok: $name stopped $(((ended - started) / 1000000)) ms after SIG$signal"
}

write_inventory cached slow "concurrency: 4" "timeout: 300" "cache: true" \
    "cache_plugin: ansible.builtin.jsonfile" "cache_connection: $WORK/cache"
for signal in INT TERM; do
    stops_promptly "inventory_$signal" "$signal" env ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers \
        ansible-inventory -i "$WORK/cached.image_servers.yml" --list
    if [[ -d "$WORK/cache" ]] && [[ -n "$(ls -A "$WORK/cache")" ]]; then
        fail "an interrupted listing wrote the inventory cache: $(ls -A "$WORK/cache")"
    fi
done
echo "ok: no cache written"

for signal in INT TERM; do
    stops_promptly "playbook_$signal" "$signal" ansible-playbook -i files/localhost.ini files/module_call.yml \
        -e "hostile_url=$HOSTILE_URL/slow" -e expect_ok=true -e module_timeout=300
done
