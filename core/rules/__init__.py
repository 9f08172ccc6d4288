"""Rule packs (data) and the pure deadline engine over them.

Where things live: the limits are in resources/rules/<platform>.toml; the
pack files are read by loader.py (public entry), checked by
checks.py/schema.py, turned into packs by build.py, versioned in rulebook.py; deadline arithmetic in engine.py;
request windows in eligibility.py; actions and expiry in transitions.py.
"""
