"""The Open Badges API's answers: ``Imsx_StatusInfo`` error bodies and JSON responses."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

SYSTEM = "Passport"

# HTTP status → the spec's imsx_codeMinorFieldValue when the caller gives none.
CODE_MINOR = {
    400: "invalid_data",
    401: "unauthorizedrequest",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    429: "server_busy",
    500: "internal_server_error",
}


def json_response(data: Any, *, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False),
        status=status,
        content_type="application/json",
        headers=headers,
    )
    response["Cache-Control"] = "no-store"
    return response


def status_info(
    status: int,
    description: str,
    *,
    minor: str = "",
    refusal: str = "",
    headers: dict | None = None,
) -> HttpResponse:
    """An ``Imsx_StatusInfo`` error; ``refusal`` adds the import service's own code."""
    fields = [
        {
            "imsx_codeMinorFieldName": SYSTEM,
            "imsx_codeMinorFieldValue": minor or CODE_MINOR.get(status, "unknown"),
        }
    ]
    if refusal:
        fields.append({"imsx_codeMinorFieldName": "refusal", "imsx_codeMinorFieldValue": refusal})
    body = {
        "imsx_codeMajor": "failure",
        # The spec pairs not_found with "status"; every other failure is an "error".
        "imsx_severity": "status" if status == 404 else "error",
        "imsx_description": str(description),
        "imsx_codeMinor": {"imsx_codeMinorField": fields},
    }
    return json_response(body, status=status, headers=headers)
