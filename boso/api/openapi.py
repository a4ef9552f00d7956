"""Answers every operation can give, added to the OpenAPI document in one place.

django-ninja documents only the responses an endpoint declares. But any operation
answers 401 to a wrong token (and to no token where one is required), any operation
with parameters or a body answers 422 when they do not validate, and one with a body
answers 400 when the body is no JSON at all. The fuzz test
(boso/api/tests/test_schemathesis.py) holds every answer to the document.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from boso.api.schemas import ErrorOut

Json = dict[str, Any]
REF = "#/components/schemas/{model}"


class ValidationIssue(Schema):
    type: str = Field(description="the kind of problem, such as int_parsing or missing")
    loc: list[str | int] = Field(description="where: query, path or body, then the field")
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationIssue]


def add_common_responses(document: Json) -> Json:
    """Add the 401 and the 422 to every operation of the document that can give them."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ValidationErrorOut):
        found = model.model_json_schema(ref_template=REF)
        schemas.update(found.pop("$defs", {}))
        schemas[model.__name__] = found
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            _add_to(operation)
    return document


def _add_to(operation: Json) -> None:
    # django-ninja keys the responses by number; the JSON has them as strings.
    responses = {str(code): answer for code, answer in operation.get("responses", {}).items()}
    operation["responses"] = responses
    responses.setdefault("401", _json("Unauthorized: no valid token", "ErrorOut"))
    if "requestBody" in operation:
        responses.setdefault("400", _json("The body is not JSON", "ErrorOut"))
    if not operation.get("parameters") and "requestBody" not in operation:
        return
    invalid = {"$ref": REF.format(model="ValidationErrorOut")}
    declared = responses.get("422")
    if declared is None:
        responses["422"] = _json("The parameters or the body do not validate", "ValidationErrorOut")
        return
    # The endpoint's own 422 (a refusal listing problems) or the validation's.
    content = declared["content"]["application/json"]
    content["schema"] = {"anyOf": [content["schema"], invalid]}


def _json(description: str, model: str) -> Json:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model=model)}}},
    }
