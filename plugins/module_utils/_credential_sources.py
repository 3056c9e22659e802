# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Where credentials come from when no option gives them, and agency credentials.

The chain has the order of the official SDK's default chain: options and environment variables
(resolved in _options.py), the SDK's credentials file, the ECS metadata service. The first
source that has credentials wins. A source that is absent (no file, no metadata service) lets
the next one try; a source that is present but broken is an error naming it. When none has
credentials, one error lists every source tried and why it did not apply.

Every request (metadata, IAM) goes through the shared HttpTransport, so that its retries, error
mapping and limits apply; wire formats: the SDK's auth/provider.py and the IAM API reference.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import configparser
import datetime
import json
import os

from ._credentials import OPTION_CREDENTIALS, AkSkAuth, TemporaryAuth, TemporaryCredentials, is_header_safe, request_with_renewal
from ._endpoints import iam_endpoint
from ._errors import WorkspaceApiError, WorkspaceConfigError, WorkspaceError

DEFAULT_PROFILE = "basic"
FILE_KEYS = ("ak", "sk", "security_token", "project_id", "iam_endpoint")
EXPIRES_AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

METADATA_TOKEN_PATH = "/meta-data/latest/api/token"
METADATA_CREDENTIALS_PATH = "/openstack/latest/securitykey"
METADATA_TOKEN_TTL = "21600"
# Off-cloud nothing answers at 169.254.169.254: give up fast, once, instead of slowing every run.
METADATA_PROBE_TIMEOUT = (2.0, 5.0)
METADATA_TIMEOUT = (2.0, 10.0)
NO_AGENCY_TEXT = "Please configure Cloud Service Agency first"

AGENCY_PATH = "/v3.0/OS-CREDENTIAL/securitytokens"


class SourceAbsent(Exception):
    """A source of the chain has nothing to offer; the message says why (for the final error)."""


# ---- credentials answers (metadata and IAM share the shape) -----------------------------------


def _expiry(value, source):
    """Seconds since the epoch of an expires_at such as 2026-11-29T12:34:56.000000Z."""
    for layout in (EXPIRES_AT_FORMAT, "%Y-%m-%dT%H:%M:%SZ"):
        try:
            moment = datetime.datetime.strptime(value, layout)
        except ValueError:
            continue
        return calendar.timegm(moment.utctimetuple()) + moment.microsecond / 1e6
    raise WorkspaceError("malformed answer from %s: unreadable credential.expires_at %.40r (expected like 2026-11-29T12:34:56.000000Z)" % (source, value))


def parse_credential(response, source):
    """TemporaryCredentials from {"credential": {"access", "secret", "securitytoken", "expires_at"}}."""
    credential = response.data.get("credential") if isinstance(response.data, dict) else None
    fields = ("access", "secret", "securitytoken", "expires_at")
    if not isinstance(credential, dict):
        raise WorkspaceApiError("malformed answer from %s: no \"credential\" object" % source, status=response.status, request_id=response.request_id)
    missing = [name for name in fields if not isinstance(credential.get(name), str) or not credential[name].strip()]
    if missing:
        raise WorkspaceApiError(
            "malformed answer from %s: credential.%s is missing or not a string" % (source, ", credential.".join(missing)),
            status=response.status,
            request_id=response.request_id,
        )
    # They are sent back in headers: printable ASCII without spaces only.
    unusable = [name for name in fields if not is_header_safe(credential[name].strip())]
    if unusable:
        raise WorkspaceApiError(
            "malformed answer from %s: credential.%s is not printable ASCII text" % (source, ", credential.".join(unusable)),
            status=response.status,
            request_id=response.request_id,
        )
    return TemporaryCredentials(
        credential["access"].strip(), credential["secret"].strip(), credential["securitytoken"].strip(), _expiry(credential["expires_at"], source)
    )


# ---- the SDK's credentials file ---------------------------------------------------------------


def _ini_problem(error):
    """What is wrong with an INI file, without quoting its lines (they may hold the secret key)."""
    lines = [str(line) for line, dummy in getattr(error, "errors", ())] or [str(getattr(error, "lineno", "?"))]
    if isinstance(error, configparser.MissingSectionHeaderError):
        return "line %s comes before any [section] header" % lines[0]
    if isinstance(error, (configparser.DuplicateSectionError, configparser.DuplicateOptionError)):
        return "line %s repeats a section or key" % lines[0]
    return "line(s) %s are not valid INI" % ", ".join(lines)


