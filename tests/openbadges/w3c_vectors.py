"""The W3C specifications' test vectors kept in ``vectors/`` and the contexts they need.

The vectors name ``https://www.w3.org/ns/credentials/examples/v2``, a context the product
rightly does not know; it only maps every term with ``@vocab``. Putting that mapping in
the document itself gives the same N-Quads, so the signature covers the same data.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from badges.openbadges import jsonld

VECTORS_DIR = Path(__file__).resolve().parent / "vectors"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
EXAMPLES_V2_CONTEXT = {"@vocab": "https://www.w3.org/ns/credentials/examples#"}


def load(name: str) -> dict[str, Any]:
    return json.loads((VECTORS_DIR / name).read_text("utf-8"))


def vc_v2_before_cryptosuite_string() -> dict[str, Any]:
    """The VC 2.0 context as it was before ``cryptosuite`` got its datatype (2024)."""
    context = copy.deepcopy(jsonld.load_context(jsonld.VC_V2)["@context"])
    proof_terms = context["DataIntegrityProof"]["@context"]
    proof_terms["cryptosuite"] = "https://w3id.org/security#cryptosuite"
    return context


def inline_contexts(document: dict[str, Any], *, vc_v2_as_published: bool) -> dict[str, Any]:
    """``document`` with the examples context (and, if asked, VC 2.0) written in place."""
    replacements: dict[str, Any] = {EXAMPLES_V2: EXAMPLES_V2_CONTEXT}
    if vc_v2_as_published:
        replacements[jsonld.VC_V2] = vc_v2_before_cryptosuite_string()

    def swap(contexts: Any) -> Any:
        return [replacements.get(c, c) if isinstance(c, str) else c for c in contexts]

    inlined = copy.deepcopy(document)
    inlined["@context"] = swap(inlined["@context"])
    if isinstance(inlined.get("proof"), dict) and "@context" in inlined["proof"]:
        inlined["proof"]["@context"] = swap(inlined["proof"]["@context"])
    return inlined


def requires_npm_contexts(*urls: str) -> None:
    """Skip when the npm context packages are not installed (fail under CI, as the
    other tests that need them do)."""
    if all(jsonld._read_context(url) is not None for url in urls or (jsonld.VC_V1,)):
        return
    reason = "npm JSON-LD context packages are not installed (node_modules)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
