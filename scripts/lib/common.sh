# shellcheck shell=bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for scripts/demo and scripts/test. Source it; do not run it.
#
# Everything the scripts need is bootstrapped here, idempotently, from the package index only:
#   .venvs/ansible-<series>/   one virtualenv per ansible-core series, made with the Python that series runs on (see python_for_series)
#   .tmp/<name>/ansible_collections/huaweicloud/workspace/   a copy of the working tree, because
#       ansible and ansible-test only find a collection inside an ansible_collections/ tree.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS_LIB="$REPO_ROOT/scripts/lib"

# The newest ansible-core series is the default; scripts/test runs it fully.
export DEFAULT_ANSIBLE_CORE_SERIES="2.21"
# Python for the tools (nox, docs, release checks) when PYTHON is not set.
MINIMUM_PYTHON="3.11"

# Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org/).
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
    _BOLD=$'\033[1m' _PLAIN=$'\033[0m'
else
    _BOLD="" _PLAIN=""
fi

section() {
    printf '\n%s==> %s%s\n' "$_BOLD" "$*" "$_PLAIN"
}

note() {
    printf '    %s\n' "$*"
}

error() {
    printf 'ERROR: %s\n' "$*" >&2
}

die() {
    error "$@"
    exit 1
}

# controller_python_for SERIES: the Python minor version an ansible-core series runs on here
# (2.16-2.19 on 3.11; 2.20 and newer need 3.12+: 2.20 on 3.12, 2.21 and later on 3.13).
controller_python_for() {
    case "$1" in
        2.1[0-9]) printf '3.11\n' ;;
        2.20) printf '3.12\n' ;;
        *) printf '3.13\n' ;;
    esac
}

