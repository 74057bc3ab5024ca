"""Timings of the writing help (« Relire un texte »): `.venv/bin/python bench/writing_help.py`.

Prints the one-off cost of compiling the rules, then p50/p95 of `check_text` on texts of the
sizes counselors write (a fiche de liaison ~1,000 characters, a long compte rendu ~10,000)
and on the largest text accepted (50,000).
"""

import statistics
import time

from tremplin.documents.writing import MAX_TEXT_LENGTH, check_text
from tremplin.documents.writing.engine import _compiled_rules

NEUTRAL = (
    "Madame D. est accompagnée depuis le 12 janvier dans le cadre du RSA. Elle recherche un "
    "emploi d'agent d'entretien à temps partiel ; permis B, pas de véhicule. Atelier CV les 5 "
    "et 12 février, immersion de deux semaines, très bon retour du tuteur sur la ponctualité. "
    "À travailler : traitement de texte, préparation aux entretiens. Disponibilité limitée le "
    "mercredi ; contraintes de santé à prendre en compte (détails connus du référent).\n"
)
CARELESS = (
    "Monsieur K., sortant de prison (SPIP), schizophrène sous neuroleptiques. Il est clair "
    "qu'il ne veut pas travailler : il est paresseux et de mauvaise foi. Musulman pratiquant, "
    "il fait le ramadan. Son ex-compagne a porté plainte. Visiblement, il boit beaucoup.\n"
)


def text_of(size: int) -> str:
    unit = CARELESS + NEUTRAL * 4
    return (unit * (size // len(unit) + 1))[:size]


def timings(text: str, runs: int) -> tuple[float, float, int]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        findings = check_text(text)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(findings)


def main() -> None:
    start = time.perf_counter()
    patterns = sum(len(rule.patterns) for rule in _compiled_rules())
    print(f"compiling {patterns} patterns: {(time.perf_counter() - start) * 1000:.0f} ms (once)")
    for size, runs in ((1_000, 200), (10_000, 50), (MAX_TEXT_LENGTH, 10)):
        p50, p95, count = timings(text_of(size), runs)
        print(f"{size:>6} characters: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({count} findings)")


if __name__ == "__main__":
    main()
