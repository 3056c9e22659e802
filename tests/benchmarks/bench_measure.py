# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Running one command with its wall time and peak RSS, and comparing inventories."""

import json
import os
import statistics
import subprocess
import threading
import time


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


def run_timed(command, env, stdout_path, cwd=None, timeout=3600):
    """Run command to completion; raise RunFailed (with its stderr) on a non-zero exit.

    os.wait4 gives the rusage of this one child including its reaped descendants, so the peak
    RSS is per run even though every run is a child of the same benchmark process.
    """
    stderr_path = stdout_path + ".stderr"
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, cwd=cwd)
        # A blocking wait4 (no polling that would cost CPU during the run); a timer kills a hung run.
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            dummy, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM): leave no ansible process behind.
            process.kill()
            process.wait()
            raise
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        with open(stderr_path, encoding="utf-8", errors="replace") as handle:
            raise RunFailed("exit %d: %s\n%s" % (process.returncode, " ".join(command), handle.read()[-4000:]))
    # ru_maxrss is in KiB on Linux.
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0)


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
            found.append("hostvars of %s: %s != %s" % (host, _short(expected_vars.get(host)),
                                                       _short(actual_vars.get(host))))
        if len(found) >= limit:
            break
    return found[:limit]


def _short(value, size=300):
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= size else text[:size] + "..."
