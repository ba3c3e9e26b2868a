// The live list (DESIGN.md "Live mail"): the mailbox page follows GET /events. New mail goes to the top of the
// list on the first page of the plain list, elsewhere into a "N new messages — show" notice; flag changes redraw
// their row, expunged rows go, the sidebar's counts and the tab title's count follow. Rows and sentences come
// rendered from the server (the list's own row partial, the catalogs): this script only moves markup, so it holds
// no words and no copy of the row's template. The reader's ticked boxes and focus stay where they are. Without
// JavaScript (or EventSource) the page is the plain page.
document.addEventListener('DOMContentLoaded', () => {
  const box = document.querySelector('.live[data-events]');
  if (!box || !('EventSource' in window)) return;
  const list = document.querySelector('ul.messages');
  const inserting = box.dataset.mode === 'insert' && list;
  const pageSize = Number(box.dataset.pageSize) || 50;
  const counts = JSON.parse(box.dataset.newCounts || '[]');
  const said = box.querySelector('.live-said');
  const fresh = box.querySelector('.live-new');
  const changedNotice = box.querySelector('.live-reset');
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const seen = new Set();
  let unseen = Number(box.dataset.unseen) || 0;
  let arrived = 0;

  const showTitle = () => {
    document.title = unseen > 0 ? box.dataset.titleUnread.replace('{count}', number.format(unseen)) : box.dataset.title;
  };
  showTitle();

  const element = (html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    return template.content.firstElementChild;
  };
  const rowOf = (uid) => document.getElementById(`m-${uid}`)?.closest('li.msg');
  // select.js and keys.js find rows when asked; this tells select.js to count its boxes again.
  const rowsChanged = () => list?.dispatchEvent(new CustomEvent('rows-changed', { bubbles: true }));
  // A row the reader is using (ticked, focused, current) is never the one taken away to keep the page's length.
  const inUse = (row) => row.contains(document.activeElement) || row.classList.contains('current') || row.querySelector('input[name=uid]')?.checked;
  const trim = () => {
    const rows = [...list.querySelectorAll('li.msg')];
    for (let i = rows.length - 1; i >= 0 && list.querySelectorAll('li.msg').length > pageSize; i--) if (!inUse(rows[i])) rows[i].remove();
  };

  const source = new EventSource(box.dataset.events);
  // The stream's state on the page (open, or waiting to reconnect), for styles and tests.
  source.addEventListener('open', () => (box.dataset.live = 'open'));
  source.addEventListener('error', () => (box.dataset.live = source.readyState === EventSource.CLOSED ? 'closed' : 'waiting'));
  source.addEventListener('added', (event) => {
    const data = JSON.parse(event.data);
    const rows = data.rows.filter((r) => !seen.has(r.uid) && !rowOf(r.uid));
    for (const r of rows) seen.add(r.uid);
    if (!rows.length) return;
    if (!inserting) {
      arrived += rows.length;
      fresh.querySelector('.live-new-text').textContent = counts[Math.min(arrived, counts.length) - 1];
      fresh.hidden = false;
      return;
    }
    // Newest first: the highest UID ends up on top.
    for (const r of rows.sort((a, b) => a.uid - b.uid)) {
      const row = element(r.html);
      row.classList.add('arrived');
      list.prepend(row);
    }
    trim();
    said.textContent = data.said;
    rowsChanged();
  });
  source.addEventListener('flags', (event) => {
    const data = JSON.parse(event.data);
    const row = rowOf(data.uid);
    if (!row) return;
    // Without the row from the server nothing here can redraw it: say the list changed.
    if (!data.html) return void (changedNotice.hidden = false);
    const next = element(data.html);
    for (const name of ['unread', 'read', 'flagged']) row.classList.toggle(name, next.classList.contains(name));
    // The link keeps its element (and the focus, if it has it); only what it holds is new.
    row.querySelector('a.open').replaceChildren(...next.querySelector('a.open').childNodes);
  });
  source.addEventListener('expunged', (event) => {
    for (const uid of JSON.parse(event.data).uids) {
      const row = rowOf(uid);
      if (!row) continue;
      if (row.contains(document.activeElement)) {
        const near = row.nextElementSibling || row.previousElementSibling;
        (near?.querySelector('a.open') || list).focus();
      }
      row.remove();
    }
    rowsChanged();
  });
  source.addEventListener('counts', (event) => {
    const data = JSON.parse(event.data);
    for (const folder of data.folders) {
      const link = document.querySelector(`nav.folders a[data-folder="${CSS.escape(folder.path)}"]`);
      if (!link) continue;
      let badge = link.parentElement.querySelector('.unseen');
      if (folder.unseen <= 0) {
        badge?.remove();
        continue;
      }
      if (!badge) {
        badge = document.createElement('span');
        badge.className = 'unseen';
        link.after(' ', badge);
      }
      badge.textContent = String(folder.unseen);
      badge.title = folder.title;
    }
    const heading = document.querySelector('.list-head .count');
    if (heading && data.heading) heading.textContent = data.heading;
    if (typeof data.unseen === 'number') {
      unseen = data.unseen;
      showTitle();
    }
  });
  source.addEventListener('reset', () => {
    changedNotice.hidden = false;
  });
});
