/*
 * Swagger UI in Vietnamese, on the read API's documentation page (/api/v1/docs: records/api/docs.py,
 * templates/records/api_docs.html).
 *
 * Swagger UI has no translations of its own: its labels are English strings inside its bundle.
 * The page loads this file only in Vietnamese, before Swagger UI, which then renders into a root
 * this file already watches. Each text, and each title, aria-label, placeholder and alt, whose
 * whole trimmed value is one of Swagger UI's English phrases below is replaced by its Vietnamese;
 * anything else is left as it is. Whole values only, and never inside code, Swagger UI's
 * verbatim blocks (the request as cURL, its address, the answer's headers and body) or a
 * parameter's options: an operation's address, a parameter's or a field's name, an enum value or
 * a JSON value is never one of these phrases, so the API reads as it is written. React reuses the nodes it rendered
 * and only sets their text again (Try it out / Cancel), which the observer sees too.
 *
 * Written for the Swagger UI that django-ninja 1.8 ships (5.x). A label a later version adds stays
 * English until it is added here; tests/browser/test_api_docs.py reads the page for English.
 * Its stylesheet writes two words itself (content:), in swagger_ui_vi.css. A file, not an inline
 * script: the Content Security Policy allows only this site's files.
 */
"use strict";

(function () {
  const PHRASES = {
    // The authorize button and its dialog; "Value:" labels the key's field.
    "Authorize": "Xác thực",
    "Available authorizations": "Các cách xác thực",
    "Authorized": "Đã xác thực",
    "Apply credentials": "Xác thực bằng mã đã nhập",
    "Remove authorization": "Hủy xác thực",
    "Logout": "Hủy xác thực",
    "Close": "Đóng",
    "Value:": "Giá trị:",
    "auth-bearer-value": "Mã truy cập API",
    "(http, Bearer)": "(HTTP, Bearer)",
    "(apiKey)": "(khóa API)",
    "(http, Basic)": "(HTTP, tên đăng nhập và mật khẩu)",
    "Basic authorization": "Xác thực bằng tên đăng nhập và mật khẩu",
    "Username:": "Tên đăng nhập:",
    "Password:": "Mật khẩu:",
    "auth-basic-username": "Tên đăng nhập",
    "auth-basic-password": "Mật khẩu",
    "Name:": "Tên:",
    "In:": "Nằm trong:",
    "Authorization URL:": "Địa chỉ cấp quyền:",
    "Token URL:": "Địa chỉ lấy mã:",
    "Scopes:": "Phạm vi:",
    "select all": "chọn tất cả",
    "select none": "bỏ chọn tất cả",
    "authorization button locked": "Đã xác thực",
    "authorization button unlocked": "Chưa xác thực",

    // An operation: its header, its parameters, trying it out.
    "Expand operation": "Mở rộng",
    "Collapse operation": "Thu gọn",
    "Copy to clipboard": "Sao chép",
    "Filter by tag": "Lọc theo nhóm",
    "Warning: Deprecated": "Cảnh báo: không còn dùng",
    "Parameters": "Tham số",
    "No parameters": "Không có tham số",
    "Try it out": "Thử gọi",
    "Cancel": "Hủy",
    "Reset": "Đặt lại",
    "Edit": "Sửa",
    "Name": "Tên",
    "Description": "Mô tả",
    "Send empty value": "Gửi giá trị rỗng",
    "Request body": "Nội dung yêu cầu",
    "Parameter content type": "Kiểu nội dung của tham số",
    "Examples:": "Ví dụ:",
    "Example Description": "Mô tả ví dụ",
    "Execute": "Thực hiện",
    "Clear": "Xóa kết quả",
    "Please correct the following validation errors and try again.": "Vui lòng sửa các lỗi sau rồi thử lại.",
    "Required field is not provided": "Chưa nhập trường bắt buộc",
    "Required property not found": "Thiếu thuộc tính bắt buộc",
    "Parameter string value must be valid JSON": "Giá trị của tham số phải là JSON hợp lệ",
    "Value must be a Guid": "Giá trị phải là mã định danh (UUID)",
    "Value must be an integer": "Giá trị phải là số nguyên",
    "Value must be a number": "Giá trị phải là số",
    "Value must be a string": "Giá trị phải là chuỗi ký tự",
    "Value must be a boolean": "Giá trị phải là đúng hoặc sai",
    "Value must be a DateTime": "Giá trị phải là ngày giờ",
    "Value must be a file": "Giá trị phải là tệp",

    // The answer: documented responses, and the one a try brought.
    "Responses": "Kết quả trả về",
    "Response content type": "Kiểu nội dung trả về",
    "Curl": "Lệnh cURL",
    "Request URL": "Địa chỉ yêu cầu",
    "Server response": "Phản hồi của máy chủ",
    "Code": "Mã",
    "Details": "Chi tiết",
    "Links": "Liên kết",
    "No links": "Không có liên kết",
    "Undocumented": "Chưa mô tả",
    "Response body": "Nội dung phản hồi",
    "Response headers": "Tiêu đề phản hồi",
    "Request duration": "Thời gian xử lý",
    "Download": "Tải xuống",
    "Download file": "Tải tệp xuống",
    "Media type": "Kiểu nội dung",
    "Media Type": "Kiểu nội dung",
    // "Controls <code>Accept</code> header.": two texts around the header's name.
    "Controls": "Đặt tiêu đề",
    "header.": "của yêu cầu.",
    "Example Value": "Giá trị mẫu",
    "Schema": "Lược đồ",
    "Callbacks": "Lệnh gọi lại",
    "No callbacks": "Không có lệnh gọi lại",
    "Unrecognized response type; displaying content as text.": "Không nhận ra kiểu phản hồi; hiển thị dạng văn bản.",
    "Unrecognized response type; unable to display.": "Không nhận ra kiểu phản hồi; không hiển thị được.",
    // A request that never reached the server (Swagger UI's own message, written in Markdown).
    "Failed to fetch": "Không gửi được yêu cầu",
    "Failed to fetch.": "Không gửi được yêu cầu.",
    "Possible Reasons:": "Nguyên nhân có thể:",
    "CORS": "Máy chủ không cho phép gọi từ trang này (CORS)",
    "Network Failure": "Lỗi mạng",
    "URL scheme must be \"http\" or \"https\" for CORS request.": "Địa chỉ phải bắt đầu bằng \"http\" hoặc \"https\".",
    // The answers' descriptions are Vietnamese in the document itself (records/api/errors.py).

    // The schemas (JSON Schema 2020-12): the section and the names of its keywords.
    "Schemas": "Lược đồ dữ liệu",
    "Models": "Lược đồ dữ liệu",
    "Expand all": "Mở rộng tất cả",
    "Collapse all": "Thu gọn tất cả",
    "Items": "Phần tử",
    "Prefix items": "Các phần tử đầu",
    "Contains": "Có chứa",
    "Any of": "Một hoặc nhiều trong số",
    "All of": "Tất cả các lược đồ",
    "One of": "Đúng một trong số",
    "Not": "Không phải",
    "If": "Nếu",
    "Then": "Thì",
    "Else": "Nếu không",
    "Enum": "Giá trị cho phép",
    "Const": "Giá trị cố định",
    "Default": "Mặc định",
    "Example": "Ví dụ",
    "Examples": "Ví dụ",
    "Additional properties": "Thuộc tính khác",
    "Property names": "Tên thuộc tính",
    "Dependent schemas": "Lược đồ phụ thuộc",
    "Unevaluated items": "Phần tử còn lại",
    "Unevaluated properties": "Thuộc tính còn lại",
    "Content schema": "Lược đồ nội dung",
    "Discriminator": "Trường phân loại",
    "Extension Keywords": "Từ khóa mở rộng",
    "Required when defined": "Bắt buộc khi có",
    "read-only": "chỉ đọc",
    "write-only": "chỉ ghi",
    "External documentation": "Tài liệu khác",
    "Value": "Giá trị",
    "Type": "Kiểu",

    // The page itself: servers, loading, errors.
    "Servers": "Máy chủ",
    "Computed URL:": "Địa chỉ đầy đủ:",
    "Server variables": "Biến của máy chủ",
    "Terms of service": "Điều khoản sử dụng",
    "License": "Giấy phép",
    "Find more details": "Xem thêm",
    "Errors": "Lỗi",
    "Hide": "Ẩn",
    "Show": "Hiện",
    "Failed to load API definition.": "Không tải được tài liệu mô tả API.",
    "No API definition provided.": "Chưa có tài liệu mô tả API.",
    "Unable to render this definition": "Không hiển thị được tài liệu mô tả này",
    "No operations defined in spec!": "Tài liệu không có thao tác nào.",
  };

  const CONSTRAINT = ".json-schema-2020-12__constraint";
  const PLACES = { query: "chuỗi truy vấn", path: "đường dẫn", header: "tiêu đề" };
  const BOUNDED = {
    "characters": "ký tự",
    "items": "phần tử",
    "unique items": "phần tử không trùng nhau",
    "contained items": "phần tử khớp",
    "properties": "thuộc tính",
  };

  // Swagger UI's sentences with a value in them: a bound, a parameter's name, a status; some
  // only where Swagger UI writes them (a selector the text's element is in).
  const PATTERNS = [
    // Where a parameter goes, "(query)": a label only there; elsewhere "query" may name a field.
    [/^(query|path|header)$/, (match, place) => PLACES[place], ".parameter__in"],
    [/^Value must be less than or equal to (\S+)$/, "Giá trị phải nhỏ hơn hoặc bằng $1"],
    [/^Value must be greater than or equal to (\S+)$/, "Giá trị phải lớn hơn hoặc bằng $1"],
    [/^Value must be at least (\d+) characters?$/, "Giá trị phải dài ít nhất $1 ký tự"],
    [/^Value must be no longer than (\d+) characters?$/, "Giá trị dài không quá $1 ký tự"],
    [/^Array must contain at least (\d+) items?$/, "Cần ít nhất $1 phần tử"],
    [/^Array must not contain more then (\d+) items?$/, "Không được quá $1 phần tử"],
    [/^Value must follow pattern (.+)$/, "Giá trị phải khớp mẫu $1"],
    [/^Required parameter (\S+) is not provided$/, "Chưa nhập tham số bắt buộc $1"],
    // The bounds and rules under a schema's type (≤ 100 characters, [1, 200] items, matches ^a).
    [
      /^((?:[≤≥<>] )?-?[\d.]+|[[(]-?[\d.]+, -?[\d.]+[\])]) (characters|unique items|contained items|items|properties)$/,
      (match, bound, unit) => bound + " " + BOUNDED[unit],
      CONSTRAINT,
    ],
    [/^multiple of (\S+)$/, "bội số của $1", CONSTRAINT],
    [/^matches (.+)$/, "khớp mẫu $1", CONSTRAINT],
    [/^media type: (.+)$/, "kiểu nội dung: $1", CONSTRAINT],
    [/^encoding: (.+)$/, "mã hóa: $1", CONSTRAINT],
    [/^unique$/, "không trùng nhau", CONSTRAINT],
    // A try that failed: "Error: " and the answer's reason phrase, or its status.
    [/^Error: response status is (\d+)$/, "Lỗi: máy chủ trả về mã $1"],
    [/^Error: (.+)$/, (match, reason) => "Lỗi: " + (vietnamese(reason) || reason)],
    // The label of an operation's arrow: its method, in capitals as HTTP writes it, and its address.
    [
      /^(get|put|post|delete|options|head|patch|trace) (\u200b?\/.*)$/,
      (match, method, path) => method.toUpperCase() + " " + path,
      ".opblock-control-arrow",
    ],
  ];

  const ATTRIBUTES = ["title", "aria-label", "placeholder", "alt"];
  // Code, the request and the answer as they went over the wire, and the values a parameter
  // takes (its options): read as written.
  const VERBATIM = "code, textarea, .microlight, option";

  function vietnamese(phrase, element) {
    if (Object.prototype.hasOwnProperty.call(PHRASES, phrase)) {
      return PHRASES[phrase];
    }
    for (const [pattern, replacement, selector] of PATTERNS) {
      if (pattern.test(phrase) && (!selector || (element && element.closest(selector)))) {
        return phrase.replace(pattern, replacement);
      }
    }
    return undefined;
  }

  function translateText(node) {
    const element = node.parentElement;
    const text = node.data;
    const phrase = text.trim();
    if (!phrase || !element || element.closest(VERBATIM)) {
      return;
    }
    const translation = vietnamese(phrase, element);
    if (translation !== undefined) {
      const start = text.indexOf(phrase);
      node.data = text.slice(0, start) + translation + text.slice(start + phrase.length);
    }
  }

  function translateAttributes(element) {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      const translation = value && vietnamese(value.trim(), element);
      if (translation !== undefined && translation !== value) {
        element.setAttribute(name, translation);
      }
    }
  }

  function translateTree(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      translateText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    translateAttributes(root);
    root.querySelectorAll("[title], [aria-label], [placeholder], [alt]").forEach(translateAttributes);
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      translateText(texts.currentNode);
    }
  }

  const root = document.getElementById("swagger-ui");
  if (!root) {
    return;
  }
  translateTree(root);
  // A replacement changes the node again, but Vietnamese is never a key: no loop.
  new MutationObserver(function (records) {
    for (const record of records) {
      if (record.type === "childList") {
        record.addedNodes.forEach(translateTree);
      } else if (record.type === "characterData") {
        translateText(record.target);
      } else {
        translateAttributes(record.target);
      }
    }
  }).observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
})();
