# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Other accounts reached through IAM agencies: `POST /v3.0/OS-CREDENTIAL/securitytokens`.

Each `--agency NAME@DOMAIN` makes an account DOMAIN with its own project and fleet per served
region, and an agency NAME in it that the emulator's own account may assume. A
`--forbidden-agency NAME@DOMAIN` exists but refuses the caller (403). The temporary credentials
issued act in DOMAIN only: its projects in `GET /v3/projects`, its fleets in image-servers.
"""

import json

from .iam import TIME_FORMAT, _dig, iam_error
from .responses import json_response

MIN_DURATION = 900
MAX_DURATION = 86400
DEFAULT_DURATION = 900
DEFAULT_METADATA_LIFETIME = 3600


def parse_agency(text):
    """(agency name, domain name) from NAME@DOMAIN; ValueError otherwise."""
    name, sep, domain = text.partition("@")
    if not sep or not name or not domain:
        raise ValueError("an agency is NAME@DOMAIN, got %r" % text)
    return name, domain


class AccessConfig(object):
    """Agencies, the ECS metadata service and temporary credential lifetimes (CLI flags)."""

    def __init__(self, agencies=(), forbidden_agencies=(), credential_lifetime=None, metadata_agency=True, metadata_token_api=True):
        self.agencies = [parse_agency(text) for text in agencies]
        self.forbidden_agencies = [parse_agency(text) for text in forbidden_agencies]
        self.credential_lifetime = credential_lifetime
        self.metadata_agency = metadata_agency
        self.metadata_token_api = metadata_token_api

    def lifetime(self, requested):
        return self.credential_lifetime if self.credential_lifetime else requested

    def domains(self):
        """Every other account, in the order first named."""
        seen = []
        for dummy, domain in self.agencies + self.forbidden_agencies:
            if domain not in seen:
                seen.append(domain)
        return seen


def _agency_domain(state, assume_role):
    """The domain name the request names, by domain_name or domain_id (None when unknown)."""
    domain_name, domain_id = assume_role.get("domain_name"), assume_role.get("domain_id")
    if domain_name and domain_id:
        raise iam_error(400, "IAM.0011", "Request body is invalid: give domain_name or domain_id, not both.")
    if domain_name:
        return domain_name
    if domain_id:
        return state.domain_names_by_id.get(domain_id, "<unknown domain %s>" % domain_id)
    raise iam_error(400, "IAM.0011", "Request body is invalid: auth.identity.assume_role.domain_name or domain_id is required.")


def _duration(assume_role):
    duration = assume_role.get("duration_seconds", DEFAULT_DURATION)
    if not isinstance(duration, int) or isinstance(duration, bool) or not MIN_DURATION <= duration <= MAX_DURATION:
        raise iam_error(400, "IAM.0011", "Request body is invalid: duration_seconds must be an integer from %d to %d." % (MIN_DURATION, MAX_DURATION))
    return duration


def create_security_token(state, request):
    identity = state.auth.authenticate(request)
    try:
        body = json.loads(request.body.decode("utf-8"))
    except ValueError:
        raise iam_error(400, "IAM.0011", "Request body is invalid: not JSON.")
    methods = _dig(body, "auth", "identity", "methods")
    assume_role = _dig(body, "auth", "identity", "assume_role")
    if not isinstance(methods, list) or "assume_role" not in methods or not isinstance(assume_role, dict):
        raise iam_error(
            400, "IAM.0011", "Request body is invalid: auth.identity.methods must contain \"assume_role\" and auth.identity.assume_role must be an object."
        )
    agency_name = assume_role.get("agency_name")
    if not isinstance(agency_name, str) or not agency_name:
        raise iam_error(400, "IAM.0011", "Request body is invalid: auth.identity.assume_role.agency_name is required.")
    domain = _agency_domain(state, assume_role)
    duration = _duration(assume_role)
    access = state.access
    if (agency_name, domain) in access.forbidden_agencies or ((agency_name, domain) in access.agencies and identity.account is not None):
        raise iam_error(403, "IAM.0002", "You have no right to assume agency %s of domain %s." % (agency_name, domain))
    if (agency_name, domain) not in access.agencies:
        raise iam_error(404, "IAM.0004", "Could not find agency %s in domain %s." % (agency_name, domain))
    access_key, key = state.auth.issue_temporary(domain, access.lifetime(duration))
    return json_response(201, {"credential": credential_body(access_key, key)})


def credential_body(access_key, key):
    return {"access": access_key, "secret": key.secret_key, "securitytoken": key.security_token, "expires_at": key.expires_at.strftime(TIME_FORMAT)}
