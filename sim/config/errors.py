"""Turn pydantic validation errors into one-line messages that name key and expectation."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from sim.errors import did_you_mean

_EXPECTED_BY_TYPE = {
    "finite_number": "expected a finite number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "int_type": "expected an integer",
    "int_from_float": "expected an integer",
    "bool_type": "expected true or false",
    "string_type": "expected a string",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
    "dict_type": "expected a table",
    "list_type": "expected an array",
    "missing": "required key is missing",
}
_BOUNDS = {
    "greater_than_equal": ">=",
    "greater_than": ">",
    "less_than_equal": "<=",
    "less_than": "<",
}


def describe_value(value: Any) -> str:
    """A TOML-flavoured short rendering of a bad input value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional layers down to the container or model type."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            arms = [a for a in get_args(annotation) if a is not type(None)]
            annotation = arms[0]
        else:
            return annotation


def model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model that validates the table found at ``loc`` under ``root``."""
    annotation: Any = root
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return None
            annotation = field.annotation
        elif get_origin(annotation) in (dict, list):
            annotation = get_args(annotation)[-1]
        else:
            return None
    annotation = _unwrap(annotation)
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return annotation if is_model else None


def explain(error: ErrorDetails, root: type[BaseModel]) -> tuple[str, str]:
    """``(dotted key, message)`` for one pydantic error found under ``root``."""
    loc = tuple(p for p in error["loc"] if p != "[key]")
    key = ".".join(str(p) for p in loc)
    kind = error["type"]
    got = f", got {describe_value(error.get('input'))}"
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        fields = sorted(parent.model_fields) if parent else []
        hint = did_you_mean(str(loc[-1]), fields)
        valid = f"; valid keys: {', '.join(fields)}" if fields else ""
        return key, f"unknown key '{loc[-1]}'{hint}{valid}"
    if kind == "missing":
        return key, _EXPECTED_BY_TYPE[kind]
    if kind in _EXPECTED_BY_TYPE:
        return key, _EXPECTED_BY_TYPE[kind] + got
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return key, f"expected a value {_BOUNDS[kind]} {bound}{got}"
    if kind == "literal_error":
        hint = did_you_mean(
            str(error.get("input")),
            str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", "),
        )
        return key, f"expected one of {ctx.get('expected')}{got}{hint}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        wanted = (
            'a month as "YYYY-MM"' if "(0[1-9]|1[0-2])" in pattern else f"text matching {pattern}"
        )
        return key, f"expected {wanted}{got}"
    if kind == "value_error":
        return key, str(error["msg"]).removeprefix("Value error, ")
    return key, str(error["msg"]).replace("Input should be", "expected") + got
