# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""What the image_servers inventory plugin keeps in its cache, and under which key (controller side only).

The entry holds what the API returned per region (never credentials), tagged with CACHE_FORMAT so
that an entry another version wrote is refetched instead of misread.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json

CACHE_FORMAT = 1


def query_digest(query):
    """A stable digest of the effective query, for the cache key. Never give it secrets."""
    canonical = json.dumps(dict(query, format=CACHE_FORMAT), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def cached_regions(value):
    """The region results from a cache entry, or None when it is not one this version wrote."""
    if not isinstance(value, dict) or value.get("format") != CACHE_FORMAT:
        return None
    regions = value.get("regions")
    if not isinstance(regions, list):
        return None
    for region in regions:
        if (not isinstance(region, dict) or not isinstance(region.get("items"), list)
                or not isinstance(region.get("region"), str)):
            return None
    return regions


def cache_entry(regions):
    return {"format": CACHE_FORMAT, "regions": regions}
