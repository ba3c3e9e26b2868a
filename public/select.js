// Selecting in the mailbox list: the header checkbox ticks the whole page, Shift-click ticks a range, and once the
// whole page is ticked the "all N" choice appears (the server then picks every message of the folder or search).
// Without JavaScript, "Select all on this page" reloads the page with every box ticked and that choice shown.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form.bulk');
  const pageLabel = form?.querySelector('label.select-page');
  const pageBox = pageLabel?.querySelector('input');
  if (!form || !pageBox) return;
  // Asked each time: the live list (live.js) adds and removes rows.
  const boxes = () => [...form.querySelectorAll('ul.messages input[name=uid]')];
  const allMatching = form.querySelector('.all-matching');
  const allBox = allMatching?.querySelector('input[name=all]');
  const pageLink = form.querySelector('.select-page-link');
  pageLabel.hidden = false;
  if (pageLink) pageLink.hidden = true;

  const sync = () => {
    const all = boxes();
    const ticked = all.filter((b) => b.checked).length;
    pageBox.checked = ticked === all.length;
    pageBox.indeterminate = ticked > 0 && ticked < all.length;
    if (allMatching) {
      allMatching.hidden = ticked !== all.length;
      if (allMatching.hidden) allBox.checked = false;
    }
    for (const b of all) b.closest('li').classList.toggle('selected', b.checked);
  };
  pageBox.addEventListener('change', () => {
    for (const b of boxes()) b.checked = pageBox.checked;
    sync();
  });
  let last;
  form.querySelector('ul.messages').addEventListener('click', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.name !== 'uid') return;
    const all = boxes();
    if (event.shiftKey && last && last !== box && all.includes(last)) {
      const [from, to] = [all.indexOf(last), all.indexOf(box)].sort((a, b) => a - b);
      for (let i = from; i <= to; i++) all[i].checked = box.checked;
    }
    last = box;
    sync();
  });
  form.addEventListener('rows-changed', sync);
  sync();
});
