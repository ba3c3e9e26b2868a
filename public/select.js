// Selecting in the mailbox list: the header checkbox ticks the whole page, Shift-click ticks a range, and once the
// whole page is ticked the "all N" choice appears (the server then picks every message of the folder or search).
// Without JavaScript, "Select all on this page" reloads the page with every box ticked and that choice shown.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form.bulk');
  const pageLabel = form?.querySelector('label.select-page');
  const pageBox = pageLabel?.querySelector('input');
  if (!form || !pageBox) return;
  const boxes = [...form.querySelectorAll('ul.messages input[name=uid]')];
  const allMatching = form.querySelector('.all-matching');
  const allBox = allMatching?.querySelector('input[name=all]');
  const pageLink = form.querySelector('.select-page-link');
  pageLabel.hidden = false;
  if (pageLink) pageLink.hidden = true;

  const sync = () => {
    const ticked = boxes.filter((b) => b.checked).length;
    pageBox.checked = ticked === boxes.length;
    pageBox.indeterminate = ticked > 0 && ticked < boxes.length;
    if (allMatching) {
      allMatching.hidden = ticked !== boxes.length;
      if (allMatching.hidden) allBox.checked = false;
    }
    for (const b of boxes) b.closest('li').classList.toggle('selected', b.checked);
  };
  pageBox.addEventListener('change', () => {
    for (const b of boxes) b.checked = pageBox.checked;
    sync();
  });
  let last;
  for (const box of boxes) {
    box.addEventListener('click', (event) => {
      if (event.shiftKey && last && last !== box) {
        const [from, to] = [boxes.indexOf(last), boxes.indexOf(box)].sort((a, b) => a - b);
        for (let i = from; i <= to; i++) boxes[i].checked = box.checked;
      }
      last = box;
      sync();
    });
  }
  sync();
});
