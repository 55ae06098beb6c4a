// 推流设置: where a room's host streams to (the server address and the room's stream key), rotating the key, and what
// a publish outside every episode's window does; the calls and their words, kept apart from the rest of the desk's.
import { request } from '../api'
import { dictionary } from '../staff/words'

export type Unscheduled = 'episode' | 'refuse'
/** How the stream looks to the node receiving it: keyframeAtMost means "no more than keyframeSeconds". */
export interface IngestHealth {
  bitrateKbps: number; frameRate?: number; keyframeSeconds: number; keyframeAtMost: boolean; warnings: string[]
}
/** The room's live session while one goes on. */
export interface IngestLive { episodeId: number; publishing: boolean; health: IngestHealth | null; measuredAt: string | null }
/** The publish URL is {@code url/streamKey}. */
export interface Ingest { url: string; streamKey: string; unscheduled: Unscheduled; live: IngestLive | null }

export const ingestApi = {
  get: (roomId: number) => request<Ingest>('GET', `/api/rooms/${roomId}/ingest`),
  rotate: (roomId: number) => request<Ingest>('POST', `/api/rooms/${roomId}/ingest/rotate`, {}),
  setUnscheduled: (roomId: number, unscheduled: Unscheduled) =>
    request<Ingest>('PATCH', `/api/rooms/${roomId}/ingest`, { unscheduled }),
}

const zh = {
  title: '推流设置', intro: '在 OBS 或手机推流软件里填下面的服务器地址和推流码，开播后连心自动让当期节目进入直播、录像，并转推到各平台。',
  server: '服务器地址', key: '推流码', show: '显示', hide: '隐藏', copy: '复制', copied: '已复制',
  copyByHand: '无法自动复制，文字已选中，请长按复制。', keyHidden: '推流码已隐藏',
  rotate: '更换推流码', rotateConfirm: '更换后，旧的推流码立即失效，正在用旧推流码推流的设备需要改成新的推流码。确定更换吗？',
  rotated: '推流码已更换，请在推流软件里改成新的推流码。',
  unscheduledTitle: '节目时间以外推流', unscheduledEpisode: '允许临时直播（自动新建一期节目）', unscheduledRefuse: '拒绝推流',
  unscheduledSaved: '已保存。',
  howTitle: '怎么设置推流软件',
  howObs: 'OBS：设置 → 推流，服务选“自定义”，服务器 = 上面的服务器地址，推流码 = 上面的推流码。设置 → 输出（高级）：关键帧间隔 2 秒，720p 用 2500 kbps 码率，音频 AAC 128 kbps。',
  howDouyin: '抖音直播伴侣：选择“第三方推流”，填同样的服务器地址和推流码。',
  howPhone: '手机推流（如 Larix Broadcaster）：新建连接，地址填“服务器地址/推流码”（中间加一个斜杠）。',
  howWindow: '节目开始前几分钟开始推流，当期节目会自动进入直播；断开后短时间内重新推流，仍是同一期节目。',
  healthTitle: '推流状态', publishing: '正在推流', waiting: '推流已断开，等待重新连接', measuring: '正在测量…',
  bitrate: '码率', frameRate: '帧率', keyframe: '关键帧间隔', kbps: '{n} kbps', fps: '{n} 帧/秒',
  seconds: '{n} 秒', atMost: '不超过 {n} 秒',
  keyframeWarn: '关键帧间隔 {n} 秒，超过 4 秒：观众要等较久才能看到画面，部分平台可能断流。请在推流软件里把关键帧间隔设为 2 秒。',
}

const en: Record<keyof typeof zh, string> = {
  title: 'Streaming setup', intro: 'Enter the server address and stream key below in OBS or a phone streaming app; once you stream, Lianxin puts the episode live, records it and relays it to the platforms.',
  server: 'Server address', key: 'Stream key', show: 'Show', hide: 'Hide', copy: 'Copy', copied: 'Copied',
  copyByHand: 'Could not copy by itself; the text is selected, copy it by hand.', keyHidden: 'Stream key hidden',
  rotate: 'New stream key', rotateConfirm: 'The old stream key stops working at once; any encoder still using it must switch to the new key. Change it?',
  rotated: 'The stream key is changed; enter the new key in your streaming app.',
  unscheduledTitle: 'Streaming outside episode times', unscheduledEpisode: 'Allow unscheduled live shows (a new episode is made)', unscheduledRefuse: 'Refuse the stream',
  unscheduledSaved: 'Saved.',
  howTitle: 'How to set up your streaming app',
  howObs: 'OBS: Settings → Stream, Service "Custom", Server = the server address above, Stream key = the key above. Settings → Output (Advanced): keyframe interval 2 s, 2500 kbps for 720p, AAC audio 128 kbps.',
  howDouyin: 'Douyin Live Companion (抖音直播伴侣): choose third-party push (第三方推流) and enter the same server address and key.',
  howPhone: 'Phone apps (such as Larix Broadcaster): add a connection whose URL is "server address/stream key" (joined by a slash).',
  howWindow: 'Start streaming a few minutes before the episode and it goes live by itself; stop and come back shortly and it is still the same episode.',
  healthTitle: 'Stream status', publishing: 'Streaming', waiting: 'The stream dropped; waiting for it to reconnect', measuring: 'Measuring…',
  bitrate: 'Bitrate', frameRate: 'Frame rate', keyframe: 'Keyframe interval', kbps: '{n} kbps', fps: '{n} fps',
  seconds: '{n} s', atMost: 'at most {n} s',
  keyframeWarn: 'Keyframes are {n} s apart, over 4 s: viewers wait long for the picture and some platforms may cut the stream. Set the keyframe interval to 2 s in your streaming app.',
}

export const { w: iw } = dictionary(zh, en)
