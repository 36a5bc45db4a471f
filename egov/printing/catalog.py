"""The seven one-stop forms of Circular 03/2025/TT-VPCP, Annex I (DOMAIN §1.3)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FormSpec:
    number: int
    title: str  # the legal Vietnamese title, printed as is
    template: str
    landscape: bool = False

    @property
    def label(self) -> str:
        return f"{self.number:02d}"


FORMS: dict[int, FormSpec] = {
    spec.number: spec
    for spec in (
        FormSpec(1, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "printing/forms/form01.html"),
        FormSpec(2, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "printing/forms/form02.html"),
        FormSpec(3, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "printing/forms/form03.html"),
        FormSpec(
            4,
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            "printing/forms/form04.html",
        ),
        FormSpec(5, "Thông báo dừng giải quyết hồ sơ", "printing/forms/form05.html"),
        FormSpec(
            6,
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            "printing/forms/form06.html",
            landscape=True,
        ),
        FormSpec(7, "Sổ theo dõi hồ sơ", "printing/forms/form07.html", landscape=True),
    )
}

TIMELINESS_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


class UnknownFormError(ValueError):
    pass


def form_spec(number: int) -> FormSpec:
    try:
        return FORMS[number]
    except KeyError:
        raise UnknownFormError(
            _("There is no form number %(number)s; the one-stop forms are numbered 1 to 7.")
            % {"number": number}
        ) from None
