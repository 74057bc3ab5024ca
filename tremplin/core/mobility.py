"""How far a person is assumed to travel when their file records no mobility radius.

One value for every feature that needs a radius (the matching of offers and people, the
directory of partner services): a counselor should never see two different guesses for the
same person. Pages using it say that the radius is assumed and where to record it.
"""

# A commune and its employment area (the radius the directory of partner services also uses).
DEFAULT_MOBILITY_RADIUS_KM = 30
