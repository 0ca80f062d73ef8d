"""Hypothesis strategies for scenario files, in one module (the Axelrod library's habit).

Every strategy produces :class:`Mutation` objects: a change at a dotted path of the
baseline (``actors.USA.demand.markdown``, ``timeline.0.magnitude``), and for bad input the
dotted key the error must name and a fragment of the expectation it must state.

- :func:`bad_mutations`: one bad change of the baseline, of any kind (see ``BAD_KINDS``).
- :func:`valid_mutations`: one in-range change that must still load.

The catalogue of fields (:func:`field_specs`) is read from the schema's pydantic models and
the policies' ``Params``, so a field added to the schema is covered without editing here.
"""

from __future__ import annotations

import copy
import math
import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args, get_origin

from conftest import load_baseline
from hypothesis import strategies as st
from pydantic import BaseModel

from agents.policies import REGISTRY
from sim.config import schema
from sim.config.schema import (
    ACTORS,
    POLICY_FAMILIES,
    ROLE_FAMILIES,
    ScenarioFile,
)
from sim.months import month_index, month_name


@cache
def _base() -> dict[str, Any]:
    """The baseline table, read once; strategies only read it (``Mutation.apply`` copies)."""
    return load_baseline()


class _Delete:
    """Sentinel value: remove the key instead of setting it."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()

BAD_KINDS = (
    "unknown_key",
    "wrong_type",
    "out_of_range",
    "unknown_policy",
    "missing",
    "malformed_month",
    "inconsistent",
)
MONTH_RE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Mutation:
    """One change of a scenario table.

    ``path``: where to change (dotted, array items by index); ``value``: the new value or
    ``DELETE``; ``kind``: one of ``BAD_KINDS`` or ``"valid"``; ``key``: the dotted key the
    ConfigError must name (``""`` for valid changes); ``expect``: a fragment of its message.
    """

    path: str
    value: Any
    kind: str
    key: str = ""
    expect: str = ""

    def apply(self, table: dict[str, Any]) -> dict[str, Any]:
        """A deep copy of ``table`` with the change made."""
        return apply_change(table, self.path, self.value)


def _step(node: Any, part: str) -> Any:
    return node[int(part)] if isinstance(node, list) else node[part]


def apply_change(table: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``table`` with ``value`` set at ``path`` (or the key removed)."""
    result = copy.deepcopy(table)
    parts = path.split(".")
    node: Any = result
    for part in parts[:-1]:
        if isinstance(node, dict) and part not in node:
            node[part] = {}
        node = _step(node, part)
    last: Any = int(parts[-1]) if isinstance(node, list) else parts[-1]
    if value is DELETE:
        del node[last]
    else:
        node[last] = copy.deepcopy(value)
    return result


def get_path(table: Any, path: str) -> Any:
    """The value at dotted ``path`` (array items by index); KeyError if absent."""
    node = table
    for part in path.split("."):
        node = _step(node, part)
    return node


# --------------------------------------------------------------------------------------
# The catalogue of fields, from the schema and the policies' parameter models.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One scalar field: its path, its type and its bounds."""

    path: str
    type: str  # "float", "int", "bool", "str", "month" or "literal"
    ge: Any = None
    gt: Any = None
    le: Any = None
    lt: Any = None
    choices: tuple[Any, ...] = ()
    required: bool = False
    policy_param: bool = False

    @property
    def name(self) -> str:
        """The last part of the path."""
        return self.path.rsplit(".", 1)[-1]

    @property
    def table(self) -> str:
        """The path of the table holding the field."""
        return self.path.rsplit(".", 1)[0]


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        arms = [a for a in get_args(annotation) if a is not type(None)]
        return arms[0] if len(arms) == 1 else annotation
    return annotation


def _join(table: str, name: str | int) -> str:
    return f"{table}.{name}" if table else str(name)


