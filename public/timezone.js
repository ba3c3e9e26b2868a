// Sends the browser's time zone once, when the page says none is chosen (<html data-timezone-unset>), so dates
// show in the reader's zone without a trip to Settings. The server stores it only while no zone is chosen, so a
// zone picked in the form is never replaced. Once per tab: a failure is not retried on every page.
(() => {
  const root = document.documentElement;
  if (!root.hasAttribute('data-timezone-unset')) return;
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  const sentKey = 'postern.timezone-sent';
  if (!token || !zone || sessionStorage.getItem(sentKey)) return;
  sessionStorage.setItem(sentKey, zone);
  // A page whose form the reader has started to fill in is not reloaded under their hands.
  let touched = false;
  document.addEventListener('input', () => { touched = true; }, { once: true });
  fetch('/settings/timezone', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token },
    body: new URLSearchParams({ timeZone: zone }),
    credentials: 'same-origin',
  }).then((res) => {
    // The dates on this page were written in UTC: show them again in the zone just stored.
    if (res.ok && !touched && root.getAttribute('data-timezone-unset') === 'reload') location.reload();
  }).catch(() => undefined);
})();
