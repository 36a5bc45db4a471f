"""Amounts in Vietnamese words, as printed on receipts ("Năm mươi nghìn đồng")."""

from __future__ import annotations

from decimal import Decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _triple(n: int, *, full: bool) -> list[str]:
    """Words of 0 < n < 1000; `full` reads a leading zero hundred ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _words(n: int, *, full: bool = False) -> list[str]:
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        rest = _words(low, full=True) if low else []
        return [*_words(high, full=full), "tỷ", *rest]
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words += _triple(group, full=full or bool(words))
            if name:
                words.append(name)
    return words


def amount_in_words(amount: Decimal | int) -> str:
    """Whole đồng, capitalised: 1_505_000 → 'Một triệu năm trăm linh năm nghìn đồng'."""
    n = int(amount)
    if n < 0:
        raise ValueError("negative amount")
    text = " ".join(_words(n)) if n else "không"
    return text[0].upper() + text[1:] + " đồng"
