import { defineMessages } from ".";

/** The full privacy notice, shipped with the privacy screen only (it is long). */
export const privacyMessages = defineMessages(
  {
    "privacy.title": "Thông báo bảo vệ dữ liệu cá nhân",
    "privacy.whatTitle": "Chúng tôi lưu gì",
    "privacy.what": "Họ và tên, số điện thoại, tổ hoặc đơn vị của bạn, thời điểm bạn đồng ý, và kết quả học (bài đã học, bài kiểm tra, chứng nhận). Địa chỉ mạng (IP) chỉ được giữ tối đa một giờ để chặn việc dò mật khẩu. Chúng tôi không thu thập thông tin nào khác.",
    "privacy.whyTitle": "Để làm gì",
    "privacy.why": "Để bạn đăng nhập, ghi nhận quá trình học, cấp chứng nhận, và để đơn vị theo dõi kết quả đào tạo của các tổ.",
    "privacy.whoTitle": "Ai được xem",
    "privacy.who": "Tổ trưởng và quản trị viên phụ trách đơn vị của bạn. Khi ai đó kiểm tra chứng nhận, họ chỉ thấy tên đã che một phần và tên khóa học.",
    "privacy.rightsTitle": "Quyền của bạn",
    "privacy.rights":
      "Theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân, bạn có quyền xem, sửa, rút lại sự đồng ý và yêu cầu xóa thông tin của mình. Hãy liên hệ tổ trưởng hoặc quản trị viên đơn vị.",
    "privacy.version": "Phiên bản 2026-11.",
    "privacy.back": "Quay lại đăng ký",
  },
  {
    "privacy.title": "Personal data protection notice",
    "privacy.whatTitle": "What we keep",
    "privacy.what": "Your full name, phone number, your team or unit, when you gave your consent, and your learning results (lessons done, quizzes, certificates). Your network (IP) address is kept for at most an hour, to stop password guessing. We collect nothing else.",
    "privacy.whyTitle": "What for",
    "privacy.why": "So you can sign in, so your learning is recorded and certificates issued, and so your unit can follow the training results of its teams.",
    "privacy.whoTitle": "Who can see it",
    "privacy.who": "Your team leader and the administrators of your unit. Anyone checking a certificate sees only a partly hidden name and the course title.",
    "privacy.rightsTitle": "Your rights",
    "privacy.rights":
      "Under Decree 13/2023/ND-CP and the Personal Data Protection Law you may see and correct your information, withdraw your consent and ask for your information to be deleted. Contact your team leader or your unit's administrator.",
    "privacy.version": "Version 2026-11.",
    "privacy.back": "Back to registration",
  },
);
