/** The admin's question analytics for the nation or a province (issue 19). Vietnamese, the default. */
export default {
  "qaAdmin.pageTitle": "{unit} – Phân tích câu hỏi",
  "qaAdmin.title": "Phân tích câu hỏi",
  "qaAdmin.intro": "Câu hỏi nào thành viên của {unit} hay trả lời sai, để biết chủ đề nào cần hướng dẫn thêm. Chỉ có số liệu, không hiện tên ai.",
  "qaAdmin.course": "Khoá học",
  "qaAdmin.version": "Số liệu của phiên bản {n}, phiên bản hiện tại của khoá học.",
  "qaAdmin.notPublished": "Khoá học này chưa được xuất bản, nên chưa có lượt làm bài.",
  "qaAdmin.noCourses": "Chưa có khoá học nào.",
  "qaAdmin.unitLevel": "Phân tích câu hỏi chỉ tính cho cả nước và cho từng tỉnh, không tính riêng cho xã hay tổ.",
};
