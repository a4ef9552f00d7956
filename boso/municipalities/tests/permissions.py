from boso.core.testing.matrix import Row, everyone

ROWS = [
    Row("municipality list", "/kommuner/", everyone(200)),
    Row("municipality list on a date", "/kommuner/?dato=01.01.2010&q=dram", everyone(200)),
    Row("municipality list before the register", "/kommuner/?dato=01.01.1990", everyone(400)),
    Row("municipality page", "/kommuner/3301/", everyone(200)),
    Row("municipality page, old number", "/kommuner/0602/?dato=2010-03-31", everyone(200)),
    Row("unknown municipality", "/kommuner/0000/", everyone(404)),
    Row("region list", "/regioner/", everyone(200)),
    Row("region page", "/regioner/sor/", everyone(200)),
    Row("unknown region", "/regioner/nowhere/", everyone(404)),
    Row("api municipalities", "/api/v1/municipalities", everyone(200), api=True),
    Row(
        "api municipalities, bad date",
        "/api/v1/municipalities?valid_on=1990-01-01",
        everyone(400),
        api=True,
    ),
    Row("api municipality", "/api/v1/municipalities/3301", everyone(200), api=True),
    Row("api unknown municipality", "/api/v1/municipalities/0000", everyone(404), api=True),
    Row("api history", "/api/v1/municipalities/0602/history", everyone(200), api=True),
    Row("api regions", "/api/v1/regions", everyone(200), api=True),
]
# Ninja answers its bare root with a 404; the API is described at /api/v1/docs.
ROWS.append(Row("api root", "/api/v1/", everyone(404), api=True))
