"""The shared kernel: web helpers every app may use, which import no app of ours.

Rate limits, cache headers, error pages, serving untrusted files, opening untrusted
images, Markdown, e-mail redaction and the upload size cap live here once, so that
``badges``, ``pages`` and ``sharing`` need not import each other for them.
"""
