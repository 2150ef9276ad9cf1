"""Visual outputs: matplotlib plots (``plots``); the Solara dashboard lives in ``app``.

Importing this package imports nothing heavy.
"""