def _specs_of(table: str, model: type[BaseModel], policy_param: bool = False) -> list[FieldSpec]:
    specs = []
    for name, info in model.model_fields.items():
        annotation = _unwrap_optional(info.annotation)
        bounds = {
            attr: getattr(m, attr)
            for m in info.metadata
            for attr in ("ge", "gt", "le", "lt")
            if getattr(m, attr, None) is not None
        }
        patterns = [getattr(m, "pattern", None) for m in info.metadata]
        if annotation is bool:
            kind = "bool"
        elif annotation is int:
            kind = "int"
        elif annotation is float:
            kind = "float"
        elif annotation is str:
            kind = "month" if any(p and "(0[1-9]|1[0-2])" in p for p in patterns) else "str"
        elif get_origin(annotation) is Literal:
            kind = "literal"
        else:
            continue  # tables, arrays and policy tables are handled elsewhere
        choices = get_args(annotation) if kind == "literal" else ()
        specs.append(
            FieldSpec(
                _join(table, name),
                kind,
                choices=choices,
                required=info.is_required(),
                policy_param=policy_param,
                **bounds,
            )
        )
    return specs


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap_optional(annotation)
    if get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return annotation if is_model else None


def _walk(
    path: str, model: type[BaseModel], value: Any, out: list[tuple[str, type[BaseModel], str]]
) -> None:
    """Collect ``(path, model, "")`` for ``value`` validated by ``model`` and its sub-tables.

    Policy tables are collected as ``(path, Params of the named policy, family)``.
    """
    out.append((path, model, ""))
    table = value if isinstance(value, dict) else {}
    for name, info in model.model_fields.items():
        sub = _join(path, name)
        child = table.get(name)
        annotation = _unwrap_optional(info.annotation)
        origin, args = get_origin(annotation), get_args(annotation)
        if inner := _model_of(annotation):
            _walk(sub, inner, child or {}, out)
        elif origin is dict and args and (inner := _model_of(args[-1])):
            for key, item in (child or {}).items():
                _walk(_join(sub, key), inner, item, out)
        elif origin is list and args and (inner := _model_of(args[0])):
            for index, item in enumerate(child or []):
                _walk(_join(sub, index), inner, item, out)
        elif isinstance(child, dict) and isinstance(child.get("policy"), str):
            family = name if name in POLICY_FAMILIES else table.get("family")
            if family in REGISTRY and child["policy"] in REGISTRY[family]:
                out.append((sub, REGISTRY[family][child["policy"]].Params, family))


@cache
def model_tables() -> tuple[tuple[str, type[BaseModel], str], ...]:
    """``(path, model, family)`` of every fixed-key table of the baseline, by schema walk.

    ``family`` is the policy family of a policy table (whose model is the policy's
    ``Params``), else ``""``. Tables the baseline leaves out (``[mechanisms]``) are included
    with their defaults; the root table has the path ``""``.
    """
    found: list[tuple[str, type[BaseModel], str]] = []
    _walk("", ScenarioFile, _base(), found)
    return tuple(found)


@cache
def policy_tables() -> tuple[tuple[str, str], ...]:
    """``(path, family)`` of every policy table of the baseline, actors' and shocks'."""
    return tuple((path, family) for path, _, family in model_tables() if family)


@cache
def field_specs() -> tuple[FieldSpec, ...]:
    """Every scalar field of the baseline's tables (present or defaulted)."""
    specs: list[FieldSpec] = []
    for path, model, family in model_tables():
        specs += _specs_of(path, model, policy_param=bool(family))
    for a in ACTORS:
        for b in ACTORS:
            if a != b:
                specs.append(FieldSpec(f"relations.affinity.{a}.{b}", "float", ge=-1.0, le=1.0))
    return tuple(specs)


@cache
def _specs(*types_: str) -> list[FieldSpec]:
    return [s for s in field_specs() if s.type in types_]


@cache
def _free_numbers() -> list[FieldSpec]:
    """Numeric fields that may take any in-range value on their own."""
    return [s for s in _specs("float", "int") if not _is_coupled(s)]


def _is_coupled(spec: FieldSpec) -> bool:
    """Fields whose valid values depend on others (checked by a table-level rule)."""
    base = _base()
    if spec.table == "metrics.weights":
        return True
    if spec.path.startswith("agenda.") and spec.name in ("ask", "status_quo"):
        return get_path(base, spec.table).get("kind") == "cost_sharing"
    return False


# --------------------------------------------------------------------------------------
# Bad input.
# --------------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz_"


