// Other accounts: while a fetch runs, the page asks /settings/accounts/progress every 1.5 s and moves each running
// account's progress bar and words in place; once a run it shows has ended, it reloads to show what the fetch came
// to. Without JavaScript the page reloads itself every few seconds instead (a <noscript> refresh in its head).
(() => {
  const shown = [...document.querySelectorAll('[data-account]')]
    .filter((box) => box.querySelector('[data-state="running"]'))
    .map((box) => box.dataset.account);
  if (!shown.length) return;
  const later = () => setTimeout(poll, 1500);
  async function poll() {
    let body;
    try {
      const res = await fetch('/settings/accounts/progress', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return later();
      body = await res.json();
    } catch {
      return later();
    }
    const running = new Map(body.accounts.map((a) => [a.id, a]));
    if (shown.some((id) => !running.has(id))) return location.reload();
    for (const id of shown) {
      const run = running.get(id);
      const box = document.querySelector(`[data-account="${CSS.escape(id)}"] [data-state]`);
      if (!box) continue;
      const text = box.querySelector('.state-text');
      if (text) text.textContent = run.text;
      const bar = box.querySelector('progress');
      if (bar && run.total) {
        bar.max = run.total;
        bar.value = run.done;
      }
    }
    later();
  }
  later();
})();
