"""ShopClock core: domain, rule engine, storage. Never imports Qt or gui."""

__version__ = "0.1.0"
