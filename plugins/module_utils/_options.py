# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The connection options shared by every module and the inventory plugin, declared once.

CONNECTION_OPTIONS is the single table; the module argument spec and the inventory plugin's
environment fallbacks are both derived from it. The user-facing description of each option lives
in the doc fragment plugins/doc_fragments/connection.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

from ._endpoints import iam_endpoint, normalize_url, workspace_endpoint
from ._errors import WorkspaceConfigError
from ._rate_limit import check_max_rate

DEFAULT_CONCURRENCY = 16
# MiB, after decompression. The largest real answer (an IAM token with its catalog) is far smaller.
DEFAULT_MAX_RESPONSE_SIZE = 16

# name -> (type, environment variables (first set wins), default, no_log, aliases)
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
    "max_response_size": ("int", (), DEFAULT_MAX_RESPONSE_SIZE, False, ()),
    "proxy": ("str", (), None, False, ()),
    "max_requests_per_second": ("float", (), None, False, ()),
}

SECRET_OPTIONS = tuple(name for name, spec in CONNECTION_OPTIONS.items() if spec[3])

# The API's query filters. Here rather than in _client.py so that the inventory plugin can check
# its options without importing the HTTP stack (requests), which a warm cache never needs.
FILTER_NAMES = ("server_name", "server_id", "enterprise_project_id")


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


def with_env_fallbacks(options, environ=None):
    """Fill unset options from their environment variables (the inventory plugin's path).

    Modules get the same through env_fallback in the argument spec.
    """
    environ = os.environ if environ is None else environ
    resolved = dict(options)
    for name, (dummy, env_vars, default, dummy2, dummy3) in CONNECTION_OPTIONS.items():
        if resolved.get(name) in (None, ""):
            resolved[name] = next((environ[var] for var in env_vars if environ.get(var)), default)
    return resolved


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
        raise WorkspaceConfigError("%s must be %s between %s and %s, got %r" % (name, kind, minimum, maximum, value),
                                   option=name)
    return convert(number)


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
            "authenticating proxy in the HTTPS_PROXY environment variable instead", option="proxy")
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

        Environment fallbacks are applied for unset options, so the inventory plugin and tests
        can pass raw option values.
        """
        options = with_env_fallbacks(options)
        if region is not None:
            options["region"] = region
        values = dict((name, _text(options, name)) for name in CONNECTION_OPTIONS
                      if CONNECTION_OPTIONS[name][0] in ("str", "path"))
        if not values["region"]:
            raise WorkspaceConfigError(
                "region is required: set the region option or HW_REGION_NAME (for example cn-north-4)",
                option="region")
        values["endpoint"] = workspace_endpoint(values["region"], values["endpoint"])
        values["iam_endpoint"] = iam_endpoint(values["region"], values["iam_endpoint"])
        validate_certs = options.get("validate_certs")
        values["validate_certs"] = True if validate_certs is None else bool(validate_certs)
        if values["ca_cert"] and not os.path.isfile(values["ca_cert"]):
            raise WorkspaceConfigError(
                "ca_cert must be the path of a readable PEM file, got %r" % values["ca_cert"], option="ca_cert")
        values["timeout"] = _number(options, "timeout", float, 0.1, 86400)
        values["retries"] = _number(options, "retries", int, 0, 20)
        values["concurrency"] = _number(options, "concurrency", int, 1, 64)
        values["max_response_size"] = _number(options, "max_response_size", int, 1, 1024)
        values["proxy"] = _proxy(values["proxy"])
        try:
            values["max_requests_per_second"] = check_max_rate(options.get("max_requests_per_second"))
        except ValueError as error:
            raise WorkspaceConfigError(str(error), option="max_requests_per_second")
        return cls(**values)

    @property
    def tls_verify(self):
        """The value for requests' verify=: False, a CA bundle path, or True."""
        if not self.validate_certs:
            return False
        return self.ca_cert or True
