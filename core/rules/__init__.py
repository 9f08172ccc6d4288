"""Rule packs (data) and the pure deadline engine over them.

Where things live: the limits are in resources/rules/<platform>.toml; pack
files are read by loader.py (the public entry), checked by checks.py and
schema.py, turned into packs by build.py and versioned in rulebook.py;
deadline arithmetic is in engine.py, request windows in eligibility.py,
actions and expiry in transitions.py, urgency bands in urgency.py.
"""