def read_credentials_file(settings):
    """The section of the credentials file as a dict of FILE_KEYS; SourceAbsent when there is no file."""
    path, label = settings.credentials_file, "credentials file %s" % settings.credentials_file
    section = settings.profile or DEFAULT_PROFILE
    if not os.path.exists(path):
        if settings.credentials_file_given or settings.profile:
            raise WorkspaceConfigError(
                "%s does not exist (credentials_file or env HUAWEICLOUD_SDK_CREDENTIALS_FILE%s)"
                % (label, ", read because profile is set" if settings.profile else ""),
                option="credentials_file",
            )
        raise SourceAbsent("%s: does not exist" % label)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, IOError) as error:
        raise WorkspaceConfigError("%s cannot be read: %s" % (label, error.strerror or error), option="credentials_file")
    except UnicodeDecodeError:
        raise WorkspaceConfigError("%s is not UTF-8 text" % label, option="credentials_file")
    except configparser.Error as error:
        raise WorkspaceConfigError("%s is not a valid INI file: %s" % (label, _ini_problem(error)), option="credentials_file")
    if not parser.has_section(section):
        raise WorkspaceConfigError(
            "%s has no [%s] section (sections: %s); set profile (env HW_PROFILE) to one of them" % (label, section, ", ".join(parser.sections()) or "none"),
            option="profile",
        )
    values = dict((key, parser.get(section, key).strip()) for key in FILE_KEYS if parser.has_option(section, key))
    missing = [key for key in ("ak", "sk") if not values.get(key)]
    if missing:
        federation = " (federated identities, idp_id/id_token_file, are not supported)" if parser.has_option(section, "idp_id") else ""
        raise WorkspaceConfigError(
            "%s: section [%s] has no %s%s; it needs ak and sk" % (label, section, " and no ".join(missing), federation), option="profile"
        )
    # Sent in headers: the value itself is never shown (it may be a secret).
    unusable = [key for key in ("ak", "security_token", "project_id") if values.get(key) and not is_header_safe(values[key])]
    if unusable:
        raise WorkspaceConfigError(
            "%s: in section [%s], %s is not printable ASCII text without spaces" % (label, section, " and ".join(unusable)), option="credentials_file"
        )
    return values


def file_auth(settings):
    """(settings with the file's project_id and iam_endpoint where unset, AkSkAuth)."""
    values = read_credentials_file(settings)
    source = "credentials file %s [%s]" % (settings.credentials_file, settings.profile or DEFAULT_PROFILE)
    changes = {}
    if values.get("iam_endpoint") and not settings.iam_endpoint_given:
        changes["iam_endpoint"] = iam_endpoint(settings.region, values["iam_endpoint"])
    # The file's project belongs to the caller's account and one region: not for an agency (another
    # account), nor for one of several regions of an inventory.
    project_id = values.get("project_id") if settings.file_project_id and not settings.agency_name else None
    return settings.replaced(**changes), AkSkAuth(values["ak"], values["sk"], values.get("security_token") or None, source=source, project_id=project_id)


# ---- the ECS metadata service -------------------------------------------------------------------


