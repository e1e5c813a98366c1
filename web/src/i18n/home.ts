import { defineMessages } from ".";

/** Strings of the home screen, shipped in its chunk. */
export const homeMessages = defineMessages(
  {
    "home.title": "Trang chủ",
    "home.greeting": "Xin chào, {name}!",
    "home.role": "Vai trò: {role}",
    "home.coursesTitle": "Khóa học của bạn",
    "home.coursesEmpty": "Các khóa học sẽ hiện ở đây khi được mở trên ứng dụng.",
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
    "home.coursesTitle": "Your courses",
    "home.coursesEmpty": "Courses will appear here once they are open in the app.",
    "home.signOut": "Sign out",
    "role.member": "Team member",
    "role.team-leader": "Team leader",
    "role.trainer": "Trainer",
    "role.admin": "Administrator",
    "role.super-admin": "System administrator",
  },
);