@st.composite
def misspellings(draw: st.DrawFn, word: str) -> str:
    """``word`` with one edit: a letter dropped, doubled, replaced or two letters swapped."""
    i = draw(st.integers(0, len(word) - 1))
    letter = draw(st.sampled_from(_LETTERS.upper() if word.isupper() else _LETTERS))
    op = draw(st.sampled_from(["drop", "double", "replace", "insert", "swap"]))
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    if op == "replace":
        return word[:i] + letter + word[i + 1 :]
    if op == "insert":
        return word[:i] + letter + word[i:]
    j = min(i + 1, len(word) - 1)
    chars = list(word)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


@cache
def key_tables() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """``(table path, keys to misspell, all valid keys)`` of every fixed-key table.

    Tables keyed by ids of the user's choosing (``agenda``) are not among them.
    """
    tables = [(f"relations.affinity{s}", ACTORS, ACTORS) for s in ["", *(f".{c}" for c in ACTORS)]]
    for path, model, family in model_tables():
        fields = tuple(model.model_fields)
        # a policy table's "policy" is checked apart from its parameters: no hint for it
        valid = ("policy", *fields) if family else fields
        if fields:
            tables.append((path, fields, valid))
    return tuple(tables)


@st.composite
def unknown_keys(draw: st.DrawFn) -> Mutation:
    """A misspelt key added next to the real one at any table level."""
    base = _base()
    table, words, valid = draw(st.sampled_from(key_tables()))
    word = draw(st.sampled_from(words))
    wrong = draw(misspellings(word).filter(lambda w: w and w not in valid and w != "extends"))
    key = f"{table}.{wrong}" if table else wrong
    try:
        value = get_path(base, f"{table}.{word}" if table else word)
    except (KeyError, IndexError):
        value = 0.5
    return Mutation(key, value, "unknown_key", key, "did you mean '")


_TEXT = st.sampled_from(["", "0.5", "1", "true", "one", "2019-07"])
_FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)


@st.composite
def wrong_types(draw: st.DrawFn) -> Mutation:
    """A value of the wrong type: text or a boolean for a number, a number for text, etc."""
    choice = draw(st.sampled_from(["field", "policy", "table"]))
    if choice == "policy":
        path, _ = draw(st.sampled_from(policy_tables()))
        value = draw(st.one_of(st.integers(), st.booleans(), _FINITE))
        return Mutation(f"{path}.policy", value, "wrong_type", f"{path}.policy", "policy name")
    if choice == "table":
        path, value, expect = draw(
            st.sampled_from(
                [
                    ("scenario", 1, "expected a table"),
                    ("actors.CHN", "CHN", "expected a table"),
                    ("actors.USA.demand", "transactional", "expected a table"),
                    ("relations.affinity.ROK", 0.5, "expected a table"),
                    (f"agenda.{sorted(_base()['agenda'])[0]}", 5.0, "expected a table"),
                    ("metrics.weights", [0.25, 0.25, 0.25, 0.25], "expected a table"),
                    ("timeline", {"month": "2019-07"}, "expected an array"),
                ]
            )
        )
        return Mutation(path, value, "wrong_type", path, expect)
    spec = draw(st.sampled_from(field_specs()))
    if spec.type == "float":
        value = draw(st.one_of(st.booleans(), _TEXT))
        expect = "expected a number"
    elif spec.type == "int":
        value = draw(st.one_of(st.booleans(), _TEXT, _FINITE))
        expect = "expected an integer"
    elif spec.type == "bool":
        value = draw(st.one_of(st.integers(-5, 5), _FINITE, _TEXT))
        expect = "expected true or false"
    elif spec.type in ("str", "month"):
        value = draw(st.one_of(st.integers(), _FINITE, st.booleans()))
        expect = "expected a string"
    else:
        value = draw(st.one_of(st.integers(), st.booleans()))
        expect = "expected one of"
    return Mutation(spec.path, value, "wrong_type", spec.path, expect)


def _beyond(spec: FieldSpec, low: bool) -> st.SearchStrategy[Any]:
    """Values just past or far past the lower (``low``) or upper bound of ``spec``."""
    bound = (spec.ge if spec.ge is not None else spec.gt) if low else spec.le
    if not low and bound is None:
        bound = spec.lt
    sign = -1 if low else 1
    inclusive = (spec.gt is not None) if low else (spec.lt is not None)
    if spec.type == "int":
        delta = st.integers(1, 10**6)
        values = delta.map(lambda d: bound + sign * d)
    else:
        delta = st.one_of(st.floats(1e-6, 1e6), st.just(float("inf")))
        values = delta.map(lambda d: bound + sign * d)
    return st.one_of(values, st.just(bound)) if inclusive else values


