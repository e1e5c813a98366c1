export default {
  "search.results": "Kết quả tìm kiếm",
  "search.count": "Tìm thấy {count} kết quả.",
  "search.none": "Không tìm thấy khoá học hay bài học nào khớp với “{query}”.",
  "search.loading": "Đang tải mục lục để tìm…",
  "search.loadFailed": "Chưa tải được mục lục để tìm. Hãy kiểm tra mạng rồi thử lại.",
  "search.retry": "Thử lại",
  "search.course": "Khoá học",
  "search.lesson": "Bài học trong “{course}”",
  "search.offline": "Không có mạng: đang tìm trong bản lưu trên điện thoại. Chỉ mở được các khoá đã tải về máy.",
  "search.notDownloaded": "Chưa tải về máy: cần có mạng để mở.",
  "search.downloaded": "Đã có trên điện thoại",
};
