/** An admin's search of the units in their scope (issue 19). Vietnamese, the default. */
export default {
  "unitSearch.pageTitle": "{unit} – Tìm đơn vị",
  "unitSearch.title": "Tìm đơn vị",
  "unitSearch.label": "Tên hoặc mã đơn vị",
  "unitSearch.hint": "Gõ một phần tên, có dấu hay không dấu đều được (ví dụ: xa tan, phuong, ban bo).",
  "unitSearch.submit": "Tìm",
  "unitSearch.searching": "Đang tìm…",
  "unitSearch.count": "{count} đơn vị khớp “{q}”.",
  "unitSearch.none": "Không có đơn vị nào khớp “{q}”.",
  "unitSearch.more": "Chỉ hiện {count} kết quả đầu. Hãy gõ cụ thể hơn.",
  "unitSearch.partial": "Đơn vị này có quá nhiều đơn vị con: chỉ tìm được trong {count} đơn vị đầu.",
  "unitSearch.depth": "Ở đây chỉ tìm {levels} cấp bên dưới. Muốn tìm tổ, hãy mở tỉnh hoặc xã của tổ rồi tìm ở đó.",
  "unitSearch.in": "Thuộc {path}",
};
