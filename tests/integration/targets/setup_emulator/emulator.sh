# shellcheck shell=bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run the local Workspace App emulator (python -m tests.emulator) for an integration target or
# the demo. Source it from a target's runme.sh (whose aliases list needs/target/setup_emulator):
#
#   source ../setup_emulator/emulator.sh
#   emulator_work_dir my_target           # WORK: a temporary directory, removed (emulator stopped) on exit
#   emulator_start --servers 250          # any emulator options; port and request log are set here
#   emulator_export_credentials           # HW_REGION_NAME, HUAWEICLOUD_SDK_AK/SK, endpoints -> emulator
#   ansible-playbook -i ../../inventory playbook.yml "$@"
#   emulator_requests_count '"status": 429'
#
# Sourcing it exports HW_METADATA_CREDENTIALS=false (tests never reach 169.254.169.254).
# emulator_start exports EMULATOR_URL, EMULATOR_REQUEST_LOG (JSON lines, one per API/IAM request)
# and EMULATOR_OUTPUT (what the emulator printed), and installs an EXIT trap that stops it (unless
# the script has one: see emulator_work_dir). Calling emulator_start again restarts the emulator
# with the new options.
#
# Settings (environment): EMULATOR_PYTHON, the interpreter to run it with (default: the one
# ansible-test put in the inventory, else python3); EMULATOR_ROOT, the collection root holding
# tests/emulator/ (default: found upward from this file).

_emulator_library_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Without credentials the collection's credential chain would ask the ECS metadata service
# (169.254.169.254): tests never do. A target that tests that source points metadata_endpoint at
# the emulator and switches it on explicitly (see the credential_chain target).
export HW_METADATA_CREDENTIALS=false

_emulator_fail() {
    printf 'setup_emulator: %s\n' "$*" >&2
    return 1
}

