"""Rule 8 of :mod:`scoring.anonymity`: anonymity over time. A release may add responses to a group only in
steps of at least its limit, so that two releases never differ by one known person's answers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def release_allowed(new: npt.ArrayLike, released: npt.ArrayLike, limits: npt.ArrayLike) -> bool:
    """Rule 8: may a release add ``new`` responses per group, to groups that hold ``released`` responses
    from earlier releases, with each group's limit in ``limits``?

    Yes when every group gains none, or at least its limit, or held fewer than its limit until now (so
    that no earlier output showed a number for it). The first release of a wave is therefore always
    allowed; rules 1 to 7 decide what of it is shown.
    """
    n_new = np.asarray(new, dtype=np.int64)
    n_before = np.asarray(released, dtype=np.int64)
    limit = np.asarray(limits, dtype=np.int64)
    if not n_new.shape == n_before.shape == limit.shape:
        raise ValueError("new, released and limits need one value per group")
    return bool(np.all((n_new == 0) | (n_new >= limit) | (n_before < limit)))
