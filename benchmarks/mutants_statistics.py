"""Hand-written mutants of the statistics modules, ``scoring/change.py`` and ``scoring/reliability.py``.

Read by ``benchmarks/mutate.py``. Each row is ``(name, module, old, new)``: ``old`` occurs exactly once in the
module and is replaced by ``new``. They are what a slip in a formula looks like: every constant, each
comparison at a boundary, ``min``/``max``, the ``ddof`` and the ``n - 1`` of each variance and df, the tail
of each quantile, the confidence level passed on, each clip bound, each guard for too few values.
"""

from __future__ import annotations

C = "scoring/change.py"
R = "scoring/reliability.py"

CHANGE: list[tuple[str, str, str, str]] = [
    # constants
    ("C1", C, "RCI_CRITICAL = 1.96", "RCI_CRITICAL = 1.645"),
    ("C2", C, "WILCOXON_DECIMALS = 10", "WILCOXON_DECIMALS = 16"),
    ("C3", C, "WILCOXON_EXACT_MAX = 50", "WILCOXON_EXACT_MAX = 49"),
    # _clean, all_equal, _var
    ("C4", C, "return arr[~np.isnan(arr)]", "return arr"),
    ("C5", C, "rounded.size == 0 or rounded.min() == rounded.max()", "rounded.min() == rounded.max()"),
    ("C6", C, "rounded = np.round(x, WILCOXON_DECIMALS)", "rounded = x"),
    ("C7", C, "float(x.var(ddof=1))", "float(x.var(ddof=0))"),
    # welch
    ("C8", C, "    if n1 == 0 or n2 == 0:\n        return Welch(", "    if n1 == 0:\n        return Welch("),
    ("C9", C, "diff = float(e.mean() - b.mean())", "diff = float(b.mean() - e.mean())"),
    ("C10", C, "    if n1 < 2 or n2 < 2:\n        return Welch(", "    if n1 < 2 or n2 < 1:\n        return Welch("),
    ("C11", C, "    if n1 < 2 or n2 < 2:\n        return Welch(", "    if n1 < 1 or n2 < 2:\n        return Welch("),
    ("C12", C, "    if not se2 > 0:", "    if not se2 >= 0:"),
    ("C13", C, "se2 = w1 + w2", "se2 = w1 + w2 + w1 * w2"),
    ("C14", C, "w1 * w1 / (n1 - 1) + w2 * w2 / (n2 - 1)", "w1 * w1 / n1 + w2 * w2 / (n2 - 1)"),
    ("C15", C, "w1 * w1 / (n1 - 1) + w2 * w2 / (n2 - 1)", "w1 * w1 / (n1 - 1) + w2 * w2 / n2"),
    ("C16", C, "p = float(2.0 * special.stdtr(df, -abs(t)))", "p = float(special.stdtr(df, -abs(t)))"),
    ("C17", C, "p = float(2.0 * special.stdtr(df, -abs(t)))", "p = float(2.0 * special.stdtr(df, -t))"),
    ("C18", C, "p = float(2.0 * special.stdtr(df, -abs(t)))", "p = float(2.0 * special.ndtr(-abs(t)))"),
    (
        "C19",
        C,
        "half = float(special.stdtrit(df, 0.5 + confidence / 2.0)) * se",
        "half = float(special.stdtrit(df, 0.975)) * se",
    ),
    (
        "C20",
        C,
        "half = float(special.stdtrit(df, 0.5 + confidence / 2.0)) * se",
        "half = float(special.stdtrit(df, confidence)) * se",
    ),
    (
        "C21",
        C,
        "half = float(special.stdtrit(df, 0.5 + confidence / 2.0)) * se",
        "half = float(special.ndtri(0.975)) * se",
    ),
    (
        "C22",
        C,
        "return Welch(diff, diff - half, diff + half, t, df, p)",
        "return Welch(diff, diff - half, diff + se, t, df, p)",
    ),
    # hedges_correction, hedges_g
    ("C23", C, "    if not df >= 2:\n        return NaN", "    if not df > 2:\n        return NaN"),
    ("C24", C, "special.gammaln((df - 1.0) / 2.0)", "special.gammaln((df - 2.0) / 2.0)"),
    ("C25", C, ") / math.sqrt(df / 2.0)", ") / math.sqrt(df)"),
    ("C26", C, "    df = n1 + n2 - 2\n    if n1 < 2 or n2 < 2:", "    df = n1 + n2 - 1\n    if n1 < 2 or n2 < 2:"),
    (
        "C27",
        C,
        "    if n1 < 2 or n2 < 2:\n        return HedgesG(",
        "    if n1 < 2 or n2 < 1:\n        return HedgesG(",
    ),
    (
        "C28",
        C,
        "pooled = ((n1 - 1) * _var(b) + (n2 - 1) * _var(e)) / df",
        "pooled = (n1 * _var(b) + n2 * _var(e)) / df",
    ),
    ("C29", C, "    if not pooled > 0:", "    if not pooled >= 0:"),
    ("C30", C, "g = hedges_correction(df) * float(", "g = float("),
    (
        "C31",
        C,
        "se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2)))",
        "se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2 - 2)))",
    ),
    (
        "C32",
        C,
        "se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2)))",
        "se = math.sqrt((n1 + n2) / (n1 * n2))",
    ),
    ("C33", C, "z = float(special.ndtri(0.5 + confidence / 2.0))", "z = float(special.ndtri(0.975))"),
    (
        "C34",
        C,
        "z = float(special.ndtri(0.5 + confidence / 2.0))",
        "z = float(special.stdtrit(df, 0.5 + confidence / 2.0))",
    ),
    ("C35", C, "HedgesG(g, g - z * se, g + z * se, se)", "HedgesG(g, g - z * se, g + se, se)"),
    ("C36", C, "HedgesG(g, g - z * se, g + z * se, se)", "HedgesG(g, g - z * se, g + z * se * 1.01, se)"),
    # cliffs_delta
    ("C37", C, "    if n1 == 0 or n2 == 0:\n        return NaN", "    if n1 == 0:\n        return NaN"),
    (
        "C38",
        C,
        "u_end = float(ranks[n1:].sum()) - n2 * (n2 + 1) / 2.0",
        "u_end = float(ranks[n1:].sum()) - n2 * (n2 - 1) / 2.0",
    ),
    ("C39", C, "return 2.0 * u_end / (n1 * n2) - 1.0", "return u_end / (n1 * n2) - 0.5"),
    # cliffs_delta_ci
    ("C40", C, "    if n_b < 2 or n_e < 2:", "    if n_b < 2:"),
    ("C41", C, "rows = (2 * b_below + b_tied - n_b) / n_b", "rows = (n_b - 2 * b_below - b_tied) / n_b"),
    ("C42", C, "d = delta * (n_e * n_b - 1) / (n_e * n_b) if abs(delta) == 1 else delta", "d = delta"),
    ("C43", C, "((rows - d) ** 2).sum()) / (n_e - 1)", "((rows - d) ** 2).sum()) / n_e"),
    ("C44", C, "((columns - d) ** 2).sum()) / (n_b - 1)", "((columns - d) ** 2).sum()) / n_b"),
    ("C45", C, "/ ((n_e - 1) * (n_b - 1))", "/ (n_e * n_b)"),
    ("C46", C, "var = ((n_b - 1) * s_i + (n_e - 1) * s_j + s_ij)", "var = ((n_e - 1) * s_i + (n_b - 1) * s_j + s_ij)"),
    ("C47", C, "tail = 0.5 + confidence / 2.0", "tail = 0.975"),
    ("C48", C, "special.stdtrit(n_e + n_b - 2, tail)", "special.stdtrit(n_e + n_b - 1, tail)"),
    ("C49", C, "if normal else float(special.stdtrit(", "if not normal else float(special.stdtrit("),
    ("C50", C, "math.sqrt((1 - d * d) ** 2 + z * z * var)", "math.sqrt((1 - d * d) + z * z * var)"),
    ("C51", C, "denominator = 1 - d * d + z * z * var", "denominator = 1 - d * d + z * var"),
    ("C52", C, "    if delta == 1:\n        high = 1.0", "    if delta == 1:\n        high = high"),
    ("C53", C, "    if delta == -1:\n        low = -1.0", "    if delta == -1:\n        low = low"),
    # effect_size_label
    ("C54", C, "if size < 0.2:", "if size <= 0.2:"),
    ("C55", C, "if size < 0.5:", "if size <= 0.5:"),
    ("C56", C, "if size < 0.8:", "if size <= 0.8:"),
    ("C57", C, "size = abs(g)", "size = g"),
    # Wilcoxon
    (
        "C58",
        C,
        "if np.count_nonzero(differences) <= WILCOXON_EXACT_MAX",
        "if np.count_nonzero(differences) < WILCOXON_EXACT_MAX",
    ),
    ("C59", C, "if np.count_nonzero(differences) <= WILCOXON_EXACT_MAX", "if differences.size <= WILCOXON_EXACT_MAX"),
    ("C60", C, "nonzero = differences[differences != 0]", "nonzero = differences"),
    ("C61", C, "doubled = np.rint(2.0 * stats.rankdata(", "doubled = np.rint(1.0 * stats.rankdata("),
    ("C62", C, "observed = int(doubled[nonzero > 0].sum())", "observed = int(doubled[nonzero < 0].sum())"),
    ("C63", C, "extreme = np.abs(2 * sums - total) >= abs(", "extreme = np.abs(2 * sums - total) > abs("),
    (
        "C64",
        C,
        "return float(min(1.0, counts[extreme].sum() / counts.sum()))",
        "return float(counts[extreme].sum() / counts.sum())",
    ),
    ("C65", C, "        reach += rank\n", "        reach += 1\n"),
    # paired
    ("C66", C, "diff = (e - b)[~(np.isnan(b) | np.isnan(e))]", "diff = (e - b)[~(np.isnan(b) & np.isnan(e))]"),
    ("C67", C, "    if n < 2:\n        return Paired(", "    if n < 1:\n        return Paired("),
    ("C68", C, "        p = wilcoxon_exact_p(ranked)", "        p = wilcoxon_exact_p(diff)"),
    ("C69", C, 'stats.wilcoxon(ranked, method="asymptotic")', 'stats.wilcoxon(ranked, method="exact")'),
    ("C70", C, "sd = float(diff.std(ddof=1))", "sd = float(diff.std(ddof=0))"),
    (
        "C71",
        C,
        "special.stdtrit(n - 1, 0.5 + confidence / 2.0)) * sd / math.sqrt(n)",
        "special.stdtrit(n - 1, 0.975)) * sd / math.sqrt(n)",
    ),
    (
        "C72",
        C,
        "special.stdtrit(n - 1, 0.5 + confidence / 2.0)) * sd / math.sqrt(n)",
        "special.stdtrit(n, 0.5 + confidence / 2.0)) * sd / math.sqrt(n)",
    ),
    (
        "C73",
        C,
        "special.stdtrit(n - 1, 0.5 + confidence / 2.0)) * sd / math.sqrt(n)",
        "special.stdtrit(n - 1, 0.5 + confidence / 2.0)) * sd / math.sqrt(n - 1)",
    ),
    ("C74", C, "mean + half, sd, mean / sd, p)", "mean + half, sd, mean / sd * math.sqrt(n), p)"),
    # reliable_change
    (
        "C75",
        C,
        "if sd_baseline <= 0 or not 0 < alpha_baseline < 1:",
        "if sd_baseline < 0 or not 0 < alpha_baseline < 1:",
    ),
    (
        "C76",
        C,
        "if sd_baseline <= 0 or not 0 < alpha_baseline < 1:",
        "if sd_baseline <= 0 or not 0 < alpha_baseline <= 1:",
    ),
    (
        "C77",
        C,
        "se = math.sqrt(2.0) * sd_baseline * math.sqrt(1.0 - alpha_baseline)",
        "se = sd_baseline * math.sqrt(1.0 - alpha_baseline)",
    ),
    (
        "C78",
        C,
        "se = math.sqrt(2.0) * sd_baseline * math.sqrt(1.0 - alpha_baseline)",
        "se = math.sqrt(2.0) * sd_baseline * (1.0 - alpha_baseline)",
    ),
    ("C79", C, "np.count_nonzero(rci > critical)", "np.count_nonzero(rci >= critical)"),
    ("C80", C, "np.count_nonzero(rci < -critical)", "np.count_nonzero(rci <= -critical)"),
    ("C81", C, "np.count_nonzero(rci < -critical)", "np.count_nonzero(rci < critical)"),
    ("C82", C, "int(d.size) - improved - deteriorated", "int(d.size) - improved"),
    # favourable_share
    ("C83", C, "np.count_nonzero(x >= favourable_from)", "np.count_nonzero(x > favourable_from)"),
    ("C84", C, "    if x.size == 0:\n        return NaN\n    return 100.0", "    return 100.0"),
    # default confidence levels
    ("C85", C, "confidence: float = 0.95) -> Welch:", "confidence: float = 0.9) -> Welch:"),
    ("C86", C, "confidence: float = 0.95) -> HedgesG:", "confidence: float = 0.9) -> HedgesG:"),
    ("C87", C, "confidence: float = 0.95) -> Paired:", "confidence: float = 0.9) -> Paired:"),
    (
        "C88",
        C,
        "endline: npt.ArrayLike, confidence: float = 0.95, *, normal",
        "endline: npt.ArrayLike, confidence: float = 0.9, *, normal",
    ),
]

