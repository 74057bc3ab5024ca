"""Small counts hidden in the documents that leave the structure (statistical secrecy).

A count from 1 to SMALL_COUNT is replaced by MASK. That is not enough when the count is one
part of a breakdown whose total is shown: 142 people, 130 under 50 and 9 over 50 give the
third part away (3). So, in each breakdown, more parts are hidden — the smallest first —
until at least two are hidden and together they exceed SMALL_COUNT: the hidden parts can
then be neither read nor worked out by subtraction. Zeros stay visible (they reveal no one).
"""

from collections.abc import Hashable, Iterable

SMALL_COUNT = 4
MASK = "< 5"


def is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SMALL_COUNT


def hidden_cells(values: dict[Hashable, object], breakdowns: Iterable[list[Hashable]]) -> set:
    """The cells to hide: `values` maps each cell to its count (other values are never
    hidden), `breakdowns` lists the cells that add up to a total shown elsewhere."""
    hidden = {cell for cell, value in values.items() if is_small(value)}
    breakdowns = [list(b) for b in breakdowns]
    changed = True
    while changed:  # a cell hidden for one breakdown may call for another in a second one
        changed = False
        for breakdown in breakdowns:
            parts = [c for c in breakdown if isinstance(values.get(c), int)]
            inside = [c for c in parts if c in hidden]
            while inside and (len(inside) < 2 or sum(values[c] for c in inside) <= SMALL_COUNT):
                others = [c for c in parts if c not in hidden and values[c] > 0]
                if not others:
                    break
                pick = min(others, key=lambda c: values[c])
                hidden.add(pick)
                inside.append(pick)
                changed = True
    return hidden


NOTE = (
    f"Les effectifs de 1 à {SMALL_COUNT} sont remplacés par « {MASK} », ainsi que, dans une "
    "même ventilation, le ou les plus petits effectifs suivants quand ils permettraient de "
    "les retrouver par soustraction du total."
)
