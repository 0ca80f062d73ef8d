"""A readable listing of the policy registry (``python -m sim policies``)."""

from __future__ import annotations

from pydantic.fields import FieldInfo

from agents.policies import ALL_POLICIES, FAMILIES, Policy


def describe_field(name: str, info: FieldInfo) -> str:
    """``name = default (type, bounds)`` for one policy parameter."""
    bounds = []
    for item in info.metadata:
        for attr, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            value = getattr(item, attr, None)
            if value is not None:
                bounds.append(f"{symbol} {value}")
    kind = getattr(info.annotation, "__name__", str(info.annotation))
    default = str(info.default).lower() if isinstance(info.default, bool) else info.default
    detail = ", ".join([kind, *bounds])
    return f"{name} = {default} ({detail})"


def describe_policy(cls: type[Policy]) -> list[str]:
    """Lines for one policy: name, traits, description, parameters."""
    traits = [t for t, on in cls.classifier.items() if on]
    width = max(len(c.name) for c in ALL_POLICIES) + 2
    head = f"  {cls.name:<{width}}{cls.description}" + (
        f"  [{', '.join(traits)}]" if traits else ""
    )
    params = [f"      {describe_field(n, f)}" for n, f in cls.Params.model_fields.items()]
    return [head, *params]


def render_catalogue() -> str:
    """Every family and policy, as printed by the CLI."""
    lines = []
    for family, classes in FAMILIES.items():
        lines.append(f"{family}:")
        for cls in classes:
            lines += describe_policy(cls)
        lines.append("")
    return "\n".join(lines).rstrip()
