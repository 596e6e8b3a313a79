"""Open Badges standards, framework-free.

Bytes, URLs and JSON go in; a normalised, immutable ``Credential`` or an
``ImportRefused`` comes out. Nothing here imports Django, so the standard can be
tested, fuzzed and benchmarked on its own. Network access goes through a
``Fetcher`` passed in by the caller.
"""
