import unicodedata

from egov.core.text import fold, nfc


def test_fold_strips_marks_and_d_bar() -> None:
    assert fold("Đăng ký  Khai sinh") == "dang ky khai sinh"
    assert fold("ĐỒNG THÁP") == "dong thap"


def test_fold_same_for_composed_and_decomposed_input() -> None:
    composed = "Hộ tịch"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(decomposed) == fold(composed) == "ho tich"
    assert nfc(decomposed) == composed
