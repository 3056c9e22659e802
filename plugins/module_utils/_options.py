# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The connection options shared by every module and the inventory plugin, declared once.

CONNECTION_OPTIONS is the single table. The module argument spec is derived from it; the doc fragment
plugins/doc_fragments/connection.py describes each option (DOCUMENTATION) and declares the inventory
plugin's environment variables for Ansible's config manager (PLUGINS). A unit test keeps the three in
step.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.parsing.convert_bool import boolean

from ._endpoints import iam_endpoint, normalize_url, workspace_endpoint
from ._errors import WorkspaceConfigError
from ._rate_limit import check_max_rate

DEFAULT_CONCURRENCY = 16
DEFAULT_METADATA_ENDPOINT = "http://169.254.169.254"
DEFAULT_CREDENTIALS_FILE = "~/.huaweicloud/credentials"
# IAM's limits for duration_seconds of agency credentials.
AGENCY_DURATION_RANGE = (900, 86400)
# MiB, after decompression. The largest real answer (an IAM token with its catalog) is far smaller.
DEFAULT_MAX_RESPONSE_SIZE = 16

# name -> (type, environment variables (the first one set wins), default, no_log, aliases)
CONNECTION_OPTIONS = {
    "region": ("str", ("HW_REGION_NAME",), None, False, ()),
    "project_id": ("str", ("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"), None, False, ()),
    "access_key": ("str", ("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY"), None, False, ("ak",)),
    "secret_key": ("str", ("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"), None, True, ("sk",)),
    "security_token": ("str", ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"), None, True, ()),
    "auth_token": ("str", ("HW_AUTH_TOKEN",), None, True, ()),
    "user_name": ("str", ("HW_USER_NAME",), None, False, ()),
    "password": ("str", ("HW_USER_PASSWORD",), None, True, ()),
    "domain_name": ("str", ("HW_DOMAIN_NAME",), None, False, ()),
    "iam_endpoint": ("str", ("HUAWEICLOUD_SDK_IAM_ENDPOINT", "HW_AUTH_URL"), None, False, ()),
    "endpoint": ("str", ("HW_WORKSPACEAPP_ENDPOINT",), None, False, ()),
    "validate_certs": ("bool", (), True, False, ()),
    "ca_cert": ("path", (), None, False, ()),
    "timeout": ("float", (), 30.0, False, ()),
    "retries": ("int", (), 5, False, ()),
    "concurrency": ("int", (), DEFAULT_CONCURRENCY, False, ()),
    # The credential chain (used when none of the credentials above is set) and agencies.
    "credentials_file": ("path", ("HUAWEICLOUD_SDK_CREDENTIALS_FILE",), None, False, ()),
    "profile": ("str", ("HW_PROFILE",), None, False, ()),
    "metadata_credentials": ("bool", ("HW_METADATA_CREDENTIALS",), None, False, ()),
    "metadata_endpoint": ("str", ("HW_METADATA_ENDPOINT",), None, False, ()),
    "agency_name": ("str", ("HW_ASSUME_ROLE_AGENCY_NAME",), None, False, ()),
    "agency_domain_name": ("str", ("HW_ASSUME_ROLE_DOMAIN_NAME",), None, False, ()),
    "agency_domain_id": ("str", ("HW_ASSUME_ROLE_DOMAIN_ID",), None, False, ()),
    "agency_duration": ("int", ("HW_ASSUME_ROLE_DURATION",), None, False, ()),
    "max_response_size": ("int", (), DEFAULT_MAX_RESPONSE_SIZE, False, ()),
    "proxy": ("str", (), None, False, ()),
    "max_requests_per_second": ("float", (), None, False, ()),
}

SECRET_OPTIONS = tuple(name for name, spec in CONNECTION_OPTIONS.items() if spec[3])

# The API's query filters. Here rather than in _client.py so that the inventory plugin can check
# its options without importing the HTTP stack (requests), which a warm cache never needs.
FILTER_NAMES = ("server_name", "server_id", "enterprise_project_id")


def check_filter_names(filters):
    """Raise WorkspaceConfigError naming the allowed filters when filters has any other key."""
    unknown = sorted(str(name) for name in filters if name not in FILTER_NAMES)
    if unknown:
        raise WorkspaceConfigError("unknown filter(s) %s; allowed filters: %s" % (", ".join(unknown), ", ".join(FILTER_NAMES)), option="filters")


def connection_argument_spec():
    """AnsibleModule argument_spec entries for the shared options, with env fallbacks."""
    spec = {}
    for name, (type_name, env_vars, default, no_log, aliases) in CONNECTION_OPTIONS.items():
        entry = {"type": type_name}
        if default is not None:
            entry["default"] = default
        if env_vars:
            entry["fallback"] = (env_fallback, list(env_vars))
        # Explicit either way: ansible-test validate-modules asks for it on names like access_key.
        entry["no_log"] = no_log
        if aliases:
            entry["aliases"] = list(aliases)
        spec[name] = entry
    return spec


def listing_argument_spec():
    """connection_argument_spec() plus the API's filters: the options of every module that lists image servers."""
    spec = connection_argument_spec()
    spec.update((name, {"type": "str"}) for name in FILTER_NAMES)
    return spec


def _number(options, name, convert, minimum, maximum):
    """options[name] as a finite number within [minimum, maximum], else WorkspaceConfigError naming it."""
    value = options.get(name)
    number = None
    if not isinstance(value, bool):
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            number = None
    # NaN compares false with everything, so it fails the range test too.
    if number is None or not minimum <= number <= maximum or (convert is int and number != int(number)):
        kind = "an integer" if convert is int else "a number"
        raise WorkspaceConfigError("%s must be %s between %s and %s, got %r" % (name, kind, minimum, maximum, value), option=name)
    return convert(number)


def _boolean(options, name, default):
    value = options.get(name)
    if value in (None, ""):
        return default
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise WorkspaceConfigError("%s must be a boolean (true or false), got %r" % (name, value), option=name)


def _agency(options, values):
    """Validate the agency options: a name and exactly one of the account's name or id."""
    domains = [name for name in ("agency_domain_name", "agency_domain_id") if values[name]]
    if values["agency_name"] and len(domains) != 1:
        raise WorkspaceConfigError(
            "agency_name needs the account that owns the agency: set exactly one of agency_domain_name "
            "(env HW_ASSUME_ROLE_DOMAIN_NAME) and agency_domain_id (env HW_ASSUME_ROLE_DOMAIN_ID)%s" % (", not both" if domains else ""),
            option="agency_domain_name",
        )
    if domains and not values["agency_name"]:
        raise WorkspaceConfigError(
            "%s is set but agency_name is not: set agency_name (env HW_ASSUME_ROLE_AGENCY_NAME) to the agency to use in that account" % domains[0],
            option="agency_name",
        )
    if options.get("agency_duration") in (None, ""):
        return None
    if not values["agency_name"]:
        raise WorkspaceConfigError("agency_duration is only used with agency_name", option="agency_duration")
    return _number(options, "agency_duration", int, *AGENCY_DURATION_RANGE)


def _text(options, name):
    value = options.get(name)
    if value is None:
        return None
    # Secrets are used exactly as given: a password may begin or end with a space.
    value = str(value) if name in SECRET_OPTIONS else str(value).strip()
    return value or None


def _proxy(value):
    if not value:
        return None
    if "@" in urlsplit(str(value).strip()).netloc:
        raise WorkspaceConfigError(
            "proxy must not contain credentials (user:password@): option values show up in logs; give an "
            "authenticating proxy in the HTTPS_PROXY environment variable instead",
            option="proxy",
        )
    return normalize_url(value, "proxy")


class ConnectionSettings(object):
    """Validated connection settings: where to send requests and with which credentials.

    Secret values are kept out of repr() so a settings object can be logged safely.
    """

    def __init__(self, **values):
        self.__dict__.update(values)

    def __repr__(self):
        shown = dict((k, ("<hidden>" if k in SECRET_OPTIONS and v else v)) for k, v in self.__dict__.items())
        return "ConnectionSettings(%s)" % ", ".join("%s=%r" % item for item in sorted(shown.items()))

    @classmethod
    def from_options(cls, options, region=None):
        """Build settings from option values (None = unset); region overrides options['region'].

        The values are already resolved: environment variables are applied by AnsibleModule
        (env_fallback) for modules and by Ansible's config manager for the inventory plugin.
        Unset and empty values take the table's default.
        """
        options = dict(options)
        for name, spec in CONNECTION_OPTIONS.items():
            if options.get(name) in (None, ""):
                options[name] = spec[2]
        if region is not None:
            options["region"] = region
        values = dict((name, _text(options, name)) for name in CONNECTION_OPTIONS if CONNECTION_OPTIONS[name][0] in ("str", "path"))
        if not values["region"]:
            raise WorkspaceConfigError("region is required: set the region option or HW_REGION_NAME (for example cn-north-4)", option="region")
        values["endpoint"] = workspace_endpoint(values["region"], values["endpoint"])
        values["iam_endpoint"] = iam_endpoint(values["region"], values["iam_endpoint"])
        validate_certs = options.get("validate_certs")
        values["validate_certs"] = True if validate_certs is None else bool(validate_certs)
        if values["ca_cert"] and not os.path.isfile(values["ca_cert"]):
            raise WorkspaceConfigError("ca_cert must be the path of a readable PEM file, got %r" % values["ca_cert"], option="ca_cert")
        values["timeout"] = _number(options, "timeout", float, 0.1, 86400)
        values["retries"] = _number(options, "retries", int, 0, 20)
        values["concurrency"] = _number(options, "concurrency", int, 1, 64)
        # Whether iam_endpoint was given: otherwise the credentials file may name one.
        values["iam_endpoint_given"] = bool(_text(options, "iam_endpoint"))
        values["credentials_file_given"] = bool(values["credentials_file"])
        # Whether a credentials file's project_id may be used (not for one of several regions).
        values["file_project_id"] = True
        values["credentials_file"] = os.path.expanduser(values["credentials_file"] or DEFAULT_CREDENTIALS_FILE)
        values["metadata_credentials"] = _boolean(options, "metadata_credentials", True)
        values["metadata_endpoint"] = normalize_url(values["metadata_endpoint"] or DEFAULT_METADATA_ENDPOINT, "metadata_endpoint")
        values["agency_duration"] = _agency(options, values)
        values["max_response_size"] = _number(options, "max_response_size", int, 1, 1024)
        values["proxy"] = _proxy(values["proxy"])
        try:
            values["max_requests_per_second"] = check_max_rate(options.get("max_requests_per_second"))
        except ValueError as error:
            raise WorkspaceConfigError(str(error), option="max_requests_per_second")
        return cls(**values)

    def replaced(self, **values):
        """A copy with some values changed (what a credentials file adds, an inventory entry's agency)."""
        copy = dict(self.__dict__)
        copy.update(values)
        return type(self)(**copy)

    @property
    def agency(self):
        """(agency name, account) when credentials come through an agency, else None."""
        if not self.agency_name:
            return None
        return self.agency_name, self.agency_domain_name or self.agency_domain_id

    @property
    def tls_verify(self):
        """The value for requests' verify=: False, a CA bundle path, or True."""
        if not self.validate_certs:
            return False
        return self.ca_cert or True
