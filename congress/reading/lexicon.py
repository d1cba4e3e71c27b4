"""The words the reader recognises: family names, the heads of titles and of bodies, places.

Kept as plain tuples so a newcomer can see, and extend, what the rules know. Titles are compared
in the reader's working spelling ("ủy", "hòa": text.working_copy), case aside.
"""

from records.vietnamese import identity_key

# Vietnamese family names, the common ones first; the last few are those of the Central
# Highlands, which follow the same "family first" order. Left out on purpose: family names far
# more often met as middle names (Văn, Công, Quang, Phương, Hồng), which would split a name.
FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Đinh Trương "
    "Lâm Mai Đào Cao Trịnh Đoàn Tô Lại Vương Chu Hà Tạ Thái La Kiều Quách Châu Triệu Từ Thân "
    "Khúc Khổng Lục Lưu Mạc Mạch Nghiêm Nông Phùng Quan Tăng Thạch Tiêu Tôn Tống Vi Vy Viên Ông "
    "Âu Diệp Doãn Đàm Đồng Giang Giáp Hứa Kha Khương Kim Lò Lã Lạc Mông Ninh Phí Quàng Sầm Tòng "
    "Ung Yên Hầu Bạch Cù Cung Hàn Mẫn Nhữ Thiều Trình Ưng Cầm Điểu Biện Bế Cấn Chế Chung "
    "Dư Đái Đường Hạ Khuất Lành Lỗ Mã Mè Ngọ Nhan Sử Tào Thiệu Tiết Vòng Xa Ksor Rơ Siu Rah Nay Kpă Y"
).split()
FAMILY_KEYS = frozenset(identity_key(name) for name in FAMILY_NAMES)

# What a title starts with. "nguyên", "cựu", "tân" may come before any of them.
TITLE_HEADS = (
    "ủy viên", "bí thư", "phó bí thư", "tổng bí thư", "chủ tịch", "phó chủ tịch", "thủ tướng",
    "phó thủ tướng", "chủ nhiệm", "phó chủ nhiệm", "trưởng ban", "phó trưởng ban", "trưởng", "phó trưởng",
    "giám đốc", "phó giám đốc", "tổng giám đốc", "hiệu trưởng", "phó hiệu trưởng", "tổ trưởng", "tổ phó",
    "thường trực", "tỉnh ủy viên", "thành ủy viên", "huyện ủy viên", "quận ủy viên", "đảng ủy viên",
    "TUV", "UVTV", "UVBTV", "tư lệnh", "phó tư lệnh", "chính ủy", "phó chính ủy", "trung tướng",
    "thiếu tướng", "thượng tướng", "đại tướng", "đại tá", "thượng tá", "trung tá", "thiếu tá",
    "anh hùng", "bộ trưởng", "thứ trưởng", "vụ trưởng", "phó vụ trưởng", "cục trưởng", "phó cục trưởng",
    "viện trưởng", "phó viện trưởng", "chánh văn phòng", "phó chánh văn phòng", "chánh án",
    "phó chánh án", "đại biểu Quốc hội", "trưởng đoàn", "phó trưởng đoàn", "chủ tịch nước",
    "trưởng phòng", "phó trưởng phòng", "chỉ huy trưởng", "bà mẹ Việt Nam anh hùng", "nhà giáo nhân dân",
    "thầy thuốc nhân dân", "nghệ sĩ nhân dân", "kiểm sát viên", "thanh tra viên", "đại sứ",
)
TITLE_PREFIXES = ("nguyên", "cựu", "tân", "đương kim")

# What the later parts of a title may start with besides another title: the body a post is in
# ("Phó Vụ trưởng Vụ Địa phương I, Ban Tổ chức Trung ương"). Capitalised only.
BODY_HEADS = (
    "Ban", "Vụ", "Sở", "Ủy ban", "Đảng ủy", "Bộ", "Văn phòng", "Hội đồng", "Trường", "Tổ công tác", "Cục",
    "Viện", "Học viện", "HĐND", "UBND", "MTTQ", "Thành ủy", "Tỉnh ủy", "Huyện ủy", "Quận ủy", "Công an",
    "Bộ Chỉ huy", "Quân khu", "Đảng bộ", "Chi bộ", "Hội", "Liên đoàn", "Đoàn", "Tổng công ty", "Công ty",
    "Báo", "Đài", "Tòa án", "Viện kiểm sát", "Thanh tra", "Kho bạc", "Ngân hàng",
)

# Names of provinces and cities, old and new, and a few places reports name on their own: a
# capitalised run that is one of these is a place, never a person ("Bí thư Thành ủy Hà Nội").
PLACES = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Quảng Ninh", "Lạng Sơn",
    "Cao Bằng", "Hà Giang", "Tuyên Quang", "Lào Cai", "Yên Bái", "Lai Châu", "Điện Biên", "Sơn La",
    "Hòa Bình", "Thái Nguyên", "Bắc Kạn", "Phú Thọ", "Vĩnh Phúc", "Bắc Giang", "Bắc Ninh", "Hải Dương",
    "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên",
    "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng",
    "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa", "Vũng Tàu", "Long An", "Tiền Giang",
    "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Hậu Giang",
    "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Việt Nam", "Sài Gòn", "Thủ Đức", "Đà Lạt", "Buôn Ma Thuột",
    "Hạ Long", "Nha Trang", "Quy Nhơn", "Vinh", "Thủ Dầu Một", "Biên Hòa", "Mỹ Tho", "Long Xuyên",
    "Rạch Giá", "Phan Thiết", "Pleiku", "Hội An", "Trường Sa", "Hoàng Sa", "Côn Đảo", "Phú Quốc",
)
PLACE_KEYS = frozenset(identity_key(place) for place in PLACES)

# Words that name the kind of an administrative unit: the capitalised words after them are a place.
UNIT_WORDS = (
    "phường", "xã", "thị trấn", "đặc khu", "tỉnh", "thành phố", "TP", "TP.", "quận", "huyện", "thị xã",
    "thôn", "làng", "ấp", "bản", "buôn", "khu phố", "tổ dân phố", "Thủ đô", "cầu", "sông", "đường", "phố",
)
