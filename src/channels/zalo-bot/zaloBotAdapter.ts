/**
 * `ZaloBotAdapter`: the Bot Framework adapter for the Zalo Bot Platform — `ZaloChannelAdapter` with the platform's
 * channel id and layout (text parts of 2,000 characters, choices always as a numbered list: the platform has no
 * buttons). Built and mounted by `registerZaloRoutes`.
 */
import { ZaloChannelAdapter, type ZaloChannelAdapterOptions } from '../zalo-oa/zaloChannelAdapter';
import { layoutForBot } from './botLayout';
import { BOT_CHANNEL } from './botTransport';

export class ZaloBotAdapter extends ZaloChannelAdapter {
  constructor(options: Omit<ZaloChannelAdapterOptions, 'channelId' | 'layout'>) {
    super({ ...options, channelId: BOT_CHANNEL, layout: (message) => layoutForBot(message) });
  }
}
