from boso.core.testing.matrix import Row, everyone

ROWS = [
    Row("home", "/", everyone(200)),
]
