"""Timings of the social-rights estimate (OpenFisca-France): `.venv/bin/python bench/rights.py`.

Prints the one-off cost of loading the French tax-benefit system, the first estimate of a
process (rules and parameters read on first use: what the form's background warm-up hides),
then p50/p95 of the next estimates over households a counselor meets. No database.
"""

import os
import statistics
import time
from datetime import date

from tremplin.rights import engine

MONTH = date(2026, 11, 1)


def households() -> list[engine.Household]:
    def adult(year=1990, **amounts):
        return engine.Member(birth_date=date(year, 3, 1), **amounts)

    base = {"housing": "locataire_vide", "rent": 450, "commune_code": "44109"}
    return [
        engine.Household(person=adult(), **base),
        engine.Household(person=adult(salary=1100), **base),
        engine.Household(
            person=adult(salary=640), children_birth_dates=(date(2020, 2, 3),), **base
        ),
        engine.Household(
            person=adult(unemployment=900),
            partner=adult(1987, salary=1500),
            children_birth_dates=(date(2016, 5, 1), date(2019, 9, 9), date(2024, 1, 2)),
            **base,
        ),
        engine.Household(person=adult(2003, salary=700), housing="loge_gratuitement", rent=0),
    ]


def main() -> None:
    if not engine.is_available():
        raise SystemExit("OpenFisca-France is not installed: pip install .[rights]")
    print(f"{engine.engine_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    start = time.perf_counter()
    engine.tax_benefit_system()
    print(f"load the tax-benefit system: {time.perf_counter() - start:.1f} s")
    cases = households()
    start = time.perf_counter()
    engine.estimate(cases[0], MONTH)
    print(f"first estimate of the process: {time.perf_counter() - start:.1f} s")
    samples = []
    for _ in range(4):
        for household in cases:
            start = time.perf_counter()
            engine.estimate(household, MONTH)
            samples.append(time.perf_counter() - start)
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)))]
    print(
        f"next estimates ({len(samples)}): p50 {statistics.median(samples):.2f} s, p95 {p95:.2f} s"
    )


if __name__ == "__main__":
    main()
