// Chinese first, English on request. A typed dictionary rather than vue-i18n: the pages need a few dozen
// strings and {name} placeholders, a missing English key is a compile error here, it adds nothing to the
// resident bundle, and vue-i18n's message compiler needs 'unsafe-eval', which the server's CSP forbids.
import { ref } from 'vue'

const zh = {
  appName: '连心', appTagline: '社区直播间', skip: '跳到正文',
  navHome: '首页', navSearch: '搜索', navHost: '主播', navDashboard: '数据', navSignIn: '登录', signOut: '退出登录',
  language: 'English', languageLong: 'Read this site in English', languageLabel: '切换到英文',
  loading: '正在加载…', retry: '重试', notFound: '没有这个页面。',
  liveNow: '正在直播', noLive: '现在没有直播。', upcoming: '即将播出', noUpcoming: '暂无安排。',
  rooms: '直播间', room: '直播间', roomOf: '{org}', watchLive: '去看直播',
  addCalendar: '添加到我的日历', calendarLink: '日历订阅链接', copyLink: '复制链接', copied: '已复制', copyByHand: '请长按复制这个链接：',
  remindEach: '每期开播前 30 分钟提醒我', remindMe: '提醒我', calendarHowTo: '怎么订阅？',
  howToIphone: 'iPhone：点“添加到我的日历”，再点“订阅”。',
  howToAndroid: '安卓手机：点“复制链接”，打开手机的日历，在“添加日历”或“订阅日历”里粘贴这个链接。',
  howToWechat: '在微信里：先点右上角“…”，选“在浏览器中打开”，再按上面的方法添加。', followers: '{n} 人关注', episodesAired: '已播 {n} 期',
  columns: '栏目', allColumns: '全部栏目', episodeList: '节目', pastEpisodes: '往期节目', noEpisodes: '还没有节目。',
  podcast: '用播客应用订阅', podcastLink: '播客订阅链接',
  searchTitle: '搜索往期节目', searchLabel: '搜索内容', searchPlaceholder: '例如：社区医院、停车政策',
  searchButton: '搜索', results: '找到 {n} 期节目', noResults: '没有找到相关节目，换个说法试试。',
  saidAt: '在 {t} 说到', questionsFound: '居民问过的问题', answeredAtTime: '在 {t} 回答', playFrom: '从 {t} 开始播放', moreResults: '更多结果',
  suggestions: '搜索联想', suggestCount: '有 {n} 条联想，按上下键选择，回车确定', suggestRoom: '直播间',
  suggestColumn: '栏目 · {room}', suggestTerm: '{n} 期节目',
  play: '▶ 播放', pause: '暂停', back15: '后退15秒', forward15: '前进15秒', seek: '播放进度',
  audioOnly: '只听声音', videoMode: '看视频', chapters: '章节', subtitles: '字幕',
  buffering: '正在缓冲…', bufferingNote: '正在缓冲，请稍等…', slowLink: '网络较慢，画面总在卡顿。只听声音更省流量，会从现在的位置接着播放。',
  switchToAudio: '改为只听声音', keepVideo: '继续看视频', speed: '播放速度', fullscreen: '全屏', exitFullscreen: '退出全屏',
  mute: '静音', unmute: '取消静音', resumed: '已从上次看到的 {t} 接着播放。', startOver: '从头播放', transcript: '文字稿',
  transcriptHint: '点一句话，从那里开始播放。', playFailed: '无法播放这段回放，请稍后再试。',
  livePlayFailed: '直播暂时无法播放，请稍后再试。', listeningLive: '正在收听直播（只听声音，更省流量）', backToLive: '回到直播', alsoLiveOn: '也可以在这些账号观看：',
  notArchived: '这期节目还没有回放。', liveElsewhere: '正在直播，请到直播平台观看；结束后这里会有回放。', liveOn: '正在直播，可以在这些账号观看：', replayLater: '结束后这里会有回放。',
  platform_douyin: '抖音', 'platform_wechat-channels': '视频号', platform_kuaishou: '快手', platform_bilibili: '哔哩哔哩', 'platform_self-hosted': '本社区直播', scheduledFor: '播出时间', cancelled: '已取消', live: '直播中', watchingLive: '{n} 人在看',
  ended: '已结束', scheduled: '未开始', hasReplay: '有回放', shareMoment: '分享此刻', shareCopied: '已复制标题和从此刻播放的链接，可以粘贴给邻居了。', notYetAired: '未播出', replayLength: '时长 {t}', description: '节目介绍', hosts: '主持人', guests: '嘉宾', storyboard: '预览',
  signInTitle: '登录', username: '用户名', password: '密码', signInButton: '登录', signedInAs: '已登录：{name}',
  hostTitle: '主播工作台', dashboardTitle: '数据总览', comingSoon: '此页面正在建设中。',
  networkFailed: '网络连接失败，请检查网络后重试。', uploadBroke: '上传中断，请检查网络后重试。', serverAnswered: '服务器返回 {status}。',
}

export type Key = keyof typeof zh

// English is its own chunk, fetched only by those who read it: a resident in Chinese never downloads it.
let en: Record<Key, string> | null = null

async function loadEnglish(): Promise<void> {
  if (!en) en = (await import('./i18n-en')).en
}

export type Lang = 'zh-CN' | 'en'
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('lianxin.lang') : null
export const lang = ref<Lang>(stored === 'en' ? 'en' : 'zh-CN')

/** Resolves once the stored language's words are in: the app mounts after it. */
export function languageReady(): Promise<void> {
  return lang.value === 'en' ? loadEnglish() : Promise.resolve()
}

export async function setLang(l: Lang): Promise<void> {
  if (l === 'en') await loadEnglish()
  lang.value = l
  localStorage.setItem('lianxin.lang', l)
  document.documentElement.lang = l
}

/** The string for key in the current language, with {name} placeholders filled in. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const s = (lang.value === 'en' && en ? en : zh)[key]
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''))
}
