# ruff: noqa: E501  (data table: long Vietnamese names kept on one line)
"""Demo catalogue: real national procedures (codes and names as in the national TTHC database, as
best known; entries to confirm are listed in egov/catalog/README.md, marked [M]).

Deadlines are in working days here and converted to working hours (× 8) by egov.catalog.demo.
"""

from __future__ import annotations

from typing import Any

FIELDS = {
    "HT": "Hộ tịch",
    "CT": "Chứng thực",
    "HKD": "Thành lập và hoạt động của hộ kinh doanh",
    "XD": "Xây dựng",
    "DD": "Đất đai",
    "BPBD": "Đăng ký biện pháp bảo đảm",
}

# Implementing agencies by key (demo agency codes of egov.org.demo).
AGENCIES = {
    "commune": ("000.01.00.H59", "000.02.00.H59"),
    "stp": ("000.00.01.H59",),
    "sxd": ("000.00.02.H59",),
    "snnmt": ("000.00.03.H59",),
}

HO_TICH_LAW = (
    "Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP; Thông tư số 04/2020/TT-BTP; "
    "Thông tư số 85/2019/TT-BTC; Nghị định số 120/2025/NĐ-CP (phân định thẩm quyền chính quyền địa phương 2 cấp)"
)
CHUNG_THUC_LAW = "Nghị định số 23/2015/NĐ-CP; Thông tư số 01/2020/TT-BTP; Thông tư số 226/2016/TT-BTC"
DAT_DAI_LAW = "Luật Đất đai số 31/2024/QH15; Nghị định số 101/2024/NĐ-CP; Nghị định số 151/2025/NĐ-CP"

ORIGINAL, COPY, CERTIFIED, EITHER = "original", "copy", "certified_copy", "original_or_copy"
TO_KHAI = "Tờ khai theo mẫu"
ID_PAPER = (
    "Giấy tờ tùy thân của người yêu cầu (hộ chiếu, thẻ căn cước hoặc giấy tờ có ảnh)",
    EITHER,
    1,
    True,
)
FREE = [("fee", "Lệ phí", 0, "Miễn lệ phí")]

