// The host desk's and dashboard's words, Chinese first. Their own typed dictionary (same language switch as
// i18n.ts) so the resident pages' bundle never carries them and the two dictionaries merge without conflicts.
import { lang } from '../i18n'

const zh = {
  signInFirst: '请先登录。', signInLink: '去登录',
  myRooms: '我的直播间', chooseRoom: '选择直播间', noRooms: '你还没有负责的直播间，请联系街道管理员。',
  week: '{from} 至 {to}', prevWeek: '上一周', thisWeek: '本周', nextWeek: '下一周', weekOf: '周日历',
  noneThisDay: '无', noneThisWeek: '这一周没有节目。',
  newEpisode: '新建单期节目', newSeries: '新建每周系列节目', editEpisode: '修改节目', close: '关闭',
  title: '标题', descriptionLabel: '节目介绍（可不填）', column: '栏目', noColumn: '（不分栏目）',
  startsAt: '开始时间', endsAt: '结束时间', save: '保存', create: '创建', saved: '已保存。', created: '已创建：{what}',
  scopeLabel: '修改范围', scopeThis: '只改这一期', scopeFollowing: '这一期及以后各期',
  weekdays: '每周哪几天', firstDate: '从哪天开始', time: '开始时刻', duration: '时长（分钟）', count: '共几期',
  preview: '先检查是否冲突', previewOk: '{n} 期都没有冲突，可以创建。', seriesCreated: '已创建系列，共 {n} 期。',
  conflictTitle: '时间冲突，未创建', conflictRoom: '第 {n} 次（{slot}）与本直播间已有的「{title}」（{from}–{to}）时间重叠。',
  conflictPeople: '第 {n} 次（{slot}）：{people} 在这段时间已有「{title}」（{room}，{from}–{to}）。',
  conflictOne: '与本直播间已有的「{title}」（{from}–{to}）时间重叠。',
  conflictOnePeople: '{people} 在这段时间已有「{title}」（{room}，{from}–{to}）。',
  conflictHint: '请换一个时间，或先修改、取消那期节目。',
  goLive: '开始直播', endLive: '结束直播', cancelEpisode: '取消这期', cancelReason: '取消原因', confirmCancel: '确认取消',
  statusScheduled: '未开始', statusLive: '直播中', statusEnded: '已结束', statusCancelled: '已取消',
  recording: '上传录像', chooseFile: '选择录像文件', upload: '上传', uploading: '正在上传：{p}%（{sent} / {total}）',
  uploaded: '上传完成，正在处理。', uploadedBytes: '已上传 {total}（100%）', processing: '处理进度', stage: '步骤：{stage}', playable: '处理完成，可以回放了。',
  openReplay: '打开回放', failed: '处理失败：{why}', eta: '约 {s} 秒后完成',
  chapters: '章节', chapterStart: '开始（分:秒）', chapterTitle: '章节标题', addChapter: '添加章节', removeChapter: '删除',
  saveChapters: '保存章节', transcript: '上传字幕（SRT 或 WebVTT）', transcriptFile: '字幕文件', transcriptSaved: '字幕已保存，共 {n} 句。',
  metrics: '节目数据', platform: '平台', peakViewers: '最高在线', views: '观看人次', uniqueViewers: '观看人数',
  likes: '点赞', comments: '评论', shares: '分享', newFollowers: '新增关注', avgWatchSeconds: '平均观看时长（秒）',
  saveMetrics: '保存数据', importTitle: '导入平台导出的数据（CSV）', csvFile: 'CSV 文件', csvPlatform: '整份文件的平台（文件里没有平台列时）',
  anyPlatform: '（文件里有平台列）', importButton: '导入', imported: '已导入 {n} 行。', badRows: '以下各行有误，整份文件未导入：',
  line: '第 {n} 行', followersTitle: '录入粉丝数', followerCount: '粉丝数', readingAt: '读数时间（不填为现在）',
  addFollowers: '记录', followersSaved: '已记录。',
  platform_douyin: '抖音', 'platform_wechat-channels': '视频号', platform_kuaishou: '快手', platform_bilibili: '哔哩哔哩', 'platform_self-hosted': '自建',
  stage_probe: '读取文件', stage_validate: '检查', stage_package: '打包回放', stage_poster: '封面', stage_storyboard: '预览图',
  stage_chapters: '章节', stage_loudness: '响度', stage_audio: '音频', stage_archived: '完成', stage_pull: '下载', stage_queued: '排队中',
  // Dashboard
  filters: '筛选', orgUnit: '机构', wholeCity: '全市', period: '时段', from: '从', to: '到', apply: '查看',
  periodYear: '今年', period30: '最近 30 天', period12m: '最近 12 个月', periodAll: '全部',
  headline: '主要数字', hRooms: '直播间', hEpisodes: '已播节目', hFollowers: '粉丝', hGrowth: '期间新增粉丝',
  hViews: '观看人次', hEngagement: '互动率', perEpisodeHint: '互动率 =（点赞 + 评论 + 分享）÷ 观看人次',
  chartFollowers: '粉丝数变化', chartMonthly: '每月播出期数', chartTopRooms: '观看最多的直播间', topEpisodes: '观看最多的节目',
  roomCol: '直播间', episodeCol: '节目', viewsCol: '观看', episodesCol: '期数', rankCol: '名次', exportCsv: '导出表格（CSV）',
  chartLoading: '图表加载中…', noData: '这个时段没有数据。', followersOfRooms: '所选范围内 {n} 个直播间的合计',
  followersTopRooms: '粉丝最多的 {n} 个直播间的合计（共 {total} 个）',
}

