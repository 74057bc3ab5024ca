"""Small counts hidden in the documents that leave the structure (statistical secrecy).

A count from 1 to SMALL_COUNT is replaced by MASK. That is not enough when the count is one
term of a sum whose other terms are shown: 142 people, 130 under 50 and 9 over 50 give the
third part away (3). So, in each such sum (a total and its parts), more terms are hidden —
the smallest parts first — until no hidden term can be worked out from the others: at least
two are hidden, and when the total is shown the hidden parts together exceed SMALL_COUNT.
Those extra cells read SECRET (« s »), the usual mark of a figure withheld for secrecy: they
are not small. Zeros stay visible (they reveal no one).

The protection holds within one document: two monthly reports side by side (this year to
date minus last month's year to date) are not compared.
"""

from collections.abc import Hashable, Iterable

SMALL_COUNT = 4
MASK = "< 5"
SECRET = "s"

Relation = tuple[Hashable | None, list[Hashable]]  # (the total's cell, its parts' cells)


def is_small(value) -> bool:
    return _is_count(value) and 1 <= value <= SMALL_COUNT


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def mark(value) -> str:
    """What a hidden cell reads."""
    return MASK if is_small(value) else SECRET


def hidden_cells(values: dict[Hashable, object], relations: Iterable[Relation]) -> set:
    """The cells to hide. `values` maps each cell to its count (a cell that is not a count
    is never hidden); each relation says that a total is the sum of its parts. A cell may
    be a part that is never displayed (the remainder of a sum): it is then protected like
    the others."""
    hidden = {cell for cell, value in values.items() if is_small(value)}
    relations = [(total, list(parts)) for total, parts in relations]
    changed = True
    while changed:  # a cell hidden for one relation may call for more in another
        changed = False
        for total, parts in relations:
            if total is None or not _is_count(values.get(total)):
                continue  # no known total: nothing to subtract from
            parts = [c for c in parts if _is_count(values.get(c))]
            while True:
                inside = [c for c in [total, *parts] if c in hidden]
                hidden_parts = [c for c in parts if c in hidden]
                exposed = len(inside) == 1 or (
                    total not in hidden
                    and hidden_parts
                    and sum(values[c] for c in hidden_parts) <= SMALL_COUNT
                )
                if not exposed:
                    break
                others = [c for c in parts if c not in hidden and values[c] > 0]
                if not others and total not in hidden and values[total] > 0:
                    others = [total]
                if not others:
                    break
                hidden.add(min(others, key=lambda c: values[c]))
                changed = True
    return hidden


NOTE = (
    f"« {MASK} » : un effectif de 1 à {SMALL_COUNT}. « {SECRET} » : un effectif masqué pour "
    "qu'un petit effectif ne se retrouve pas par soustraction d'un total. Ce masquage vaut "
    "pour ce document ; ne le comparez pas à un autre pour recalculer une case."
)
