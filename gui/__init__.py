"""ShopClock's PySide6 user interface. Importing this package does not import Qt."""
