import { type BasicSkill, BASIC_SKILL_LABELS_VI, FIELD_OUTCOME_LABELS_VI, type FieldOutcome } from "@kns/core/model";

const keyed = <P extends string, K extends string>(prefix: P, labels: Readonly<Record<K, string>>) =>
  Object.fromEntries(Object.entries(labels).map(([key, label]) => [`${prefix}.${key}`, label])) as Record<`${P}.${K}`, string>;

/** Field work ("Hướng dẫn người dân"): the member's form and list, the team's month. */
export default {
  "fw.title": "Hướng dẫn người dân",
  "fw.intro": "Ghi lại mỗi lần bạn giúp người dân dùng dịch vụ số. Không cần mạng: máy sẽ tự gửi khi có mạng.",
  "fw.formTitle": "Ghi lại lần hướng dẫn",
  "fw.date": "Ngày hướng dẫn",
  "fw.skill": "Kỹ năng đã hướng dẫn",
  "fw.outcome": "Kết quả",
  "fw.people": "Số người hoặc số hộ",
  "fw.fewer": "Bớt một",
  "fw.more": "Thêm một",
  "fw.place": "Thôn, bản, tổ dân phố (không bắt buộc)",
  "fw.residentToggle": "Ghi tên hoặc số điện thoại người dân (không bắt buộc)",
  "fw.residentNote": "Chỉ ghi khi người dân đồng ý. Nếu không, để trống: số liệu vẫn được tính.",
  "fw.residentName": "Tên người dân",
  "fw.residentPhone": "Số điện thoại người dân",
  "fw.consent": "Người dân đồng ý cho lưu tên/số điện thoại",
  "fw.save": "Lưu lần hướng dẫn",
  "fw.saved": "Đã lưu. Máy sẽ tự gửi khi có mạng.",
  "fw.savedSent": "Đã lưu và đã gửi.",
  "fw.listTitle": "Các lần bạn đã ghi",
  "fw.listEmpty": "Bạn chưa ghi lần hướng dẫn nào.",
  "fw.peopleCount": "{count} người/hộ",
  "fw.state.waiting": "Chờ gửi",
  "fw.state.sent": "Đã gửi",
  "fw.state.rejected": "Không được nhận",
  "fw.discard": "Bỏ bản ghi này",
  "fw.home": "Ghi lại lần hướng dẫn",
  "fw.homeNote": "Hướng dẫn người dân: ghi lại trong vài bước, không cần mạng",

  "fw.problem.activity.future_date": "Ngày hướng dẫn không thể ở tương lai.",
  "fw.problem.activity.too_old": "Chỉ ghi được những lần hướng dẫn trong vòng {days} ngày.",
  "fw.problem.activity.people_out_of_range": "Số người hoặc số hộ phải từ {min} đến {max}.",
  "fw.problem.activity.unknown_skill": "Hãy chọn một kỹ năng.",
  "fw.problem.activity.unknown_outcome": "Hãy chọn một kết quả.",
  "fw.problem.activity.consent_required": "Chỉ ghi tên hoặc số điện thoại khi người dân đồng ý. Hãy đánh dấu ô đồng ý hoặc xoá tên, số điện thoại.",
  "fw.problem.activity.not_your_team": "Bản ghi này thuộc tổ khác nên không được nhận.",
  "fw.problem.activity.not_a_member": "Chỉ thành viên của một tổ mới ghi được lần hướng dẫn.",
  "fw.problem.other": "Máy chủ không nhận bản ghi này.",

  "fw.month.title": "Hướng dẫn người dân tháng {month}",
  "fw.month.people": "Người/hộ đã hướng dẫn",
  "fw.month.sessions": "Số lần hướng dẫn",
  "fw.month.target": "Chỉ tiêu tháng",
  "fw.month.noTarget": "Chưa đặt",
  "fw.month.ofTarget": "Đạt {percent}% chỉ tiêu",
  "fw.month.bySkill": "Theo kỹ năng",
  "fw.month.byOutcome": "Theo kết quả",
  "fw.month.cellPeople": "Người/hộ",
  "fw.month.cellSessions": "Lần",
  "fw.month.none": "Chưa có lần hướng dẫn nào trong tháng.",
  "fw.target.label": "Chỉ tiêu người/hộ được hướng dẫn mỗi tháng",
  "fw.target.save": "Lưu chỉ tiêu",
  "fw.target.saved": "Đã lưu chỉ tiêu.",

  // The names the server's monthly report uses too: written once, in the model.
  ...keyed("skill", BASIC_SKILL_LABELS_VI),
  ...keyed("outcome", FIELD_OUTCOME_LABELS_VI),
} satisfies Record<`skill.${BasicSkill}` | `outcome.${FieldOutcome}`, string> & Record<string, string>;
