export default {
  "home.title": "Trang chủ",
  "home.greeting": "Xin chào, {name}!",
  "home.role": "Vai trò: {role}",
  "home.moreTitle": "Trên điện thoại này",
  "home.downloads": "Bài học đã tải về và tiết kiệm dữ liệu",
  "home.account": "Đổi mật khẩu, đăng xuất khỏi mọi máy",
  "home.profiles": "Dùng chung máy: thêm người, đổi người",
  "home.profilesCount": "Dùng chung máy: {count} người khác đang lưu trên máy",
  "home.signOutWaiting": "Còn {count} mục chưa gửi lên máy chủ. Nếu đăng xuất, chúng vẫn được giữ trên máy và sẽ gửi khi bạn đăng nhập lại.",
  "home.signOut": "Đăng xuất",
};