def _bound_text(spec: FieldSpec, low: bool) -> str:
    if low:
        return f">= {spec.ge}" if spec.ge is not None else f"> {spec.gt}"
    return f"<= {spec.le}" if spec.le is not None else f"< {spec.lt}"


@st.composite
def out_of_range(draw: st.DrawFn) -> Mutation:
    """A number outside its bounds: probabilities > 1 or < 0, negative GDP, steps 0, ..."""
    spec = draw(
        st.sampled_from([s for s in _specs("float", "int") if {s.ge, s.gt, s.le, s.lt} != {None}])
    )
    sides = []
    if spec.ge is not None or spec.gt is not None:
        sides.append(True)
    if spec.le is not None or spec.lt is not None:
        sides.append(False)
    low = draw(st.sampled_from(sides))
    value = draw(_beyond(spec, low))
    expect = "finite" if value in (float("inf"), float("-inf")) else _bound_text(spec, low)
    return Mutation(spec.path, value, "out_of_range", spec.path, expect)


@st.composite
def unknown_policies(draw: st.DrawFn) -> Mutation:
    """A policy name its family does not register (a typo, another family's, nonsense)."""
    path, family = draw(st.sampled_from(policy_tables()))
    known = sorted(REGISTRY[family])
    others = sorted({n for f, names in REGISTRY.items() if f != family for n in names})
    typo = st.sampled_from(known).flatmap(misspellings)
    name = draw(
        st.one_of(st.sampled_from(others), typo, st.text(_LETTERS, min_size=1, max_size=12)).filter(
            lambda n: n not in REGISTRY[family]
        )
    )
    expect = f"valid: {', '.join(known)}"
    return Mutation(f"{path}.policy", name, "unknown_policy", f"{path}.policy", expect)


@st.composite
def missing_keys(draw: st.DrawFn) -> Mutation:
    """A required key or table removed: an actor, a field, a policy table or name, a pair."""
    base = _base()
    choice = draw(st.sampled_from(["actor", "field", "top", "policy_table", "name", "pair"]))
    if choice == "actor":
        path = f"actors.{draw(st.sampled_from(ACTORS))}"
        return Mutation(path, DELETE, "missing", path, "required key is missing")
    if choice == "top":
        path = draw(
            st.sampled_from([n for n, f in ScenarioFile.model_fields.items() if f.is_required()])
        )
        return Mutation(path, DELETE, "missing", path, "required key is missing")
    if choice == "field":
        spec = draw(
            st.sampled_from([s for s in field_specs() if s.required and not s.policy_param])
        )
        return Mutation(spec.path, DELETE, "missing", spec.path, "required key is missing")
    if choice == "policy_table":
        required = [
            f"actors.{code}.{family}" for code in ACTORS for family in REQUIRED_FAMILIES[code]
        ]
        path = draw(st.sampled_from(required))
        return Mutation(path, DELETE, "missing", path, "required policy table is missing")
    if choice == "name":
        path, _ = draw(st.sampled_from(policy_tables()))
        key = f"{path}.policy"
        return Mutation(key, DELETE, "missing", key, "expected a policy name")
    a, b = draw(st.permutations(ACTORS))[:2]
    assert b in base["relations"]["affinity"][a]
    return Mutation(f"relations.affinity.{a}.{b}", DELETE, "missing", "relations", f"{a}.{b}")


_BAD_MONTHS = st.one_of(
    st.builds(
        "{:04d}-{:02d}".format,
        st.integers(0, 9999),
        st.one_of(st.just(0), st.integers(13, 99)),
    ),
    st.sampled_from(
        [
            "2019-7",
            "19-07",
            "2019/07",
            "2019-07-01",
            "July 2019",
            "",
            "201907",
            " 2019-07",
            "2019-07 ",
            "2019-07\n",
            "2019\u201307",
            "12019-07",
        ]
    ),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=10),
).filter(lambda s: not MONTH_RE.fullmatch(s))


@st.composite
def malformed_months(draw: st.DrawFn) -> Mutation:
    """A month that is not ``YYYY-MM`` (month 00 or 13, other separators, a date, ...)."""
    spec = draw(st.sampled_from(_specs("month")))
    value = draw(_BAD_MONTHS)
    return Mutation(spec.path, value, "malformed_month", spec.path, 'a month as "YYYY-MM"')


