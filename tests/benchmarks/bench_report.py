# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The benchmark's tables (Markdown, so they can be pasted into docs/performance.md) and targets.

Numbers: (1) floor, (1') floor through Host.set_variable, (2) plugin cold, (3) plugin with
concurrency 1, (4) plugin with a warm cache, (5) playbook running image_server_info, (5') the same
playbook with a module returning the fleet from a file, (6) playbook running image_server_compliance;
(2g) plugin cold with server_group_details;
as numbered in docs/performance.md.
"""

HIGH_LATENCY_MS = 50
TARGET_SIZE = 10000
RSS_SIZE = 100000
# Marginal time per host of the last size step over that of the step before: 1.0 is linear.
LINEAR_TOLERANCE = 1.25


def _find(results, variant, size, latency=None):
    for result in results:
        if result["variant"] == variant and result["size"] == size and result["latency_ms"] == latency:
            return result
    return None


def _seconds(results, variant, size, latency=None):
    result = _find(results, variant, size, latency)
    return None if result is None else result["median_s"]


def _rss(results, variant, size, latency=None):
    result = _find(results, variant, size, latency)
    return None if result is None else result["max_rss_mib"]


def _ratio(numerator, denominator):
    return None if numerator is None or not denominator else numerator / denominator


def _difference(minuend, subtrahend):
    return None if minuend is None or subtrahend is None else minuend - subtrahend


def _sizes(results):
    return sorted(set(result["size"] for result in results))


def _latencies(results):
    return sorted(set(result["latency_ms"] for result in results if result["latency_ms"] is not None))


def _noop(results):
    for result in results:
        if result["variant"] == "noop":
            return result["median_s"]
    return None


def _check(name, value, limit, met, shown):
    return {
        "target": name,
        "value": value,
        "limit": limit,
        "met": None if value is None else met(value),
        "shown": "not measured" if value is None else shown % value,
    }


def _at_most(name, value, limit, shown):
    return _check(name, value, limit, lambda measured: measured <= limit, shown)


def _at_least(name, value, limit, shown):
    return _check(name, value, limit, lambda measured: measured >= limit, shown)


def target_checks(results):
    """The issue's targets, each with its measured value and whether it is met (None: not measured)."""

    def cold_at_50ms(variant):
        return _seconds(results, variant, TARGET_SIZE, HIGH_LATENCY_MS)

    checks = []
    for size in _sizes(results):
        ratio = _ratio(_seconds(results, "cold", size, 0), _seconds(results, "floor", size))
        checks.append(_at_most("(2) <= 1.2 x (1) at 0 ms, %d instances" % size, ratio, 1.2, "%.2f x"))
    latency_cost = _difference(cold_at_50ms("cold"), _seconds(results, "cold", TARGET_SIZE, 0))
    checks.append(_at_most("(2 at 50 ms) - (2 at 0 ms) <= 0.5 s, %d instances" % TARGET_SIZE, latency_cost, 0.5, "%+.2f s"))
    for groups, cold, how in (("cold_groups", "cold", "--list"), ("cold_groups_export", "cold_export", "--export")):
        name = "(2g) - (2) <= 0.1 s at 50 ms, %d instances (server_group_details, %s)" % (TARGET_SIZE, how)
        checks.append(_at_most(name, _difference(cold_at_50ms(groups), cold_at_50ms(cold)), 0.1, "%+.2f s"))
    concurrency_gain = _difference(cold_at_50ms("sequential"), cold_at_50ms("cold"))
    checks.append(_at_least("(3) - (2) >= 4 s at 50 ms, %d instances" % TARGET_SIZE, concurrency_gain, 4.0, "%+.2f s"))
    for size in _sizes(results):
        warm = _find(results, "warm", size)
        requests = None if warm is None else max(warm.get("requests") or [0])
        checks.append(_at_most("warm cache makes 0 requests, %d instances" % size, requests, 0, "%d request(s)"))
        ratio = _ratio(_seconds(results, "warm", size), _seconds(results, "floor", size))
        checks.append(_at_most("(4) <= 1.15 x (1), %d instances" % size, ratio, 1.15, "%.2f x"))
    rss_ratio = _ratio(_rss(results, "cold", RSS_SIZE, 0), _rss(results, "floor", RSS_SIZE))
    checks.append(_at_most("peak RSS (2) <= 1.3 x (1), %d instances" % RSS_SIZE, rss_ratio, 1.3, "%.2f x"))
    checks.append(
        _at_most(
            "(2) time linear in fleet size (marginal cost per host, last step / step before)",
            linearity(results, "cold"),
            LINEAR_TOLERANCE,
            "%.2f",
        )
    )
    for row, variant in (("(5)", "module"), ("(6)", "compliance")):
        name = "%s <= no-op playbook + 1.5 s at 50 ms, %d instances" % (row, TARGET_SIZE)
        checks.append(_at_most(name, _difference(cold_at_50ms(variant), _noop(results)), 1.5, "%+.2f s"))
    return checks


def marginal_per_thousand(results, variant, latency=0):
    """[(from size, to size, seconds per 1,000 more instances)] between consecutive sizes."""
    sizes = _sizes(results)
    steps = []
    for small, large in zip(sizes, sizes[1:]):
        step = _difference(
            _seconds(results, variant, large, latency if variant != "floor" else None),
            _seconds(results, variant, small, latency if variant != "floor" else None),
        )
        if step is not None:
            steps.append((small, large, step * 1000.0 / (large - small)))
    return steps


def linearity(results, variant):
    steps = marginal_per_thousand(results, variant)
    if len(steps) < 2 or steps[-2][2] <= 0:
        return None
    return steps[-1][2] / steps[-2][2]


def _cell(value, fmt="%.2f"):
    return "-" if value is None else fmt % value


def _cpu(results, variant, size, latency=None):
    result = _find(results, variant, size, latency)
    return None if result is None else result["median_cpu_s"]


def timing_table(results):
    lines = [
        "| instances | latency | (1) floor | (1') floor, Host.set_variable | static YAML | (2) cold "
        "| (3) concurrency 1 | (4) warm cache | (4) requests | (5) module | (5') module floor "
        "| (6) compliance | RSS (1) | RSS (2) | RSS (4) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in _sizes(results):
        warm = _find(results, "warm", size)
        requests = "-" if warm is None else str(max(warm.get("requests") or [0]))
        for latency in _latencies(results):
            lines.append(
                "| %d | %d ms | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                % (
                    size,
                    latency,
                    _cell(_seconds(results, "floor", size)),
                    _cell(_seconds(results, "floor_host", size)),
                    _cell(_seconds(results, "static_yaml", size)),
                    _cell(_seconds(results, "cold", size, latency)),
                    _cell(_seconds(results, "sequential", size, latency)),
                    _cell(_seconds(results, "warm", size)),
                    requests,
                    _cell(_seconds(results, "module", size, latency)),
                    _cell(_seconds(results, "module_floor", size)),
                    _cell(_seconds(results, "compliance", size, latency)),
                    _cell(_rss(results, "floor", size), "%.0f MiB"),
                    _cell(_rss(results, "cold", size, latency), "%.0f MiB"),
                    _cell(_rss(results, "warm", size), "%.0f MiB"),
                )
            )
    return lines


def ratio_table(results):
    noop = _noop(results)
    lines = [
        "| instances | latency | (2)/(1) | (2)/(1) CPU | (2)/(1') | (4)/(1) | (3)-(2) | (2)-(2 at 0 ms) "
        "| (5)-no-op | (5)-(5') | (6)-no-op | RSS (2)/(1) | RSS (4)/(1) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in _sizes(results):
        floor = _seconds(results, "floor", size)
        for latency in _latencies(results):
            cold = _seconds(results, "cold", size, latency)
            module = _seconds(results, "module", size, latency)
            lines.append(
                "| %d | %d ms | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                % (
                    size,
                    latency,
                    _cell(_ratio(cold, floor)),
                    _cell(_ratio(_cpu(results, "cold", size, latency), _cpu(results, "floor", size))),
                    _cell(_ratio(cold, _seconds(results, "floor_host", size))),
                    _cell(_ratio(_seconds(results, "warm", size), floor)),
                    _cell(_difference(_seconds(results, "sequential", size, latency), cold), "%+.2f s"),
                    _cell(_difference(cold, _seconds(results, "cold", size, 0)), "%+.2f s"),
                    _cell(_difference(module, noop), "%+.2f s"),
                    _cell(_difference(module, _seconds(results, "module_floor", size)), "%+.2f s"),
                    _cell(_difference(_seconds(results, "compliance", size, latency), noop), "%+.2f s"),
                    _cell(_ratio(_rss(results, "cold", size, latency), _rss(results, "floor", size))),
                    _cell(_ratio(_rss(results, "warm", size), _rss(results, "floor", size))),
                )
            )
    return lines


def server_groups_table(results):
    """(2g), the plugin cold with server_group_details, next to (2): --list, then --list --export."""
    lines = [
        "| instances | latency | output | (2) cold | (2g) cold, server_group_details | (2g)-(2) | CPU (2) | CPU (2g) | RSS (2) | RSS (2g) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in _sizes(results):
        for latency in _latencies(results):
            for cold, groups, how in (("cold", "cold_groups", "--list"), ("cold_export", "cold_groups_export", "--list --export")):
                if _find(results, groups, size, latency) is None:
                    continue
                lines.append(
                    "| %d | %d ms | %s | %s | %s | %s | %s | %s | %s | %s |"
                    % (
                        size,
                        latency,
                        how,
                        _cell(_seconds(results, cold, size, latency)),
                        _cell(_seconds(results, groups, size, latency)),
                        _cell(_difference(_seconds(results, groups, size, latency), _seconds(results, cold, size, latency)), "%+.2f s"),
                        _cell(_cpu(results, cold, size, latency)),
                        _cell(_cpu(results, groups, size, latency)),
                        _cell(_rss(results, cold, size, latency), "%.0f MiB"),
                        _cell(_rss(results, groups, size, latency), "%.0f MiB"),
                    )
                )
    return lines if len(lines) > 2 else []


def print_report(facts, results, checks, args):
    print()
    print("%s; Python %s; %d cores; %s; median of %d run(s)" % (facts["ansible_core"], facts["python"], facts["cpu_count"], facts["date"], args.repetitions))
    print("load average at start %.2f %.2f %.2f, at end %.2f %.2f %.2f" % (tuple(facts["load_average_at_start"]) + tuple(facts["load_average_at_end"])))
    print()
    print("\n".join(timing_table(results)))
    noop = _noop(results)
    print()
    print("no-op playbook (ansible.builtin.ping instead of the listing): %s s" % _cell(noop))
    print()
    print("\n".join(ratio_table(results)))
    print()
    groups = server_groups_table(results)
    if groups:
        print("\n".join(groups))
        print()
    for variant in ("floor", "cold"):
        steps = marginal_per_thousand(results, variant)
        if steps:
            print("%s at 0 ms, seconds per 1,000 more instances: %s" % (variant, ", ".join("%d->%d %.3f" % step for step in steps)))
    print()
    print("| target | measured | met |")
    print("| --- | ---: | --- |")
    for check in checks:
        met = {True: "yes", False: "**no**", None: "-"}[check["met"]]
        print("| %s | %s | %s |" % (check["target"], check["shown"], met))