_python_minor() {  # _python_minor INTERPRETER: prints e.g. 3.11, fails if it does not run
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

# find_python MINOR: print an interpreter of that Python version (any patch release):
# pythonMINOR on PATH, python3 if it has that version, then pyenv's versions (PYENV_ROOT,
# ~/.pyenv, /root/.pyenv). A pyenv shim of a version that is not selected fails to run and is
# skipped.
find_python() {
    local minor="$1" candidate root
    local -a candidates=("python$minor" python3)
    for root in "${PYENV_ROOT:-}" "${HOME:-}/.pyenv" /root/.pyenv; do
        [[ -n "$root" && -d "$root/versions" ]] || continue
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(find "$root/versions" -maxdepth 3 -path "*/versions/$minor.*/bin/python$minor" 2>/dev/null | sort -rV)
    done
    for candidate in "${candidates[@]}"; do
        if [[ "$(_python_minor "$candidate")" == "$minor" ]]; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# python_for_series SERIES: sets PYTHON_FOR_SERIES to the interpreter for that series' venv
# (PYTHON overrides), or says what to install and returns 1.
python_for_series() {
    local minor
    minor="$(controller_python_for "$1")"
    if [[ -n "${PYTHON:-}" ]]; then
        PYTHON_FOR_SERIES="$PYTHON"
    elif ! PYTHON_FOR_SERIES="$(find_python "$minor")"; then
        error "ansible-core $1 runs on Python $minor here, and no python$minor was found (PATH, pyenv)."
        error "Install Python $minor (for example: pyenv install $minor), or set PYTHON=/path/to/python$minor."
        return 1
    fi
    check_python "$PYTHON_FOR_SERIES" "$minor"
}

# check_python INTERPRETER MINIMUM: it runs, is at least MINIMUM and can make virtualenvs.
check_python() {
    local interpreter="$1" minimum="$2" version
    version="$(_python_minor "$interpreter")" \
        || { error "'$interpreter' does not run. Install Python $minimum or newer, or set PYTHON=/path/to/python$minimum."; return 1; }
    [[ "$(printf '%s\n%s\n' "$minimum" "$version" | sort -V | head -n1)" == "$minimum" ]] \
        || { error "'$interpreter' is Python $version: $minimum or newer is required (set PYTHON=/path/to/python$minimum)."; return 1; }
    "$interpreter" -c 'import venv, ensurepip' 2>/dev/null \
        || { error "'$interpreter' lacks the venv/ensurepip modules (on Debian/Ubuntu: apt-get install python3-venv)."; return 1; }
}

# require_python: TOOL_PYTHON, the interpreter for the tools' virtualenvs and helper scripts
# (PYTHON, else python3 >= 3.11).
require_python() {
    TOOL_PYTHON="${PYTHON:-python3}"
    check_python "$TOOL_PYTHON" "$MINIMUM_PYTHON" || exit 1
}

# Prints the hash of everything that decides a venv's content: the interpreter, the
# ansible-core requirement and every requirements file that tests/requirements.txt pulls in.
requirements_hash() {
    local core_spec="$1" python="$2"
    {
        "$python" -c 'import sys; print(sys.version)'
        printf '%s\n' "$core_spec"
        cat "$REPO_ROOT/tests/requirements.txt" \
            "$REPO_ROOT/tests/unit/requirements.txt" \
            "$REPO_ROOT/tests/integration/requirements.txt"
    } | sha256sum | cut -d' ' -f1
}

# ensure_venv SERIES: create or refresh .venvs/ansible-SERIES; sets VENV. Returns 1 on failure.
ensure_venv() {
    local series="$1"
    local core_spec="ansible-core~=${series}.0"
    VENV="$REPO_ROOT/.venvs/ansible-$series"
    local stamp="$VENV/.requirements.sha256"
    local wanted
    python_for_series "$series" || return 1
    wanted="$(requirements_hash "$core_spec" "$PYTHON_FOR_SERIES")"

    if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        note "ansible-core $series: using $VENV (requirements unchanged)"
    else
        note "ansible-core $series: installing into $VENV (Python $(_python_minor "$PYTHON_FOR_SERIES"): $PYTHON_FOR_SERIES)"
        rm -f "$stamp"
        "$PYTHON_FOR_SERIES" -m venv --clear "$VENV" || { error "could not create $VENV"; return 1; }
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            "$core_spec" -r "$REPO_ROOT/tests/requirements.txt" \
            || { error "installing ansible-core $series and the test requirements failed"; return 1; }
        printf '%s\n' "$wanted" >"$stamp"
    fi
    local version_output
    version_output="$("$VENV/bin/ansible" --version)" || { error "$VENV/bin/ansible does not run"; return 1; }
    note "${version_output%%$'\n'*}"
    # ansible-test fetches a pip bootstrap script from the internet for each venv it
    # creates; an ensurepip-based stand-in in its cache makes it work offline.
    "$VENV/bin/python" "$SCRIPTS_LIB/install_offline_get_pip.py" \
        || { error "could not install the offline pip bootstrap for ansible-test"; return 1; }
}

venv_python_version() {  # venv_python_version VENV_DIR: prints e.g. 3.11
    "$1/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

# sync_collection NAME: refresh .tmp/NAME/ansible_collections/huaweicloud/workspace from the
# working tree; sets COLLECTIONS_ROOT and COLLECTION_DIR.
# The copy stays locked until the calling script exits, so that a second run of the same
# version waits instead of mixing its files and results into this one.
sync_collection() {
    COLLECTIONS_ROOT="$REPO_ROOT/.tmp/$1"
    COLLECTION_DIR="$COLLECTIONS_ROOT/ansible_collections/huaweicloud/workspace"
    mkdir -p "$COLLECTIONS_ROOT"
    if command -v flock >/dev/null 2>&1; then
        local lock_fd
        exec {lock_fd}>>"$COLLECTIONS_ROOT/.lock"
        if ! flock --nonblock "$lock_fd"; then
            note "another run is using $COLLECTIONS_ROOT; waiting for it to finish"
            flock "$lock_fd"
        fi
    fi
    "${TOOL_PYTHON:-python3}" "$SCRIPTS_LIB/sync_collection.py" "$REPO_ROOT" "$COLLECTION_DIR" \
        || die "could not copy the collection to $COLLECTION_DIR"
}

# run_in_process_group COMMAND...: run COMMAND as its own process group and, once it has
# finished (or this script is interrupted), stop whatever it left running, so that a test that
# forgets a server process cannot leak it past the run.
run_in_process_group() {
    local status leftovers
    set -m
    "$@" &
    _PROCESS_GROUP=$!
    set +m
    trap '_stop_process_group; exit 130' INT TERM
    wait "$_PROCESS_GROUP"
    status=$?
    if command -v pgrep >/dev/null 2>&1; then
        leftovers="$(pgrep -g "$_PROCESS_GROUP" | wc -l)"
        if [[ "$leftovers" -gt 0 ]]; then
            note "stopping $leftovers process(es) the command left running"
        fi
    fi
    _stop_process_group
    trap - INT TERM
    return "$status"
}

_stop_process_group() {
    if [[ -n "${_PROCESS_GROUP:-}" ]]; then
        kill -TERM -- "-$_PROCESS_GROUP" 2>/dev/null
        _PROCESS_GROUP=""
    fi
    return 0
}
