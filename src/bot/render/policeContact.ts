/**
 * How to reach the commune police, from the province's settings (never a number written in code). Used for
 * "Gửi phản ánh cho Công an xã" and "Không phải các ý trên" until questions can be forwarded from the chat itself.
 */
import type { Settings } from '../../knowledge/schema';
import { botText as T, hotlineLine } from '../messages';

export function policeContactText(settings: Settings): string {
  const lines = settings.hotlines.map((h) => hotlineLine(h));
  return [T.forwardNotReady, ...lines, '', T.emergency].join('\n');
}