class MetadataCredentials(object):
    """Fetches the ECS agency's temporary credentials: a session token by PUT, then the keys."""

    def __init__(self, settings, transport):
        self.endpoint = settings.metadata_endpoint
        self.source = "ECS metadata service %s" % self.endpoint
        self._transport = transport
        self._retries = min(settings.retries, 2)

    def _session_token(self, probe):
        url = self.endpoint + METADATA_TOKEN_PATH
        try:
            response = self._transport.request(
                "PUT",
                url,
                lambda method, signed_url, body: {"X-Metadata-Token-Ttl-Seconds": METADATA_TOKEN_TTL},
                timeout=METADATA_PROBE_TIMEOUT if probe else METADATA_TIMEOUT,
                retries=0 if probe else self._retries,
                plain_text=True,
                direct=True,
            )
        except WorkspaceApiError as error:
            if error.status is None and probe:
                raise SourceAbsent("%s: no answer (%s); it only exists on a Huawei Cloud ECS" % (self.source, error.summary))
            if error.status in (404, 405, 503):
                return None  # a metadata service without the token API
            raise
        token = response.text.strip()
        if not is_header_safe(token, 4096):
            raise WorkspaceApiError(
                "malformed answer from %s: the session token is empty or not printable text" % self.source,
                status=response.status,
                request_id=response.request_id,
                method="PUT",
                url=url,
            )
        return token

    def _get(self, token):
        headers = {"X-Metadata-Token": token} if token else {}
        return self._transport.request(
            "GET",
            self.endpoint + METADATA_CREDENTIALS_PATH,
            lambda method, url, body: dict(headers),
            timeout=METADATA_TIMEOUT,
            retries=self._retries,
            direct=True,
        )

    def fetch(self, probe=False):
        token = self._session_token(probe)
        try:
            try:
                response = self._get(token)
            except WorkspaceApiError as error:
                if probe and error.status == 404:
                    raise SourceAbsent("%s: answered HTTP 404 for %s; not a Huawei Cloud ECS metadata service" % (self.source, METADATA_CREDENTIALS_PATH))
                if error.status != 401 or NO_AGENCY_TEXT in (error.error_msg or ""):
                    raise
                # The session token expired between the two calls: once more with a new one.
                response = self._get(self._session_token(False))
        except WorkspaceApiError as error:
            if error.status == 401 and NO_AGENCY_TEXT in (error.error_msg or ""):
                raise WorkspaceConfigError(
                    "%s: no agency is attached to this ECS, so it has no temporary credentials (%s). "
                    "Attach an agency to the server, give credentials, or set metadata_credentials: false" % (self.source, error.error_msg),
                    option="metadata_credentials",
                )
            raise
        return parse_credential(response, self.source)


def metadata_auth(settings, transport):
    if not settings.metadata_credentials:
        raise SourceAbsent("ECS metadata service: switched off (metadata_credentials: false)")
    provider = MetadataCredentials(settings, transport)
    first = provider.fetch(probe=True)
    return TemporaryAuth(provider.fetch, provider.source, first=first)


def chain_auth(settings, transport):
    """(settings, auth) of the first chain source with credentials, or one error listing them all."""
    reasons = [OPTION_CREDENTIALS]
    for source in (file_auth, lambda conf: (conf, metadata_auth(conf, transport))):
        try:
            return source(settings)
        except SourceAbsent as absent:
            reasons.append(str(absent))
    raise WorkspaceConfigError(
        "No credentials found. Sources tried, in order: %s." % "; ".join("(%d) %s" % (number, reason) for number, reason in enumerate(reasons, 1)),
        option="auth_token",
    )


# ---- agencies -----------------------------------------------------------------------------------


def agency_auth(settings, transport, caller):
    """TemporaryAuth for settings' agency, obtained (and renewed) with the caller's auth."""
    agency_name, account = settings.agency
    source = "agency %s of account %s" % (agency_name, account)
    assume_role = {"agency_name": agency_name}
    if settings.agency_domain_name:
        assume_role["domain_name"] = settings.agency_domain_name
    else:
        assume_role["domain_id"] = settings.agency_domain_id
    if settings.agency_duration:
        assume_role["duration_seconds"] = settings.agency_duration
    body = json.dumps({"auth": {"identity": {"methods": ["assume_role"], "assume_role": assume_role}}})
    url = settings.iam_endpoint + AGENCY_PATH

    def fetch():
        try:
            response = request_with_renewal(transport, caller, "POST", url, body=body, expect=(201, 200))
        except WorkspaceApiError as error:
            hint = (
                "The caller (%s) must be allowed to assume the agency: in account %s the agency must "
                "trust the caller's account, and the caller needs an IAM policy allowing it; check "
                "agency_name and agency_domain_name/agency_domain_id" % (caller.source, account)
                if error.status in (401, 403, 404)
                else error.hint
            )
            raise WorkspaceApiError(
                "could not get temporary credentials for %s: %s" % (source, error.summary),
                status=error.status,
                error_code=error.error_code,
                error_msg=error.error_msg,
                request_id=error.request_id,
                method=error.method,
                url=error.url,
                hint=hint,
            )
        return parse_credential(response, "IAM (%s)" % source)

    return AgencyAuth(fetch, source, caller)


class AgencyAuth(TemporaryAuth):
    """Agency credentials; the caller's secrets are masked too."""

    uses_iam = True

    def __init__(self, fetch, source, caller):
        super(AgencyAuth, self).__init__(fetch, source)
        self.caller = caller

    def secrets(self):
        return super(AgencyAuth, self).secrets() + self.caller.secrets()