#: Families each actor must name (all it may carry, in schemas without optional families).
REQUIRED_FAMILIES: dict[str, tuple[str, ...]] = getattr(schema, "REQUIRED_FAMILIES", ROLE_FAMILIES)

#: Shock kinds that need a target (those of ShockSection's rule that both schema versions
#: share; a shock of these kinds in the baseline has one).
NEEDS_TARGET = ("coercion_warning", "troop_threat")


def _actors_without(family: str) -> list[str]:
    return [c for c in ACTORS if family not in ROLE_FAMILIES[c]]


@st.composite
def inconsistent(draw: st.DrawFn) -> Mutation:
    """Values fine alone but not together (the schema's table-level rules)."""
    base = _base()
    agenda = base.get("agenda", {})
    shocks = base.get("timeline", [])
    rules = ["deadline", "weights", "family_actor", "self_affinity"]
    if any(i["kind"] == "cost_sharing" for i in agenda.values()):
        rules.append("ask")
    if any(s["kind"] in NEEDS_TARGET and "target" in s for s in shocks):
        rules.append("target")
    changes = [i for i, s in enumerate(shocks) if s["kind"] == "policy_change"]
    if changes:
        rules += ["change_policy", "change_kind"]
    if any(_actors_without(shocks[i]["family"]) for i in changes):
        rules.append("change_actor")
    rule = draw(st.sampled_from(rules))
    if rule == "deadline":
        item = draw(st.sampled_from(sorted(agenda)))
        opens = month_index(agenda[item]["opens"])
        value = month_name(opens - draw(st.integers(1, 120)))
        path = f"agenda.{item}.deadline"
        return Mutation(path, value, "inconsistent", f"agenda.{item}", "before opens")
    if rule == "ask":
        item = draw(
            st.sampled_from(sorted(k for k, v in agenda.items() if v["kind"] == "cost_sharing"))
        )
        status_quo = agenda[item]["status_quo"]
        value = status_quo * draw(st.floats(0.0, 1.0))
        path = f"agenda.{item}.ask"
        return Mutation(path, value, "inconsistent", f"agenda.{item}", "ask > status_quo")
    if rule == "weights":
        parts = draw(st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4))
        weights = dict(zip(("affinity", "alignment", "burden", "threat"), parts, strict=True))
        if abs(sum(parts) - 1.0) < 1e-6:
            weights["threat"] = min(1.0, weights["threat"] + 0.5)
            if abs(sum(weights.values()) - 1.0) < 1e-6:
                weights["affinity"] = 0.0 if weights["affinity"] > 0.25 else 0.5
        return Mutation("metrics.weights", weights, "inconsistent", "metrics.weights", "sum to 1")
    if rule == "family_actor":
        code, family = draw(
            st.sampled_from(
                [(c, f) for c in ACTORS for f in POLICY_FAMILIES if f not in ROLE_FAMILIES[c]]
            )
        )
        table = {"policy": sorted(REGISTRY[family])[0]}
        path = f"actors.{code}.{family}"
        return Mutation(path, table, "inconsistent", path, f"the {family} family applies to")
    if rule == "self_affinity":
        code = draw(st.sampled_from(ACTORS))
        path = f"relations.affinity.{code}.{code}"
        return Mutation(path, 0.5, "inconsistent", "relations", "toward itself")
    if rule == "target":
        index = draw(
            st.sampled_from(
                [i for i, s in enumerate(shocks) if s["kind"] in NEEDS_TARGET and "target" in s]
            )
        )
        path = f"timeline.{index}.target"
        return Mutation(path, DELETE, "inconsistent", f"timeline.{index}", "needs a target")
    if rule == "change_policy":
        index = draw(st.sampled_from(changes))
        part = draw(st.sampled_from(["policy", "family"]))
        path = f"timeline.{index}.{part}"
        return Mutation(path, DELETE, "inconsistent", f"timeline.{index}", "go together")
    if rule == "change_kind":
        # an exercise needs no target, so the family/policy rule is the one broken
        path = f"timeline.{draw(st.sampled_from(changes))}.kind"
        return Mutation(path, "exercise", "inconsistent", path.rsplit(".", 1)[0], "go together")
    index = draw(st.sampled_from([i for i in changes if _actors_without(shocks[i]["family"])]))
    family = shocks[index]["family"]
    code = draw(st.sampled_from(_actors_without(family)))
    path = f"timeline.{index}.actor"
    return Mutation(path, code, "inconsistent", f"timeline.{index}.family", f"no {family} policy")