# ansible-test copies targets to tests/output/.tmp/integration/<target>-<random>/ inside the
# collection, so the collection root is the nearest ancestor that has the emulator package.
_emulator_root() {
    if [[ -n "${EMULATOR_ROOT:-}" ]]; then
        printf '%s\n' "$EMULATOR_ROOT"
        return 0
    fi
    local dir="$_emulator_library_dir"
    while [[ "$dir" != / ]]; do
        if [[ -f "$dir/galaxy.yml" && -f "$dir/tests/emulator/__main__.py" ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
        dir="$(dirname "$dir")"
    done
    _emulator_fail "cannot find the collection root (galaxy.yml and tests/emulator/) above $_emulator_library_dir; set EMULATOR_ROOT"
}

# ansible-test hides deprecation warnings (ANSIBLE_DEPRECATION_WARNINGS=false); the targets show
# them, so that scripts/test can fail a run in which ansible-core deprecates something of ours.
export ANSIBLE_DEPRECATION_WARNINGS=true

# The emulator only needs the standard library, but using the interpreter that runs the modules
# keeps "the same Python as ansible" true under ansible-test.
_emulator_python() {
    if [[ -n "${EMULATOR_PYTHON:-}" ]]; then
        printf '%s\n' "$EMULATOR_PYTHON"
        return 0
    fi
    local interpreter=""
    if [[ -n "${INVENTORY_PATH:-}" && -f "$INVENTORY_PATH" ]]; then
        interpreter="$(sed -n "s/.*ansible_python_interpreter=['\"]\{0,1\}\([^'\" ]*\).*/\1/p" "$INVENTORY_PATH" | head -n1)"
    fi
    if [[ -n "$interpreter" && -x "$interpreter" ]]; then
        printf '%s\n' "$interpreter"
    else
        command -v python3 || _emulator_fail "no python3 found; set EMULATOR_PYTHON"
    fi
}

emulator_start() {
    emulator_stop
    local root python workdir pid waited=0
    root="$(_emulator_root)" || return 1
    python="$(_emulator_python)" || return 1
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/workspace-emulator.XXXXXX")" || return 1
    _EMULATOR_WORKDIR="$workdir"
    export EMULATOR_REQUEST_LOG="$workdir/requests.jsonl"
    export EMULATOR_OUTPUT="$workdir/output.log"
    : >"$EMULATOR_REQUEST_LOG"

    (cd "$root" && exec "$python" -m tests.emulator --port 0 --port-file "$workdir/port" \
        --request-log "$EMULATOR_REQUEST_LOG" "$@") >"$EMULATOR_OUTPUT" 2>&1 &
    pid=$!
    _EMULATOR_PID=$pid
    # Keep a caller's own EXIT trap (which must call emulator_stop): replacing it leaked their files.
    [[ -n "$(trap -p EXIT)" ]] || trap emulator_stop EXIT

    # Startup wait only (not a test assertion): the port file appears once the server listens.
    until [[ -s "$workdir/port" ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$EMULATOR_OUTPUT" >&2
            emulator_stop
            _emulator_fail "the emulator exited before listening ($python -m tests.emulator $*)"
            return 1
        fi
        if ((waited >= 600)); then
            emulator_stop
            _emulator_fail "the emulator did not start listening within 60 s"
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    local scheme=http port
    [[ " $* " == *" --tls "* ]] && scheme=https
    port="$(tr -d '[:space:]' <"$workdir/port")"
    export EMULATOR_URL="$scheme://127.0.0.1:$port"
    _EMULATOR_PYTHON_USED="$python"
}

emulator_stop() {
    local pid="${_EMULATOR_PID:-}"
    _EMULATOR_PID=""
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    if [[ -n "${_EMULATOR_WORKDIR:-}" ]]; then
        rm -rf "$_EMULATOR_WORKDIR"
        _EMULATOR_WORKDIR=""
    fi
    return 0
}

# emulator_work_dir NAME: set WORK to a new temporary directory (${TMPDIR:-/tmp}/NAME.XXXXXX) for
# the script's files, and make sure that however the script ends (success, a failed check, Ctrl-C,
# SIGTERM) the emulator and every other background job it started are stopped and WORK is
# removed. It also becomes TMPDIR, so that what the tools write there (ansible's module payloads,
# the emulator's files) goes too, even from a run that was killed. Call it once, near the top,
# instead of a trap of the script's own.
emulator_work_dir() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")" || return 1
    export TMPDIR="$WORK"
    trap _emulator_clean_up EXIT
    # Bash runs the EXIT trap when SIGTERM ends it. A SIGINT sent to the script alone would only
    # end the running command, and the script would go on: end it, by the same signal, so that a
    # calling script stops too (hostile/runme.sh) and the EXIT trap still cleans up.
    trap 'trap - INT; kill -s INT "$$"' INT
}

_emulator_clean_up() {
    local pid
    emulator_stop
    for pid in $(jobs -pr); do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}

# emulator_admin METHOD RESOURCE: call /_emulator/<RESOURCE> (requests, faults, info); prints JSON.
emulator_admin() {
    [[ -n "${EMULATOR_URL:-}" ]] || _emulator_fail "the emulator is not running (call emulator_start)" || return 1
    "$_EMULATOR_PYTHON_USED" - "$1" "$EMULATOR_URL/_emulator/$2" <<'EOF'
import ssl
import sys
import urllib.request

method, url = sys.argv[1:3]
context = ssl._create_unverified_context() if url.startswith("https") else None  # the emulator's own self-signed cert
with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=30, context=context) as response:
    sys.stdout.write(response.read().decode("utf-8") + "\n")
EOF
}

# emulator_set_faults JSON: replace the fault configuration (PUT /_emulator/faults), e.g.
# emulator_set_faults '{"fault": "forbidden", "fault_target": "app-server-groups"}'
emulator_set_faults() {
    [[ -n "${EMULATOR_URL:-}" ]] || _emulator_fail "the emulator is not running (call emulator_start)" || return 1
    "$_EMULATOR_PYTHON_USED" - "$EMULATOR_URL/_emulator/faults" "$1" <<'EOF'
import ssl
import sys
import urllib.request

url = sys.argv[1]
request = urllib.request.Request(url, data=sys.argv[2].encode("utf-8"), method="PUT",
                                 headers={"Content-Type": "application/json"})
context = ssl._create_unverified_context() if url.startswith("https") else None  # the emulator's own self-signed cert
with urllib.request.urlopen(request, timeout=30, context=context) as response:
    response.read()
EOF
}

# emulator_info KEY[.KEY...]: one value from /_emulator/info, e.g. emulator_info credentials.access_key
emulator_info() {
    emulator_admin GET info | "$_EMULATOR_PYTHON_USED" -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[key]
print(value)' "$1"
}

# emulator_export_credentials [REGION]: configure the collection the way a user would, with
# AK/SK from the environment and both endpoints pointing at the emulator.
emulator_export_credentials() {
    local region="${1:-cn-north-4}"
    export HW_REGION_NAME="$region"
    HUAWEICLOUD_SDK_AK="$(emulator_info credentials.access_key)" || return 1
    HUAWEICLOUD_SDK_SK="$(emulator_info credentials.secret_key)" || return 1
    export HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK
    export HW_WORKSPACEAPP_ENDPOINT="$EMULATOR_URL"
    export HUAWEICLOUD_SDK_IAM_ENDPOINT="$EMULATOR_URL"
}

# emulator_requests_count [ERE]: how many API/IAM requests were logged (matching ERE, if given).
emulator_requests_count() {
    if [[ $# -eq 0 ]]; then
        grep -c '' "$EMULATOR_REQUEST_LOG" || true
    else
        grep -cE -- "$1" "$EMULATOR_REQUEST_LOG" || true
    fi
}

# emulator_clear_requests: forget the requests logged so far.
emulator_clear_requests() {
    emulator_admin DELETE requests >/dev/null && : >"$EMULATOR_REQUEST_LOG"
}

# Checks on captured output, shared by the targets (under set -e a failed check ends the script).

# fail MESSAGE...: end the script, saying what failed.
fail() {
    echo "FAILED: $*" >&2
    exit 1
}

# fail_showing FILE MESSAGE...: print FILE (the output that shows why), then fail.
fail_showing() {
    cat "$1" >&2
    shift
    fail "$@"
}

# expect_not_templated FILE...: nothing the API returned was evaluated as a template: the
# emulator's --hostile-names (tests/emulator/fleet.py) would print uid=... (lookup('pipe', 'id'))
# or "looplooploop".
expect_not_templated() {
    if grep -E 'uid=[0-9]|looplooploop' "$@"; then
        fail "API data was templated"
    fi
}

# ansible-core before 2.19 wraps warnings and errors at 80 columns, even inside a long path, so
# the checks also compare without whitespace: a message matches however it was wrapped.
_squeezed() {
    tr -d ' \t\n' <"$1"
}

# expect_in FILE TEXT...: every TEXT occurs in FILE; otherwise FILE is printed and the check fails.
expect_in() {
    local file="$1" text
    shift
    for text in "$@"; do
        _squeezed "$file" | grep -qF -- "$(tr -d ' \t\n' <<<"$text")" || {
            cat "$file" >&2
            echo "FAILED: '$text' not in $file" >&2
            return 1
        }
    done
}

# expect_not_in FILE TEXT...: no TEXT occurs in FILE.
expect_not_in() {
    local file="$1" text
    shift
    for text in "$@"; do
        # Short texts only as written: without whitespace they could match across words.
        if grep -qF -- "$text" "$file" \
            || { [[ ${#text} -ge 12 ]] && _squeezed "$file" | grep -qF -- "$(tr -d ' \t\n' <<<"$text")"; }; then
            echo "FAILED: '$text' found in $file" >&2
            return 1
        fi
    done
}

# emulator_unset_caller_environment: forget the caller's credentials, endpoints, credentials file,
# profile and agency (the names in files/caller_environment.txt), so that only what a test sets
# reaches the collection. HW_METADATA_CREDENTIALS stays as sourcing this file set it (false):
# tests never probe the real metadata service.
emulator_unset_caller_environment() {
    local name
    while read -r name; do
        [[ -z "$name" || "$name" == \#* ]] || unset "$name"
    done <"$_emulator_library_dir/files/caller_environment.txt"
}