# Each: code, name, field, level, days (working days; 0 = same day), online level, agencies,
# legal basis, components (name, form, copies, mandatory), fees (kind, name, amount, note), results;
# "loa": the identity level required (default 1). E-forms come from egov/catalog/eform_schemas.
# fmt: off
PROCEDURES: list[dict[str, Any]] = [
    {
        "code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "field": "HT", "days": 0, "online": "full",
        "components": [("Tờ khai đăng ký khai sinh", ORIGINAL, 1, True),
                       ("Giấy chứng sinh hoặc giấy tờ thay giấy chứng sinh", ORIGINAL, 1, True), ID_PAPER],
        "fees": [("fee", "Lệ phí đăng ký khai sinh đúng hạn", 0, "Miễn lệ phí khi đăng ký đúng hạn"),
                 ("charge", "Phí cấp bản sao trích lục khai sinh (01 bản)", 8000,
                  "[M] Thông tư 281/2016/TT-BTC: 8.000 đồng/bản; mức do HĐND tỉnh quy định")],
        "results": ["Giấy khai sinh (bản chính)"],
    },
    {
        "code": "1.000894", "name": "Thủ tục đăng ký kết hôn", "field": "HT", "days": 0, "online": "partial",
        "loa": 2,
        "components": [("Tờ khai đăng ký kết hôn", ORIGINAL, 1, True),
                       ("Giấy xác nhận tình trạng hôn nhân (khi không cư trú tại nơi đăng ký)", ORIGINAL, 1, False),
                       ID_PAPER],
        "fees": [("fee", "Lệ phí đăng ký kết hôn", 0, "Miễn lệ phí đối với công dân Việt Nam cư trú trong nước")],
        "results": ["Giấy chứng nhận kết hôn"],
    },
    {
        "code": "1.000656", "name": "Thủ tục đăng ký khai tử", "field": "HT", "days": 0, "online": "full",
        "loa": 2,
        "components": [("Tờ khai đăng ký khai tử", ORIGINAL, 1, True),
                       ("Giấy báo tử hoặc giấy tờ thay giấy báo tử", ORIGINAL, 1, True), ID_PAPER],
        "fees": [("fee", "Lệ phí đăng ký khai tử đúng hạn", 0, "Miễn lệ phí khi đăng ký đúng hạn")],
        "results": ["Trích lục khai tử"],
    },
    {
        "code": "1.000689", "name": "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", "field": "HT",
        "days": 3, "online": "partial",
        "components": [("Tờ khai đăng ký khai sinh và tờ khai đăng ký nhận cha, mẹ, con", ORIGINAL, 1, True),
                       ("Giấy chứng sinh", ORIGINAL, 1, True),
                       ("Chứng cứ chứng minh quan hệ cha, mẹ, con", EITHER, 1, True), ID_PAPER],
        "fees": FREE, "results": ["Giấy khai sinh", "Trích lục đăng ký nhận cha, mẹ, con"],
    },
    {
        "code": "1.001022", "name": "Thủ tục đăng ký nhận cha, mẹ, con", "field": "HT", "days": 3,
        "online": "partial",
        "components": [("Tờ khai đăng ký nhận cha, mẹ, con", ORIGINAL, 1, True),
                       ("Chứng cứ chứng minh quan hệ cha, mẹ, con", EITHER, 1, True), ID_PAPER],
        "fees": FREE, "results": ["Trích lục đăng ký nhận cha, mẹ, con"],
    },
    {
        "code": "1.004746", "name": "Thủ tục đăng ký lại kết hôn", "field": "HT", "days": 5, "online": "partial",
        "components": [("Tờ khai đăng ký lại kết hôn", ORIGINAL, 1, True),
                       ("Bản sao Giấy chứng nhận kết hôn được cấp trước đây (nếu có)", COPY, 1, False), ID_PAPER],
        "fees": FREE, "results": ["Giấy chứng nhận kết hôn"],
    },
    {
        "code": "1.004772", "name": "Thủ tục đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân",
        "field": "HT", "days": 5, "online": "partial",
        "components": [("Tờ khai đăng ký khai sinh", ORIGINAL, 1, True),
                       ("Bản sao giấy tờ, hồ sơ, tài liệu có thông tin về họ tên, ngày sinh", COPY, 1, True),
                       ("Văn bản cam đoan về việc chưa được đăng ký khai sinh", ORIGINAL, 1, True), ID_PAPER],
        "fees": FREE, "results": ["Giấy khai sinh"],
    },
    {
        "code": "1.004837", "name": "Thủ tục đăng ký giám hộ", "field": "HT", "days": 3, "online": "partial",
        "components": [("Tờ khai đăng ký giám hộ", ORIGINAL, 1, True),
                       ("Văn bản cử người giám hộ hoặc giấy tờ chứng minh giám hộ đương nhiên", EITHER, 1, True),
                       ID_PAPER],
        "fees": FREE, "results": ["Trích lục đăng ký giám hộ"],
    },
    {
        "code": "1.004859", "name": "Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
        "field": "HT", "days": 3, "online": "full",
        "components": [("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", ORIGINAL, 1, True),
                       ("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", EITHER, 1, True), ID_PAPER],
        "fees": [("fee", "Lệ phí thay đổi, cải chính hộ tịch", 0, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch"],
    },
    {
        "code": "1.004873", "name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", "field": "HT", "days": 3,
        "online": "full",
        "components": [("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", ORIGINAL, 1, True), ID_PAPER],
        "fees": [("fee", "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 0, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy xác nhận tình trạng hôn nhân"],
    },
    {
        "code": "1.004884", "name": "Thủ tục đăng ký lại khai sinh", "field": "HT", "days": 5, "online": "partial",
        "components": [("Tờ khai đăng ký lại khai sinh", ORIGINAL, 1, True),
                       ("Bản sao giấy tờ có thông tin về nội dung khai sinh", COPY, 1, True), ID_PAPER],
        "fees": FREE, "results": ["Giấy khai sinh"],
    },
    {
        "code": "1.005461", "name": "Đăng ký lại khai tử", "field": "HT", "days": 5, "online": "partial",
        "components": [("Tờ khai đăng ký lại khai tử", ORIGINAL, 1, True),
                       ("Bản sao Giấy chứng tử hoặc giấy tờ liên quan đến việc khai tử", COPY, 1, True), ID_PAPER],
        "fees": FREE, "results": ["Trích lục khai tử"],
    },
    {
        "code": "2.000528", "name": "Thủ tục đăng ký khai sinh có yếu tố nước ngoài", "field": "HT", "days": 3,
        "online": "partial",
        "components": [("Tờ khai đăng ký khai sinh", ORIGINAL, 1, True), ("Giấy chứng sinh", ORIGINAL, 1, True),
                       ("Văn bản thỏa thuận chọn quốc tịch cho con (nếu có)", ORIGINAL, 1, False), ID_PAPER],
        "fees": [("fee", "Lệ phí đăng ký khai sinh có yếu tố nước ngoài", 0, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy khai sinh"],
    },
    {
        "code": "2.000806", "name": "Thủ tục đăng ký kết hôn có yếu tố nước ngoài", "field": "HT", "days": 10,
        "online": "partial",
        "components": [("Tờ khai đăng ký kết hôn", ORIGINAL, 1, True),
                       ("Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài", ORIGINAL, 1, True),
                       ("Giấy xác nhận của tổ chức y tế về khả năng nhận thức", ORIGINAL, 1, True), ID_PAPER],
        "fees": [("fee", "Lệ phí đăng ký kết hôn có yếu tố nước ngoài", 0, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy chứng nhận kết hôn"],
    },
    {
        "code": "2.000635", "name": "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", "field": "HT",
        "days": 0, "online": "full",
        "components": [("Tờ khai cấp bản sao trích lục hộ tịch", ORIGINAL, 1, True), ID_PAPER],
        "fees": [("charge", "Phí cấp bản sao trích lục hộ tịch", 8000, "8.000 đồng/bản")],
        "results": ["Bản sao trích lục hộ tịch", "Bản sao Giấy khai sinh"],
    },
    {
        "code": "2.000815",
        "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp "
        "hoặc chứng nhận", "field": "CT", "days": 0, "online": "partial", "law": CHUNG_THUC_LAW,
        "components": [("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", ORIGINAL, 1, True),
                       ("Bản sao cần chứng thực", COPY, 1, True)],
        "fees": [("charge", "Phí chứng thực bản sao từ bản chính", 2000,
                  "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản")],
        "results": ["Bản sao được chứng thực từ bản chính"],
    },
    {
        "code": "2.000884",
        "name": "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và "
        "trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
        "field": "CT", "days": 0, "online": "info", "law": CHUNG_THUC_LAW,
        "components": [ID_PAPER, ("Giấy tờ, văn bản mà mình sẽ ký", ORIGINAL, 1, True)],
        "fees": [("charge", "Phí chứng thực chữ ký", 10000, "10.000 đồng/trường hợp")],
        "results": ["Giấy tờ, văn bản được chứng thực chữ ký"],
    },
    {
        "code": "2.001019", "name": "Chứng thực chữ ký người dịch", "field": "CT", "days": 0,
        "online": "info", "law": CHUNG_THUC_LAW, "agencies": "stp",
        "components": [("Bản dịch và giấy tờ, văn bản cần dịch", ORIGINAL, 1, True),
                       ("Giấy tờ tùy thân của người dịch", EITHER, 1, True)],
        "fees": [("charge", "Phí chứng thực chữ ký người dịch", 10000, "10.000 đồng/trường hợp")],
        "results": ["Bản dịch được chứng thực chữ ký người dịch"],
    },
    {
        "code": "2.000908", "name": "Cấp bản sao từ sổ gốc", "field": "CT", "days": 0, "online": "partial",
        "law": CHUNG_THUC_LAW, "agencies": "commune+stp",
        "components": [("Văn bản yêu cầu cấp bản sao từ sổ gốc", ORIGINAL, 1, True), ID_PAPER],
        "fees": [("charge", "Phí cấp bản sao từ sổ gốc", 0, "Không thu phí")],
        "results": ["Bản sao từ sổ gốc"],
    },
    {
        "code": "1.001612", "name": "Đăng ký thành lập hộ kinh doanh", "field": "HKD", "days": 3, "online": "full",
        "law": "Luật Doanh nghiệp số 59/2020/QH14; Nghị định số 168/2025/NĐ-CP; Thông tư số 68/2025/TT-BTC",
        "components": [("Giấy đề nghị đăng ký hộ kinh doanh", ORIGINAL, 1, True),
                       ("Bản sao biên bản họp thành viên hộ gia đình (trường hợp các thành viên cùng đăng ký)",
                        COPY, 1, False),
                       ("Bản sao văn bản ủy quyền (trường hợp ủy quyền)", COPY, 1, False)],
        "fees": [("fee", "Lệ phí đăng ký hộ kinh doanh", 100000, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy chứng nhận đăng ký hộ kinh doanh"],
    },
    {
        "code": "1.009972", "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "field": "XD",
        "days": 15, "online": "partial",
        "law": "Luật Xây dựng số 50/2014/QH13 (sửa đổi bởi Luật số 62/2020/QH14); Nghị định số 175/2024/NĐ-CP",
        "components": [("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", ORIGINAL, 1, True),
                       ("Bản sao giấy tờ chứng minh quyền sử dụng đất", COPY, 1, True),
                       ("Hai bộ bản vẽ thiết kế xây dựng", ORIGINAL, 2, True)],
        "fees": [("fee", "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy phép xây dựng"],
    },
    {
        "code": "1.009974", "level": "province", "agencies": "sxd",
        "name": "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II", "field": "XD",
        "days": 20, "online": "partial",
        "law": "Luật Xây dựng số 50/2014/QH13 (sửa đổi bởi Luật số 62/2020/QH14); Nghị định số 175/2024/NĐ-CP",
        "components": [("Đơn đề nghị cấp giấy phép xây dựng", ORIGINAL, 1, True),
                       ("Bản sao giấy tờ chứng minh quyền sử dụng đất", COPY, 1, True),
                       ("Bản sao quyết định phê duyệt dự án", COPY, 1, True),
                       ("Hai bộ bản vẽ thiết kế xây dựng", ORIGINAL, 2, True)],
        "fees": [("fee", "Lệ phí cấp giấy phép xây dựng công trình", 150000, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy phép xây dựng"],
    },
    {
        "code": "1.012783", "name": "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "field": "DD", "days": 7, "online": "partial", "law": DAT_DAI_LAW,
        "components": [("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)", ORIGINAL, 1, True),
                       ("Giấy chứng nhận đã cấp", ORIGINAL, 1, True)],
        "fees": [("fee", "Lệ phí cấp Giấy chứng nhận", 0, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"],
    },
    {
        "code": "1.012786", "name": "Cấp lại Giấy chứng nhận do bị mất", "field": "DD", "days": 10,
        "online": "partial", "law": DAT_DAI_LAW,
        "components": [("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)", ORIGINAL, 1, True),
                       ("Giấy xác nhận việc niêm yết thông báo mất Giấy chứng nhận", ORIGINAL, 1, True)],
        "fees": [("fee", "Lệ phí cấp Giấy chứng nhận", 0, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"],
    },
    {
        "code": "1.011441", "level": "province", "agencies": "snnmt",
        "name": "Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất", "field": "BPBD",
        "days": 3, "online": "full",
        "law": "Bộ luật Dân sự số 91/2015/QH13; Nghị định số 99/2022/NĐ-CP; Thông tư số 178/2016/TT-BTC",
        "components": [("Phiếu yêu cầu đăng ký biện pháp bảo đảm", ORIGINAL, 1, True),
                       ("Hợp đồng bảo đảm hoặc hợp đồng bảo đảm có công chứng, chứng thực", EITHER, 1, True),
                       ("Giấy chứng nhận quyền sử dụng đất", ORIGINAL, 1, True)],
        "fees": [("charge", "Phí đăng ký biện pháp bảo đảm", 80000, "Mức thu do HĐND tỉnh quyết định")],
        "results": ["Giấy chứng nhận được chứng nhận nội dung đăng ký biện pháp bảo đảm"],
    },
]
# fmt: on
