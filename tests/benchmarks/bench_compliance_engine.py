#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark of the compliance rule engine alone (no Ansible, no HTTP): every rule over a fleet.

    python tests/benchmarks/bench_compliance_engine.py                  # 100,000 servers, 5 runs
    python tests/benchmarks/bench_compliance_engine.py --size 10000 --repetitions 9

A script, not a test: it prints the median (and every run) of load_policy() + evaluate() for a
policy using all twelve rules, once with few violations (a fleet in order) and once with many
(every server breaks several rules), and of rendering both reports. docs/performance.md quotes it.
"""

import argparse
import os
import statistics
import sys
import time

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPOSITORY_ROOT)

from plugins.module_utils._compliance import evaluate, load_policy  # noqa: E402 pylint: disable=wrong-import-position
from plugins.module_utils._compliance_report import junit, markdown  # noqa: E402 pylint: disable=wrong-import-position
from tests.emulator.fleet import IMAGE_TYPES, generate_fleet  # noqa: E402 pylint: disable=wrong-import-position

NOW = "2023-01-01T00:00:00Z"  # before every generated update_time: nobody is stuck unless the policy says so
FEW = {
    "allowed_statuses": ["CREATING", "ACTIVE", "BUILDING", "BUILT", "DELETING", "ERROR", "NULL"],
    "max_age_in_status": {"BUILDING": "6h", "CREATING": "45m"},
    "require_server_group": True,
    "require_enterprise_project": False,
    "allowed_image_types": list(IMAGE_TYPES),
    "allowed_image_ids": [],
    "min_authorized_accounts": 1,
    "max_authorized_accounts": 3,
    "allowed_account_domains": ["demo-domain", "ops.example.com", "corp.example.org", "partner.example.net"],
    "allowed_account_types": ["USER", "USER_GROUP"],
    "forbidden_accounts": ["guest"],
    "name_pattern": "img-srv-[0-9]+",
}
MANY = dict(
    FEW,
    allowed_statuses=["ACTIVE"],
    require_enterprise_project=True,
    allowed_image_types=["gold"],
    max_authorized_accounts=1,
    allowed_account_domains=["corp.example.org"],
    allowed_account_types=["USER"],
)


def timed(function, repetitions):
    """(median wall seconds, median CPU seconds, wall runs, last result)."""
    runs, cpu = [], []
    result = None
    for dummy in range(repetitions):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(runs), statistics.median(cpu), runs, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    items = generate_fleet(args.size, args.seed)
    # allowed_image_ids: every id of the fleet, so that the rule is evaluated but met.
    image_ids = sorted(set(item["image_id"] or item["image_ref"]["id"] for item in items))
    print(
        "Python %s; %d cores; load average %.2f %.2f %.2f; %d servers; median of %d runs"
        % ((sys.version.split()[0], os.cpu_count()) + os.getloadavg() + (args.size, args.repetitions))
    )
    # On a shared machine the CPU time is the steadier figure; the wall time includes waiting for a core.
    print("| policy (all 12 rules) | violations | servers with one | median wall | median CPU | wall runs |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    verdicts = {}
    for label, rules in (("few violations", dict(FEW, allowed_image_ids=image_ids)), ("many violations", dict(MANY, allowed_image_ids=image_ids[:10]))):
        assert len(rules) == 12
        median, cpu, runs, verdict = timed(lambda: evaluate(items, load_policy(rules, None, NOW)), args.repetitions)
        verdicts[label] = verdict
        print(
            "| %s | %d | %d | %.3f s | %.3f s | %s |"
            % (label, verdict["violation_count"], verdict["noncompliant_count"], median, cpu, ", ".join("%.3f" % run for run in runs))
        )
    policy = load_policy(dict(FEW, allowed_image_ids=image_ids), None, NOW)
    positions = []
    verdict = evaluate(items, policy, positions)
    median, cpu, runs, text = timed(lambda: junit(items, policy.rule_names, positions), args.repetitions)
    print(
        "| JUnit report, few violations | %d test cases | %.1f MiB | %.3f s | %.3f s | %s |"
        % (args.size * 12, len(text) / 1048576.0, median, cpu, ", ".join("%.3f" % run for run in runs))
    )
    median, cpu, runs, text = timed(lambda: markdown(verdicts["many violations"]), args.repetitions)
    print(
        "| Markdown report, many violations | %d rows | %.1f MiB | %.3f s | %.3f s | %s |"
        % (verdicts["many violations"]["violation_count"], len(text) / 1048576.0, median, cpu, ", ".join("%.3f" % run for run in runs))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