RELIABILITY: list[tuple[str, str, str, str]] = [
    # constants
    ("R1", R, "_PATTERN_CELLS_LIMIT = 1 << 22", "_PATTERN_CELLS_LIMIT = 0"),
    ("R2", R, "_CONSTANT_TOLERANCE = 1e-12", "_CONSTANT_TOLERANCE = 1e-3"),
    ("R3", R, "_CONSTANT_TOLERANCE = 1e-12", "_CONSTANT_TOLERANCE = 0.0"),
    ("R4", R, "EIGEN_TOLERANCE = 0.05", "EIGEN_TOLERANCE = 0.5"),
    ("R5", R, "EIGEN_TOLERANCE = 0.05", "EIGEN_TOLERANCE = 0.0"),
    # _shifted
    ("R6", R, "count = block.shape[1] - missing.sum(axis=1)", "count = block.shape[1]"),
    (
        "R7",
        R,
        "x0 = np.where(missing, 0.0, block - shift[:, None])",
        "x0 = np.where(missing, 1.0, block - shift[:, None])",
    ),
    ("R8", R, "out=np.zeros_like(total), where=count > 0)", "out=np.zeros_like(total), where=count >= 0)"),
    # pair_sums
    ("R9", R, "incomplete = np.flatnonzero(missing.any(axis=0))", "incomplete = np.flatnonzero(missing.all(axis=0))"),
    (
        "R10",
        R,
        "n_ij = n - missed[:, None] - missed[None, :] + lacking",
        "n_ij = n - missed[:, None] - missed[None, :]",
    ),
    (
        "R11",
        R,
        "s_x = totals[:, None] - x0[:, incomplete] @ miss.T",
        "s_x = totals[:, None] + x0[:, incomplete] @ miss.T",
    ),
    ("R12", R, "n_rows = n - int(np.count_nonzero(miss_mask.all(axis=0)))", "n_rows = n"),
    # grouped_pair_sums
    ("R13", R, "if g.shape != (n,):", "if g.shape == (0,):"),
    ("R14", R, "        for j in range(i, k):\n", "        for j in range(i + 1, k):\n"),
    ("R15", R, "    patterns = 1 << k\n", "    patterns = 1 << (k - 1)\n"),
    ("R16", R, "np.uint8 if k <= 8 else np.int64", "np.uint8 if k <= 9 else np.int64"),
    ("R17", R, "key = g * patterns\n", "key = g * (patterns - 1)\n"),
    ("R18", R, "n_rows = count[:, 1:].sum(axis=1)", "n_rows = count.sum(axis=1)"),
    ("R19", R, "& 1).astype(np.float64)", "& 3).astype(np.float64)"),
    ("R20", R, "                if j >= i:\n", "                if j > i:\n"),
    ("R21", R, "np.bincount(g, weights=answered.any(axis=0)", "np.bincount(g, weights=answered.all(axis=0)"),
    (
        "R22",
        R,
        "sums = np.stack([np.bincount(key, weights=x0[i], minlength=cells)[:cells]",
        "sums = np.stack([np.bincount(key, weights=x0[0], minlength=cells)[:cells]",
    ),
    # alpha_from_sums
    (
        "R23",
        R,
        "np.triu(np.ones(cov.shape[-2:], dtype=np.bool_), 1)",
        "np.triu(np.ones(cov.shape[-2:], dtype=np.bool_), 0)",
    ),
    ("R24", R, "np.where(pairs, 1.0 / sums.n_ij, 0.0)", "np.where(pairs, sums.n_ij, 0.0)"),
    ("R25", R, "    n_feldt = np.where(np.isfinite(a), n_feldt, np.nan)\n", ""),
    (
        "R26",
        R,
        "low, high = feldt_ci(a, n_feldt, k_used, confidence)",
        "low, high = feldt_ci(a, n_feldt, cov.shape[-1], confidence)",
    ),
    ("R27", R, "low, high = feldt_ci(a, n_feldt, k_used, confidence)", "low, high = feldt_ci(a, n_feldt, k_used)"),
    ("R28", R, "cov.shape[-1], n_feldt, ~used, invalid)", "cov.shape[-1], n_feldt, used, invalid)"),
    # _cov_from_sums
    ("R29", R, "cov = (s_xy - s_x * s_x_t / n_ij) / (n_ij - 1.0)", "cov = (s_xy - s_x * s_x_t / n_ij) / n_ij"),
    ("R30", R, "cov[n_ij < 2] = np.nan", "cov[n_ij < 3] = np.nan"),
    # _alpha_parts
    (
        "R31",
        R,
        "used = ~(var <= _CONSTANT_TOLERANCE * largest[..., None])",
        "used = ~(var < _CONSTANT_TOLERANCE * largest[..., None])",
    ),
    ("R32", R, "alpha = np.asarray((k_used / (k_used - 1.0)) *", "alpha = np.asarray((k_used / k_used) *"),
    ("R33", R, "(1.0 - trace / total), dtype=np.float64)", "(1.0 - trace / (total + trace)), dtype=np.float64)"),
    ("R34", R, "    if k >= 2 and ok.any():", "    if k > 2 and ok.any():"),
    (
        "R35",
        R,
        "(eig[..., 0] < -EIGEN_TOLERANCE * np.abs(eig[..., -1]))",
        "(eig[..., 0] < -EIGEN_TOLERANCE * np.abs(eig[..., 0]))",
    ),
    ("R36", R, " | (alpha[ok] > 1.0)", ""),
    ("R37", R, " | (alpha[ok] > 1.0)", " | (alpha[ok] >= 1.0)"),
    ("R38", R, "        alpha[invalid] = np.nan\n", ""),
    (
        "R39",
        R,
        "alpha[~np.isfinite(alpha) | (k_used < 2) | ~(total > 0)] = np.nan",
        "alpha[~np.isfinite(alpha)] = np.nan",
    ),
    # feldt_ci
    ("R40", R, "ok = np.isfinite(a) & (nn >= 2) & (kk >= 2)", "ok = np.isfinite(a) & (nn > 2) & (kk >= 2)"),
    ("R41", R, "ok = np.isfinite(a) & (nn >= 2) & (kk >= 2)", "ok = np.isfinite(a) & (kk >= 2)"),
    ("R42", R, "        df1 = nn[ok] - 1.0\n", "        df1 = nn[ok]\n"),
    ("R43", R, "df2 = df1 * (kk[ok] - 1.0)", "df2 = df1 * kk[ok]"),
    ("R44", R, "tail = (1.0 - confidence) / 2.0", "tail = 1.0 - confidence"),
    ("R45", R, "tail = (1.0 - confidence) / 2.0", "tail = 0.025"),
    (
        "R46",
        R,
        "low[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(tail, df1, df2)",
        "low[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(tail, df2, df1)",
    ),
    (
        "R47",
        R,
        "high[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(1.0 - tail, df1, df2)",
        "high[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(tail, df1, df2)",
    ),
    (
        "R48",
        R,
        "high[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(1.0 - tail, df1, df2)",
        "high[ok] = 1.0 - a[ok] * _f_isf(1.0 - tail, df1, df2)",
    ),
    ("R49", R, "k: npt.ArrayLike, confidence: float = 0.95", "k: npt.ArrayLike, confidence: float = 0.9"),
    # the entry points pass the confidence level on, and check their input
    (
        "R50",
        R,
        "result = alpha_from_sums(pair_sums(*_shifted(block)), confidence)",
        "result = alpha_from_sums(pair_sums(*_shifted(block)))",
    ),
    (
        "R51",
        R,
        "return alpha_items_first(np.ascontiguousarray(arr.T), confidence)",
        "return alpha_items_first(np.ascontiguousarray(arr.T))",
    ),
    (
        "R52",
        R,
        "return alpha_from_sums(grouped_pair_sums(x0, missing, group, n_groups), confidence)",
        "return alpha_from_sums(grouped_pair_sums(x0, missing, group, n_groups))",
    ),
    ("R53", R, "    if arr.ndim != 2:", "    if arr.ndim > 2:"),
    ("R54", R, "            float(self.ci_high[index]),\n", "            float(self.ci_low[index]),\n"),
    (
        "R55",
        R,
        "return _cov_from_sums(sums.n_ij, sums.s_x, sums.s_xy)[0], int(sums.n_rows[0])",
        "return _cov_from_sums(sums.n_ij, sums.s_x, sums.s_xy)[0], int(sums.n_ij[0].max())",
    ),
]

#: Mutants of these modules no test can kill, with the reason (left out of the score).
EQUIVALENT: dict[str, str] = {
    "C62": "the exact Wilcoxon p is two-sided and the null distribution symmetric: the sum of the negative"
    " ranks is total minus the positive one, so |2 observed - total| is the same",
    "C64": "the p is a share of the distribution's mass (integer counts, exact in float64 up to 2^53, at most"
    " 2^50 here), so it never exceeds 1 and min(1, p) is p",
    "R1": "the limit only chooses between two ways of summing the same pair counts and sums (missing patterns or"
    " pair products); both are tested against pingouin (test_grouped_alpha_matches_pingouin_per_group)",
    "R39": "the guard's other conditions give a non-finite alpha anyway (1 item: k/(k-1) is infinite, 0 items:"
    " 0/0; a sum of 0: division by 0), and a sum below 0 gives alpha > 1, which the check after it marks"
    " invalid and NaN just as the guard does",
}
