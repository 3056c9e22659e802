# shellcheck shell=bash
# Shared helpers for scripts/demo and scripts/test. Source it; do not run it.
#
# Everything the scripts need is bootstrapped here, idempotently, from the package index only:
#   .venvs/ansible-<series>/   one virtualenv per ansible-core series, made with ${PYTHON:-python3}
#   .tmp/<name>/ansible_collections/huaweicloud/workspace/   a copy of the working tree, because
#       ansible and ansible-test only find a collection inside an ansible_collections/ tree.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS_LIB="$REPO_ROOT/scripts/lib"
PYTHON="${PYTHON:-python3}"

# The newest ansible-core series is the default; scripts/test runs it fully.
export DEFAULT_ANSIBLE_CORE_SERIES="2.19"
MINIMUM_PYTHON="3.11"

section() {
    printf '\n\033[1m==> %s\033[0m\n' "$*"
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

require_python() {
    command -v "$PYTHON" >/dev/null 2>&1 \
        || die "'$PYTHON' was not found. Install Python $MINIMUM_PYTHON or newer, or set PYTHON=/path/to/python3."
    "$PYTHON" - "$MINIMUM_PYTHON" <<'EOF' || die "'$PYTHON' is too old: Python $MINIMUM_PYTHON or newer is required (set PYTHON=/path/to/python3.11)."
import sys
required = tuple(int(part) for part in sys.argv[1].split("."))
sys.exit(0 if sys.version_info[:2] >= required else 1)
EOF
    "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
        || die "'$PYTHON' lacks the venv/ensurepip modules (on Debian/Ubuntu: apt-get install python3-venv)."
}

# Prints the hash of everything that decides a venv's content: the interpreter, the
# ansible-core requirement and every requirements file that tests/requirements.txt pulls in.
requirements_hash() {
    local core_spec="$1"
    {
        "$PYTHON" -c 'import sys; print(sys.version)'
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
    wanted="$(requirements_hash "$core_spec")"

    if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        note "ansible-core $series: using $VENV (requirements unchanged)"
    else
        note "ansible-core $series: installing into $VENV"
        rm -f "$stamp"
        "$PYTHON" -m venv --clear "$VENV" || { error "could not create $VENV"; return 1; }
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
    "$PYTHON" "$SCRIPTS_LIB/sync_collection.py" "$REPO_ROOT" "$COLLECTION_DIR" \
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
