# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Running one command with its wall time and peak RSS, and comparing inventories."""

import json
import os
import signal
import statistics
import subprocess
import sys


class RunFailed(RuntimeError):
    pass


class Run(object):
    """One finished command: wall and CPU (user + system) seconds, peak RSS in MiB.

    CPU and RSS count the command and its reaped descendants (forked workers).
    """

    def __init__(self, seconds, cpu_seconds, max_rss_mib):
        self.seconds = seconds
        self.cpu_seconds = cpu_seconds
        self.max_rss_mib = max_rss_mib


# Runs the command and reports its wall time and the rusage of its process tree. A fresh, small
# process per run because a child's ru_maxrss starts from the RSS of the process that spawned it
# (Linux keeps the high-water mark across exec, and subprocess uses vfork): measured straight from
# the benchmark process, which holds parsed inventories of up to 100,000 hosts for the correctness
# guard, every command would seem to need at least that much memory.
MEASURING_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
returncode = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as handle:
    json.dump({"returncode": returncode, "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "max_rss_kib": usage.ru_maxrss}, handle)
"""


def run_timed(command, env, stdout_path, cwd=None, timeout=3600, python=sys.executable):
    """Run command to completion; raise RunFailed (with its stderr) on a non-zero exit.

    Wall time is taken around the command only (not the wrapper's start); CPU time and peak
    RSS (ru_maxrss, KiB on Linux) count the command and its reaped descendants (forked workers).
    """
    stderr_path = stdout_path + ".stderr"
    result_path = stdout_path + ".rusage"
    if os.path.exists(result_path):
        os.unlink(result_path)
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        # Its own session, so that a timeout or an interruption stops the whole process tree.
        process = subprocess.Popen(
            [python, "-c", MEASURING_WRAPPER, result_path] + list(command), env=env, stdout=out, stderr=err, cwd=cwd, start_new_session=True
        )
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise RunFailed("timed out after %d s: %s" % (timeout, " ".join(command)))
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM): leave no ansible process behind.
            _stop(process)
            raise
    try:
        with open(result_path) as handle:
            result = json.load(handle)
    except (OSError, ValueError):
        result = {"returncode": process.returncode}
    if result["returncode"] != 0:
        with open(stderr_path, encoding="utf-8", errors="replace") as handle:
            raise RunFailed("exit %s: %s\n%s" % (result["returncode"], " ".join(command), handle.read()[-4000:]))
    return Run(result["seconds"], result["cpu_seconds"], result["max_rss_kib"] / 1024.0)


def _stop(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.wait()


def summary(runs):
    """Median, min and max seconds and the largest peak RSS of repeated runs."""
    seconds = [run.seconds for run in runs]
    return {
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "runs_s": seconds,
        "median_cpu_s": statistics.median(run.cpu_seconds for run in runs),
        "max_rss_mib": max(run.max_rss_mib for run in runs),
    }


def _plain(value):
    """The value without ansible-inventory's {"__ansible_unsafe": text} markers."""
    if isinstance(value, dict):
        if len(value) == 1 and "__ansible_unsafe" in value:
            return value["__ansible_unsafe"]
        return dict((key, _plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def normalized_inventory(path, keep_trust=True):
    """`ansible-inventory --list` output with every list sorted, for comparing two sources.

    keep_trust=False drops the marks of untrusted text: a static file is trusted (its strings
    may be templates), API data is not, but the content must still be the same.
    """
    with open(path, encoding="utf-8") as handle:
        inventory = json.load(handle)
    if not keep_trust:
        inventory = _plain(inventory)
    for name, group in inventory.items():
        if name == "_meta":
            continue
        for key in ("hosts", "children"):
            if key in group:
                group[key] = sorted(group[key])
    return inventory


def differences(expected, actual, limit=5):
    """A few human-readable differences between two normalised inventories (empty when equal)."""
    found = []
    for name in sorted(set(expected) | set(actual)):
        if name == "_meta":
            continue
        if expected.get(name) != actual.get(name):
            found.append("group %s: %s != %s" % (name, _short(expected.get(name)), _short(actual.get(name))))
    expected_vars = expected.get("_meta", {}).get("hostvars", {})
    actual_vars = actual.get("_meta", {}).get("hostvars", {})
    for host in sorted(set(expected_vars) | set(actual_vars)):
        if expected_vars.get(host) != actual_vars.get(host):
            found.append("hostvars of %s: %s != %s" % (host, _short(expected_vars.get(host)), _short(actual_vars.get(host))))
        if len(found) >= limit:
            break
    return found[:limit]


def _short(value, size=300):
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= size else text[:size] + "..."
