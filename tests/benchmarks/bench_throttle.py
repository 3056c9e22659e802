#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Throttled listing benchmark: the client against emulators whose gateway throttle is scaled down.

    python tests/benchmarks/bench_throttle.py                        # every row, median of 3
    python tests/benchmarks/bench_throttle.py --baseline /tmp/main   # and the same rows with main's code
    python tests/benchmarks/bench_throttle.py --rows 10000,regions --repetitions 5

Each row serves fleets with `python -m tests.emulator --rate-limit RPS --latency-ms 50` (one
emulator per region, so each region has its own endpoint and its own limit, as in the cloud) and
times `list_image_servers_by_region` (bench_listing.py) without Ansible around it, so the figures
are bound by the throttle rather than by the CPU of a shared machine. The floor of a region is
pages / limit: the time the limit itself imposes. 429s are counted in the emulators' request logs.
The `unthrottled` row is the cold listing without a throttle, for comparing with --baseline;
`inventory` is the same through `ansible-inventory --list` (the (2) cold row of run_benchmarks.py).
docs/performance.md explains the rows and quotes a run.
"""

import argparse
import datetime
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

BENCHMARK_DIR = os.path.dirname(os.path.abspath(__file__))
REPOSITORY_ROOT = os.path.dirname(os.path.dirname(BENCHMARK_DIR))
sys.path.insert(0, REPOSITORY_ROOT)

from tests.emulator.process import EmulatorProcess  # noqa: E402 pylint: disable=wrong-import-position

PAGE_SIZE = 100
LATENCY_MS = 50
FOREIGN_PREFIXES = ("HW_", "HUAWEICLOUD_", "ANSIBLE_")


class Row(object):
    """One benchmark row: regions as (name, servers, limit or None), and the client's options.

    `repeat` multiplies --repetitions: the unthrottled listing is short and noisy, so it runs more often.
    """

    def __init__(self, name, regions, max_rate=None, inventory=False, repeat=1):
        self.name = name
        self.regions = regions
        self.max_rate = max_rate
        self.inventory = inventory
        self.repeat = repeat


ROWS = {
    "10000": Row("10000", [("cn-north-4", 10000, 20)]),
    "10000-known": Row("10000-known", [("cn-north-4", 10000, 20)], max_rate=20),
    "100000": Row("100000", [("cn-north-4", 100000, 50)]),
    "regions": Row("regions", [("cn-north-4", 10000, 40), ("cn-east-3", 10000, 20), ("ap-southeast-1", 5000, 10)]),
    "unthrottled": Row("unthrottled", [("cn-north-4", 10000, None)], repeat=3),
    "inventory": Row("inventory", [("cn-north-4", 10000, None)], inventory=True, repeat=2),
}
DEFAULT_ROWS = "10000,10000-known,100000,regions,unthrottled,inventory"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default=DEFAULT_ROWS, help="rows to run, comma-separated (default %(default)s)")
    parser.add_argument("--repetitions", type=int, default=3, help="runs per row and code; the median is shown")
    parser.add_argument(
        "--baseline", metavar="DIR", help="a checkout of another version of the collection (e.g. main) to run the same rows with, round-robin with this one"
    )
    parser.add_argument(
        "--bin-dir", default=os.path.dirname(sys.executable), help="directory holding python and ansible-inventory (default: next to this Python)"
    )
    parser.add_argument("--output", help="raw results as JSON (default tests/output/benchmarks/throttle-<time>.json)")
    args = parser.parse_args(argv)
    args.rows = [name for name in args.rows.split(",") if name]
    unknown = [name for name in args.rows if name not in ROWS]
    if unknown or args.repetitions < 1:
        parser.error("unknown rows %s (known: %s) or --repetitions below 1" % (", ".join(unknown), ", ".join(ROWS)))
    return args


def _collections_dir(workdir, label, root):
    collections = os.path.join(workdir, "collections-%s" % label)
    link = os.path.join(collections, "ansible_collections", "huaweicloud", "workspace")
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if not os.path.islink(link):
        os.symlink(os.path.abspath(root), link)
    return collections


def _clean_env(collections):
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES))
    env.update({"ANSIBLE_COLLECTIONS_PATH": collections, "ANSIBLE_NOCOLOR": "true", "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    return env


def _emulator_faults(limit):
    faults = {"latency_ms": LATENCY_MS}
    if limit:
        faults["rate_limit"] = limit
    return faults


class Emulators(object):
    """One emulator per region of a row, each on its own port (its own endpoint)."""

    def __init__(self, row):
        self.row = row
        self.processes = []

    def __enter__(self):
        for region, servers, limit in self.row.regions:
            process = EmulatorProcess("--region", region, "--servers", servers, "--latency-ms", LATENCY_MS)
            self.processes.append(process.start())
        return self

    def __exit__(self, *exc_info):
        for process in self.processes:
            process.stop()

    def reset(self):
        """A fresh throttle (a full bucket) and an empty request log in every emulator."""
        for process, (dummy, dummy2, limit) in zip(self.processes, self.row.regions):
            process.set_faults(_emulator_faults(limit))
            process.clear_requests()

    def config(self):
        first = self.processes[0]
        return {
            "regions": [
                {"region": region, "endpoint": process.url, "project_id": process.project_id(region)}
                for process, (region, dummy, dummy2) in zip(self.processes, self.row.regions)
            ],
            "access_key": first.credentials["access_key"],
            "secret_key": first.credentials["secret_key"],
            "max_requests_per_second": self.row.max_rate,
        }

    def region_figures(self):
        """Per region: requests, 429s, seconds from the first to the last logged answer."""
        figures = []
        for process, (region, servers, limit) in zip(self.processes, self.row.regions):
            entries = [entry for entry in process.requests() if entry["kind"] == "api"]
            times = sorted(datetime.datetime.fromisoformat(entry["time"]) for entry in entries)
            span = (times[-1] - times[0]).total_seconds() + LATENCY_MS / 1000.0 if times else 0.0
            figures.append(
                {
                    "region": region,
                    "servers": servers,
                    "limit": limit,
                    "pages": int(math.ceil(servers / float(PAGE_SIZE))),
                    "requests": len(entries),
                    "throttled": sum(1 for entry in entries if entry["status"] == 429),
                    "span_s": span,
                }
            )
        return figures


def run_listing(args, collections, config_path):
    python = os.path.join(args.bin_dir, "python")
    command = [python if os.path.exists(python) else sys.executable, os.path.join(BENCHMARK_DIR, "bench_listing.py"), collections, config_path]
    completed = subprocess.run(command, env=_clean_env(collections), capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError("listing failed: %s\n%s" % (completed.stdout, completed.stderr[-3000:]))
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_inventory(args, collections, workdir, config):
    region = config["regions"][0]
    source = os.path.join(workdir, "cold.image_servers.yml")
    with open(source, "w", encoding="utf-8") as handle:
        values = (region["region"], region["endpoint"], region["project_id"], config["access_key"], config["secret_key"])
        handle.write("plugin: huaweicloud.workspace.image_servers\nregion: %s\nendpoint: %s\nproject_id: %s\naccess_key: %s\nsecret_key: %s\n" % values)
    env = dict(_clean_env(collections), ANSIBLE_INVENTORY_ENABLED="huaweicloud.workspace.image_servers")
    start, cpu_start = datetime.datetime.now(), _children_cpu()
    completed = subprocess.run(
        [os.path.join(args.bin_dir, "ansible-inventory"), "-i", source, "--list"], env=env, capture_output=True, text=True, check=False, cwd=workdir
    )
    seconds, cpu_seconds = (datetime.datetime.now() - start).total_seconds(), _children_cpu() - cpu_start
    if completed.returncode != 0:
        raise RuntimeError("ansible-inventory failed: %s" % completed.stderr[-3000:])
    hosts = len(json.loads(completed.stdout).get("_meta", {}).get("hostvars", {}))
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "counts": {region["region"]: hosts}, "errors": {}}


def bench_row(args, row, codes, workdir):
    """Run the row `repetitions` times for each code (round-robin); return one result per run."""
    runs = []
    with Emulators(row) as emulators:
        config = emulators.config()
        config_path = os.path.join(workdir, "config-%s.json" % row.name)
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        for repetition in range(args.repetitions * row.repeat):
            for label, collections in codes:
                emulators.reset()
                if row.inventory:
                    listing = run_inventory(args, collections, workdir, config)
                else:
                    listing = run_listing(args, collections, config_path)
                expected = dict((region, servers) for region, servers, dummy in row.regions)
                if listing["counts"] != expected:
                    raise RuntimeError("%s (%s) listed %s instead of %s" % (row.name, label, listing["counts"], expected))
                run = {
                    "row": row.name,
                    "code": label,
                    "repetition": repetition,
                    "seconds": listing["seconds"],
                    "cpu_seconds": listing["cpu_seconds"],
                    "regions": emulators.region_figures(),
                }
                runs.append(run)
                print(
                    "  %-12s %-8s run %d: %.2f s, cpu %.2f s, 429s %s"
                    % (row.name, label, repetition, run["seconds"], run["cpu_seconds"], "/".join(str(region["throttled"]) for region in run["regions"])),
                    flush=True,
                )
    return runs


def _median(values):
    return statistics.median(values) if values else None


def summarize(runs, rows, codes):
    """Markdown table: medians per row and code."""
    lines = [
        "| row | code | regions (servers @ limit) | time | CPU | floor | time / floor | requests | 429s | 429 share | per region: pages/s / limit |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        for label, dummy in codes:
            mine = [run for run in runs if run["row"] == row.name and run["code"] == label]
            if not mine:
                continue
            seconds = _median([run["seconds"] for run in mine])
            cpu = _median([run["cpu_seconds"] for run in mine])
            floors = [region["pages"] / float(region["limit"]) for region in mine[0]["regions"] if region["limit"]]
            floor = max(floors) if floors else None
            requests = _median([sum(region["requests"] for region in run["regions"]) for run in mine])
            throttled = _median([sum(region["throttled"] for region in run["regions"]) for run in mine])
            per_region = []
            for index, region in enumerate(mine[0]["regions"]):
                if not region["limit"]:
                    continue
                rate = _median([run["regions"][index]["pages"] / run["regions"][index]["span_s"] for run in mine])
                per_region.append("%s %.1f/%g" % (region["region"], rate, region["limit"]))
            described = ", ".join(
                "%s %d @ %s" % (region["region"], region["servers"], "%g/s" % region["limit"] if region["limit"] else "no limit")
                for region in mine[0]["regions"]
            )
            lines.append(
                "| %s%s | %s | %s | %.2f s | %.2f s | %s | %s | %s | %s | %.1f%% | %s |"
                % (
                    row.name,
                    " (max_requests_per_second=%g)" % row.max_rate if row.max_rate else "",
                    label,
                    described,
                    seconds,
                    cpu,
                    "%.2f s" % floor if floor else "-",
                    "%.2f" % (seconds / floor) if floor else "-",
                    "%g" % requests,
                    "%g" % throttled,
                    100.0 * throttled / requests if requests else 0.0,
                    ", ".join(per_region) or "-",
                )
            )
    if len(codes) > 1:
        lines += ["", "| row | time, this / %s | CPU, this / %s | 429s, this vs %s |" % ((codes[1][0],) * 3), "| --- | ---: | ---: | ---: |"]
        for row in rows:
            medians = {}
            for label, dummy in codes:
                mine = [run for run in runs if run["row"] == row.name and run["code"] == label]
                medians[label] = (
                    _median([run["seconds"] for run in mine]),
                    _median([run["cpu_seconds"] for run in mine]),
                    _median([sum(region["throttled"] for region in run["regions"]) for run in mine]),
                )
            this, other = medians[codes[0][0]], medians[codes[1][0]]
            if None in this or None in other:
                continue
            lines.append("| %s | %.3f | %.3f | %g vs %g |" % (row.name, this[0] / other[0], this[1] / other[1], this[2], other[2]))
    return "\n".join(lines)


def main(argv=None):
    args = parse_arguments(argv)
    workdir = tempfile.mkdtemp(prefix="workspace-throttle-bench-")
    codes = [("this", _collections_dir(workdir, "this", REPOSITORY_ROOT))]
    if args.baseline:
        codes.append(("baseline", _collections_dir(workdir, "baseline", args.baseline)))
    rows = [ROWS[name] for name in args.rows]
    started = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    facts = "Python %s; %d cores; %s; load average at start %.2f %.2f %.2f; median of %d" % (
        platform.python_version(),
        os.cpu_count(),
        started,
        *os.getloadavg(),
        args.repetitions,
    )
    print(facts, flush=True)
    runs = []
    try:
        for row in rows:
            runs.extend(bench_row(args, row, codes, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    table = summarize(runs, rows, codes)
    print("\n%s\nload average at end %.2f %.2f %.2f\n\n%s" % (facts, *os.getloadavg(), table))
    output = args.output or os.path.join(
        REPOSITORY_ROOT, "tests", "output", "benchmarks", "throttle-%s.json" % datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    )
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump({"facts": facts, "baseline": args.baseline, "runs": runs}, handle, indent=2)
    print("raw results: %s" % output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
