export default {
  "privacy.title": "Thông báo bảo vệ dữ liệu cá nhân",
  "privacy.whatTitle": "Chúng tôi lưu gì",
  "privacy.what":
    "Họ và tên, số điện thoại, tổ hoặc đơn vị của bạn, thời điểm bạn đồng ý, và kết quả học (bài đã học, bài kiểm tra, chứng nhận). Địa chỉ mạng (IP) chỉ được giữ tối đa một giờ để chặn việc dò mật khẩu. Chúng tôi không thu thập thông tin nào khác.",
  "privacy.whyTitle": "Để làm gì",
  "privacy.why": "Để bạn đăng nhập, ghi nhận quá trình học, cấp chứng nhận, và để đơn vị theo dõi kết quả đào tạo của các tổ.",
  "privacy.whoTitle": "Ai được xem",
  "privacy.who": "Tổ trưởng và quản trị viên phụ trách đơn vị của bạn. Khi ai đó kiểm tra chứng nhận, họ chỉ thấy tên đã che một phần và tên khóa học.",
  "privacy.rightsTitle": "Quyền của bạn",
  "privacy.rights":
    "Theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân, bạn có quyền xem, sửa, rút lại sự đồng ý và yêu cầu xóa thông tin của mình. Hãy liên hệ tổ trưởng hoặc quản trị viên đơn vị.",
  "privacy.version": "Phiên bản 2026-11.",
  "privacy.back": "Quay lại đăng ký",
};
