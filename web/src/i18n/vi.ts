/**
 * The default dictionary: the shell, the sign-in screen and what several screens share. It ships in the main
 * bundle, so strings of other screens live beside them (`defineArea` in register.ts, home.ts, …, with their
 * Vietnamese in `*.vi.ts`) and load with their chunk; words every area shares are in glossary.vi.ts. Write
 * plain, short Vietnamese with full diacritics; `{name}` is filled in by `t`.
 */
export const vi = {
  "app.name": "Kỹ Năng Số",
  "app.home": "Kỹ Năng Số, về trang chủ",
  "app.offline": "Bạn đang không có mạng. Đăng nhập và đăng ký cần có mạng.",
  "app.offlineLearner": "Bạn đang không có mạng. Bạn vẫn học được bài đã tải về; bài đã học và bài làm được giữ trên máy, tự gửi khi có mạng.",
  "app.offlineStaff": "Bạn đang không có mạng. Cần có mạng để xem số liệu mới và lưu thay đổi.",
  "app.loading": "Đang tải…",
  "app.pageTitle": "{page} – Kỹ Năng Số",

  "nav.trainer": "Soạn khoá học",
  "nav.admin": "Quản lý",
  "nav.learn": "Học như thành viên",
  "nav.workLabel": "Khu vực làm việc",
  "language.switch": "English",
  "language.switchLang": "en",
  "language.switchLabel": "Switch to English",

  "field.phone": "Số điện thoại",
  "field.phoneHint": "Số di động, ví dụ: 0912 345 678",
  "field.password": "Mật khẩu",
  "field.showPassword": "Hiện mật khẩu",

  "validation.phoneRequired": "Hãy nhập số điện thoại.",
  "validation.phone": "Số điện thoại chưa đúng. Hãy nhập số di động Việt Nam, ví dụ 0912 345 678.",
  "validation.passwordRequired": "Hãy nhập mật khẩu.",
  "validation.fixFields": "Vui lòng sửa các mục được đánh dấu bên dưới.",

  "error.invalidCredentials": "Số điện thoại hoặc mật khẩu chưa đúng.",
  "error.phoneTaken": "Số điện thoại này đã có tài khoản. Hãy đăng nhập.",
  "error.joinCodeInvalid": "Mã tổ không đúng. Hãy hỏi tổ trưởng mã mới nhất.",
  "error.rateLimited": "Bạn đã thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại.",
  "error.rateLimitedMinutes": "Bạn đã thử quá nhiều lần. Vui lòng đợi {minutes} phút rồi thử lại.",
  "error.accountInactive": "Tài khoản này đang bị khóa. Hãy liên hệ tổ trưởng.",
  "error.sessionExpired": "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
  "error.activationRequired": "Số điện thoại này đã được quản trị viên tạo tài khoản. Hãy xin mã kích hoạt rồi kích hoạt tài khoản.",
  "error.passwordCommon": "Mật khẩu này quá phổ biến, kẻ gian dễ đoán ra. Hãy chọn mật khẩu khác.",
  "error.serverBusy": "Máy chủ đang bận. Vui lòng thử lại sau ít phút.",
  "error.wrongPassword": "Mật khẩu hiện tại chưa đúng.",
  "error.codeInvalid": "Mã này không đúng hoặc đã hết hạn. Hãy xin quản trị viên mã mới.",
  "error.network": "Không kết nối được. Hãy kiểm tra mạng (3G/4G hoặc Wi-Fi) rồi thử lại.",

  "signIn.title": "Đăng nhập",
  "signIn.intro": "Dùng số điện thoại và mật khẩu của bạn.",
  "signIn.submit": "Đăng nhập",
  "signIn.submitting": "Đang đăng nhập…",
  "signIn.noAccount": "Chưa có tài khoản?",
  "signIn.toRegister": "Đăng ký",
  "signIn.forgot": "Quên mật khẩu? Nhập mã do quản trị viên cấp",
  "signIn.activate": "Được cấp mã kích hoạt? Kích hoạt tài khoản",
  "signIn.otherProfiles": "Chọn người đã lưu trên máy này ({count})",
} as const;

export type MessageKey = keyof typeof vi;
export type Dictionary = Record<MessageKey, string>;
