"""Permission-matrix rows: the API's own routes (see boso/core/testing/matrix.py)."""

from boso.core.testing.matrix import Row, everyone

ROWS = [
    # What no endpoint takes is the same JSON 404 for everyone, with a token or without.
    Row("api no such endpoint", "/api/v1/plans/not-a-number", everyone(404), api=True),
]
