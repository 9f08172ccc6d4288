"""Rule packs (data) and the pure deadline engine over them.

Where things live: the limits are in resources/rules/<platform>.toml; the
pack schema and loader in loader.py; deadline arithmetic in engine.py;
request windows in eligibility.py; actions and expiry in transitions.py.
"""
