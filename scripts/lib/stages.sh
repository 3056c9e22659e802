# shellcheck shell=bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Stages of scripts/test and how they run: side by side in lanes, each into its own log file,
# one console line per stage, a summary at the end. Source lib/common.sh first.

NEWEST_SERIES=""   # the newest series of the run: units there include the emulator's own tests
read -r -a ANSIBLE_TEST_OPTIONS_LIST <<<"${ANSIBLE_TEST_OPTIONS:-}"

# start_run NAME: logs go to .tmp/logs/NAME-<time>/ (.tmp/logs/NAME-latest points to it).
start_run() {
    RUN_LOGS="$REPO_ROOT/.tmp/logs/$1-$(date +%Y%m%d-%H%M%S)-$$"
    mkdir -p "$RUN_LOGS" || die "cannot create $RUN_LOGS"
    ln -sfn "$(basename "$RUN_LOGS")" "$REPO_ROOT/.tmp/logs/$1-latest"
    RESULTS_FILE="$RUN_LOGS/results"
    : >"$RESULTS_FILE"
    RUN_STARTED=$SECONDS
}

record() {  # record SERIES STAGE STATUS SECONDS LOG
    printf '%-6s %-20s %-4s %5ss  %s\n' "$1" "$2" "$3" "$4" "${5#"$REPO_ROOT"/}" >>"$RESULTS_FILE"
}

# ansible-test makes ~/.ansible/test/id_rsa on first use; on a new machine two stages starting
# together both run ssh-keygen, and the second fails ("already exists. Overwrite?"): make it once.
_ansible_test_ssh_key() {
    local key="$HOME/.ansible/test/id_rsa"
    if [[ -f "$key" && -f "$key.pub" ]]; then
        return 0
    fi
    if ! { mkdir -p "${key%/*}" && rm -f "$key" "$key.pub" && ssh-keygen -m PEM -q -t rsa -N '' -f "$key" >/dev/null; }; then
        die "could not create the ssh key ansible-test uses ($key)"
    fi
}

# run_jobs LANES JOB...: run "SERIES STAGE" jobs, LANES at a time, in the order given.
run_jobs() {
    local lanes="$1" lane pids=()
    shift
    _ansible_test_ssh_key
    local queue="$RUN_LOGS/queue"
    printf '%s\n' "$@" >"$queue"
    section "Running $# stage(s), $lanes side by side (logs: ${RUN_LOGS#"$REPO_ROOT"/}/)"
    trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait; exit 130' INT TERM
    for ((lane = 1; lane <= lanes; lane++)); do
        _lane &
        pids+=($!)
    done
    wait
    trap - INT TERM
}

_lane() {
    local job
    while job="$(_next_job)" && [[ -n "$job" ]]; do
        if [[ "$job" == wait ]]; then
            sleep 5
            continue
        fi
        # shellcheck disable=SC2086  # "SERIES STAGE" splits into two words
        _run_job $job
        [[ "$job" == *" sanity" ]] && rm -f "$RUN_LOGS/sanity.running"
    done
}

# _next_job: pop the first job of the queue, under a lock; prints nothing when the queue is
# empty. One sanity stage at a time: ansible-test keeps its sanity virtualenvs in
# ~/.ansible/test/venv/, shared by the series with the same pins, and two runs building one
# would break it. While one runs, the next other job is taken instead, or "wait".
_next_job() {
    (
        flock 8
        local line job
        # The sanity stages are the longest chain: start the next one as soon as one ends.
        line="$(grep -n ' sanity$' "$RUN_LOGS/queue" | head -n1 | cut -d: -f1)"
        if [[ -z "$line" ]]; then
            line=1
        elif [[ -e "$RUN_LOGS/sanity.running" ]]; then
            line="$(grep -nv ' sanity$' "$RUN_LOGS/queue" | head -n1 | cut -d: -f1)"
            if [[ -z "$line" ]]; then
                [[ -s "$RUN_LOGS/queue" ]] && echo wait
                exit 0
            fi
        fi
        job="$(sed -n "${line}p" "$RUN_LOGS/queue")"
        [[ -n "$job" ]] || exit 0
        sed -i "${line}d" "$RUN_LOGS/queue"
        [[ "$job" == *" sanity" ]] && touch "$RUN_LOGS/sanity.running"
        printf '%s\n' "$job"
    ) 8>>"$RUN_LOGS/queue.lock"
}

