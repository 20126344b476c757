"""The analysis of performance data: pure functions over plain values (no ORM, no Django).

Every function returns a small frozen dataclass that carries the inputs it used and an
``explanation``: a plain-English account of the method, the formula, the inputs and the
thresholds, so a page can link every figure to "how was this computed". The methods follow
``docs/performance-analysis.md`` and ADR 0023 (which take them from the shared methods note).
"""
