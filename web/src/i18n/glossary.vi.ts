import type { Role, Topic } from "@kns/core/model";
import type { LessonKind, QuestionKind } from "@kns/core/model";

/**
 * The words every area shares, written once, in the words a member in a village uses: topics, roles, kinds of
 * lesson and question, where someone stands in a course, everyday actions. Areas build on it
 * (`defineArea({ …, shared: glossary })`) and may not restate its keys. Sentences elsewhere use the same words:
 * - a course is made of "phần" (never "mô-đun"), and a "phần" of "bài";
 * - without a connection it is "không có mạng", and what works without one works "không cần mạng" (never
 *   "ngoại tuyến" or "offline", which many members do not read).
 * The type asks for a word for every topic, role and kind the model knows, so a new one cannot go unnamed.
 */
export default {
  "topic.public-services": "Dịch vụ công trực tuyến",
  "topic.payments": "Thanh toán không dùng tiền mặt",
  "topic.e-commerce": "Mua bán trực tuyến",
  "topic.cyber-safety": "An toàn trên không gian mạng",
  "topic.other": "Kỹ năng số khác",

  "role.member": "Thành viên tổ",
  "role.team-leader": "Tổ trưởng",
  "role.trainer": "Giảng viên",
  "role.admin": "Quản trị viên",
  "role.super-admin": "Quản trị hệ thống",
  "role.citizen": "Người dân",

  "kind.text": "Bài đọc",
  "kind.image": "Hình minh hoạ",
  "kind.slides": "Trình chiếu",
  "kind.video": "Video",
  "kind.audio": "Bài nghe",
  "kind.scenario": "Tình huống giả lập",

  "qkind.single": "Chọn một",
  "qkind.multiple": "Chọn nhiều",
  "qkind.true-false": "Đúng / Sai",
  "qkind.spot-the-scam": "Tìm dấu hiệu lừa đảo",
  "qkind.ordering": "Xếp theo thứ tự",

  "status.completed": "Đã hoàn thành",
  "status.completedOn": "Hoàn thành ngày {date}",
  "status.notStarted": "Chưa bắt đầu",
  "offline.learn": "Học không cần mạng",

  "action.retry": "Thử lại",
  "action.cancel": "Huỷ",
  "state.saving": "Đang lưu…",
} satisfies Record<`topic.${Topic}` | `role.${Role}` | `kind.${LessonKind}` | `qkind.${QuestionKind}`, string> & Record<string, string>;
