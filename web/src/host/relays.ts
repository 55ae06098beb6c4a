// The relay targets of a room (推流目标) and how each push of a live episode is going: the calls and their words,
// kept apart from the rest of the host desk's.
import { request } from '../api'
import { dictionary } from '../staff/words'

export type RelayPlatform = 'douyin' | 'wechat-channels' | 'kuaishou' | 'bilibili' | 'custom'
export const PLATFORMS: RelayPlatform[] = ['douyin', 'wechat-channels', 'kuaishou', 'bilibili', 'custom']

/** A target as the server shows it: the push URL with its stream key masked. */
export interface RelayTarget { id: number; platform: RelayPlatform; pushUrl: string; enabled: boolean }
/** What is sent: a kept target by id (no pushUrl keeps its stored one), a new one with its whole push URL. */
export interface RelayInput { id?: number; platform: RelayPlatform; pushUrl?: string; enabled: boolean }
export interface RelayState {
  targetId: number; platform: RelayPlatform; pushUrl: string; enabled: boolean
  state: 'connecting' | 'connected' | 'retrying' | 'off'; error: string | null; attempts: number
  bitrateKbps: number | null; bytes: number; since: string | null
}

export const relayApi = {
  targets: (roomId: number) => request<{ items: RelayTarget[] }>('GET', `/api/rooms/${roomId}/relays`),
  save: (roomId: number, list: RelayInput[]) => request<{ items: RelayTarget[] }>('PUT', `/api/rooms/${roomId}/relays`, list),
  states: (episodeId: number) => request<{ items: RelayState[] }>('GET', `/api/episodes/${episodeId}/relays`),
}

const zh = {
  title: '推流目标', intro: '开播后，连心把直播同时转推到下面开启的平台。推流码保存时加密，页面上只显示首尾几位。',
  none: '还没有推流目标。', add: '添加推流目标', remove: '删除', save: '保存推流目标', saved: '推流目标已保存。',
  platform: '平台', pushUrl: '推流地址（服务器地址 + 推流码）', keepKey: '已保存：{masked}（不改就留空）', enabled: '开启转推',
  target: '第 {n} 个推流目标', liveTitle: '转推状态（直播中）', notLive: '开播后这里显示每个平台的推流状态。',
  state_connecting: '连接中', state_connected: '已连接', state_retrying: '重试中', state_off: '未推流',
  bitrate: '{kbps} kbps', attempts: '已失败 {n} 次', lastError: '最近的错误：{why}',
  p_douyin: '抖音', 'p_wechat-channels': '视频号', p_kuaishou: '快手', p_bilibili: '哔哩哔哩', p_custom: '其他 RTMP',
}

const en: Record<keyof typeof zh, string> = {
  title: 'Relay targets', intro: 'While live, Lianxin relays the stream to every target switched on below. Stream keys are stored encrypted and shown only in part.',
  none: 'No relay targets yet.', add: 'Add a relay target', remove: 'Remove', save: 'Save relay targets', saved: 'Relay targets saved.',
  platform: 'Platform', pushUrl: 'Push URL (server URL + stream key)', keepKey: 'Saved: {masked} (leave empty to keep it)', enabled: 'Relay on',
  target: 'Relay target {n}', liveTitle: 'Relays (live)', notLive: 'Once live, each platform\'s push state shows here.',
  state_connecting: 'Connecting', state_connected: 'Connected', state_retrying: 'Retrying', state_off: 'Off',
  bitrate: '{kbps} kbps', attempts: '{n} failures', lastError: 'Last error: {why}',
  p_douyin: 'Douyin', 'p_wechat-channels': 'WeChat Channels', p_kuaishou: 'Kuaishou', p_bilibili: 'Bilibili', p_custom: 'Other RTMP',
}

export const { w: rw } = dictionary(zh, en)
