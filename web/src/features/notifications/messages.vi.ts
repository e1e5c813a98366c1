export default {
  "notify.title": "Nhận thông báo",
  "notify.intro": "Chọn cách bạn muốn nhận lời nhắc học và thông báo của đơn vị. Bạn có thể tắt bất cứ lúc nào.",
  "notify.consent":
    "Khi bật một kênh, bạn đồng ý để Kỹ Năng Số dùng số điện thoại (hoặc trình duyệt này, với thông báo đẩy) của bạn để gửi lời nhắc học và thông báo của đơn vị qua kênh đó, tối đa 2 lời nhắc mỗi tuần, không gửi từ 21 giờ đến 7 giờ sáng. Chúng tôi ghi lại thời điểm bạn đồng ý. Tắt kênh là rút lại sự đồng ý, có hiệu lực từ tin tiếp theo. Mã đặt lại mật khẩu do chính bạn yêu cầu vẫn được gửi qua SMS.",
  "notify.channel.push": "Thông báo trên máy này",
  "notify.channel.pushHint": "Hiện trên màn hình điện thoại, không mất phí.",
  "notify.channel.zalo": "Zalo",
  "notify.channel.zaloHint": "Tin nhắn từ tài khoản chính thức của Kỹ Năng Số trên Zalo, gửi tới số điện thoại của bạn.",
  "notify.channel.sms": "Tin nhắn SMS",
  "notify.channel.smsHint": "Gửi tới số điện thoại bạn dùng để đăng nhập.",
  "notify.on": "Đang bật",
  "notify.devices": "{count} máy nhận thông báo",
  "notify.unavailable": "Hệ thống chưa hỗ trợ kênh này.",
  "notify.pushUnsupported": "Trình duyệt này không nhận được thông báo đẩy. Trên iPhone, hãy thêm ứng dụng vào màn hình chính trước.",
  "notify.pushBlocked": "Bạn đã chặn thông báo cho trang này. Hãy cho phép thông báo trong cài đặt của trình duyệt rồi thử lại.",
  "notify.saving": "Đang lưu…",
  "notify.failed": "Chưa lưu được. Hãy thử lại.",
};