type Key = keyof typeof zh

const en: Record<Key, string> = {
  signInFirst: 'Please sign in first.', signInLink: 'Sign in',
  myRooms: 'My rooms', chooseRoom: 'Room', noRooms: 'No room is assigned to you yet; ask your sub-district administrator.',
  week: '{from} to {to}', prevWeek: 'Previous week', thisWeek: 'This week', nextWeek: 'Next week', weekOf: 'Week calendar',
  noneThisDay: 'None', noneThisWeek: 'No episodes this week.',
  newEpisode: 'New episode', newSeries: 'New weekly series', editEpisode: 'Edit episode', close: 'Close',
  title: 'Title', descriptionLabel: 'About (optional)', column: 'Column', noColumn: '(no column)',
  startsAt: 'Starts', endsAt: 'Ends', save: 'Save', create: 'Create', saved: 'Saved.', created: 'Created: {what}',
  scopeLabel: 'Apply to', scopeThis: 'This episode only', scopeFollowing: 'This and following episodes',
  weekdays: 'Days of the week', firstDate: 'First date', time: 'Start time', duration: 'Length (minutes)', count: 'Number of episodes',
  preview: 'Check for clashes first', previewOk: 'All {n} episodes are free; you can create them.', seriesCreated: 'Series created: {n} episodes.',
  conflictTitle: 'Time clash: nothing was created', conflictRoom: 'Occurrence {n} ({slot}) overlaps "{title}" in this room ({from}–{to}).',
  conflictPeople: 'Occurrence {n} ({slot}): {people} already has "{title}" ({room}, {from}–{to}).',
  conflictOne: 'It overlaps "{title}" in this room ({from}–{to}).',
  conflictOnePeople: '{people} already has "{title}" then ({room}, {from}–{to}).',
  conflictHint: 'Choose another time, or change or cancel that episode first.',
  goLive: 'Go live', endLive: 'End', cancelEpisode: 'Cancel this episode', cancelReason: 'Reason', confirmCancel: 'Confirm cancel',
  statusScheduled: 'Not started', statusLive: 'Live', statusEnded: 'Ended', statusCancelled: 'Cancelled',
  recording: 'Upload a recording', chooseFile: 'Recording file', upload: 'Upload', uploading: 'Uploading: {p}% ({sent} of {total})',
  uploaded: 'Uploaded; processing.', uploadedBytes: 'Uploaded {total} (100%)', processing: 'Processing', stage: 'Step: {stage}', playable: 'Done: the replay can be played.',
  openReplay: 'Open the replay', failed: 'Processing failed: {why}', eta: 'about {s} s left',
  chapters: 'Chapters', chapterStart: 'Start (m:ss)', chapterTitle: 'Chapter title', addChapter: 'Add a chapter', removeChapter: 'Remove',
  saveChapters: 'Save chapters', transcript: 'Upload a transcript (SRT or WebVTT)', transcriptFile: 'Transcript file', transcriptSaved: 'Transcript saved: {n} lines.',
  metrics: 'Episode numbers', platform: 'Platform', peakViewers: 'Peak viewers', views: 'Views', uniqueViewers: 'Unique viewers',
  likes: 'Likes', comments: 'Comments', shares: 'Shares', newFollowers: 'New followers', avgWatchSeconds: 'Average watch time (s)',
  saveMetrics: 'Save numbers', importTitle: 'Import a platform export (CSV)', csvFile: 'CSV file', csvPlatform: 'Platform of the whole file (when it has no platform column)',
  anyPlatform: '(the file has a platform column)', importButton: 'Import', imported: '{n} rows imported.', badRows: 'These lines are wrong; nothing was imported:',
  line: 'Line {n}', followersTitle: 'Enter followers', followerCount: 'Followers', readingAt: 'Reading time (empty: now)',
  addFollowers: 'Record', followersSaved: 'Recorded.',
  platform_douyin: 'Douyin', 'platform_wechat-channels': 'WeChat Channels', platform_kuaishou: 'Kuaishou', platform_bilibili: 'Bilibili', 'platform_self-hosted': 'Self-hosted',
  stage_probe: 'Reading the file', stage_validate: 'Checking', stage_package: 'Packaging the replay', stage_poster: 'Poster', stage_storyboard: 'Preview images',
  stage_chapters: 'Chapters', stage_loudness: 'Loudness', stage_audio: 'Audio', stage_archived: 'Done', stage_pull: 'Downloading', stage_queued: 'Queued',
  filters: 'Filters', orgUnit: 'Org unit', wholeCity: 'Whole city', period: 'Period', from: 'From', to: 'To', apply: 'Show',
  periodYear: 'This year', period30: 'Last 30 days', period12m: 'Last 12 months', periodAll: 'All time',
  headline: 'Headline figures', hRooms: 'Rooms', hEpisodes: 'Episodes aired', hFollowers: 'Followers', hGrowth: 'New followers in period',
  hViews: 'Views', hEngagement: 'Engagement rate', perEpisodeHint: 'Engagement rate = (likes + comments + shares) ÷ views',
  chartFollowers: 'Followers over time', chartMonthly: 'Episodes aired per month', chartTopRooms: 'Most-watched rooms', topEpisodes: 'Most-watched episodes',
  roomCol: 'Room', episodeCol: 'Episode', viewsCol: 'Views', episodesCol: 'Episodes', rankCol: 'Rank', exportCsv: 'Export table (CSV)',
  chartLoading: 'Loading the chart…', noData: 'No data for this period.', followersOfRooms: 'Total of the {n} rooms in this scope',
  followersTopRooms: 'Total of the {n} rooms with most followers ({total} in all)',
}

export type WordKey = Key

/** The tools' string for key in the current language, with {name} placeholders filled in. */
export function w(key: Key, params: Record<string, string | number> = {}): string {
  return wIn(lang.value, key, params)
}

/** The string in a given language (a clash is explained in both, whatever the switch says). */
export function wIn(l: string, key: Key, params: Record<string, string | number> = {}): string {
  const s = (l === 'en' ? en : zh)[key]
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''))
}

/** A key that may not exist (a stage or platform code from the server): its word, or the code itself. */
export function wOr(key: string, fallback: string): string {
  return key in zh ? w(key as Key) : fallback
}