_run_job() {  # _run_job SERIES STAGE
    local series="$1" stage="$2" log started status
    log="$RUN_LOGS/$series-$stage.log"
    started=$SECONDS
    STAGE_LOG="$log"  # the stages read their own output back from it
    { _series_ready "$series" && "stage_${stage%%-py*}" "$series" "$stage"; } >"$STAGE_LOG" 2>&1
    status=$?
    local seconds=$((SECONDS - started)) word=PASS
    case $status in
        0) ;;
        77) word=SKIP ;;
        *) word=FAIL ;;
    esac
    record "$series" "$stage" "$word" "$seconds" "$log"
    (
        flock 9
        printf '    %s %-6s %-20s %5ss\n' "$word" "$series" "$stage" "$seconds"
        if [[ $word == FAIL ]]; then
            tail -n 25 "$log" | sed 's/^/        | /'
            printf '        full log: %s\n' "$log"
        fi
    ) 9>>"$RUN_LOGS/output.lock"
}

# _series_ready SERIES: the series' virtualenv, made by the first stage that needs it while the
# other lane goes on (a second stage of the series waits for it); pip's output goes to
# setup-SERIES.log, the outcome is recorded as the series' setup stage.
_series_ready() {
    local series="$1" started=$SECONDS
    [[ "$series" == tools ]] && return 0
    (
        flock 7
        if [[ ! -e "$RUN_LOGS/setup-$series.status" ]]; then
            ensure_venv "$series" >>"$RUN_LOGS/setup-$series.log" 2>&1
            echo $? >"$RUN_LOGS/setup-$series.status"
            if [[ "$(cat "$RUN_LOGS/setup-$series.status")" == 0 ]]; then
                record "$series" setup PASS $((SECONDS - started)) "$RUN_LOGS/setup-$series.log"
            else
                record "$series" setup FAIL $((SECONDS - started)) "$RUN_LOGS/setup-$series.log"
            fi
        fi
        [[ "$(cat "$RUN_LOGS/setup-$series.status")" == 0 ]] && exit 0
        printf 'ansible-core %s could not be set up (log: %s):\n' "$series" "$RUN_LOGS/setup-$series.log"
        grep '^ERROR' "$RUN_LOGS/setup-$series.log"
        exit 1
    ) 7>>"$RUN_LOGS/setup-$series.lock"
}

summarize() {
    section "Summary ($((SECONDS - RUN_STARTED))s; logs: ${RUN_LOGS#"$REPO_ROOT"/}/)"
    sort -s -k1,1V "$RESULTS_FILE" | sed 's/^/    /'
    local passed failed
    passed="$(grep -c ' PASS ' "$RESULTS_FILE")"
    failed="$(grep -c ' FAIL ' "$RESULTS_FILE")"
    printf '\nstages: %d passed, %d failed\n' "$passed" "$failed"
    [[ $failed -eq 0 ]]
}

# --- the stages: each prints to its log, exits 0 (pass), 77 (nothing to run) or other (fail) ---

_series_env() {  # _series_env SERIES COPY: sets VENV, PY, COLLECTION_DIR for a stage
    VENV="$REPO_ROOT/.venvs/ansible-$1"
    PY="$(venv_python_version "$VENV")"
    sync_collection "$2"
    printf 'ansible-core %s, Python %s, collection copy %s\n' \
        "$("$VENV/bin/python" -c 'import ansible; print(ansible.__version__)')" "$PY" "$COLLECTION_DIR"
}

_ansible_test() {  # _ansible_test ARGS...: ansible-test in the copy, with the series' venv
    local -a command=("$VENV/bin/ansible-test" "$@" "${ANSIBLE_TEST_OPTIONS_LIST[@]}")
    printf '+ %s\n' "${command[*]##*/}"
    run_in_process_group env --chdir="$COLLECTION_DIR" PATH="$VENV/bin:$PATH" "${command[@]}"
}

stage_sanity() {
    _series_env "$1" "ansible-$1-sanity"
    _ansible_test sanity --venv --python "$PY"
}

stage_units() {  # units on the series' Python; units-pyX.Y: module_utils tests on Python X.Y
    local series="$1" stage="$2"
    _series_env "$series" "ansible-$series-$stage"
    [[ -n "$(find "$COLLECTION_DIR/tests/unit" -name 'test_*.py' -print -quit 2>/dev/null)" ]] \
        || { echo "no unit tests under tests/unit/"; return 77; }
    if [[ "$stage" == units-py* ]]; then
        [[ -n "${MODULE_PYTHON_PATH:-}" ]] || { echo "Python ${stage#units-py} was not found"; return 1; }
        # ansible-test finds pythonX.Y on PATH for --venv.
        PATH="$(dirname "$MODULE_PYTHON_PATH"):$PATH" _ansible_test units --venv --python "${stage#units-py}" \
            tests/unit/plugins/module_utils/
    elif [[ "$series" == "$NEWEST_SERIES" ]]; then
        _ansible_test units --venv --python "$PY"
    else
        # tests/unit/emulator checks the emulator, a standard-library server that does not depend
        # on ansible-core: once, on the newest series, is enough.
        _ansible_test units --venv --python "$PY" tests/unit/plugins/
    fi
}

