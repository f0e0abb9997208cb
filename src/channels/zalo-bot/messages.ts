/**
 * What the Bot Platform channel says itself. Zalo hides the content of messages from people in protected groups
 * (children, people with disabilities, people who cannot read…) and sends `message.unsupported.received` instead:
 * the bot cannot know what was asked, so it points to people who can help. Hotline numbers come from the knowledge
 * settings, never from here.
 */
export const zaloBotText = {
  unsupported: 'Xin lỗi, mình không đọc được tin nhắn này. Bạn có thể gõ lại câu hỏi bằng chữ, hoặc liên hệ trực tiếp:',
  visitPolice: '• Trụ sở Công an xã/phường nơi bạn cư trú, trong giờ làm việc.',
} as const;
