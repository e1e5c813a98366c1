export default {
  "home.title": "Trang chủ",
  "home.greeting": "Xin chào, {name}!",
  "home.role": "Vai trò: {role}",
  "home.moreTitle": "Trên điện thoại này",
  "home.fieldWork": "Ghi lại lần hướng dẫn",
  "home.fieldWorkNote": "Hướng dẫn người dân: vài bước, không cần mạng",
  "home.registerNeighbour": "Đăng ký cho người dân",
  "home.registerNeighbourNote": "Giúp người dân tạo tài khoản học ngay trên máy của bạn",
  "home.downloads": "Bài học đã tải về và tiết kiệm dữ liệu",
  "home.account": "Đổi mật khẩu, đăng xuất khỏi mọi máy",
  "home.profiles": "Dùng chung máy: thêm người, đổi người",
  "home.profilesCount": "Dùng chung máy: {count} người khác đang lưu trên máy",
};
