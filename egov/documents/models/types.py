"""Administrative document types of Decree 30/2020 (Art. 7) with their Annex III abbreviations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# (code, name, abbreviation) in the order of Art. 7. Mixed case is kept exactly (QyĐ, CTr, TTr).
# Công văn and Thư công have no abbreviation ("CV" found in some transcriptions is wrong).
DOCUMENT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("nghi_quyet", "Nghị quyết (cá biệt)", "NQ"),
    ("quyet_dinh", "Quyết định (cá biệt)", "QĐ"),
    ("chi_thi", "Chỉ thị", "CT"),
    ("quy_che", "Quy chế", "QC"),
    ("quy_dinh", "Quy định", "QyĐ"),
    ("thong_cao", "Thông cáo", "TC"),
    ("thong_bao", "Thông báo", "TB"),
    ("huong_dan", "Hướng dẫn", "HD"),
    ("chuong_trinh", "Chương trình", "CTr"),
    ("ke_hoach", "Kế hoạch", "KH"),
    ("phuong_an", "Phương án", "PA"),
    ("de_an", "Đề án", "ĐA"),
    ("du_an", "Dự án", "DA"),
    ("bao_cao", "Báo cáo", "BC"),
    ("bien_ban", "Biên bản", "BB"),
    ("to_trinh", "Tờ trình", "TTr"),
    ("hop_dong", "Hợp đồng", "HĐ"),
    ("cong_van", "Công văn", ""),
    ("cong_dien", "Công điện", "CĐ"),
    ("ban_ghi_nho", "Bản ghi nhớ", "BGN"),
    ("ban_thoa_thuan", "Bản thỏa thuận", "BTT"),
    ("giay_uy_quyen", "Giấy ủy quyền", "GUQ"),
    ("giay_moi", "Giấy mời", "GM"),
    ("giay_gioi_thieu", "Giấy giới thiệu", "GGT"),
    ("giay_nghi_phep", "Giấy nghỉ phép", "GNP"),
    ("phieu_gui", "Phiếu gửi", "PG"),
    ("phieu_chuyen", "Phiếu chuyển", "PC"),
    ("phieu_bao", "Phiếu báo", "PB"),
    ("thu_cong", "Thư công", ""),
)


class DocumentType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=10, blank=True, help_text=_("Kept exactly as written (QĐ, QyĐ, TTr).")
    )
    has_abbreviation = models.BooleanField(_("has an abbreviation"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_abbreviation=False, abbreviation="")
                | (models.Q(has_abbreviation=True) & ~models.Q(abbreviation="")),
                name="documents_type_abbreviation_consistent",
            )
        ]

    def __str__(self) -> str:
        return self.name
