from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# The largest primary key (a BigAutoField; SQLite's INTEGER): a larger number can name
# no row, and the database driver fails on it (a 500) instead of finding nothing.
MAX_ID = 2**63 - 1
# LIMIT and OFFSET are 64-bit in the database: offset plus the largest limit must fit.
MAX_OFFSET = 2**62

# A row's id in a query filter: out of range is the caller's 422, not a server error.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    detail: str


class PageFilters(LimitOffsetPagination.Input):
    """Limit and offset of a page sliced in the database, the offset bounded."""

    offset: int = Field(0, ge=0, le=MAX_OFFSET)
