"""The badge an SVG image carries in an ``assertion`` (OB 1.x/2.0) or ``credential``
(OB 3.0) element, read with an XML parser that refuses entities and external references.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from .errors import ImportRefused, _

BADGE_ELEMENTS = frozenset({"assertion", "credential"})
# Namespaces without scheme and trailing slash: bakers write http:// or https:// for
# openbadges.org, and some leave the element unprefixed, so it takes the SVG's own
# default namespace (or none at all).
BADGE_NAMESPACES = frozenset(
    {"", "openbadges.org", "purl.imsglobal.org/ob/v3p0", "www.w3.org/2000/svg"}
)
# Drawing programs nest a few dozen levels at most. The parser stops past this depth,
# before building the tree: ElementTree's pure-Python tree (which defusedxml builds) is
# walked by recursion, one call per level, and a 7 KB file can nest 1,000 levels.
MAX_DEPTH = 256


class _TooDeep(Exception):
    """Raised from inside expat, which passes it through ``feed`` untouched."""


class _SvgParser(DefusedXMLParser):
    """Accepts the bare ``<!DOCTYPE svg PUBLIC …>`` line drawing programs write (the
    official OB 3.0 samples carry one), whose external DTD is never fetched, but no
    internal subset: that is where entity bombs and external entities are declared."""

    def __init__(self) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.parser.StartDoctypeDeclHandler = self._start_doctype
        self._depth = 0
        self._build_start = self.parser.StartElementHandler
        self._build_end = self.parser.EndElementHandler
        self.parser.StartElementHandler = self._start_element
        self.parser.EndElementHandler = self._end_element

    def _start_element(self, *args):
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep
        return self._build_start(*args)

    def _end_element(self, *args):
        self._depth -= 1
        return self._build_end(*args)

    def _start_doctype(
        self, name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool
    ) -> None:
        if has_internal_subset:
            raise DTDForbidden(name, sysid, pubid)


def _split(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree ``{namespace}local`` name."""
    if tag.startswith("{"):
        namespace, _brace, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _is_badge_namespace(namespace: str) -> bool:
    bare = namespace.strip().lower().removeprefix("https://").removeprefix("http://")
    return bare.rstrip("/") in BADGE_NAMESPACES


def _parse(data: bytes) -> Element:
    parser = _SvgParser()
    try:
        parser.feed(data)
        return parser.close()
    except _TooDeep as error:
        raise ImportRefused(
            "invalid",
            _(
                "The SVG file nests its elements more than %(depth)s levels deep, "
                "which is refused for safety."
            ),
            {"depth": MAX_DEPTH},
        ) from error
    except DefusedXmlException as error:
        raise ImportRefused(
            "invalid",
            _("The SVG file carries a DTD or entities, which are refused for safety."),
        ) from error
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 1
        raise ImportRefused(
            "invalid", _("The SVG file is not well-formed XML (line %(line)s)."), {"line": line}
        ) from error
    except (ValueError, LookupError) as error:  # e.g. an unknown declared encoding
        raise ImportRefused("invalid", _("The SVG file is not well-formed XML.")) from error


def _badge_element(root: Element) -> Element | None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, local = _split(element.tag)
        if local in BADGE_ELEMENTS and _is_badge_namespace(namespace):
            return element
    return None


def _verify_attribute(element: Element) -> str:
    # Bakers write ``verify`` plain or qualified (``openbadges:verify``).
    for name, value in element.attrib.items():
        if _split(name)[1] == "verify" and value.strip():
            return value.strip()
    return ""


def extract_from_svg(data: bytes) -> str:
    """The badge text baked into an SVG image, stripped.

    The ``verify`` attribute (a hosted URL or a JWS) wins over the element's body (JSON,
    usually in CDATA). Raises ``ImportRefused``: ``invalid`` for malformed XML, a DTD
    subset or entities, elements nested deeper than ``MAX_DEPTH``, or a root that is not
    ``svg``; ``no_badge_data`` otherwise.
    """
    root = _parse(data)
    if not isinstance(root.tag, str) or _split(root.tag)[1] != "svg":
        raise ImportRefused("invalid", _("The file is XML but not an SVG image."))
    element = _badge_element(root)
    if element is None:
        raise ImportRefused("no_badge_data", _("This SVG image holds no badge data."))
    text = _verify_attribute(element) or (element.text or "").strip()
    if not text:
        raise ImportRefused("no_badge_data", _("The badge element in this SVG image is empty."))
    return text
