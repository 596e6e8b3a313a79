"""What a learner or a visitor needs to trust a badge, step by step, in plain words.

The verifier's own log is technical; this turns the stored outcome into five plain
answers: is the data genuine, who issued it, is it this learner's, is it revoked, is it
still valid. The badge's own page and its public page both show them, with the technical
log (translated too, ``step_log``) behind "Technical details" for those who want it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from badges import step_log
from badges.models import Badge, TrustLevel, VerificationCheck

OK, WARN, BAD, UNKNOWN = "ok", "warn", "bad", "unknown"


@dataclass(frozen=True)
class Step:
    title: str
    state: str  # ok, warn, bad or unknown: the icon and colour of the step
    text: str


def steps(badge: Badge) -> list[Step]:
    return [
        _integrity(badge),
        _issuer(badge),
        _recipient(badge),
        _revocation(badge),
        _expiry(badge),
    ]


def log_lines(badge: Badge, check: VerificationCheck | None) -> list[str]:
    """The verifier's step log of the last check, in the active language."""
    if check is not None and check.steps:
        return step_log.shown(check.steps)
    if check is not None and check.detail:  # recorded before checks kept their steps
        return step_log.shown(check.detail.splitlines())
    return step_log.shown(badge.verification.get("steps"))


def _integrity(badge: Badge) -> Step:
    v = badge.verification
    method = v.get("method", "")
    if badge.status == Badge.Status.UNVERIFIABLE:
        title = _("Signature") if method != "hosted" else _("Issuer's copy")
        if badge.status_reason:
            text = _("Passport could not confirm this badge with its issuer: %(reason)s") % {
                "reason": badge.status_reason
            }
        else:
            text = _("Passport could not confirm this badge with its issuer.")
        return Step(title, BAD, text)
    if method == "hosted":
        return Step(
            _("Issuer's copy"),
            OK,
            _("The badge was fetched from the issuer's own site and matches."),
        )
    if v.get("self_asserted_key"):
        return Step(
            _("Signature"),
            WARN,
            _(
                "The signature is valid, so the badge has not been altered. It was checked "
                "with a key the badge carries itself, so it does not prove who the issuer is."
            ),
        )
    return Step(
        _("Signature"), OK, _("The issuer's digital signature is valid: the badge is unaltered.")
    )


def _issuer(badge: Badge) -> Step:
    if badge.issuer_confirmed and badge.confirmed_origin:
        return Step(
            _("Issuer"),
            OK,
            _("Issuer confirmed: issued by %(origin)s, a web address the issuer controls.")
            % {"origin": badge.confirmed_origin},
        )
    if badge.issuer_confirmed:
        return Step(
            _("Issuer"),
            OK,
            _("Issuer confirmed: listed in “%(registry)s”, a registry this Passport trusts.")
            % {"registry": badge.trust_source},
        )
    return Step(
        _("Issuer"),
        WARN,
        _(
            "Issuer not confirmed: nothing ties this badge to a web address the issuer "
            "controls, so the issuer's name is only the badge's own claim."
        ),
    )


def _recipient(badge: Badge) -> Step:
    name = badge.owner.public_name
    if badge.recipient_confirmed:
        return Step(
            _("Recipient"),
            OK,
            _("Issued to %(name)s: it names one of their verified e-mail addresses.")
            % {"name": name},
        )
    return Step(
        _("Recipient"),
        WARN,
        _(
            "Recipient not confirmed: Passport could not match the person named in the badge "
            "with a verified e-mail address of %(name)s."
        )
        % {"name": name},
    )


def _revocation(badge: Badge) -> Step:
    if badge.status == Badge.Status.REVOKED:
        if badge.status_reason:
            text = _("The issuer revoked this badge: %(reason)s") % {"reason": badge.status_reason}
        else:
            text = _("The issuer revoked this badge.")
        return Step(_("Revocation"), BAD, text)
    if badge.status == Badge.Status.UNVERIFIABLE:
        return Step(_("Revocation"), UNKNOWN, _("Could not be checked."))
    return Step(_("Revocation"), OK, _("The issuer has not revoked this badge."))


def _expiry(badge: Badge) -> Step:
    if badge.expires is None:
        return Step(_("Expiry"), OK, _("This badge does not expire."))
    # Award dates are shown in UTC, as the issuer wrote them (like the rest of the site).
    day = date_format(badge.expires.astimezone(UTC), "DATE_FORMAT")
    if badge.is_expired:
        return Step(_("Expiry"), BAD, _("Expired on %(date)s.") % {"date": day})
    return Step(_("Expiry"), OK, _("Valid until %(date)s.") % {"date": day})


def state_words(status: str, trust: str, method: str) -> str:
    """A check's outcome in a few words, as the chips say it: "Verified" only when the
    issuer was confirmed. ``trust`` is "" for checks recorded before it was kept."""
    if status != Badge.Status.VERIFIED:
        return Badge.Status(status).label if status in Badge.Status.values else status
    if trust == TrustLevel.ISSUER_CONFIRMED:
        return _("Verified")
    if not trust:
        return _("Valid; whether the issuer was confirmed was not recorded")
    if method == "hosted":
        return _("Valid, issuer not confirmed")
    return _("Signature valid, issuer not confirmed")


def checked_now(badge: Badge) -> str:
    """What a check just made found, for the message shown after "Verify again"."""
    if badge.status == Badge.Status.VERIFIED and badge.issuer_confirmed:
        return _("Checked just now: this badge is verified.")
    if badge.status == Badge.Status.VERIFIED:
        return _(
            "Checked just now: this badge is genuine and unchanged, but Passport could not "
            "confirm who issued it."
        )
    if badge.status == Badge.Status.EXPIRED:
        return _("Checked just now: this badge is genuine but has expired.")
    if badge.status == Badge.Status.REVOKED:
        return _("Checked just now: the issuer has revoked this badge.")
    return _("Checked just now: Passport could not confirm this badge with its issuer.")
