# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault configuration (CLI flags or `PUT /_emulator/faults`) and the per-request decisions.

Selection: with `fail_first` and/or `fault_rate` set, a request is faulty when it is among the
first `fail_first` image-servers requests (counted after authentication) or loses the seeded
coin toss. With neither set, the `fault` mode (if any) applies to every request, narrowed by
its own rule (e.g. empty-page only at offset > 0 and only `fault_times` times).
A faulty request without a `fault` mode gets an error with `fault_status`.
`fault_target` chooses the listing faults apply to (and whose requests are counted):
image-servers (the default), app-server-groups, or all; `fault_regions`, when not empty, limits
faults to the projects of those regions. A down region refuses both listings.
"""

import math
import random
import threading

from .throttle import RATE_LIMIT_SCOPES, Throttle

FAULT_MODES = (
    "reset",
    "hang",
    "malformed-json",
    "html",
    "count-grow",
    "count-shrink",
    "duplicate-item",
    "empty-page",
    "long-page",
    "missing-items",
    "missing-count",
    "wrong-types",
    "token-expired",
    "forbidden",
    "project-not-found",
)
WRONG_TYPE_VARIANTS = ("count-string", "items-dict", "item-not-object")
DRIFT_STEP = 7
FAULT_TARGETS = ("image-servers", "app-server-groups", "all")

DEFAULTS = {
    "fail_first": 0,
    "fault_rate": 0.0,
    "fault_status": 503,
    "retry_after": 1,
    "fault": None,
    "fault_times": 1,
    "fault_variant": None,
    "down_regions": [],
    "latency_ms": 0,
    "seed": 42,
    "fault_target": "image-servers",
    "fault_regions": [],
    "rate_limit": None,
    "rate_limit_scope": "endpoint",
}


def _int(name, value, low, high=None):
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value), 10)
        except ValueError:
            raise ValueError("%s must be an integer, got %r" % (name, value))
    if value < low or (high is not None and value > high):
        allowed = "%d..%d" % (low, high) if high is not None else ">= %d" % low
        raise ValueError("%s must be %s, got %d" % (name, allowed, value))
    return value


def parse_faults(data):
    """Validate a fault configuration dict; missing keys take their defaults."""
    if not isinstance(data, dict):
        raise ValueError("the fault configuration must be a JSON object")
    unknown = sorted(set(data) - set(DEFAULTS))
    if unknown:
        raise ValueError("unknown fault keys: %s (allowed: %s)" % (", ".join(unknown), ", ".join(sorted(DEFAULTS))))
    config = dict(DEFAULTS, **{k: v for k, v in data.items() if v is not None})
    config["fail_first"] = _int("fail_first", config["fail_first"], 0)
    config["fault_status"] = _int("fault_status", config["fault_status"], 400, 599)
    config["retry_after"] = _int("retry_after", config["retry_after"], 0)
    config["fault_times"] = _int("fault_times", config["fault_times"], 1)
    config["latency_ms"] = _int("latency_ms", config["latency_ms"], 0)
    config["seed"] = _int("seed", config["seed"], 0)
    try:
        config["fault_rate"] = float(config["fault_rate"])
    except (TypeError, ValueError):
        raise ValueError("fault_rate must be a number between 0 and 1, got %r" % (config["fault_rate"],))
    if not 0.0 <= config["fault_rate"] <= 1.0:
        raise ValueError("fault_rate must be between 0 and 1, got %r" % config["fault_rate"])
    if config["fault"] is not None and config["fault"] not in FAULT_MODES:
        raise ValueError("fault must be one of %s, got %r" % (", ".join(FAULT_MODES), config["fault"]))
    if config["fault_variant"] is not None and config["fault_variant"] not in WRONG_TYPE_VARIANTS:
        raise ValueError("fault_variant must be one of %s, got %r" % (", ".join(WRONG_TYPE_VARIANTS), config["fault_variant"]))
    if config["fault_target"] not in FAULT_TARGETS:
        raise ValueError("fault_target must be one of %s, got %r" % (", ".join(FAULT_TARGETS), config["fault_target"]))
    for name in ("down_regions", "fault_regions"):
        regions = config[name]
        if isinstance(regions, str):
            regions = [regions]
        if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
            raise ValueError("%s must be a list of region names" % name)
        config[name] = list(regions)
    config["rate_limit"] = _rate_limit(config["rate_limit"])
    if config["rate_limit_scope"] not in RATE_LIMIT_SCOPES:
        raise ValueError("rate_limit_scope must be one of %s, got %r" % (", ".join(RATE_LIMIT_SCOPES), config["rate_limit_scope"]))
    return config


def _rate_limit(value):
    """None (no throttle) or a positive number of requests per second."""
    if value is None:
        return None
    try:
        rate = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        rate = None
    if rate is None or not math.isfinite(rate) or rate <= 0:
        raise ValueError("rate_limit must be a positive number of requests per second, got %r" % (value,))
    return rate


class FaultEngine(object):
    """Counters and the seeded coin; replaced wholesale by `configure`."""

    def __init__(self, config):
        self._lock = threading.Lock()
        self.configure(config)

    def configure(self, config):
        with self._lock:
            self.config = config
            self._requests = 0
            self._rng = random.Random(config["seed"])
            self._empty_pages_left = config["fault_times"]
            self._wrong_types = 0
            self._drifting_projects = set()
            self.throttle = Throttle(config["rate_limit"], config["rate_limit_scope"])

    def snapshot(self):
        with self._lock:
            return dict(self.config, down_regions=list(self.config["down_regions"]), fault_regions=list(self.config["fault_regions"]))

    def is_down(self, region):
        return region in self.config["down_regions"]

    def latency_seconds(self):
        return self.config["latency_ms"] / 1000.0

    def select(self, resource="image-servers", region=None):
        """Decide for one listing request: (selected, mode). Counts the requests of the fault target."""
        with self._lock:
            config = self.config
            if config["fault_target"] not in ("all", resource) or (config["fault_regions"] and region not in config["fault_regions"]):
                return False, None
            index = self._requests
            self._requests += 1
            if config["fail_first"] or config["fault_rate"]:
                selected = index < config["fail_first"]
                # Always draw, so the sequence of decisions does not depend on fail_first.
                coin = self._rng.random()
                selected = selected or coin < config["fault_rate"]
            else:
                selected = config["fault"] is not None
            return selected, config["fault"] if selected else None

    def take_empty_page(self):
        with self._lock:
            if self._empty_pages_left <= 0:
                return False
            self._empty_pages_left -= 1
            return True

    def drift_due(self, project_id):
        """True from the second drifting request on (the first page shows the initial list)."""
        with self._lock:
            if project_id in self._drifting_projects:
                return True
            self._drifting_projects.add(project_id)
            return False

    def wrong_types_variant(self):
        with self._lock:
            if self.config["fault_variant"]:
                return self.config["fault_variant"]
            variant = WRONG_TYPE_VARIANTS[self._wrong_types % len(WRONG_TYPE_VARIANTS)]
            self._wrong_types += 1
            return variant
