# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Timestamps and durations as the compliance policy and the API write them, without dependencies.

ISO 8601 texts (the API's update_time, the policy's now and expires) become epoch seconds fast
enough for 100,000 servers; durations are 45m, 6h, 2d, 1h30m or seconds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SECONDS = re.compile(r"^[0-9]+$")
_DURATION = re.compile(r"^(?:[0-9]+[smhdw])+$")
_DURATION_PART = re.compile(r"([0-9]+)([smhdw])")
# date, optional time (seconds and fraction optional), optional zone; without a zone it is UTC.
_TIMESTAMP = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?)?"
    r"[ ]*([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$"
)
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


def parse_timestamp(value):
    """(epoch seconds, date_only) of an ISO 8601 text or a date/datetime, else None. UTC if no zone."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp(), False
    if isinstance(value, datetime.date):
        return float((value.toordinal() - _EPOCH_ORDINAL) * 86400), True
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        days = datetime.date(int(year), int(month), int(day)).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        return None
    hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    seconds = days * 86400 + hour * 3600 + minute * 60 + second + (float("0." + fraction) if fraction else 0.0)
    if zone and zone not in "Zz":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        seconds -= sign * (int(digits[:2]) * 3600 + int(digits[2:] or 0) * 60)
    return seconds, match.group(4) is None


def duration_seconds(value):
    """Seconds of 45m, 6h, 2d, 1h30m, or a number of seconds (text or int); None if unreadable."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    text = value.strip().lower() if isinstance(value, str) else ""
    if _SECONDS.match(text):
        return int(text)
    if _DURATION.match(text):
        return sum(int(number) * _UNITS[unit] for number, unit in _DURATION_PART.findall(text))
    return None


def format_duration(seconds):
    """2d3h5m, 45m, 10s: the largest units first, zero parts left out."""
    seconds = int(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            parts.append("%d%s" % (seconds // size, unit))
            seconds %= size
    if seconds or not parts:
        parts.append("%ds" % seconds)
    return "".join(parts)
