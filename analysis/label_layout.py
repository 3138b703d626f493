"""Where to put the labels of crowded points in a figure: a column of labels that keep
their points' order and stay as close to them as they can without overlapping.

Used for scatter plots whose points cluster (chips with similar memory and bandwidth): the
labels of a cluster go into a column beside the plot, each joined to its point by a thin
leader line, at positions from :func:`spread`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def spread(values: ArrayLike, height: float) -> np.ndarray:
    """Positions nearest to ``values`` (least squares), in the same order, ``height`` apart or more.

    Labels sorted by their targets are grouped into blocks where they would overlap; each
    block is centred on the mean of its targets and laid out at steps of ``height``
    (pool-adjacent-violators on ``value - k * height``). Work in the axis's own scale:
    log10 of the values on a logarithmic axis.

    Parameters
    ----------
    values : array_like
        Target positions of the labels [axis units].
    height : float
        Smallest distance between two labels [axis units], a label's height.

    Returns
    -------
    numpy.ndarray
        Label positions, in the order of ``values``.

    Examples
    --------
    >>> spread([0.0, 0.05, 1.0], height=0.1).round(3).tolist()
    [-0.025, 0.075, 1.0]
    >>> spread([3.0, 1.0, 2.0], height=0.5).tolist()  # far enough apart: unchanged
    [3.0, 1.0, 2.0]
    """
    targets = np.asarray(values, dtype=float)
    if height < 0:
        raise ValueError(f"spread: height must not be negative, got {height}")
    order = np.argsort(targets, kind="stable")
    # Each block: [first position, number of labels, sum of (target - k * height)].
    blocks: list[list[float]] = []
    for index in order:
        blocks.append([targets[index], 1, targets[index]])
        while len(blocks) > 1:
            first, n, _ = blocks[-2]
            if blocks[-1][0] >= first + n * height:
                break
            last = blocks.pop()
            merged_n = blocks[-1][1] + last[1]
            # The popped block's labels sit n places further up than in their own block.
            merged_sum = blocks[-1][2] + last[2] - last[1] * blocks[-1][1] * height
            blocks[-1] = [merged_sum / merged_n, merged_n, merged_sum]
    positions = np.concatenate([block[0] + height * np.arange(block[1]) for block in blocks])
    result = np.empty_like(targets)
    result[order] = positions
    return result
