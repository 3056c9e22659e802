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


def cache_query(settings_list, filters, statuses, server_group_details=False):
    """What a cache entry answers, from the connection settings of each region: identifiers only.

    Who is asking changes the answer; of the secrets only whether they are set counts.
    """
    first = settings_list[0]
    query = {
        # The agency is appended only when set, so that caches without agencies keep their keys.
        "regions": [
            [s.region, s.endpoint, s.iam_endpoint, s.project_id] + ([s.agency_name, s.agency_domain_name, s.agency_domain_id] if s.agency_name else [])
            for s in settings_list
        ],
        "filters": sorted(filters.items()),
        "statuses": sorted(statuses),
        "auth": [bool(first.auth_token), first.access_key, bool(first.security_token), first.user_name, first.domain_name],
    }
    if first.profile or first.credentials_file_given:
        query["credentials_file"] = [first.credentials_file, first.profile]
    if server_group_details:
        # Only when set, so that the cache of a 1.0 configuration stays valid.
        query["server_group_details"] = True
    return query


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
        if not isinstance(region, dict) or not isinstance(region.get("items"), list) or not isinstance(region.get("region"), str):
            return None
    return regions


def cache_entry(regions):
    return {"format": CACHE_FORMAT, "regions": regions}
