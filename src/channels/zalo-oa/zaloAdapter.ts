/**
 * `ZaloAdapter`: the Bot Framework adapter for a Zalo Official Account (Open API v3) — `ZaloChannelAdapter` with the
 * OA's channel id and layout (text parts of 2,000 characters, up to five `oa.query.hide` buttons, numbered lists
 * beyond). Built and mounted by `registerZaloRoutes`.
 */
import { layoutForOa } from './oaLayout';
import { OA_CHANNEL } from './oaTransport';
import { ZaloChannelAdapter, type ZaloChannelAdapterOptions } from './zaloChannelAdapter';

export class ZaloAdapter extends ZaloChannelAdapter {
  constructor(options: Omit<ZaloChannelAdapterOptions, 'channelId' | 'layout'>) {
    super({ ...options, channelId: OA_CHANNEL, layout: (message) => layoutForOa(message) });
  }
}
