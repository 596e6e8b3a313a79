"""Reading the badge baked into an SVG: namespace variants, bodies, hostile XML."""

from __future__ import annotations

import pytest

from badges.openbadges.bake import extract_from_svg
from badges.openbadges.errors import ImportRefused
from badges.openbadges.svg import MAX_DEPTH
from tests.samples import OB30_DIR, sample_bytes

URL = "https://issuer.example/assertions/1"
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJl"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg(inner: str, *, namespaces: str = 'xmlns:openbadges="http://openbadges.org"') -> bytes:
    return f'<?xml version="1.0"?>\n<svg {SVG_NS} {namespaces}>{inner}<g/></svg>'.encode()


def refusal(data: bytes) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        extract_from_svg(data)
    return caught.value


def test_ob2_verify_attribute_is_read():
    assert extract_from_svg(svg(f'<openbadges:assertion verify="{URL}"/>')) == URL


@pytest.mark.parametrize(
    "namespaces, element",
    [
        ('xmlns:openbadges="https://openbadges.org"', "openbadges:assertion"),
        ('xmlns:ob="http://openbadges.org/"', "ob:assertion"),
        ('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"', "openbadges:credential"),
        ("", "assertion"),
    ],
)
def test_namespace_variants_are_accepted(namespaces, element):
    assert extract_from_svg(svg(f'<{element} verify="{JWS}"/>', namespaces=namespaces)) == JWS


def test_element_in_an_unrelated_namespace_is_not_a_badge():
    data = svg(f'<saml:assertion verify="{URL}"/>', namespaces='xmlns:saml="urn:oasis:saml"')
    assert refusal(data).code == "no_badge_data"


def test_namespaced_verify_attribute_is_read():
    assert extract_from_svg(svg(f'<openbadges:assertion openbadges:verify="{URL}"/>')) == URL


def test_cdata_json_body_is_read_without_verify():
    body = '{"type": "Assertion", "note": "<b> & more"}'
    data = svg(f"<openbadges:assertion>\n  <![CDATA[{body}]]>\n</openbadges:assertion>")
    assert extract_from_svg(data) == body


def test_verify_attribute_wins_over_the_body():
    body = '<![CDATA[{"a": 1}]]>'
    data = svg(f'<openbadges:assertion verify="{URL}">{body}</openbadges:assertion>')
    assert extract_from_svg(data) == URL


def test_ob3_credential_body_is_read():
    data = svg(
        '<ob:credential><![CDATA[{"type": ["VerifiableCredential"]}]]></ob:credential>',
        namespaces='xmlns:ob="https://purl.imsglobal.org/ob/v3p0"',
    )
    assert extract_from_svg(data) == '{"type": ["VerifiableCredential"]}'


def test_empty_verify_falls_back_to_the_body():
    data = svg('<openbadges:assertion verify=" "><![CDATA[{"a": 1}]]></openbadges:assertion>')
    assert extract_from_svg(data) == '{"a": 1}'


def test_badge_element_nested_deeper_is_found():
    assert extract_from_svg(svg(f'<g><g><openbadges:assertion verify="{URL}"/></g></g>')) == URL


def test_empty_badge_element_holds_no_badge_data():
    error = refusal(svg("<openbadges:assertion>  </openbadges:assertion>"))
    assert error.code == "no_badge_data"
    assert "empty" in error.message


def test_svg_without_badge_holds_no_badge_data():
    assert refusal(svg("<title>Logo</title>")).code == "no_badge_data"


def test_plain_svg_doctype_is_accepted():
    doctype = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    )
    badge = svg(f'<openbadges:assertion verify="{URL}"/>')
    data = badge.replace(b"\n", b"\n" + doctype.encode(), 1)
    assert extract_from_svg(data) == URL


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">
  <openbadges:assertion verify="&lol3;"/>
</svg>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">
  <openbadges:assertion>&secret;</openbadges:assertion>
</svg>"""

INTERNAL_SUBSET = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ATTLIST assertion verify CDATA "https://evil.example/">]>
<svg xmlns="http://www.w3.org/2000/svg"><assertion/></svg>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, INTERNAL_SUBSET])
def test_dtd_subsets_and_entities_are_refused(data):
    error = refusal(data)
    assert error.code == "invalid"
    assert "DTD or entities" in error.message


@pytest.mark.parametrize(
    "data",
    [
        b"<svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion verify="x"/></svg>',
        b"<?xml version='1.0' encoding='no-such-encoding'?><svg/>",
        b"<svg></g>",
    ],
)
def test_malformed_xml_is_invalid(data):
    assert refusal(data).code == "invalid"


def test_malformed_xml_names_the_line():
    error = refusal(b"<svg>\n<g>\n</svg>")
    assert error.params == {"line": 3}


def test_xml_that_is_not_svg_is_invalid():
    error = refusal(b'<html><assertion verify="https://a.example/"/></html>')
    assert error.code == "invalid"
    assert "not an SVG" in error.message


BAKERY = "openbadges-bakery/test"


@pytest.mark.parametrize("name", ["baked.svg", "bad-json.svg", "no-json.svg"])
def test_bakery_samples_give_their_verify_url(name):
    assert extract_from_svg(sample_bytes(f"{BAKERY}/{name}")) == "http://example.org"


def test_bakery_unbaked_sample_holds_no_badge_data():
    assert refusal(sample_bytes(f"{BAKERY}/unbaked.svg")).code == "no_badge_data"


def test_ob30_json_sample_with_doctype():
    text = extract_from_svg(sample_bytes(f"{OB30_DIR}/simple-json.svg"))
    assert text.startswith("{")
    assert "OpenBadgeCredential" in text


@pytest.mark.parametrize("name", ["simple-jwt.svg", "simple-jwt_v1.svg"])
def test_ob30_jwt_samples(name):
    text = extract_from_svg(sample_bytes(f"{OB30_DIR}/{name}"))
    assert text.startswith("eyJ")
    assert text.count(".") == 2


def test_svg_without_any_namespace_is_read():
    assert extract_from_svg(f'<svg><assertion verify="{URL}"/></svg>'.encode()) == URL


def nested(depth: int, inner: str = "") -> bytes:
    """An SVG whose root holds ``depth`` levels of ``<g>`` around ``inner``."""
    return svg("<g>" * depth + inner + "</g>" * depth)


@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_deeply_nested_elements_are_refused_without_recursing(depth):
    badge = f'<openbadges:assertion verify="{URL}"/>'

    for data in (nested(depth), nested(depth, badge)):
        error = refusal(data)
        assert error.code == "invalid"
        assert error.params == {"depth": MAX_DEPTH}
        assert str(error) == (
            f"The SVG file nests its elements more than {MAX_DEPTH} levels deep, "
            "which is refused for safety."
        )


def test_nesting_up_to_the_cap_is_read():
    # The root and the badge element count as levels too.
    badge = f'<openbadges:assertion verify="{URL}"/>'

    assert extract_from_svg(nested(MAX_DEPTH - 2, badge)) == URL
    assert refusal(nested(MAX_DEPTH - 1, badge)).code == "invalid"
