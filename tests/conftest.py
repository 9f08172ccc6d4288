import os

# Qt must never look for a display in the test run (PITFALLS.md); set before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
