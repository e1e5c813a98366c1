export default {
  "reviewHome.title": "2 phút ôn tập",
  "reviewHome.due": "{count} câu bạn từng trả lời sai đang chờ ôn lại.",
  "reviewHome.dueOne": "1 câu bạn từng trả lời sai đang chờ ôn lại.",
  "reviewHome.start": "Ôn ngay",
};
