"""The backpack's screens, one module per feature.

Every view is for the signed-in learner and reaches their own rows only, through the
``get_<thing>_for_user`` lookups of ``_lookup``: someone else's id answers 404. Changes
are POSTed, then redirected (Post/Redirect/Get) with a message saying what happened.
"""
