// A minimal page: the rooms and their coming episodes. The full front-end is its own piece of work.
const el = (tag, text) => { const n = document.createElement(tag); if (text !== undefined) n.textContent = text; return n; };
const wan = n => n >= 10000 ? (Math.round(n / 100) / 100) + '万' : String(n);
const when = iso => new Date(iso).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' });

async function main() {
  const box = document.getElementById('rooms');
  try {
    const rooms = (await (await fetch('/api/rooms')).json()).items;
    box.replaceChildren();
    for (const room of rooms) {
      const card = el('article'); card.className = 'room';
      card.append(el('h2', room.name));
      card.append(el('p', `${room.orgName} · 已播 ${wan(room.episodeCount)} 期 · 即将播出 ${room.upcomingCount} 期`));
      const cal = el('a', '订阅日程到我的日历 Subscribe'); cal.href = `/api/rooms/${room.id}/calendar.ics`;
      card.append(cal);
      const list = el('ul');
      const upcoming = (await (await fetch(`/api/rooms/${room.id}/upcoming?limit=5`)).json()).items;
      for (const ep of upcoming) list.append(el('li', `${ep.numberLabel ?? ''} ${when(ep.startsAt)} ${ep.columnName ? '【' + ep.columnName + '】' : ''}${ep.title}`));
      card.append(list);
      box.append(card);
    }
  } catch (e) {
    box.replaceChildren(el('p', '加载失败，请稍后刷新。Could not load the schedule: ' + e.message));
    box.firstChild.className = 'error';
  }
}
main();
