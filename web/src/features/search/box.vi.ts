export default {
  "search.label": "Tìm khoá học, bài học",
};
