import type { Scenario } from "@kns/core/model";

/**
 * A fake police call for the web tests: hang up at once (safe), ask a relative in a chat and report (safe), or
 * listen and transfer (scammed); "think it over" is a step of its own, where the caller presses harder.
 */
export function policeCall(): Scenario {
  return {
    screen: "call",
    contact: "0899 000 111",
    start: "call",
    signs: [
      { id: "authority", text: "Xưng là công an, nói bạn liên quan đến một vụ án." },
      { id: "urgency", text: "Hối thúc, doạ bắt ngay." },
      { id: "transfer", text: "Đòi chuyển tiền vào “tài khoản tạm giữ”." },
    ],
    steps: [
      {
        id: "call",
        messages: [{ from: "them", text: "Tôi là cán bộ công an. Bà liên quan đến một vụ án rửa tiền." }],
        signs: ["authority", "urgency"],
        choices: [
          { id: "hang-up", action: "hang-up", text: "Cúp máy", next: "safe-hangup", caught: ["authority", "urgency"] },
          { id: "listen", action: "reply", text: "Nghe tiếp và hỏi phải làm gì", next: "demand" },
          { id: "ask", action: "ask-relative", text: "Nói sẽ hỏi con trước", next: "relative", caught: ["authority"] },
        ],
      },
      {
        id: "demand",
        messages: [
          { from: "them", text: "Chuyển hết tiền vào tài khoản tạm giữ để chứng minh trong sạch." },
          { from: "system", text: "Cuộc gọi đã kéo dài 12 phút" },
        ],
        signs: ["transfer"],
        choices: [
          { id: "pay", action: "transfer", text: "Chuyển tiền", next: "scammed" },
          { id: "stop", action: "hang-up", text: "Cúp máy", next: "safe-late", caught: ["transfer"] },
          { id: "think", action: "reply", text: "Xin suy nghĩ thêm", next: "pressure" },
        ],
      },
      {
        id: "relative",
        screen: "chat",
        messages: [{ from: "them", text: "Mẹ ơi, công an không gọi điện bắt chuyển tiền đâu. Mẹ báo 156 nhé." }],
        choices: [
          { id: "report", action: "report", text: "Báo số lạ cho 156", next: "safe-report" },
          { id: "call-back", action: "call-back", text: "Gọi lại số lạ", next: "demand" },
        ],
      },
      {
        id: "pressure",
        messages: [{ from: "them", text: "Không có thời gian suy nghĩ. Chuyển ngay, nếu không sẽ có lệnh bắt." }],
        signs: ["urgency"],
        choices: [
          { id: "pay", action: "transfer", text: "Chuyển tiền", next: "scammed" },
          { id: "hang-up", action: "hang-up", text: "Cúp máy", next: "safe-late", caught: ["urgency"] },
        ],
      },
    ],
    endings: [
      { id: "safe-hangup", outcome: "safe", title: "Bạn đã an toàn", body: "Công an không giải quyết vụ việc qua điện thoại." },
      { id: "safe-report", outcome: "safe", title: "Bạn đã an toàn và báo cáo", body: "Hỏi người thân và báo số lạ giúp cả bản." },
      { id: "safe-late", outcome: "safe", title: "Dừng lại kịp lúc", body: "Không có “tài khoản tạm giữ” nào cả." },
      { id: "scammed", outcome: "scammed", title: "Bạn đã mất tiền", body: "Kẻ gian giả công an để bạn sợ và chuyển tiền." },
    ],
  };
}