_has_integration_targets() {
    local aliases
    for aliases in "$COLLECTION_DIR"/tests/integration/targets/*/aliases; do
        [[ -e "$aliases" ]] || continue
        case "$(basename "$(dirname "$aliases")")" in
            setup_*|prepare_*) continue ;;
        esac
        grep -qxE '(hidden|disabled|unsupported)' "$aliases" || return 0
    done
    return 1
}

# _no_collection_deprecations LOG: fail if ansible-core (2.20+) printed a deprecation warning
# about this collection's code. Such a warning names the collection or a path inside it.
_no_collection_deprecations() {
    local found
    # A warning is its [DEPRECATION WARNING] line plus its continuation lines (indented, Origin:).
    found="$(awk '
        /\[DEPRECATION WARNING\]/ { text = $0 "\n"; open = 1; hit = /huaweicloud[.\/]workspace/; next }
        open && /^([ \t]|Origin:)/ { text = text $0 "\n"; if ($0 ~ /huaweicloud[.\/]workspace/) hit = 1; next }
        { if (open && hit) printf "%s", text; open = 0; hit = 0 }
        END { if (open && hit) printf "%s", text }' "$1")"
    if [[ -n "$found" ]]; then
        printf '\nFAIL: deprecation warnings about huaweicloud.workspace:\n%s\n' "$found"
        return 1
    fi
}

stage_integration() {
    local series="$1" stage="$2" status
    _series_env "$series" "ansible-$series-$stage"
    _has_integration_targets || { echo "no integration targets"; return 77; }
    if [[ "$stage" == integration-py* ]]; then
        _module_on_old_python "${stage#integration-py}"
    else
        _ansible_test integration --venv --python "$PY"
    fi
    status=$?
    if [[ $status -eq 0 && "$(printf '%s\n2.20\n' "$series" | sort -V | head -n1)" == 2.20 ]]; then
        _no_collection_deprecations "$STAGE_LOG" || status=1
    fi
    return "$status"
}

# The module's integration target with ansible_python_interpreter on an old Python (a venv of
# it with the collection's requirements), ansible-playbook from the series' venv.
_module_on_old_python() {
    local version="$1" target_venv="$REPO_ROOT/.venvs/target-py$1"
    [[ -n "${MODULE_PYTHON_PATH:-}" ]] || { echo "Python $version was not found"; return 1; }
    if [[ ! -x "$target_venv/bin/python" ]] || ! cmp -s "$REPO_ROOT/requirements.txt" "$target_venv/requirements.txt"; then
        "$MODULE_PYTHON_PATH" -m venv --clear "$target_venv" \
            && "$target_venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REPO_ROOT/requirements.txt" \
            && cp "$REPO_ROOT/requirements.txt" "$target_venv/requirements.txt" || return 1
    fi
    local -a env=(PATH="$VENV/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS_ROOT" ANSIBLE_PYTHON_INTERPRETER="$target_venv/bin/python")
    # Proof that modules run on that interpreter, then the target itself.
    env "${env[@]}" "$VENV/bin/ansible" localhost -i localhost, -c local -m ansible.builtin.setup \
        -a filter=ansible_python_version -e "ansible_python_interpreter=$target_venv/bin/python" \
        | tee /dev/stderr | grep -q "\"$version\." || { echo "modules did not run on Python $version"; return 1; }
    (cd "$COLLECTION_DIR/tests/integration/targets/image_server_info" \
        && run_in_process_group env "${env[@]}" ./runme.sh -e "ansible_python_interpreter=$target_venv/bin/python")
}

stage_nox() {  # the default sessions of noxfile.py (formatters check, never rewrite: CI=true)
    local status
    CI=true NO_COLOR=1 "$REPO_ROOT/scripts/nox" --reuse-existing-virtualenvs --no-color
    status=$?
    # antsibull-nox passes a Galaxy import that printed warnings or errors; Galaxy users see them.
    local importer
    importer="$(sed -n '/python -m galaxy_importer.main/,/Session build-import-check/p' "$RUN_LOGS/tools-nox.log" \
        | grep -E '^(WARNING|ERROR)' | grep -v "^WARNING: Location 'file:")"
    if [[ -n "$importer" ]]; then
        printf '\nFAIL: galaxy-importer reported:\n%s\n' "$importer"
        status=1
    fi
    return "$status"
}
