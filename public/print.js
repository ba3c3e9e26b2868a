// A Print button where there is something to print (the message page); without script, the browser's own Print
// gives the same result through print.css.
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-print]')) {
    button.closest('[hidden]')?.removeAttribute('hidden');
    button.addEventListener('click', () => window.print());
  }
});
