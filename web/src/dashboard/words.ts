// The dashboard's words, Chinese first, in their own typed dictionary (see staff/words.ts).
import { dictionary } from '../staff/words'

const zh = {
  filters: '筛选', orgUnit: '机构', wholeCity: '全市', from: '从', to: '到', apply: '查看',
  periodYear: '今年', period30: '最近 30 天', period12m: '最近 12 个月', periodAll: '全部',
  headline: '主要数字', hRooms: '直播间', hEpisodes: '已播节目', hFollowers: '粉丝', hGrowth: '期间新增粉丝',
  hViews: '观看人次', hEngagement: '互动率', perEpisodeHint: '互动率 =（点赞 + 评论 + 分享）÷ 观看人次',
  chartFollowers: '粉丝数变化', chartMonthly: '每月播出期数', chartTopRooms: '观看最多的直播间', topEpisodes: '观看最多的节目',
  roomCol: '直播间', viewsCol: '观看', episodesCol: '期数', rankCol: '名次', exportCsv: '导出表格（CSV）',
  chartLoading: '图表加载中…', noData: '这个时段没有数据。', followersOfRooms: '所选范围内 {n} 个直播间的合计',
  followersTopRooms: '粉丝最多的 {n} 个直播间的合计（共 {total} 个）',
}

const en: Record<keyof typeof zh, string> = {
  filters: 'Filters', orgUnit: 'Org unit', wholeCity: 'Whole city', from: 'From', to: 'To', apply: 'Show',
  periodYear: 'This year', period30: 'Last 30 days', period12m: 'Last 12 months', periodAll: 'All time',
  headline: 'Headline figures', hRooms: 'Rooms', hEpisodes: 'Episodes aired', hFollowers: 'Followers', hGrowth: 'New followers in period',
  hViews: 'Views', hEngagement: 'Engagement rate', perEpisodeHint: 'Engagement rate = (likes + comments + shares) ÷ views',
  chartFollowers: 'Followers over time', chartMonthly: 'Episodes aired per month', chartTopRooms: 'Most-watched rooms', topEpisodes: 'Most-watched episodes',
  roomCol: 'Room', viewsCol: 'Views', episodesCol: 'Episodes', rankCol: 'Rank', exportCsv: 'Export table (CSV)',
  chartLoading: 'Loading the chart…', noData: 'No data for this period.', followersOfRooms: 'Total of the {n} rooms in this scope',
  followersTopRooms: 'Total of the {n} rooms with most followers ({total} in all)',
}

export const { w } = dictionary(zh, en)
