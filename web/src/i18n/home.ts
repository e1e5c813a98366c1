import { defineMessages } from ".";

/** Strings of the home screen, shipped in its chunk. */
export const homeMessages = defineMessages(
  {
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
    "role.member": "Thành viên tổ",
    "role.team-leader": "Tổ trưởng",
    "role.trainer": "Giảng viên",
    "role.admin": "Quản trị viên",
    "role.super-admin": "Quản trị hệ thống",
  },
  {
    "home.title": "Home",
    "home.greeting": "Hello, {name}!",
    "home.role": "Role: {role}",
    "home.moreTitle": "On this phone",
    "home.downloads": "Downloaded lessons and data saving",
    "home.account": "Change password, sign out everywhere",
    "home.profiles": "Shared phone: add or switch person",
    "home.profilesCount": "Shared phone: {count} other people saved on this phone",
    "home.signOutWaiting": "{count} items have not been sent yet. If you sign out they stay on this phone and are sent when you sign in again.",
    "home.signOut": "Sign out",
    "role.member": "Team member",
    "role.team-leader": "Team leader",
    "role.trainer": "Trainer",
    "role.admin": "Administrator",
    "role.super-admin": "System administrator",
  },
);
