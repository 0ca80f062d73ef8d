"""The hot path of a decision as code generated once per decision: sums and pick unrolled.

A run makes some ten logit choices a month, and with the policies' terms they were the
largest share of a step. The generic path (a getter per option, :func:`sum` over each,
then :func:`sim.core.choice.pick` looping over a list of weights) spends most of its time
in Python's loop machinery over three to eight floats. For each decision (its options'
term positions, after a knockout) this module writes one small function that does the
same arithmetic with the loops unrolled. For three options it reads::

    def chooser(v, precision, draw):
        utilities = [sum(v[0:3], 0.0), sum((v[3], v[5]), 0.0), 0.0]
        if not (0.0 < precision < INF):
            return utilities, pick(utilities, precision, draw)
        top = max(utilities)
        if not top > -INF:
            return utilities, pick(utilities, precision, draw)
        u0, u1, u2 = utilities
        w0 = exp(precision * (u0 - top))
        w1 = exp(precision * (u1 - top))
        w2 = exp(precision * (u2 - top))
        threshold = draw * sum((w0, w1, w2))
        threshold -= w0
        if threshold < 0.0:
            return utilities, 0
        threshold -= w1
        if threshold < 0.0:
            return utilities, 1
        threshold -= w2
        if threshold < 0.0:
            return utilities, 2
        return utilities, pick(utilities, precision, draw)

**Bit for bit the generic path.** Each utility is :func:`sum` of the same values in the
same order from the same start (``sum`` compensates its rounding, so a chain of ``+``
would differ), an option without terms ``0.0`` (what ``sum((), 0.0)`` is); the weights are
the same ``exp`` of the same differences, their total the same ``sum``, and the draw's
threshold loses the same weights in the same order (a weight of 0, an unavailable option,
which the generic loop skips, leaves it unchanged). Every other case (two options, which
:func:`~sim.core.choice.pick` settles in closed form; a precision of 0 or infinity; no
available option; a NaN utility; a draw that rounding puts past the total) is handed to
``pick`` itself, so its answers and its errors are the same. tests/test_choice.py compares
both paths.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

#: ``(values, precision, draw) -> (utilities, index of the chosen option)``.
Chooser = Callable[[Sequence[float], float, float], tuple[list[float], int]]
Pick = Callable[[Sequence[float], float, float], int]


def compile_chooser(groups: Sequence[Sequence[int]], pick: Pick) -> Chooser:
    """The chooser for options whose terms sit at ``groups`` (one list of positions each).

    ``pick`` is the generic rule, for the cases the unrolled code leaves to it. Only integer
    positions enter the generated source.
    """
    lines = ["def chooser(v, precision, draw):"]
    lines.append(f"    utilities = [{', '.join(_utility(p) for p in groups)}]")
    n = len(groups)
    if n > 2:
        lines += _unrolled_pick(n)
    lines.append("    return utilities, pick(utilities, precision, draw)")
    namespace = {"sum": sum, "max": max, "exp": math.exp, "INF": math.inf, "pick": pick}
    exec(compile("\n".join(lines), f"<chooser of {n} options>", "exec"), namespace)  # noqa: S102
    return namespace["chooser"]  # type: ignore[no-any-return]


def _utility(positions: Sequence[int]) -> str:
    """The expression of one option's utility: ``sum`` of its values from ``0.0``."""
    if not positions:
        return "0.0"
    first, last = int(positions[0]), int(positions[-1])
    if list(positions) == list(range(first, last + 1)):
        return f"sum(v[{first}:{last + 1}], 0.0)"  # a slice, as the getter's
    return f"sum(({''.join(f'v[{int(i)}], ' for i in positions)}), 0.0)"


def _unrolled_pick(n: int) -> list[str]:
    """The logit pick among ``n`` options with the loops unrolled (module docstring)."""
    lines = [
        "    if not (0.0 < precision < INF):",
        "        return utilities, pick(utilities, precision, draw)",
        "    top = max(utilities)",
        "    if not top > -INF:",
        "        return utilities, pick(utilities, precision, draw)",
        f"    {', '.join(f'u{i}' for i in range(n))}, = utilities",
    ]
    lines += [f"    w{i} = exp(precision * (u{i} - top))" for i in range(n)]
    lines.append(f"    threshold = draw * sum(({''.join(f'w{i}, ' for i in range(n))}))")
    for i in range(n):
        lines += [
            f"    threshold -= w{i}",
            "    if threshold < 0.0:",
            f"        return utilities, {i}",
        ]
    return lines