def bad_mutations() -> st.SearchStrategy[Mutation]:
    """One bad change of the baseline, of any kind in ``BAD_KINDS``."""
    return st.one_of(
        unknown_keys(),
        wrong_types(),
        out_of_range(),
        unknown_policies(),
        missing_keys(),
        malformed_months(),
        inconsistent(),
    )


# --------------------------------------------------------------------------------------
# Valid input.
# --------------------------------------------------------------------------------------


#: Literal fields whose every choice is valid whatever the other fields say.
FREE_LITERALS = ("institutions.gsomia",)


def _within(spec: FieldSpec) -> st.SearchStrategy[Any]:
    low = spec.ge if spec.ge is not None else spec.gt
    high = spec.le if spec.le is not None else spec.lt
    if spec.type == "int":
        lo = low + (1 if spec.gt is not None else 0) if low is not None else -(10**6)
        hi = high - (1 if spec.lt is not None else 0) if high is not None else lo + 10**6
        return st.integers(lo, hi)
    lo = float(low) if low is not None else -1e6
    hi = float(high) if high is not None else 1e6
    floats = st.floats(lo, hi, exclude_min=spec.gt is not None, exclude_max=spec.lt is not None)
    first = math.floor(lo) + 1 if spec.gt is not None else math.ceil(lo)  # bounds need not be whole
    ints = st.integers(first, int(hi) - 1)
    return st.one_of(floats, ints) if int(hi) - 1 >= first + 1 else floats


@st.composite
def valid_mutations(draw: st.DrawFn) -> Mutation:
    """An in-range change that must still load (numbers, booleans, policies, weights, ...)."""
    base = _base()
    choice = draw(st.sampled_from(["number", "number", "number", "bool", "policy", "other"]))
    if choice == "number":
        spec = draw(st.sampled_from(_free_numbers()))
        return Mutation(spec.path, draw(_within(spec)), "valid")
    if choice == "bool":
        spec = draw(st.sampled_from(_specs("bool")))
        return Mutation(spec.path, draw(st.booleans()), "valid")
    if choice == "policy":
        path, family = draw(st.sampled_from(policy_tables()))
        return Mutation(path, {"policy": draw(st.sampled_from(sorted(REGISTRY[family])))}, "valid")
    other = draw(st.sampled_from(["weights", "ask", "start", "literal", "name", "replications"]))
    if other == "weights":
        counts = draw(st.lists(st.integers(0, 1000), min_size=4, max_size=4).filter(any))
        total = sum(counts)
        keys = ("affinity", "alignment", "burden", "threat")
        weights = {k: n / total for k, n in zip(keys, counts, strict=True)}
        if abs(sum(weights.values()) - 1.0) > 1e-12:  # pragma: no cover - rounding guard
            weights = {"affinity": 0.25, "alignment": 0.25, "burden": 0.25, "threat": 0.25}
        return Mutation("metrics.weights", weights, "valid")
    if other == "ask":
        items = sorted(k for k, v in base["agenda"].items() if v["kind"] == "cost_sharing")
        item = draw(st.sampled_from(items))
        ask = base["agenda"][item]["status_quo"] + draw(st.floats(1e-3, 1e3))
        return Mutation(f"agenda.{item}.ask", ask, "valid")
    if other == "start":
        # the run must end by 9999-12: leave room for the base's steps (at most 1200)
        latest = month_index("9999-12") - base["scenario"]["steps"]
        month = month_name(draw(st.integers(month_index("1000-01"), latest)))
        return Mutation("scenario.start", month, "valid")
    if other == "literal":
        # choices of a literal field that no table-level rule ties to other fields
        spec = draw(st.sampled_from([s for s in _specs("literal") if s.path in FREE_LITERALS]))
        return Mutation(spec.path, draw(st.sampled_from(spec.choices)), "valid")
    if other == "name":
        name = draw(st.from_regex(r"[A-Za-z0-9_.-]{1,64}", fullmatch=True))
        return Mutation("scenario.name", name, "valid")
    return Mutation("run.replications", draw(st.integers(1, 100_000)), "valid")
