// 民生问答's words, Chinese first, in their own typed dictionary (see staff/words.ts).
import { dictionary } from '../staff/words'

const zh = {
  section: '民生问答', ask: '我要提问', askHint: '不用登录，不要填写电话、姓名等个人信息。审核通过后公开。',
  text: '你的问题（最多 300 字）', nickname: '怎么称呼你（可不填）', column: '栏目（可不填）', anyColumn: '（不选）',
  send: '提交问题', sending: '正在提交…', sent: '已提交，审核通过后会公开。', viewMine: '查看我的问题',
  open: '待回答', answered: '已回答', none: '还没有问题。', votes: '{n} 人想问', vote: '我也想问', voted: '已想问',
  answeredAt: '在「{title}」{t} 回答', watchAnswer: '看回答（从 {t} 开始）', replaySoon: '已在直播中回答，回放整理好后可以从回答处开始看。',
  willAnswer: '本期将回答', answeredHere: '本期回答的问题', question: '问题', asker: '提问人：{name}',
  askedOn: '{when} 提问', yours: '这是你提的问题', pending: '你的问题正在审核，通过后会公开。', merged: '这个问题已与同类问题合并。',
  seeMerged: '查看合并后的问题', back: '返回直播间',
  desk: '民生问答', deskPending: '待审核', deskOpen: '待回答（按想问人数和等待时间）', approve: '通过', hide: '隐藏',
  hideReason: '隐藏原因', confirmHide: '确认隐藏', merge: '同一个问题', mergeInto: '合并到', confirmMerge: '确认合并',
  assign: '安排到', assignTo: '安排到哪一期', noUpcoming: '（没有即将播出的节目）', assigned: '已安排：{title}',
  answering: '正在回答', answeringDone: '已记下回答时刻：{t}', nothingPending: '没有待审核的问题。', nothingOpen: '没有待回答的问题。',
  filterColumn: '按栏目筛选', allColumns: '全部栏目', deskAnswered: '本期回答的问题', setNow: '设为此刻',
  momentSet: '已把回答时刻改为 {t}', noAnswered: '这期还没有记下回答的问题。', waiting: '已等 {n} 天',
  received: '收到问题', approvedCount: '已公开', medianDays: '提问到回答（中位天数）', oldestOpen: '等待最久的问题',
}

const en: Record<keyof typeof zh, string> = {
  section: 'Questions', ask: 'Ask a question', askHint: 'No account needed. Do not give your phone number or name. Shown once approved.',
  text: 'Your question (up to 300 characters)', nickname: 'What to call you (optional)', column: 'Column (optional)', anyColumn: '(none)',
  send: 'Send', sending: 'Sending…', sent: 'Sent. It will be shown once a host approves it.', viewMine: 'See my question',
  open: 'Waiting for an answer', answered: 'Answered', none: 'No questions yet.', votes: '{n} want to know', vote: 'Me too', voted: 'You asked too',
  answeredAt: 'Answered in “{title}” at {t}', watchAnswer: 'Watch the answer (from {t})', replaySoon: 'Answered live; the replay will start at the answer once it is ready.',
  willAnswer: 'To be answered in this episode', answeredHere: 'Questions answered in this episode', question: 'Question', asker: 'Asked by {name}',
  askedOn: 'Asked {when}', yours: 'You asked this', pending: 'Your question is waiting for approval.', merged: 'This question was merged with a similar one.',
  seeMerged: 'See that question', back: 'Back to the room',
  desk: 'Questions', deskPending: 'Waiting for approval', deskOpen: 'Open (most wanted and oldest first)', approve: 'Approve', hide: 'Hide',
  hideReason: 'Why hide it', confirmHide: 'Hide it', merge: 'Same question', mergeInto: 'Merge into', confirmMerge: 'Merge',
  assign: 'Assign to', assignTo: 'Which episode', noUpcoming: '(no upcoming episodes)', assigned: 'Assigned: {title}',
  answering: 'Answering now', answeringDone: 'Answer moment noted: {t}', nothingPending: 'Nothing waiting for approval.', nothingOpen: 'No open questions.',
  filterColumn: 'Filter by column', allColumns: 'All columns', deskAnswered: 'Questions answered in this episode', setNow: 'Set to now',
  momentSet: 'Answer moment set to {t}', noAnswered: 'No answered questions noted for this episode yet.', waiting: 'waiting {n} days',
  received: 'Received', approvedCount: 'Shown', medianDays: 'Median days to an answer', oldestOpen: 'Waiting longest',
}

export const { w } = dictionary(zh, en)
